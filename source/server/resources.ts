// The verbs on a resource: get, list (paged with continue tokens), create, update, patch,
// delete and deletecollection, answered as JSON or as a server-side Table.
import {isStatusError, type KObject} from '../cluster/index.js';
import {errors} from '../cluster/core/errors.js';
import {APPLY_PATCH, STRATEGIC_MERGE_PATCH, applyPatch} from '../cluster/api/patch.js';
import {addWarnings, classFor, directiveOf, duplicateFields, goFormat, sortedJson, validateApplied, validateBody, validatePatched} from './schema/fieldvalidation.js';
import {PROTOBUF, decode, dropNulls, mediaType} from './body.js';
import {httpError, num} from './http.js';
import {isCustomKind} from '../kinds/index.js';
import {withType, type ResourceRequest} from './request.js';
import {checkListVersion} from './watch.js';
import {decodeContinue, encodeContinue, keyAfter, splitKey} from './continue.js';

export function get(r: ResourceRequest): void {
	const {kind: k, target: t} = r;
	const obj = r.cluster.get(k.kind, t.namespace, t.name!);
	if (r.wantsTable()) return r.sendTable([obj], {resourceVersion: obj.metadata.resourceVersion});
	r.send(200, r.present(obj));
}

/** Lists cut at one resourceVersion and kept while clients page through them. */
class Snapshots {
	private readonly kept = new Map<string, {items: KObject[]; at: number}>();
	constructor(private readonly max = 32, private readonly ttlMs = 5 * 60_000) {}

	get(key: string): KObject[] | undefined {
		const s = this.kept.get(key);
		if (!s) return undefined;
		if (Date.now() - s.at > this.ttlMs) {
			this.kept.delete(key);
			return undefined;
		}
		return s.items;
	}

	put(key: string, items: KObject[]): void {
		this.kept.delete(key);
		this.kept.set(key, {items, at: Date.now()});
		while (this.kept.size > this.max) this.kept.delete(this.kept.keys().next().value!);
	}
}

const snapshots = new WeakMap<object, Snapshots>();

const EXPIRED_CONTINUE =
	'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The index of the first item at or after a start key (items sorted by namespace, then name). */
