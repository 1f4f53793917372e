// The embedded client: the dashboard on an in-process simulated cluster, with the simulator's
// powers (time control, chaos, load) on top of the usual operations.
import {describeError, StatusError, parseServiceAccountUser, serviceAccountGroups, type Cluster, type Driver, type DriverHost, type KObject, type RequestAttributes, type SchedulingExplanation} from '../cluster/index.js';
import {parseAllDocuments} from 'yaml';
import {forbidden} from '../server/auth.js';
import {kindInfo, servedKinds, type RenderContext} from '../kinds/index.js';
import {describeWith, eventsAbout, renderContextOf} from './context.js';
import type {ActingUser, Changes, RefusedRequest, ClusterClient, ClusterInfo, ExecOutput, ListOptions, LogStreamOptions, Revision, SimulatorControls, Usage} from './types.js';
import {ChangeLog} from './changes.js';
import type {UserInfo} from '../kinds/index.js';
import {createTools} from '../server/tools.js';
import {createPodNetwork, type PodNetwork} from '../server/network.js';
import {PortForwards, type PortForward} from './portforward.js';
import {realTimeHost} from './host.js';
import {t} from '../i18n/index.js';
import * as verbs from '../verbs/index.js';
import type {VerbBackend} from '../verbs/index.js';
import type {Event, KindMap, KindName} from '../cluster/types.js';
import {DrillRun} from '../drill/run.js';
import {accessRequest, type ObjectReader} from '../learn/check.js';
import {whyForbidden} from '../kinds/rbac/forbidden.js';
import {rbacObjects} from '../cluster/api/authorizer.js';
import type {ClusterRole, Role} from '../cluster/types.js';
import type {Finding} from '../kinds/types.js';
import type {Access} from '../learn/lesson.js';

export interface EmbeddedOptions {
	speed?: number;
	paused?: boolean;
	host?: DriverHost;
	/** Real milliseconds between driver ticks (default 100). */
	tickMs?: number;
}

export class EmbeddedClient implements ClusterClient {
	readonly driver: Driver;
	readonly sim: SimulatorControls;
	private listeners = new Set<() => void>();
	private counter = 0;
	private perKind = new Map<string, number>();
	private stopWatch: () => void;
	private readonly backend: VerbBackend;
	private tools?: ReturnType<typeof createTools>;
	private network?: PodNetwork;
	private readonly forwards = new PortForwards(() => this.notify());
	/** `:user`: whom every request is authorized as (undefined: the admin, who may do anything). */
	private user?: UserInfo;
	/** The last action refused to the acting user, for `w`. */
	private refused?: RefusedRequest;
	/** Decisions for the acting user, until RBAC objects change. */
	private readonly decisions = new Map<string, StatusError | null>();
	private decisionsAt = -1;
	/** Counts switches of user: what was listed before shows differently after. */
	private actEpoch = 0;
	/** The keys each write touched, for tables that move only the changed rows. */
	private readonly changes = new ChangeLog();

