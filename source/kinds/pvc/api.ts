// A PersistentVolumeClaim in the API server: its volume mode and its validation, which a
// StatefulSet's claim templates share.
import type {KObject, PersistentVolumeClaim, StorageClass} from '../../cluster/types.js';
import type {AdmissionContext, KindApi} from '../types.js';
import {bytes} from '../../cluster/core/quantity.js';
import {errors} from '../../cluster/core/errors.js';
import {FieldErrors, type Obj, child, isObj, key, resourceList, sameValue} from '../shared/fields.js';
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

/**
 * A claim's spec is fixed once created; a bound claim may still change its requests (growing
 * only) and its volumeAttributesClassName.
 */
function validatePvcUpdate(e: FieldErrors, obj: Obj, old: Obj): void {
	const spec = isObj(obj.spec) ? obj.spec : {};
	const before = isObj(old.spec) ? old.spec : {};
	const bound = isObj(old.status) && old.status.phase === 'Bound';
	const comparable = (s: Obj): Obj => {
		const out: Obj = {...s};
		// the binder fills volumeName; an update that leaves it out keeps it
		if (s === spec && spec.volumeName === undefined) delete out.volumeName;
		if (s === before && spec.volumeName === undefined) delete out.volumeName;
		if (bound) {
			delete out.volumeAttributesClassName;
			const resources = isObj(s.resources) ? {...s.resources} : {};
			delete resources.requests;
			out.resources = resources;
		}
		return out;
	};
	if (!sameValue(comparable(spec), comparable(before))) {
		e.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
		return;
	}
	if (!bound) return;
	const now = resourceList(new FieldErrors(), isObj(spec.resources) ? spec.resources.requests : undefined, 'spec.resources.requests', false);
	const was = resourceList(new FieldErrors(), isObj(before.resources) ? before.resources.requests : undefined, 'spec.resources.requests', false);
	const storage = now.get('storage');
	const previous = was.get('storage');
	if (storage && previous && storage.value < previous.value) e.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity');
}

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

/** The PVC-protection finalizer (a claim in use by a pod outlives its deletion), and the Pending phase. */
function admitClaim(obj: KObject): void {
	const finalizers = obj.metadata.finalizers ?? [];
	if (!finalizers.includes(PVC_PROTECTION)) obj.metadata.finalizers = [...finalizers, PVC_PROTECTION];
	const pvc = obj as PersistentVolumeClaim;
	pvc.status = {...pvc.status, phase: pvc.status?.phase ?? 'Pending'};
}

/**
 * The PersistentVolumeClaimResize admission plugin: a bound claim may ask for more storage only
 * when its StorageClass allows volume expansion.
 */
function admitResize(old: KObject, obj: KObject, ctx: AdmissionContext): void {
	const was = old as PersistentVolumeClaim;
	const pvc = obj as PersistentVolumeClaim;
	if (was.status?.phase !== 'Bound') return;
	const before = bytes(was.spec?.resources?.requests?.storage);
	if (bytes(pvc.spec?.resources?.requests?.storage) <= before) return;
	const className = pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
	const sc = className ? (ctx.read.get('StorageClass', undefined, className) as StorageClass | undefined) : undefined;
	if (!sc?.allowVolumeExpansion) throw errors.forbidden('persistentvolumeclaims', pvc.metadata.name, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
}

export const pvcApi: KindApi = {
	defaults: specDefaults(spec => dflt(spec, 'volumeMode', 'Filesystem')),
	validate: (e, obj) => pvcSpec(e, obj.spec, 'spec'),
	validateUpdate: validatePvcUpdate,
	admitCreate: admitClaim,
	admitUpdate: admitResize,
};
