// The embedded client: the dashboard on an in-process simulated cluster, with the simulator's
// powers (time control, chaos, load) on top of the usual operations.
import {describeError, type Cluster, type Driver, type DriverHost, type KObject} from '../cluster/index.js';
import {KINDS, kindInfo, resolveKind, type RenderContext} from '../kinds/index.js';
import type {ClusterClient, ClusterInfo, ListOptions, LogStreamOptions, Revision, SimulatorControls, Usage} from './types.js';
import {realTimeHost} from './host.js';

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

	constructor(
		readonly cluster: Cluster,
		opts: EmbeddedOptions = {},
	) {
		this.driver = cluster.drive(opts.host ?? realTimeHost, opts.speed ?? 1, opts.tickMs ?? 100);
		if (opts.paused) this.driver.pause();
		this.stopWatch = cluster.store.watch('*', (_t, obj) => {
			this.counter++;
			this.perKind.set(obj.kind, (this.perKind.get(obj.kind) ?? 0) + 1);
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
			failNode: async name => self.run(() => cluster.failNode(name), `node/${name} failed (its kubelet stopped posting status)`),
			recoverNode: async name => self.run(() => cluster.recoverNode(name), `node/${name} recovered`),
			crashContainer: async (ns, pod, container) => self.run(() => cluster.crashContainer(ns, pod, container), `pod/${pod} crashed`),
			setProbesFailing: async (ns, pod, failing) => self.run(() => cluster.setProbesFailing(ns, pod, failing), failing ? `pod/${pod} probes now failing` : `pod/${pod} probes healthy again`),
			traffic: (ns, svc) => cluster.traffic(ns, svc),
			setTraffic: async (ns, svc, rps) => self.run(() => cluster.setTraffic(ns, svc, Math.max(0, rps)), `service/${svc} traffic set to ${Math.max(0, rps)} rps`),
			hpaHistory: (ns, name) => cluster.hpaHistory(ns, name),
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

	kinds() {
		return KINDS;
	}

	now(): number {
		return this.cluster.now();
	}

	revision(kind?: string): number {
		return kind ? (this.perKind.get(kindInfo(kind)?.kind ?? kind) ?? 0) : this.counter;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	watchKind(): () => void {
		return () => {};
	}

	list(kind: string, opts: ListOptions = {}): KObject[] {
		return this.cluster.list(kind, opts);
	}

	get(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		return this.cluster.find(kind, namespace, name);
	}

	eventsFor(obj: KObject): KObject[] {
		const ns = obj.metadata.namespace ?? 'default';
		return this.cluster
			.list('Event', {namespace: obj.kind === 'Node' ? undefined : ns, fieldSelector: `involvedObject.name=${obj.metadata.name}`})
			.filter(e => e.involvedObject.uid === obj.metadata.uid || e.involvedObject.kind === obj.kind)
			.sort((a, b) => (a.lastTimestamp < b.lastTimestamp ? -1 : a.lastTimestamp > b.lastTimestamp ? 1 : 0));
	}

	namespaces(): string[] {
		return this.cluster.list('Namespace').map(n => n.metadata.name);
	}

	usage(kind: 'Pod' | 'Node', namespace: string | undefined, name: string): Usage | undefined {
		return this.cluster.usage(kind, namespace, name);
	}

	usageHistory(kind: 'Pod' | 'Node', namespace: string | undefined, name: string): Usage[] {
		return this.cluster.usageHistory(kind, namespace, name);
	}

	renderContext(): RenderContext {
		return {
			now: this.now(),
			get: (kind, ns, name) => this.get(kind, ns, name),
			list: (kind, opts) => this.list(kind, opts),
			events: obj => this.eventsFor(obj),
			usage: obj => (obj.kind === 'Pod' || obj.kind === 'Node' ? this.usage(obj.kind, obj.metadata.namespace, obj.metadata.name) : undefined),
		};
	}

	describe(obj: KObject): string {
		const k = kindInfo(obj.kind);
		return k?.describe ? k.describe(obj, this.renderContext()) : `Name: ${obj.metadata.name}\n`;
	}

	async scale(kind: string, namespace: string, name: string, replicas: number): Promise<string> {
		const k = resolveKind(kind)!;
		return this.run(() => this.cluster.scale(k.kind, namespace, name, replicas), `${label(k.kind)}/${name} scaled`);
	}

	async delete(kind: string, namespace: string | undefined, name: string, propagation: 'Background' | 'Foreground' | 'Orphan' = 'Background'): Promise<string> {
		const k = resolveKind(kind)!;
		return this.run(() => this.cluster.delete(k.kind, namespace, name, {propagationPolicy: propagation}), `${label(k.kind)} "${name}" deleted`);
	}

	async restart(kind: string, namespace: string, name: string): Promise<string> {
		const k = resolveKind(kind)!;
		return this.run(() => this.cluster.restart(k.kind, namespace, name), `${label(k.kind)}/${name} restarted`);
	}

	async setImage(kind: string, namespace: string, name: string, container: string, image: string): Promise<string> {
		const k = resolveKind(kind)!;
		return this.run(() => this.cluster.setImage(k.kind, namespace, name, container, image), `${label(k.kind)}/${name} image updated`);
	}

	async rollback(namespace: string, name: string, toRevision = 0): Promise<string> {
		let message = '';
		await this.run(() => {
			message = this.cluster.rollback(namespace, name, toRevision);
		}, '');
		return message;
	}

	async history(namespace: string, name: string): Promise<Revision[]> {
		try {
			return this.cluster.history(namespace, name);
		} catch (e) {
			throw new Error(describeError(e));
		}
	}

	async cordon(node: string, unschedulable: boolean): Promise<string> {
		return this.run(() => this.cluster.cordon(node, unschedulable), `node/${node} ${unschedulable ? 'cordoned' : 'uncordoned'}`);
	}

	async drain(node: string): Promise<string> {
		let n = 0;
		await this.run(() => {
			n = this.cluster.drain(node).length;
		}, '');
		return `node/${node} drained (${n} pod${n === 1 ? '' : 's'} evicted)`;
	}

	async apply(text: string, source = 'edit'): Promise<string[]> {
		try {
			const r = this.cluster.apply(text, source);
			this.notify();
			return r.map(x => x.message);
		} catch (e) {
			throw new Error(e instanceof Error && e.name === 'ManifestError' ? `error: ${e.message}` : describeError(e));
		}
	}

	async logs(namespace: string, pod: string, opts: LogStreamOptions, onLine: (line: string) => void): Promise<() => void> {
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
		this.driver.stop();
		this.stopWatch();
		this.listeners.clear();
	}
}

function label(kind: string): string {
	const k = kindInfo(kind)!;
	return k.group ? `${k.singular}.${k.group}` : k.singular;
}
