// A LimitRange in the API server (its defaults and validation), and the LimitRanger admission:
// containers without requests or limits get the range's defaults, then pods and claims outside
// its min, max and limit/request ratio are refused.
import type {Container, KObject, LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod, ResourceList} from '../../cluster/types.js';
import type {AdmissionPlugin, KindApi} from '../types.js';
import {type FieldErrors, type Obj, isObj, key, resourceList} from '../shared/fields.js';
import {objAt, objects} from '../shared/defaults.js';
import {Quantity} from '../resources.js';
import {errors} from '../../cluster/core/errors.js';

const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** A container item's defaults: default from max, defaultRequest from default, then from min. */
function itemDefaults(item: Obj): void {
	if (item.type !== 'Container') return;
	const max = isObj(item.max) ? item.max : {};
	const min = isObj(item.min) ? item.min : {};
	const def: Obj = isObj(item.default) ? item.default : {};
	const req: Obj = isObj(item.defaultRequest) ? item.defaultRequest : {};
	for (const [k, v] of Object.entries(max)) if (def[k] === undefined) def[k] = v;
	for (const [k, v] of Object.entries(def)) if (req[k] === undefined) req[k] = v;
	for (const [k, v] of Object.entries(min)) if (req[k] === undefined) req[k] = v;
	if (Object.keys(def).length) item.default = def;
	if (Object.keys(req).length) item.defaultRequest = req;
}

const q = (v: unknown): Quantity | undefined => (typeof v === 'string' || typeof v === 'number' ? Quantity.parse(v) : undefined);

function validate(e: FieldErrors, obj: Obj): void {
	const spec = e.obj(obj.spec, 'spec') ?? {};
	const items = e.objList(spec.limits, 'spec.limits');
	items.forEach(([item, p]) => {
		const type = e.str(item.type, `${p}.type`);
		if (!type) e.required(`${p}.type`);
		const lists: Record<string, Map<string, {value: number; text: string}>> = {};
		for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) lists[f] = resourceList(e, item[f], `${p}.${f}`, false);
		if (type === 'Pod') {
			if (isObj(item.default) && Object.keys(item.default).length) e.forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'");
			if (isObj(item.defaultRequest) && Object.keys(item.defaultRequest).length) e.forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'");
		}
		const get = (f: string, r: string) => (isObj(item[f]) ? q((item[f] as Obj)[r]) : undefined);
		const names = new Set<string>();
		for (const f of ['max', 'min', 'default', 'defaultRequest']) if (isObj(item[f])) for (const r of Object.keys(item[f] as Obj)) names.add(r);
		for (const r of [...names].sort()) {
			const max = get('max', r);
			const min = get('min', r);
			const def = get('default', r);
			const defReq = get('defaultRequest', r);
			const ratio = get('maxLimitRequestRatio', r);
			if (min && max && min.compare(max) > 0) e.invalid(key(`${p}.min`, r), min.toString(), `min value ${min} is greater than max value ${max}`);
			if (defReq && def && defReq.compare(def) > 0) e.invalid(key(`${p}.defaultRequest`, r), defReq.toString(), `default request value ${defReq} is greater than default limit value ${def}`);
			if (defReq && min && min.compare(defReq) > 0) e.invalid(key(`${p}.defaultRequest`, r), defReq.toString(), `min value ${min} is greater than default request value ${defReq}`);
			if (defReq && max && defReq.compare(max) > 0) e.invalid(key(`${p}.defaultRequest`, r), defReq.toString(), `default request value ${defReq} is greater than max value ${max}`);
			if (def && min && min.compare(def) > 0) e.invalid(key(`${p}.default`, r), def.toString(), `min value ${min} is greater than default value ${def}`);
			if (def && max && def.compare(max) > 0) e.invalid(key(`${p}.default`, r), def.toString(), `default value ${def} is greater than max value ${max}`);
			if (ratio && max && min && !min.isZero() && ratio.milliValue() > Math.round((max.milliValue() / min.milliValue()) * 1000))
				e.invalid(key(`${p}.maxLimitRequestRatio`, r), ratio.toString(), `ratio ${ratio} is greater than max/min = ${(max.milliValue() / min.milliValue()).toFixed(6)}`);
		}
		if (isObj(item.maxLimitRequestRatio))
			for (const [r, v] of Object.entries(item.maxLimitRequestRatio)) {
				const ratio = q(v);
				if (ratio && ratio.milliValue() < 1000) e.invalid(key(`${p}.maxLimitRequestRatio`, r), ratio.toString(), `ratio ${ratio} is less than 1`);
			}
	});
}

