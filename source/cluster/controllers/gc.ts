// The garbage collector: when an owner is gone its dependents go too (background); an owner
// deleted in the foreground waits for its dependents before it goes; orphaning strips the
// owner reference from dependents instead.
import type {KObject, ObjectMeta} from '../types.js';
import {FOREGROUND_FINALIZER, ORPHAN_FINALIZER} from '../api/apiserver.js';
import type {ControllerContext} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';

export class GarbageCollector implements Reconciler {
	readonly name = 'garbage-collector';
	/** uid -> owner identity, for owners that are being deleted in the foreground. */
	private foreground = new Map<string, {kind: string; namespace?: string; name: string}>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('*', (type, obj) => {
			const uid = obj.metadata.uid;
			if (!uid) return;
			if (type === 'DELETED') {
				this.foreground.delete(uid);
				if (ctx.store.dependents(uid).length) ctx.runner.enqueue(this, `gone:${uid}`);
				// a dependent of a foreground deletion went away: check its owners
				for (const o of obj.metadata.ownerReferences ?? []) if (this.foreground.has(o.uid)) ctx.runner.enqueue(this, `fg:${o.uid}`);
				return;
			}
			const f = obj.metadata.finalizers;
			if (obj.metadata.deletionTimestamp && f && (f.includes(FOREGROUND_FINALIZER) || f.includes(ORPHAN_FINALIZER))) {
				this.foreground.set(uid, {kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name});
				ctx.runner.enqueue(this, `fg:${uid}`);
			}
		});
	}

	sync(key: string): void {
		const {store, api} = this.ctx;
		const uid = key.slice(key.indexOf(':') + 1);
		if (key.startsWith('gone:')) {
			for (const d of store.dependents(uid)) {
				const others = (d.metadata.ownerReferences ?? []).filter(o => o.uid !== uid && this.ownerExists(d, o));
				if (others.length) {
					const cur = store.get(d.kind, d.metadata.namespace, d.metadata.name);
					if (cur) api.replace(cur, {...cur, metadata: {...cur.metadata, ownerReferences: cur.metadata.ownerReferences?.filter(o => o.uid !== uid)}});
				} else if (!d.metadata.deletionTimestamp) {
					this.deleteQuietly(d, 'Background');
				}
			}
			return;
		}
		const who = this.foreground.get(uid);
		if (!who) return;
		const owner = store.get(who.kind, who.namespace, who.name);
		if (!owner || owner.metadata.uid !== uid) return;
		const finalizers = owner.metadata.finalizers ?? [];
		if (finalizers.includes(ORPHAN_FINALIZER)) {
			for (const d of store.dependents(uid)) {
				const cur = store.get(d.kind, d.metadata.namespace, d.metadata.name);
				if (!cur) continue;
				const refs = cur.metadata.ownerReferences?.filter(o => o.uid !== uid) ?? [];
				const meta: ObjectMeta = {...cur.metadata, ownerReferences: refs};
				if (!refs.length) delete meta.ownerReferences;
				api.replace(cur, {...cur, metadata: meta});
			}
			api.removeFinalizer(owner, ORPHAN_FINALIZER);
			return;
		}
		const dependents = store.dependents(uid);
		if (!dependents.length) {
			api.removeFinalizer(owner, FOREGROUND_FINALIZER);
			return;
		}
		for (const d of dependents) if (!d.metadata.deletionTimestamp) this.deleteQuietly(d, 'Foreground');
	}

	private ownerExists(d: KObject, o: {kind: string; name: string; uid: string}): boolean {
		const info = this.ctx.api.kind(o.kind);
		const owner = this.ctx.store.get(info.kind, info.namespaced ? d.metadata.namespace : undefined, o.name);
		return !!owner && owner.metadata.uid === o.uid;
	}

	private deleteQuietly(d: KObject, propagationPolicy: 'Background' | 'Foreground'): void {
		try {
			this.ctx.api.delete(d.kind, d.metadata.namespace, d.metadata.name, {propagationPolicy, preconditions: {uid: d.metadata.uid}});
		} catch {
			// already gone or replaced: nothing to collect
		}
	}
}
