// What a kind is, in one place: its API identity (group, version, plural, scope, short names),
// its kubectl table columns, its describe text and what a user can do with it. The dashboard's
// tables, the API server's Tables and `kubectl describe` all read the same KindInfo.
import type {KObject} from '../cluster/types.js';

export interface Column {
	/** kubectl's header, as in `kubectl get` (upper-cased when printed). */
	name: string;
	/** Table column type for the API server: string, integer, number, boolean, date. */
	type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
	/** 0: always shown; 1: only with `-o wide`. */
	priority: 0 | 1;
	description?: string;
	/** Table column format for the API server (`name` for the NAME column), as kubectl declares it. */
	format?: string;
}

/** What a row or a describe text may need besides the object itself. */
export interface RenderContext {
	/** Virtual wall time in epoch milliseconds (for AGE columns). */
	now: number;
	/** Looks up other objects (describe lists a Deployment's ReplicaSets, a node's pods...). */
	get?(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	list?(kind: string, opts?: {namespace?: string; labelSelector?: string; fieldSelector?: string}): KObject[];
	/** Events whose involvedObject is this object, oldest first. */
	events?(obj: KObject): KObject[];
	/** Latest usage of a pod or node from the metrics pipeline, when available. */
	usage?(obj: KObject): {cpuMilli: number; memoryBytes: number} | undefined;
}

export interface Capabilities {
	scalable?: boolean;
	restartable?: boolean;
	rollbackable?: boolean;
	loggable?: boolean;
	/** Runs one pod per node (a DaemonSet): `kubectl drain --ignore-daemonsets` leaves its pods. */
	perNode?: boolean;
	/** Can be created from the simulator's default object view (never true for Event etc.). */
	creatable?: boolean;
}

export interface KindInfo {
	kind: string;
	group: string;
	version: string;
	/** `v1` or `group/version`. */
	apiVersion: string;
	plural: string;
	singular: string;
	namespaced: boolean;
	shortNames: string[];
	categories: string[];
	/** Subresources served: status, scale, log, eviction, exec, binding. */
	subresources: string[];
	columns: Column[];
	/**
	 * Cells for `columns`, in order, as kubectl prints them, priority-1 cells included (the API
	 * server sends them all; kubectl hides them without `-o wide`). Name is the first cell, except
	 * for events, where kubectl's Name column is the last (a wide one).
	 */
	row(obj: KObject, ctx: RenderContext): Array<string | number>;
	/** `kubectl describe` text. */
	describe?(obj: KObject, ctx: RenderContext): string;
	capabilities: Capabilities;
}
