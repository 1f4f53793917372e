// A PersistentVolumeClaim in the API server: its volume mode and its validation, which a
// StatefulSet's claim templates share.
import type {KObject, PersistentVolumeClaim} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {FieldErrors, child, isObj, key, resourceList} from '../shared/fields.js';
import {isDNS1123Subdomain} from '../shared/formats.js';
import {dflt, specDefaults} from '../shared/defaults.js';
import {labelSelector} from '../shared/meta.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** A PersistentVolumeClaimSpec at `p` (`spec`, or a claim template's). */
export function pvcSpec(e: FieldErrors, raw: unknown, p: string): void {
	const spec = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!spec) return;
	const modes = e.strList(spec.accessModes, child(p, 'accessModes'));
	if (!modes || modes.length === 0) e.required(child(p, 'accessModes'), 'at least 1 access mode is required');
	for (const m of modes ?? []) if (!ACCESS_MODES.includes(m)) e.notSupported(child(p, 'accessModes'), m, ACCESS_MODES);
	const rp = child(p, 'resources');
	const res = e.obj(spec.resources, rp);
	const requests = res ? resourceList(e, res.requests, child(rp, 'requests'), false) : new Map();
	const storage = requests.get('storage');
	const rawStorage = res && isObj(res.requests) ? res.requests.storage : undefined;
	if (rawStorage === undefined || rawStorage === null) e.required(key(rp, 'storage'));
	else if (storage && storage.value <= 0) e.invalid(key(rp, 'storage'), storage.text, 'must be greater than zero');
	e.oneOf(spec.volumeMode, child(p, 'volumeMode'), ['Block', 'Filesystem']);
	const cls = e.str(spec.storageClassName, child(p, 'storageClassName'));
	if (cls) e.each(child(p, 'storageClassName'), cls, isDNS1123Subdomain(cls));
	e.str(spec.volumeName, child(p, 'volumeName'));
	labelSelector(e, spec.selector, child(p, 'selector'));
}

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

/** The PVC-protection finalizer (a claim in use by a pod outlives its deletion), and the Pending phase. */
function admitClaim(obj: KObject): void {
	const finalizers = obj.metadata.finalizers ?? [];
	if (!finalizers.includes(PVC_PROTECTION)) obj.metadata.finalizers = [...finalizers, PVC_PROTECTION];
	const pvc = obj as PersistentVolumeClaim;
	pvc.status = {...pvc.status, phase: pvc.status?.phase ?? 'Pending'};
}

export const pvcApi: KindApi = {
	defaults: specDefaults(spec => dflt(spec, 'volumeMode', 'Filesystem')),
	validate: (e, obj) => pvcSpec(e, obj.spec, 'spec'),
	admitCreate: admitClaim,
};
