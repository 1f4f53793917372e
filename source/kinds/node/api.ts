// A Node in the API server: its validation (taints, pod CIDRs). Its status is its kubelet's.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, child, formatValue, index, specRules} from '../shared/fields.js';
import {CIDR_MESSAGE, isQualifiedName, isValidCIDR, isValidLabelValue} from '../shared/formats.js';
import {TAINT_EFFECTS} from '../shared/scheduling.js';

function validateNode(e: FieldErrors, spec: Obj): void {
	const seen = new Set<string>();
	for (const [t, tp] of e.objList(spec.taints, 'spec.taints')) {
		const k = e.str(t.key, child(tp, 'key'));
		if (!k) e.required(child(tp, 'key'));
		else e.each(child(tp, 'key'), k, isQualifiedName(k));
		const value = e.str(t.value, child(tp, 'value'));
		if (value) e.each(child(tp, 'value'), value, isValidLabelValue(value));
		const effect = e.str(t.effect, child(tp, 'effect'));
		if (!effect) e.required(child(tp, 'effect'));
		else if (!TAINT_EFFECTS.includes(effect)) e.notSupported(child(tp, 'effect'), effect, TAINT_EFFECTS);
		if (k && effect) {
			const id = `${k}:${effect}`;
			if (seen.has(id)) {
				e.list.push({
					reason: 'FieldValueDuplicate',
					field: tp,
					message: `Duplicate value: ${formatValue(t)}: taints must be unique by key and effect pair`,
				});
			}
			seen.add(id);
		}
	}
	e.bool(spec.unschedulable, 'spec.unschedulable');
	const cidr = e.str(spec.podCIDR, 'spec.podCIDR');
	if (cidr && !isValidCIDR(cidr)) e.invalid('spec.podCIDR', cidr, CIDR_MESSAGE);
	(e.strList(spec.podCIDRs, 'spec.podCIDRs') ?? []).forEach((c, i) => {
		if (!isValidCIDR(c)) e.invalid(index('spec.podCIDRs', i), c, CIDR_MESSAGE);
	});
	e.str(spec.providerID, 'spec.providerID');
}

export const nodeApi: KindApi = {
	validate: specRules(validateNode),
	// no initial status: the kubelet reports it
	admitCreate() {},
	// spec.taints is atomic (no merge key): a strategic merge patch replaces the whole list, as
	// `kubectl taint` relies on to take a taint off
	listMerges: {
		'spec.podCIDRs': {type: 'set'},
		'status.addresses': {type: 'merge', key: 'type'},
	},
};
