// What a kind is, in one place: its API identity (group, version, plural, scope, short names),
// its kubectl table columns, its describe text and what a user can do with it. The dashboard's
// tables, the API server's Tables and `kubectl describe` all read the same KindInfo; the API
// server runs its `api` rules on every write.
import type {Event, KindMap, KindName, KObject, Pod, PolicyRule} from '../cluster/types.js';
import type {FieldIndex} from '../cluster/store/store.js';
import type {FieldErrors, Obj} from './shared/fields.js';
import type {MessageId} from '../i18n/index.js';
import type {SchedulingExplanation} from '../cluster/scheduler/explain.js';

export interface Column {
	/** kubectl's header, as in `kubectl get` (upper-cased when printed). */
	name: string;
	/** Table column type for the API server: string, integer, number, boolean, date. */
	type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
	/** 0: always shown; 1: only with `-o wide`. */
	priority: 0 | 1;
	/**
	 * How long the dashboard keeps the column when a terminal is too narrow for them all: the
	 * lowest go first, the rightmost of equals first; `always`: never dropped, cut instead. By
	 * default the name is kept whole as long as anything else can go, AGE ranks 1, the other
	 * columns 2 and wide ones 0.
	 */
	keep?: number | 'always';
	description?: string;
	/** Table column format for the API server (`name` for the NAME column), as kubectl declares it. */
	format?: string;
}

/** Which objects of a kind a list returns (the query parameters of a list request). */
export interface ListSelectors {
	namespace?: string;
	labelSelector?: string;
	fieldSelector?: string;
}

