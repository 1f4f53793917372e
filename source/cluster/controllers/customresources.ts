// The apiextensions controllers: a CustomResourceDefinition's names are accepted unless another
// definition of its group holds them (NamesAccepted), then it is Established and its kind is
// served; a deleted definition is Terminating until every object of its kind is gone, then its
// cleanup finalizer is removed and the kind is no longer served. The aggregator's side: an
// APIService for every built-in group version from the start, and one for each served version of
// an established definition while some definition serves it (the CRD autoregistration).
import type {KObject} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {KINDS, kindInfo, serveCustomKind, unserveCustomKind} from '../../kinds/index.js';
import {CLEANUP_FINALIZER, type CrdCondition, type CrdNames, type CustomResourceDefinition} from '../../kinds/crd/api.js';
import {customKind} from '../../kinds/crd/custom.js';
import {AUTOMANAGED_LABEL, CRD_PRIORITY, apiServiceName, builtInApiServices, localApiService, type APIService} from '../../kinds/apiservice/index.js';
import {deepEqual} from '../core/json.js';
import {Rng} from '../core/rng.js';

const CRD = 'CustomResourceDefinition';
const API_SERVICE = 'APIService';
/** The key of the APIService reconcile (one for every definition). */
const REGISTRATION = '<apiservices>';

function condition(type: string, status: CrdCondition['status'], reason: string, message: string, now: string, before?: CrdCondition[]): CrdCondition {
	const old = before?.find(c => c.type === type);
	const lastTransitionTime = old && old.status === status ? (old.lastTransitionTime ?? now) : now;
	return {type, status, lastTransitionTime, reason, message};
}

/** Sets one condition in a list, keeping the others in their order. */
function withCondition(list: CrdCondition[], c: CrdCondition): CrdCondition[] {
	const i = list.findIndex(x => x.type === c.type);
	if (i < 0) return [...list, c];
	const out = [...list];
	out[i] = c;
	return out;
}

