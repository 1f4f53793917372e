// The shapes of Kubernetes objects as the simulator stores them: plain JSON, the same
// field names as the real API. Only the fields the simulator reads are typed; everything
// else passes through untouched. One file per API group under types/.
export type * from './types/meta.js';
export type * from './types/core.js';
export type * from './types/apps.js';
export type * from './types/batch.js';
export type * from './types/autoscaling.js';
export type * from './types/policy.js';
export type * from './types/discovery.js';
export type * from './types/coordination.js';
export type * from './types/networking.js';
export type * from './types/rbac.js';
export type * from './types/certificates.js';
export type * from './types/storage.js';
export type * from './types/scheduling.js';
export type * from './types/runtimeclass.js';
export type * from './types/quota.js';
export type * from './types/kinds.js';
