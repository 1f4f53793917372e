// The cluster's etcd: every object by kind and namespace/name, one resourceVersion counter,
// indexes (objects by owner and by label, and the field a kind declares: pods by node) and
// watch fan-out with a replay window.
import type {KindMap, KindName, KObject, WatchEventType} from '../types.js';
import {type FieldRequirement, type Selector, matches, matchesFields} from '../core/selectors.js';
import {NO_TALLY, type Tally} from '../core/tally.js';

export type WatchHandler = (type: WatchEventType, obj: KObject, old: KObject | undefined) => void;

/** Told of every committed write, in order, before any watcher (a state file's log keeps them). */
export type Journal = (rv: number, type: WatchEventType, obj: KObject) => void;

export interface HistoryEntry {
	rv: number;
	type: WatchEventType;
	object: KObject;
}

export interface ListOptions {
	namespace?: string;
	labels?: Selector;
	fields?: FieldRequirement[];
}

/** A field whose values the store indexes for one kind (a pod's spec.nodeName). */
export interface FieldIndex {
	/** The field path, as field selectors name it. */
	path: string;
	value(obj: KObject): string | undefined;
}

interface Table {
	objects: Map<string, KObject>;
	byNamespace: Map<string, Map<string, KObject>>;
	byLabel: Map<string, Set<string>>;
	watchers: Set<WatchHandler>;
	index: FieldIndex | undefined;
	/** Objects by the value of the indexed field. */
	byField: Map<string, Map<string, KObject>>;
	/** The keys in list order, once a list asked for it; kept up to date lazily (see inOrder). */
	order: KeyOrder | undefined;
	/** The revision each object was created at (etcd's create_revision). */
	created: Map<string, number>;
}

interface KeyOrder {
	keys: string[];
	/** Keys created since the order was last made whole. */
	added: Set<string>;
	/** Whether a key was removed since. */
	removed: boolean;
}

/**
 * List order, etcd's key order: namespace, then name. On the `namespace/name` keys that is
 * the strings' order but for the slash, which sorts before every other character (a
 * namespace that is a prefix of another comes first).
 */
export function compareKeys(a: string, b: string): number {
	if (a === b) return 0;
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x === y) continue;
		if (x === 47) return -1;
		if (y === 47) return 1;
		return x - y;
	}
	return a.length - b.length;
}

