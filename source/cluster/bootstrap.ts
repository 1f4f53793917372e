// What `kubeadm init` leaves behind: the four namespaces, the `kubernetes` Service, the control
// plane's static pods on the control-plane node, CoreDNS behind kube-dns, and kube-proxy on
// every node; the default RBAC policy.
import {createHash} from 'node:crypto';
import type {ApiServer} from './api/apiserver.js';
import type {KObject} from './types.js';
import {DEFAULT_CLUSTER_ROLE_BINDINGS, DEFAULT_CLUSTER_ROLES} from './bootstrap-rbac.js';
import {Rng} from './core/rng.js';

export const KUBERNETES_VERSION = 'v1.32.2';

export function createNamespaces(api: ApiServer): void {
	for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
		api.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels: {'kubernetes.io/metadata.name': name}}, spec: {finalizers: ['kubernetes']}}, {trusted: true});
}

export function createSystemServices(api: ApiServer, controlPlaneIP: string): void {
	api.create(
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'kubernetes', namespace: 'default', labels: {component: 'apiserver', provider: 'kubernetes'}},
			spec: {type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{name: 'https', port: 443, protocol: 'TCP', targetPort: 6443}], sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster'},
			status: {loadBalancer: {}},
		},
		{trusted: true},
	);
	api.create(
		{
			apiVersion: 'v1',
			kind: 'Endpoints',
			metadata: {name: 'kubernetes', namespace: 'default', labels: {'endpointslice.kubernetes.io/skip-mirror': 'true'}},
			subsets: [{addresses: [{ip: controlPlaneIP}], ports: [{name: 'https', port: 6443, protocol: 'TCP'}]}],
		},
		{trusted: true},
	);
	api.create(
		{
			apiVersion: 'v1',
			kind: 'Service',
			metadata: {name: 'kube-dns', namespace: 'kube-system', labels: {'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'}},
			spec: {
				type: 'ClusterIP',
				clusterIP: '10.96.0.10',
				clusterIPs: ['10.96.0.10'],
				selector: {'k8s-app': 'kube-dns'},
				ports: [
					{name: 'dns', port: 53, protocol: 'UDP', targetPort: 53},
					{name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53},
					{name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153},
				],
				sessionAffinity: 'None',
				ipFamilies: ['IPv4'],
				ipFamilyPolicy: 'SingleStack',
				internalTrafficPolicy: 'Cluster',
			},
			status: {loadBalancer: {}},
		},
		{trusted: true},
	);
}

