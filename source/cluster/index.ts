// createCluster(options) -> Cluster: the one public face of the simulator. A Cluster is a
// control plane (store, API server, scheduler, controllers) and nodes (kubelets) driven by one
// virtual clock and one seeded generator.
import {ApiServer, type DeleteOptions, type ListQuery, type WriteOptions} from './api/apiserver.js';
import {applyManifests, type ApplyResult} from '../verbs/apply.js';
import {revisions, rollbackChange, restartPatch, type Revision} from '../verbs/rollout.js';
import {setImagePatch} from '../verbs/image.js';
import {cordonPatch} from '../verbs/node.js';
import {errors} from './core/errors.js';
import {setCondition} from './core/conditions.js';
import {Clock} from './clock.js';
import {EventRecorder} from './events.js';
import {Store, type Journal, type WatchHandler} from './store/store.js';
import {matches, matchesFields, parseFieldSelector, parseLabelSelector} from './core/selectors.js';
import {Rng} from './core/rng.js';
import {Runner, type SyncFailure} from './core/runner.js';
import type {ControllerContext} from './core/context.js';
import {Scheduler} from './scheduler/scheduler.js';
import {explainScheduling, type SchedulingExplanation} from './scheduler/explain.js';
import {Kubelets, type NodeSpecInput} from './node/kubelet.js';
import {NodeIpam} from './core/ipam.js';
import {logTimestamp, type LogLine, type LogQuery} from './node/logs.js';
import {authorize, rbacObjects, rulesFor, type Decision, type RequestAttributes, type RulesReview} from './api/authorizer.js';
import type {UserInfo} from '../kinds/index.js';
import {KUBERNETES_VERSION, createAddons, createDefaultRbac, createNamespaces, createStaticPods, createSystemClasses, createSystemServices} from './bootstrap.js';
import {Driver, type DriverHost} from './driver.js';
import {selectorString} from '../kinds/format.js';
import {KINDS, fieldIndexes} from '../kinds/index.js';
import {EtcdView, type EtcdEntry} from './api/etcd.js';
import {parseEncryptionConfig, unsupportedProvider} from './api/encryption.js';
import type {ContainerRuntimeInfo} from './node/runtime.js';
import type {ImageRow} from './node/images.js';
import type {JournalQuery} from './node/journal.js';
import {startControllers} from './controllers/index.js';
import {definitionsOnly} from '../kinds/crd/manifests.js';
import {MetricsPipeline} from './metrics/metrics.js';
import {ControlPlaneCounters, RATE_WINDOW_S, VERBS, type ControlPlaneStatus, type Count, type Verb} from './metrics/counters.js';
import {TrafficRouter} from './traffic/traffic.js';
import type {Container, KindMap, KindName, KObject, Pod, WatchEvent} from './types.js';
import {findImage, nearestTags, parseImageRef, resolveArgv, type ExecResult, type ExecRun, type ImageProfile, type ProcessContext} from './apps/index.js';
import {REVISION} from './core/templates.js';
import {NodeGroups, type NodeGroupInfo} from './cloud/nodegroups.js';
import {defaultEksProfile, type EksProfile, type ProfileName} from './cloud/profile.js';
import {accessPoliciesAllow, withCreatorEntry, type AccessConfig} from './cloud/access.js';
import {createEksAddons, elbHostname, ELB_PROVISION_MS} from './cloud/eks.js';
import {awsAuthConfigMap, nodeInstanceRoleArn} from './cloud/iam.js';
import {CostMeter, type Bill} from './cloud/cost.js';
import {Fargate} from './cloud/fargate.js';
import {PRICES, type PriceList} from './cloud/prices.js';
import {fnv1a} from './core/rng.js';
import {bytes} from './core/quantity.js';
import type {AutoscalerDecision} from './controllers/autoscaler/controller.js';

export type {KObject, Pod, WatchEvent} from './types.js';
export type {ApplyResult} from '../verbs/apply.js';
export type {DeleteOptions, ListQuery, WriteOptions} from './api/apiserver.js';
export type {LogLine, LogQuery} from './node/logs.js';
export type {EtcdEntry} from './api/etcd.js';
export type {ContainerRuntimeInfo, NamespaceInfo, CgroupInfo, ImageInfo, LayerInfo, OciState} from './node/runtime.js';
export type {ImageRow} from './node/images.js';
export type {JournalQuery} from './node/journal.js';
export {parseEncryptionConfig} from './api/encryption.js';
export type {NodeSpecInput} from './node/kubelet.js';
export type {DriverHost} from './driver.js';
export type {Journal} from './store/store.js';
export type {SchedulingExplanation, NodeVerdict} from './scheduler/explain.js';
export {Driver} from './driver.js';
export {StatusError, isStatusError, describeError} from './core/errors.js';
export {ManifestError, ManifestErrors} from './api/manifest.js';
import {ManifestErrors, checkManifests} from './api/manifest.js';
export type {Decision, RequestAttributes, RulesReview} from './api/authorizer.js';
export {PRIVILEGED_GROUP, parseServiceAccountUser, serviceAccountGroups, serviceAccountUser} from './api/authorizer.js';
export {EPOCH_MS} from './clock.js';
export type {NodeGroupInfo} from './cloud/nodegroups.js';
export type {EksProfile, NodeGroupSpec, ProfileName, Expander, AutoscalerOptions} from './cloud/profile.js';
export type {Bill} from './cloud/cost.js';
export type {PriceList} from './cloud/prices.js';
export type {AutoscalerDecision} from './controllers/autoscaler/controller.js';
export type {ControlPlaneStatus, Count, NodeRuntime, StoreWrite, ApiRequest as CountedRequest, Verb} from './metrics/counters.js';
export {VERBS, RATE_WINDOW_S} from './metrics/counters.js';
export {PROFILES, EXPANDERS, defaultEksProfile} from './cloud/profile.js';

