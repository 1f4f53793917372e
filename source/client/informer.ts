// An informer: a list, then a watch, of one kind over every namespace, feeding a cache; it lists
// again (with backoff) when the watch breaks or its resourceVersion is too old. And the REST
// paths of a kind's objects.
import {KubeConfig, Watch} from '@kubernetes/client-node';
import type {KObject} from '../cluster/types.js';
import type {KindInfo} from '../kinds/index.js';

/** What an informer needs of its client: requests, and someone to tell of changes. */
export interface InformerHost {
	requestJson(method: string, path: string): Promise<unknown>;
	changed(kind: string): void;
}

/** The REST path of a kind's collection: `/api/v1/pods`, `/apis/apps/v1/namespaces/ns/deployments`. */
export function collectionPath(k: KindInfo, namespace?: string): string {
	const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
	return k.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${base}/${k.plural}`;
}

export function objectPath(k: KindInfo, namespace: string | undefined, name: string, subresource?: string): string {
	return `${collectionPath(k, namespace ?? 'default')}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

export function keyOf(obj: KObject): string {
	return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** A list + watch of one kind over every namespace, feeding a cache. */
export class Informer {
	readonly cache = new Map<string, KObject>();
	synced = false;
	private resourceVersion = '';
	private controller: AbortController | undefined;
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	private failures = 0;
	private generation = 0;
	private readonly syncWaiters: Array<() => void> = [];

	constructor(
		readonly kind: KindInfo,
		private readonly client: InformerHost,
		private readonly kc: KubeConfig,
	) {}

	start(): void {
		void this.relist();
	}

	whenSynced(): Promise<void> {
		return this.synced ? Promise.resolve() : new Promise(r => this.syncWaiters.push(r));
	}

	stop(): void {
		this.stopped = true;
		this.generation++;
		if (this.timer) clearTimeout(this.timer);
		this.controller?.abort();
		this.controller = undefined;
	}

	private retry(relist: boolean): void {
		if (this.stopped) return;
		this.controller?.abort();
		this.controller = undefined;
		const delay = relist ? Math.min(15_000, 500 * 2 ** Math.min(5, this.failures++)) : 0;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void (relist ? this.relist() : this.watch()), delay);
		this.timer.unref?.();
	}

	private async relist(): Promise<void> {
		if (this.stopped) return;
		const gen = ++this.generation;
		let list: {items?: KObject[]; metadata?: {resourceVersion?: string}} | undefined;
		try {
			list = (await this.client.requestJson('GET', collectionPath(this.kind))) as typeof list;
		} catch {
			if (gen === this.generation) this.retry(true);
			return;
		}
		if (this.stopped || gen !== this.generation) return;
		const fresh = new Map<string, KObject>();
		for (const item of list?.items ?? []) {
			item.kind = this.kind.kind;
			item.apiVersion = this.kind.apiVersion;
			fresh.set(keyOf(item), item);
		}
		this.cache.clear();
		for (const [k, v] of fresh) this.cache.set(k, v);
		this.resourceVersion = list?.metadata?.resourceVersion ?? '';
		this.synced = true;
		for (const w of this.syncWaiters.splice(0)) w();
		this.client.changed(this.kind.kind);
		void this.watch();
	}

	private async watch(): Promise<void> {
		if (this.stopped) return;
		const gen = this.generation;
		let relist = false;
		let gotEvent = false;
		const onEvent = (type: string, obj: KObject | undefined) => {
			if (gen !== this.generation || this.stopped) return;
			if (type === 'ERROR') {
				// 410 Gone: the resource version is too old; anything else: start over too
				relist = true;
				this.controller?.abort();
				return;
			}
			const rv = obj?.metadata?.resourceVersion;
			if (rv) this.resourceVersion = rv;
			if (type === 'BOOKMARK') return;
			gotEvent = true;
			this.failures = 0;
			if (!obj) return;
			const o = obj;
			o.kind = this.kind.kind;
			o.apiVersion = this.kind.apiVersion;
			if (type === 'DELETED') this.cache.delete(keyOf(o));
			else this.cache.set(keyOf(o), o);
			this.client.changed(this.kind.kind);
		};
		const done = (err: unknown) => {
			if (gen !== this.generation || this.stopped) return;
			if (err && (err as Error).name !== 'AbortError' && !relist) relist = true;
			if (relist) this.generation++;
			if (!relist && !gotEvent) this.failures++;
			this.retry(relist || this.failures > 3);
		};
		try {
			this.controller = await new Watch(this.kc).watch(collectionPath(this.kind), {resourceVersion: this.resourceVersion || undefined, allowWatchBookmarks: true, timeoutSeconds: 300 + Math.floor(Math.random() * 300)}, onEvent, done);
			if (this.stopped) this.controller.abort();
		} catch (e) {
			done(e);
		}
	}
}

