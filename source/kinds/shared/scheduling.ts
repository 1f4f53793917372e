// Where a pod may run: tolerations, node and pod affinity, topology spread constraints.
import {FieldErrors, type Obj, child} from './fields.js';
import {isQualifiedName, isValidLabelValue} from './formats.js';
import {labelSelector, selectorRequirement} from './meta.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function tolerations(e: FieldErrors, raw: unknown, p: string): void {
	for (const [t, tp] of e.objList(raw, p)) {
		const k = e.str(t.key, child(tp, 'key')) ?? '';
		const op = e.str(t.operator, child(tp, 'operator')) ?? '';
		const value = e.str(t.value, child(tp, 'value')) ?? '';
		const effect = e.str(t.effect, child(tp, 'effect')) ?? '';
		const seconds = e.int64(t.tolerationSeconds, child(tp, 'tolerationSeconds'));
		if (k) e.each(child(tp, 'key'), k, isQualifiedName(k));
		if (!k && op !== 'Exists') {
			e.invalid(child(tp, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
		}
		if (seconds !== undefined && effect !== 'NoExecute') {
			e.invalid(child(tp, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
		}
		if (op === 'Equal' || op === '') {
			const errs = isValidLabelValue(value);
			if (errs.length) e.invalid(child(tp, 'operator'), value, errs.join(';'));
		} else if (op === 'Exists') {
			if (value) e.invalid(child(tp, 'operator'), t, "value must be empty when `operator` is 'Exists'");
		} else {
			e.notSupported(child(tp, 'operator'), op, ['Equal', 'Exists']);
		}
		if (effect) e.oneOf(effect, child(tp, 'effect'), TAINT_EFFECTS);
	}
}

function nodeSelectorTerm(e: FieldErrors, o: Obj, p: string): void {
	for (const [r, rp] of e.objList(o.matchExpressions, child(p, 'matchExpressions'))) selectorRequirement(e, r, rp, 'node');
	for (const [r, rp] of e.objList(o.matchFields, child(p, 'matchFields'))) {
		selectorRequirement(e, r, rp, 'node');
		const k = r.key;
		if (typeof k === 'string' && k !== 'metadata.name') e.notSupported(child(rp, 'key'), k, ['metadata.name']);
	}
}

function podAffinityTerm(e: FieldErrors, o: Obj, p: string): void {
	labelSelector(e, o.labelSelector, child(p, 'labelSelector'));
	labelSelector(e, o.namespaceSelector, child(p, 'namespaceSelector'));
	e.strList(o.namespaces, child(p, 'namespaces'));
	const tk = e.str(o.topologyKey, child(p, 'topologyKey'));
	if (!tk) e.required(child(p, 'topologyKey'), 'can not be empty');
	else e.each(child(p, 'topologyKey'), tk, isQualifiedName(tk));
}

function weight(e: FieldErrors, raw: unknown, p: string): void {
	const w = e.int(raw, p);
	if (w === undefined || w < 1 || w > 100) e.invalid(p, w ?? 0, 'must be in the range 1-100');
}

export function affinity(e: FieldErrors, raw: unknown, p: string): void {
	const a = e.obj(raw, p);
	if (!a) return;
	const na = e.obj(a.nodeAffinity, child(p, 'nodeAffinity'));
	if (na) {
		const np = child(p, 'nodeAffinity');
		const reqPath = child(np, 'requiredDuringSchedulingIgnoredDuringExecution');
		const req = e.obj(na.requiredDuringSchedulingIgnoredDuringExecution, reqPath);
		if (req) {
			const terms = e.objList(req.nodeSelectorTerms, child(reqPath, 'nodeSelectorTerms'));
			if (terms.length === 0) e.required(child(reqPath, 'nodeSelectorTerms'), 'must have at least one node selector term');
			for (const [t, tp] of terms) nodeSelectorTerm(e, t, tp);
		}
		for (const [pref, pp] of e.objList(na.preferredDuringSchedulingIgnoredDuringExecution, child(np, 'preferredDuringSchedulingIgnoredDuringExecution'))) {
			weight(e, pref.weight, child(pp, 'weight'));
			const term = e.obj(pref.preference, child(pp, 'preference'));
			if (term) nodeSelectorTerm(e, term, child(pp, 'preference'));
		}
	}
	for (const kind of ['podAffinity', 'podAntiAffinity']) {
		const pa = e.obj(a[kind], child(p, kind));
		if (!pa) continue;
		const pap = child(p, kind);
		for (const [t, tp] of e.objList(pa.requiredDuringSchedulingIgnoredDuringExecution, child(pap, 'requiredDuringSchedulingIgnoredDuringExecution'))) {
			podAffinityTerm(e, t, tp);
		}
		for (const [w, wp] of e.objList(pa.preferredDuringSchedulingIgnoredDuringExecution, child(pap, 'preferredDuringSchedulingIgnoredDuringExecution'))) {
			weight(e, w.weight, child(wp, 'weight'));
			const term = e.obj(w.podAffinityTerm, child(wp, 'podAffinityTerm'));
			if (!term) e.required(child(wp, 'podAffinityTerm'));
			else podAffinityTerm(e, term, child(wp, 'podAffinityTerm'));
		}
	}
}

export function topologySpread(e: FieldErrors, raw: unknown, p: string): void {
	for (const [c, cp] of e.objList(raw, p)) {
		const skew = e.int(c.maxSkew, child(cp, 'maxSkew'));
		if (skew === undefined || skew <= 0) e.invalid(child(cp, 'maxSkew'), skew ?? 0, 'must be greater than zero');
		const tk = e.str(c.topologyKey, child(cp, 'topologyKey'));
		if (!tk) e.required(child(cp, 'topologyKey'), 'can not be empty');
		const wu = e.str(c.whenUnsatisfiable, child(cp, 'whenUnsatisfiable'));
		if (!wu) e.required(child(cp, 'whenUnsatisfiable'));
		else if (wu !== 'DoNotSchedule' && wu !== 'ScheduleAnyway') e.notSupported(child(cp, 'whenUnsatisfiable'), wu, ['DoNotSchedule', 'ScheduleAnyway']);
		labelSelector(e, c.labelSelector, child(cp, 'labelSelector'));
		const min = e.int(c.minDomains, child(cp, 'minDomains'));
		if (min !== undefined && min <= 0) e.invalid(child(cp, 'minDomains'), min, 'must be greater than 0');
	}
}