export interface ClusterOptions {
	/** Worker nodes: a count (named kubesim-worker, kubesim-worker2, ...) or explicit specs. Default 3. */
	nodes?: number | NodeSpecInput[];
	/** Add a tainted control-plane node running the control plane's pods (default true). */
	controlPlane?: boolean;
	/** Seed of the generator: the same seed and steps give the same cluster. Default 1. */
	seed?: number;
	/** Manifests applied at start, in order. */
	manifests?: Array<{text: string; source?: string}>;
	/** Cluster name (shown by the dashboard). */
	name?: string;
	/** Record events (default true; benchmarks may turn them off). */
	events?: boolean;
	/** Lines kept per container log (default 5000). */
	logCapacity?: number;
	/** Writes kept for watches that resume from a resourceVersion (default 20000). */
	watchHistory?: number;
	/** Run the metrics pipeline (default true; benchmarks may turn it off). */
	metrics?: boolean;
	/** Start kube-proxy, CoreDNS and the control plane's pods (default true). */
	addons?: boolean;
	/**
	 * Wall time (epoch ms) at virtual time 0. Defaults to a fixed date so runs repeat; the API
	 * server passes the real time so that kubectl's own age arithmetic agrees.
	 */
	startTime?: number;
	/**
	 * `kind` (default): a kubeadm-style cluster. `eks`: a managed control plane (no control-plane
	 * node or pods), managed node groups of EC2 instances, the VPC CNI, ELB load balancers, the
	 * Cluster Autoscaler and a bill. With `eks`, a number of `nodes` sizes the default group.
	 */
	profile?: ProfileName;
	/** The EKS profile's region, zones, node groups and autoscaler settings (defaults: one m5.large group). */
	eks?: Partial<EksProfile>;
	/**
	 * An EncryptionConfiguration (apiserver.config.k8s.io/v1, as --encryption-provider-config
	 * reads it): the resources it names are written to etcd encrypted. An invalid one throws.
	 */
	encryptionConfig?: string;
	/** Entries each node's kubelet journal keeps (default 200). */
	journalCapacity?: number;
	/** The resourceVersion before the first write (default 0). */
	resourceVersionBase?: number;
	/**
	 * Resume a cluster from its saved image instead of bootstrapping one (`startTime` must be the
	 * saved epoch). Nodes boot again and run their pods anew; see Kubelets.adoptNode.
	 */
	restore?: ClusterImage;
}

/** What a cluster's state file keeps: every object, the resourceVersion counter, virtual time and the generator. */
export interface ClusterImage {
	objects: Iterable<KObject>;
	resourceVersion: number;
	/** Virtual milliseconds since the cluster started. */
	elapsed: number;
	/** The seeded generator's position. */
	rng: number;
}

export interface LogOptions extends LogQuery {
	container?: string;
	timestamps?: boolean;
}

/**
 * A write asked of the cluster through its public face (a client, the dashboard, kubectl through
 * the server): never a controller's, the scheduler's or a kubelet's, which write inside.
 */
export interface ApiRequest {
	/** Virtual ms since the cluster started. */
	elapsed: number;
	verb: 'create' | 'update' | 'patch' | 'delete' | 'apply' | 'evict';
	kind: string;
	namespace?: string;
	name: string;
	subresource?: string;
	/** The authenticated user when the request came with one (kubesim serve). */
	user?: string;
	fieldManager?: string;
}

export interface WatchOptions {
	namespace?: string;
	labelSelector?: string;
	fieldSelector?: string;
	/** Replay the writes after this resourceVersion first (410 Expired when too old). */
	resourceVersion?: string;
}

export class Cluster {
	readonly name: string;
	readonly version = KUBERNETES_VERSION;
	private readonly clock: Clock;
	private readonly rng: Rng;
	private readonly store: Store;
	private readonly api: ApiServer;
	private readonly events: EventRecorder;
	private readonly runner: Runner;
	private readonly scheduler: Scheduler;
	private readonly kubelets: Kubelets;
	private readonly ctx: ControllerContext;
	private readonly metricsPipeline: MetricsPipeline;
	private readonly trafficRouter: TrafficRouter;
	private readonly controllers: ReturnType<typeof startControllers>;
	readonly profile: ProfileName;
	/** An EKS cluster's authentication mode and access entries; undefined off EKS. */
	readonly access?: AccessConfig;
	private readonly cloud?: NodeGroups;
	private readonly costs?: CostMeter;
	private readonly requestHandlers = new Set<(r: ApiRequest) => void>();
	private readonly etcdView: EtcdView;
	private readonly counters: ControlPlaneCounters;

