// A PersistentVolume in the API server: defaults (reclaim policy Retain, volume mode
// Filesystem), validation (capacity, access modes, exactly one volume source), the
// pv-protection finalizer and the Pending status it is created with.
import type {KObject, PersistentVolume} from '../../cluster/types.js';
import type {AdmissionContext, KindApi} from '../types.js';
import {type FieldErrors, type Obj, child, isObj, key, resourceList} from '../shared/fields.js';
import {dflt, objAt} from '../shared/defaults.js';
import {isDNS1123Subdomain} from '../shared/formats.js';

export const PV_PROTECTION = 'kubernetes.io/pv-protection';
const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
/** The volume sources the simulator knows a PersistentVolume may name (one of them, exactly). */
const SOURCES = [
	'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk',
	'glusterfs', 'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO',
	'storageos', 'vsphereVolume',
];

/** The volume source a PersistentVolume names, if any. */
export function volumeSource(spec: Obj | undefined): string | undefined {
	return SOURCES.find(s => spec && isObj(spec[s]));
}

function validate(e: FieldErrors, obj: Obj): void {
	const spec = e.obj(obj.spec, 'spec') ?? {};
	const modes = e.strList(spec.accessModes, 'spec.accessModes');
	if (!modes || modes.length === 0) e.required('spec.accessModes');
	for (const m of modes ?? []) if (!ACCESS_MODES.includes(m)) e.notSupported('spec.accessModes', m, ACCESS_MODES);
	const capacity = resourceList(e, spec.capacity, 'spec.capacity', false);
	if (!isObj(spec.capacity) || !Object.keys(spec.capacity).length) e.required('spec.capacity');
	else if (!capacity.has('storage') && (spec.capacity as Obj).storage === undefined) e.notSupported(key('spec.capacity', Object.keys(spec.capacity)[0]!), Object.keys(spec.capacity)[0], ['storage']);
	else {
		const storage = capacity.get('storage');
		if (storage && storage.value <= 0) e.invalid(key('spec.capacity', 'storage'), storage.text, 'must be greater than zero');
	}
	const sources = SOURCES.filter(s => spec[s] !== undefined && spec[s] !== null);
	if (sources.length === 0) e.required('spec', 'must specify a volume type');
	else if (sources.length > 1) e.forbidden(child('spec', sources[1]!), 'may not specify more than 1 volume type');
	if (isObj(spec.hostPath)) {
		const path = e.str(spec.hostPath.path, 'spec.hostPath.path');
		if (!path) e.required('spec.hostPath.path');
	}
	if (isObj(spec.local) && !spec.local.path) e.required('spec.local.path');
	if (isObj(spec.local) && !spec.nodeAffinity) e.required('spec.nodeAffinity', 'Local volume requires node affinity');
	e.oneOf(spec.persistentVolumeReclaimPolicy, 'spec.persistentVolumeReclaimPolicy', ['Delete', 'Recycle', 'Retain']);
	e.oneOf(spec.volumeMode, 'spec.volumeMode', ['Block', 'Filesystem']);
	const cls = e.str(spec.storageClassName, 'spec.storageClassName');
	if (cls) e.each('spec.storageClassName', cls, isDNS1123Subdomain(cls));
	e.obj(spec.claimRef, 'spec.claimRef');
}

/** The PV-protection finalizer, and the Pending phase a new volume starts in. */
function admitCreate(pv: KObject, ctx: AdmissionContext): void {
	const finalizers = pv.metadata.finalizers ?? [];
	if (!finalizers.includes(PV_PROTECTION)) pv.metadata.finalizers = [...finalizers, PV_PROTECTION];
	(pv as PersistentVolume).status = {phase: 'Pending', lastPhaseTransitionTime: new Date(Math.floor(ctx.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z')};
}

export const persistentVolumeApi: KindApi = {
	defaults(obj) {
		const spec = objAt(obj, 'spec');
		if (!spec) return;
		dflt(spec, 'persistentVolumeReclaimPolicy', 'Retain');
		dflt(spec, 'volumeMode', 'Filesystem');
		if (isObj(spec.hostPath)) dflt(spec.hostPath, 'type', '');
	},
	validate,
	admitCreate,
};
