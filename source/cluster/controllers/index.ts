// Controllers and pipelines beyond the core ones wired in index.ts.
import type {Kubelets} from '../node/kubelet.js';
import {MetricsPipeline} from '../metrics/metrics.js';
import {TrafficRouter} from '../traffic/traffic.js';
import type {ControllerContext} from '../core/context.js';
import {HorizontalPodAutoscalerController} from './hpa.js';
import {DaemonSetController} from './daemonset.js';
import {JobController} from './job.js';
import {CronJobController} from './cronjob.js';
import {StatefulSetController} from './statefulset.js';
import {DisruptionController} from './disruption.js';

export function extraControllers(ctx: ControllerContext, kubelets: Kubelets) {
	const metrics = new MetricsPipeline(ctx, kubelets);
	const traffic = new TrafficRouter(ctx, kubelets);
	const hpa = new HorizontalPodAutoscalerController(ctx, metrics);
	const daemonSets = new DaemonSetController(ctx);
	const statefulSets = new StatefulSetController(ctx);
	const jobs = new JobController(ctx);
	const cronJobs = new CronJobController(ctx);
	const disruption = new DisruptionController(ctx);
	return {metrics, traffic, hpa, daemonSets, statefulSets, jobs, cronJobs, disruption};
}
