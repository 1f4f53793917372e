// The event recorder: what every component uses to say what it did. Repeats of the same event
// (same object, type, reason, message and source) bump count and lastTimestamp, like the
// client-go recorder; events expire after an hour like the API server's TTL.
import type {Clock} from './clock.js';
import type {Event, KObject} from './types.js';
import type {Store} from './store/store.js';
import type {RequestCounters} from './metrics/counters.js';

export type EventType = 'Normal' | 'Warning';

const TTL_MS = 60 * 60 * 1000;
const SWEEP_MS = 5 * 60 * 1000;

export interface EventSource {
	component: string;
	host?: string;
}

export class EventRecorder {
	private seq = 0;
	private byKey = new Map<string, {namespace: string; name: string}>();
	private sweeping = false;
	/** Set false (benchmarks) to record nothing. */
	enabled = true;
	/** Where its requests are counted: a new event is a CREATE, a repeat a PATCH of its count (as client-go's recorder). */
	requests: Pick<RequestCounters, 'count'> | undefined;

	constructor(
		private readonly store: Store,
		private readonly clock: Clock,
	) {}

	record(obj: KObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
		if (!this.enabled) return;
		const namespace = obj.metadata.namespace ?? 'default';
		const now = this.clock.iso();
		const key = `${obj.metadata.uid}\u0000${type}\u0000${reason}\u0000${message}\u0000${source.component}\u0000${fieldPath ?? ''}`;
		const seen = this.byKey.get(key);
		if (seen) {
			const ev = this.store.get<Event>('Event', seen.namespace, seen.name);
			if (ev) {
				this.requests?.count('PATCH', 'Event', ev.metadata.namespace, ev.metadata.name);
				this.store.put({...ev, metadata: {...ev.metadata}, count: (ev.count ?? 1) + 1, lastTimestamp: now});
				return;
			}
		}
		const name = `${obj.metadata.name}.${(this.clock.now() * 1000 + ++this.seq).toString(16)}`;
		const event: Event = {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name, namespace, uid: `ev-${this.seq}`, creationTimestamp: now},
			involvedObject: involvedObject(obj, fieldPath),
			reason,
			message,
			source: source.host ? {component: source.component, host: source.host} : {component: source.component},
			firstTimestamp: now,
			lastTimestamp: now,
			count: 1,
			type,
			eventTime: null,
			reportingComponent: source.component,
			reportingInstance: source.host ?? '',
		};
		this.requests?.count('CREATE', 'Event', namespace, name);
		this.store.put(event);
		this.byKey.set(key, {namespace, name});
		if (!this.sweeping) {
			this.sweeping = true;
			this.clock.after(SWEEP_MS, () => this.sweep());
		}
	}

	/** Deletes events not seen for an hour (the API server's event TTL). */
	private sweep(): void {
		const now = this.clock.now();
		for (const [key, ref] of this.byKey) {
			const ev = this.store.get<Event>('Event', ref.namespace, ref.name);
			if (!ev) {
				this.byKey.delete(key);
				continue;
			}
			if (now - Date.parse(ev.lastTimestamp ?? '') >= TTL_MS) {
				this.store.remove('Event', ref.namespace, ref.name);
				this.byKey.delete(key);
			}
		}
		this.sweeping = this.byKey.size > 0;
		if (this.sweeping) this.clock.after(SWEEP_MS, () => this.sweep());
	}
}

/** The event's reference to its object, built with only the keys it has (a cluster-scoped object has no namespace). */
function involvedObject(obj: KObject, fieldPath: string | undefined): Event['involvedObject'] {
	const {namespace, name, uid, resourceVersion} = obj.metadata;
	const ref: Event['involvedObject'] = namespace
		? {kind: obj.kind, namespace, name, uid, apiVersion: obj.apiVersion, resourceVersion}
		: {kind: obj.kind, name, uid, apiVersion: obj.apiVersion, resourceVersion};
	if (fieldPath) ref.fieldPath = fieldPath;
	return ref;
}
