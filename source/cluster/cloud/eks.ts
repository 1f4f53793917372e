// What an EKS cluster holds in kube-system when it is created: no control-plane pods (AWS runs
// the control plane), but the VPC CNI (aws-node), kube-proxy and CoreDNS as add-ons, and the
// Cluster Autoscaler as the Deployment a cluster operator installs. Also the name of the Classic
// ELB the AWS cloud provider makes for a LoadBalancer Service.
import type {ApiServer} from '../api/apiserver.js';
import {coreDnsPodSpec} from '../bootstrap.js';
import type {Expander} from './profile.js';

const ECR = '602401143452.dkr.ecr.us-east-1.amazonaws.com';
export const AUTOSCALER_IMAGE = 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.32.0';

/** How long the ELB takes before the Service shows its DNS name. */
export const ELB_PROVISION_MS = 30_000;

/** `a<uid without dashes, 31 characters>-<digits>.<region>.elb.amazonaws.com`, as the AWS cloud provider names it. */
export function elbHostname(uid: string, region: string, digits: string): string {
	return `a${uid.replace(/-/g, '').slice(0, 31)}-${digits}.${region}.elb.amazonaws.com`;
}

const SYSTEM_TOLERATIONS = [{operator: 'Exists'}];

export function createEksAddons(api: ApiServer, opts: {cluster: string; region: string; autoscaler: boolean; expander: Expander}): void {
	api.create(
		{
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name: 'aws-node', namespace: 'kube-system', labels: {'app.kubernetes.io/name': 'aws-node', 'k8s-app': 'aws-node'}},
			spec: {
				selector: {matchLabels: {'k8s-app': 'aws-node'}},
				updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '10%'}},
				template: {
					metadata: {labels: {'app.kubernetes.io/name': 'aws-node', 'k8s-app': 'aws-node'}},
					spec: {
						hostNetwork: true,
						priorityClassName: 'system-node-critical',
						initContainers: [{name: 'aws-vpc-cni-init', image: `${ECR}/amazon-k8s-cni-init:v1.19.2-eksbuild.1`, resources: {requests: {cpu: '25m'}}}],
						containers: [
							{
								name: 'aws-node',
								image: `${ECR}/amazon-k8s-cni:v1.19.2-eksbuild.1`,
								ports: [{containerPort: 61678, name: 'metrics', protocol: 'TCP'}],
								env: [
									{name: 'AWS_VPC_K8S_CNI_LOGLEVEL', value: 'DEBUG'},
									{name: 'WARM_ENI_TARGET', value: '1'},
									{name: 'ENABLE_PREFIX_DELEGATION', value: 'false'},
									{name: 'AWS_VPC_K8S_CNI_EXTERNALSNAT', value: 'false'},
									{name: 'CLUSTER_NAME', value: opts.cluster},
								],
								resources: {requests: {cpu: '25m'}},
							},
							{name: 'aws-eks-nodeagent', image: `${ECR}/amazon/aws-network-policy-agent:v1.1.6-eksbuild.1`, resources: {requests: {cpu: '25m'}}},
						],
						tolerations: SYSTEM_TOLERATIONS,
						affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid', 'auto']}]}]}}},
					},
				},
			},
		},
		{},
	);
	api.create(
		{
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name: 'kube-proxy', namespace: 'kube-system', labels: {'eks.amazonaws.com/component': 'kube-proxy', 'k8s-app': 'kube-proxy'}},
			spec: {
				selector: {matchLabels: {'k8s-app': 'kube-proxy'}},
				updateStrategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '10%'}},
				template: {
					metadata: {labels: {'k8s-app': 'kube-proxy'}},
					spec: {
						hostNetwork: true,
						priorityClassName: 'system-node-critical',
						containers: [
							{
								name: 'kube-proxy',
								image: `${ECR}/eks/kube-proxy:v1.32.0-minimal-eksbuild.2`,
								command: ['kube-proxy', '--v=2', '--config=/var/lib/kube-proxy-config/config', '--hostname-override=$(NODE_NAME)'],
								resources: {requests: {cpu: '100m'}},
							},
						],
						tolerations: SYSTEM_TOLERATIONS,
						affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'auto']}]}]}}},
					},
				},
			},
		},
		{},
	);
	api.create(
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'coredns', namespace: 'kube-system', labels: {'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS'}},
			spec: {
				replicas: 2,
				selector: {matchLabels: {'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns'}},
				strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1, maxSurge: '25%'}},
				template: {
					metadata: {labels: {'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns'}},
					spec: coreDnsPodSpec(`${ECR}/eks/coredns:v1.11.4-eksbuild.2`),
				},
			},
		},
		{},
	);
	if (!opts.autoscaler) return;
	api.create(
		{
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'cluster-autoscaler', namespace: 'kube-system', labels: {app: 'cluster-autoscaler'}},
			spec: {
				replicas: 1,
				selector: {matchLabels: {app: 'cluster-autoscaler'}},
				template: {
					metadata: {labels: {app: 'cluster-autoscaler'}, annotations: {'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false', 'prometheus.io/port': '8085', 'prometheus.io/scrape': 'true'}},
					spec: {
						priorityClassName: 'system-cluster-critical',
						containers: [
							{
								name: 'cluster-autoscaler',
								image: AUTOSCALER_IMAGE,
								command: [
									'./cluster-autoscaler',
									'--v=4',
									'--stderrthreshold=info',
									'--cloud-provider=aws',
									'--skip-nodes-with-local-storage=false',
									`--expander=${opts.expander}`,
									`--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${opts.cluster}`,
								],
								resources: {limits: {cpu: '100m', memory: '600Mi'}, requests: {cpu: '100m', memory: '600Mi'}},
							},
						],
						nodeSelector: {'kubernetes.io/os': 'linux'},
					},
				},
			},
		},
		{},
	);
}
