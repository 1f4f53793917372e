// A HorizontalPodAutoscaler (autoscaling/v2) in the API server: its defaults (one replica at
// least, 80% CPU, the scaling rules when a behavior is given) and its validation.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, child, isObj, isValidQuantity, quantityString, specRules} from '../shared/fields.js';
import {QUANTITY_MESSAGE, isDNS1123Label, isPathSegmentName} from '../shared/formats.js';
import {dflt, specDefaults} from '../shared/defaults.js';
import {labelSelector} from '../shared/meta.js';
import {parseQuantity} from '../../cluster/core/quantity.js';

function scalingRulesDefaults(rules: Obj | undefined, up: boolean): Obj {
	const r = rules ?? {};
	dflt(r, 'stabilizationWindowSeconds', up ? 0 : 300);
	dflt(r, 'selectPolicy', 'Max');
	dflt(
		r,
		'policies',
		up
			? [
					{type: 'Pods', value: 4, periodSeconds: 15},
					{type: 'Percent', value: 100, periodSeconds: 15},
				]
			: [{type: 'Percent', value: 100, periodSeconds: 15}],
	);
	return r;
}

function hpaDefaults(spec: Obj): void {
	dflt(spec, 'minReplicas', 1);
	if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
		spec.metrics = [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}}];
	}
	// Behavior is only completed when given, as the API server does.
	if (isObj(spec.behavior)) {
		spec.behavior.scaleUp = scalingRulesDefaults(isObj(spec.behavior.scaleUp) ? spec.behavior.scaleUp : undefined, true);
		spec.behavior.scaleDown = scalingRulesDefaults(isObj(spec.behavior.scaleDown) ? spec.behavior.scaleDown : undefined, false);
	}
}

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const METRIC_SOURCE_FIELD: Record<string, string> = {
	Object: 'object',
	Pods: 'pods',
	Resource: 'resource',
	ContainerResource: 'containerResource',
	External: 'external',
};

function metricTarget(e: FieldErrors, raw: unknown, p: string): Obj {
	const t = raw === undefined || raw === null ? {} : e.obj(raw, p) ?? {};
	const type = e.str(t.type, child(p, 'type'));
	if (!type) e.required(child(p, 'type'), 'must specify a metric target type');
	if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
		e.invalid(child(p, 'type'), type ?? '', 'must be either Utilization, Value, or AverageValue');
	}
	for (const f of ['value', 'averageValue']) {
		const q = t[f];
		if (q === undefined || q === null) continue;
		if ((typeof q !== 'string' && typeof q !== 'number') || !isValidQuantity(q)) e.invalid(child(p, f), q, QUANTITY_MESSAGE);
		else if (!(parseQuantity(q) > 0)) e.invalid(child(p, f), quantityString(q), 'must be positive');
	}
	const util = e.int(t.averageUtilization, child(p, 'averageUtilization'));
	if (util !== undefined && util < 1) e.invalid(child(p, 'averageUtilization'), util, 'must be greater than 0');
	return t;
}

function metricIdentifier(e: FieldErrors, raw: unknown, p: string): void {
	const m = raw === undefined || raw === null ? {} : e.obj(raw, p) ?? {};
	const name = e.str(m.name, child(p, 'name'));
	if (!name) e.required(child(p, 'name'), 'must specify a metric name');
	else e.each(child(p, 'name'), name, isPathSegmentName(name));
	labelSelector(e, m.selector, child(p, 'selector'));
}

/** One of two target fields and not both: the first is reported as required when neither is set, the second as forbidden when both are. */
function oneOfTwo(e: FieldErrors, t: Obj, sp: string, [a, b]: [string, string], either: string, both: string): void {
	const hasA = t[a] !== undefined && t[a] !== null;
	const hasB = t[b] !== undefined && t[b] !== null;
	if (!hasA && !hasB) e.required(child(sp, `target.${a}`), `must set either ${either}`);
	if (hasA && hasB) e.forbidden(child(sp, `target.${b}`), `may not set both ${both}`);
}

