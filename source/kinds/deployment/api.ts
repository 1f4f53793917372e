// A Deployment in the API server: its defaults (RollingUpdate 25%/25%, ten revisions, 600 s
// progress deadline), its validation, and a selector that never changes.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, child, intOrPercent, notMoreThan100Percent, percentValue, specRules} from '../shared/fields.js';
import {dflt, rollingUpdateDefaults, specDefaults, templateDefaults} from '../shared/defaults.js';
import {immutableSelector} from '../shared/meta.js';
import {selectorAndTemplate} from '../shared/podspec.js';

function deploymentDefaults(spec: Obj): void {
	dflt(spec, 'replicas', 1);
	rollingUpdateDefaults(spec, 'strategy', {maxUnavailable: '25%', maxSurge: '25%'});
	dflt(spec, 'revisionHistoryLimit', 10);
	dflt(spec, 'progressDeadlineSeconds', 600);
	templateDefaults(spec);
}

function deploymentStrategy(e: FieldErrors, raw: unknown): void {
	const p = 'spec.strategy';
	const s = e.obj(raw, p);
	if (!s) return;
	const type = e.str(s.type, child(p, 'type'));
	const ru = s.rollingUpdate;
	if (type === 'Recreate') {
		if (ru !== undefined && ru !== null) e.forbidden(child(p, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'");
		return;
	}
	if (type !== undefined && type !== '' && type !== 'RollingUpdate') {
		e.notSupported(child(p, 'type'), type, ['Recreate', 'RollingUpdate']);
		return;
	}
	const r = e.obj(ru, child(p, 'rollingUpdate'));
	if (!r) return;
	const rp = child(p, 'rollingUpdate');
	const before = e.list.length;
	const unavailable = intOrPercent(e, r.maxUnavailable, child(rp, 'maxUnavailable'));
	const surge = intOrPercent(e, r.maxSurge, child(rp, 'maxSurge'));
	if (e.list.length !== before) return;
	if (percentValue(unavailable) === 0 && percentValue(surge) === 0) {
		e.invalid(child(rp, 'maxUnavailable'), unavailable, 'may not be 0 when `maxSurge` is 0');
	}
	notMoreThan100Percent(e, unavailable, child(rp, 'maxUnavailable'));
}

function validateDeployment(e: FieldErrors, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	selectorAndTemplate(e, spec, 'Deployment', 'Workload', true);
	deploymentStrategy(e, spec.strategy);
	const minReady = e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds') ?? 0;
	e.nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
	const deadline = e.nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds');
	if (deadline !== undefined && deadline >= 0 && deadline <= minReady) {
		e.invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds');
	}
	e.bool(spec.paused, 'spec.paused');
}

export const deploymentApi: KindApi = {
	defaults: specDefaults(deploymentDefaults),
	validate: specRules(validateDeployment),
	validateUpdate: immutableSelector,
};
