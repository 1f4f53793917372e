// Conditions as the API keeps them: one per type; the transition time changes only when the
// status does. Returns the same array when nothing changed, so callers can skip the write.
import type {Condition} from '../types.js';

export function setCondition<C extends Condition>(list: C[] | undefined, cond: C): C[] {
	const current = list ?? [];
	const i = current.findIndex(c => c.type === cond.type);
	if (i >= 0) {
		const old = current[i]!;
		if (old.status === cond.status && old.reason === cond.reason && old.message === cond.message) return current;
		const next = [...current];
		next[i] = old.status === cond.status && old.lastTransitionTime ? {...cond, lastTransitionTime: old.lastTransitionTime} : cond;
		return next;
	}
	return [...current, cond];
}

export function getCondition<C extends Condition>(list: C[] | undefined, type: string): C | undefined {
	return list?.find(c => c.type === type);
}

export function isTrue(list: Condition[] | undefined, type: string): boolean {
	return getCondition(list, type)?.status === 'True';
}
