// A ResourceQuota in the API server, and the ResourceQuota admission: a new object that would
// take a namespace past a quota's hard limits is refused, and pods must state the requests and
// limits a quota counts.
import type {Pod, ResourceQuota} from '../../cluster/types.js';
import type {AdmissionPlugin, KindApi, KindInfo} from '../types.js';
import {type FieldErrors, type Obj, resourceList} from '../shared/fields.js';
import {Quantity} from '../resources.js';
import {errors} from '../../cluster/core/errors.js';
import {containerQuotaNames, namespaceUsage, prettyUsage, usageOf} from './usage.js';

const SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];
/** The names a pod must state per container when a quota counts them. */
const CONTAINER_NAMES = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

function validate(e: FieldErrors, obj: Obj): void {
	const spec = e.obj(obj.spec, 'spec') ?? {};
	resourceList(e, spec.hard, 'spec.hard', false);
	for (const s of e.strList(spec.scopes, 'spec.scopes') ?? []) if (!SCOPES.includes(s)) e.notSupported('spec.scopes', s, SCOPES);
}

export const resourceQuotaApi: KindApi = {validate};

/** Set by the registry: every kind, for counting `count/<resource>`. */
let allKinds: readonly KindInfo[] = [];
export function setQuotaKinds(kinds: readonly KindInfo[]): void {
	allKinds = kinds;
}

function missingPerContainer(pod: Pod, required: ReadonlySet<string>): string | undefined {
	const missing = new Map<string, string[]>();
	for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
		const has = containerQuotaNames(c.resources?.requests, c.resources?.limits);
		for (const r of required) if (!has.has(r)) missing.set(r, [...(missing.get(r) ?? []), c.name]);
	}
	if (!missing.size) return undefined;
	const parts = [...missing.keys()].sort().map(r => `${r} for: ${[...new Set(missing.get(r))].sort().join(',')}`);
	return `must specify ${parts.join('; ')}`;
}

export const resourceQuotaAdmission: AdmissionPlugin = {
	name: 'ResourceQuota',
	order: 1000,
	validate(req, ctx) {
		if (req.operation !== 'CREATE' || !req.kind.namespaced) return;
		const namespace = req.obj.metadata.namespace;
		if (!namespace) return;
		const quotas = (ctx.read.list('ResourceQuota', namespace) as ResourceQuota[]).filter(q => Object.keys(q.spec?.hard ?? {}).length);
		if (!quotas.length) return;
		quotas.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
		const delta = usageOf(req.kind, req.obj);
		if (req.kind.kind === 'Pod') {
			for (const quota of quotas) {
				const required = new Set(Object.keys(quota.spec?.hard ?? {}).filter(n => CONTAINER_NAMES.has(n)));
				if (!required.size || !delta.size || !delta.has('pods')) continue;
				const why = missingPerContainer(req.obj as Pod, required);
				if (why) throw errors.forbidden(req.kind.group ? `${req.kind.plural}.${req.kind.group}` : req.kind.plural, req.name, `failed quota: ${quota.metadata.name}: ${why}`);
			}
		}
		for (const quota of quotas) {
			const hard = quota.spec?.hard ?? {};
			const names = Object.keys(hard).filter(n => delta.has(n));
			if (!names.length) continue;
			const used = namespaceUsage(namespace, names, allKinds, ctx.read, req.obj);
			const exceeded = names.filter(n => {
				const limit = Quantity.parse(hard[n]);
				return limit && used.get(n)!.add(delta.get(n)!).compare(limit) > 0;
			});
			if (!exceeded.length) continue;
			const limits = new Map(exceeded.map(n => [n, Quantity.parse(hard[n])!]));
			const resource = req.kind.group ? `${req.kind.plural}.${req.kind.group}` : req.kind.plural;
			throw errors.forbidden(
				resource,
				req.name,
				`exceeded quota: ${quota.metadata.name}, requested: ${prettyUsage(delta, exceeded)}, used: ${prettyUsage(used, exceeded)}, limited: ${prettyUsage(limits, exceeded)}`,
			);
		}
	},
};
