// A DaemonSet in the API server: its defaults (RollingUpdate, one unavailable at a time), its
// validation, and a selector that never changes.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, child, intOrPercent, notMoreThan100Percent, percentValue, specRules} from '../shared/fields.js';
import {dflt, rollingUpdateDefaults, specDefaults, templateDefaults} from '../shared/defaults.js';
import {immutableSelector} from '../shared/meta.js';
import {selectorAndTemplate} from '../shared/podspec.js';

function daemonSetDefaults(spec: Obj): void {
	rollingUpdateDefaults(spec, 'updateStrategy', {maxUnavailable: 1, maxSurge: 0});
	dflt(spec, 'revisionHistoryLimit', 10);
	templateDefaults(spec);
}

function validateDaemonSet(e: FieldErrors, spec: Obj): void {
	selectorAndTemplate(e, spec, 'DaemonSet', 'Workload', true);
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
	e.nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
	const p = 'spec.updateStrategy';
	const s = e.obj(spec.updateStrategy, p);
	if (!s) return;
	const type = e.str(s.type, child(p, 'type'));
	if (type !== undefined && type !== '' && type !== 'RollingUpdate' && type !== 'OnDelete') {
		e.notSupported(child(p, 'type'), type, ['OnDelete', 'RollingUpdate']);
		return;
	}
	if (type === 'OnDelete') return;
	const rp = child(p, 'rollingUpdate');
	const r = e.obj(s.rollingUpdate, rp);
	if (!r) return;
	const before = e.list.length;
	const unavailable = intOrPercent(e, r.maxUnavailable, child(rp, 'maxUnavailable'));
	const surge = intOrPercent(e, r.maxSurge, child(rp, 'maxSurge'));
	if (e.list.length !== before) return;
	// Unset, maxUnavailable is 1 and maxSurge 0.
	if ((percentValue(unavailable) ?? 1) === 0 && (percentValue(surge) ?? 0) === 0) {
		e.invalid(child(rp, 'maxUnavailable'), unavailable, 'may not be 0 when `maxSurge` is 0');
	}
	notMoreThan100Percent(e, unavailable, child(rp, 'maxUnavailable'));
	notMoreThan100Percent(e, surge, child(rp, 'maxSurge'));
}

export const daemonSetApi: KindApi = {
	defaults: specDefaults(daemonSetDefaults),
	validate: specRules(validateDaemonSet),
	validateUpdate: immutableSelector,
};
