// The dashboard's view of namespaces: enter switches to the namespace's pods.
import type {KindView} from '../types.js';

export const namespaceView: KindView = {drill: () => ({to: 'namespace'})};