export const limitRangeApi: KindApi = {
	defaults(obj) {
		const spec = objAt(obj, 'spec');
		if (spec) for (const item of objects(spec.limits)) itemDefaults(item);
	},
	validate,
};

// ---------------------------------------------------------------------------------- admission

function rangesOf(namespace: string | undefined, read: {list(kind: string, ns?: string): KObject[]}): LimitRange[] {
	return namespace ? (read.list('LimitRange', namespace) as LimitRange[]) : [];
}

/** Fills the defaults of one container, noting what was set for the annotation. */
function fillContainer(c: Container, limits: ResourceList, requests: ResourceList, notes: string[]): void {
	const res = (c.resources = {...c.resources});
	const lim: ResourceList = {...res.limits};
	const req: ResourceList = {...res.requests};
	const setReq: string[] = [];
	const setLim: string[] = [];
	for (const [k, v] of Object.entries(limits)) if (lim[k] === undefined) {
		lim[k] = v;
		setLim.push(k);
	}
	for (const [k, v] of Object.entries(requests)) if (req[k] === undefined) {
		// a request defaults to the container's own limit first, as the API server's defaulting did
		req[k] = res.limits?.[k] ?? v;
		setReq.push(k);
	}
	if (Object.keys(lim).length) res.limits = lim;
	if (Object.keys(req).length) res.requests = req;
	if (setReq.length) notes.push(`${setReq.sort().join(', ')} request for container ${c.name}`);
	if (setLim.length) notes.push(`${setLim.sort().join(', ')} limit for container ${c.name}`);
}

/** The default requests and limits of a namespace's container items, in order, later ones winning. */
function containerDefaults(ranges: readonly LimitRange[]): {limits: ResourceList; requests: ResourceList} {
	const limits: ResourceList = {};
	const requests: ResourceList = {};
	for (const lr of ranges) for (const item of lr.spec?.limits ?? []) {
		if (item.type !== 'Container') continue;
		Object.assign(requests, item.defaultRequest ?? {});
		Object.assign(limits, item.default ?? {});
	}
	return {limits, requests};
}

function mutatePod(pod: Pod, ranges: readonly LimitRange[]): void {
	if (!ranges.length || !pod.spec) return;
	const {limits, requests} = containerDefaults(ranges);
	if (!Object.keys(limits).length && !Object.keys(requests).length) return;
	const notes: string[] = [];
	pod.spec.containers = (pod.spec.containers ?? []).map(c => {
		const copy = {...c};
		fillContainer(copy, limits, requests, notes);
		return copy;
	});
	if (pod.spec.initContainers?.length)
		pod.spec.initContainers = pod.spec.initContainers.map(c => {
			const copy = {...c};
			fillContainer(copy, limits, requests, []);
			return copy;
		});
	if (notes.length) pod.metadata.annotations = {...pod.metadata.annotations, [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`};
}

type Check = (type: string, resource: string, enforced: Quantity, requests: ResourceList, limits: ResourceList) => string | undefined;

/** Values compared in thousandths (the real plugin's precision for anything that fits). */
const milli = (v: unknown) => q(v)?.milliValue() ?? 0;

const minCheck: Check = (type, r, enforced, requests, limits) => {
	if (requests[r] === undefined) return `minimum ${r} usage per ${type} is ${enforced}.  No request is specified`;
	if (milli(requests[r]) < enforced.milliValue()) return `minimum ${r} usage per ${type} is ${enforced}, but request is ${q(requests[r])}`;
	if (limits[r] !== undefined && milli(limits[r]) < enforced.milliValue()) return `minimum ${r} usage per ${type} is ${enforced}, but limit is ${q(limits[r])}`;
	return undefined;
};

const maxCheck: Check = (type, r, enforced, requests, limits) => {
	if (limits[r] === undefined) return `maximum ${r} usage per ${type} is ${enforced}.  No limit is specified`;
	if (milli(limits[r]) > enforced.milliValue()) return `maximum ${r} usage per ${type} is ${enforced}, but limit is ${q(limits[r])}`;
	if (requests[r] !== undefined && milli(requests[r]) > enforced.milliValue()) return `maximum ${r} usage per ${type} is ${enforced}, but request is ${q(requests[r])}`;
	return undefined;
};

const ratioCheck: Check = (type, r, enforced, requests, limits) => {
	const req = milli(requests[r]);
	const lim = milli(limits[r]);
	if (requests[r] === undefined || req === 0) return `${r} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
	if (limits[r] === undefined || lim === 0) return `${r} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
	const ratio = lim / req;
	if (ratio * 1000 > enforced.milliValue()) return `${r} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
	return undefined;
};

function checkItem(item: LimitRangeItem, requests: ResourceList, limits: ResourceList, out: string[]): void {
	const run = (list: ResourceList | undefined, check: Check) => {
		for (const r of Object.keys(list ?? {}).sort()) {
			const enforced = q(list![r]);
			if (!enforced) continue;
			const msg = check(item.type, r, enforced, requests, limits);
			if (msg) out.push(msg);
		}
	};
	run(item.min, minCheck);
	run(item.max, maxCheck);
	run(item.maxLimitRequestRatio, ratioCheck);
}

/** A pod's total requests and limits: the containers summed, or the largest init container when more. */
function podTotals(pod: Pod): {requests: ResourceList; limits: ResourceList} {
	const sum = (which: 'requests' | 'limits'): ResourceList => {
		const total = new Map<string, Quantity>();
		const counted = new Map<string, number>();
		const containers = pod.spec.containers ?? [];
		for (const c of containers)
			for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
				const x = q(v);
				if (!x) continue;
				total.set(k, (total.get(k) ?? Quantity.zero(x.format)).add(x));
				counted.set(k, (counted.get(k) ?? 0) + 1);
			}
		for (const c of pod.spec.initContainers ?? [])
			for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
				const x = q(v);
				if (x && (!total.has(k) || x.compare(total.get(k)!) > 0)) total.set(k, x);
			}
		const out: ResourceList = {};
		for (const [k, v] of total) out[k] = v.toString();
		return out;
	};
	return {requests: sum('requests'), limits: sum('limits')};
}

