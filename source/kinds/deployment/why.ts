// `w` on a Deployment: a rollout that is stuck or short of available pods, and why its newest
// pods are not ready (each pod's own diagnosis, in short).
import type {Deployment, Pod} from '../../cluster/types.js';
import type {Finding, ViewContext} from '../types.js';

/** The first reason a pod is not ready, as STATUS would say it. */
function podProblem(p: Pod): string {
	const statuses = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])];
	for (const s of statuses) {
		if (s.state?.waiting?.reason && s.state.waiting.reason !== 'ContainerCreating') return `${s.name}: ${s.state.waiting.reason}`;
		if (s.state?.terminated && s.state.terminated.exitCode !== 0) return `${s.name}: ${s.state.terminated.reason ?? 'Error'} (exit code ${s.state.terminated.exitCode})`;
	}
	const scheduled = p.status?.conditions?.find(c => c.type === 'PodScheduled' && c.status === 'False');
	if (scheduled) return scheduled.message ?? 'Unschedulable';
	const notReady = statuses.find(s => s.state?.running && !s.ready);
	if (notReady) return `${notReady.name}: running, not ready`;
	return p.status?.phase ?? 'Pending';
}

export function whyDeployment(d: Deployment, ctx: ViewContext): Finding[] {
	const want = d.spec.replicas ?? 1;
	const available = d.status?.availableReplicas ?? 0;
	const updated = d.status?.updatedReplicas ?? 0;
	const conditions = d.status?.conditions ?? [];
	const progressing = conditions.find(c => c.type === 'Progressing');
	const out: Finding[] = [];
	if (d.spec.paused) out.push({level: 'warn', message: 'why.deployment.paused', fixes: [{message: 'why.deployment.fix.resume'}]});
	const pods = ctx.list('Pod', {namespace: d.metadata.namespace}).filter(p => p.metadata.labels?.['pod-template-hash'] && ctx.get('ReplicaSet', p.metadata.namespace, p.metadata.ownerReferences?.find(o => o.controller)?.name ?? '')?.metadata.ownerReferences?.some(o => o.uid === d.metadata.uid));
	const troubled = pods.filter(p => !p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') && !p.metadata.deletionTimestamp);
	const lines = troubled.slice(0, 6).map(p => `pod/${p.metadata.name}: ${podProblem(p)}`);
	if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
		out.push({level: 'bad', message: 'why.deployment.stuck', values: {seconds: d.spec.progressDeadlineSeconds ?? 600}, lines: [progressing.message ?? '', ...lines], fixes: [{message: 'why.deployment.fix.pods'}, {message: 'why.deployment.fix.undo'}]});
	} else if (available < want) {
		out.push({level: updated < want ? 'warn' : 'bad', message: updated < want ? 'why.deployment.rollingOut' : 'why.deployment.unavailable', values: {available, want, updated}, lines, fixes: lines.length ? [{message: 'why.deployment.fix.pods'}] : undefined});
	}
	if (!out.length) out.push({level: 'ok', message: 'why.deployment.healthy', values: {available, want}});
	return out;
}
