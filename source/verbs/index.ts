// kubectl's verbs, each computed once: the embedded client, the kubeconfig client and the
// simulator's own face call these same functions.
export {PATCH_CONTENT_TYPES, VerbError, kindLabel, mustKind, rfc3339, type PatchType, type Propagation, type VerbBackend} from './backend.js';
export {apply, applyManifests, LAST_APPLIED, type ApplyResult} from './apply.js';
export {history, restart, rollback, revisions, rollbackChange, restartPatch, CHANGE_CAUSE, RESTARTED_AT, type Revision} from './rollout.js';
export {setImage, setImagePatch, podSpecOf, podSpecPath} from './image.js';
export {cordon, cordonPatch, drain, drainEvicts} from './node.js';
export {remove, scale} from './workload.js';
export {label, labelChange, parseLabels, parseTaints, taint, taintChange, type LabelChanges, type TaintChanges} from './label.js';
