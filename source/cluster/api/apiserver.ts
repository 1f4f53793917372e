// The API server's semantics over the store: resolve the kind, default, validate, admit (each
// kind's rules, KindInfo.api, from source/kinds/), then write with optimistic concurrency;
// deletion (graceful, finalizers, propagation, as each kind's rules say); the scale and status
// subresources. Every writer (users, controllers, the scheduler, kubelets) goes through here,
// and each public method is one request, counted by verb (internal steps are not counted again).
import type {Clock} from '../clock.js';
import type {KindMap, KindName, KObject, LabelSelector, PolicyRule, Pod, Scalable, Scale} from '../types.js';
import type {Rng} from '../core/rng.js';
import {ADMISSION_PLUGINS, type AdmissionContext, type AdmissionPlugin, type AdmissionRequest, type KindInfo, type UserInfo, NAMESPACES, kindInfo, resolveKind, resourceName} from '../../kinds/index.js';
import {selectorString} from '../../kinds/format.js';
import {Store, keyOf} from '../store/store.js';
import {parseFieldSelector, parseLabelSelector} from '../core/selectors.js';
import {errors, StatusError, type Cause} from '../core/errors.js';
import {decodeFailure, validateObject} from './validation.js';
import {FieldErrors} from '../../kinds/shared/fields.js';
import {PRIVILEGED_GROUP, rbacAuthorize, rbacObjects, rulesFor} from './authorizer.js';
import {applyPatch} from './patch.js';
import {etcdKey, storedValue} from './etcd.js';
import {deepEqual} from '../core/json.js';
import {NodePorts, ServiceIPs} from './allocators.js';
import type {RequestCounters, Verb} from '../metrics/counters.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
	gracePeriodSeconds?: number;
	propagationPolicy?: PropagationPolicy;
	preconditions?: {uid?: string; resourceVersion?: string};
	dryRun?: boolean;
}

export interface WriteOptions {
	dryRun?: boolean;
	/** Writes from inside the cluster (controllers) skip validation of already-valid templates. */
	trusted?: boolean;
	/** Server-side field manager name (kept for managedFields-free bookkeeping). */
	fieldManager?: string;
	/** Who asks (admission records a CSR's requestor). */
	user?: UserInfo;
	/** The uid a trusted create gives the object instead of drawing one (system objects made at start). */
	uid?: string;
}

export interface ListQuery {
	namespace?: string;
	labelSelector?: string;
	fieldSelector?: string;
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** etcd's default `--max-request-bytes`: the largest write it accepts (1.5 MiB). */
export const ETCD_MAX_REQUEST_BYTES = 1536 * 1024;

/**
 * Whether the write of an object fits in one etcd request: its key and stored value within etcd's
 * limit. Checked on the writes users send (controllers write objects far below it).
 */
function fitsEtcd(k: KindInfo, obj: KObject): boolean {
	return Buffer.byteLength(etcdKey(k, obj)) + storedValue(obj).length <= ETCD_MAX_REQUEST_BYTES;
}

function clone<T>(v: T): T {
	return structuredClone(v);
}

export class ApiServer {
	readonly serviceIPs: ServiceIPs;
	readonly nodePorts: NodePorts;
	/** The kinds' admission plugins, and those a cloud installs (EKS's Fargate webhook), in their order. */
	private plugins: readonly AdmissionPlugin[] = ADMISSION_PLUGINS;

	/** A resumed cluster's objects are in the store: each kind takes back what admission had allocated for them. */
	reclaimAllocations(): void {
		for (const kind of this.store.kinds()) {
			const reclaim = kindInfo(kind)?.api?.reclaim;
			if (reclaim) for (const o of this.store.list(kind)) reclaim(o, this.admission);
		}
	}

	/** Installs an admission plugin for this server's life, in its order among the kinds' own. */
	addAdmissionPlugin(plugin: AdmissionPlugin): void {
		this.plugins = [...this.plugins, plugin].sort((a, b) => a.order - b.order);
		this.pluginsByKind.clear();
	}

