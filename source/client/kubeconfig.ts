// The kubeconfig client: the dashboard on a real Kubernetes API (or `kubesim serve`). Reads come
// from informer caches (list + watch of every namespace, per kind, started lazily); writes are
// done the way kubectl does them, and fail with the text kubectl would print.
import {existsSync} from 'node:fs';
import http from 'node:http';
import {homedir} from 'node:os';
import {delimiter, join} from 'node:path';
import https from 'node:https';
import {createInterface} from 'node:readline';
import {KubeConfig} from '@kubernetes/client-node';
import type {Event, KindMap, KindName, KObject, Status} from '../cluster/types.js';
import {matches, matchesFields, parseFieldSelector, parseLabelSelector} from '../cluster/core/selectors.js';
import {KINDS, kindInfo, resolveKind, type KindInfo, type RenderContext} from '../kinds/index.js';
import {describeWith, eventsAbout, renderContextOf} from './context.js';
import {Informer, collectionPath, objectPath} from './informer.js';
import {isListed} from './listed.js';

export {collectionPath, objectPath} from './informer.js';
import type {ActingUser, Changes, ClusterClient, ClusterInfo, ExecOutput, ListOptions, LogStreamOptions, Revision, Usage} from './types.js';
import {ChangeLog} from './changes.js';
import {execRemote} from './remote-exec.js';
import * as verbs from '../verbs/index.js';
import type {VerbBackend} from '../verbs/index.js';
import {milliCpu, bytes} from '../cluster/core/quantity.js';
import {t} from '../i18n/index.js';


/**
 * Kinds cached from the start: the header and the pods view need them. Events are listed only
 * once a screen lists them (the events table, a pane of them), as k9s does: a big cluster holds
 * hundreds of thousands, and describe asks the server for one object's events instead.
 */
const CORE_KINDS = ['Namespace', 'Node', 'Pod'];
/** What the first frame waits for. */
const FIRST_FRAME_KINDS = CORE_KINDS;
const METRICS_INTERVAL_MS = 15_000;
const HISTORY_POINTS = 60;
/** Change notifications are coalesced to one per this many milliseconds. */
const FRAME_MS = 16;
/** Whole objects (and event lists) kept for Table-row kinds. */
const WHOLE_KEPT = 200;
const EVENTS_KEPT_MS = 3000;

export interface KubeconfigClientOptions {
	/** Path of the kubeconfig; default: $KUBECONFIG or ~/.kube/config. */
	kubeconfig?: string;
	/** Context to use; default: the current context. */
	context?: string;
	/** Poll metrics.k8s.io (default true). */
	metrics?: boolean;
	/** Objects per list request (default 500). */
	pageSize?: number;
	/** A kind with more objects than this is held as server-side Table rows (default 5,000). */
	tableThreshold?: number;
}

