// Namespaces: each new one gets its `default` ServiceAccount; a deleted one is emptied of every
// namespaced object, then removed.
import {servedKinds} from '../../kinds/index.js';
import type {Namespace} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';

export class NamespaceController implements Reconciler {
	readonly name = 'namespace';

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('Namespace', (type, ns) => {
			if (type !== 'DELETED') ctx.runner.enqueue(this, ns.metadata.name);
		});
	}

	sync(name: string): void {
		const {store, api, runner} = this.ctx;
		const ns = store.get<Namespace>('Namespace', undefined, name);
		if (!ns) return;
		if (!ns.metadata.deletionTimestamp) {
			if (!store.get('ServiceAccount', name, 'default'))
				api.create({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: name}}, {trusted: true});
			return;
		}
		let left = 0;
		for (const k of servedKinds()) {
			if (!k.namespaced) continue;
			for (const obj of store.list(k.kind, {namespace: name})) {
				left++;
				if (!obj.metadata.deletionTimestamp) {
					try {
						api.delete(k.kind, name, obj.metadata.name);
					} catch {
						// gone meanwhile
					}
				}
			}
		}
		if (left === 0) api.removeNow(ns);
		else runner.enqueueAfter(this, name, 1000);
	}
}