	/** The plugins that look at writes of a kind, worked out once per kind (every write asks). */
	private readonly pluginsByKind = new Map<string, readonly AdmissionPlugin[]>();
	private pluginsFor(k: KindInfo): readonly AdmissionPlugin[] {
		let list = this.pluginsByKind.get(k.kind);
		if (!list) this.pluginsByKind.set(k.kind, (list = this.plugins.filter(p => !p.kinds || p.kinds.includes(k.kind))));
		return list;
	}
	/** What admission hooks get, the same object for every write. */
	private readonly admission: AdmissionContext;
	/** Where requests are counted (the control plane's counters; none when unset). */
	requests: Pick<RequestCounters, 'count'> | undefined;

	private count(verb: Verb, kind: string, namespace?: string, name?: string, subresource?: string): void {
		this.requests?.count(verb, kind, namespace, name, subresource);
	}

	constructor(
		readonly store: Store,
		readonly clock: Clock,
		readonly rng: Rng,
	) {
		this.serviceIPs = new ServiceIPs(rng);
		this.nodePorts = new NodePorts(rng);
		this.admission = {
			clusterIPs: this.serviceIPs,
			nodePorts: this.nodePorts,
			list: kind => this.store.list(kind, {}),
			read: {
				get: (kind, namespace, name) => store.get(kind, namespace, name),
				list: (kind, namespace) => store.list(kind, {namespace}),
			},
			now: () => clock.now(),
		};
	}

	/** The KindInfo for a kind name or resource alias; BadRequest when the server does not serve it. */
	kind(kindOrResource: string): KindInfo {
		const k = kindInfo(kindOrResource) ?? resolveKind(kindOrResource);
		if (!k) throw errors.badRequest(`the server doesn't have a resource type "${kindOrResource}"`);
		return k;
	}

	private nsOf(k: KindInfo, namespace: string | undefined): string | undefined {
		return k.namespaced ? namespace || 'default' : undefined;
	}

	get<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K];
	get<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T;
	get(kind: string, namespace: string | undefined, name: string): KObject {
		const k = this.kind(kind);
		this.count('GET', k.kind, this.nsOf(k, namespace), name);
		return this.lookup(k.kind, namespace, name);
	}

	/** get without counting a request: the server's own steps and the simulator's checks. */
	lookup<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T {
		const k = this.kind(kind);
		const obj = this.store.get<T>(k.kind, this.nsOf(k, namespace), name);
		if (!obj) throw errors.notFound(resourceName(k), name);
		return obj;
	}

	/** Like get, but undefined instead of NotFound. */
	find<K extends KindName>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined;
	find<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
	find(kind: string, namespace: string | undefined, name: string): KObject | undefined {
		const k = this.kind(kind);
		this.count('GET', k.kind, this.nsOf(k, namespace), name);
		return this.store.get(k.kind, this.nsOf(k, namespace), name);
	}

	list<K extends KindName>(kind: K, query?: ListQuery): {items: KindMap[K][]; resourceVersion: string};
	list<T extends KObject = KObject>(kind: string, query?: ListQuery): {items: T[]; resourceVersion: string};
	list(kind: string, query: ListQuery = {}): {items: KObject[]; resourceVersion: string} {
		const k = this.kind(kind);
		this.count('LIST', k.kind, k.namespaced ? query.namespace || undefined : undefined);
		return this.cachedList(k.kind, query);
	}

