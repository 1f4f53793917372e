// The ClusterRole aggregation controller: a ClusterRole with an aggregationRule gets, as its
// rules, every distinct rule of the ClusterRoles its selectors pick (by name order), kept up to
// date as those roles and their labels change.
import type {ClusterRole, PolicyRule} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {matches, parseLabelSelector} from '../core/selectors.js';
import {selectorString} from '../../kinds/format.js';
import {deepEqual} from '../core/json.js';

export class ClusterRoleAggregationController implements Reconciler {
	readonly name = 'clusterrole-aggregation';

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		// any change of any ClusterRole may change what an aggregated role selects
		ctx.store.watch('ClusterRole', () => {
			for (const r of ctx.store.list<ClusterRole>('ClusterRole')) if (r.aggregationRule) ctx.runner.enqueue(this, r.metadata.name);
		});
	}

	sync(key: string): void {
		const {store, api} = this.ctx;
		const role = store.get<ClusterRole>('ClusterRole', undefined, key);
		if (!role?.aggregationRule) return;
		const all = store.list<ClusterRole>('ClusterRole').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
		const rules: PolicyRule[] = [];
		for (const sel of role.aggregationRule.clusterRoleSelectors ?? []) {
			const parsed = parseLabelSelector(selectorString(sel));
			for (const other of all) {
				if (other.metadata.name === role.metadata.name || !matches(parsed, other.metadata.labels)) continue;
				for (const r of other.rules ?? []) if (!rules.some(x => deepEqual(x, r))) rules.push(structuredClone(r));
			}
		}
		if (deepEqual(role.rules ?? [], rules)) return;
		api.replace(role, {...role, metadata: {...role.metadata}, rules});
	}
}
