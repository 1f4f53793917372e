// Deployment: apps/v1 deployments.
import type {
	Deployment,
	DeploymentStatus,
	DeploymentStrategy,
	KObject,
	PodTemplateSpec,
	ReplicaSet,
	ReplicationController,
	RollingUpdateDeployment,
	StatefulSet,
} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age, containerCells, intOrString, rfc1123z, selectorString, timeOf, TEMPLATE_COLUMNS, SELECTOR_COLUMN} from '../format.js';
import {describeConditions, describePodTemplate, isControlledBy, writeEvents} from '../describe.js';
import {deploymentApi} from './api.js';
import {deploymentView} from './view.js';

/** spec.replicas with the API default of 1. */
export function desiredReplicas(obj: Deployment | ReplicaSet | StatefulSet | ReplicationController): number {
	const r = obj.spec?.replicas;
	return typeof r === 'number' ? r : 1;
}

/** The READY column of a Deployment or StatefulSet: `ready/desired`. */
export function deploymentReady(d: Deployment | StatefulSet): string {
	return `${d.status?.readyReplicas ?? 0}/${desiredReplicas(d)}`;
}

/** The strategy with API defaults: RollingUpdate with 25% max unavailable and 25% max surge. */
export function deploymentStrategy(d: Deployment): {type: string; maxUnavailable?: string; maxSurge?: string} {
	const strategy: DeploymentStrategy = d.spec?.strategy ?? {};
	const type: string = strategy.type ?? 'RollingUpdate';
	if (type !== 'RollingUpdate') return {type};
	const ru: RollingUpdateDeployment = strategy.rollingUpdate ?? {};
	return {
		type,
		maxUnavailable: intOrString(ru.maxUnavailable ?? '25%'),
		maxSurge: intOrString(ru.maxSurge ?? '25%'),
	};
}

/** A JSON text with keys sorted, for comparing templates. */
function canonicalJSON(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const keys = Object.keys(value as object).filter(k => (value as Record<string, unknown>)[k] !== undefined).sort();
		return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJSON((value as Record<string, unknown>)[k])}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

function templateWithoutHash(template: PodTemplateSpec | undefined): string {
	const copy: Partial<PodTemplateSpec> = JSON.parse(JSON.stringify(template ?? {}));
	if (copy.metadata?.labels) {
		delete copy.metadata.labels['pod-template-hash'];
		if (!Object.keys(copy.metadata.labels).length) delete copy.metadata.labels;
	}
	return canonicalJSON(copy);
}

function byCreation(a: KObject, b: KObject): number {
	const ta = timeOf(a.metadata.creationTimestamp) ?? 0;
	const tb = timeOf(b.metadata.creationTimestamp) ?? 0;
	if (ta !== tb) return ta - tb;
	return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * The ReplicaSets a Deployment controls, as kubectl finds them: the new one has the
 * Deployment's pod template (ignoring the pod-template-hash label), oldest first on ties; the
 * old ones are the rest, `oldActive` only those with replicas.
 */
export function deploymentReplicaSets(d: Deployment, ctx: RenderContext): {newRS?: ReplicaSet; old: ReplicaSet[]; oldActive: ReplicaSet[]} {
	if (!ctx.list) return {old: [], oldActive: []};
	const owned = (ctx.list('ReplicaSet', {namespace: d.metadata.namespace}) as ReplicaSet[]).filter(rs => isControlledBy(rs, d)).sort(byCreation);
	const want = templateWithoutHash(d.spec?.template);
	let newRS = owned.find(rs => templateWithoutHash(rs.spec?.template) === want);
	if (!newRS) {
		const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
		if (revision) newRS = owned.find(rs => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision);
	}
	const old = owned.filter(rs => rs !== newRS);
	return {newRS, old, oldActive: old.filter(rs => desiredReplicas(rs) !== 0)};
}

/** `web-6d4c (3/3 replicas created)` for each ReplicaSet, or `<none>`. */
export function replicaSetsSummary(list: readonly ReplicaSet[]): string {
	const parts = list.map(rs => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${desiredReplicas(rs)} replicas created)`);
	return parts.length ? parts.join(', ') : '<none>';
}

function describeDeployment(d: Deployment, ctx: RenderContext): string {
	const w = new DescribeWriter();
	w.item(0, 'Name', d.metadata.name);
	w.item(0, 'Namespace', d.metadata.namespace ?? '');
	w.item(0, 'CreationTimestamp', rfc1123z(d.metadata.creationTimestamp));
	w.labels('Labels', d.metadata.labels);
	w.annotations('Annotations', d.metadata.annotations);
	w.item(0, 'Selector', selectorString(d.spec?.selector));
	const s: DeploymentStatus = d.status ?? {};
	w.item(0, 'Replicas', `${desiredReplicas(d)} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ` +
		`${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable`);
	const strategy = deploymentStrategy(d);
	w.item(0, 'StrategyType', strategy.type);
	w.item(0, 'MinReadySeconds', d.spec?.minReadySeconds ?? 0);
	if (strategy.type === 'RollingUpdate') {
		w.item(0, 'RollingUpdateStrategy', `${strategy.maxUnavailable} max unavailable, ${strategy.maxSurge} max surge`);
	}
	describePodTemplate(w, d.spec?.template);
	describeConditions(w, s.conditions, ['Type', 'Status', 'Reason'], 1);
	const {newRS, oldActive} = deploymentReplicaSets(d, ctx);
	if (newRS || oldActive.length) {
		w.item(0, 'OldReplicaSets', replicaSetsSummary(oldActive));
		w.item(0, 'NewReplicaSet', replicaSetsSummary(newRS ? [newRS] : []));
	}
	writeEvents(w, d, ctx);
	return w.toString();
}

export const deployment: KindInfo = {
	kind: 'Deployment',
	group: 'apps',
	version: 'v1',
	apiVersion: 'apps/v1',
	plural: 'deployments',
	singular: 'deployment',
	namespaced: true,
	shortNames: ['deploy'],
	categories: ['all'],
	subresources: ['status', 'scale'],
	api: deploymentApi,
	protobuf: 'k8s.io.api.apps.v1.Deployment',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Ready', type: 'string', priority: 0, description: 'Number of the pod with ready state'},
		{name: 'Up-to-date', type: 'string', priority: 0, description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'},
		{name: 'Available', type: 'string', priority: 0, description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'},
		{name: 'Age', type: 'date', priority: 0},
		...TEMPLATE_COLUMNS,
		SELECTOR_COLUMN,
	],
	row: (obj: Deployment, ctx) => {
		const [names, images] = containerCells(obj.spec?.template?.spec?.containers);
		return [
			obj.metadata.name,
			deploymentReady(obj),
			obj.status?.updatedReplicas ?? 0,
			obj.status?.availableReplicas ?? 0,
			age(obj.metadata.creationTimestamp, ctx.now),
			names,
			images,
			selectorString(obj.spec?.selector),
		];
	},
	describe: describeDeployment,
	capabilities: {scalable: true, restartable: true, rollbackable: true, loggable: true},
	view: deploymentView,
};