const STATIC: Array<{component: string; image: string; cpu: string; port: number}> = [
	{component: 'etcd', image: 'registry.k8s.io/etcd:3.5.16-0', cpu: '100m', port: 2381},
	{component: 'kube-apiserver', image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`, cpu: '250m', port: 6443},
	{component: 'kube-controller-manager', image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`, cpu: '200m', port: 10257},
	{component: 'kube-scheduler', image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`, cpu: '100m', port: 10259},
];

/** The control plane's static pods, as mirror pods bound to the control-plane node. */
export function createStaticPods(api: ApiServer, node: KObject): void {
	const nodeName = node.metadata.name;
	for (const s of STATIC) {
		api.create(
			{
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {
					name: `${s.component}-${nodeName}`,
					namespace: 'kube-system',
					labels: {component: s.component, tier: 'control-plane'},
					annotations: {'kubernetes.io/config.source': 'file', 'kubernetes.io/config.mirror': 'mirror'},
					ownerReferences: [{apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid!, controller: true}],
				},
				spec: {
					nodeName,
					hostNetwork: true,
					priorityClassName: 'system-node-critical',
					priority: 2000001000,
					containers: [
						{
							name: s.component,
							image: s.image,
							imagePullPolicy: 'IfNotPresent',
							command: [s.component],
							ports: [{name: 'probe-port', containerPort: s.port, protocol: 'TCP'}],
							resources: {requests: {cpu: s.cpu, ...(s.component === 'etcd' ? {memory: '100Mi'} : {})}},
							livenessProbe: {httpGet: {host: '127.0.0.1', path: s.component === 'etcd' ? '/livez' : '/healthz', port: s.port, scheme: s.component === 'etcd' ? 'HTTP' : 'HTTPS'}, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8, successThreshold: 1},
						},
					],
					tolerations: [{operator: 'Exists', effect: 'NoExecute'}],
					restartPolicy: 'Always',
					terminationGracePeriodSeconds: 30,
					dnsPolicy: 'ClusterFirst',
					schedulerName: 'default-scheduler',
				},
			},
			{},
		);
	}
}

/** CoreDNS's pod, as kubeadm and EKS both install it, from their own image. */
export function coreDnsPodSpec(image: string) {
	return {
		priorityClassName: 'system-cluster-critical',
		containers: [
			{
				name: 'coredns',
				image,
				args: ['-conf', '/etc/coredns/Corefile'],
				ports: [
					{containerPort: 53, name: 'dns', protocol: 'UDP'},
					{containerPort: 53, name: 'dns-tcp', protocol: 'TCP'},
					{containerPort: 9153, name: 'metrics', protocol: 'TCP'},
				],
				resources: {limits: {memory: '170Mi'}, requests: {cpu: '100m', memory: '70Mi'}},
			},
		],
		tolerations: [
			{key: 'CriticalAddonsOnly', operator: 'Exists'},
			{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'},
		],
		nodeSelector: {'kubernetes.io/os': 'linux'},
	};
}

/** CoreDNS (a Deployment of 2) and kube-proxy (a DaemonSet on every node). */
export function createAddons(api: ApiServer): void {
	api.create(
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'coredns', namespace: 'kube-system', labels: {'k8s-app': 'kube-dns'}},
			spec: {
				replicas: 2,
				selector: {matchLabels: {'k8s-app': 'kube-dns'}},
				strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1, maxSurge: '25%'}},
				template: {
					metadata: {labels: {'k8s-app': 'kube-dns'}},
					spec: coreDnsPodSpec('registry.k8s.io/coredns/coredns:v1.11.3'),
				},
			},
		},
		{},
	);
	api.create(
		{
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name: 'kube-proxy', namespace: 'kube-system', labels: {'k8s-app': 'kube-proxy'}},
			spec: {
				selector: {matchLabels: {'k8s-app': 'kube-proxy'}},
				template: {
					metadata: {labels: {'k8s-app': 'kube-proxy'}},
					spec: {
						hostNetwork: true,
						priorityClassName: 'system-node-critical',
						containers: [{name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`, command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)']}],
						tolerations: [{operator: 'Exists'}],
						nodeSelector: {'kubernetes.io/os': 'linux'},
					},
				},
			},
		},
		{},
	);
}

/**
 * The bootstrap RBAC policy: default ClusterRoles and their bindings. Their uids come from their
 * names, not from the seeded generator, so a cluster's other objects get the same random values
 * with or without them.
 */
export function createDefaultRbac(api: ApiServer): void {
	for (const obj of [...DEFAULT_CLUSTER_ROLES, ...DEFAULT_CLUSTER_ROLE_BINDINGS]) {
		const o = structuredClone(obj);
		o.metadata = {...o.metadata, uid: nameUid(`${o.kind}/${o.metadata.name}`), creationTimestamp: api.clock.iso(), generation: 1};
		api.store.put(o);
	}
}

/** A UUID-shaped id derived from a name. */
function nameUid(name: string): string {
	const h = createHash('sha1').update(name).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What every cluster has from the start besides namespaces: the two system PriorityClasses and,
 * as kind installs it, the default StorageClass `standard` with a local-path provisioner.
 */
export function createSystemClasses(api: ApiServer): void {
	// their uids come from a generator of their own, so the cluster's seeded sequence is untouched
	const uids = new Rng(0x5c1a55);
	const opts = () => ({trusted: true, uid: uids.uuid()});
	api.create({apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: {name: 'system-cluster-critical'}, value: 2000000000, globalDefault: false, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority'} as KObject, opts());
	api.create({apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: {name: 'system-node-critical'}, value: 2000001000, globalDefault: false, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority'} as KObject, opts());
	api.create(
		{
			apiVersion: 'storage.k8s.io/v1',
			kind: 'StorageClass',
			metadata: {name: 'standard', annotations: {'storageclass.kubernetes.io/is-default-class': 'true'}},
			provisioner: 'rancher.io/local-path',
			reclaimPolicy: 'Delete',
			volumeBindingMode: 'WaitForFirstConsumer',
		} as KObject,
		opts(),
	);
}