export class CustomResourceDefinitionController implements Reconciler {
	readonly name = 'customresourcedefinition';
	/** The kind each definition serves now, by definition name. */
	private readonly served = new Map<string, string>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch(CRD, (_type, crd) => {
			ctx.runner.enqueue(this, crd.metadata.name);
			// a change of one definition's names may free names another is waiting for
			for (const other of ctx.store.list<CustomResourceDefinition>(CRD)) if (other.metadata.name !== crd.metadata.name) ctx.runner.enqueue(this, other.metadata.name);
			ctx.runner.enqueue(this, REGISTRATION);
		});
		// the built-in APIServices come with the first reconcile (after a resumed cluster's objects are loaded)
		ctx.runner.enqueue(this, REGISTRATION);
	}

	/** The built-in APIServices, created once (a resumed cluster has them already). */
	private registerBuiltIns(): void {
		const {api, store, clock} = this.ctx;
		// their uids come from a generator of their own, so the cluster's seeded sequence is untouched
		const uids = new Rng(0xa9150);
		for (const s of builtInApiServices(KINDS)) {
			const uid = uids.uuid();
			if (store.get(API_SERVICE, undefined, s.metadata.name)) continue;
			for (const c of s.status?.conditions ?? []) c.lastTransitionTime = clock.iso();
			api.create(s, {trusted: true, uid});
		}
	}

	sync(key: string): void {
		if (key === REGISTRATION) return this.syncApiServices();
		const {store, api, clock} = this.ctx;
		const crd = store.get<CustomResourceDefinition>(CRD, undefined, key);
		if (!crd) {
			this.stopServing(key);
			return;
		}
		const now = clock.iso();
		const conditions = crd.status?.conditions ?? [];
		if (crd.metadata.deletionTimestamp) return this.finalize(crd, now);

		const conflict = this.conflict(crd);
		let next = conditions;
		let accepted = crd.status?.acceptedNames ?? {plural: '', kind: ''};
		const wasEstablished = conditions.some(c => c.type === 'Established' && c.status === 'True');
		if (!conflict) {
			accepted = acceptedNames(crd.spec.names);
			next = withCondition(next, condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', now, conditions));
			if (!wasEstablished) next = withCondition(next, condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', now, conditions));
		} else {
			next = withCondition(next, condition('NamesAccepted', 'False', conflict.reason, conflict.message, now, conditions));
			if (!wasEstablished) next = withCondition(next, condition('Established', 'False', 'NotAccepted', 'not all names are accepted', now, conditions));
		}
		const status = {...crd.status, conditions: next, acceptedNames: accepted};
		const current = deepEqual(status, crd.status) ? crd : api.setStatus(crd, status);
		if (next.some(c => c.type === 'Established' && c.status === 'True')) this.serve(current as CustomResourceDefinition);
	}

	/** Why a definition's names cannot be accepted: another definition of its group that was there first holds one. */
	private conflict(crd: CustomResourceDefinition): {reason: string; message: string} | undefined {
		const names = crd.spec.names;
		if (kindInfo(names.kind) && !this.servedBy(names.kind, crd.metadata.name) && KINDS.some(k => k.kind === names.kind))
			return {reason: 'KindConflict', message: `${JSON.stringify(names.kind)} is already in use`};
		for (const other of this.ctx.store.list<CustomResourceDefinition>(CRD)) {
			if (other.metadata.name === crd.metadata.name || other.spec.group !== crd.spec.group) continue;
			const theirs = other.status?.acceptedNames;
			if (!theirs?.plural) continue;
			if (theirs.plural === names.plural || theirs.singular === names.plural) return {reason: 'PluralConflict', message: `${JSON.stringify(names.plural)} is already in use`};
			if (names.singular && (theirs.plural === names.singular || theirs.singular === names.singular))
				return {reason: 'SingularConflict', message: `${JSON.stringify(names.singular)} is already in use`};
			for (const s of names.shortNames ?? [])
				if ((theirs.shortNames ?? []).includes(s)) return {reason: 'ShortNamesConflict', message: `${JSON.stringify(s)} is already in use`};
			if (theirs.kind === names.kind) return {reason: 'KindConflict', message: `${JSON.stringify(names.kind)} is already in use`};
			if (names.listKind && theirs.listKind === names.listKind) return {reason: 'ListKindConflict', message: `${JSON.stringify(names.listKind)} is already in use`};
		}
		return undefined;
	}

	private servedBy(kind: string, crdName: string): boolean {
		return this.served.get(crdName) === kind;
	}

	private serve(crd: CustomResourceDefinition): void {
		const kind = crd.spec.names.kind;
		const before = this.served.get(crd.metadata.name);
		if (before && before !== kind) unserveCustomKind(before, this);
		if (serveCustomKind(customKind(crd), this)) this.served.set(crd.metadata.name, kind);
	}

	private stopServing(name: string): void {
		const kind = this.served.get(name);
		if (kind) unserveCustomKind(kind, this);
		this.served.delete(name);
	}

	/** A deleted definition: its objects are deleted, then its finalizer goes. */
	private finalize(crd: CustomResourceDefinition, now: string): void {
		const {store, api, runner} = this.ctx;
		const conditions = crd.status?.conditions ?? [];
		const kind = this.served.get(crd.metadata.name);
		const left = kind ? store.list(kind) : [];
		for (const obj of left) {
			if (obj.metadata.deletionTimestamp) continue;
			try {
				api.delete(kind!, obj.metadata.namespace, obj.metadata.name);
			} catch {
				// gone meanwhile
			}
		}
		const remaining = kind ? store.list(kind).length : 0;
		const terminating =
			remaining > 0
				? condition('Terminating', 'True', 'InstanceDeletionInProgress', 'CustomResource deletion is in progress', now, conditions)
				: condition('Terminating', 'True', 'InstanceDeletionCompleted', `removed all instances`, now, conditions);
		let current: KObject = crd;
		const next = withCondition(conditions, terminating);
		if (!deepEqual(next, conditions)) current = api.setStatus(crd, {...crd.status, conditions: next});
		if (remaining > 0) {
			runner.enqueueAfter(this, crd.metadata.name, 1000);
			return;
		}
		this.stopServing(crd.metadata.name);
		if ((current.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) api.removeFinalizer(current, CLEANUP_FINALIZER);
	}

	/** One APIService for each group version that an established definition serves; none for those no definition serves. */
	private syncApiServices(): void {
		const {store, api} = this.ctx;
		this.registerBuiltIns();
		const wanted = new Map<string, {group: string; version: string}>();
		for (const crd of store.list<CustomResourceDefinition>(CRD)) {
			if (!crd.status?.conditions?.some(c => c.type === 'Established' && c.status === 'True')) continue;
			for (const v of crd.spec.versions) if (v.served) wanted.set(apiServiceName(crd.spec.group, v.name), {group: crd.spec.group, version: v.name});
		}
		for (const [name, gv] of wanted)
			if (!store.get(API_SERVICE, undefined, name)) api.create(localApiService(gv.group, gv.version, 'true', CRD_PRIORITY), {trusted: true});
		for (const s of store.list<APIService>(API_SERVICE))
			if (s.metadata.labels?.[AUTOMANAGED_LABEL] === 'true' && !wanted.has(s.metadata.name)) api.removeNow(s);
	}
}

function acceptedNames(names: CrdNames): Partial<CrdNames> {
	return {
		plural: names.plural,
		singular: names.singular,
		...(names.shortNames?.length ? {shortNames: names.shortNames} : {}),
		kind: names.kind,
		listKind: names.listKind,
		...(names.categories?.length ? {categories: names.categories} : {}),
	};
}