function firstAtOrAfter(items: KObject[], start: {namespace: string; name: string}): number {
	let lo = 0;
	let hi = items.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		const m = items[mid]!.metadata;
		const ns = m.namespace ?? '';
		const before = ns < start.namespace || (ns === start.namespace && m.name < start.name);
		if (before) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * A list, paged as the apiserver pages it: `limit` cuts a page, `continue` names the
 * resourceVersion of the first page and the key after the last item sent, and every later page
 * comes from the same snapshot. A token whose snapshot is gone is 410 Expired, with a token to
 * carry on from the latest state (inconsistently) should the client want to.
 */
export function list(r: ResourceRequest): void {
	const {kind: k, query: q} = r;
	checkListVersion(r);
	const sel = r.selectors();
	const limit = num(q.get('limit'), 'limit') ?? 0;
	const cont = q.get('continue');
	let cache = snapshots.get(r.cluster);
	if (!cache) snapshots.set(r.cluster, (cache = new Snapshots()));
	const queryKey = `${k.kind}|${sel.namespace ?? ''}|${sel.labelSelector ?? ''}|${sel.fieldSelector ?? ''}`;
	let items: KObject[];
	let rv: string;
	let from = 0;
	let consistent = true;
	if (cont) {
		const token = decodeContinue(cont);
		const start = splitKey(token.start, k.namespaced);
		const current = r.cluster.resourceVersion();
		const kept = token.rv > 0 ? cache.get(`${queryKey}|${token.rv}`) : undefined;
		if (kept) {
			items = kept;
			rv = String(token.rv);
		} else if (token.rv < 0 || String(token.rv) === current) {
			({items, resourceVersion: rv} = r.cluster.listWithVersion(k.kind, sel));
			consistent = token.rv > 0;
		} else {
			const e = errors.expired(EXPIRED_CONTINUE);
			e.status.metadata = {continue: encodeContinue(-1, token.start)};
			throw e;
		}
		from = firstAtOrAfter(items, start);
	} else ({items, resourceVersion: rv} = r.cluster.listWithVersion(k.kind, sel));
	const end = limit > 0 ? Math.min(items.length, from + limit) : items.length;
	const page = from === 0 && end === items.length ? items : items.slice(from, end);
	const metadata: Record<string, unknown> = {resourceVersion: rv};
	if (end < items.length) {
		const last = items[end - 1]!.metadata;
		// an inconsistent continuation stays inconsistent: later pages come from the latest state too
		if (consistent) cache.put(`${queryKey}|${rv}`, items);
		metadata.continue = encodeContinue(consistent ? Number(rv) : -1, keyAfter(k.namespaced ? last.namespace : undefined, last.name));
		// the count is exact only when no selector filtered the items
		if (!sel.labelSelector && !sel.fieldSelector) metadata.remainingItemCount = items.length - end;
	}
	if (r.wantsTable()) return r.sendTable(page, metadata);
	r.send(200, listOf(r, page, metadata));
}

export function create(r: ResourceRequest): void {
	const {kind: k, target: t} = r;
	const body = r.decoded();
	checkBody(r, body);
	validateFields(r, body);
	const obj = r.toStored(body);
	if (k.namespaced) {
		if (obj.metadata?.namespace && t.namespace && obj.metadata.namespace !== t.namespace)
			throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
		obj.metadata = {...obj.metadata, namespace: t.namespace ?? obj.metadata?.namespace};
	}
	r.send(201, r.present(r.cluster.create(obj, {...writeOptions(r.query), user: r.user})));
}

export function replace(r: ResourceRequest): void {
	r.send(200, r.present(r.cluster.update(storedUpdate(r), {...writeOptions(r.query), user: r.user})));
}

/** The body of a PUT, checked against the URL and converted to the stored version. */
export function storedUpdate(r: ResourceRequest): any {
	const sent = r.decoded();
	checkBody(r, sent);
	const current = r.cluster.find(r.kind.kind, r.target.namespace, r.target.name!);
	validateFields(r, sent, current && r.present(current));
	checkName(r, sent);
	const obj = r.toStored(sent);
	if (r.kind.namespaced) obj.metadata.namespace = r.target.namespace;
	return obj;
}

export function patch(r: ResourceRequest, subresource?: 'status' | 'scale'): void {
	const {kind: k, target: t, cluster, body} = r;
	const media = mediaType(r.contentType);
	if (media === PROTOBUF)
		throw httpError(415, 'UnsupportedMediaType', 'kubesim does not take protobuf (application/vnd.kubernetes.protobuf) patches; send a JSON, merge or apply patch instead');
	if (!body.length) throw errors.badRequest('the request body is empty: a patch was expected');
	if (media === STRATEGIC_MERGE_PATCH && isCustomKind(k.kind))
		throw httpError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
	const patchBody: unknown = decode(body, media === APPLY_PATCH ? media : 'application/json');
	// JSON-patch values are whole objects as a typed client serialised them (kubectl's
	// rollout undo sends `creationTimestamp: null`): drop the nulls as typed decoding would.
	if (media === 'application/json-patch+json' && Array.isArray(patchBody))
		patchBody.forEach(op => op && typeof op === 'object' && 'value' in op && dropNulls(op.value));
	const existed = subresource ? true : !!cluster.find(k.kind, t.namespace, t.name!);
	const conv = t.resource.conversion;
	const cls = classFor({group: t.group, version: t.version, kind: k.kind});
	if ((conv || cls) && media !== APPLY_PATCH && subresource !== 'scale') {
		// patch the served version of the current object; when it needs converting, or when
		// strict decoding dropped fields from it, store that result
		const current = cluster.get(k.kind, t.namespace, t.name!);
		const before = conv ? conv.fromStored(withType(k, current)) : withType(k, current);
		const patched = applyPatch(before, patchBody, media);
		let dropped = false;
		if (cls) {
			const smp = media === STRATEGIC_MERGE_PATCH;
			const shown = smp ? goFormat(patchBody) : sortedJson(patched);
			const checked = validatePatched(cls, patched, shown, directiveOf(r.query), smp ? {duplicates: duplicateFields(body.toString('utf8'))} : undefined, before);
			addWarnings(r.res, checked.warnings);
			dropped = checked.dropped;
		}
		if (!conv && !dropped) return patchStored(r, patchBody, media, existed, subresource);
		const next = conv ? conv.toStored(patched) : patched;
		next.metadata = {...next.metadata, resourceVersion: patched.metadata?.resourceVersion ?? current.metadata.resourceVersion};
		if (next.metadata.name !== current.metadata.name) throw errors.badRequest('metadata.name cannot be changed by a patch');
		if (k.namespaced) next.metadata.namespace = t.namespace;
		const out = subresource === 'status' ? cluster.updateStatus(next) : cluster.update(next, writeOptions(r.query));
		return r.send(200, r.present(out));
	}
	if (media === APPLY_PATCH) validateApplied({group: t.group, version: t.version, kind: k.kind}, patchBody, t.namespace, t.name!);
	// an apply configuration is a (partial) object of the served version: convert it whole
	const stored = conv && media === APPLY_PATCH ? conv.toStored(patchBody) : patchBody;
	patchStored(r, stored, media, existed, subresource);
}

/** Patches the stored object with a patch of the stored version. */
function patchStored(r: ResourceRequest, patchBody: unknown, media: string, existed: boolean, subresource?: 'status' | 'scale'): void {
	const {kind: k, target: t, cluster} = r;
	const out = cluster.patch(k.kind, t.namespace, t.name!, patchBody, media, {...writeOptions(r.query), subresource, user: r.user});
	r.send(existed ? 200 : 201, subresource === 'scale' ? out : r.present(out));
}

/** Strict decoding of a create or update body (JSON or YAML; protobuf has no unknown fields): see validateBody. */
function validateFields(r: ResourceRequest, obj: Record<string, unknown>, current?: object): void {
	const media = mediaType(r.contentType);
	if (media === PROTOBUF) return;
	const text = media.endsWith('yaml') ? undefined : r.body.toString('utf8');
	addWarnings(r.res, validateBody({group: r.target.group, version: r.target.version, kind: r.kind.kind}, obj, text, directiveOf(r.query), current));
}

export function del(r: ResourceRequest): void {
	const {kind: k, target: t, cluster} = r;
	const o = deleteOptions(r.query, r.decoded(true));
	const result = cluster.delete(k.kind, t.namespace, t.name!, {...o, user: r.user});
	const still = cluster.find(k.kind, t.namespace, t.name!);
	if (o.dryRun || (still && still.metadata.uid === result.metadata.uid)) return r.send(200, r.present(still ?? result));
	r.send(200, {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Success',
		details: {name: t.name, ...(k.group ? {group: k.group} : {}), kind: k.plural, uid: result.metadata.uid},
	});
}

export function deleteCollection(r: ResourceRequest): void {
	const {kind: k, cluster} = r;
	const body = r.decoded(true);
	const items = cluster.list(k.kind, r.selectors());
	const o = deleteOptions(r.query, body);
	const out: KObject[] = [];
	for (const item of items) {
		try {
			out.push(cluster.delete(k.kind, item.metadata.namespace, item.metadata.name, {...o, user: r.user}));
		} catch (e) {
			if (!(isStatusError(e) && e.code === 404)) throw e;
		}
	}
	r.send(200, listOf(r, out, {resourceVersion: cluster.resourceVersion()}));
}

function listOf(r: ResourceRequest, items: KObject[], metadata: Record<string, unknown>) {
	return {kind: `${r.kind.kind}List`, apiVersion: r.apiVersion, metadata, items: items.map(r.present)};
}

function checkBody(r: ResourceRequest, obj: any): void {
	const {kind: k, apiVersion} = r;
	if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw errors.badRequest('the request body must be a JSON object');
	dropNulls(obj);
	if (obj.kind === undefined) obj.kind = k.kind;
	if (obj.apiVersion === undefined) obj.apiVersion = apiVersion;
	if (obj.kind !== k.kind || obj.apiVersion !== apiVersion)
		throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersion}) or kind (${obj.kind} is not ${k.kind})`);
	if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null)) throw errors.badRequest('metadata must be an object');
}

function checkName(r: ResourceRequest, obj: any): void {
	const t = r.target;
	obj.metadata = obj.metadata ?? {};
	if (!obj.metadata.name) obj.metadata.name = t.name;
	if (obj.metadata.name !== t.name)
		throw errors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${t.name})`);
	if (t.namespace && obj.metadata.namespace && obj.metadata.namespace !== t.namespace)
		throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
}

