// A StatefulSet in the API server: its defaults (OrderedReady, RollingUpdate from partition 0,
// claims retained) and its validation, claim templates included.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, child, intOrPercent, isObj, notMoreThan100Percent, percentValue, sameValue, specRules} from '../shared/fields.js';
import {isDNS1123Label, isDNS1123Subdomain} from '../shared/formats.js';
import {dflt, objAt, rollingUpdateDefaults, objects, specDefaults, templateDefaults} from '../shared/defaults.js';
import {selectorAndTemplate} from '../shared/podspec.js';
import {pvcSpec} from '../pvc/api.js';

function statefulSetDefaults(spec: Obj): void {
	dflt(spec, 'replicas', 1);
	dflt(spec, 'podManagementPolicy', 'OrderedReady');
	rollingUpdateDefaults(spec, 'updateStrategy', {partition: 0});
	dflt(spec, 'revisionHistoryLimit', 10);
	const retention = objAt(spec, 'persistentVolumeClaimRetentionPolicy');
	if (retention) {
		dflt(retention, 'whenDeleted', 'Retain');
		dflt(retention, 'whenScaled', 'Retain');
	}
	for (const t of objects(spec.volumeClaimTemplates)) {
		if (isObj(t.spec)) dflt(t.spec, 'volumeMode', 'Filesystem');
	}
	templateDefaults(spec);
}

function validateStatefulSet(e: FieldErrors, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	const claims = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [])
		.map(t => (isObj(t) && isObj(t.metadata) ? t.metadata.name : undefined))
		.filter((n): n is string => typeof n === 'string' && n !== '');
	selectorAndTemplate(e, spec, 'StatefulSet', 'Workload', true, claims);
	const svc = e.str(spec.serviceName, 'spec.serviceName');
	if (svc) e.each('spec.serviceName', svc, isDNS1123Label(svc));
	const pmp = e.str(spec.podManagementPolicy, 'spec.podManagementPolicy');
	if (pmp !== undefined && pmp !== '' && pmp !== 'OrderedReady' && pmp !== 'Parallel') {
		e.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'");
	}
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
	e.nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
	const p = 'spec.updateStrategy';
	const s = e.obj(spec.updateStrategy, p);
	if (s) {
		const type = e.str(s.type, child(p, 'type'));
		const rp = child(p, 'rollingUpdate');
		if (type !== undefined && type !== '' && type !== 'RollingUpdate' && type !== 'OnDelete') {
			e.notSupported(child(p, 'type'), type, ['OnDelete', 'RollingUpdate']);
		} else if (type === 'OnDelete' && s.rollingUpdate !== undefined && s.rollingUpdate !== null) {
			e.invalid(rp, s.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'");
		} else {
			const r = e.obj(s.rollingUpdate, rp);
			if (r) {
				e.nonNegative(r.partition, child(rp, 'partition'));
				if (r.maxUnavailable !== undefined && r.maxUnavailable !== null) {
					const before = e.list.length;
					const mu = intOrPercent(e, r.maxUnavailable, child(rp, 'maxUnavailable'));
					if (e.list.length === before && percentValue(mu) === 0) e.invalid(child(rp, 'maxUnavailable'), mu, 'must be greater than 0');
					notMoreThan100Percent(e, mu, child(rp, 'maxUnavailable'));
				}
			}
		}
	}
	const retention = e.obj(spec.persistentVolumeClaimRetentionPolicy, 'spec.persistentVolumeClaimRetentionPolicy');
	if (retention) {
		for (const f of ['whenDeleted', 'whenScaled']) e.oneOf(retention[f], `spec.persistentVolumeClaimRetentionPolicy.${f}`, ['Retain', 'Delete']);
	}
	const ordinals = e.obj(spec.ordinals, 'spec.ordinals');
	if (ordinals) e.nonNegative(ordinals.start, 'spec.ordinals.start');
	const seen = new Set<string>();
	for (const [t, tp] of e.objList(spec.volumeClaimTemplates, 'spec.volumeClaimTemplates')) {
		const meta = e.obj(t.metadata, child(tp, 'metadata'));
		const name = meta ? e.str(meta.name, child(tp, 'metadata.name')) : undefined;
		if (!name) e.required(child(tp, 'metadata.name'));
		else if (e.each(child(tp, 'metadata.name'), name, isDNS1123Subdomain(name))) {
			if (seen.has(name)) e.duplicate(child(tp, 'metadata.name'), name);
			seen.add(name);
		}
		pvcSpec(e, t.spec, child(tp, 'spec'));
	}
}

/** The spec fields an update may change; any other change is forbidden. */
const MUTABLE_SPEC = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

function validateStatefulSetUpdate(e: FieldErrors, obj: Obj, old: Obj): void {
	const rest = (o: Obj) => Object.fromEntries(Object.entries(isObj(o.spec) ? o.spec : {}).filter(([k]) => !MUTABLE_SPEC.includes(k)));
	if (!sameValue(rest(obj), rest(old)))
		e.forbidden('spec', `updates to statefulset spec for fields other than ${MUTABLE_SPEC.slice(0, -1).map(f => `'${f}'`).join(', ')} and '${MUTABLE_SPEC.at(-1)}' are forbidden`);
}

export const statefulSetApi: KindApi = {
	defaults: specDefaults(statefulSetDefaults),
	validate: specRules(validateStatefulSet),
	validateUpdate: validateStatefulSetUpdate,
};
