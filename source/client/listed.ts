// Table-row mode: for a kind with too many objects to hold whole, the client keeps only what
// the server's Table gives (each row's cells and its object's metadata). The objects it keeps
// are metadata-only stand-ins; their cells, in the order of the kind's columns, are attached
// here. The whole object is fetched only when a screen needs it (the selected row).
import type {KObject} from '../cluster/types.js';
import type {KindInfo} from '../kinds/index.js';

const cellsOf = new WeakMap<KObject, string[]>();

/** The server's cells of a metadata-only object (in the kind's column order), or undefined for a whole object. */
export function listedCells(obj: KObject): string[] | undefined {
	return cellsOf.get(obj);
}

export function isListed(obj: KObject): boolean {
	return cellsOf.has(obj);
}

export interface TableColumn {
	name: string;
}

export interface TableRowJson {
	cells?: unknown[];
	object?: {metadata?: KObject['metadata']};
}

/** For each of the kind's columns, the index of the server's column of that name (-1 when it has none). */
export function columnMapping(kind: KindInfo, definitions: readonly TableColumn[]): number[] {
	const at = new Map(definitions.map((d, i) => [d.name.toLowerCase(), i]));
	return kind.columns.map(c => at.get(c.name.toLowerCase()) ?? -1);
}

/** A metadata-only object for a Table row (undefined when the row carries no metadata). */
export function listedObject(kind: KindInfo, row: TableRowJson, mapping: readonly number[]): KObject | undefined {
	const metadata = row.object?.metadata;
	if (!metadata?.name) return undefined;
	const obj = {apiVersion: kind.apiVersion, kind: kind.kind, metadata} as KObject;
	const cells = row.cells ?? [];
	cellsOf.set(
		obj,
		mapping.map(i => {
			const v = i < 0 ? undefined : cells[i];
			return v === undefined || v === null ? '' : String(v);
		}),
	);
	return obj;
}

/** The Accept header of a Table request, with JSON as the fallback. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