function metricSpec(e: FieldErrors, m: Obj, p: string): void {
	const type = e.str(m.type, child(p, 'type'));
	if (!type) {
		e.required(child(p, 'type'), 'must specify a metric source type');
	} else if (!METRIC_TYPES.includes(type)) {
		e.notSupported(child(p, 'type'), type, METRIC_TYPES);
	}
	const expected = type ? METRIC_SOURCE_FIELD[type] : undefined;
	for (const f of Object.values(METRIC_SOURCE_FIELD)) {
		if (f !== expected && m[f] !== undefined && m[f] !== null) e.forbidden(child(p, f), 'must populate the given metric source only');
	}
	if (!expected) return;
	const sp = child(p, expected);
	if (m[expected] === undefined || m[expected] === null) {
		e.required(sp, 'must populate information for the given metric source');
		return;
	}
	const src = e.obj(m[expected], sp);
	if (!src) return;
	switch (type) {
		case 'Resource':
		case 'ContainerResource': {
			const name = e.str(src.name, child(sp, 'name'));
			if (!name) e.required(child(sp, 'name'), 'must specify a resource name');
			if (type === 'ContainerResource') {
				const c = e.str(src.container, child(sp, 'container'));
				if (!c) e.required(child(sp, 'container'), 'must specify a container');
				else e.each(child(sp, 'container'), c, isDNS1123Label(c));
			}
			const t = metricTarget(e, src.target, child(sp, 'target'));
			oneOfTwo(e, t, sp, ['averageUtilization', 'averageValue'], 'a target raw value or a target utilization', 'a target raw value and a target utilization');
			break;
		}
		case 'Pods': {
			metricIdentifier(e, src.metric, child(sp, 'metric'));
			const t = metricTarget(e, src.target, child(sp, 'target'));
			if (t.averageValue === undefined || t.averageValue === null) {
				e.required(child(sp, 'target.averageValue'), 'must specify a positive target averageValue');
			}
			break;
		}
		case 'Object': {
			const dp = child(sp, 'describedObject');
			const d = e.obj(src.describedObject, dp) ?? {};
			for (const f of ['kind', 'name']) {
				const v = e.str(d[f], child(dp, f));
				if (!v) e.required(child(dp, f));
				else e.each(child(dp, f), v, isPathSegmentName(v));
			}
			metricIdentifier(e, src.metric, child(sp, 'metric'));
			const t = metricTarget(e, src.target, child(sp, 'target'));
			if ((t.value === undefined || t.value === null) && (t.averageValue === undefined || t.averageValue === null)) {
				e.required(child(sp, 'target.averageValue'), 'must set either a target value or averageValue');
			}
			break;
		}
		case 'External': {
			metricIdentifier(e, src.metric, child(sp, 'metric'));
			const t = metricTarget(e, src.target, child(sp, 'target'));
			oneOfTwo(e, t, sp, ['averageValue', 'value'], 'a target value for metric or a per-pod target', 'a target value for metric and a per-pod target');
			break;
		}
	}
}

function scalingRules(e: FieldErrors, raw: unknown, p: string): void {
	const r = e.obj(raw, p);
	if (!r) return;
	const window = e.int(r.stabilizationWindowSeconds, child(p, 'stabilizationWindowSeconds'));
	if (window !== undefined) {
		if (window < 0) e.invalid(child(p, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero');
		else if (window > 3600) e.invalid(child(p, 'stabilizationWindowSeconds'), window, 'must be less than or equal to 3600');
	}
	const select = e.str(r.selectPolicy, child(p, 'selectPolicy'));
	if (select !== undefined && select !== 'Max' && select !== 'Min' && select !== 'Disabled') {
		e.notSupported(child(p, 'selectPolicy'), select, ['Disabled', 'Max', 'Min']);
	}
	if (r.policies === undefined || r.policies === null) return;
	const policies = e.objList(r.policies, child(p, 'policies'));
	if (Array.isArray(r.policies) && r.policies.length === 0) e.required(child(p, 'policies'), 'must specify at least one Policy');
	for (const [pol, pp] of policies) {
		const type = e.str(pol.type, child(pp, 'type'));
		if (type !== 'Pods' && type !== 'Percent') e.notSupported(child(pp, 'type'), type ?? '', ['Percent', 'Pods']);
		const value = e.int(pol.value, child(pp, 'value'));
		if (value === undefined || value <= 0) e.invalid(child(pp, 'value'), value ?? 0, 'must be greater than zero');
		const period = e.int(pol.periodSeconds, child(pp, 'periodSeconds'));
		if (period === undefined || period <= 0) e.invalid(child(pp, 'periodSeconds'), period ?? 0, 'must be greater than zero');
		else if (period > 1800) e.invalid(child(pp, 'periodSeconds'), period, 'must be less than or equal to 1800');
	}
}

function validateHpa(e: FieldErrors, spec: Obj): void {
	const rp = 'spec.scaleTargetRef';
	const ref = spec.scaleTargetRef === undefined || spec.scaleTargetRef === null ? {} : e.obj(spec.scaleTargetRef, rp);
	if (ref) {
		for (const f of ['kind', 'name']) {
			const v = e.str(ref[f], child(rp, f));
			if (!v) e.required(child(rp, f));
			else e.each(child(rp, f), v, isPathSegmentName(v));
		}
		e.str(ref.apiVersion, child(rp, 'apiVersion'));
	}
	const min = e.int(spec.minReplicas, 'spec.minReplicas');
	if (min !== undefined && min < 1) e.invalid('spec.minReplicas', min, 'must be greater than or equal to 1');
	const maxRaw = e.int(spec.maxReplicas, 'spec.maxReplicas');
	const typedMax = spec.maxReplicas === undefined || spec.maxReplicas === null || maxRaw !== undefined;
	const max = maxRaw ?? 0;
	if (typedMax) {
		if (max < 1) e.invalid('spec.maxReplicas', max, 'must be greater than 0');
		if (min !== undefined && max < min) e.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`');
	}
	for (const [m, mp] of e.objList(spec.metrics, 'spec.metrics')) metricSpec(e, m, mp);
	const behavior = e.obj(spec.behavior, 'spec.behavior');
	if (behavior) {
		scalingRules(e, behavior.scaleUp, 'spec.behavior.scaleUp');
		scalingRules(e, behavior.scaleDown, 'spec.behavior.scaleDown');
	}
}

export const hpaApi: KindApi = {
	name: isPathSegmentName,
	defaults: specDefaults(hpaDefaults),
	validate: specRules(validateHpa),
};