	constructor(options: ClusterOptions = {}) {
		this.name = options.name ?? 'kubesim';
		const restore = options.restore;
		this.clock = new Clock(options.startTime, restore?.elapsed ?? 0);
		this.rng = new Rng(options.seed ?? 1);
		if (restore) this.rng.restore(restore.rng);
		this.store = new Store(options.watchHistory ?? 20_000, fieldIndexes(), undefined, options.resourceVersionBase ?? 0);
		this.api = new ApiServer(this.store, this.clock, this.rng);
		this.etcdView = new EtcdView(this.store, KINDS, encryptionOf(options));
		this.events = new EventRecorder(this.store, this.clock);
		this.events.enabled = options.events ?? true;
		this.runner = new Runner(this.clock);
		this.runner.onFailure = f => this.logFailure(f);
		// each component counts its own work: the API server its requests, etcd its writes, the
		// scheduler its bindings, the managers each controller's syncs, kubelets their pulls
		this.counters = new ControlPlaneCounters(this.clock);
		this.store.writes = this.counters.counter('etcd', 'writes');
		this.api.requests = this.counters.requests;
		this.events.requests = this.counters.requests;
		const bindings = this.counters.counter('kube-scheduler', 'bindings');
		this.runner.tallyOf = name => (name === 'scheduler' ? this.counters.counter('kube-scheduler', 'attempts') : this.counters.counter(managerOf(name), name));
		this.clock.onIdle = () => this.runner.drain();
		this.ctx = {api: this.api, store: this.store, clock: this.clock, rng: this.rng, events: this.events, runner: this.runner};
		this.scheduler = new Scheduler(this.api, this.store, this.clock, this.rng, this.events, this.runner);
		this.scheduler.bindings = bindings;
		this.profile = options.profile ?? 'kind';
		const eks = this.profile === 'eks' ? {...defaultEksProfile(typeof options.nodes === 'number' ? options.nodes : 2), ...options.eks} : undefined;
		if (eks) this.access = withCreatorEntry(eks.access ?? {authenticationMode: 'CONFIG_MAP', accessEntries: []}, eks.bootstrapCreatorAdmin !== false);
		const specs: NodeSpecInput[] = [];
		if (!eks && (options.controlPlane ?? true)) specs.push({name: `${this.name}-control-plane`, controlPlane: true, cpu: '4', memory: '8Gi'});
		const workers = options.nodes ?? 3;
		if (eks) {
			// the node groups' instances register themselves below
		} else if (typeof workers === 'number') for (let i = 1; i <= workers; i++) specs.push({name: `${this.name}-worker${i === 1 ? '' : i}`});
		else specs.push(...workers);
		this.kubelets = new Kubelets(this.api, this.store, this.clock, this.rng, this.events, options.logCapacity ?? 5000, new NodeIpam(specs.length), options.journalCapacity ?? 200);
		this.kubelets.pullTally = node => this.counters.counter('kubelet', node);
		this.metricsPipeline = new MetricsPipeline(this.ctx, this.kubelets);
		this.metricsPipeline.enabled = options.metrics ?? true;
		this.trafficRouter = new TrafficRouter(this.ctx, this.kubelets);
		if (eks) {
			this.cloud = new NodeGroups(this.clock, this.rng, eks, {
				register: spec => this.kubelets.addNode(spec),
				ready: name => this.kubelets.markReady(name),
				remove: name => this.kubelets.removeNode(name),
			});
			const hooks = {register: (spec: NodeSpecInput) => void this.kubelets.addNode(spec), ready: (name: string) => this.kubelets.markReady(name), remove: (name: string) => this.kubelets.removeNode(name)};
			const fargate = eks.fargateProfiles?.length ? new Fargate({api: this.api, store: this.store, clock: this.clock, events: this.events}, eks.fargateProfiles, eks.region, hooks) : undefined;
			this.costs = new CostMeter(this.clock, this.store, this.cloud, PRICES, fargate);
		}
		const region = eks?.region ?? 'us-east-1';
		this.controllers = startControllers(
			this.ctx,
			this.metricsPipeline,
			eks ? {nodeGroups: this.cloud, autoscaler: eks.autoscaler, loadBalancer: {hostname: uid => elbHostname(uid, region, String(1_000_000_000 + (fnv1a(uid) % 900_000_000))), delayMs: ELB_PROVISION_MS}} : {},
		);

		if (this.controllers.autoscaler) this.controllers.autoscaler.onDecision = d => this.logAutoscaler(d);

		if (restore) {
			if (eks) throw new Error('a saved cluster can be resumed on the kind profile only: the eks profile\'s node groups are not saved');
			this.resume(restore);
			return;
		}
		createNamespaces(this.api);
		createDefaultRbac(this.api);
		createSystemClasses(this.api);
		const addons = options.addons ?? true;
		if (eks) {
			createSystemServices(this.api, '192.168.117.36');
			this.cloud!.start();
			if (addons) createEksAddons(this.api, {cluster: this.name, region, autoscaler: eks.autoscaler?.enabled !== false, expander: eks.autoscaler?.expander ?? 'random'});
			// EKS writes aws-auth with the node groups' instance roles when it creates them
			this.api.create(awsAuthConfigMap(eks.nodeGroups.map(g => nodeInstanceRoleArn(this.name, g.name))), {});
		}
		const nodes = specs.map(s => this.kubelets.addNode(s));
		const cp = nodes.find(n => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0];
		if (!eks) createSystemServices(this.api, cp ? this.kubelets.hostIP(cp.metadata.name) ?? '172.18.0.2' : '172.18.0.2');
		if (addons && cp) {
			if (cp.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) createStaticPods(this.api, cp);
			createAddons(this.api);
		}
		// definitions first, established, so that the objects they define are known to the checks
		for (const m of options.manifests ?? []) {
			const definitions = definitionsOnly(m.text);
			if (definitions) this.apply(definitions, m.source);
		}
		// the manifests start the cluster whole or not at all: every problem of every file at once
		const problems = checkManifests(options.manifests ?? []);
		if (problems.length) throw problems.length === 1 ? problems[0] : new ManifestErrors(problems);
		for (const m of options.manifests ?? []) this.apply(m.text, m.source);
		this.runner.drain();
	}

	/**
	 * Boots a saved cluster: every object is loaded and the components see it as informers see
	 * their first list; the API server takes back what its allocators had given (cluster IPs,
	 * node ports); then each saved Node's kubelet starts again and runs the pods bound to it.
	 */
	private resume(image: ClusterImage): void {
		this.store.load(image.objects, image.resourceVersion);
		this.api.reclaimAllocations();
		for (const node of this.store.list('Node')) this.kubelets.adoptNode(node);
		this.runner.drain();
	}

	/**
	 * Hands every later write to `journal` as it commits (undefined stops); `afterWrite` runs
	 * when each of this object's write methods has done its work, before it returns.
	 */
	setJournal(journal: Journal | undefined, afterWrite?: () => void): void {
		this.store.journal = journal;
		this.afterWrite = journal ? afterWrite : undefined;
	}
	private afterWrite: (() => void) | undefined;

	/** The cluster as its state file keeps it: objects, resourceVersion counter, virtual time, generator. */
	image(): ClusterImage & {epoch: number} {
		return {objects: this.store.all(), resourceVersion: this.store.resourceVersion(), elapsed: this.clock.elapsed(), rng: this.rng.position(), epoch: this.clock.epoch};
	}

	/** The seeded generator's position (a state file saves it with each write). */
	rngPosition(): number {
		return this.rng.position();
	}

