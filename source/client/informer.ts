// An informer: a paged list, then a watch, of one kind over every namespace, feeding a cache; it
// lists again (with backoff) when the watch breaks or its resourceVersion is too old. The first
// page is in the cache (and on screen) before the rest arrives. A kind with more objects than a
// threshold switches to Table-row mode: it lists and watches the server's Table rows with
// object metadata only (see listed.ts). And the REST paths of a kind's objects.
import type {IncomingMessage} from 'node:http';
import {createInterface} from 'node:readline';
import type {KObject} from '../cluster/types.js';
import type {KindInfo} from '../kinds/index.js';
import {TABLE_ACCEPT, columnMapping, listedObject, type TableColumn, type TableRowJson} from './listed.js';

/** What an informer needs of its client: requests, a watch stream, and someone to tell of changes. */
export interface InformerHost {
	requestJson(method: string, path: string, body?: unknown, contentType?: string, accept?: string): Promise<unknown>;
	/** Opens a streamed GET; resolves with the response (any status). */
	stream(path: string, accept: string): Promise<{response: IncomingMessage; abort(): void}>;
	/** A change; `key` names the one object it touched, when it touched one (a watch event). */
	changed(kind: string, key?: string): void;
}

export interface InformerOptions {
	/** Objects per list request (`limit`). */
	pageSize?: number;
	/** A kind with more objects than this is held as Table rows with metadata only. */
	tableThreshold?: number;
}

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_TABLE_THRESHOLD = 5000;
/** While a long list comes in, how often the screen hears of its pages. */
const PAGES_TOLD_MS = 250;

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

interface ListJson {
	items?: KObject[];
	rows?: TableRowJson[];
	columnDefinitions?: TableColumn[];
	metadata?: {resourceVersion?: string; continue?: string; remainingItemCount?: number};
}

/** A list + watch of one kind over every namespace, feeding a cache. */
export class Informer {
	readonly cache = new Map<string, KObject>();
	/** The whole list has been read once. */
	synced = false;
	/** Its first page has been read (or the list failed once). */
	firstPage = false;
	/**
	 * The first list is yet to say how big the kind is. It is asked as Table rows: a kind of
	 * 150,000 objects then costs the server one list rather than two (whole objects first).
	 */
	private probing = true;
	/** When the screen last heard of a page of the first list. */
	private toldAt = 0;
	/** Held as Table rows (metadata-only objects). */
	tableMode = false;
	/** Why the last list failed, in kubectl's words (a 403 of an impersonated user), until one succeeds. */
	error: string | undefined;
	private readonly pageSize: number;
	private readonly threshold: number;
	private mapping: number[] | undefined;
	private resourceVersion = '';
	private abortWatch: (() => void) | undefined;
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	private failures = 0;
	private generation = 0;
	private readonly syncWaiters: Array<() => void> = [];
	private readonly pageWaiters: Array<() => void> = [];

	constructor(
		readonly kind: KindInfo,
		private readonly client: InformerHost,
		opts: InformerOptions = {},
	) {
		this.pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
		this.threshold = opts.tableThreshold ?? DEFAULT_TABLE_THRESHOLD;
	}

	start(): void {
		void this.relist();
	}

	whenSynced(): Promise<void> {
		return this.synced ? Promise.resolve() : new Promise(r => this.syncWaiters.push(r));
	}

	/** Resolves once the first page is in the cache (or the first list failed). */
	whenFirstPage(): Promise<void> {
		return this.firstPage ? Promise.resolve() : new Promise(r => this.pageWaiters.push(r));
	}

	stop(): void {
		this.stopped = true;
		this.generation++;
		if (this.timer) clearTimeout(this.timer);
		this.abortWatch?.();
		this.abortWatch = undefined;
		// nobody waits forever on a stopped informer
		this.markFirstPage();
	}

	private markFirstPage(): void {
		this.firstPage = true;
		for (const w of this.pageWaiters.splice(0)) w();
	}

