// Conversions between served and stored versions are part of each kind's module (KindInfo
// `versions`); the HPA's autoscaling/v1 lives in source/kinds/hpa/conversion.ts.
export type {ServedVersion as Conversion} from '../kinds/types.js';
export {hpaFromV1, hpaToV1} from '../kinds/hpa/conversion.js';