	/**
	 * A failed sync, written to the log of the component that runs it (kube-scheduler or
	 * kube-controller-manager) as klog writes an error: `E0106 09:00:01.000000       1 ...`.
	 */
	private logFailure(f: SyncFailure): void {
		const component = f.controller === 'scheduler' ? 'kube-scheduler' : 'kube-controller-manager';
		const pod = this.store.list<Pod>('Pod', {namespace: 'kube-system', labels: parseLabelSelector(`component=${component}`)})[0];
		if (!pod?.metadata.uid) return;
		const message = (f.error instanceof Error ? f.error.message : String(f.error)).replace(/"/g, '\\"');
		const text = `${klogPrefix('E', this.clock.now())} ${f.controller}_controller.go:1] "Unhandled Error" err="error syncing \\"${f.key}\\": ${message}, requeuing in ${f.retryInMs}ms" logger="UnhandledError"`;
		this.kubelets.logs.append(pod.metadata.uid, component, {time: this.clock.now(), text, stream: 'stderr'});
	}

	/** The autoscaler's decisions, in its pod's log as klog lines. */
	private logAutoscaler(d: AutoscalerDecision): void {
		const pod = this.store.list<Pod>('Pod', {namespace: 'kube-system', labels: parseLabelSelector('app=cluster-autoscaler')}).find(p => p.status?.phase === 'Running');
		if (!pod?.metadata.uid) return;
		const text = d.kind === 'ScaleUp' ? `Scale-up: ${d.message}` : d.kind === 'ScaleDown' ? `Scale-down: ${d.message}` : d.message;
		this.kubelets.logs.append(pod.metadata.uid, 'cluster-autoscaler', {time: d.time, text: `${klogPrefix('I', d.time)} static_autoscaler.go:1] ${text}`, stream: 'stderr'});
	}

	/** Recent failed syncs of controllers and the scheduler (each is retried with backoff). */
	controllerFailures(): readonly SyncFailure[] {
		return this.runner.failures;
	}

	// ------------------------------------------------------------ time

	/** Virtual wall time (epoch ms). */
	now(): number {
		return this.clock.now();
	}

	/** Milliseconds of virtual time since the cluster started. */
	elapsed(): number {
		return this.clock.elapsed();
	}

	/** Runs fn after `delayMs` of virtual time (then every reconcile it caused); returns a cancel. */
	schedule(delayMs: number, fn: () => void): () => void {
		const id = this.clock.after(delayMs, () => {
			fn();
			this.runner.drain();
		});
		return () => this.clock.cancel(id);
	}

	/** Runs every timer and reconcile due within the next `ms` of virtual time, in order. */
	advance(ms: number): void {
		this.clock.advance(ms);
	}

	/** A real-time driver: advances virtual time with the wall clock the host provides, times a speed. */
	drive(host: DriverHost, speed = 1, tickMs = 100): Driver {
		return new Driver(this.clock, host, speed, tickMs);
	}

	// ------------------------------------------------------------ API

	apply(text: string, source?: string, namespace?: string, opts: {fieldManager?: string} = {}): ApplyResult[] {
		const r = applyManifests(this.api, text, source, namespace);
		this.runner.drain();
		for (const x of r) if (x.action !== 'unchanged') this.record('apply', x.kind, x.namespace, x.name, opts);
		this.afterWrite?.();
		return r;
	}

	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K];
	get<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T;
	get(kind: string, namespace: string | undefined, name: string): KObject {
		return this.api.get(kind, namespace, name);
	}

	find<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	find<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
	find(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		return this.api.find(kind, namespace, name);
	}

	list<K extends KindName>(kind: K, query?: ListQuery): KindMap[K][];
	list<T extends KObject = KObject>(kind: string, query?: ListQuery): T[];
	list(kind: string, query: ListQuery = {}): KObject[] {
		return this.api.list(kind, query).items;
	}

	listWithVersion<K extends KindName>(kind: K, query?: ListQuery): {items: KindMap[K][]; resourceVersion: string};
	listWithVersion<T extends KObject = KObject>(kind: string, query?: ListQuery): {items: T[]; resourceVersion: string};
	listWithVersion(kind: string, query: ListQuery = {}): {items: KObject[]; resourceVersion: string} {
		return this.api.list(kind, query);
	}

	create<T extends KObject>(obj: T, opts?: WriteOptions): T {
		return this.request(this.write(() => this.api.create(obj, opts)), 'create', opts);
	}

	update<T extends KObject>(obj: T, opts?: WriteOptions): T {
		return this.request(this.write(() => this.api.update(obj, opts)), 'update', opts);
	}

	updateStatus<T extends KObject>(obj: T): T {
		return this.request(this.write(() => this.api.updateStatus(obj)), 'update', {}, 'status');
	}

