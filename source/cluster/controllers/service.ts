// The cloud side of Services: a LoadBalancer Service gets an external address from the
// simulated cloud (like kind's cloud-provider or MetalLB) a moment after it is created.
import type {Service} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';

const SOURCE = {component: 'service-controller'};
const PROVISION_MS = 2000;

export class ServiceLoadBalancerController implements Reconciler {
	readonly name = 'service-lb';
	private next = 0;
	private assigned = new Map<string, string>();

	/** `cloud` names load balancers by hostname (AWS ELB) after its delay; without it they get an IP. */
	constructor(
		private readonly ctx: ControllerContext,
		private readonly cloud?: {hostname(uid: string): string; delayMs: number},
	) {
		ctx.runner.register(this);
		ctx.store.watch('Service', (type, svc) => {
			const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
			if (type === 'DELETED') {
				this.assigned.delete(svc.metadata.uid!);
				return;
			}
			ctx.runner.enqueue(this, key);
		});
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, api, events, runner} = this.ctx;
		const svc = store.get<Service>('Service', ns, name);
		if (!svc) return;
		const ingress = svc.status?.loadBalancer?.ingress;
		if (svc.spec?.type !== 'LoadBalancer') {
			if (ingress?.length) api.setStatus(svc, {...svc.status, loadBalancer: {}});
			return;
		}
		if (ingress?.length) return;
		const uid = svc.metadata.uid!;
		if (!this.assigned.has(uid)) {
			this.assigned.set(uid, '');
			events.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
			runner.enqueueAfter(this, key, this.cloud?.delayMs ?? PROVISION_MS);
			return;
		}
		if (this.cloud) {
			api.setStatus(svc, {...svc.status, loadBalancer: {ingress: [{hostname: this.cloud.hostname(uid)}]}});
			events.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
			return;
		}
		const ip = this.assigned.get(uid) || `172.18.255.${200 + (this.next++ % 55)}`;
		this.assigned.set(uid, ip);
		api.setStatus(svc, {...svc.status, loadBalancer: {ingress: [{ip, ipMode: 'VIP'}]}});
		events.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
	}
}
