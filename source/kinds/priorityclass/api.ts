// A PriorityClass in the API server, and the Priority admission: a pod's priority comes from
// the class it names (or the cluster's global default, else 0); naming a class that does not
// exist is refused; only one class may be the global default.
import type {KObject, Pod, PriorityClass} from '../../cluster/types.js';
import type {AdmissionPlugin, KindApi} from '../types.js';
import type {FieldErrors, Obj} from '../shared/fields.js';
import {dflt} from '../shared/defaults.js';
import {errors} from '../../cluster/core/errors.js';

/** The classes every cluster has: their values are fixed. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
	'system-cluster-critical': 2000000000,
	'system-node-critical': 2000001000,
};
/** The highest value a user's class may have. */
const HIGHEST_USER_PRIORITY = 1000000000;

function validate(e: FieldErrors, obj: Obj): void {
	const name = String((obj.metadata as Obj | undefined)?.name ?? '');
	const value = e.int(obj.value, 'value');
	e.bool(obj.globalDefault, 'globalDefault');
	e.str(obj.description, 'description');
	e.oneOf(obj.preemptionPolicy, 'preemptionPolicy', ['Never', 'PreemptLowerPriority']);
	if (name.startsWith('system-')) {
		const known = SYSTEM_PRIORITY_CLASSES[name];
		if (known === undefined)
			e.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: priority class ${name} is not known`);
		else if (value !== known)
			e.forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: value of ${name} PriorityClass must be ${known}`);
	} else if (value !== undefined && value > HIGHEST_USER_PRIORITY) {
		e.forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`);
	}
}

function validateUpdate(e: FieldErrors, obj: Obj, old: KObject): void {
	const before = old as PriorityClass;
	if (obj.value !== before.value) e.forbidden('value', 'may not be changed in an update.');
	if (obj.preemptionPolicy !== before.preemptionPolicy) e.invalid('preemptionPolicy', obj.preemptionPolicy, 'field is immutable');
}

export const priorityClassApi: KindApi = {
	defaults(obj) {
		dflt(obj, 'preemptionPolicy', 'PreemptLowerPriority');
	},
	validate,
	validateUpdate,
};

/** The global default class (the lowest value if, against the rules, several are marked). */
function globalDefault(classes: readonly KObject[]): PriorityClass | undefined {
	let best: PriorityClass | undefined;
	for (const c of classes as PriorityClass[]) if (c.globalDefault && (!best || c.value < best.value)) best = c;
	return best;
}

export const priorityAdmission: AdmissionPlugin = {
	name: 'Priority',
	order: 30,
	mutate(req, ctx) {
		if (req.operation !== 'CREATE') return;
		if (req.kind.kind === 'PriorityClass') {
			const pc = req.obj as PriorityClass;
			if (!pc.globalDefault) return;
			const other = globalDefault(ctx.read.list('PriorityClass'));
			if (other && other.metadata.name !== pc.metadata.name)
				throw errors.forbidden('priorityclasses.scheduling.k8s.io', req.name, `PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`);
			return;
		}
		if (req.kind.kind !== 'Pod') return;
		const pod = req.obj as Pod;
		const spec = pod.spec;
		if (!spec) return;
		let value = 0;
		let policy: PriorityClass['preemptionPolicy'];
		if (!spec.priorityClassName) {
			const d = globalDefault(ctx.read.list('PriorityClass'));
			if (d) {
				value = d.value;
				policy = d.preemptionPolicy;
				spec.priorityClassName = d.metadata.name;
			}
		} else {
			const pc = ctx.read.get('PriorityClass', undefined, spec.priorityClassName) as PriorityClass | undefined;
			if (!pc) throw errors.forbidden('pods', req.name, `no PriorityClass with name ${spec.priorityClassName} was found`);
			value = pc.value;
			policy = pc.preemptionPolicy;
		}
		if (!req.trusted && typeof spec.priority === 'number' && spec.priority !== 0 && spec.priority !== value)
			throw errors.forbidden('pods', req.name, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`);
		spec.priority = value;
		if (policy) spec.preemptionPolicy = policy;
	},
};