	/** find without counting a request (a read of an informer's cache). */
	peek<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
		const k = this.kind(kind);
		return this.store.get<T>(k.kind, this.nsOf(k, namespace), name);
	}

	/** list without counting a request (a read of an informer's cache). */
	cachedList<T extends KObject = KObject>(kind: string, query: ListQuery = {}): {items: T[]; resourceVersion: string} {
		const k = this.kind(kind);
		const labels = query.labelSelector ? parseLabelSelector(query.labelSelector) : undefined;
		const fields = query.fieldSelector ? parseFieldSelector(query.fieldSelector) : undefined;
		const namespace = k.namespaced ? query.namespace || undefined : undefined;
		// without selectors the store gives its kept order; a selected few are sorted here
		const selected = (labels && labels.length) || (fields && fields.length);
		const items = selected ? this.store.list(k.kind, {namespace, labels, fields}).sort(compareObjects) : this.store.inOrder(k.kind, namespace);
		return {items: items as T[], resourceVersion: String(this.store.resourceVersion())};
	}

	create<T extends KObject>(input: T, opts: WriteOptions = {}): T {
		this.count('CREATE', input.kind, input.metadata?.namespace, input.metadata?.name || input.metadata?.generateName);
		return this.createObject(input, opts);
	}

	private createObject<T extends KObject>(input: T, opts: WriteOptions): T {
		const k = this.kind(input.kind);
		if (input.apiVersion !== k.apiVersion)
			throw errors.badRequest(`no matches for kind "${input.kind}" in version "${input.apiVersion}"`);
		const obj = opts.trusted ? input : clone(input);
		const meta = obj.metadata ?? (obj.metadata = {name: ''});
		if (k.namespaced) meta.namespace = meta.namespace || 'default';
		else delete meta.namespace;
		const shownName = meta.name || meta.generateName || '';
		if (!meta.name && meta.generateName) meta.name = meta.generateName + this.rng.suffix(5);
		if (!opts.trusted) {
			const causes = defaultAndValidate(k, obj);
			if (causes.length) throw decodeFailure(k, obj.apiVersion, causes) ?? errors.invalid(k.kind, meta.name || meta.generateName || '', causes, k.group);
			this.authorizeWrite(k, obj, opts.user);
		} else if (!meta.name) {
			throw errors.invalid(k.kind, '', [{reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name'}], k.group);
		}
		if (k.namespaced) {
			const ns = this.store.get(NAMESPACES.kind, undefined, meta.namespace!);
			if (!ns) throw errors.notFound(resourceName(NAMESPACES), meta.namespace!);
			if (ns.metadata.deletionTimestamp)
				throw errors.forbidden(resourceName(k), meta.name, `unable to create new content in namespace ${meta.namespace} because it is being terminated`);
		}
		if (this.store.get(k.kind, meta.namespace, meta.name)) throw errors.alreadyExists(resourceName(k), meta.name);
		meta.uid = opts.trusted && opts.uid ? opts.uid : this.rng.uuid();
		meta.creationTimestamp = this.clock.iso();
		meta.generation = 1;
		delete meta.resourceVersion;
		delete meta.deletionTimestamp;
		const req: AdmissionRequest = {operation: 'CREATE', kind: k, obj, name: shownName, trusted: !!opts.trusted};
		const plugins = this.pluginsFor(k);
		for (const p of plugins) p.mutate?.(req, this.admission);
		const admit = k.api?.admitCreate;
		if (admit) admit(obj, opts.user ? {...this.admission, user: opts.user} : this.admission);
		else if (obj.status === undefined && k.subresources.includes('status')) obj.status = {};
		try {
			for (const p of plugins) p.validate?.(req, this.admission);
		} catch (err) {
			// refused after admission allocated: give back what it took
			k.api?.release?.(obj, this.admission);
			throw err;
		}
		if (!opts.trusted && !fitsEtcd(k, obj)) {
			k.api?.release?.(obj, this.admission);
			throw errors.etcdRequestTooLarge();
		}
		if (opts.dryRun) {
			// a dry run keeps nothing: what admission allocated (a node port asked for by number) is free again
			k.api?.release?.(obj, this.admission);
			return obj;
		}
		return this.store.put(obj);
	}

	/** Replaces an object. A stale resourceVersion gives 409 Conflict. Status is kept (use updateStatus). */
	update<T extends KObject>(input: T, opts: WriteOptions = {}): T {
		this.count('UPDATE', input.kind, input.metadata?.namespace, input.metadata?.name);
		return this.updateObject(input, opts);
	}

	private updateObject<T extends KObject>(input: T, opts: WriteOptions): T {
		const k = this.kind(input.kind);
		const namespace = this.nsOf(k, input.metadata?.namespace);
		const name = input.metadata?.name;
		const old = this.store.get<T>(k.kind, namespace, name);
		if (!old) throw errors.notFound(resourceName(k), name);
		const rv = input.metadata.resourceVersion;
		if (rv && rv !== old.metadata.resourceVersion) throw errors.conflict(resourceName(k), name);
		const obj = opts.trusted ? input : clone(input);
		obj.metadata.namespace = namespace;
		if (!opts.trusted) {
			const causes = defaultAndValidate(k, obj, old);
			if (causes.length) throw decodeFailure(k, obj.apiVersion, causes) ?? errors.invalid(k.kind, name, causes, k.group);
			this.authorizeWrite(k, obj, opts.user);
		}
		// identity and server-owned fields are immutable through update
		obj.metadata.uid = old.metadata.uid;
		obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
		obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
		if (old.metadata.deletionGracePeriodSeconds !== undefined)
			obj.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
		if (k.subresources.includes('status')) obj.status = old.status;
		obj.metadata.generation = old.metadata.generation ?? 1;
		if (k.api?.generationChanged ? k.api.generationChanged(old, obj) : specChanged(old, obj)) obj.metadata.generation = (old.metadata.generation ?? 1) + 1;
		const req: AdmissionRequest = {operation: 'UPDATE', kind: k, obj, old, name, trusted: !!opts.trusted};
		const plugins = this.pluginsFor(k);
		for (const p of plugins) p.mutate?.(req, this.admission);
		k.api?.admitUpdate?.(old, obj, this.admission);
		for (const p of plugins) p.validate?.(req, this.admission);
		// a user's write that changes nothing is not written: the same object and resourceVersion
		// come back (kubectl then says "patched (no change)" / "unchanged")
		if (!opts.trusted && unchangedBy(old, obj)) return old;
		if (!opts.trusted && !fitsEtcd(k, obj)) throw errors.etcdRequestTooLarge();
		if (opts.dryRun) return obj;
		return this.finishUpdate(k, obj);
	}

	/** Writes only the status of an object (the status subresource). */
	updateStatus<T extends KObject>(input: T): T {
		this.count('UPDATE', input.kind, input.metadata?.namespace, input.metadata?.name, 'status');
		return this.updateStatusOf(input);
	}

	private updateStatusOf<T extends KObject>(input: T): T {
		const k = this.kind(input.kind);
		const namespace = this.nsOf(k, input.metadata?.namespace);
		const old = this.store.get<T>(k.kind, namespace, input.metadata.name);
		if (!old) throw errors.notFound(resourceName(k), input.metadata.name);
		const rv = input.metadata.resourceVersion;
		if (rv && rv !== old.metadata.resourceVersion) throw errors.conflict(resourceName(k), input.metadata.name);
		const next = {...old, metadata: {...old.metadata}, status: input.status};
		const check = k.api?.statusWrite;
		if (check) {
			next.status = structuredClone(input.status);
			const e = new FieldErrors();
			check(e, next as unknown as Record<string, unknown>);
			if (e.list.length) throw errors.invalid(k.kind, input.metadata.name, e.list, k.group);
			if (deepEqual(next.status, old.status)) return old;
		}
		if (!fitsEtcd(k, next)) throw errors.etcdRequestTooLarge();
		return this.store.put(next);
	}

	/** A kind's own check of who may write an object (RBAC's escalation prevention); Forbidden when it refuses. */
	private authorizeWrite(k: KindInfo, obj: KObject, user: UserInfo | undefined): void {
		const check = k.api?.authorizeWrite;
		if (!check || !user || (user.groups ?? []).includes(PRIVILEGED_GROUP)) return;
		const objs = rbacObjects(
			(kind, namespace) => this.store.list(kind, {namespace}),
			(kind, namespace, name) => this.store.get(kind, namespace, name),
		);
		const why = check(obj, {
			user,
			may: attrs => rbacAuthorize(objs, user, attrs).allowed,
			rulesOf: namespace => {
				const r = rulesFor(objs, user, namespace);
				return [...r.resourceRules, ...r.nonResourceRules];
			},
			roleRules: (kind, namespace, name) => (this.store.get(kind, namespace, name) as {rules?: PolicyRule[]} | undefined)?.rules ?? (this.store.get(kind, namespace, name) ? [] : undefined),
		});
		if (why) throw errors.forbidden(resourceName(k), obj.metadata?.name ?? '', why);
	}

	/**
	 * Writes a subresource its kind declares writable (a CSR's approval): the kind's rule makes
	 * the next object from the current one and what was sent. A stale resourceVersion is 409.
	 */
	writeSubresource<T extends KObject>(kind: string, namespace: string | undefined, name: string, subresource: string, sent: KObject): T {
		const k = this.kind(kind);
		this.count('UPDATE', k.kind, this.nsOf(k, namespace), name, subresource);
		const write = k.api?.subresourceWrites?.[subresource];
		if (!write) throw errors.notFound(`${resourceName(k)}/${subresource}`, name);
		const current = this.lookup<T>(k.kind, namespace, name);
		const rv = sent?.metadata?.resourceVersion;
		if (rv && rv !== current.metadata.resourceVersion) throw errors.conflict(resourceName(k), name);
		const e = new FieldErrors();
		const next = write(clone(current), sent as unknown as Record<string, unknown>, e, this.clock.iso());
		if (e.list.length) throw errors.invalid(k.kind, name, e.list, k.group);
		if (deepEqual(next, current)) return current;
		return this.store.put(next as T);
	}

	/**
	 * The fast path for controllers: replace the status of the current object. No conflict check:
	 * inside the simulator every controller runs to completion before the next one.
	 */
	setStatus<T extends KObject>(current: T, status: T['status']): T {
		this.count('UPDATE', current.kind, current.metadata.namespace, current.metadata.name, 'status');
		return this.store.put({...current, metadata: {...current.metadata}, status});
	}

	/** The fast path for controllers changing metadata or spec of the current object. */
	replace<T extends KObject>(current: T, next: T): T {
		this.count('UPDATE', next.kind, next.metadata.namespace, next.metadata.name);
		return this.replaceObject(current, next);
	}

	/**
	 * The scheduler's binding of a pod to a node: a request to the pods/binding subresource (a
	 * CREATE) that sets spec.nodeName, written as `next`.
	 */
	bind(current: Pod, next: Pod): Pod {
		this.count('CREATE', 'Pod', current.metadata.namespace, current.metadata.name, 'binding');
		return this.replaceObject(current, next);
	}

	private replaceObject<T extends KObject>(current: T, next: T): T {
		const k = this.kind(next.kind);
		if (current.spec !== next.spec && !k.api?.internalSpecKeepsGeneration && specChanged(current, next))
			next.metadata = {...next.metadata, generation: (current.metadata.generation ?? 1) + 1};
		return this.finishUpdate(k, next);
	}

	patch<T extends KObject = KObject>(
		kind: string,
		namespace: string | undefined,
		name: string,
		body: unknown,
		contentType: string,
		opts: WriteOptions & {subresource?: 'status' | 'scale'} = {},
	): T {
		const k = this.kind(kind);
		const ns = this.nsOf(k, namespace);
		this.count('PATCH', k.kind, ns, name, opts.subresource);
		const current = this.store.get<T>(k.kind, ns, name);
		if (!current) {
			if (contentType.startsWith('application/apply-patch') && !opts.subresource) {
				const obj = body as T;
				if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw errors.badRequest('apply patch must be an object');
				if (typeof obj.kind !== 'string' || !obj.kind || typeof obj.apiVersion !== 'string' || !obj.apiVersion)
					throw errors.badRequest('Object \'Kind\' is missing in the apply configuration: apiVersion and kind must be set');
				if (obj.kind !== k.kind)
					throw errors.badRequest(`the kind of the apply configuration (${obj.kind}) does not match the kind of the resource (${k.kind})`);
				if (obj.metadata !== undefined && (!obj.metadata || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)))
					throw errors.badRequest('metadata must be an object');
				return this.createObject({...obj, metadata: {...obj.metadata, name, ...(ns ? {namespace: ns} : {})}} as T, opts);
			}
			throw errors.notFound(resourceName(k), name);
		}
		if (opts.subresource === 'scale') {
			const scale = applyPatch(this.scaleOf(k.kind, ns, name), body, contentType) as Scale;
			return this.writeScale(k.kind, ns, name, Number(scale.spec?.replicas), opts) as unknown as T;
		}
		const patched = applyPatch(current, body, contentType) as T;
		if (!patched || typeof patched !== 'object' || Array.isArray(patched) || !patched.metadata || typeof patched.metadata !== 'object')
			throw errors.badRequest('the patched object is not an object with metadata');
		// the patched data decodes as the resource's kind and version, or not at all
		if (patched.apiVersion !== current.apiVersion || patched.kind !== current.kind)
			throw errors.badRequest(
				`the API version in the data (${patched.apiVersion}) does not match the expected API version (${current.apiVersion}) or kind (${patched.kind} is not ${current.kind})`,
			);
		if (patched.metadata?.name !== name)
			throw errors.badRequest(`the name of the object (${patched.metadata?.name}) does not match the name on the URL (${name})`);
		patched.metadata.resourceVersion = (body as KObject)?.metadata?.resourceVersion ? patched.metadata.resourceVersion : current.metadata.resourceVersion;
		if (opts.subresource === 'status') return this.updateStatusOf(patched);
		return this.updateObject(patched, opts);
	}

	/** The autoscaling/v1 Scale of a scalable kind. */
	getScale(kind: string, namespace: string | undefined, name: string): Scale {
		const k = this.kind(kind);
		this.count('GET', k.kind, this.nsOf(k, namespace), name, 'scale');
		return this.scaleOf(k.kind, namespace, name);
	}

	private scaleOf(kind: string, namespace: string | undefined, name: string): Scale {
		const k = this.kind(kind);
		if (!k.subresources.includes('scale')) throw errors.notFound(`${resourceName(k)}/scale`, name);
		const obj = this.lookup<Scalable>(k.kind, namespace, name);
		return {
			kind: 'Scale',
			apiVersion: 'autoscaling/v1',
			metadata: {
				name,
				namespace: obj.metadata.namespace,
				uid: obj.metadata.uid,
				resourceVersion: obj.metadata.resourceVersion,
				creationTimestamp: obj.metadata.creationTimestamp,
			},
			spec: {replicas: obj.spec?.replicas ?? 0},
			status: {replicas: obj.status?.replicas ?? 0, selector: k.api?.scaleSelector ? k.api.scaleSelector(obj) : selectorString(obj.spec?.selector as LabelSelector | undefined)},
		};
	}

	setScale(kind: string, namespace: string | undefined, name: string, replicas: number, opts: WriteOptions = {}): Scale {
		const k = this.kind(kind);
		this.count('UPDATE', k.kind, this.nsOf(k, namespace), name, 'scale');
		return this.writeScale(k.kind, namespace, name, replicas, opts);
	}

	private writeScale(kind: string, namespace: string | undefined, name: string, replicas: number, opts: WriteOptions): Scale {
		const k = this.kind(kind);
		if (!Number.isInteger(replicas) || replicas < 0)
			throw errors.invalid('Scale', name, [{reason: 'FieldValueInvalid', message: `Invalid value: ${replicas}: must be greater than or equal to 0`, field: 'spec.replicas'}], 'autoscaling');
		const obj = this.lookup<Scalable>(k.kind, namespace, name);
		if (obj.spec?.replicas !== replicas && !opts.dryRun)
			this.replaceObject(obj, {...obj, metadata: {...obj.metadata}, spec: {...obj.spec, replicas}});
		return this.scaleOf(k.kind, namespace, name);
	}

	/**
	 * Deletes an object: immediately, or as its kind's deletion rules say (a grace period: a pod
	 * on a node is Terminating until its kubelet confirms; a mark its controller acts on: a
	 * namespace), or after finalizers (foreground propagation adds one).
	 * Returns the object as it is after the call (with deletionTimestamp when not yet gone).
	 */
	delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
		const k = this.kind(kind);
		const ns = this.nsOf(k, namespace);
		this.count('DELETE', k.kind, ns, name);
		const obj = this.store.get(k.kind, ns, name);
		if (!obj) throw errors.notFound(resourceName(k), name);
		const pre = opts.preconditions;
		if (pre?.uid && pre.uid !== obj.metadata.uid)
			throw errors.conflict(resourceName(k), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
		if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion)
			throw errors.conflict(resourceName(k), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
		if (opts.dryRun) return obj;
		const policy = opts.propagationPolicy ?? 'Background';
		const now = this.clock.iso();
		const rules = k.api?.deletion;

		if (rules) {
			const refused = rules.refuse?.(obj);
			if (refused) throw errors.forbidden(resourceName(k), name, refused);
			if (rules.terminating) {
				if (obj.metadata.deletionTimestamp) return obj;
				return this.store.put({
					...obj,
					metadata: {...obj.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: 0},
					status: rules.terminating(obj),
				});
			}
		}

		const finalizers = [...(obj.metadata.finalizers ?? [])];
		if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
		if (policy === 'Orphan' && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);

		const grace = rules?.gracePeriod?.(obj, opts.gracePeriodSeconds);
		if (grace !== undefined && (grace > 0 || finalizers.length)) {
			const already = obj.metadata.deletionTimestamp;
			const currentGrace = obj.metadata.deletionGracePeriodSeconds;
			// A second delete may only shorten the grace period.
			if (already && currentGrace !== undefined && grace >= currentGrace && sameList(finalizers, obj.metadata.finalizers)) return obj;
			const updated = this.store.put({
				...obj,
				metadata: {
					...obj.metadata,
					// a grace beyond what a date holds (an int64 of seconds) ends at the last date there is
					deletionTimestamp: this.clock.iso(Math.min(this.clock.now() + grace * 1000, LAST_DATE_MS)),
					deletionGracePeriodSeconds: grace,
					finalizers: finalizers.length ? finalizers : undefined,
				},
			});
			if (!updated.metadata.finalizers) delete updated.metadata.finalizers;
			return updated;
		}

		if (finalizers.length) {
			if (obj.metadata.deletionTimestamp && sameList(finalizers, obj.metadata.finalizers)) return obj;
			return this.store.put({
				...obj,
				metadata: {
					...obj.metadata,
					deletionTimestamp: obj.metadata.deletionTimestamp ?? now,
					deletionGracePeriodSeconds: 0,
					finalizers,
				},
			});
		}
		return this.removeObject(obj);
	}

	/**
	 * The kubelet's last word on a terminating pod (a delete with grace 0): gone now, or, while
	 * finalizers remain, kept with a zero grace period until the last one is removed.
	 */
	finishPodDeletion(pod: KObject): KObject {
		this.count('DELETE', pod.kind, pod.metadata.namespace, pod.metadata.name);
		if (pod.metadata.finalizers?.length) {
			if (pod.metadata.deletionGracePeriodSeconds === 0) return pod;
			return this.store.put({...pod, metadata: {...pod.metadata, deletionGracePeriodSeconds: 0, deletionTimestamp: pod.metadata.deletionTimestamp ?? this.clock.iso()}});
		}
		return this.removeObject(pod);
	}

	/** Removes an object from storage (the last step of every deletion). */
	removeNow(obj: KObject): KObject {
		this.count('DELETE', obj.kind, obj.metadata.namespace, obj.metadata.name);
		return this.removeObject(obj);
	}

	private removeObject(obj: KObject): KObject {
		const gone = this.store.remove(obj.kind, obj.metadata.namespace, obj.metadata.name);
		if (!gone) return obj;
		kindInfo(gone.kind)?.api?.release?.(gone, this.admission);
		return gone;
	}

	/** Drops a finalizer; removes the object when it was the last one and deletion was asked. */
	removeFinalizer(obj: KObject, finalizer: string): void {
		this.count('UPDATE', obj.kind, obj.metadata.namespace, obj.metadata.name);
		const current = this.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name);
		if (!current) return;
		const rest = (current.metadata.finalizers ?? []).filter(f => f !== finalizer);
		const next = {...current, metadata: {...current.metadata, finalizers: rest.length ? rest : undefined}};
		if (!rest.length) delete next.metadata.finalizers;
		this.finishUpdate(this.kind(current.kind), next);
	}

	private finishUpdate<T extends KObject>(k: KindInfo, obj: T): T {
		const m = obj.metadata;
		if (m.deletionTimestamp && !(m.finalizers && m.finalizers.length) && !this.awaitsRemoval(k, obj)) return this.removeObject(obj) as T;
		return this.store.put(obj);
	}

	/** A deleted object without finalizers that still stays: in its grace period, or until its controller removes it. */
	private awaitsRemoval(k: KindInfo, obj: KObject): boolean {
		const rules = k.api?.deletion;
		if (!rules) return false;
		if (rules.terminating) return true;
		return !!obj.metadata.deletionGracePeriodSeconds && rules.gracePeriod?.(obj, undefined) !== undefined;
	}
}

