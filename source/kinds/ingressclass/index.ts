// IngressClass: networking.k8s.io/v1 ingressclasses (cluster-scoped). The class annotated as the
// default is what admission gives an Ingress that names none.
import type {IngressClass, KObject} from '../../cluster/types.js';
import type {KindApi, KindInfo} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {writeEvents} from '../describe.js';
import {FieldErrors, type Obj, child, specRules} from '../shared/fields.js';
import {isDNS1123Subdomain, isQualifiedName} from '../shared/formats.js';

export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Whether an IngressClass is marked as the cluster's default. */
export function isDefaultIngressClass(cls: KObject): boolean {
	return cls.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
}

/** The default class among these: the most recently created when several are marked (then by name). */
export function defaultIngressClass(classes: readonly KObject[]): KObject | undefined {
	let best: KObject | undefined;
	for (const c of classes) {
		if (!isDefaultIngressClass(c)) continue;
		if (!best) best = c;
		else {
			const a = c.metadata.creationTimestamp ?? '';
			const b = best.metadata.creationTimestamp ?? '';
			if (a > b || (a === b && c.metadata.name < best.metadata.name)) best = c;
		}
	}
	return best;
}

function validateSpec(e: FieldErrors, spec: Obj): void {
	const controller = e.str(spec.controller, 'spec.controller');
	if (!controller) e.required('spec.controller');
	else {
		if (controller.length > 250) e.tooLong('spec.controller', 'may not be more than 250 bytes');
		const slash = controller.indexOf('/');
		const domain = slash < 0 ? controller : controller.slice(0, slash);
		if (slash < 0 || isQualifiedName(controller).length || isDNS1123Subdomain(domain).length)
			e.invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")');
	}
	const params = e.obj(spec.parameters, 'spec.parameters');
	if (params) {
		for (const f of ['kind', 'name']) {
			const v = e.str(params[f], child('spec.parameters', f));
			if (!v) e.required(child('spec.parameters', f));
		}
		const scope = e.oneOf(params.scope, 'spec.parameters.scope', ['Cluster', 'Namespace']);
		const ns = e.str(params.namespace, 'spec.parameters.namespace');
		if (scope === 'Namespace' && !ns) e.required('spec.parameters.namespace', '`parameters.scope` is set to "Namespace"');
		if (scope === 'Cluster' && ns) e.forbidden('spec.parameters.namespace', '`parameters.scope` is set to "Cluster"');
	}
}

export const ingressClassApi: KindApi = {
	defaults(obj) {
		const p = obj.spec?.parameters;
		if (p && typeof p === 'object' && !p.scope) p.scope = 'Cluster';
	},
	validate: specRules(validateSpec),
	validateUpdate(e, obj, old) {
		const now = (obj.spec as Obj | undefined)?.controller;
		const before = (old.spec as Obj | undefined)?.controller;
		if (now !== before) e.invalid('spec.controller', now ?? '', 'field is immutable');
	},
};

/** PARAMETERS: `Kind.apiGroup/name`, or `<none>`. */
export function ingressClassParameters(cls: IngressClass): string {
	const p = cls.spec?.parameters;
	if (!p) return '<none>';
	return `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name}`;
}

export const ingressClass: KindInfo = {
	kind: 'IngressClass',
	group: 'networking.k8s.io',
	version: 'v1',
	apiVersion: 'networking.k8s.io/v1',
	plural: 'ingressclasses',
	singular: 'ingressclass',
	namespaced: false,
	shortNames: [],
	categories: [],
	subresources: [],
	api: ingressClassApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Controller', type: 'string', priority: 0, description: 'Controller that is responsible for handling this class'},
		{name: 'Parameters', type: 'string', priority: 0, description: 'A reference to a resource with additional parameters'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: IngressClass, ctx) => [obj.metadata.name, obj.spec?.controller ?? '', ingressClassParameters(obj), age(obj.metadata.creationTimestamp, ctx.now)],
	describe: (obj: IngressClass, ctx) => {
		const w = new DescribeWriter();
		w.item(0, 'Name', obj.metadata.name);
		w.labels('Labels', obj.metadata.labels);
		w.annotations('Annotations', obj.metadata.annotations);
		w.item(0, 'Controller', obj.spec?.controller ?? '');
		const p = obj.spec?.parameters;
		if (p) {
			w.write(0, 'Parameters:\n');
			if (p.apiGroup !== undefined) w.item(1, 'APIGroup', p.apiGroup);
			w.item(1, 'Kind', p.kind);
			w.item(1, 'Name', p.name);
			if (p.namespace) w.item(1, 'Namespace', p.namespace);
			if (p.scope) w.item(1, 'Scope', p.scope);
		}
		writeEvents(w, obj, ctx);
		return w.toString();
	},
	capabilities: {creatable: true},
};
