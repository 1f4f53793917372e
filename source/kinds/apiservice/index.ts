// APIService: apiregistration.k8s.io/v1 apiservices (cluster-scoped). One per served group
// version: the built-in ones answered by the API server itself (`Local`), the metrics API by
// metrics-server, and those of custom resource definitions, added as their definitions are
// established (the aggregator's autoregistration).
import type {KObject} from '../../cluster/types.js';
import type {KindInfo} from '../types.js';
import {age, findCondition} from '../format.js';
import {describeGeneric} from '../describe.js';
import {FieldErrors, type Obj} from '../shared/fields.js';

export interface APIService extends KObject {
	spec: {
		group?: string;
		version?: string;
		service?: {namespace?: string; name?: string; port?: number};
		groupPriorityMinimum: number;
		versionPriority: number;
		insecureSkipTLSVerify?: boolean;
	};
	status?: {conditions?: Array<{type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string}>};
}

/** The label the aggregator puts on the APIServices it manages: `onstart` for built-ins, `true` for those of CRDs. */
export const AUTOMANAGED_LABEL = 'kube-aggregator.kubernetes.io/automanaged';

/** The name of a group version's APIService: `v1.apps`, `v1.` for the core group. */
export function apiServiceName(group: string, version: string): string {
	return `${version}.${group}`;
}

/** The aggregator's priorities of the built-in group versions: [groupPriorityMinimum, versionPriority]. */
const PRIORITIES: Readonly<Record<string, [number, number]>> = {
	'/v1': [18000, 1],
	'apiregistration.k8s.io/v1': [18000, 15],
	'apps/v1': [17800, 15],
	'authentication.k8s.io/v1': [17700, 15],
	'authorization.k8s.io/v1': [17600, 15],
	'autoscaling/v1': [17500, 15],
	'autoscaling/v2': [17500, 30],
	'batch/v1': [17400, 15],
	'certificates.k8s.io/v1': [17300, 15],
	'networking.k8s.io/v1': [17200, 15],
	'policy/v1': [17100, 15],
	'rbac.authorization.k8s.io/v1': [17000, 15],
	'storage.k8s.io/v1': [16800, 15],
	'apiextensions.k8s.io/v1': [16700, 15],
	'scheduling.k8s.io/v1': [16600, 15],
	'coordination.k8s.io/v1': [16500, 15],
	'node.k8s.io/v1': [16300, 15],
	'discovery.k8s.io/v1': [16200, 15],
};

/** The group versions the API server answers itself besides those of stored kinds (the review APIs). */
const REVIEW_GROUP_VERSIONS = ['authentication.k8s.io/v1', 'authorization.k8s.io/v1'];

/** What custom resource definitions' group versions get from the autoregistration. */
export const CRD_PRIORITY: [number, number] = [1000, 100];

/** An APIService the API server answers itself (`Local`), labelled as the aggregator manages it. */
export function localApiService(group: string, version: string, automanaged: 'onstart' | 'true', priority: [number, number]): APIService {
	return {
		apiVersion: 'apiregistration.k8s.io/v1',
		kind: 'APIService',
		metadata: {name: apiServiceName(group, version), labels: {[AUTOMANAGED_LABEL]: automanaged}},
		spec: {group, version, groupPriorityMinimum: priority[0], versionPriority: priority[1]},
	};
}

/**
 * The APIServices every cluster has from the start, given its built-in kinds: one per group
 * version, and the metrics API's, answered by metrics-server.
 */
export function builtInApiServices(kinds: readonly {group: string; version: string; versions?: Array<{version: string}>}[]): APIService[] {
	const gvs = new Set<string>();
	for (const k of kinds) for (const v of [k.version, ...(k.versions ?? []).map(x => x.version)]) gvs.add(`${k.group}/${v}`);
	for (const gv of REVIEW_GROUP_VERSIONS) gvs.add(gv);
	const out = [...gvs].sort().map(gv => {
		const [group, version] = gv.split('/') as [string, string];
		return localApiService(group, version, 'onstart', PRIORITIES[gv] ?? [1000, 100]);
	});
	out.push({
		apiVersion: 'apiregistration.k8s.io/v1',
		kind: 'APIService',
		metadata: {name: apiServiceName('metrics.k8s.io', 'v1beta1'), labels: {'k8s-app': 'metrics-server'}},
		spec: {group: 'metrics.k8s.io', version: 'v1beta1', service: {namespace: 'kube-system', name: 'metrics-server', port: 443}, groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true},
		status: {conditions: [{type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed'}]},
	});
	return out;
}

function validate(e: FieldErrors, obj: Obj): void {
	const spec = e.obj(obj.spec, 'spec');
	if (!spec) return;
	const group = e.str(spec.group, 'spec.group') ?? '';
	const version = e.str(spec.version, 'spec.version');
	if (!version) e.required('spec.version');
	const name = (obj.metadata as Obj | undefined)?.name;
	if (typeof name === 'string' && version && name !== apiServiceName(group, version))
		e.invalid('metadata.name', name, `must be ${apiServiceName(group, version)}`);
	const gpm = e.int(spec.groupPriorityMinimum, 'spec.groupPriorityMinimum');
	if (gpm === undefined || gpm <= 0 || gpm > 20000) e.invalid('spec.groupPriorityMinimum', spec.groupPriorityMinimum ?? 0, 'must be positive and less than 20000');
	const vp = e.int(spec.versionPriority, 'spec.versionPriority');
	if (vp === undefined || vp <= 0 || vp > 1000) e.invalid('spec.versionPriority', spec.versionPriority ?? 0, 'must be positive and less than 1000');
	if (spec.service === undefined || spec.service === null) {
		if (spec.insecureSkipTLSVerify) e.invalid('spec.insecureSkipTLSVerify', true, 'must be false if service is nil');
	}
}

function serviceCell(s: APIService): string {
	const svc = s.spec?.service;
	return svc?.name ? `${svc.namespace ?? ''}/${svc.name}` : 'Local';
}

function availableCell(s: APIService): string {
	const c = findCondition(s.status?.conditions, 'Available');
	if (!c) return 'Unknown';
	return c.status === 'True' ? 'True' : `${c.status} (${c.reason ?? ''})`;
}

export const apiService: KindInfo = {
	kind: 'APIService',
	group: 'apiregistration.k8s.io',
	version: 'v1',
	apiVersion: 'apiregistration.k8s.io/v1',
	plural: 'apiservices',
	singular: 'apiservice',
	namespaced: false,
	shortNames: [],
	categories: ['api-extensions'],
	subresources: ['status'],
	api: {
		name: () => [],
		validate,
		admitCreate(obj) {
			// a Local APIService is answered by the API server itself, so it is always available
			const s = obj as APIService;
			if (!s.spec?.service && !s.status?.conditions?.length)
				s.status = {conditions: [{type: 'Available', status: 'True', lastTransitionTime: s.metadata.creationTimestamp, reason: 'Local', message: 'Local APIServices are always available'}]};
			else if (!s.status) s.status = {};
		},
	},
	exported: obj => (obj.metadata.labels?.[AUTOMANAGED_LABEL] ? undefined : obj),
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Service', type: 'string', priority: 0},
		{name: 'Available', type: 'string', priority: 0},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj, ctx) => [obj.metadata.name, serviceCell(obj as APIService), availableCell(obj as APIService), age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeGeneric,
	capabilities: {},
	view: {
		health(obj) {
			return findCondition((obj as APIService).status?.conditions, 'Available')?.status === 'True' ? 'ok' : 'bad';
		},
	},
};
