// A RuntimeClass in the API server, and the RuntimeClass admission: a pod naming a class gets
// the class's overhead and scheduling (node selector, tolerations); naming a class that does
// not exist is refused.
import type {KObject, Pod, RuntimeClass} from '../../cluster/types.js';
import type {AdmissionPlugin, KindApi} from '../types.js';
import {child, resourceList, type FieldErrors, type Obj} from '../shared/fields.js';
import {isDNS1123Label} from '../shared/formats.js';
import {labels} from '../shared/meta.js';
import {tolerations} from '../shared/scheduling.js';
import {errors} from '../../cluster/core/errors.js';

function validate(e: FieldErrors, obj: Obj): void {
	const handler = e.str(obj.handler, 'handler');
	if (!handler) e.required('handler');
	else e.each('handler', handler, isDNS1123Label(handler));
	const overhead = e.obj(obj.overhead, 'overhead');
	if (overhead) resourceList(e, overhead.podFixed, 'overhead.podFixed', false);
	const scheduling = e.obj(obj.scheduling, 'scheduling');
	if (scheduling) {
		labels(e, scheduling.nodeSelector, 'scheduling.nodeSelector');
		tolerations(e, scheduling.tolerations, child('scheduling', 'tolerations'));
	}
}

export const runtimeClassApi: KindApi = {
	validate,
	validateUpdate(e, obj, old) {
		if (obj.handler !== (old as RuntimeClass).handler) e.invalid('handler', obj.handler ?? '', 'field is immutable');
	},
};

function sameList(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	const ka = Object.keys(a);
	return ka.length === Object.keys(b).length && ka.every(k => String(a[k]) === String(b[k]));
}

export const runtimeClassAdmission: AdmissionPlugin = {
	name: 'RuntimeClass',
	order: 35,
	kinds: ['Pod'],
	mutate(req, ctx) {
		if (req.operation !== 'CREATE') return;
		const spec = (req.obj as Pod).spec;
		if (!spec?.runtimeClassName) return;
		const rc = ctx.read.get('RuntimeClass', undefined, spec.runtimeClassName) as RuntimeClass | undefined;
		if (!rc) throw errors.forbidden('pods', req.name, `pod rejected: RuntimeClass "${spec.runtimeClassName}" not found`);
		const fixed = rc.overhead?.podFixed;
		if (fixed) {
			if (spec.overhead && !sameList(spec.overhead as Record<string, unknown>, fixed as Record<string, unknown>))
				throw errors.forbidden('pods', req.name, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
			spec.overhead = {...fixed};
		} else if (spec.overhead) throw errors.forbidden('pods', req.name, 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
		const sel = rc.scheduling?.nodeSelector;
		if (sel) {
			const mine = spec.nodeSelector ?? {};
			for (const [k, v] of Object.entries(sel))
				if (mine[k] !== undefined && mine[k] !== v)
					throw errors.forbidden('pods', req.name, `pod rejected: conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${mine[k]}`);
			spec.nodeSelector = {...mine, ...sel};
		}
		const tols = rc.scheduling?.tolerations;
		if (tols?.length) {
			const have = spec.tolerations ?? [];
			const key = (t: object) => JSON.stringify(t);
			const seen = new Set(have.map(key));
			spec.tolerations = [...have, ...tols.filter(t => !seen.has(key(t)))];
		}
	},
};

/** The handler a pod's RuntimeClass names ('' for the runtime's default). */
export function runtimeHandlerOf(pod: Pod, get: (name: string) => KObject | undefined): string | undefined {
	const name = pod.spec.runtimeClassName;
	if (!name) return '';
	return (get(name) as RuntimeClass | undefined)?.handler;
}
