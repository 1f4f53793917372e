// The control plane's own counters, kept by the components that do the work: the API server
// counts requests by verb, the store its writes, the scheduler its bindings, the controller
// manager each controller's reconciles, each kubelet its image pulls. A counter is a total and
// a ring of one-second buckets of virtual time, so a rate is the count of the last
// RATE_WINDOW_S seconds (the current one included) over that window. Counting is an increment;
// nothing is allocated per event.
import type {Tally} from '../core/tally.js';

/** Seconds of virtual time a rate is taken over. */
export const RATE_WINDOW_S = 10;

/** The verbs of API requests as the API server's request metrics name them. */
export const VERBS = ['GET', 'LIST', 'WATCH', 'CREATE', 'UPDATE', 'PATCH', 'DELETE'] as const;
export type Verb = (typeof VERBS)[number];

/** Requests kept for the API server's recent actions. */
const RECENT_REQUESTS = 64;

interface Elapsed {
	elapsed(): number;
}

/** A count since start and over the rate window. */
export interface Count {
	total: number;
	/** Counted in the last RATE_WINDOW_S seconds. */
	window: number;
	/** window / RATE_WINDOW_S, per second. */
	rate: number;
}

export class Counter implements Tally {
	total = 0;
	private readonly buckets = new Float64Array(RATE_WINDOW_S);
	/** The second the newest bucket holds. */
	private second = 0;

	constructor(private readonly clock: Elapsed) {}

	add(n = 1): void {
		this.roll();
		this.buckets[this.second % RATE_WINDOW_S]! += n;
		this.total += n;
	}

	/** Empties the buckets of the seconds that passed since the last count. */
	private roll(): void {
		const s = Math.floor(this.clock.elapsed() / 1000);
		if (s === this.second) return;
		if (s - this.second >= RATE_WINDOW_S) this.buckets.fill(0);
		else for (let x = this.second + 1; x <= s; x++) this.buckets[x % RATE_WINDOW_S] = 0;
		this.second = s;
	}

	/** Counted in the last RATE_WINDOW_S seconds of virtual time (the current second included). */
	window(): number {
		this.roll();
		let n = 0;
		for (let i = 0; i < RATE_WINDOW_S; i++) n += this.buckets[i]!;
		return n;
	}

	count(): Count {
		const window = this.window();
		return {total: this.total, window, rate: window / RATE_WINDOW_S};
	}
}

/** One API request as the API server saw it. */
export interface ApiRequest {
	/** Virtual epoch ms. */
	time: number;
	verb: Verb;
	kind: string;
	namespace?: string;
	name?: string;
	subresource?: string;
}

/**
 * The API server's requests: a counter per verb and the last requests, in preallocated parallel
 * arrays (a request stores references to strings it already has).
 */
export class RequestCounters {
	readonly byVerb: Record<Verb, Counter>;
	private readonly rTime = new Float64Array(RECENT_REQUESTS);
	private readonly rVerb: Verb[] = new Array(RECENT_REQUESTS);
	private readonly rKind: string[] = new Array(RECENT_REQUESTS);
	private readonly rNamespace: Array<string | undefined> = new Array(RECENT_REQUESTS);
	private readonly rName: Array<string | undefined> = new Array(RECENT_REQUESTS);
	private readonly rSub: Array<string | undefined> = new Array(RECENT_REQUESTS);
	private next = 0;
	private seen = 0;

	constructor(private readonly clock: Elapsed & {now(): number}) {
		this.byVerb = {} as Record<Verb, Counter>;
		for (const v of VERBS) this.byVerb[v] = new Counter(clock);
	}

	count(verb: Verb, kind: string, namespace?: string, name?: string, subresource?: string): void {
		this.byVerb[verb].add();
		const i = this.next;
		this.rTime[i] = this.clock.now();
		this.rVerb[i] = verb;
		this.rKind[i] = kind;
		this.rNamespace[i] = namespace;
		this.rName[i] = name;
		this.rSub[i] = subresource;
		this.next = (i + 1) % RECENT_REQUESTS;
		this.seen++;
	}

	/** The last requests, newest first. */
	recent(limit = RECENT_REQUESTS): ApiRequest[] {
		const n = Math.min(limit, this.seen, RECENT_REQUESTS);
		const out: ApiRequest[] = [];
		for (let k = 1; k <= n; k++) {
			const i = (this.next - k + RECENT_REQUESTS) % RECENT_REQUESTS;
			const r: ApiRequest = {time: this.rTime[i]!, verb: this.rVerb[i]!, kind: this.rKind[i]!};
			if (this.rNamespace[i]) r.namespace = this.rNamespace[i];
			if (this.rName[i]) r.name = this.rName[i];
			if (this.rSub[i]) r.subresource = this.rSub[i];
			out.push(r);
		}
		return out;
	}
}

/**
 * Every counter of the control plane, keyed by component (kube-apiserver, etcd, kube-scheduler,
 * kube-controller-manager, kubelet) and name (a verb, a controller, a node). A counter is made
 * once, when its component first asks for it.
 */
export class ControlPlaneCounters {
	readonly requests: RequestCounters;
	private readonly counters = new Map<string, Map<string, Counter>>();

	constructor(private readonly clock: Elapsed & {now(): number}) {
		this.requests = new RequestCounters(clock);
	}

	counter(component: string, name: string): Counter {
		let m = this.counters.get(component);
		if (!m) this.counters.set(component, (m = new Map()));
		let c = m.get(name);
		if (!c) m.set(name, (c = new Counter(this.clock)));
		return c;
	}

	/** The counts of one component's counters, by name, in the order they were made. */
	counts(component: string): Array<{name: string} & Count> {
		return [...(this.counters.get(component)?.entries() ?? [])].map(([name, c]) => ({name, ...c.count()}));
	}
}

/** One write to the store, as its replay window holds it. */
export interface StoreWrite {
	resourceVersion: number;
	type: 'ADDED' | 'MODIFIED' | 'DELETED';
	kind: string;
	namespace?: string;
	name: string;
}

/** What a node's kubelet and container runtime are doing. */
export interface NodeRuntime {
	name: string;
	/** Image pulls started. */
	pulls: Count;
	/** Pulls asked for and not finished (waiting for the node's serialized pull queue included). */
	pullsInFlight: number;
	pods: number;
	/** Containers running in the runtime. */
	running: number;
	/** Images stored on the node. */
	images: number;
}

/** The control plane's counters at one instant, as the `:cluster` view shows them. */
export interface ControlPlaneStatus {
	windowSeconds: number;
	/** kube-apiserver: requests by verb, and the latest ones (newest first). */
	requests: Record<Verb, Count>;
	recentRequests: ApiRequest[];
	/** etcd: writes (each one a new resourceVersion), the current one, the latest writes (newest first). */
	writes: Count;
	resourceVersion: number;
	recentWrites: StoreWrite[];
	/** kube-scheduler: pods bound, and scheduling attempts (syncs of its queue). */
	bindings: Count;
	schedulingAttempts: Count;
	/** Each controller's syncs, with the manager that runs it. */
	controllers: Array<{name: string; manager: 'kube-controller-manager' | 'cloud-controller-manager'} & Count>;
	nodes: NodeRuntime[];
}