function specChanged(a: KObject, b: KObject): boolean {
	if (a.spec === b.spec) return false;
	return JSON.stringify(a.spec) !== JSON.stringify(b.spec);
}

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
	const x = a ?? [];
	const y = b ?? [];
	return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Lists come back sorted by namespace then name, like etcd's key order. */
export function compareObjects(a: KObject, b: KObject): number {
	const na = a.metadata.namespace ?? '';
	const nb = b.metadata.namespace ?? '';
	if (na !== nb) return na < nb ? -1 : 1;
	const x = a.metadata.name;
	const y = b.metadata.name;
	return x < y ? -1 : x > y ? 1 : 0;
}

export {keyOf, StatusError};

/** Whether an update leaves an object as it was (its resourceVersion aside). */
function unchangedBy(old: KObject, next: KObject): boolean {
	const {resourceVersion: _a, ...a} = old.metadata;
	const {resourceVersion: _b, ...b} = next.metadata;
	return deepEqual({...old, metadata: a}, {...next, metadata: b});
}

/** The last instant a JavaScript date can hold. */
const LAST_DATE_MS = 8.64e15;

/**
 * Defaults an object, then validates it. Validation reads types before it trusts them; defaults
 * do not, so an object whose defaulting throws (a null where a quantity belongs) is answered
 * with what validation finds in it as written.
 */
function defaultAndValidate(k: KindInfo, obj: KObject, old?: KObject): Cause[] {
	try {
		k.api?.defaults?.(obj);
	} catch (e) {
		const causes = validateObject(k, obj, old);
		if (causes.length) return causes;
		throw errors.badRequest(`${k.kind} ${JSON.stringify(obj.metadata?.name ?? '')} cannot be handled: ${e instanceof Error ? e.message : String(e)}`);
	}
	return validateObject(k, obj, old);
}
