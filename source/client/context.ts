// What both clients derive the same way from their reads: the events about an object and the
// context kinds render describe texts with.
import type {Event, KObject} from '../cluster/types.js';
import {kindInfo, type RenderContext} from '../kinds/index.js';
import type {ClusterClient} from './types.js';

type Reads = Pick<ClusterClient, 'now' | 'get' | 'list' | 'usage'>;

const eventTime = (e: Event): string => e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';

/**
 * Events whose involvedObject is `obj`, oldest first. A namespaced object's events are in its
 * namespace; a cluster-scoped one's (a Node's) may be in any.
 */
export function eventsAbout(client: Reads, obj: KObject): Event[] {
	const namespaced = kindInfo(obj.kind)?.namespaced ?? true;
	return client
		.list('Event', {namespace: namespaced ? (obj.metadata.namespace ?? 'default') : undefined, fieldSelector: `involvedObject.name=${obj.metadata.name}`})
		.filter(e => e.involvedObject?.uid === obj.metadata.uid || e.involvedObject?.kind === obj.kind)
		.sort((a, b) => {
			const ta = eventTime(a);
			const tb = eventTime(b);
			return ta < tb ? -1 : ta > tb ? 1 : 0;
		});
}

export function renderContextOf(client: Reads & Pick<ClusterClient, 'eventsFor'>): RenderContext {
	return {
		now: client.now(),
		get: client.get.bind(client),
		list: client.list.bind(client),
		events: obj => client.eventsFor(obj),
		usage: obj => client.usage(obj.kind, obj.metadata.namespace, obj.metadata.name),
	};
}

/** `kubectl describe` text of an object, from its kind module. */
export function describeWith(client: Reads & Pick<ClusterClient, 'eventsFor'>, obj: KObject): string {
	const k = kindInfo(obj.kind);
	return k?.describe ? k.describe(obj, renderContextOf(client)) : `Name: ${obj.metadata.name}\n`;
}