	private retry(relist: boolean): void {
		if (this.stopped) return;
		this.abortWatch?.();
		this.abortWatch = undefined;
		const delay = relist ? Math.min(15_000, 500 * 2 ** Math.min(5, this.failures++)) : 0;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void (relist ? this.relist() : this.watch()), delay);
		this.timer.unref?.();
	}

	private listPath(cont: string | undefined, asTable: boolean): string {
		const q = new URLSearchParams({limit: String(this.pageSize)});
		if (cont) q.set('continue', cont);
		if (asTable) q.set('includeObject', 'Metadata');
		return `${collectionPath(this.kind)}?${q}`;
	}

	/** Objects of one page, typed (whole objects) or as metadata-only stand-ins (Table rows). */
	private objectsOf(page: ListJson): KObject[] {
		if (!this.tableMode) {
			const items = page.items ?? [];
			for (const item of items) {
				item.kind = this.kind.kind;
				item.apiVersion = this.kind.apiVersion;
			}
			return items;
		}
		if (page.columnDefinitions?.length) this.mapping = columnMapping(this.kind, page.columnDefinitions);
		const out: KObject[] = [];
		for (const row of page.rows ?? []) {
			const o = listedObject(this.kind, row, this.mapping ?? []);
			if (o) out.push(o);
		}
		return out;
	}

	private async relist(): Promise<void> {
		if (this.stopped) return;
		const gen = ++this.generation;
		// the first list fills the cache as pages come; a later one swaps in its result at the end
		const filling = !this.synced;
		const fresh = new Map<string, KObject>();
		let cont: string | undefined;
		let rv = '';
		try {
			do {
				const asTable = this.tableMode || this.probing;
				const page = (await this.client.requestJson('GET', this.listPath(cont, asTable), undefined, undefined, asTable ? TABLE_ACCEPT : undefined)) as ListJson | undefined;
				if (this.stopped || gen !== this.generation) return;
				const total = (page?.items?.length ?? page?.rows?.length ?? 0) + (page?.metadata?.remainingItemCount ?? 0);
				if (!cont && this.probing) {
					// the first page was asked as Table rows, which a big kind is held as: it carries on
					// with them; a small one is listed again as whole objects
					this.probing = false;
					const rows = Array.isArray(page?.rows);
					if (rows && total > this.threshold) this.tableMode = true;
					// (a server that answers with a plain list instead has sent whole objects)
					else if (rows) return void this.relist();
				}
				if (!cont && !this.tableMode && total > this.threshold) {
					// too many to hold whole: start over as Table rows
					this.tableMode = true;
					this.cache.clear();
					return void this.relist();
				}
				rv = page?.metadata?.resourceVersion ?? '';
				for (const o of this.objectsOf(page ?? {})) {
					fresh.set(keyOf(o), o);
					if (filling) this.cache.set(keyOf(o), o);
				}
				cont = page?.metadata?.continue || undefined;
				if (filling) {
					// the first page is told at once, later ones at most every PAGES_TOLD_MS: each
					// telling re-sorts what is on screen, which for 300 pages of 500 would cost more
					// than the list itself
					const now = performance.now();
					if (!this.firstPage || now - this.toldAt >= PAGES_TOLD_MS) {
						this.toldAt = now;
						this.markFirstPage();
						this.client.changed(this.kind.kind);
					}
				}
			} while (cont);
		} catch (e) {
			if (gen !== this.generation) return;
			// 410 Expired mid-list: the snapshot is gone, list again from the start at once
			if ((e as {code?: number}).code === 410) return void this.relist();
			const message = e instanceof Error ? e.message : String(e);
			if (message !== this.error) {
				this.error = message;
				this.client.changed(this.kind.kind);
			}
			this.markFirstPage();
			this.retry(true);
			return;
		}
		if (!filling || this.cache.size !== fresh.size) {
			this.cache.clear();
			for (const [k, v] of fresh) this.cache.set(k, v);
		}
		this.resourceVersion = rv;
		this.error = undefined;
		this.synced = true;
		this.markFirstPage();
		for (const w of this.syncWaiters.splice(0)) w();
		this.client.changed(this.kind.kind);
		void this.watch();
	}

	private apply(type: string, obj: KObject | undefined): void {
		if (!obj) return;
		const key = keyOf(obj);
		if (type === 'DELETED') this.cache.delete(key);
		else this.cache.set(key, obj);
		this.client.changed(this.kind.kind, key);
	}

	private async watch(): Promise<void> {
		if (this.stopped) return;
		const gen = this.generation;
		let relist = false;
		let gotEvent = false;
		let finished = false;
		const done = (err: unknown) => {
			if (finished || gen !== this.generation || this.stopped) return;
			finished = true;
			if (err && !relist) relist = true;
			if (relist) this.generation++;
			if (!relist && !gotEvent) this.failures++;
			this.retry(relist || this.failures > 3);
		};
		const q = new URLSearchParams({watch: 'true', allowWatchBookmarks: 'true', timeoutSeconds: String(300 + Math.floor(Math.random() * 300))});
		if (this.resourceVersion) q.set('resourceVersion', this.resourceVersion);
		if (this.tableMode) q.set('includeObject', 'Metadata');
		let opened: {response: IncomingMessage; abort(): void};
		try {
			opened = await this.client.stream(`${collectionPath(this.kind)}?${q}`, this.tableMode ? TABLE_ACCEPT : 'application/json');
		} catch (e) {
			return done(e);
		}
		const {response, abort} = opened;
		// a stream cut by the server (or by abort) reports an error: it only ends this watch
		response.on('error', e => done(relist ? undefined : e));
		if (this.stopped || gen !== this.generation) return abort();
		this.abortWatch = abort;
		if ((response.statusCode ?? 0) !== 200) {
			// 410 Gone before the stream: list again
			relist = response.statusCode === 410;
			response.resume();
			abort();
			return done(relist ? undefined : new Error(`watch answered ${response.statusCode}`));
		}
		response.socket?.setTimeout(0);
		const lines = createInterface({input: response, crlfDelay: Infinity});
		// readline passes the stream's error on: the watch has ended, as above
		lines.on('error', () => {});
		lines.on('line', line => {
			if (gen !== this.generation || this.stopped || !line) return;
			let ev: {type?: string; object?: any};
			try {
				ev = JSON.parse(line);
			} catch {
				return;
			}
			const type = ev.type ?? '';
			if (type === 'ERROR') {
				// 410 Gone: the resource version is too old; anything else: start over too
				relist = true;
				abort();
				return;
			}
			const obj = ev.object;
			const rv = obj?.metadata?.resourceVersion;
			if (rv) this.resourceVersion = rv;
			if (type === 'BOOKMARK') return;
			gotEvent = true;
			this.failures = 0;
			if (this.tableMode) for (const o of this.objectsOf(obj ?? {})) this.apply(type, o);
			else this.apply(type, this.objectsOf({items: obj ? [obj] : []})[0]);
		});
		lines.once('close', () => done(relist ? undefined : null));
	}
}
