// A StorageClass in the API server: its defaults (reclaim policy Delete, binding mode
// Immediate), the fields it must have, and the ones that never change once created.
import type {KObject, PersistentVolumeClaim} from '../../cluster/types.js';
import type {AdmissionPlugin, KindApi} from '../types.js';
import {type FieldErrors, type Obj, sameValue} from '../shared/fields.js';
import {dflt} from '../shared/defaults.js';
import {isQualifiedName} from '../shared/formats.js';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';

/** Whether a class is marked as the cluster's default (either annotation, "true"). */
export function isDefaultClass(sc: KObject): boolean {
	const a = sc.metadata.annotations ?? {};
	return a[DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

function validate(e: FieldErrors, obj: Obj): void {
	const provisioner = e.str(obj.provisioner, 'provisioner');
	if (!provisioner) e.required('provisioner');
	else if (provisioner.length > 63) e.tooLong('provisioner', 'may not be more than 63 bytes');
	else e.each('provisioner', provisioner, isQualifiedName(provisioner.toLowerCase()));
	e.strMap(obj.parameters, 'parameters');
	e.oneOf(obj.reclaimPolicy, 'reclaimPolicy', ['Delete', 'Retain']);
	e.oneOf(obj.volumeBindingMode, 'volumeBindingMode', ['Immediate', 'WaitForFirstConsumer']);
	e.bool(obj.allowVolumeExpansion, 'allowVolumeExpansion');
	e.strList(obj.mountOptions, 'mountOptions');
}

function validateUpdate(e: FieldErrors, obj: Obj, old: KObject): void {
	const before = old as unknown as Obj;
	if (!sameValue(obj.parameters ?? {}, before.parameters ?? {})) e.forbidden('parameters', 'updates to parameters are forbidden.');
	if (obj.provisioner !== before.provisioner) e.forbidden('provisioner', 'updates to provisioner are forbidden.');
	if (obj.reclaimPolicy !== before.reclaimPolicy) e.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.');
	if (obj.volumeBindingMode !== before.volumeBindingMode) e.invalid('volumeBindingMode', obj.volumeBindingMode, 'field is immutable');
}

export const storageClassApi: KindApi = {
	defaults(obj) {
		dflt(obj, 'reclaimPolicy', 'Delete');
		dflt(obj, 'volumeBindingMode', 'Immediate');
	},
	validate,
	validateUpdate,
};

/**
 * The DefaultStorageClass admission: a new claim that names no class (the field absent, not
 * empty) gets the default one; of several defaults, the newest.
 */
export const defaultStorageClass: AdmissionPlugin = {
	name: 'DefaultStorageClass',
	order: 40,
	mutate(req, ctx) {
		if (req.operation !== 'CREATE' || req.kind.kind !== 'PersistentVolumeClaim') return;
		const claim = req.obj as PersistentVolumeClaim;
		if (claim.spec?.storageClassName !== undefined && claim.spec.storageClassName !== null) return;
		if (claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return;
		const chosen = defaultClassOf(ctx.read.list('StorageClass'));
		if (chosen) claim.spec = {...claim.spec, storageClassName: chosen.metadata.name};
	},
};

/** The default class among `classes`: the newest marked one (by creation time, then name). */
export function defaultClassOf(classes: readonly KObject[]): KObject | undefined {
	let best: KObject | undefined;
	for (const sc of classes) {
		if (!isDefaultClass(sc)) continue;
		if (!best || (sc.metadata.creationTimestamp ?? '') > (best.metadata.creationTimestamp ?? '') || ((sc.metadata.creationTimestamp ?? '') === (best.metadata.creationTimestamp ?? '') && sc.metadata.name < best.metadata.name)) best = sc;
	}
	return best;
}
