// The VolumeBinding plugin: a pod's claims must exist and not be going away; claims of
// Immediate classes must already be bound; claims of WaitForFirstConsumer classes are bound on
// scheduling: the chosen node is written on them (volume.kubernetes.io/selected-node) for the
// PersistentVolume controller and its provisioner. Also a bound volume's node affinity must
// admit the node.
import type {NodeSelectorTerm, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass} from '../types.js';
import type {ApiServer} from '../api/apiserver.js';
import type {Store} from '../store/store.js';
import type {NodeInfo} from './nodeinfo.js';
import {fromLabelSelector, matches} from '../core/selectors.js';

export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** The kinds whose changes the plugin's answers depend on. */
export const VOLUME_KINDS = ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'];

export interface PodVolumes {
	/** Why no node can take the pod whatever it is (missing or unbound immediate claims). */
	unresolvable?: string;
	/** Claims to mark with the chosen node. */
	delayed: PersistentVolumeClaim[];
	/** Node affinity of the volumes already bound. */
	affinity: NodeSelectorTerm[][];
}

function className(pvc: PersistentVolumeClaim): string {
	return pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
}

/** The PreFilter step; undefined for a pod without claims. */
export function podVolumes(pod: Pod, store: Store): PodVolumes | undefined {
	let out: PodVolumes | undefined;
	for (const v of pod.spec.volumes ?? []) {
		const name = v.persistentVolumeClaim?.claimName;
		if (!name) continue;
		out ??= {delayed: [], affinity: []};
		const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', pod.metadata.namespace, name);
		if (!pvc) return {...out, unresolvable: `persistentvolumeclaim "${name}" not found`};
		if (pvc.status?.phase === 'Lost') return {...out, unresolvable: `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`};
		if (pvc.metadata.deletionTimestamp) return {...out, unresolvable: `persistentvolumeclaim "${name}" is being deleted`};
		if (pvc.status?.phase === 'Bound' && pvc.spec?.volumeName) {
			const pv = store.get<PersistentVolume>('PersistentVolume', undefined, pvc.spec.volumeName);
			const terms = pv?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
			if (terms?.length) out.affinity.push(terms);
			continue;
		}
		const cls = className(pvc);
		const sc = cls ? store.get<StorageClass>('StorageClass', undefined, cls) : undefined;
		if (sc?.volumeBindingMode === 'WaitForFirstConsumer') out.delayed.push(pvc);
		else out.unresolvable = 'pod has unbound immediate PersistentVolumeClaims';
	}
	return out;
}

function termMatches(term: NodeSelectorTerm, n: NodeInfo): boolean {
	const exprs = term.matchExpressions ?? [];
	if (!exprs.length) return false;
	return matches(fromLabelSelector({matchExpressions: exprs}), n.labels);
}

/** The Filter step: the bound volumes' node affinity. */
export function volumeFilter(v: PodVolumes, n: NodeInfo): string[] | null {
	for (const terms of v.affinity) if (!terms.some(t => termMatches(t, n))) return ["node(s) had volume node affinity conflict"];
	return null;
}

/** The PreBind step: the delayed claims learn the node the pod goes to. */
export function bindVolumes(v: PodVolumes, node: string, api: ApiServer): void {
	for (const pvc of v.delayed) {
		const current = api.find<PersistentVolumeClaim>('PersistentVolumeClaim', pvc.metadata.namespace, pvc.metadata.name);
		if (!current || current.metadata.annotations?.[SELECTED_NODE] === node) continue;
		api.replace(current, {...current, metadata: {...current.metadata, annotations: {...current.metadata.annotations, [SELECTED_NODE]: node}}});
	}
}
