// Whether a pod's tolerations let it stay on (or be scheduled to) a node with a taint: read by
// the scheduler, the DaemonSet controller and the node lifecycle controller alike.
import type {Taint, Toleration} from '../types.js';

export function tolerates(tolerations: Toleration[] | undefined, taint: Taint): boolean {
	for (const t of tolerations ?? []) {
		if (t.effect && t.effect !== taint.effect) continue;
		if (t.operator === 'Exists') {
			if (!t.key || t.key === taint.key) return true;
		} else if (t.key === taint.key && (t.value ?? '') === (taint.value ?? '')) {
			return true;
		}
	}
	return false;
}
