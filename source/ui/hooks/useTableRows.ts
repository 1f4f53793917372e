// The rows of a table screen: the kind's objects listed from the client (namespace, selectors,
// owner) and sorted, then filtered by the `/` text. Both results stay in a cache the app owns,
// so a table that comes back from describe or logs shows at once instead of sorting again.
import {useEffect, useReducer} from 'react';
import type {ClusterClient} from '../../client/types.js';
import type {KindInfo} from '../../kinds/index.js';
import type {KObject} from '../../cluster/types.js';
import {RowCache, RowFilter, SortedRows, nameKey, type Row} from '../rows.js';
import type {TableState} from '../state.js';
import {ownedBy} from '../navigation.js';

export class TableCache {
	/** Cells and filter texts per object version. */
	readonly cells = new RowCache();
	sorted?: {deps: readonly unknown[]; rows: Row[]};
	/** The sort kept from one list to the next (only changed rows move). */
	readonly sorter = new SortedRows();
	/** The `/` filter kept up to date as rows and the text change. */
	readonly filter: RowFilter;

	constructor(tuning?: ConstructorParameters<typeof RowFilter>[1]) {
		this.filter = new RowFilter(this.cells, tuning);
	}
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
	return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * The sorted rows moved by what changed since the last list, when only the kind's revision
 * differs and the client can tell what changed: a busy cluster of 150,000 pods changes a few
 * hundred a frame, and listing and sorting every object again each frame would cost more than
 * the frame. Undefined when the rows must be listed again.
 */
function movedRows(client: ClusterClient, screen: TableState, kind: KindInfo, cache: TableCache, before: readonly unknown[], deps: readonly unknown[], now: number): Row[] | undefined {
	if (!client.changesSince || screen.labelSelector || screen.userSelector || screen.fieldSelector) return undefined;
	if (!before.every((x, i) => i === REVISION || Object.is(x, deps[i]))) return undefined;
	const since = before[REVISION] as number;
	const told = client.changesSince(kind.kind, since);
	if (!told) return undefined;
	const namespace = kind.namespaced ? screen.namespace || undefined : undefined;
	const owner = screen.ownerUid;
	const changes = new Map<string, KObject | undefined>();
	for (const key of told.removed) changes.set(key, undefined);
	for (const o of told.changed) {
		// one that does not belong on this screen is gone from it
		const shown = (!namespace || o.metadata.namespace === namespace) && (!owner || ownedBy(client, o, owner));
		changes.set(nameKey(o), shown ? o : undefined);
	}
	return cache.sorter.update({kind, sort: screen.sort, allNamespaces: !screen.namespace, wide: screen.wide, ctx: {now}}, changes, cache.cells);
}

/** Where the kind's revision is in a table's dependencies. */
const REVISION = 2;

export function useTableRows(client: ClusterClient, screen: TableState, kind: KindInfo, cache: TableCache): Row[] {
	const now = client.now();
	const deps = [client, kind, client.revision(kind.kind), screen.namespace, screen.labelSelector, screen.userSelector, screen.fieldSelector, screen.sort, screen.ownerUid];
	if (cache.sorted && !sameDeps(cache.sorted.deps, deps)) {
		const moved = movedRows(client, screen, kind, cache, cache.sorted.deps, deps, now);
		if (moved) cache.sorted = {deps, rows: moved};
	}
	if (!cache.sorted || !sameDeps(cache.sorted.deps, deps)) {
		const namespace = kind.namespaced ? screen.namespace || undefined : undefined;
		const labelSelector = [screen.labelSelector, screen.userSelector].filter(Boolean).join(',') || undefined;
		let objects: KObject[];
		try {
			objects = client.list(kind.kind, {namespace, labelSelector, fieldSelector: screen.fieldSelector, rows: true});
		} catch {
			// a selector the client refuses lists nothing (the prompt already said why)
			objects = [];
		}
		const owner = screen.ownerUid;
		if (owner) objects = objects.filter(o => ownedBy(client, o, owner));
		cache.sorted = {deps, rows: cache.sorter.build({kind, objects, sort: screen.sort, allNamespaces: !screen.namespace, wide: screen.wide, ctx: {now}}, cache.cells)};
	}
	const sorted = cache.sorted.rows;
	// big lists get their filter text ready in the background, so the first `/` key is quick
	useEffect(() => {
		if (sorted.length < 5000) return;
		return cache.filter.warm(kind, sorted, {now: client.now()}, !screen.namespace);
	}, [sorted, kind, cache, client, screen.namespace]);
	// a result still growing (the first key on a big list) is drawn again once it is whole
	const [, grown] = useReducer((n: number) => n + 1, 0);
	useEffect(() => cache.filter.onReady(grown), [cache]);
	const filter = screen.filter?.startsWith('-l ') ? undefined : screen.filter;
	return cache.filter.apply(sorted, filter, kind, {now}, !screen.namespace);
}