function validatePod(pod: Pod, ranges: readonly LimitRange[]): string[] {
	const out: string[] = [];
	for (const lr of ranges)
		for (const item of lr.spec?.limits ?? []) {
			if (item.type === 'Container') {
				for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])])
					checkItem(item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, out);
			} else if (item.type === 'Pod') {
				const {requests, limits} = podTotals(pod);
				checkItem(item, requests, limits, out);
			}
		}
	return out;
}

function validateClaim(pvc: PersistentVolumeClaim, ranges: readonly LimitRange[]): string[] {
	const out: string[] = [];
	const requests = pvc.spec?.resources?.requests ?? {};
	for (const lr of ranges)
		for (const item of lr.spec?.limits ?? []) {
			if (item.type !== 'PersistentVolumeClaim') continue;
			for (const r of Object.keys(item.min ?? {}).sort()) {
				const msg = minCheck(item.type, r, q(item.min![r])!, requests, {});
				if (msg) out.push(msg);
			}
			for (const r of Object.keys(item.max ?? {}).sort()) {
				const enforced = q(item.max![r])!;
				if (requests[r] === undefined) out.push(`maximum ${r} usage per ${item.type} is ${enforced}.  No request is specified`);
				else if (milli(requests[r]) > enforced.milliValue()) out.push(`maximum ${r} usage per ${item.type} is ${enforced}, but request is ${q(requests[r])}`);
			}
		}
	return out;
}

/** Go's aggregate of errors: one message alone, several in brackets. */
function aggregate(messages: readonly string[]): string {
	const unique = [...new Set(messages)];
	return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

export const limitRanger: AdmissionPlugin = {
	name: 'LimitRanger',
	order: 10,
	mutate(req, ctx) {
		if (req.operation !== 'CREATE' || req.kind.kind !== 'Pod') return;
		mutatePod(req.obj as Pod, rangesOf(req.obj.metadata.namespace, ctx.read));
	},
	validate(req, ctx) {
		if (req.operation !== 'CREATE' && req.kind.kind === 'Pod') return;
		const isPod = req.kind.kind === 'Pod';
		if (!isPod && req.kind.kind !== 'PersistentVolumeClaim') return;
		const ranges = rangesOf(req.obj.metadata.namespace, ctx.read);
		if (!ranges.length) return;
		const problems = isPod ? validatePod(req.obj as Pod, ranges) : validateClaim(req.obj as PersistentVolumeClaim, ranges);
		if (problems.length) throw errors.forbidden(isPod ? 'pods' : 'persistentvolumeclaims', req.name, aggregate(problems));
	},
};

