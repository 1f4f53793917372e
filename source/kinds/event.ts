// Event: v1 events.
import type {Event} from '../cluster/types.js';
import type {KindInfo} from './types.js';
import {age} from './format.js';
import {describeGeneric, eventInterval} from './describe.js';

export {eventInterval};

/** FIRST SEEN: the age of firstTimestamp, or of eventTime for events of the new API. */
export function eventFirstSeen(ev: Event, now: number): string {
	return ev.firstTimestamp ? age(ev.firstTimestamp, now) : age(ev.eventTime, now);
}

/**
 * LAST SEEN as `kubectl get events` prints it: the age of lastTimestamp (of the series' last
 * observation for series events), falling back to the first-seen age.
 */
export function eventLastSeen(ev: Event, now: number): string {
	if (ev.series) return age(ev.series.lastObservedTime, now);
	if (ev.lastTimestamp) return age(ev.lastTimestamp, now);
	return eventFirstSeen(ev, now);
}

/** How many times the event happened (1 for a singleton of the new API). */
export function eventCount(ev: Event): number {
	if (ev.series) return ev.series.count ?? 0;
	return ev.count || 1;
}

/** OBJECT: `pod/web-6d4c-x2x8z` (the kind lower-cased). */
export function eventObject(ev: Event): string {
	const ref = ev.involvedObject ?? {};
	const kind = String(ref.kind ?? '').toLowerCase();
	return ref.name ? `${kind}/${ref.name}` : kind;
}

/** SOURCE: `kubelet, node-1` (component, then host when set). */
export function eventSource(ev: Event): string {
	const component = ev.source?.component || ev.reportingComponent || '';
	const host = ev.source?.host || ev.reportingInstance || '';
	return host ? `${component}, ${host}` : component;
}

export const event: KindInfo = {
	kind: 'Event',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'events',
	singular: 'event',
	namespaced: true,
	shortNames: ['ev'],
	categories: [],
	subresources: [],
	columns: [
		{name: 'Last Seen', type: 'string', priority: 0, keep: 3, description: 'The time at which the most recent occurrence of this event was recorded.'},
		{name: 'Type', type: 'string', priority: 0, keep: 1, description: 'Type of this event (Normal, Warning), new types could be added in the future'},
		{name: 'Reason', type: 'string', priority: 0, description: "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."},
		{name: 'Object', type: 'string', priority: 0, keep: 'always', description: 'The object that this event is about.'},
		{name: 'Subobject', type: 'string', priority: 1, description: 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.'},
		{name: 'Source', type: 'string', priority: 1, description: 'The component reporting this event. Should be a short machine understandable string.'},
		{name: 'Message', type: 'string', priority: 0, keep: 'always', description: 'A human-readable description of the status of this operation.'},
		{name: 'First Seen', type: 'string', priority: 1, description: 'The time at which the event was first recorded.'},
		{name: 'Count', type: 'string', priority: 1, description: 'The number of times this event has occurred.'},
		{name: 'Name', type: 'string', priority: 1, format: 'name'},
	],
	row: (obj: Event, ctx) => [
		eventLastSeen(obj, ctx.now),
		obj.type ?? '',
		obj.reason ?? '',
		eventObject(obj),
		obj.involvedObject?.fieldPath ?? '',
		eventSource(obj),
		String(obj.message ?? '').trim(),
		eventFirstSeen(obj, ctx.now),
		eventCount(obj),
		obj.metadata.name,
	],
	describe: describeGeneric,
	capabilities: {},
	// events are the cluster's record of what happened, not something to create
	exported: false,
	// A message is often longer than its column (FailedScheduling lists every node's reason).
	// k9s users read an event whole by describing it, on enter as on d; here the pane beside
	// the table also shows the selected event itself, its message wrapped, where other kinds
	// show what belongs to the row (an event has no events of its own to list).
	view: {health: ev => (ev.type === 'Warning' ? 'bad' : 'none'), drill: () => ({to: 'describe'}), pane: 'event'},
};
