// `w` on a HorizontalPodAutoscaler: why it does not scale, from the conditions its controller
// writes (AbleToScale, ScalingActive, ScalingLimited), each in plain words with its message.
import type {HorizontalPodAutoscaler} from '../../cluster/types.js';
import type {Finding, ViewContext} from '../types.js';

export function whyHpa(hpa: HorizontalPodAutoscaler, _ctx: ViewContext): Finding[] {
	const conditions = hpa.status?.conditions ?? [];
	const get = (type: string) => conditions.find(c => c.type === type);
	const out: Finding[] = [];
	const active = get('ScalingActive');
	const able = get('AbleToScale');
	const limited = get('ScalingLimited');
	const current = hpa.status?.currentReplicas ?? 0;
	const values = {min: hpa.spec.minReplicas ?? 1, max: hpa.spec.maxReplicas, current, desired: hpa.status?.desiredReplicas ?? current};
	if (!conditions.length) return [{level: 'info', message: 'why.hpa.notYet'}];
	if (active?.status === 'False') {
		const missingRequest = /missing request/.test(active.message ?? '');
		out.push({level: 'bad', message: missingRequest ? 'why.hpa.missingRequests' : 'why.hpa.noMetrics', values, lines: [active.message ?? active.reason ?? ''], fixes: [{message: missingRequest ? 'why.hpa.fix.requests' : 'why.hpa.fix.metrics'}]});
	}
	if (able?.status === 'False') out.push({level: 'bad', message: 'why.hpa.cannotScale', values, lines: [able.message ?? able.reason ?? '']});
	else if (able?.reason === 'ScaleDownStabilized') out.push({level: 'info', message: 'why.hpa.stabilizing', values, lines: [able.message ?? '']});
	if (limited?.status === 'True') {
		const atMax = limited.reason === 'TooManyReplicas';
		out.push({level: atMax ? 'warn' : 'info', message: atMax ? 'why.hpa.atMax' : 'why.hpa.atMin', values, lines: [limited.message ?? ''], fixes: atMax ? [{message: 'why.hpa.fix.max'}] : undefined});
	}
	if (!out.length) out.push({level: 'ok', message: 'why.hpa.healthy', values});
	return out;
}
