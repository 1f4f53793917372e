// The store keeps every kind under one type, KObject; these give a kind its own type where a
// component reads it. The store files objects by kind, so an object from the 'Deployment'
// table, or one whose kind says Deployment, is a Deployment.
import type {KObject, WatchEventType} from '../types.js';
import type {Store, WatchHandler} from '../store/store.js';

/** True when `obj` is of the kind `kind` (and so of its type). */
export function isKind<T extends KObject>(obj: KObject, kind: T['kind']): obj is T {
	return obj.kind === kind;
}

/** Watches one kind with its own type: the handler sees a Deployment for 'Deployment'. */
export function watchKind<T extends KObject>(
	store: Pick<Store, 'watch'>,
	kind: T['kind'],
	handler: (type: WatchEventType, obj: T, old: T | undefined) => void,
): () => void {
	// the store calls a kind's watchers only with objects of that kind
	return store.watch(kind, handler as WatchHandler);
}
