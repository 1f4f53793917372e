// `w` on a Service: whether it has endpoints, and when not, its selector beside the labels of the
// pods of its namespace, so that a typo in either shows.
import type {Pod, Service} from '../../cluster/types.js';
import {matches, fromLabelSelector} from '../../cluster/core/selectors.js';
import type {Finding, ViewContext} from '../types.js';

function labelText(labels: Record<string, string> | undefined): string {
	const entries = Object.entries(labels ?? {});
	return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

function isReady(p: Pod): boolean {
	return !p.metadata.deletionTimestamp && !!p.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True');
}

export function whyService(svc: Service, ctx: ViewContext): Finding[] {
	const ns = svc.metadata.namespace ?? 'default';
	const spec = svc.spec ?? {};
	if (spec.type === 'ExternalName') return [{level: 'ok', message: 'why.service.externalName', values: {name: spec.externalName ?? ''}}];
	const selector = spec.selector;
	if (!selector || !Object.keys(selector).length) return [{level: 'info', message: 'why.service.noSelector'}];
	const sel = fromLabelSelector({matchLabels: selector});
	const pods = ctx.list('Pod', {namespace: ns}).filter(p => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
	const chosen = pods.filter(p => matches(sel, p.metadata.labels ?? {}));
	const out: Finding[] = [];
	if (!chosen.length) {
		// the pods whose labels share a key with the selector are the likely intended ones
		const near = pods.filter(p => Object.keys(selector).some(k => k in (p.metadata.labels ?? {})));
		const shown = (near.length ? near : pods).slice(0, 8);
		out.push({
			level: 'bad',
			message: 'why.service.noPods',
			values: {selector: labelText(selector), count: pods.length},
			lines: [`selector: ${labelText(selector)}`, ...shown.map(p => `pod/${p.metadata.name}: ${labelText(p.metadata.labels)}`)],
			fixes: [{message: 'why.service.fix.selector'}],
		});
		return out;
	}
	const ready = chosen.filter(isReady);
	if (!ready.length) {
		out.push({
			level: 'bad',
			message: 'why.service.noneReady',
			values: {count: chosen.length},
			lines: chosen.slice(0, 8).map(p => `pod/${p.metadata.name}: ${p.status?.phase ?? 'Pending'}, not Ready`),
			fixes: [{message: 'why.service.fix.ready'}],
		});
		return out;
	}
	const ports = spec.ports ?? [];
	const named = ports.filter(p => typeof p.targetPort === 'string');
	for (const port of named) {
		const has = ready.some(p => p.spec.containers.some(c => (c.ports ?? []).some(cp => cp.name === port.targetPort)));
		if (!has) out.push({level: 'bad', message: 'why.service.namedPort', values: {port: String(port.targetPort)}, fixes: [{message: 'why.service.fix.namedPort'}]});
	}
	if (spec.type === 'LoadBalancer' && !svc.status?.loadBalancer?.ingress?.length) out.push({level: 'warn', message: 'why.service.lbPending'});
	if (!out.length) out.push({level: 'ok', message: 'why.service.healthy', values: {ready: ready.length, count: chosen.length}});
	else if (ready.length < chosen.length) out.push({level: 'warn', message: 'why.service.someReady', values: {ready: ready.length, count: chosen.length}});
	return out;
}
