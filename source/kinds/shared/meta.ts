// Object metadata (names, namespaces, labels, annotations, finalizers, owners) and label
// selectors, as every kind's validation reads them.
import {FieldErrors, GoLiteral, type Obj, child, goQuote, goStringMap, index, isObj, sameValue} from './fields.js';
import {isDNS1123Label, isQualifiedName, isValidLabelValue} from './formats.js';

/** What is wrong with a name (metadata.name, or the prefix of metadata.generateName). */
export type NameCheck = (name: string) => string[];

export function labels(e: FieldErrors, raw: unknown, path: string): Record<string, string> | undefined {
	const m = e.strMap(raw, path);
	if (!m) return undefined;
	for (const [k, v] of Object.entries(m)) {
		e.each(path, k, isQualifiedName(k));
		e.each(path, v, isValidLabelValue(v));
	}
	return m;
}

export function annotations(e: FieldErrors, raw: unknown, path: string): void {
	const m = e.strMap(raw, path);
	if (!m) return;
	let size = 0;
	for (const [k, v] of Object.entries(m)) {
		e.each(path, k, isQualifiedName(k.toLowerCase()));
		size += k.length + v.length;
	}
	if (size > 256 * 1024) e.tooLong(path, `may not be more than ${256 * 1024} bytes`);
}

/** Metadata of a top-level object; `check` validates its name. */
export function objectMeta(e: FieldErrors, obj: Obj, check: NameCheck, namespaced: boolean | undefined): void {
	if (obj.metadata === undefined || obj.metadata === null) {
		e.required('metadata.name', 'name or generateName is required');
		return;
	}
	const meta = e.obj(obj.metadata, 'metadata');
	if (!meta) return;
	const name = e.str(meta.name, 'metadata.name');
	const generateName = e.str(meta.generateName, 'metadata.generateName');
	if (generateName) {
		const prefix = generateName.endsWith('-') ? generateName.slice(0, -1) : generateName;
		e.each('metadata.generateName', generateName, check(prefix));
	}
	if (name) e.each('metadata.name', name, check(name));
	else if (!generateName && (meta.name === undefined || meta.name === null || meta.name === '')) {
		e.required('metadata.name', 'name or generateName is required');
	}
	const ns = e.str(meta.namespace, 'metadata.namespace');
	if (ns) {
		if (namespaced === false) e.forbidden('metadata.namespace', 'not allowed on this type');
		else e.each('metadata.namespace', ns, isDNS1123Label(ns));
	}
	labels(e, meta.labels, 'metadata.labels');
	annotations(e, meta.annotations, 'metadata.annotations');
	const finalizers = e.strList(meta.finalizers, 'metadata.finalizers');
	finalizers?.forEach((f, i) => e.each(index('metadata.finalizers', i), f, isQualifiedName(f)));
	for (const [o, p] of e.objList(meta.ownerReferences, 'metadata.ownerReferences')) {
		for (const f of ['apiVersion', 'kind', 'name', 'uid']) {
			const v = e.str(o[f], child(p, f));
			if (!v) e.required(child(p, f));
		}
		e.bool(o.controller, child(p, 'controller'));
		e.bool(o.blockOwnerDeletion, child(p, 'blockOwnerDeletion'));
	}
}

// ---------------------------------------------------------------------------------------------
// Selectors.

export function selectorRequirement(e: FieldErrors, o: Obj, p: string, ops: 'label' | 'node'): void {
	const k = e.str(o.key, child(p, 'key'));
	const op = e.str(o.operator, child(p, 'operator'));
	const values = e.strList(o.values, child(p, 'values')) ?? [];
	if (op === 'In' || op === 'NotIn') {
		if (values.length === 0) e.required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'");
	} else if (op === 'Exists' || op === 'DoesNotExist') {
		if (values.length > 0) e.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
	} else if (ops === 'node' && (op === 'Gt' || op === 'Lt')) {
		if (values.length !== 1) e.required(child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'");
	} else {
		e.invalid(child(p, 'operator'), op ?? '', 'not a valid selector operator');
	}
	e.each(child(p, 'key'), k ?? '', isQualifiedName(k ?? ''));
	if (ops === 'label') values.forEach((v, i) => e.each(index(child(p, 'values'), i), v, isValidLabelValue(v)));
}

/** A metav1.LabelSelector. Returns it when it is well formed. */
export function labelSelector(e: FieldErrors, raw: unknown, p: string): Obj | undefined {
	const sel = e.obj(raw, p);
	if (!sel) return undefined;
	const before = e.list.length;
	labels(e, sel.matchLabels, child(p, 'matchLabels'));
	for (const [o, ep] of e.objList(sel.matchExpressions, child(p, 'matchExpressions'))) selectorRequirement(e, o, ep, 'label');
	return e.list.length === before ? sel : undefined;
}

export function selectorIsEmpty(sel: Obj): boolean {
	const ml = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
	const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
	return ml === 0 && me === 0;
}

function goStrings(v: unknown): string {
	if (!Array.isArray(v)) return '[]string(nil)';
	return `[]string{${v.map(x => goQuote(String(x))).join(', ')}}`;
}

/** A metav1.LabelSelector as Go's `%#v` prints it in an `Invalid value:` message. */
export function goLabelSelector(sel: unknown): GoLiteral {
	if (!isObj(sel)) return new GoLiteral('null');
	const ml = isObj(sel.matchLabels) && Object.keys(sel.matchLabels).length ? goStringMap(sel.matchLabels as Record<string, string>).text : 'map[string]string(nil)';
	const exprs = Array.isArray(sel.matchExpressions) && sel.matchExpressions.length ? sel.matchExpressions : undefined;
	const me = exprs
		? `[]v1.LabelSelectorRequirement{${exprs
				.map(r => (isObj(r) ? r : {}))
				.map(r => `v1.LabelSelectorRequirement{Key:${goQuote(String(r.key ?? ''))}, Operator:${goQuote(String(r.operator ?? ''))}, Values:${goStrings(r.values)}}`)
				.join(', ')}}`
		: '[]v1.LabelSelectorRequirement(nil)';
	return new GoLiteral(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}

/**
 * `immutable: true` ConfigMaps and Secrets: the flag cannot be unset and the data cannot change
 * (`data` as given: a Secret's stringData counts as data).
 */
export function immutableData(e: FieldErrors, obj: Obj, old: Obj, data: (o: Obj) => unknown): void {
	if (old.immutable !== true) return;
	if (obj.immutable !== true) e.forbidden('immutable', 'field is immutable when `immutable` is set');
	if (!sameValue(data(obj), data(old))) e.forbidden('data', 'field is immutable when `immutable` is set');
	if (!sameValue(obj.binaryData, old.binaryData)) e.forbidden('binaryData', 'field is immutable when `immutable` is set');
}

/** `spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable` (apps/v1 workloads). */
export function immutableSelector(e: FieldErrors, obj: Obj, old: Obj): void {
	const now = isObj(obj.spec) ? obj.spec.selector : undefined;
	const before = isObj(old.spec) ? old.spec.selector : undefined;
	if (!sameValue(now, before)) e.invalid('spec.selector', goLabelSelector(now), 'field is immutable');
}