/** An error the API returned, with its Status. */
export class ApiError extends Error {
	constructor(
		message: string,
		readonly code: number,
		readonly reason: string,
		readonly status?: Partial<Status>,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

interface Response {
	status: number;
	body: string;
}

/** Loads a kubeconfig (a file or the default) and selects a context; throws a readable error. */
export function loadKubeConfig(opts: {kubeconfig?: string; context?: string} = {}): KubeConfig {
	const kc = new KubeConfig();
	try {
		if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
		else {
			// client-node falls back to http://localhost:8080 when there is nothing to load: say so
			const files = (process.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
			const found = files.length ? files.some(f => existsSync(f)) : existsSync(join(homedir(), '.kube', 'config'));
			if (!found && !process.env.KUBERNETES_SERVICE_HOST) throw new Error(`no kubeconfig found at ${files.length ? files.join(delimiter) : '~/.kube/config'} (pass --kubeconfig FILE)`);
			kc.loadFromDefault();
		}
	} catch (e) {
		if ((e as Error).message.startsWith('no kubeconfig found')) throw e;
		throw new Error(`cannot read kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${(e as Error).message}`);
	}
	if (opts.context) {
		if (!kc.getContexts().some(c => c.name === opts.context)) throw new Error(`context "${opts.context}" does not exist in the kubeconfig (contexts: ${kc.getContexts().map(c => c.name).join(', ') || 'none'})`);
		kc.setCurrentContext(opts.context);
	}
	if (!kc.getCurrentContext() || !kc.getContextObject(kc.getCurrentContext())) throw new Error('the kubeconfig has no current context (pass --context NAME)');
	if (!kc.getCurrentCluster()) throw new Error(`context "${kc.getCurrentContext()}" has no cluster`);
	return kc;
}

/** Loads the kubeconfig, reaches the server and returns a client (caches start filling). */
export async function createKubeconfigClient(opts: KubeconfigClientOptions = {}): Promise<KubeconfigClient> {
	const kc = loadKubeConfig(opts);
	const client = new KubeconfigClient(kc, {metrics: opts.metrics, pageSize: opts.pageSize, tableThreshold: opts.tableThreshold});
	try {
		await client.start();
	} catch (e) {
		client.close();
		throw new Error(`cannot reach the cluster of context "${kc.getCurrentContext()}" at ${kc.getCurrentCluster()?.server}: ${(e as Error).message}`);
	}
	return client;
}

/**
 * The contexts of a kubeconfig for App's `contexts` prop. Switching to an unknown context throws;
 * otherwise `onSwitch` makes the new client (it may be async: `current()` changes once it resolves,
 * and stays on the old context when it rejects).
 */
export function kubeconfigContexts(kc: KubeConfig, onSwitch: (name: string) => void | Promise<void>) {
	let current = kc.getCurrentContext();
	return {
		list: () => kc.getContexts().map(c => c.name),
		current: () => current,
		switchTo(name: string) {
			if (!kc.getContexts().some(c => c.name === name)) throw new Error(`context "${name}" does not exist`);
			const r = onSwitch(name);
			if (r && typeof r.then === 'function') r.then(() => (current = name)).catch(() => {});
			else current = name;
		},
	};
}

export class KubeconfigClient implements ClusterClient {
	private readonly informers = new Map<string, Informer>();
	private readonly listeners = new Set<() => void>();
	private readonly perKind = new Map<string, number>();
	/** The keys each change touched, for tables that move only the changed rows. */
	private readonly changes = new ChangeLog();
	private counter = 0;
	private version = '';
	private agent: http.Agent | undefined;
	private readonly ticker: NodeJS.Timeout;
	private metricsTimer: NodeJS.Timeout | undefined;
	private readonly usageByKey = new Map<string, Usage[]>();
	private readonly streams = new Set<http.ClientRequest>();
	private closed = false;
	private pendingNotify: NodeJS.Timeout | undefined;
	/** Each kind's cache sorted by namespace and name, until it changes. */
	private readonly sorted = new Map<string, KObject[]>();
	/** Whole objects of Table-row kinds, fetched for the rows a screen needs, by key. */
	private readonly whole = new Map<string, {rv: string | undefined; obj?: KObject; pending?: boolean}>();
	/** `:user`: sent as Impersonate-User and Impersonate-Group on every request (kubectl's --as, --as-group). */
	private impersonating: ActingUser | undefined;
	/** Events about objects, asked of the server when events are held as Table rows. */
	private readonly eventsAsked = new Map<string, {events: Event[]; at: number; pending?: boolean}>();

	constructor(
		readonly kc: KubeConfig,
		private readonly opts: {metrics?: boolean; pageSize?: number; tableThreshold?: number} = {},
	) {
		// ages change with the wall clock: tell the UI every second even without events
		this.ticker = setInterval(() => this.notify(), 1000);
		this.ticker.unref?.();
	}

	/** Reads /version and starts the core informers; rejects when the server cannot be reached. */
	async start(): Promise<void> {
		const v = await this.requestJson('GET', '/version');
		this.version = v?.gitVersion ?? 'unknown';
		for (const k of CORE_KINDS) this.informer(k);
		if (this.opts.metrics !== false) void this.pollMetrics();
	}

	/** Resolves once the first page of each kind (default: the core kinds) is in its cache. */
	async firstPages(kinds: string[] = FIRST_FRAME_KINDS): Promise<void> {
		await Promise.all(kinds.map(k => this.informer(k)?.whenFirstPage()));
	}

	/** Resolves once the kinds (default: the core kinds) have been listed once. */
	async synced(kinds: string[] = CORE_KINDS): Promise<void> {
		await Promise.all(kinds.map(k => this.informer(k)?.whenSynced()));
	}

	// ------------------------------------------------------------ HTTP

	private async requestOptions(method: string, path: string, headers: Record<string, string>): Promise<{url: URL; options: https.RequestOptions}> {
		const cluster = this.kc.getCurrentCluster();
		if (!cluster) throw new Error('no current cluster in the kubeconfig');
		const url = new URL(cluster.server.replace(/\/$/, '') + path);
		const as = this.impersonating ? {'Impersonate-User': this.impersonating.username, ...(this.impersonating.groups.length ? {'Impersonate-Group': this.impersonating.groups} : {})} : {};
		const options: https.RequestOptions = {method, headers: {Accept: 'application/json', ...headers, ...as}};
		await this.kc.applyToHTTPSOptions(options);
		// keep one agent (and its sockets) for every request
		if (this.agent) options.agent = this.agent;
		else if (options.agent instanceof http.Agent) {
			this.agent = options.agent;
			(this.agent as http.Agent & {keepAlive: boolean}).keepAlive = true;
		}
		return {url, options};
	}

	private async open(method: string, path: string, body?: string, contentType = 'application/json', accept?: string): Promise<http.IncomingMessage> {
		const headers: Record<string, string> = body !== undefined ? {'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body))} : {};
		if (accept) headers.Accept = accept;
		const {url, options} = await this.requestOptions(method, path, headers);
		const mod = url.protocol === 'https:' ? https : http;
		return new Promise((resolve, reject) => {
			// kept until the response ends, so close() also ends followed logs
			const req = mod.request(url, options, res => {
				res.once('close', () => this.streams.delete(req));
				// a response cut short (the server went away) errors: its reader hears of it, and
				// an error nobody reads must not end the program
				res.on('error', () => {});
				resolve(res);
			});
			req.setTimeout(30_000, () => req.destroy(new Error('timed out waiting for the server')));
			req.on('error', e => {
				this.streams.delete(req);
				reject(e);
			});
			this.streams.add(req);
			if (body !== undefined) req.write(body);
			req.end();
		});
	}

	private async request(method: string, path: string, body?: string, contentType?: string, accept?: string): Promise<Response> {
		const res = await this.open(method, path, body, contentType, accept);
		const chunks: Buffer[] = [];
		for await (const c of res) chunks.push(c as Buffer);
		return {status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')};
	}

	/** A JSON request; a non-2xx answer rejects with kubectl's `Error from server (Reason): message`. */
	async requestJson(method: string, path: string, body?: unknown, contentType?: string, accept?: string): Promise<any> {
		const r = await this.request(method, path, body === undefined ? undefined : JSON.stringify(body), contentType, accept);
		if (r.status >= 200 && r.status < 300) return r.body ? JSON.parse(r.body) : undefined;
		throw statusError(r);
	}

	/** @internal a streamed GET for informers' watches (ended by abort, or by close). */
	async stream(path: string, accept: string): Promise<{response: http.IncomingMessage; abort(): void}> {
		const response = await this.open('GET', path, undefined, undefined, accept);
		return {response, abort: () => response.destroy()};
	}

	// ------------------------------------------------------------ caches

	/** @internal called by informers; the listeners hear of a burst of changes once per frame. */
	changed(kind: string, key?: string): void {
		this.counter++;
		const revision = (this.perKind.get(kind) ?? 0) + 1;
		this.perKind.set(kind, revision);
		if (key === undefined) this.changes.reset(kind, revision);
		else this.changes.record(kind, revision, key);
		this.sorted.delete(kind);
		if (this.pendingNotify || this.closed) return;
		this.pendingNotify = setTimeout(() => {
			this.pendingNotify = undefined;
			this.notify();
		}, FRAME_MS);
		this.pendingNotify.unref?.();
	}

	private notify(): void {
		for (const l of this.listeners) l();
	}

	private informer(kind: string): Informer | undefined {
		const k = resolveKind(kind);
		if (!k || this.closed) return undefined;
		let inf = this.informers.get(k.kind);
		if (!inf) {
			inf = new Informer(k, this, {pageSize: this.opts.pageSize, tableThreshold: this.opts.tableThreshold});
			this.informers.set(k.kind, inf);
			inf.start();
		}
		return inf;
	}

	/** Acts as another user (or yourself again): every cache is listed again with the new headers. */
	actAs(user: ActingUser | undefined): void {
		this.impersonating = user ? {username: user.username, groups: [...user.groups]} : undefined;
		const kinds = [...this.informers.keys()];
		for (const inf of this.informers.values()) inf.stop();
		this.informers.clear();
		this.sorted.clear();
		this.whole.clear();
		this.eventsAsked.clear();
		this.changes.clear();
		for (const k of kinds) this.informer(k);
		for (const k of kinds) this.changed(k);
	}

	actingAs(): ActingUser | undefined {
		return this.impersonating;
	}

	/** The last list of a kind failed (a 403 as the impersonated user): kubectl's words for it. */
	listProblem(kind: string): string | undefined {
		return this.informers.get(resolveKind(kind)?.kind ?? kind)?.error;
	}

	info(): ClusterInfo {
		return {name: this.kc.getCurrentContext(), kind: 'context', version: this.version, server: this.kc.getCurrentCluster()?.server};
	}

	kinds() {
		return KINDS;
	}

	now(): number {
		return Date.now();
	}

	changesSince(kind: string, since: number): Changes | undefined {
		const k = resolveKind(kind);
		const inf = k && this.informers.get(k.kind);
		if (!inf) return undefined;
		const keys = this.changes.since(k.kind, since, this.revision(k.kind));
		if (!keys) return undefined;
		const changed: KObject[] = [];
		const removed: string[] = [];
		for (const key of keys) {
			const o = inf.cache.get(key);
			if (o) changed.push(o);
			else removed.push(key);
		}
		return {changed, removed};
	}

	revision(kind?: string): number {
		return kind ? (this.perKind.get(kindInfo(kind)?.kind ?? resolveKind(kind)?.kind ?? kind) ?? 0) : this.counter;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Starts the informer of a kind; informers keep running (their caches stay warm) until close. */
	watchKind(kind: string): () => void {
		this.informer(kind);
		return () => {};
	}

	list<K extends KindName>(kind: K, opts?: ListOptions): KindMap[K][];
	list(kind: string, opts?: ListOptions): KObject[];
	list(kind: string, opts: ListOptions = {}): KObject[] {
		const inf = this.informer(kind);
		if (!inf || (inf.tableMode && !opts.rows)) return [];
		let labels;
		let fields;
		try {
			labels = parseLabelSelector(opts.labelSelector);
			fields = parseFieldSelector(opts.fieldSelector);
		} catch {
			return [];
		}
		// a table sorts its rows itself (and keeps its order from one change to the next)
		let all = opts.rows ? [...inf.cache.values()] : this.sorted.get(inf.kind.kind);
		if (!all) {
			const keyed = [...inf.cache].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
			all = keyed.map(e => e[1]);
			this.sorted.set(inf.kind.kind, all);
		}
		const namespace = opts.namespace && inf.kind.namespaced ? opts.namespace : undefined;
		if (!namespace && !labels.length && !fields.length) return opts.rows ? all : all.slice();
		return all.filter(o => (!namespace || o.metadata.namespace === namespace) && (!labels.length || matches(labels, o.metadata.labels)) && (!fields.length || matchesFields(fields, o)));
	}

	/**
	 * An object from the caches. A kind held as Table rows has only metadata in its cache: its
	 * whole object is fetched the first time it is asked for (and again after it changes), and is
	 * undefined until it arrives (the listeners hear of it then).
	 */
	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		const inf = this.informer(kind);
		if (!inf) return undefined;
		const key = `${inf.kind.namespaced ? namespace ?? 'default' : ''}/${name}`;
		const cached = inf.cache.get(key);
		if (!cached || !isListed(cached)) return cached;
		const wholeKey = `${inf.kind.kind}/${key}`;
		const rv = cached.metadata.resourceVersion;
		const w = this.whole.get(wholeKey);
		if (w?.obj && w.rv === rv) return w.obj;
		if (!w?.pending || w.rv !== rv) this.fetchWhole(inf.kind, cached, wholeKey);
		return undefined;
	}

	private fetchWhole(k: KindInfo, listed: KObject, wholeKey: string): void {
		const rv = listed.metadata.resourceVersion;
		const entry: {rv: string | undefined; obj?: KObject; pending?: boolean} = {rv, pending: true};
		this.whole.delete(wholeKey);
		this.whole.set(wholeKey, entry);
		while (this.whole.size > WHOLE_KEPT) this.whole.delete(this.whole.keys().next().value!);
		this.requestJson('GET', objectPath(k, listed.metadata.namespace, listed.metadata.name))
			.then((obj: KObject) => {
				obj.kind = k.kind;
				obj.apiVersion = k.apiVersion;
				entry.obj = obj;
				// newer than the row: keep it for the row's version (the watch brings the row soon)
				entry.rv = rv;
			})
			.catch(() => {
				this.whole.delete(wholeKey);
			})
			.finally(() => {
				entry.pending = false;
				// the rows are as they were: only describe and YAML have more to show
				this.changed(k.kind, '');
			});
	}

	/** Events about an object; when events are held as Table rows, asked of the server (kept a few seconds). */
	eventsFor(obj: KObject): Event[] {
		const events = this.informers.get('Event');
		if (events?.synced && !events.tableMode) return eventsAbout(this, obj);
		const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}/${obj.metadata.uid ?? ''}`;
		const asked = this.eventsAsked.get(key);
		if (!asked || (!asked.pending && Date.now() - asked.at > EVENTS_KEPT_MS)) this.askEvents(obj, key, asked?.events ?? []);
		return asked?.events ?? [];
	}

	private askEvents(obj: KObject, key: string, previous: Event[]): void {
		const entry = {events: previous, at: Date.now(), pending: true};
		this.eventsAsked.set(key, entry);
		while (this.eventsAsked.size > WHOLE_KEPT) this.eventsAsked.delete(this.eventsAsked.keys().next().value!);
		const eventKind = kindInfo('Event')!;
		const namespaced = kindInfo(obj.kind)?.namespaced ?? true;
		const q = new URLSearchParams({fieldSelector: `involvedObject.name=${obj.metadata.name}`});
		this.requestJson('GET', `${collectionPath(eventKind, namespaced ? (obj.metadata.namespace ?? 'default') : undefined)}?${q}`)
			.then((list: {items?: Event[]}) => {
				const reads = {now: () => this.now(), get: () => undefined, usage: () => undefined, list: () => (list.items ?? []).map(e => ({...e, kind: 'Event', apiVersion: eventKind.apiVersion}))};
				entry.events = eventsAbout(reads as never, obj);
			})
			.catch(() => {})
			.finally(() => {
				entry.at = Date.now();
				entry.pending = false;
				this.changed('Event', '');
			});
	}

	namespaces(): string[] {
		return this.list('Namespace').map(n => n.metadata.name);
	}

	// ------------------------------------------------------------ metrics

	private async pollMetrics(): Promise<void> {
		if (this.closed) return;
		let served = true;
		let any = false;
		try {
			const [pods, nodes] = await Promise.all([
				this.requestJson('GET', '/apis/metrics.k8s.io/v1beta1/pods'),
				this.requestJson('GET', '/apis/metrics.k8s.io/v1beta1/nodes'),
			]);
			const record = (key: string, u: Usage) => {
				const h = this.usageByKey.get(key) ?? [];
				if (h[h.length - 1]?.timestamp !== u.timestamp) h.push(u);
				if (h.length > HISTORY_POINTS) h.splice(0, h.length - HISTORY_POINTS);
				this.usageByKey.set(key, h);
			};
			any = (pods?.items?.length ?? 0) + (nodes?.items?.length ?? 0) > 0;
			for (const m of pods?.items ?? []) {
				let cpu = 0;
				let mem = 0;
				for (const c of m.containers ?? []) {
					cpu += milliCpu(c.usage?.cpu);
					mem += bytes(c.usage?.memory);
				}
				record(`Pod/${m.metadata.namespace}/${m.metadata.name}`, {cpuMilli: cpu, memoryBytes: mem, timestamp: Date.parse(m.timestamp) || Date.now()});
			}
			for (const m of nodes?.items ?? []) record(`Node//${m.metadata.name}`, {cpuMilli: milliCpu(m.usage?.cpu), memoryBytes: bytes(m.usage?.memory), timestamp: Date.parse(m.timestamp) || Date.now()});
			this.changed('PodMetrics');
		} catch (e) {
			// no metrics-server: stop asking; other errors: try again later
			if (e instanceof ApiError && e.code === 404) served = false;
		}
		if (!served || this.closed) return;
		// a young cluster has no samples yet: ask again soon
		this.metricsTimer = setTimeout(() => void this.pollMetrics(), any ? METRICS_INTERVAL_MS : 3000);
		this.metricsTimer.unref?.();
	}

	private usageKey(kind: string, namespace: string | undefined, name: string): string {
		return `${kind}/${kindInfo(kind)?.namespaced ? (namespace ?? 'default') : ''}/${name}`;
	}

	usage(kind: string, namespace: string | undefined, name: string): Usage | undefined {
		const h = this.usageByKey.get(this.usageKey(kind, namespace, name));
		return h?.[h.length - 1];
	}

	usageHistory(kind: string, namespace: string | undefined, name: string): Usage[] {
		return this.usageByKey.get(this.usageKey(kind, namespace, name)) ?? [];
	}

	renderContext(): RenderContext {
		return renderContextOf(this);
	}

	describe(obj: KObject): string {
		return describeWith(this, obj);
	}

	// ------------------------------------------------------------ writes (as kubectl does them)

	/** The API as kubectl's verbs reach it, fresh from the server (not from the caches). */
	private readonly backend: VerbBackend = {
		get: (kind, ns, name) => this.requestJson('GET', objectPath(verbs.mustKind(kind), ns, name)),
		find: async (kind, ns, name) => {
			try {
				return await this.requestJson('GET', objectPath(verbs.mustKind(kind), ns, name));
			} catch (e) {
				if (e instanceof ApiError && e.code === 404) return undefined;
				throw e;
			}
		},
		list: async (kind, opts = {}) => {
			const q = new URLSearchParams();
			if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
			if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
			const list = await this.requestJson('GET', `${collectionPath(verbs.mustKind(kind), opts.namespace)}${q.size ? `?${q}` : ''}`);
			return list?.items ?? [];
		},
		create: obj => this.requestJson('POST', collectionPath(verbs.mustKind(obj.kind), obj.metadata.namespace), obj),
		update: obj => this.requestJson('PUT', objectPath(verbs.mustKind(obj.kind), obj.metadata.namespace, obj.metadata.name), obj),
		patch: (kind, ns, name, body, type, subresource) => this.requestJson('PATCH', objectPath(verbs.mustKind(kind), ns, name, subresource), body, verbs.PATCH_CONTENT_TYPES[type]),
		delete: async (kind, ns, name, propagationPolicy) => {
			await this.requestJson('DELETE', objectPath(verbs.mustKind(kind), ns, name), {kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy});
		},
		evict: async (ns, name) => {
			await this.requestJson('POST', objectPath(verbs.mustKind('Pod'), ns, name, 'eviction'), {apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name, namespace: ns}});
		},
		nowISO: () => verbs.rfc3339(Date.now()),
	};

	scale(kind: string, namespace: string, name: string, replicas: number): Promise<string> {
		return verbs.scale(this.backend, kind, namespace, name, replicas);
	}

	delete(kind: string, namespace: string | undefined, name: string, propagation: verbs.Propagation = 'Background'): Promise<string> {
		return verbs.remove(this.backend, kind, namespace, name, propagation);
	}

	restart(kind: string, namespace: string, name: string): Promise<string> {
		return verbs.restart(this.backend, kind, namespace, name);
	}

	setImage(kind: string, namespace: string, name: string, container: string, image: string): Promise<string> {
		return verbs.setImage(this.backend, kind, namespace, name, container, image);
	}

	rollback(namespace: string, name: string, toRevision = 0): Promise<string> {
		return verbs.rollback(this.backend, namespace, name, toRevision);
	}

	history(namespace: string, name: string): Promise<Revision[]> {
		return verbs.history(this.backend, namespace, name);
	}

	cordon(node: string, unschedulable: boolean): Promise<string> {
		return verbs.cordon(this.backend, node, unschedulable);
	}

	drain(node: string): Promise<string> {
		return verbs.drain(this.backend, node);
	}

	label(kind: string, namespace: string | undefined, name: string, changes: string): Promise<string> {
		return verbs.label(this.backend, kind, namespace, name, changes);
	}

	taint(node: string, changes: string): Promise<string> {
		return verbs.taint(this.backend, node, changes);
	}

	async apply(text: string, source = 'edit'): Promise<string[]> {
		try {
			return (await verbs.apply(this.backend, text, source)).map(r => r.message);
		} catch (e) {
			throw new Error(e instanceof Error && e.name === 'ManifestError' ? `error: ${e.message}` : (e as Error).message);
		}
	}

	exec(namespace: string, pod: string, container: string | undefined, argv: string[]): Promise<ExecOutput> {
		const name = container ?? this.get('Pod', namespace, pod)?.spec.containers[0]?.name ?? '';
		const as = this.impersonating;
		if (!as) return execRemote(this.kc, namespace, pod, name, argv);
		// client-node's WebSocket sends Impersonate-User (a kubeconfig user's `as`), never a group
		if (as.groups.length) return Promise.reject(new Error(t('error.userExecGroups')));
		const kc = new KubeConfig();
		const current = this.kc.getCurrentUser()?.name;
		kc.loadFromOptions({clusters: this.kc.clusters, contexts: this.kc.contexts, currentContext: this.kc.getCurrentContext(), users: this.kc.users.map(u => (u.name === current ? {...u, impersonateUser: as.username} : u))});
		return execRemote(kc, namespace, pod, name, argv);
	}

	async logs(namespace: string, pod: string, opts: LogStreamOptions, onLine: (line: string) => void): Promise<() => void> {
		const q = new URLSearchParams();
		if (opts.container) q.set('container', opts.container);
		if (opts.previous) q.set('previous', 'true');
		if (opts.tailLines !== undefined) q.set('tailLines', String(opts.tailLines));
		if (opts.timestamps) q.set('timestamps', 'true');
		if (opts.follow) q.set('follow', 'true');
		const path = `${objectPath(kindInfo('Pod')!, namespace, pod, 'log')}?${q}`;
		const res = await this.open('GET', path);
		if ((res.statusCode ?? 0) >= 300) {
			const chunks: Buffer[] = [];
			for await (const c of res) chunks.push(c as Buffer);
			throw statusError({status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8')});
		}
		res.socket?.setTimeout(0);
		const lines = createInterface({input: res, crlfDelay: Infinity});
		lines.on('error', () => {});
		let stopped = false;
		lines.on('line', line => {
			if (!stopped) onLine(line);
		});
		const stop = () => {
			stopped = true;
			lines.close();
			res.destroy();
		};
		if (!opts.follow) {
			await new Promise<void>(r => lines.once('close', () => r()));
			return () => {};
		}
		return stop;
	}

	close(): void {
		this.closed = true;
		clearInterval(this.ticker);
		if (this.pendingNotify) clearTimeout(this.pendingNotify);
		if (this.metricsTimer) clearTimeout(this.metricsTimer);
		for (const inf of this.informers.values()) inf.stop();
		this.informers.clear();
		for (const r of this.streams) r.destroy();
		this.streams.clear();
		this.listeners.clear();
		this.agent?.destroy();
	}
}

/** kubectl's text for a failed request: `Error from server (NotFound): pods "x" not found`. */
function statusError(r: Response): ApiError {
	let status: Partial<Status> | undefined;
	try {
		status = JSON.parse(r.body) as Partial<Status>;
	} catch {
		status = undefined;
	}
	if (status?.kind === 'Status') {
		const reason = status.reason || (r.status === 404 ? 'NotFound' : 'Unknown');
		return new ApiError(`Error from server (${reason}): ${status.message ?? r.body}`, r.status, reason, status);
	}
	const reason = http.STATUS_CODES[r.status]?.replace(/\s/g, '') ?? 'Unknown';
	return new ApiError(`Error from server (${reason}): ${r.body.trim() || `the server responded with the status code ${r.status}`}`, r.status, reason);
}
