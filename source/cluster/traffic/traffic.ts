// Load on Services: requests per second per Service (set from code or by the
// `kubesim.io/traffic` annotation), spread by the simulated kube-proxy over the Service's ready
// endpoints every second. It sets each pod's load (which drives its CPU and memory) and writes
// access-log lines for the requests each pod serves.
import type {ControllerContext} from '../core/context.js';
import type {Kubelets} from '../node/kubelet.js';
import {readyEndpoints} from '../core/endpoints.js';

export const TRAFFIC_ANNOTATION = 'kubesim.io/traffic';
const TICK_MS = 1000;
/** Access-log lines written per pod per second at most (the rest are counted, not logged). */
const MAX_LOG_LINES_PER_SECOND = 25;

const PATHS = ['/', '/', '/', '/', '/index.html', '/index.html', '/', '/favicon.ico'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', 'curl/8.5.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', 'Go-http-client/1.1'];

export class TrafficRouter {
	private rates = new Map<string, number>();
	private fromCode = new Set<string>();
	private loaded = new Set<string>();
	private timer: number | undefined;
	private carry = new Map<string, number>();

	constructor(
		private readonly ctx: ControllerContext,
		private readonly kubelets: Kubelets,
	) {
		ctx.store.watch('Service', (type, svc) => {
			const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
			if (type === 'DELETED') {
				this.rates.delete(key);
				this.fromCode.delete(key);
				return;
			}
			if (this.fromCode.has(key)) return;
			const v = Number(svc.metadata.annotations?.[TRAFFIC_ANNOTATION]);
			if (Number.isFinite(v) && v > 0) this.rates.set(key, v);
			else this.rates.delete(key);
			this.ensureTimer();
		});
	}

	set(namespace: string, service: string, rps: number): void {
		const key = `${namespace}/${service}`;
		this.fromCode.add(key);
		if (rps > 0) this.rates.set(key, rps);
		else this.rates.set(key, 0);
		this.ensureTimer();
	}

	get(namespace: string, service: string): number {
		return this.rates.get(`${namespace}/${service}`) ?? 0;
	}

	private ensureTimer(): void {
		if (this.timer !== undefined) return;
		this.timer = this.ctx.clock.after(TICK_MS, () => this.tick());
	}

	private tick(): void {
		this.timer = undefined;
		const {clock, rng} = this.ctx;
		const load = new Map<string, number>();
		const now = clock.now();
		for (const [key, rps] of this.rates) {
			if (rps <= 0) continue;
			const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
			const eps = readyEndpoints(this.ctx.store, ns, name);
			if (!eps.length) continue;
			const per = rps / eps.length;
			for (const ep of eps) {
				// an address written by hand without a pod behind it takes its share, but loads no pod
				if (ep.pod === undefined) continue;
				const podKey = `${ns}/${ep.pod}`;
				load.set(podKey, (load.get(podKey) ?? 0) + per);
				// requests this second: the fractional part carries over
				const exact = per + (this.carry.get(podKey) ?? 0);
				const count = Math.floor(exact);
				this.carry.set(podKey, exact - count);
				const logged = Math.min(count, MAX_LOG_LINES_PER_SECOND);
				const reqs = [];
				for (let i = 0; i < logged; i++) {
					const path = PATHS[rng.int(PATHS.length)]!;
					reqs.push({
						method: 'GET',
						path,
						status: path === '/favicon.ico' ? 404 : 200,
						bytes: path === '/favicon.ico' ? 153 : 200 + rng.int(5000),
						clientIP: `10.244.${rng.int(4)}.${1 + rng.int(250)}`,
						userAgent: AGENTS[rng.int(AGENTS.length)]!,
						time: now - TICK_MS + Math.floor(((i + 1) * TICK_MS) / (logged + 1)),
					});
				}
				if (reqs.length) this.kubelets.serve(ns, ep.pod, reqs);
			}
		}
		for (const podKey of this.loaded) if (!load.has(podKey)) {
			const i = podKey.indexOf('/');
			this.kubelets.setPodLoad(podKey.slice(0, i), podKey.slice(i + 1), 0);
			this.carry.delete(podKey);
		}
		for (const [podKey, rps] of load) {
			const i = podKey.indexOf('/');
			this.kubelets.setPodLoad(podKey.slice(0, i), podKey.slice(i + 1), rps);
		}
		this.loaded = new Set(load.keys());
		if ([...this.rates.values()].some(v => v > 0) || this.loaded.size) this.ensureTimer();
	}
}
