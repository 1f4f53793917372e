// Endpoints and EndpointSlices: for every Service with a selector, the addresses of the pods it
// selects, ready ones as addresses and the others as not ready; kube-proxy and the traffic
// router send requests only to the ready ones.
import type {EndpointAddress, EndpointPort, EndpointSlice, EndpointSliceEndpoint, EndpointSubset, Endpoints, Pod, Service, ServicePort} from '../types.js';
import {fromMap, matches} from '../core/selectors.js';
import {stableStringify} from '../core/json.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {isPodReady} from '../core/pods.js';
import {watchKind} from '../core/objects.js';

export class EndpointsController implements Reconciler {
	readonly name = 'endpoints';

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('Service', (_t, svc) => ctx.runner.enqueue(this, `${svc.metadata.namespace}/${svc.metadata.name}`));
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			if (type === 'MODIFIED' && old && old.status?.podIP === pod.status?.podIP && isPodReady(old) === isPodReady(pod) && !!old.metadata.deletionTimestamp === !!pod.metadata.deletionTimestamp && old.metadata.labels === pod.metadata.labels && old.spec.nodeName === pod.spec.nodeName) return;
			for (const svc of ctx.store.list<Service>('Service', {namespace: pod.metadata.namespace})) {
				const sel = svc.spec?.selector;
				if (!sel || !Object.keys(sel).length) continue;
				const s = fromMap(sel);
				if (matches(s, pod.metadata.labels) || (old && matches(s, old.metadata.labels))) ctx.runner.enqueue(this, `${svc.metadata.namespace}/${svc.metadata.name}`);
			}
		});
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, api} = this.ctx;
		const svc = store.get<Service>('Service', ns, name);
		const ep = store.get<Endpoints>('Endpoints', ns, name);
		const sliceName = `${name}-slice`;
		const slice = store.get<EndpointSlice>('EndpointSlice', ns, sliceName) ?? store.list<EndpointSlice>('EndpointSlice', {namespace: ns, labels: fromMap({'kubernetes.io/service-name': name})})[0];
		if (!svc) {
			if (ep && ep.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] !== 'kubesim') {
				/* endpoints written by a user stay */
			}
			return;
		}
		if (name === 'kubernetes' && ns === 'default') return;
		const selector = svc.spec?.selector;
		if (!selector || !Object.keys(selector).length || svc.spec?.type === 'ExternalName') return;
		const pods = store.list<Pod>('Pod', {namespace: ns, labels: fromMap(selector)}).filter(p => p.status?.podIP && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
		pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
		const ports: ServicePort[] = svc.spec.ports ?? [];
		const resolvePort = (p: ServicePort, pod: Pod): number | undefined => {
			const t = p.targetPort ?? p.port;
			if (typeof t === 'number') return t;
			for (const c of pod.spec.containers) for (const cp of c.ports ?? []) if (cp.name === t) return cp.containerPort;
			return undefined;
		};
		// every pod here has a podIP (filtered above)
		// a pod whose subdomain is this Service's name is published under its hostname too
		// (`web-0.nginx.default.svc.cluster.local`), as StatefulSet pods are
		const hostname = (p: Pod) => (p.spec.hostname && p.spec.subdomain === name ? {hostname: p.spec.hostname} : {});
		const address = (p: Pod): EndpointAddress => ({ip: p.status.podIP!, ...hostname(p), nodeName: p.spec.nodeName, targetRef: {kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid}});
		const ready = pods.filter(p => isPodReady(p) && !p.metadata.deletionTimestamp);
		const notReady = pods.filter(p => !(isPodReady(p) && !p.metadata.deletionTimestamp));
		const epPorts: EndpointPort[] = ports.map(p => ({...(p.name ? {name: p.name} : {}), port: pods[0] ? resolvePort(p, pods[0]) ?? p.port : typeof p.targetPort === 'number' ? p.targetPort : p.port, protocol: p.protocol ?? 'TCP'}));
		const subsets: EndpointSubset[] | undefined = pods.length
			? [{...(ready.length ? {addresses: ready.map(address)} : {}), ...(notReady.length ? {notReadyAddresses: notReady.map(address)} : {}), ports: epPorts}]
			: undefined;
		const labels = {...svc.metadata.labels};
		if (!ep) {
			api.create<Endpoints>({apiVersion: 'v1', kind: 'Endpoints', metadata: {name, namespace: ns, labels}, ...(subsets ? {subsets} : {})}, {trusted: true});
		} else if (stableStringify(ep.subsets) !== stableStringify(subsets)) {
			const next: Endpoints = {...ep, metadata: {...ep.metadata}};
			if (subsets) next.subsets = subsets;
			else delete next.subsets;
			api.replace(ep, next);
		}
		const endpoints = pods.map((p): EndpointSliceEndpoint => {
			const r = isPodReady(p);
			const terminating = !!p.metadata.deletionTimestamp;
			return {addresses: [p.status.podIP!], conditions: {ready: r && !terminating, serving: r, terminating}, ...hostname(p), nodeName: p.spec.nodeName, targetRef: {kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid}};
		});
		// the EndpointSlice controller always names a port, with "" for an unnamed one
		const slicePorts = epPorts.map(p => ({name: p.name ?? '', port: p.port, protocol: p.protocol}));
		if (!slice) {
			api.create<EndpointSlice>(
				{
					apiVersion: 'discovery.k8s.io/v1',
					kind: 'EndpointSlice',
					metadata: {
						name: sliceName,
						namespace: ns,
						labels: {...labels, 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io'},
						ownerReferences: [{apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true}],
					},
					addressType: 'IPv4',
					endpoints,
					ports: slicePorts,
				},
				{trusted: true},
			);
		} else if (stableStringify(slice.endpoints) !== stableStringify(endpoints) || stableStringify(slice.ports) !== stableStringify(slicePorts)) {
			api.replace(slice, {...slice, metadata: {...slice.metadata}, endpoints, ports: slicePorts});
		}
	}
}

