// The resource quota controller: keeps each ResourceQuota's status.hard (its spec's) and
// status.used (what the namespace's objects count, for every hard resource) up to date as
// objects come and go.
import type {KObject, ResourceList, ResourceQuota} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {watchKind} from '../core/objects.js';
import {deepEqual} from '../core/json.js';
import {KINDS} from '../../kinds/index.js';
import {canonicalQuantity} from '../../kinds/resources.js';
import {namespaceUsage} from '../../kinds/resourcequota/usage.js';

/** Kinds whose writes never change what a quota counts here. */
const UNCOUNTED = new Set(['Event', 'Lease', 'ResourceQuota', 'Namespace', 'Node']);

export class ResourceQuotaController implements Reconciler {
	readonly name = 'resourcequota';
	/** Quota keys by namespace. */
	private quotas = new Map<string, Set<string>>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		watchKind<ResourceQuota>(ctx.store, 'ResourceQuota', (type, rq) => {
			const ns = rq.metadata.namespace ?? 'default';
			const key = `${ns}/${rq.metadata.name}`;
			let set = this.quotas.get(ns);
			if (type === 'DELETED') {
				set?.delete(key);
				return;
			}
			if (!set) this.quotas.set(ns, (set = new Set()));
			set.add(key);
			ctx.runner.enqueue(this, key);
			// other quotas of the namespace count resourcequotas too
			for (const k of set) if (k !== key) ctx.runner.enqueue(this, k);
		});
		for (const k of KINDS) {
			if (!k.namespaced || UNCOUNTED.has(k.kind)) continue;
			ctx.store.watch(k.kind, (_type, obj: KObject) => {
				const set = this.quotas.get(obj.metadata.namespace ?? 'default');
				if (set) for (const key of set) ctx.runner.enqueue(this, key);
			});
		}
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const rq = this.ctx.store.get<ResourceQuota>('ResourceQuota', ns, name);
		if (!rq || rq.metadata.deletionTimestamp) return;
		const hardSpec = rq.spec?.hard ?? {};
		const names = Object.keys(hardSpec).sort();
		const hard: ResourceList = {};
		for (const n of names) hard[n] = canonicalQuantity(hardSpec[n]);
		const reader = {
			get: (kind: string, namespace: string | undefined, n: string) => this.ctx.store.get(kind, namespace, n),
			list: (kind: string, namespace?: string) => this.ctx.store.list(kind, {namespace}),
		};
		const usage = namespaceUsage(ns ?? 'default', names, KINDS, reader);
		const used: ResourceList = {};
		for (const n of names) used[n] = usage.get(n)!.toString();
		const status = {hard, used};
		if (deepEqual(rq.status ?? {}, status)) return;
		this.ctx.api.setStatus(rq, status);
	}
}
