// ClusterClient: everything the dashboard may ask of a cluster. The embedded client answers
// from the simulator in-process; the kubeconfig client from informer caches over HTTP. Reads
// are synchronous (from a cache); writes are async and reject with a message kubectl would print.
import type {Event, KindMap, KindName, KObject} from '../cluster/types.js';
import type {KindInfo} from '../kinds/index.js';

export interface ClusterInfo {
	/** Cluster or context name. */
	name: string;
	/** `simulated` for the embedded cluster, `context` for a kubeconfig context. */
	kind: 'simulated' | 'context';
	version: string;
	server?: string;
}

export interface ListOptions {
	namespace?: string;
	labelSelector?: string;
	fieldSelector?: string;
	/**
	 * The caller shows rows only: a kind the kubeconfig client holds as server-side Table rows
	 * (metadata and cells, no spec or status) is listed as those. Without it such a kind lists
	 * nothing, since the objects are not whole.
	 */
	rows?: boolean;
}

export interface LogStreamOptions {
	container?: string;
	previous?: boolean;
	tailLines?: number;
	timestamps?: boolean;
	follow?: boolean;
}

export interface Usage {
	cpuMilli: number;
	memoryBytes: number;
	timestamp: number;
}

export type {Revision} from '../verbs/index.js';
import type {Revision} from '../verbs/index.js';

export interface HpaPoint {
	time: number;
	replicas: number;
	/** Current utilization percentage of the first metric, when known. */
	utilization?: number;
	target?: number;
}

export type {NodeGroupInfo, Bill, AutoscalerDecision, ContainerRuntimeInfo, EtcdEntry, ImageRow, ControlPlaneStatus, Count, NodeRuntime, Verb} from '../cluster/index.js';
import type {NodeGroupInfo, Bill, AutoscalerDecision, ContainerRuntimeInfo, EtcdEntry, ImageRow, ControlPlaneStatus} from '../cluster/index.js';

/** The simulated cloud of the eks profile: node groups, the autoscaler's decisions, the bill. */
export interface CloudControls {
	nodeGroups(): NodeGroupInfo[];
	setNodeGroupSize(name: string, desired: number): Promise<string>;
	setNodeGroupLimits(name: string, minSize: number, maxSize: number): Promise<string>;
	autoscalerDecisions(): readonly AutoscalerDecision[];
	bill(): Bill | undefined;
}

/** Powers only the simulator has: time, chaos and load. */
export interface SimulatorControls {
	paused(): boolean;
	togglePause(): boolean;
	speed(): number;
	setSpeed(speed: number): void;
	step(ms?: number): void;
	failNode(name: string): Promise<string>;
	recoverNode(name: string): Promise<string>;
	crashContainer(namespace: string, pod: string, container?: string): Promise<string>;
	setProbesFailing(namespace: string, pod: string, failing: boolean): Promise<string>;
	traffic(namespace: string, service: string): number;
	setTraffic(namespace: string, service: string, rps: number): Promise<string>;
	hpaHistory(namespace: string, name: string): HpaPoint[];
	/**
	 * The control plane's own counters (requests by verb, etcd writes, bindings, reconciles) and
	 * what the kubelets of the nodes named are doing; only the simulator counts them.
	 */
	controlPlane(nodes?: readonly string[], recent?: number): ControlPlaneStatus;
	/** Present when the simulated cluster has a cloud (the eks profile). */
	cloud?: CloudControls;
	/** Starts a drill on this cluster: its manifests applied, its script and clock running. */
	startDrill?(drill: Drill): DrillControl;
	/** Under a container: its runtime chain, OCI states, namespaces, cgroup and image layers. */
	runtime?(namespace: string, pod: string, container: string): ContainerRuntimeInfo | undefined;
	/** A node's image store with shared and unique bytes; undefined for an unknown node. */
	nodeImages?(node: string): {images: ImageRow[]; diskBytes: number} | undefined;
	/** A node's `journalctl -u kubelet`; undefined for an unknown node. */
	nodeJournal?(node: string): string[] | undefined;
	/** The keys under a prefix as etcd holds them. */
	etcd?(prefix: string, limit: number): EtcdEntry[];
}

export type {PortForward} from './portforward.js';
import type {Drill} from '../drill/drill.js';
import type {ObjectReader} from '../learn/check.js';
import type {Finding} from '../kinds/types.js';
import type {DrillControl} from '../drill/run.js';
import type {PortForward} from './portforward.js';

/** What a command run in a container printed, and how it ended. */
export interface ExecOutput {
	stdout: string;
	stderr: string;
	exitCode: number;
}

/** What changed in a kind since a revision (`ClusterClient.changesSince`). */
export interface Changes {
	changed: KObject[];
	removed: string[];
}