/** What a row or a describe text may need besides the object itself. */
export interface RenderContext {
	/** Virtual wall time in epoch milliseconds (for AGE columns). */
	now: number;
	/** Looks up other objects (describe lists a Deployment's ReplicaSets, a node's pods...). */
	get?<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	get?(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	list?<K extends KindName>(kind: K, opts?: ListSelectors): KindMap[K][];
	list?(kind: string, opts?: ListSelectors): KObject[];
	/** Events whose involvedObject is this object, oldest first. */
	events?(obj: KObject): Event[];
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

/** A pool of unique values admission hands out (service cluster IPs, node ports). */
export interface Pool<T> {
	/** Takes a given value; false when it is taken or out of range. */
	reserve(value: T): boolean;
	allocate(): T;
	release(value: T | undefined): void;
}

/** Who makes a request, as authentication found them. */
export interface UserInfo {
	username: string;
	uid?: string;
	groups?: string[];
	extra?: Record<string, string[]>;
}

/** What admission may read of the cluster: the stored objects as they are at the write. */
export interface ClusterReader {
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	/** The objects of a kind, in one namespace or all of them. */
	list(kind: string, namespace?: string): KObject[];
}

/** What admission hooks may use: the API server's allocators, one for the server's life, and a view of the store. */
export interface AdmissionContext {
	clusterIPs: Pool<string>;
	nodePorts: Pool<number>;
	read: ClusterReader;
	/** Virtual wall time, epoch milliseconds. */
	now(): number;
	/** Stored objects of a kind (all namespaces), for admission that reads others (the default IngressClass). */
	list?(kind: string): KObject[];
	/** The user making the request, when the request came with one. */
	user?: UserInfo;
}

/** The request an admission plugin looks at. */
export interface AdmissionRequest {
	operation: 'CREATE' | 'UPDATE';
	/** The kind being written. */
	kind: KindInfo;
	/** The object as it will be stored; mutating plugins change it in place. */
	obj: KObject;
	old?: KObject;
	/** The name messages use: metadata.name as sent, else generateName (names are generated after admission upstream). */
	name: string;
	/** The write comes from the cluster's own components (controllers creating pods). */
	trusted: boolean;
}

/**
 * An admission plugin that looks at writes of any kind (LimitRanger on pods, ResourceQuota on
 * everything counted). Plugins run in `order`: the mutating step of every plugin, the kind's own
 * admission, then the validating step of every plugin. A refusal is a thrown StatusError.
 */
export interface AdmissionPlugin {
	name: string;
	order: number;
	/** The kinds whose writes it looks at; every kind when absent. */
	kinds?: readonly string[];
	mutate?(req: AdmissionRequest, ctx: AdmissionContext): void;
	validate?(req: AdmissionRequest, ctx: AdmissionContext): void;
}

/** What a kind's write check may ask about the user making the write. */
export interface WriteAuthorization {
	user: UserInfo;
	/** Whether the user may make a request (RBAC). */
	may(attrs: {verb: string; resource: string; apiGroup: string; namespace?: string; name?: string}): boolean;
	/** Every rule granted to the user in a namespace (`''`: cluster-wide). */
	rulesOf(namespace: string): PolicyRule[];
	/** The rules of a Role or ClusterRole, or undefined when it does not exist. */
	roleRules(kind: string, namespace: string | undefined, name: string): PolicyRule[] | undefined;
}

/**
 * A write of a subresource other than status (a CSR's approval): the next object from the current
 * one and what was sent; problems go to `errs`.
 */
export type SubresourceWrite = (current: KObject, sent: Obj, errs: FieldErrors, now: string) => KObject;

/** How deleting an object proceeds, when it is not simply removed (or kept for its finalizers). */
export interface DeletionRules {
	/** Why this object may never be deleted (a namespace the cluster needs), or undefined. */
	refuse?(obj: KObject): string | undefined;
	/**
	 * Deleting only marks the object (a deletionTimestamp and this status); its controller removes
	 * it when done (a namespace, once emptied).
	 */
	terminating?(obj: KObject): KObject['status'];
	/**
	 * The grace period, in seconds, an object waits before it goes (a pod on a node, until its
	 * kubelet confirms), given the one the request asked for; undefined when it goes at once.
	 */
	gracePeriod?(obj: KObject, requested: number | undefined): number | undefined;
}

/** How a list merges in a strategic merge patch: by a key field of its elements, or as a set of primitives. */
export type ListMerge = {type: 'merge'; key: string} | {type: 'set'};

/**
 * A kind's rules in the API server. Hooks run on a fresh copy of what a user wrote; writes of the
 * cluster's own components (`trusted`) skip defaults and validation, never admission.
 */
export interface KindApi {
	/** What is wrong with a metadata.name (a DNS-1123 subdomain when absent). */
	name?(name: string): string[];
	/** Fills defaults in place before validation. Any decoded JSON may come in. */
	defaults?(obj: Record<string, any>): void;
	/** Field problems of the object as it is, on create and on update (never looks at status). */
	validate?(errs: FieldErrors, obj: Obj): void;
	/** What only an update can break: immutable fields, changes a kind does not allow. */
	validateUpdate?(errs: FieldErrors, obj: Obj, old: KObject): void;
	/** Admission on create: allocations, computed fields, the initial status (else `{}` with a status subresource). */
	admitCreate?(obj: KObject, ctx: AdmissionContext): void;
	/** Admission on update: keeps allocations, applies what may change. */
	admitUpdate?(old: KObject, obj: KObject, ctx: AdmissionContext): void;
	/** Gives back what admission allocated, once the object is gone. */
	release?(obj: KObject, ctx: AdmissionContext): void;
	/** Takes again what admission allocated for an object read back from storage (a resumed cluster). */
	reclaim?(obj: KObject, ctx: AdmissionContext): void;
	/** How deleting an object of this kind proceeds, when it is not simply removed. */
	deletion?: DeletionRules;
	/** Whether an update changes what metadata.generation counts (by default: spec). */
	generationChanged?(old: KObject, next: KObject): boolean;
	/** Spec changes written by the cluster's own components (a pod's binding) leave metadata.generation alone. */
	internalSpecKeepsGeneration?: boolean;
	/** The lists only this kind has, by path (`spec.ports`), that a strategic merge patch merges rather than replaces. */
	listMerges?: Readonly<Record<string, ListMerge>>;
	/** A field the store indexes (pods by spec.nodeName); a field selector on it reads the index. */
	index?: FieldIndex;
	/**
	 * The selector of the scale subresource's status, as a selector string (what an HPA lists
	 * pods with). Default: `spec.selector` read as a LabelSelector.
	 */
	scaleSelector?(obj: KObject): string;
	/**
	 * Why a user outside system:masters may not write this object even with the right to write
	 * it (RBAC's escalation prevention), or undefined.
	 */
	authorizeWrite?(obj: KObject, a: WriteAuthorization): string | undefined;
	/**
	 * What a write of the status subresource may set, checked on the object as it will be: fields
	 * dropped in place, problems to `errs` (a custom resource's schema). Absent: status is taken as sent.
	 */
	statusWrite?(errs: FieldErrors, obj: Obj): void;
	/** Writable subresources besides status and scale, by name (`approval`). */
	subresourceWrites?: Readonly<Record<string, SubresourceWrite>>;
}

/** Another version served for a kind, converted to and from the stored one (autoscaling/v1 HPAs). */
export interface ServedVersion {
	/** The version within the kind's group (`v1`). */
	version: string;
	/** `v1` or `group/version`. */
	apiVersion: string;
	/** The protobuf message of this version, when protobuf bodies of it are decoded. */
	protobuf?: string;
	/** A request object of this version to the stored version (anything may be missing). */
	toStored(obj: any): any;
	/** A stored object to this version. */
	fromStored(obj: KObject): KObject;
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
	/** Defaults, validation, admission and deletion rules in the API server. */
	api?: KindApi;
	/**
	 * What `kubesim export` keeps of an object (a copy without status and server-set metadata):
	 * `false` for a kind the cluster makes itself (events, leases, endpoints, nodes); a function
	 * that removes what a create fills in again (allocated addresses, generated selectors) and
	 * gives back undefined for an object the cluster makes; absent keeps the copy as it is.
	 */
	exported?: false | ((obj: KObject) => KObject | undefined);
	/** The protobuf message of the stored version, when the server decodes protobuf bodies of this kind. */
	protobuf?: string;
	/** Versions served besides the stored one. */
	versions?: ServedVersion[];
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
	/** What the dashboard shows and offers for this kind; a kind without one gets the defaults. */
	view?: KindView;
	/** Admission this kind brings to writes of other kinds (a LimitRange's defaults on pods). */
	admission?: AdmissionPlugin[];
	/** Where the API server keeps it in etcd under /registry/, when not its plural (nodes are `minions`). */
	storagePrefix?: string;
	/** The OpenAPI v3 schema of a served version, for a kind the generated models do not know (a custom resource's). */
	openapiSchema?(version: string): object | undefined;
}

/** A row's meaning for the dashboard's colours (the theme picks the colour). */
export type Health = 'ok' | 'warn' | 'bad' | 'muted' | 'none';

/** What a kind's view may read of the cluster; a ClusterClient is one. */
export interface ViewContext {
	kinds(): readonly KindInfo[];
	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	get(kind: string, namespace: string | undefined, name: string): KObject | undefined;
	list<K extends KindName>(kind: K, opts?: ListSelectors): KindMap[K][];
	list(kind: string, opts?: ListSelectors): KObject[];
	usage(kind: string, namespace: string | undefined, name: string): {cpuMilli: number; memoryBytes: number} | undefined;
	/** The simulator's load on Services, when the cluster is the simulator. */
	sim?: {traffic(namespace: string, service: string): number};
	/** The cluster's time in epoch milliseconds. */
	now?(): number;
	/** Events whose involvedObject is this object, oldest first. */
	eventsFor?(obj: KObject): Event[];
	/** Each node's scheduling verdict on a pod now (the simulator can say; a real cluster cannot). */
	schedulingExplanation?(namespace: string, pod: string): SchedulingExplanation | undefined;
	/** The released tags nearest to an image's, when the cluster knows its registry's (the simulator does). */
	nearestTags?(image: string): string[];
	/** The last lines a container wrote (of its previous instance when asked), when they can be read at once. */
	recentLogs?(namespace: string, pod: string, container: string, previous: boolean, lines: number): string[];
}

/** The level of a finding of `w` (why?): a problem, a concern, or all is well. */
export type FindingLevel = 'bad' | 'warn' | 'ok' | 'info';

/** A message of the catalogue with its values. */
export interface Said {
	message: MessageId;
	values?: Record<string, string | number>;
}

/**
 * One thing `w` (why?) says about an object: a plain sentence of the catalogue (in the user's
 * language), Kubernetes' own words under it (event and condition messages, as a cluster prints
 * them, never translated), and what would fix it.
 */
export interface Finding extends Said {
	level: FindingLevel;
	lines?: string[];
	fixes?: Said[];
}

/** What `enter` on a row opens. */
export type Drill =
	/** A pods table: the pods an object owns (through its controllers), or those a selector picks. */
	| {to: 'pods'; namespace: string; ownerUid?: string; labelSelector?: string; fieldSelector?: string}
	/** The containers of a pod. */
	| {to: 'containers'}
	/** The pods of a namespace, which becomes the current one. */
	| {to: 'namespace'}
	/** The objects of a kind in every namespace (a CustomResourceDefinition's, as k9s opens them). */
	| {to: 'objects'; kind: string}
	| {to: 'describe'}
	| {to: 'nothing'}
	| {to: 'error'; message: string};

/** What the pane beside the table shows for the selected row. */
export type SidePaneContent = 'pods' | 'logTail' | 'hpa' | 'events' | 'event';

/** The commands a kind's actions may name; the dashboard implements each by its name. */
export type ActionCommand =
	| 'logs'
	| 'previousLogs'
	| 'shell'
	| 'attach'
	| 'portForward'
	| 'kill'
	| 'crash'
	| 'breakProbes'
	| 'scale'
	| 'restart'
	| 'setImage'
	| 'undo'
	| 'history'
	| 'rollbackTo'
	| 'cordon'
	| 'uncordon'
	| 'drain'
	| 'failNode'
	| 'taint'
	| 'trafficUp'
	| 'trafficDown'
	| 'decode'
	| 'journal'
	| 'images';

/** Something a user can do to an object of a kind, on a key. */
export interface KindAction {
	/** The key as bindings spell it: `s`, `ctrl-k`, `+`. */
	key: string;
	command: ActionCommand;
	/** What it does: the id of its text in the dashboard's catalogue (`keys.pod.logs`). */
	message: MessageId;
	/** Changes the cluster (hidden in read-only mode). */
	mutates?: boolean;
	/** Only on the simulator. */
	sim?: boolean;
	/** Shown in the header's hints. */
	hint?: boolean;
	/** The catalogue's id of a short text for the header's hint, when the description is too long there. */
	hintMessage?: MessageId;
	/** The capability a kind needs for this action to be offered. */
	requires?: keyof Capabilities;
}

/** A cell the dashboard adds: text, or a fraction it draws as a bar with a percentage. */
export type ExtraCell = string | {fraction: number};

export interface ExtraColumns {
	headers: string[];
	/** Shown only on the simulator (what a real cluster cannot tell, such as a Service's load). */
	sim?: boolean;
	/** One cell per header. */
	cells(obj: KObject, ctx: ViewContext): ExtraCell[];
}

/** A line of `:xray` that is not an object of its own: a pod's container. */
export interface XrayPart {
	label: string;
	detail: string;
	health: Health;
}

/**
 * How a kind appears in `:xray` trees. Under an object come the objects it controls (by owner
 * reference), else its related pods (a Service's), then what `uses` and `parts` name.
 */
export interface XrayView {
	/** Objects it uses by name, drawn under it: a pod's ConfigMaps, Secrets, claims, service account. */
	uses?(obj: KObject): Array<{kind: string; name: string}>;
	/** Parts that are not objects: a pod's containers. */
	parts?(obj: KObject): XrayPart[];
}

/** The dashboard's view of a kind: data and pure functions; the UI draws and runs them. */
export interface KindView {
	/** Set on the kinds `:xray` draws (workloads, pods, Services); absent on the rest. */
	xray?: XrayView;
	/** The colour of a row; by default muted while deleting, else plain. */
	health?(obj: KObject): Health;
	/** What `enter` opens; describe by default. */
	drill?(obj: KObject, ctx: ViewContext): Drill;
	/** The pods an object stands for (the side pane's pods, merged logs). */
	relatedPods?(obj: KObject, ctx: ViewContext): Pod[];
	/** Whose logs `l` shows: the object's own containers, or its related pods merged (the default). */
	logs?: 'self' | 'related';
	/** What the side pane shows for a selected object; its events by default. */
	pane?: SidePaneContent;
	/** Wide columns the dashboard shows even when not wide (placed before AGE). */
	shownColumns?: string[];
	/** A sort key for a column (its lower-case name) cheaper than formatting the row, or undefined. */
	sortKey?(obj: KObject, column: string): string | number | undefined;
	/** Columns after the kind's own (a node's pods and usage). */
	extraColumns?: ExtraColumns;
	/** A line after the table's title about the selected object (a Deployment's rollout), or ''. */
	statusLine?(obj: KObject, ctx: ViewContext): string;
	/** More words the `:` prompt opens this kind's table with (k9s spellings beyond the short names). */
	aliases?: string[];
	/** Keys for this kind, each gated by `requires` on the kind's capabilities. */
	actions?: KindAction[];
	/** The object's data in clear, as YAML (a Secret's values decoded), or '' when it holds none. */
	decode?(obj: KObject): string;
	/** `w` (why?): what is wrong with the object and why, from the cluster's state; nothing when all is well. */
	why?(obj: KObject, ctx: ViewContext): Finding[];
}
