// The controller manager: every controller, started in this order (the order their work queues
// drain in). A new controller is one file in this folder and a line here.
import type {ControllerContext} from '../core/context.js';
import type {MetricsPipeline} from '../metrics/metrics.js';
import {NamespaceController} from './namespace.js';
import {GarbageCollector} from './gc.js';
import {DeploymentController} from './deployment.js';
import {REPLICATION_CONTROLLERS, ReplicaSetController} from './replicaset.js';
import {EndpointsController} from './endpoints.js';
import {ServiceLoadBalancerController} from './service.js';
import {NodeLifecycleController} from './nodelifecycle.js';
import {HorizontalPodAutoscalerController} from './podautoscaler/controller.js';
import {DaemonSetController} from './daemonset.js';
import {JobController} from './job.js';
import {CronJobController} from './cronjob.js';
import {StatefulSetController} from './statefulset.js';
import {DisruptionController} from './disruption.js';
import {ClusterRoleAggregationController} from './clusterroleaggregation.js';
import {CertificateSigningController} from './certificates/signer.js';
import {PersistentVolumeController} from './persistentvolume.js';
import {ResourceQuotaController} from './resourcequota.js';
import {CustomResourceDefinitionController} from './customresources.js';
import {ClusterAutoscaler} from './autoscaler/controller.js';
import type {NodeGroups} from '../cloud/nodegroups.js';
import type {AutoscalerOptions} from '../cloud/profile.js';

/** What a cloud profile adds: node groups for the autoscaler, and how load balancers are named. */
export interface CloudControllers {
	nodeGroups?: NodeGroups;
	autoscaler?: AutoscalerOptions;
	loadBalancer?: {hostname(uid: string): string; delayMs: number};
}

export function startControllers(ctx: ControllerContext, metrics: MetricsPipeline, cloud: CloudControllers = {}) {
	new NamespaceController(ctx);
	new GarbageCollector(ctx);
	new DeploymentController(ctx);
	new ReplicaSetController(ctx);
	new ReplicaSetController(ctx, REPLICATION_CONTROLLERS);
	new EndpointsController(ctx);
	new ServiceLoadBalancerController(ctx, cloud.loadBalancer);
	new NodeLifecycleController(ctx);
	const hpa = new HorizontalPodAutoscalerController(ctx, metrics);
	new DaemonSetController(ctx);
	new StatefulSetController(ctx);
	new JobController(ctx);
	new CronJobController(ctx);
	new DisruptionController(ctx);
	new ClusterRoleAggregationController(ctx);
	const signer = new CertificateSigningController(ctx);
	new PersistentVolumeController(ctx);
	new ResourceQuotaController(ctx);
	new CustomResourceDefinitionController(ctx);
	const autoscaler = cloud.nodeGroups && cloud.autoscaler?.enabled !== false ? new ClusterAutoscaler(ctx, cloud.nodeGroups, cloud.autoscaler) : undefined;
	return {hpa, signer, autoscaler};
}