/** A request as the dashboard makes it: a verb on a kind, in a namespace, of one object or all. */
export interface RefusedRequest {
	verb: string;
	kind: string;
	namespace?: string;
	name?: string;
	subresource?: string;
}

/** Whom the dashboard acts as (`:user`): a user name and its groups. */
export interface ActingUser {
	username: string;
	groups: string[];
}

export interface ClusterClient {
	info(): ClusterInfo;
	/** Kinds the cluster serves. */
	kinds(): readonly KindInfo[];
	/** Cluster time (epoch ms): the simulated clock, or the wall clock for a real cluster. */
	now(): number;
	/** Counts every change the client has seen; cheap to poll. Per kind when given. */
	revision(kind?: string): number;
	/**
	 * What changed in a kind after revision `since` (a value `revision(kind)` gave): the objects
	 * added or changed, as `list(kind, {rows: true})` holds them, and the namespace/name keys of
	 * those gone. Undefined when the client cannot tell (a list again, a page, acting as another
	 * user): list instead.
	 */
	changesSince?(kind: string, since: number): Changes | undefined;
	/** Calls back after changes (not coalesced: the UI coalesces per frame). */
	subscribe(listener: () => void): () => void;
	/** Starts caching a kind (informer); returns a function to stop. Embedded: no-op. */
	watchKind(kind: string): () => void;

	list<K extends KindName>(kind: K, opts?: ListOptions): KindMap[K][];
	list(kind: string, opts?: ListOptions): KObject[];
	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	/** Events about an object, oldest first. */
	eventsFor(obj: KObject): Event[];
	namespaces(): string[];
	usage(kind: string, namespace: string | undefined, name: string): Usage | undefined;
	usageHistory(kind: string, namespace: string | undefined, name: string): Usage[];
	describe(obj: KObject): string;

	scale(kind: string, namespace: string, name: string, replicas: number): Promise<string>;
	delete(kind: string, namespace: string | undefined, name: string, propagation?: 'Background' | 'Foreground' | 'Orphan'): Promise<string>;
	restart(kind: string, namespace: string, name: string): Promise<string>;
	setImage(kind: string, namespace: string, name: string, container: string, image: string): Promise<string>;
	rollback(namespace: string, name: string, toRevision?: number): Promise<string>;
	history(namespace: string, name: string): Promise<Revision[]>;
	cordon(node: string, unschedulable: boolean): Promise<string>;
	drain(node: string): Promise<string>;
	/** `kubectl label`: `key=value` sets, `key-` removes, `--overwrite` replaces a value. */
	label(kind: string, namespace: string | undefined, name: string, changes: string): Promise<string>;
	/** `kubectl taint nodes`: `key=value:Effect` adds, `key:Effect-` and `key-` take off, `--overwrite`. */
	taint(node: string, changes: string): Promise<string>;
	/** Applies YAML text (what `e` edit writes back). Returns kubectl-style result lines. */
	apply(text: string, source?: string): Promise<string[]>;

	/**
	 * Runs a command in a running container, as `kubectl exec` does: its output and exit code.
	 * Absent where the client cannot exec.
	 */
	exec?(namespace: string, pod: string, container: string | undefined, argv: string[]): Promise<ExecOutput>;

	/** `kubectl port-forward`: a local port answered by the pod's port (absent where not supported). */
	portForward?(namespace: string, pod: string, localPort: number, remotePort: number): Promise<PortForward>;
	/** The port forwards open now. */
	portForwards?(): PortForward[];
	stopPortForward?(id: string): boolean;

	/** Reads logs; with follow, keeps calling onLine until the returned function is called. */
	logs(namespace: string, pod: string, opts: LogStreamOptions, onLine: (line: string) => void): Promise<() => void>;

	/**
	 * `:user jane --group dev`: from now on every read and write is made as that user (the
	 * simulator's authorizer, or impersonation headers to a real server); undefined goes back to
	 * the client's own credentials. Absent where the client cannot.
	 */
	actAs?(user: ActingUser | undefined): void;
	/** The user set by actAs, if any. */
	actingAs?(): ActingUser | undefined;
	/** The API server's 403 for listing a kind there as the acting user (kubectl's words), or undefined when it may. */
	listProblem?(kind: string, namespace?: string): string | undefined;
	/** The last action the acting user was refused (cleared when the user changes). */
	lastRefused?(): RefusedRequest | undefined;
	/**
	 * `w` on a refused request: what was asked, what is bound to the acting user, and the binding
	 * that would allow it; that it is allowed, once it is. Undefined without an acting user.
	 */
	forbiddenWhy?(request: RefusedRequest): Finding[] | undefined;
	/**
	 * What a lesson's checks read: the cluster as it is, whoever the dashboard acts as, and whether
	 * a user may make a request. Absent where the client sees only what its user may.
	 */
	lessonReader?(): ObjectReader;

	/** Present only on the embedded simulator. */
	sim?: SimulatorControls;
	close(): void;
}