function writeOptions(q: URLSearchParams) {
	const dry = q.getAll('dryRun');
	return {dryRun: dry.includes('All') ? true : undefined, fieldManager: q.get('fieldManager') ?? undefined};
}

export function deleteOptions(q: URLSearchParams, body: any) {
	const b = body && typeof body === 'object' ? body : {};
	const grace = b.gracePeriodSeconds ?? num(q.get('gracePeriodSeconds'), 'gracePeriodSeconds');
	if (grace !== undefined && !(Number.isInteger(grace) && Math.abs(grace) <= 2 ** 63 - 1024))
		throw errors.badRequest(`DeleteOptions in version "v1" cannot be handled as a DeleteOptions: json: cannot unmarshal ${typeof grace === 'number' ? `number ${String(grace).replace('e+', 'e')}` : typeof grace} into Go struct field DeleteOptions.gracePeriodSeconds of type int64`);
	let policy = b.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
	if (policy === undefined && (b.orphanDependents === true || q.get('orphanDependents') === 'true')) policy = 'Orphan';
	if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy))
		throw errors.badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
	const dry = [...(Array.isArray(b.dryRun) ? b.dryRun : []), ...q.getAll('dryRun')];
	return {
		gracePeriodSeconds: typeof grace === 'number' ? grace : undefined,
		propagationPolicy: policy,
		preconditions: b.preconditions ?? undefined,
		dryRun: dry.includes('All') ? true : undefined,
	};
}
