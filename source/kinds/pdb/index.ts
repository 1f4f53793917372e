// PodDisruptionBudget: policy/v1 poddisruptionbudgets.
import type {PodDisruptionBudget, PodDisruptionBudgetSpec, PodDisruptionBudgetStatus} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, formatSelector, intOrString} from '../format.js';
import {writeEvents} from '../describe.js';
import {pdbApi} from './api.js';

function budget(v: number | string | undefined | null): string {
	return v === undefined || v === null ? 'N/A' : intOrString(v);
}

function describePDB(pdb: PodDisruptionBudget, ctx: RenderContext): string {
	const w = new DescribeWriter();
	const spec: PodDisruptionBudgetSpec = pdb.spec ?? {};
	const s: PodDisruptionBudgetStatus = pdb.status ?? {};
	w.item(0, 'Name', pdb.metadata.name);
	w.item(0, 'Namespace', pdb.metadata.namespace ?? '');
	if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.item(0, 'Min available', intOrString(spec.minAvailable));
	else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.item(0, 'Max unavailable', intOrString(spec.maxUnavailable));
	w.item(0, 'Selector', spec.selector ? formatSelector(spec.selector) : '<unset>');
	w.write(0, 'Status:\n');
	w.item(2, 'Allowed disruptions', s.disruptionsAllowed ?? 0);
	w.item(2, 'Current', s.currentHealthy ?? 0);
	w.item(2, 'Desired', s.desiredHealthy ?? 0);
	w.item(2, 'Total', s.expectedPods ?? 0);
	writeEvents(w, pdb, ctx);
	return w.toString();
}

export const podDisruptionBudget: KindInfo = {
	kind: 'PodDisruptionBudget',
	group: 'policy',
	version: 'v1',
	apiVersion: 'policy/v1',
	plural: 'poddisruptionbudgets',
	singular: 'poddisruptionbudget',
	namespaced: true,
	shortNames: ['pdb'],
	categories: [],
	subresources: ['status'],
	api: pdbApi,
	protobuf: 'k8s.io.api.policy.v1.PodDisruptionBudget',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Min Available', type: 'string', priority: 0, description: 'The minimum number of pods that must be available.'},
		{name: 'Max Unavailable', type: 'string', priority: 0, description: 'The maximum number of pods that may be unavailable.'},
		{name: 'Allowed Disruptions', type: 'integer', priority: 0, description: 'Calculated number of pods that may be disrupted at this time.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: PodDisruptionBudget, ctx) => [
		obj.metadata.name,
		budget(obj.spec?.minAvailable),
		budget(obj.spec?.maxUnavailable),
		obj.status?.disruptionsAllowed ?? 0,
		age(obj.metadata.creationTimestamp, ctx.now),
	],
	describe: describePDB,
	capabilities: {},
};