	patch<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string, body: unknown, contentType = 'application/strategic-merge-patch+json', opts?: WriteOptions & {subresource?: 'status' | 'scale'}): T {
		const out = this.write(() => this.api.patch<T>(kind, namespace, name, body, contentType, opts));
		return opts?.subresource === 'scale' ? (this.record('patch', this.api.kind(kind).kind, namespace, name, opts, 'scale'), out) : this.request(out, 'patch', opts, opts?.subresource);
	}

	delete(kind: string, namespace: string | undefined, name: string, opts?: DeleteOptions & {fieldManager?: string; user?: UserInfo}): KObject {
		return this.request(this.write(() => this.api.delete(kind, namespace, name, opts)), 'delete', opts ?? {});
	}

	/** Calls back after each write asked through this face (the writes a drill's report lists). */
	onRequest(handler: (r: ApiRequest) => void): () => void {
		this.requestHandlers.add(handler);
		return () => this.requestHandlers.delete(handler);
	}

	private request<T extends KObject>(out: T, verb: ApiRequest['verb'], opts: {user?: UserInfo; fieldManager?: string} = {}, subresource?: string): T {
		if (this.requestHandlers.size) this.record(verb, out.kind, out.metadata.namespace, out.metadata.name, opts, subresource);
		return out;
	}

	private record(verb: ApiRequest['verb'], kind: string, namespace: string | undefined, name: string, opts: {user?: UserInfo; fieldManager?: string} = {}, subresource?: string): void {
		if (!this.requestHandlers.size) return;
		const r: ApiRequest = {elapsed: this.clock.elapsed(), verb, kind, name};
		if (namespace) r.namespace = namespace;
		if (subresource) r.subresource = subresource;
		if (opts.user?.username) r.user = opts.user.username;
		if (opts.fieldManager) r.fieldManager = opts.fieldManager;
		for (const h of [...this.requestHandlers]) h(r);
	}

	getScale(kind: string, namespace: string | undefined, name: string): KObject {
		return this.api.getScale(kind, namespace, name);
	}

	scale(kind: string, namespace: string | undefined, name: string, replicas: number, opts: {fieldManager?: string; user?: UserInfo} = {}): KObject {
		const out = this.write(() => this.api.setScale(kind, namespace, name, replicas));
		this.record('update', this.api.kind(kind).kind, namespace, name, opts, 'scale');
		return out;
	}

	/** The eviction subresource: a graceful delete that respects PodDisruptionBudgets (429 when it would break one). */
	evict(namespace: string, name: string, opts: DeleteOptions & {user?: UserInfo} = {}): void {
		this.write(() => {
			const pod = this.api.get<Pod>('Pod', namespace, name);
			for (const pdb of this.store.list('PodDisruptionBudget', {namespace})) {
				const sel = parseLabelSelector(selectorString(pdb.spec?.selector));
				if (!matches(sel, pod.metadata.labels)) continue;
				if ((pdb.status?.disruptionsAllowed ?? 0) <= 0)
					throw errors.tooManyRequests(`Cannot evict pod as it would violate the pod's disruption budget.`, 10);
			}
			this.events.record(pod, 'Normal', 'Evicted', 'Eviction API: evicting', {component: 'eviction'});
			// a pod that has not finished is marked as disrupted before it is deleted
			if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
				const cond = {type: 'DisruptionTarget', status: 'True' as const, reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null, lastTransitionTime: this.clock.iso()};
				this.api.setStatus(pod, {...pod.status, conditions: setCondition(pod.status?.conditions, cond)});
			}
			return this.api.delete('Pod', namespace, name, opts);
		});
		this.record('evict', 'Pod', namespace, name, opts);
	}

	private write<T>(fn: () => T): T {
		const r = fn();
		this.runner.drain();
		this.afterWrite?.();
		return r;
	}

	/**
	 * Watches a kind. Handlers run synchronously after each matching write. With a
	 * resourceVersion, the writes after it are replayed first (410 Expired when too old).
	 */
	watch(kind: string, handler: (ev: WatchEvent) => void, opts: WatchOptions = {}): () => void {
		const k = this.api.kind(kind);
		const labels = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined;
		const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
		const ns = k.namespaced ? opts.namespace || undefined : undefined;
		this.counters.requests.count('WATCH', k.kind, ns);
		const accept = (obj: KObject) =>
			(ns === undefined || obj.metadata.namespace === ns) && (!labels || matches(labels, obj.metadata.labels)) && (!fields || matchesFields(fields, obj));
		let after = 0;
		if (opts.resourceVersion !== undefined && opts.resourceVersion !== '' && opts.resourceVersion !== '0') {
			const from = Number(opts.resourceVersion);
			// a version the store has not reached yet: the watch waits for the writes after it, as etcd's does
			if (from > this.store.resourceVersion()) after = from;
			const replay = this.store.since(from, k.kind);
			if (replay === 'expired') throw errors.expired(`too old resource version: ${opts.resourceVersion} (${this.store.resourceVersion()})`);
			for (const e of replay) if (accept(e.object)) handler({type: e.type, object: e.object});
		}
		const h: WatchHandler = (type, obj, old) => {
			if (after && Number(obj.metadata.resourceVersion) <= after) return;
			if (accept(obj)) handler({type, object: obj});
			else if (type === 'MODIFIED' && old && accept(old)) handler({type: 'DELETED', object: obj});
		};
		return this.store.watch(k.kind, h);
	}

	/** Writes a subresource its kind declares writable (a CSR's approval) from what a client sent. */
	writeSubresource<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string, subresource: string, sent: KObject): T {
		return this.write(() => this.api.writeSubresource<T>(kind, namespace, name, subresource, sent));
	}

	// ------------------------------------------------------------ authorization

	private rbac() {
		return rbacObjects(
			(kind, namespace) => this.store.list(kind, {namespace}),
			(kind, namespace, name) => this.store.get(kind, namespace, name),
		);
	}

	/** The cluster CA's certificate (PEM), which signs approved kube-apiserver-client requests. */
	clusterCA(): string {
		return this.controllers.signer.caPem();
	}

	/** Whether a user may do what a request asks, as the API server's authorizers decide (system:masters, then RBAC). */
	authorize(user: UserInfo, attrs: RequestAttributes): Decision {
		const d = authorize(this.rbac(), user, attrs);
		if (d.allowed || !this.access || this.access.authenticationMode === 'CONFIG_MAP') return d;
		// EKS's authorizer: the access policies of the entry the caller authenticated through
		const arn = user.extra?.['canonicalArn']?.[0]?.toLowerCase();
		const entry = arn ? this.access.accessEntries.find(e => e.principalArn.toLowerCase() === arn) : undefined;
		if (!entry) return d;
		const rbac = this.rbac();
		const a = accessPoliciesAllow(entry, attrs, name => rbac.clusterRole(name)?.rules ?? []);
		return a ? {allowed: true, reason: `EKS access policy ${a.policy}`} : d;
	}

	/** Every rule granted to a user in a namespace (what SelfSubjectRulesReview answers). */
	accessRules(user: UserInfo, namespace: string): RulesReview {
		return rulesFor(this.rbac(), user, namespace);
	}

	resourceVersion(): string {
		return String(this.store.resourceVersion());
	}

	/** Calls back after every write of any kind (the dashboard counts changes with it). */
	onChange(handler: (kind: string, obj: KObject) => void): () => void {
		return this.store.watch('*', (_t, obj) => handler(obj.kind, obj));
	}

	/** Objects of a kind in storage (all namespaces). */
	count(kind: string): number {
		return this.store.count(this.api.kind(kind).kind);
	}

	/** Reads objects as an informer's cache does, with no API request (the embedded dashboard's reads). */
	cachedList<T extends KObject = KObject>(kind: string, query: ListQuery = {}): T[] {
		return this.api.cachedList<T>(kind, query).items;
	}

	/** Reads one object from the cache (no API request); undefined when absent. */
	cached<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
		return this.api.peek<T>(kind, namespace, name);
	}

	/**
	 * The control plane's counters now: API requests by verb, etcd writes, bindings, each
	 * controller's syncs and, for the nodes named (every node by default), what each kubelet and
	 * runtime are doing. Rates are over the last RATE_WINDOW_S seconds of virtual time.
	 */
	controlPlane(nodes?: readonly string[], recent = 20): ControlPlaneStatus {
		const c = this.counters;
		const requests = {} as Record<Verb, Count>;
		for (const v of VERBS) requests[v] = c.requests.byVerb[v].count();
		const names = nodes ?? this.store.list('Node').map(n => n.metadata.name).sort();
		return {
			windowSeconds: RATE_WINDOW_S,
			requests,
			recentRequests: c.requests.recent(recent),
			writes: c.counter('etcd', 'writes').count(),
			resourceVersion: this.store.resourceVersion(),
			recentWrites: this.store.recent(recent).map(e => ({resourceVersion: e.rv, type: e.type as 'ADDED' | 'MODIFIED' | 'DELETED', kind: e.object.kind, ...(e.object.metadata.namespace ? {namespace: e.object.metadata.namespace} : {}), name: e.object.metadata.name})),
			bindings: c.counter('kube-scheduler', 'bindings').count(),
			schedulingAttempts: c.counter('kube-scheduler', 'attempts').count(),
			controllers: [
				...c.counts('kube-controller-manager').map(x => ({...x, manager: 'kube-controller-manager' as const})),
				...c.counts('cloud-controller-manager').map(x => ({...x, manager: 'cloud-controller-manager' as const})),
			],
			nodes: names.flatMap(name => {
				const r = this.kubelets.runtime(name);
				return r ? [{name, pulls: c.counter('kubelet', name).count(), ...r}] : [];
			}),
		};
	}

	/** Counters for benchmarks: pods bound by the scheduler, writes to the store, timers waiting. */
	stats(): {scheduled: number; writes: number; timers: number; watchers: number} {
		return {scheduled: this.scheduler.scheduled, writes: this.store.resourceVersion() - this.store.start, timers: this.clock.pending(), watchers: this.store.watcherCount()};
	}

	// ------------------------------------------------------------ logs

	private logTarget(namespace: string, podName: string, container?: string): {pod: Pod; container: string} {
		const pod = this.api.get<Pod>('Pod', namespace, podName);
		const names = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...((pod.spec.ephemeralContainers ?? []) as Container[])].map(c => c.name);
		if (!container) {
			if (pod.spec.containers.length > 1)
				throw errors.badRequest(`a container name must be specified for pod ${podName}, choose one of: [${pod.spec.containers.map(c => c.name).join(' ')}]`);
			container = pod.spec.containers[0]!.name;
		} else if (!names.includes(container)) {
			throw errors.badRequest(`container ${container} is not valid for pod ${podName}`);
		}
		return {pod, container};
	}

	/**
	 * Each node's verdict on a pod as the scheduler's filters give it now, with the room left on the
	 * node: what a FailedScheduling message counts, node by node. Undefined for a pod not found.
	 */
	schedulingExplanation(namespace: string, podName: string): SchedulingExplanation | undefined {
		const pod = this.find('Pod', namespace, podName);
		if (!pod) return undefined;
		return explainScheduling(pod, this.list('Node'), this.list('Pod'), this.list('Namespace'));
	}

	/** The catalogue's released tags nearest to an image's tag (a tag that was never released cannot be pulled). */
	nearestTags(image: string): string[] {
		return nearestTags(image);
	}

	/** Log lines of a container (the current instance, or the previous one). */
	logs(namespace: string, podName: string, opts: LogOptions = {}): string[] {
		const {pod, container} = this.logTarget(namespace, podName, opts.container);
		const uid = pod.metadata.uid!;
		const ephemeral = ((pod.status as {ephemeralContainerStatuses?: typeof pod.status.containerStatuses}).ephemeralContainerStatuses ?? []);
		const status = [...(pod.status.containerStatuses ?? []), ...(pod.status.initContainerStatuses ?? []), ...ephemeral].find(c => c.name === container);
		if (opts.previous) {
			if (!this.kubelets.logs.has(uid, container, true))
				throw errors.badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
		} else if (!status || (status.state.waiting && !status.lastState?.terminated && !this.kubelets.logs.has(uid, container))) {
			const reason = status?.state.waiting?.reason ?? 'ContainerCreating';
			throw errors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason === 'ContainerCreating' ? 'ContainerCreating' : reason}`);
		}
		return this.kubelets.logs.read(uid, container, opts, this.clock.now()).map(l => formatLog(l, opts.timestamps));
	}

	/** Follows a container's log: existing lines (per the query) first, then each new one. */
	followLogs(namespace: string, podName: string, opts: LogOptions, onLine: (line: string) => void): () => void {
		const {pod, container} = this.logTarget(namespace, podName, opts.container);
		const uid = pod.metadata.uid!;
		for (const l of this.kubelets.logs.read(uid, container, opts, this.clock.now())) onLine(formatLog(l, opts.timestamps));
		return this.kubelets.logs.follow(uid, container, l => onLine(formatLog(l, opts.timestamps)));
	}

	// ------------------------------------------------------------ exec

	/** A running container's process: what it sees, its image and its command (PID 1). */
	containerProcess(namespace: string, podName: string, container?: string): {ctx: ProcessContext; profile: ImageProfile; argv: string[]; uptimeMs: number} | undefined {
		const pod = this.api.find<Pod>('Pod', namespace, podName);
		const spec = pod && (container ? [...pod.spec.containers, ...((pod.spec.ephemeralContainers ?? []) as Container[])].find(c => c.name === container) : pod.spec.containers[0]);
		const ctx = spec && this.kubelets.processContext(namespace, podName, spec.name);
		if (!spec || !ctx) return undefined;
		const found = findImage(parseImageRef(spec.image));
		if ('error' in found) return undefined;
		const p = found.profile;
		return {ctx, profile: p, argv: resolveArgv(p.entrypoint ?? [], p.cmd ?? [], ctx), uptimeMs: this.clock.now() - ctx.startedAt};
	}

	/**
	 * Gives the containers started from now on the cluster-aware executables of a pod network
	 * (wget, curl, nslookup...), so that a pod's own command can reach Services: what the API
	 * server and the embedded client attach.
	 */
	attachPodNetworkTools(tools: (namespace: string, pod: string, container: string) => NonNullable<ProcessContext['tools']>): void {
		this.kubelets.setTools(tools);
	}

	/**
	 * `kubectl exec`: runs argv in a running container. 404 for a missing pod, 400 for an unknown
	 * or not-running container. `tools` adds the cluster-aware executables (wget, nslookup...).
	 */
	exec(namespace: string, podName: string, container: string | undefined, argv: string[], opts: {stdin?: string; tools?: ProcessContext['tools']} = {}): ExecResult {
		const pod = this.api.get<Pod>('Pod', namespace, podName);
		const name = container || pod.spec.containers[0]!.name;
		if (!hasContainer(pod, name)) throw errors.badRequest(`container ${name} is not valid for pod ${podName}`);
		const proc = this.containerProcess(namespace, podName, name);
		if (!proc?.profile.exec) throw errors.badRequest(`container not found ("${name}")`);
		const r = proc.profile.exec(argv, {...proc.ctx, tools: opts.tools}, {uptimeMs: proc.uptimeMs, stdin: opts.stdin});
		this.runner.drain();
		return r;
	}

	/**
	 * `kubectl exec` run in slices: the same checks as exec(), then a command that runs only when
	 * its driver steps it (a few steps at a time), and stops when the driver says so.
	 */
	startExec(namespace: string, podName: string, container: string | undefined, argv: string[], opts: {stdin?: string; tools?: ProcessContext['tools']} = {}): ExecRun {
		const pod = this.api.get<Pod>('Pod', namespace, podName);
		const name = container || pod.spec.containers[0]!.name;
		if (!hasContainer(pod, name)) throw errors.badRequest(`container ${name} is not valid for pod ${podName}`);
		const proc = this.containerProcess(namespace, podName, name);
		const profile = proc?.profile;
		if (!proc || !profile?.exec) throw errors.badRequest(`container not found ("${name}")`);
		const options = {uptimeMs: proc.uptimeMs, stdin: opts.stdin};
		const ctx = {...proc.ctx, tools: opts.tools};
		const run: ExecRun = profile.startExec?.(argv, ctx, options) ?? {
			step: () => profile.exec!(argv, ctx, options),
			stop: () => ({exitCode: 137, stdout: '', stderr: '', durationMs: 0}),
		};
		return {
			step: steps => {
				const r = run.step(steps);
				this.runner.drain();
				return r;
			},
			stop: () => run.stop(),
		};
	}

	// ------------------------------------------------------------ workload operations (as kubectl does them)

	/** `kubectl rollout undo [--to-revision]`: copy an older ReplicaSet's template back into the Deployment. */
	rollback(namespace: string, name: string, toRevision = 0): string {
		const d = this.api.get('Deployment', namespace, name);
		const change = rollbackChange(d, this.store.list('ReplicaSet', {namespace}), toRevision);
		if ('skipped' in change) return change.skipped;
		this.patch('Deployment', namespace, name, change.patch, 'application/json-patch+json');
		return change.message;
	}

	/** Revisions of a Deployment, oldest first, as `kubectl rollout history` lists them. */
	history(namespace: string, name: string): Revision[] {
		const d = this.api.get('Deployment', namespace, name);
		return revisions(d, this.store.list('ReplicaSet', {namespace}));
	}

	/** `kubectl rollout restart`: stamp the pod template so a rollout replaces every pod. */
	restart(kind: string, namespace: string, name: string): KObject {
		return this.patch(kind, namespace, name, restartPatch(kind, name, this.clock.iso()));
	}

	/** `kubectl set image`: change one container's image (starts a rollout). */
	setImage(kind: string, namespace: string, name: string, container: string, image: string): KObject {
		return this.patch(kind, namespace, name, setImagePatch(this.api.get(kind, namespace, name), container, image));
	}

	/** `kubectl rollout pause|resume`. */
	setPaused(namespace: string, name: string, paused: boolean): KObject {
		return this.patch('Deployment', namespace, name, {spec: {paused}}, 'application/merge-patch+json');
	}

	/** `kubectl cordon` / `uncordon`. */
	cordon(node: string, unschedulable = true): KObject {
		return this.patch('Node', undefined, node, cordonPatch(unschedulable), 'application/merge-patch+json');
	}

	// ------------------------------------------------------------ simulator powers

	/** Stops a node's kubelet (no heartbeats): after 50 s it is NotReady; after 300 s more its pods are evicted. */
	failNode(name: string): void {
		this.api.lookup('Node', undefined, name);
		this.kubelets.failNode(name);
	}

	recoverNode(name: string): void {
		this.api.lookup('Node', undefined, name);
		this.write(() => this.kubelets.recoverNode(name));
	}

	/** Makes a running container exit with a failure code. */
	crashContainer(namespace: string, pod: string, container?: string, exitCode = 1): void {
		this.api.lookup('Pod', namespace, pod);
		if (!this.kubelets.crashContainer(namespace, pod, container, exitCode)) throw errors.badRequest(`container in pod "${pod}" is not running`);
		this.runner.drain();
	}

	/** Ends a running container's process with its own exit code (an attached shell's `exit`). */
	endContainerProcess(namespace: string, pod: string, container: string | undefined, exitCode: number): boolean {
		const ended = this.kubelets.endProcess(namespace, pod, container, exitCode);
		this.runner.drain();
		return ended;
	}

	/** Makes a pod's probes fail (or pass again). */
	setProbesFailing(namespace: string, pod: string, failing: boolean, container?: string): void {
		this.api.lookup('Pod', namespace, pod);
		this.kubelets.setProbesFailing(namespace, pod, failing, container);
	}

	/**
	 * Fills a claim's volume to its capacity: the containers that mount it cannot write (their
	 * probes fail) until the claim is expanded beyond what was written. Returns the containers hit.
	 */
	fillVolume(namespace: string, claim: string): number {
		const pvc = this.api.get('PersistentVolumeClaim', namespace, claim);
		const capacity = pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage;
		return this.kubelets.fillVolume(namespace, claim, bytes(capacity));
	}

	/** Sets the requests per second arriving at a Service (spread over its ready endpoints). */
	setTraffic(namespace: string, service: string, rps: number): void {
		this.api.lookup('Service', namespace, service);
		this.trafficRouter.set(namespace, service, rps);
	}

	traffic(namespace: string, service: string): number {
		return this.trafficRouter.get(namespace, service);
	}

	/** Latest CPU (millicores) and memory (bytes) of a pod or node from the metrics pipeline. */
	usage(kind: string, namespace: string | undefined, name: string): {cpuMilli: number; memoryBytes: number; timestamp: number} | undefined {
		return this.metricsPipeline.latest(kind, namespace, name);
	}

	/** Usage history (oldest first) of a pod or node, one sample per scrape. */
	usageHistory(kind: string, namespace: string | undefined, name: string): Array<{cpuMilli: number; memoryBytes: number; timestamp: number}> {
		return this.metricsPipeline.history(kind, namespace, name);
	}

	/** CPU and memory of each container of a pod (what metrics.k8s.io serves). */
	containerUsage(namespace: string, pod: string): Array<{name: string; cpuMilli: number; memoryBytes: number}> | undefined {
		return this.metricsPipeline.containersOf(namespace, pod);
	}

	/** Requests a pod has answered (from inside the cluster, e.g. `kubectl exec ... wget`): its access log and load. */
	recordRequests(namespace: string, pod: string, requests: Array<{method: string; path: string; status: number; bytes: number; clientIP: string; userAgent: string; time: number}>): void {
		this.kubelets.serve(namespace, pod, requests);
	}

	// ------------------------------------------------------------ cloud (the EKS profile)

	/** The managed node groups (empty on the kind profile). */
	nodeGroups(): NodeGroupInfo[] {
		return this.cloud?.list() ?? [];
	}

	/** Sets a node group's desired size (instances launch or terminate to match). */
	setNodeGroupSize(name: string, desired: number, opts: {fieldManager?: string} = {}): void {
		this.write(() => this.cloudCall(c => c.setDesired(name, desired)));
		// the cloud's API (EKS UpdateNodegroupConfig), listed with the cluster's own requests
		this.record('update', 'NodeGroup', undefined, name, opts);
	}

	/** Sets a node group's min and max sizes (its desired size is kept inside them). */
	setNodeGroupLimits(name: string, minSize: number, maxSize: number, opts: {fieldManager?: string} = {}): void {
		this.write(() => this.cloudCall(c => c.setLimits(name, minSize, maxSize)));
		this.record('update', 'NodeGroup', undefined, name, opts);
	}

	private cloudCall(fn: (c: NodeGroups) => void): void {
		if (!this.cloud) throw errors.badRequest('this cluster has no node groups (start it with the eks profile)');
		try {
			fn(this.cloud);
		} catch (e) {
			throw e instanceof Error && !('code' in e) ? errors.badRequest(e.message) : e;
		}
	}

	/** The Cluster Autoscaler's latest decisions, newest last (empty when it does not run). */
	autoscalerDecisions(): readonly AutoscalerDecision[] {
		return this.controllers.autoscaler?.decisions() ?? [];
	}

	/** The running bill at list prices (undefined on the kind profile, which costs nothing). */
	bill(): Bill | undefined {
		return this.costs?.bill();
	}

	/** The price list the bill uses. */
	prices(): PriceList {
		return PRICES;
	}

	// ------------------------------------------------------------ under the hood

	/** Under a container: its runtime chain, OCI states, namespaces, cgroup limits and image layers. */
	runtimeInfo(namespace: string, pod: string, container?: string): ContainerRuntimeInfo | undefined {
		return this.kubelets.runtimeInfo(namespace, pod, container);
	}

	/** A node's image store (`crictl images` with shared and unique bytes). */
	nodeImages(node: string): {images: ImageRow[]; diskBytes: number} | undefined {
		return this.kubelets.nodeImages(node);
	}

	/** A node's `journalctl -u kubelet`, or undefined when there is no such node. */
	nodeJournal(node: string, query: JournalQuery = {}): string[] | undefined {
		return this.kubelets.journal(node, query);
	}

	/** The keys under a prefix as etcd holds them, with revisions and stored values. */
	etcd(prefix = '/registry/', limit = 500): EtcdEntry[] {
		return this.etcdView.entries(prefix, limit);
	}

	/** Replica count and utilization of an HPA over recent syncs, for charts. */
	hpaHistory(namespace: string, name: string): Array<{time: number; replicas: number; utilization?: number; target?: number}> {
		return this.controllers.hpa.history(namespace, name);
	}
}

export function createCluster(options: ClusterOptions = {}): Cluster {
	return new Cluster(options);
}

/** The encryption at rest an EncryptionConfiguration asks for, with IVs from a generator seeded by the cluster's seed. */
function encryptionOf(options: ClusterOptions) {
	if (options.encryptionConfig === undefined) return undefined;
	const {config, errors} = parseEncryptionConfig(options.encryptionConfig);
	if (!config) throw new Error(`error while parsing encryption provider configuration: ${errors.join(', ')}`);
	const unsupported = unsupportedProvider(config);
	if (unsupported) throw new Error(unsupported);
	const rng = new Rng(((options.seed ?? 1) ^ 0x656e6372) >>> 0);
	return {config, random: (n: number) => Buffer.from(Array.from({length: n}, () => rng.int(256)))};
}

/**
 * The manager that runs a controller: the cloud's part (load balancers for Services) is the
 * cloud-controller-manager's; the rest is kube-controller-manager's.
 */
function managerOf(controller: string): 'kube-controller-manager' | 'cloud-controller-manager' {
	return controller === 'service-lb' ? 'cloud-controller-manager' : 'kube-controller-manager';
}

/** klog's header: severity, MMDD, hh:mm:ss.uuuuuu, thread id. */
function klogPrefix(severity: 'E' | 'W' | 'I', ms: number): string {
	const d = new Date(ms);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${severity}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds() * 1000).padStart(6, '0')}       1`;
}

function formatLog(l: LogLine, timestamps?: boolean): string {
	return timestamps ? `${logTimestamp(l.time)} ${l.text}` : l.text;
}

export {REVISION};

/** Whether a pod has a container of this name, ephemeral containers included. */
export function hasContainer(pod: Pod, name: string): boolean {
	return [...pod.spec.containers, ...((pod.spec.ephemeralContainers ?? []) as Container[])].some(c => c.name === name);
}
