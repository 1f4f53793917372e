// storage.k8s.io/v1 StorageClasses and core/v1 PersistentVolumes.
import type {NodeSelectorTerm, ObjectReference, PersistentVolumeAccessMode, ResourceList} from './core.js';
import type {KObject} from './meta.js';

export type ReclaimPolicy = 'Retain' | 'Delete' | 'Recycle';
export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

export interface StorageClass extends KObject {
	kind: 'StorageClass';
	provisioner: string;
	parameters?: Record<string, string>;
	reclaimPolicy?: ReclaimPolicy;
	mountOptions?: string[];
	allowVolumeExpansion?: boolean;
	volumeBindingMode?: VolumeBindingMode;
	allowedTopologies?: Array<{matchLabelExpressions?: Array<{key: string; values: string[]}>}>;
}

export interface PersistentVolumeSpec {
	capacity?: ResourceList;
	accessModes?: PersistentVolumeAccessMode[];
	claimRef?: ObjectReference;
	persistentVolumeReclaimPolicy?: ReclaimPolicy;
	storageClassName?: string;
	mountOptions?: string[];
	volumeMode?: 'Filesystem' | 'Block';
	nodeAffinity?: {required?: {nodeSelectorTerms: NodeSelectorTerm[]}};
	volumeAttributesClassName?: string;
	hostPath?: {path: string; type?: string};
	local?: {path: string; fsType?: string};
	nfs?: {server: string; path: string; readOnly?: boolean};
	csi?: {driver: string; volumeHandle: string; fsType?: string; readOnly?: boolean; volumeAttributes?: Record<string, string>};
	[source: string]: unknown;
}

export interface PersistentVolumeStatus {
	phase?: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
	message?: string;
	reason?: string;
	lastPhaseTransitionTime?: string;
}

export interface PersistentVolume extends KObject {
	kind: 'PersistentVolume';
	spec: PersistentVolumeSpec;
	status?: PersistentVolumeStatus;
}
