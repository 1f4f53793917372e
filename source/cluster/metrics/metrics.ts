// The metrics pipeline (kubelet's resource metrics scraped by metrics-server): every 15 s, the
// CPU and memory of every running pod from its simulated app and its load, per container and
// summed per node, kept as a short history for charts and read by the HPA and `kubectl top`.
import type {ControllerContext} from '../core/context.js';
import type {Kubelets} from '../node/kubelet.js';
import type {Node} from '../types.js';

export const SCRAPE_MS = 15_000;
const HISTORY = 80;
/** What the node itself uses besides pods (OS, kubelet, runtime). */
const NODE_SYSTEM_CPU = 120;
const NODE_SYSTEM_MEMORY = 700 * 1024 * 1024;

export interface Sample {
	cpuMilli: number;
	memoryBytes: number;
	timestamp: number;
}

class Series {
	t = new Float64Array(HISTORY);
	cpu = new Float32Array(HISTORY);
	mem = new Float64Array(HISTORY);
	n = 0;
	head = 0;

	push(s: Sample): void {
		this.t[this.head] = s.timestamp;
		this.cpu[this.head] = s.cpuMilli;
		this.mem[this.head] = s.memoryBytes;
		this.head = (this.head + 1) % HISTORY;
		if (this.n < HISTORY) this.n++;
	}

	latest(): Sample | undefined {
		if (!this.n) return undefined;
		const i = (this.head - 1 + HISTORY) % HISTORY;
		return {cpuMilli: this.cpu[i]!, memoryBytes: this.mem[i]!, timestamp: this.t[i]!};
	}

	all(): Sample[] {
		const out: Sample[] = [];
		for (let k = 0; k < this.n; k++) {
			const i = (this.head - this.n + k + HISTORY) % HISTORY;
			out.push({cpuMilli: this.cpu[i]!, memoryBytes: this.mem[i]!, timestamp: this.t[i]!});
		}
		return out;
	}
}

export class MetricsPipeline {
	/** Usage history per kind (pods and nodes), keyed `namespace/name` (`/name` for a node). */
	private readonly series = new Map<string, Map<string, Series>>([
		['Pod', new Map()],
		['Node', new Map()],
	]);
	private readonly pods = this.series.get('Pod')!;
	private readonly nodes = this.series.get('Node')!;
	private containers = new Map<string, Array<{name: string; cpuMilli: number; memoryBytes: number}>>();
	/** Set false to stop scraping (benchmarks of the control plane). */
	enabled = true;

	constructor(
		private readonly ctx: ControllerContext,
		private readonly kubelets: Kubelets,
	) {
		ctx.store.watch('Pod', (type, pod) => {
			if (type !== 'DELETED') return;
			const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
			this.pods.delete(key);
			this.containers.delete(key);
		});
		const tick = () => {
			if (this.enabled) this.scrape();
			ctx.clock.after(SCRAPE_MS, tick);
		};
		ctx.clock.after(SCRAPE_MS, tick);
	}

	/** One scrape of every running pod and every node. */
	scrape(): void {
		const {clock, rng, store} = this.ctx;
		const now = clock.now();
		this.kubelets.enforceMemory();
		const perNode = new Map<string, {cpu: number; mem: number}>();
		for (const p of this.kubelets.runningPods()) {
			const usage = this.kubelets.usage(p.namespace, p.name);
			if (!usage) continue;
			const key = `${p.namespace}/${p.name}`;
			let cpu = 0;
			let mem = 0;
			const jittered = usage.map(c => {
				const j = {name: c.name, cpuMilli: c.cpuMilli * (0.92 + 0.16 * rng.next()), memoryBytes: c.memoryBytes};
				cpu += j.cpuMilli;
				mem += j.memoryBytes;
				return j;
			});
			this.containers.set(key, jittered);
			let s = this.pods.get(key);
			if (!s) this.pods.set(key, (s = new Series()));
			s.push({cpuMilli: cpu, memoryBytes: mem, timestamp: now});
			const n = perNode.get(p.node) ?? {cpu: 0, mem: 0};
			n.cpu += cpu;
			n.mem += mem;
			perNode.set(p.node, n);
		}
		for (const node of store.list<Node>('Node')) {
			const name = node.metadata.name;
			if (!this.kubelets.isAlive(name)) continue;
			const u = perNode.get(name) ?? {cpu: 0, mem: 0};
			let s = this.nodes.get(`/${name}`);
			if (!s) this.nodes.set(`/${name}`, (s = new Series()));
			s.push({cpuMilli: u.cpu + NODE_SYSTEM_CPU * (0.9 + 0.2 * rng.next()), memoryBytes: u.mem + NODE_SYSTEM_MEMORY, timestamp: now});
		}
	}

	/** The latest sample of a pod or node; undefined for other kinds and objects not scraped yet. */
	latest(kind: string, namespace: string | undefined, name: string): Sample | undefined {
		return this.series.get(kind)?.get(`${namespace ?? ''}/${name}`)?.latest();
	}

	history(kind: string, namespace: string | undefined, name: string): Sample[] {
		return this.series.get(kind)?.get(`${namespace ?? ''}/${name}`)?.all() ?? [];
	}

	/** Per-container usage of a pod at the last scrape (PodMetrics). */
	containersOf(namespace: string, name: string): Array<{name: string; cpuMilli: number; memoryBytes: number}> | undefined {
		return this.containers.get(`${namespace}/${name}`);
	}
}