	constructor(
		readonly cluster: Cluster,
		opts: EmbeddedOptions = {},
	) {
		this.backend = clusterBackend(cluster, (verb, kind, ns, name, sub) => this.check(verb, kind, ns, name, sub));
		this.tools = createTools(cluster);
		cluster.attachPodNetworkTools(this.tools);
		this.driver = cluster.drive(opts.host ?? realTimeHost, opts.speed ?? 1, opts.tickMs ?? 100);
		if (opts.paused) this.driver.pause();
		this.stopWatch = cluster.onChange((kind, obj) => {
			this.counter++;
			const n = (this.perKind.get(kind) ?? 0) + 1;
			this.perKind.set(kind, n);
			this.changes.record(kind, n + this.actEpoch, `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
		});
		this.driver.onTick(() => this.notify());
		const self = this;
		this.sim = {
			paused: () => this.driver.paused,
			togglePause: () => {
				const p = this.driver.toggle();
				this.notify();
				return p;
			},
			speed: () => this.driver.speed,
			setSpeed: (s: number) => {
				this.driver.setSpeed(s);
				this.notify();
			},
			step: (ms = 1000) => {
				this.driver.step(ms);
			},
			failNode: async name => self.run(() => cluster.failNode(name), t('flash.nodeFailed', {name})),
			recoverNode: async name => self.run(() => cluster.recoverNode(name), t('flash.nodeRecovered', {name})),
			crashContainer: async (ns, pod, container) => self.run(() => cluster.crashContainer(ns, pod, container), t('flash.crashed', {pod})),
			setProbesFailing: async (ns, pod, failing) => self.run(() => cluster.setProbesFailing(ns, pod, failing), t(failing ? 'flash.probesFailing' : 'flash.probesHealthy', {pod})),
			traffic: (ns, svc) => cluster.traffic(ns, svc),
			setTraffic: async (ns, svc, rps) => self.run(() => cluster.setTraffic(ns, svc, Math.max(0, rps)), t('flash.traffic', {name: svc, rps: Math.max(0, rps)})),
			hpaHistory: (ns, name) => cluster.hpaHistory(ns, name),
			startDrill: drill => {
				let run: DrillRun;
				try {
					run = new DrillRun(cluster, drill).start();
				} catch (e) {
					throw new Error(describeError(e));
				}
				run.onEnd = () => this.notify();
				this.notify();
				return run;
			},
			runtime: (ns, pod, container) => cluster.runtimeInfo(ns, pod, container),
			nodeImages: node => cluster.nodeImages(node),
			nodeJournal: node => cluster.nodeJournal(node),
			etcd: (prefix, limit) => cluster.etcd(prefix, limit),
			controlPlane: (nodes, recent) => cluster.controlPlane(nodes, recent),
			...(cluster.profile === 'eks'
				? {
						cloud: {
							nodeGroups: () => cluster.nodeGroups(),
							setNodeGroupSize: async (name, desired) => self.run(() => cluster.setNodeGroupSize(name, desired), t('flash.cloud.size', {name, desired})),
							setNodeGroupLimits: async (name, min, max) => self.run(() => cluster.setNodeGroupLimits(name, min, max), t('flash.cloud.limits', {name, min, max})),
							autoscalerDecisions: () => cluster.autoscalerDecisions(),
							bill: () => cluster.bill(),
						},
					}
				: {}),
		};
	}

	private notify(): void {
		for (const l of this.listeners) l();
	}

	private async run(fn: () => unknown, message: string): Promise<string> {
		try {
			fn();
		} catch (e) {
			throw new Error(describeError(e));
		}
		this.notify();
		return message;
	}

	info(): ClusterInfo {
		return {name: this.cluster.name, kind: 'simulated', version: this.cluster.version};
	}

	actAs(user: ActingUser | undefined): void {
		if (!user) this.user = undefined;
		else {
			// as the API server completes an impersonated user's groups
			const sa = parseServiceAccountUser(user.username);
			const groups = [...user.groups, ...(sa && !user.groups.length ? serviceAccountGroups(sa.namespace) : [])];
			this.user = {username: user.username, groups: groups.includes('system:authenticated') ? groups : [...groups, 'system:authenticated']};
		}
		this.decisions.clear();
		this.changes.clear();
		this.refused = undefined;
		this.actEpoch++;
		this.counter++;
		this.notify();
	}

	actingAs(): ActingUser | undefined {
		return this.user ? {username: this.user.username, groups: (this.user.groups ?? []).filter(g => g !== 'system:authenticated')} : undefined;
	}

	lessonReader(): ObjectReader {
		const cluster = this.cluster;
		return {
			list: (kind, opts) => cluster.cachedList(kind, opts ?? {}),
			get: (kind, namespace, name) => cluster.cached(kind, namespace, name),
			allows: (access: Access) => {
				const {user, attrs} = accessRequest(access);
				return cluster.authorize(user, attrs).allowed;
			},
		};
	}

	listProblem(kind: string, namespace?: string): string | undefined {
		const e = this.refusal('list', kind, namespace);
		return e ? describeError(e) : undefined;
	}

	/** The 403 of a request as the acting user (kubectl's words), or undefined when it may be made. */
	private refusal(verb: string, kind: string, namespace?: string, name?: string, subresource?: string): StatusError | undefined {
		if (!this.user) return undefined;
		const k = kindInfo(kind);
		if (!k) return undefined;
		const rbac = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].reduce((n, r) => n + (this.perKind.get(r) ?? 0), 0);
		if (rbac !== this.decisionsAt) {
			this.decisions.clear();
			this.decisionsAt = rbac;
		}
		const attrs: RequestAttributes = {verb, resource: k.plural, apiGroup: k.group, ...(subresource ? {subresource} : {}), ...(name ? {name} : {}), ...(k.namespaced && namespace ? {namespace} : {})};
		const key = `${verb}/${k.plural}.${k.group}/${subresource ?? ''}/${attrs.namespace ?? ''}/${name ?? ''}`;
		let e = this.decisions.get(key);
		if (e === undefined) {
			const d = this.cluster.authorize(this.user, attrs);
			e = d.allowed ? null : forbidden(this.user, attrs, d.reason);
			if (this.decisions.size > 5000) this.decisions.clear();
			this.decisions.set(key, e);
		}
		return e ?? undefined;
	}

	/** Throws the 403 as a Status (the verbs' backend words it as kubectl does). */
	private check(verb: string, kind: string, namespace?: string, name?: string, subresource?: string): void {
		const e = this.refusal(verb, kind, namespace, name, subresource);
		if (e) {
			this.refused = {verb, kind, namespace, name, subresource};
			throw e;
		}
	}

	/** Throws the 403 in kubectl's words. */
	private refuse(verb: string, kind: string, namespace?: string, name?: string, subresource?: string): void {
		const e = this.refusal(verb, kind, namespace, name, subresource);
		if (e) {
			this.refused = {verb, kind, namespace, name, subresource};
			throw new Error(describeError(e));
		}
	}

	lastRefused(): RefusedRequest | undefined {
		return this.user ? this.refused : undefined;
	}

	forbiddenWhy(ask: RefusedRequest): Finding[] | undefined {
		const user = this.user;
		const k = kindInfo(ask.kind);
		if (!user || !k) return undefined;
		const attrs: RequestAttributes = {verb: ask.verb, resource: k.plural, apiGroup: k.group, ...(ask.subresource ? {subresource: ask.subresource} : {}), ...(ask.name ? {name: ask.name} : {}), ...(k.namespaced && ask.namespace ? {namespace: ask.namespace} : {})};
		const d = this.cluster.authorize(user, attrs);
		const resource = ask.subresource ? `${k.plural}/${ask.subresource}` : k.plural;
		if (d.allowed) return [{level: 'ok', message: 'why.forbidden.allowed', values: {user: user.username, verb: ask.verb, resource, namespace: attrs.namespace ?? '-'}, lines: d.reason ? [d.reason] : []}];
		const cluster = this.cluster;
		const objs = {
			...rbacObjects((kind, namespace) => cluster.cachedList(kind, namespace ? {namespace} : {}), (kind, namespace, name) => cluster.cached(kind, namespace, name)),
			roles: (namespace: string) => cluster.cachedList<Role>('Role', {namespace}),
			clusterRoles: () => cluster.cachedList<ClusterRole>('ClusterRole'),
		};
		return whyForbidden(objs, user, attrs, describeError(forbidden(user, attrs, d.reason)));
	}

	kinds() {
		return servedKinds();
	}

	now(): number {
		return this.cluster.now();
	}

	revision(kind?: string): number {
		return kind ? (this.perKind.get(kindInfo(kind)?.kind ?? kind) ?? 0) + this.actEpoch : this.counter;
	}

	changesSince(kind: string, since: number): Changes | undefined {
		// what the acting user may list depends on the namespace: a table as another user lists again
		if (this.user) return undefined;
		const k = kindInfo(kind)?.kind ?? kind;
		const keys = this.changes.since(k, since, this.revision(k));
		if (!keys) return undefined;
		const changed: KObject[] = [];
		const removed: string[] = [];
		for (const key of keys) {
			const slash = key.indexOf('/');
			const o = this.cluster.cached(k, key.slice(0, slash) || undefined, key.slice(slash + 1));
			if (o) changed.push(o);
			else removed.push(key);
		}
		return {changed, removed};
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	watchKind(): () => void {
		return () => {};
	}

	list<K extends KindName>(kind: K, opts?: ListOptions): KindMap[K][];
	list(kind: string, opts?: ListOptions): KObject[];
	list(kind: string, opts: ListOptions = {}): KObject[] {
		if (this.user && this.refusal('list', kind, opts.namespace)) return [];
		return this.cluster.cachedList(kind, opts);
	}

	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		if (this.user && this.refusal('get', kind, namespace ?? 'default', name)) return undefined;
		return this.cluster.cached(kind, namespace, name);
	}

	eventsFor(obj: KObject): Event[] {
		return eventsAbout(this, obj);
	}

	schedulingExplanation(namespace: string, pod: string): SchedulingExplanation | undefined {
		return this.cluster.schedulingExplanation(namespace, pod);
	}

	nearestTags(image: string): string[] {
		return this.cluster.nearestTags(image);
	}

	recentLogs(namespace: string, pod: string, container: string, previous: boolean, lines: number): string[] {
		try {
			return this.cluster.logs(namespace, pod, {container, previous, tailLines: lines});
		} catch {
			return [];
		}
	}

	namespaces(): string[] {
		return this.list('Namespace').map(n => n.metadata.name);
	}

	usage(kind: string, namespace: string | undefined, name: string): Usage | undefined {
		return this.cluster.usage(kind, namespace, name);
	}

	usageHistory(kind: string, namespace: string | undefined, name: string): Usage[] {
		return this.cluster.usageHistory(kind, namespace, name);
	}

	renderContext(): RenderContext {
		return renderContextOf(this);
	}

	describe(obj: KObject): string {
		return describeWith(this, obj);
	}

	private async verb<T>(p: Promise<T>): Promise<T> {
		try {
			return await p;
		} finally {
			this.notify();
		}
	}

	scale(kind: string, namespace: string, name: string, replicas: number): Promise<string> {
		return this.verb(verbs.scale(this.backend, kind, namespace, name, replicas));
	}

	delete(kind: string, namespace: string | undefined, name: string, propagation: verbs.Propagation = 'Background'): Promise<string> {
		return this.verb(verbs.remove(this.backend, kind, namespace, name, propagation));
	}

	restart(kind: string, namespace: string, name: string): Promise<string> {
		return this.verb(verbs.restart(this.backend, kind, namespace, name));
	}

	setImage(kind: string, namespace: string, name: string, container: string, image: string): Promise<string> {
		return this.verb(verbs.setImage(this.backend, kind, namespace, name, container, image));
	}

	rollback(namespace: string, name: string, toRevision = 0): Promise<string> {
		return this.verb(verbs.rollback(this.backend, namespace, name, toRevision));
	}

	history(namespace: string, name: string): Promise<Revision[]> {
		return verbs.history(this.backend, namespace, name);
	}

	cordon(node: string, unschedulable: boolean): Promise<string> {
		return this.verb(verbs.cordon(this.backend, node, unschedulable));
	}

	drain(node: string): Promise<string> {
		return this.verb(verbs.drain(this.backend, node));
	}

	label(kind: string, namespace: string | undefined, name: string, changes: string): Promise<string> {
		return this.verb(verbs.label(this.backend, kind, namespace, name, changes));
	}

	taint(node: string, changes: string): Promise<string> {
		return this.verb(verbs.taint(this.backend, node, changes));
	}

	async apply(text: string, source = 'edit'): Promise<string[]> {
		if (this.user) this.checkApply(text);
		try {
			const r = this.cluster.apply(text, source);
			this.notify();
			return r.map(x => x.message);
		} catch (e) {
			throw new Error(e instanceof Error && e.name === 'ManifestError' ? `error: ${e.message}` : describeError(e));
		}
	}

	/** An apply as the acting user: each object needs patch where it exists and create where it does not. */
	private checkApply(text: string): void {
		let docs;
		try {
			docs = parseAllDocuments(text);
		} catch {
			return;
		}
		for (const d of Array.isArray(docs) ? docs : [docs]) {
			const o = d.toJSON() as KObject | null;
			if (!o || typeof o !== 'object' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') continue;
			const k = kindInfo(o.kind);
			if (!k) continue;
			const ns = k.namespaced ? (o.metadata.namespace ?? 'default') : undefined;
			const exists = !!this.cluster.find(k.kind, ns, o.metadata.name);
			this.refuse(exists ? 'patch' : 'create', k.kind, ns, exists ? o.metadata.name : undefined);
		}
	}

	async exec(namespace: string, pod: string, container: string | undefined, argv: string[]): Promise<ExecOutput> {
		this.refuse('create', 'Pod', namespace, pod, 'exec');
		this.tools ??= createTools(this.cluster);
		try {
			const name = container ?? this.cluster.find('Pod', namespace, pod)?.spec.containers[0]?.name ?? '';
			const r = this.cluster.exec(namespace, pod, container, argv, {tools: this.tools(namespace, pod, name)});
			return {stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode};
		} catch (e) {
			throw new Error(describeError(e));
		} finally {
			this.notify();
		}
	}

	portForward(namespace: string, pod: string, localPort: number, remotePort: number): Promise<PortForward> {
		const refused = this.refusal('create', 'Pod', namespace, pod, 'portforward');
		if (refused) return Promise.reject(new Error(describeError(refused)));
		const p = this.cluster.find('Pod', namespace, pod);
		if (!p) return Promise.reject(new Error(`Error from server (NotFound): pods "${pod}" not found`));
		if (p.status.phase !== 'Running') return Promise.reject(new Error(`error: unable to forward port because pod is not running. Current status=${p.status.phase ?? 'Pending'}`));
		this.network ??= createPodNetwork(this.cluster);
		const network = this.network;
		return this.forwards.start(namespace, pod, localPort, remotePort, this.cluster.now(), (f, method, path, userAgent) => {
			const r = network.request(method, `http://localhost:${f.remotePort}${path}`, {namespace: f.namespace, pod: f.pod, container: '', ip: '127.0.0.1'}, userAgent);
			this.notify();
			if (!r.ok) return {error: `error: an error occurred forwarding ${f.localPort} -> ${f.remotePort}: connection refused`};
			return {status: r.status, body: r.body};
		});
	}

	portForwards(): PortForward[] {
		return this.forwards.list();
	}

	stopPortForward(id: string): boolean {
		return this.forwards.stop(id);
	}

	async logs(namespace: string, pod: string, opts: LogStreamOptions, onLine: (line: string) => void): Promise<() => void> {
		this.refuse('get', 'Pod', namespace, pod, 'log');
		try {
			if (!opts.follow) {
				for (const l of this.cluster.logs(namespace, pod, opts)) onLine(l);
				return () => {};
			}
			return this.cluster.followLogs(namespace, pod, opts, onLine);
		} catch (e) {
			throw new Error(describeError(e));
		}
	}

	close(): void {
		this.forwards.stopAll();
		this.driver.stop();
		this.stopWatch();
		this.listeners.clear();
	}
}

/**
 * The simulator as kubectl's verbs reach it; errors read as kubectl prints them. `check` throws
 * the 403 of a request the acting user may not make.
 */
function clusterBackend(cluster: Cluster, check: (verb: string, kind: string, namespace?: string, name?: string, subresource?: string) => void): VerbBackend {
	const call = async <T>(fn: () => T): Promise<T> => {
		try {
			return fn();
		} catch (e) {
			throw new Error(describeError(e));
		}
	};
	return {
		get: (kind, ns, name) => call(() => (check('get', kind, ns, name), cluster.get(kind, ns, name))),
		find: (kind, ns, name) => call(() => (check('get', kind, ns, name), cluster.find(kind, ns, name))),
		list: (kind, opts) => call(() => (check('list', kind, opts?.namespace), cluster.list(kind, opts))),
		create: obj => call(() => (check('create', obj.kind, obj.metadata.namespace ?? 'default'), cluster.create(obj))),
		update: obj => call(() => (check('update', obj.kind, obj.metadata.namespace ?? 'default', obj.metadata.name), cluster.update(obj))),
		patch: (kind, ns, name, body, type, subresource) => call(() => (check('patch', kind, ns, name, subresource), cluster.patch(kind, ns, name, body, verbs.PATCH_CONTENT_TYPES[type], {subresource}))),
		delete: (kind, ns, name, propagationPolicy) => call(() => (check('delete', kind, ns, name), void cluster.delete(kind, ns, name, {propagationPolicy}))),
		evict: (ns, name) => call(() => (check('create', 'Pod', ns, name, 'eviction'), cluster.evict(ns, name))),
		nowISO: () => verbs.rfc3339(cluster.now()),
	};
}
