// A PodDisruptionBudget in the API server: its validation.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, intOrPercent, notMoreThan100Percent, specRules} from '../shared/fields.js';
import {labelSelector} from '../shared/meta.js';

function validatePdb(e: FieldErrors, spec: Obj): void {
	const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
	const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
	if (hasMin && hasMax) e.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set');
	for (const f of ['minAvailable', 'maxUnavailable']) {
		const before = e.list.length;
		const v = intOrPercent(e, spec[f], `spec.${f}`);
		if (e.list.length === before) notMoreThan100Percent(e, v, `spec.${f}`);
	}
	labelSelector(e, spec.selector, 'spec.selector');
	e.oneOf(spec.unhealthyPodEvictionPolicy, 'spec.unhealthyPodEvictionPolicy', ['AlwaysAllow', 'IfHealthyBudget']);
}

export const pdbApi: KindApi = {
	validate: specRules(validatePdb),
};
