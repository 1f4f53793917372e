// `kubectl cordon | uncordon | drain --ignore-daemonsets`: mark a node unschedulable, then evict
// every pod on it that a drain may move, collecting every refusal (a PodDisruptionBudget answers
// 429) instead of stopping at the first.
import type {Pod} from '../cluster/types.js';
import {isTerminal} from '../cluster/core/pods.js';
import {controllerOf} from '../cluster/core/owners.js';
import {kindInfo} from '../kinds/index.js';
import {VerbError, type VerbBackend} from './backend.js';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function cordonPatch(unschedulable: boolean): unknown {
	return {spec: {unschedulable: unschedulable ? true : null}};
}

/**
 * Whether a drain evicts this pod: not one a per-node controller (a DaemonSet) keeps there, not a
 * static pod's mirror, not already terminating, not finished.
 */
export function drainEvicts(pod: Pod): boolean {
	const owner = controllerOf(pod);
	if (owner && kindInfo(owner.kind)?.capabilities.perNode) return false;
	if (pod.metadata.annotations?.[MIRROR_ANNOTATION]) return false;
	return !pod.metadata.deletionTimestamp && !isTerminal(pod);
}

export async function cordon(b: VerbBackend, node: string, unschedulable: boolean): Promise<string> {
	await b.patch('Node', undefined, node, cordonPatch(unschedulable), 'merge');
	return `node/${node} ${unschedulable ? 'cordoned' : 'uncordoned'}`;
}

export async function drain(b: VerbBackend, node: string): Promise<string> {
	await cordon(b, node, true);
	const pods = ((await b.list('Pod', {fieldSelector: `spec.nodeName=${node}`})) as Pod[]).filter(drainEvicts);
	const failed: string[] = [];
	let evicted = 0;
	for (const p of pods) {
		try {
			await b.evict(p.metadata.namespace ?? 'default', p.metadata.name);
			evicted++;
		} catch (e) {
			// gone in the meantime: nothing left to move
			if (/\(NotFound\)/.test((e as Error).message)) continue;
			failed.push(`${p.metadata.name}: ${(e as Error).message}`);
		}
	}
	if (failed.length) throw new VerbError(`error: node/${node} not fully drained (${evicted} evicted; cannot evict ${failed.join('; ')})`);
	return `node/${node} drained (${evicted} pod${evicted === 1 ? '' : 's'} evicted)`;
}
