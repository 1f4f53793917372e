// node.k8s.io/v1 RuntimeClasses.
import type {ResourceList, Toleration} from './core.js';
import type {KObject} from './meta.js';

export interface RuntimeClass extends KObject {
	kind: 'RuntimeClass';
	/** The CRI runtime handler the node's containerd runs the pod's containers with (`runc`, `runsc`, `kata`). */
	handler: string;
	overhead?: {podFixed?: ResourceList};
	scheduling?: {nodeSelector?: Record<string, string>; tolerations?: Toleration[]};
}
