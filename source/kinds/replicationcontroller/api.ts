// A ReplicationController in the API server. Its selector is a plain map of labels; when it is
// left out it defaults to the template's labels (and so do the object's own labels), and it must
// then match them.
import type {Labels, ReplicationController} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {selectorString} from '../format.js';
import {FieldErrors, type Obj, goStringMap, isObj, specRules} from '../shared/fields.js';
import {dflt, specDefaults, templateDefaults} from '../shared/defaults.js';
import {labels} from '../shared/meta.js';
import {podTemplate} from '../shared/podspec.js';

/** The map selector as a LabelSelector, so the shared selector helpers read it. */
export function asLabelSelector(obj: ReplicationController): {matchLabels: Labels} | undefined {
	const selector = obj.spec?.selector;
	return isObj(selector) ? {matchLabels: selector} : undefined;
}

function defaults(obj: Obj): void {
	specDefaults(spec => {
		dflt(spec, 'replicas', 1);
		const templateLabels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels) ? spec.template.metadata.labels : undefined;
		if (templateLabels && (!isObj(spec.selector) || Object.keys(spec.selector).length === 0)) spec.selector = {...templateLabels};
		if (templateLabels && isObj(obj.metadata) && (!isObj(obj.metadata.labels) || Object.keys(obj.metadata.labels).length === 0)) obj.metadata.labels = {...templateLabels};
		templateDefaults(spec);
	})(obj);
}

function validate(e: FieldErrors, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
	const before = e.list.length;
	const selector = spec.selector === undefined || spec.selector === null ? undefined : labels(e, spec.selector, 'spec.selector');
	if (!selector || Object.keys(selector).length === 0) {
		if (e.list.length === before) e.required('spec.selector');
	}
	if (spec.template === undefined || spec.template === null) {
		e.required('spec.template');
		return;
	}
	const beforeTemplate = e.list.length;
	const templateLabels = podTemplate(e, spec.template, 'spec.template', 'Workload');
	if (selector && Object.keys(selector).length && e.list.length === beforeTemplate) {
		if (!Object.entries(selector).every(([k, v]) => templateLabels?.[k] === v))
			e.invalid('spec.template.metadata.labels', goStringMap(templateLabels), '`selector` does not match template `labels`');
	}
}

export const replicationControllerApi: KindApi = {
	defaults,
	validate: specRules(validate),
	scaleSelector: (obj: ReplicationController) => selectorString(asLabelSelector(obj)),
};
