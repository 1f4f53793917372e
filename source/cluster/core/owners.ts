// Owner references: who controls an object, and what an owner controls (from the store's owner
// index).
import type {KObject, Pod} from '../types.js';
import type {Store} from '../store/store.js';
import {isKind} from './objects.js';

export function controllerOf(obj: KObject): {kind: string; name: string; uid: string} | undefined {
	return obj.metadata.ownerReferences?.find(o => o.controller);
}

/** Objects of one kind that an owner controls, from the owner index. */
export function controlled<T extends KObject = KObject>(store: Pick<Store, 'dependents'>, owner: KObject, kind: T['kind']): T[] {
	const out: T[] = [];
	for (const d of store.dependents(owner.metadata.uid!)) {
		if (isKind<T>(d, kind) && controllerOf(d)?.uid === owner.metadata.uid) out.push(d);
	}
	return out;
}

/** Pods controlled by an owner, from the owner index. */
export function ownedPods(store: Pick<Store, 'dependents'>, owner: KObject): Pod[] {
	return controlled<Pod>(store, owner, 'Pod');
}