export function objectKey(namespace: string | undefined, name: string): string {
	return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(obj: KObject): string {
	return objectKey(obj.metadata.namespace, obj.metadata.name);
}

export class Store {
	private counter: number;
	/** When set, every write is handed to it as it commits (undefined costs nothing). */
	journal: Journal | undefined;
	private tables = new Map<string, Table>();
	private byOwner = new Map<string, Map<string, KObject>>();
	private allWatchers = new Set<WatchHandler>();
	// the replay window as parallel arrays, oldest first from `ringStart`: no object allocated per write
	private ringRv: number[] = [];
	private ringType: WatchEventType[] = [];
	private ringObject: KObject[] = [];
	private ringBytes: number[] = [];
	private ringStart = 0;
	private windowBytes = 0;
	/** Counts every write, as etcd's revision counts them (the control plane's counters). */
	writes: Tally = NO_TALLY;

	/**
	 * `historySize`: the writes the replay window keeps at most; `historyBytes`: the most it
	 * holds in (estimated) bytes, so that many versions of a large object do not pile up.
	 * `indexes`: the indexed field of each kind that has one. `start`: the resourceVersion before
	 * the first write (a server that must never go back below versions it gave out before starts higher).
	 */
	constructor(
		private readonly historySize = 20_000,
		private readonly indexes: ReadonlyMap<string, FieldIndex> = new Map(),
		private readonly historyBytes = 32 * 1024 * 1024,
		readonly start = 0,
	) {
		this.counter = start;
	}

	/**
	 * Fills an empty store with objects read back from storage, their resourceVersions kept, and
	 * the counter at `resourceVersion`; watchers see each as ADDED (as informers see their first
	 * list). The replay window starts empty: a watch from an older version is told it expired.
	 */
	load(objects: Iterable<KObject>, resourceVersion: number): void {
		this.counter = Math.max(this.counter, resourceVersion);
		for (const obj of objects) {
			const t = this.table(obj.kind);
			const key = keyOf(obj);
			const old = t.objects.get(key);
			t.objects.set(key, obj);
			const ns = obj.metadata.namespace ?? '';
			let nsMap = t.byNamespace.get(ns);
			if (!nsMap) t.byNamespace.set(ns, (nsMap = new Map()));
			nsMap.set(obj.metadata.name, obj);
			this.reindex(t, key, old, obj);
			this.notify(t, old ? 'MODIFIED' : 'ADDED', obj, old);
		}
	}

	/** Every object of every kind. */
	*all(): Iterable<KObject> {
		for (const t of this.tables.values()) yield* t.objects.values();
	}

	/** The replay window: how many writes it holds and their estimated size in bytes. */
	window(): {entries: number; bytes: number} {
		return {entries: this.ringRv.length - this.ringStart, bytes: this.windowBytes};
	}

	resourceVersion(): number {
		return this.counter;
	}

	private table(kind: string): Table {
		let t = this.tables.get(kind);
		if (!t) {
			t = {objects: new Map(), byNamespace: new Map(), byLabel: new Map(), watchers: new Set(), index: this.indexes.get(kind), byField: new Map(), order: undefined, created: new Map()};
			this.tables.set(kind, t);
		}
		return t;
	}

	kinds(): string[] {
		return [...this.tables.keys()];
	}

	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	get<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		return this.tables.get(kind)?.objects.get(objectKey(namespace, name));
	}

	/** The revision an object was created at (etcd's create_revision), or 0 when absent. */
	createRevision(kind: string, namespace: string | undefined, name: string): number {
		return this.tables.get(kind)?.created.get(objectKey(namespace, name)) ?? 0;
	}

	count(kind: string, namespace?: string): number {
		const t = this.tables.get(kind);
		if (!t) return 0;
		return namespace ? (t.byNamespace.get(namespace)?.size ?? 0) : t.objects.size;
	}

	/** Objects of a kind, using the narrowest index that answers the query. */
	list<K extends KindName>(kind: K, opts?: ListOptions): KindMap[K][];
	list<T extends KObject = KObject>(kind: string, opts?: ListOptions): T[];
	list(kind: string, opts: ListOptions = {}): KObject[] {
		const t = this.tables.get(kind);
		if (!t) return [];
		const {namespace, labels, fields} = opts;
		let candidates: Iterable<KObject> | undefined;
		let size = Infinity;
		const path = t.index?.path;
		const indexed = path ? fields?.find(f => f.path === path && !f.negate) : undefined;
		if (indexed) {
			const m = t.byField.get(indexed.value);
			candidates = m ? m.values() : [];
			size = m?.size ?? 0;
		}
		const nameField = fields?.find(f => f.path === 'metadata.name' && !f.negate);
		if (nameField && namespace) {
			const o = t.objects.get(objectKey(namespace, nameField.value));
			candidates = o ? [o] : [];
			size = 1;
		}
		if (labels) {
			for (const r of labels) {
				if (r.op !== 'in' || r.values.length !== 1) continue;
				const keys = t.byLabel.get(`${r.key}=${r.values[0]}`);
				const n = keys?.size ?? 0;
				if (n < size) {
					size = n;
					candidates = keys ? [...keys].map(k => t.objects.get(k)!).filter(Boolean) : [];
				}
			}
		}
		if (!candidates) {
			if (namespace !== undefined) candidates = t.byNamespace.get(namespace)?.values() ?? [];
			else candidates = t.objects.values();
		}
		const out: KObject[] = [];
		for (const o of candidates) {
			if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
			if (labels && labels.length && !matches(labels, o.metadata.labels)) continue;
			if (fields && fields.length && !matchesFields(fields, o)) continue;
			out.push(o);
		}
		return out;
	}

	/**
	 * Every object of a kind (or of one namespace) in list order, without sorting them all at
	 * each list: the order is kept from one list to the next, and only the keys created since are
	 * sorted and merged in (a list of 150,000 pods would otherwise sort them every time).
	 */
	inOrder(kind: string, namespace?: string): KObject[] {
		const t = this.tables.get(kind);
		if (!t) return [];
		const keys = this.orderOf(t);
		let from = 0;
		let to = keys.length;
		if (namespace !== undefined) {
			// the namespace's keys are side by side: from the first at or after `ns/` to the first after `ns/\uffff`
			from = lowerBound(keys, `${namespace}/`);
			to = lowerBound(keys, `${namespace}/\uffff`);
		}
		const out: KObject[] = new Array(to - from);
		for (let i = from; i < to; i++) out[i - from] = t.objects.get(keys[i]!)!;
		return out;
	}

	private orderOf(t: Table): string[] {
		const o = t.order;
		if (!o) {
			const keys = [...t.objects.keys()].sort(compareKeys);
			t.order = {keys, added: new Set(), removed: false};
			return keys;
		}
		if (!o.added.size && !o.removed) return o.keys;
		// a key removed and created again is both in the old order and among the added ones
		const kept = o.removed ? o.keys.filter(k => t.objects.has(k) && !o.added.has(k)) : o.keys;
		const added = [...o.added].filter(k => t.objects.has(k)).sort(compareKeys);
		const merged: string[] = new Array(kept.length + added.length);
		let i = 0;
		let j = 0;
		let n = 0;
		while (i < kept.length && j < added.length) merged[n++] = compareKeys(added[j]!, kept[i]!) < 0 ? added[j++]! : kept[i++]!;
		while (i < kept.length) merged[n++] = kept[i++]!;
		while (j < added.length) merged[n++] = added[j++]!;
		t.order = {keys: merged, added: new Set(), removed: false};
		return merged;
	}

	/** Objects of a kind whose indexed field has this value (pods bound to a node). */
	indexed(kind: string, value: string): KObject[] {
		const m = this.tables.get(kind)?.byField.get(value);
		return m ? [...m.values()] : [];
	}

	/** Objects that list `uid` among their ownerReferences. */
	dependents(uid: string): KObject[] {
		const m = this.byOwner.get(uid);
		return m ? [...m.values()] : [];
	}

	/** Writes an object (already validated) with a new resourceVersion and notifies watchers. */
	put<T extends KObject>(obj: T): T {
		const t = this.table(obj.kind);
		const key = keyOf(obj);
		const old = t.objects.get(key);
		const rv = ++this.counter;
		this.writes.add();
		obj.metadata.resourceVersion = String(rv);
		t.objects.set(key, obj);
		if (!old) t.order?.added.add(key);
		if (!old) t.created.set(key, rv);
		const ns = obj.metadata.namespace ?? '';
		let nsMap = t.byNamespace.get(ns);
		if (!nsMap) t.byNamespace.set(ns, (nsMap = new Map()));
		nsMap.set(obj.metadata.name, obj);
		this.reindex(t, key, old, obj);
		const type: WatchEventType = old ? 'MODIFIED' : 'ADDED';
		this.record(rv, type, obj);
		if (this.journal) this.journal(rv, type, obj);
		this.notify(t, type, obj, old);
		return obj;
	}

	/** Removes an object and notifies watchers with its final state. */
	remove(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		const t = this.tables.get(kind);
		if (!t) return undefined;
		const key = objectKey(namespace, name);
		const old = t.objects.get(key);
		if (!old) return undefined;
		t.objects.delete(key);
		if (t.order) t.order.removed = true;
		t.created.delete(key);
		t.byNamespace.get(old.metadata.namespace ?? '')?.delete(name);
		this.reindex(t, key, old, undefined);
		const rv = ++this.counter;
		this.writes.add();
		const last = {...old, metadata: {...old.metadata, resourceVersion: String(rv)}};
		this.record(rv, 'DELETED', last);
		if (this.journal) this.journal(rv, 'DELETED', last);
		this.notify(t, 'DELETED', last, old);
		return last;
	}

	/** How many subscriptions are open, over every kind. */
	watcherCount(): number {
		let n = this.allWatchers.size;
		for (const t of this.tables.values()) n += t.watchers.size;
		return n;
	}

	/** Subscribes to one kind (or every kind with '*'). Handlers run synchronously after each write. */
	watch(kind: string, handler: WatchHandler): () => void {
		const set = kind === '*' ? this.allWatchers : this.table(kind).watchers;
		set.add(handler);
		return () => set.delete(handler);
	}

	/** The writes after `rv` still in the replay window, or 'expired' when rv is older than the window. */
	since(rv: number, kind?: string): HistoryEntry[] | 'expired' {
		if (rv >= this.counter) return [];
		const n = this.ringRv.length;
		const oldest = n > this.ringStart ? this.ringRv[this.ringStart]! : this.counter + 1;
		if (rv < oldest - 1) return 'expired';
		const out: HistoryEntry[] = [];
		for (let at = this.ringStart; at < n; at++) {
			const object = this.ringObject[at]!;
			if (this.ringRv[at]! > rv && (!kind || object.kind === kind)) out.push({rv: this.ringRv[at]!, type: this.ringType[at]!, object});
		}
		return out;
	}

	/** The latest `n` writes still in the replay window, newest first. */
	recent(n: number): HistoryEntry[] {
		const out: HistoryEntry[] = [];
		for (let at = this.ringRv.length - 1; at >= this.ringStart && out.length < n; at--) out.push({rv: this.ringRv[at]!, type: this.ringType[at]!, object: this.ringObject[at]!});
		return out;
	}

		private record(rv: number, type: WatchEventType, object: KObject): void {
		if (this.historySize <= 0) return;
		const bytes = estimatedBytes(object);
		this.ringRv.push(rv);
		this.ringType.push(type);
		this.ringObject.push(object);
		this.ringBytes.push(bytes);
		this.windowBytes += bytes;
		// drop the oldest writes past either bound (the newest always stays)
		while (this.ringRv.length - this.ringStart > 1 && (this.ringRv.length - this.ringStart > this.historySize || this.windowBytes > this.historyBytes)) {
			this.windowBytes -= this.ringBytes[this.ringStart]!;
			this.ringObject[this.ringStart] = undefined as unknown as KObject;
			this.ringStart++;
		}
		// compact once the dropped head is as long as what is kept
		if (this.ringStart > 1024 && this.ringStart * 2 >= this.ringRv.length) {
			this.ringRv = this.ringRv.slice(this.ringStart);
			this.ringType = this.ringType.slice(this.ringStart);
			this.ringObject = this.ringObject.slice(this.ringStart);
			this.ringBytes = this.ringBytes.slice(this.ringStart);
			this.ringStart = 0;
		}
	}

	private notify(t: Table, type: WatchEventType, obj: KObject, old: KObject | undefined): void {
		for (const h of t.watchers) h(type, obj, old);
		for (const h of this.allWatchers) h(type, obj, old);
	}

	private reindex(t: Table, key: string, old: KObject | undefined, cur: KObject | undefined): void {
		// labels
		const oldLabels = old?.metadata.labels;
		const newLabels = cur?.metadata.labels;
		if (oldLabels !== newLabels) {
			if (oldLabels) for (const [k, v] of Object.entries(oldLabels)) {
				if (newLabels?.[k] === v) continue;
				const s = t.byLabel.get(`${k}=${v}`);
				if (s) {
					s.delete(key);
					if (s.size === 0) t.byLabel.delete(`${k}=${v}`);
				}
			}
			if (newLabels) for (const [k, v] of Object.entries(newLabels)) {
				if (oldLabels?.[k] === v) continue;
				const lk = `${k}=${v}`;
				let s = t.byLabel.get(lk);
				if (!s) t.byLabel.set(lk, (s = new Set()));
				s.add(key);
			}
		}
		// owners (refresh the stored object reference every write)
		const fullKey = `${(cur ?? old)!.kind}/${key}`;
		const oldOwners = old?.metadata.ownerReferences;
		const newOwners = cur?.metadata.ownerReferences;
		if (oldOwners) for (const o of oldOwners) {
			if (newOwners?.some(n => n.uid === o.uid)) continue;
			const m = this.byOwner.get(o.uid);
			if (m) {
				m.delete(fullKey);
				if (m.size === 0) this.byOwner.delete(o.uid);
			}
		}
		if (newOwners && cur) for (const o of newOwners) {
			let m = this.byOwner.get(o.uid);
			if (!m) this.byOwner.set(o.uid, (m = new Map()));
			m.set(fullKey, cur);
		}
		// the kind's indexed field
		if (t.index) {
			const before = old ? t.index.value(old) : undefined;
			const now = cur ? t.index.value(cur) : undefined;
			if (before && before !== now) {
				const m = t.byField.get(before);
				m?.delete(key);
				if (m && m.size === 0) t.byField.delete(before);
			}
			if (now && cur) {
				let m = t.byField.get(now);
				if (!m) t.byField.set(now, (m = new Map()));
				m.set(key, cur);
			}
		}
	}
}

/** What a version costs beyond its fixed part: the big strings users put in data and annotations. */
const BASE_BYTES = 1024;

/**
 * An estimate of an object's size, cheap enough for every write: a fixed part, plus the string
 * values of `data`, `binaryData`, `stringData` and the annotations, where large payloads live.
 */
export function estimatedBytes(obj: KObject): number {
	const o = obj as unknown as Record<string, unknown>;
	return BASE_BYTES + stringBytes(o.data) + stringBytes(o.binaryData) + stringBytes(o.stringData) + stringBytes(obj.metadata?.annotations);
}

function stringBytes(m: unknown): number {
	if (!m || typeof m !== 'object') return 0;
	let n = 0;
	for (const [k, v] of Object.entries(m)) n += k.length + (typeof v === 'string' ? v.length : 0);
	return n;
}

/** The index of the first key at or after `key` in list order. */
function lowerBound(keys: readonly string[], key: string): number {
	let lo = 0;
	let hi = keys.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
