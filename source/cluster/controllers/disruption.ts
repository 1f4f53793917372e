// The disruption controller: keeps each PodDisruptionBudget's status (currentHealthy,
// desiredHealthy, expectedPods, disruptionsAllowed and the DisruptionAllowed condition) in step
// with the pods it selects. minAvailable as an integer counts the selected pods; a percentage,
// or maxUnavailable, is taken of the replicas their controllers ask for. The eviction API reads
// disruptionsAllowed.
import type {Condition, Deployment, IntOrString, LabelSelector, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus, ReplicaSet, ReplicationController, StatefulSet} from '../types.js';
import {fromLabelSelector, matches} from '../core/selectors.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {controllerOf} from '../core/owners.js';
import {isPodReady} from '../core/pods.js';
import {watchKind} from '../core/objects.js';

const SOURCE = {component: 'controllermanager'};

/** What every status the controller writes has (upstream always sends them). */
type Counts = Required<Pick<PodDisruptionBudgetStatus, 'disruptionsAllowed' | 'currentHealthy' | 'desiredHealthy' | 'expectedPods'>>;

/** An IntOrString budget against a total: integers as they are, percentages rounded up. */
function scaled(v: IntOrString, total: number): number {
	if (typeof v === 'number') return v;
	const m = /^(\d+)%$/.exec(v);
	if (!m) return Number(v) || 0;
	return Math.ceil((Number(m[1]) * total) / 100);
}

class PdbError extends Error {}

/** A LabelSelector as Go's %v prints it. */
function goSelector(sel: LabelSelector | undefined): string {
	const matchLabels = sel?.matchLabels ?? {};
	const labels = Object.keys(matchLabels)
		.sort()
		.map(k => `${k}: ${matchLabels[k]},`)
		.join('');
	const exprs = (sel?.matchExpressions ?? []).map(e => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
	return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

export class DisruptionController implements Reconciler {
	readonly name = 'disruption';

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		watchKind<PodDisruptionBudget>(ctx.store, 'PodDisruptionBudget', (type, pdb, old) => {
			if (type === 'DELETED') return;
			if (type === 'MODIFIED' && old && old.spec === pdb.spec && old.metadata.deletionTimestamp === pdb.metadata.deletionTimestamp) return;
			ctx.runner.enqueue(this, `${pdb.metadata.namespace}/${pdb.metadata.name}`);
		});
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			if (
				type === 'MODIFIED' &&
				old &&
				old.metadata.labels === pod.metadata.labels &&
				isPodReady(old) === isPodReady(pod) &&
				old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
				old.status?.phase === pod.status?.phase
			)
				return;
			if (!ctx.store.count('PodDisruptionBudget', pod.metadata.namespace)) return;
			for (const pdb of ctx.store.list<PodDisruptionBudget>('PodDisruptionBudget', {namespace: pod.metadata.namespace})) {
				const sel = fromLabelSelector(pdb.spec?.selector);
				if (matches(sel, pod.metadata.labels) || (old && matches(sel, old.metadata.labels))) ctx.runner.enqueue(this, `${pdb.metadata.namespace}/${pdb.metadata.name}`);
			}
		});
		// the replicas a controller asks for set expectedPods
		const onScale = (type: string, obj: Deployment | ReplicaSet | StatefulSet, old: Deployment | ReplicaSet | StatefulSet | undefined) => {
			if (type === 'MODIFIED' && old && old.spec?.replicas === obj.spec?.replicas) return;
			if (!ctx.store.count('PodDisruptionBudget', obj.metadata.namespace)) return;
			for (const pdb of ctx.store.list('PodDisruptionBudget', {namespace: obj.metadata.namespace})) ctx.runner.enqueue(this, `${pdb.metadata.namespace}/${pdb.metadata.name}`);
		};
		for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet'] as const) watchKind(ctx.store, kind, onScale);
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, events} = this.ctx;
		const pdb = store.get<PodDisruptionBudget>('PodDisruptionBudget', ns, name);
		if (!pdb || pdb.metadata.deletionTimestamp) return;
		// policy/v1: an empty selector selects every pod of the namespace, a missing one none
		const pods = pdb.spec?.selector ? store.list<Pod>('Pod', {namespace: ns, labels: fromLabelSelector(pdb.spec.selector)}) : [];
		if (!pods.length) events.record(pdb, 'Normal', 'NoPods', 'No matching pods found', SOURCE);
		let expected = 0;
		let desired = 0;
		try {
			({expected, desired} = this.expectedCount(pdb, pods));
		} catch (err) {
			if (!(err instanceof PdbError)) throw err;
			events.record(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err.message}`, SOURCE);
			// no disruption is allowed; the counts stay as they were (zero when there are none yet)
			const s = pdb.status;
			this.write(pdb, {...s, disruptionsAllowed: 0, currentHealthy: s?.currentHealthy ?? 0, desiredHealthy: s?.desiredHealthy ?? 0, expectedPods: s?.expectedPods ?? 0}, 'False', 'SyncFailed', err.message);
			return;
		}
		let healthy = 0;
		for (const p of pods) if (!p.metadata.deletionTimestamp && isPodReady(p)) healthy++;
		let allowed = healthy - desired;
		if (expected <= 0 || allowed <= 0) allowed = 0;
		const status: PodDisruptionBudgetStatus & Counts = {
			observedGeneration: pdb.metadata.generation,
			...(pdb.status?.disruptedPods ? {disruptedPods: pdb.status.disruptedPods} : {}),
			disruptionsAllowed: allowed,
			currentHealthy: healthy,
			desiredHealthy: desired,
			expectedPods: expected,
		};
		this.write(pdb, status, allowed > 0 ? 'True' : 'False', allowed > 0 ? 'SufficientPods' : 'InsufficientPods', '');
	}

	private write(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus & Counts, condStatus: 'True' | 'False', reason: string, message: string): void {
		const prev: Condition[] = pdb.status?.conditions ?? [];
		const old = prev.find(c => c.type === 'DisruptionAllowed');
		const iso = this.ctx.clock.iso();
		const cond: Condition = {
			type: 'DisruptionAllowed',
			status: condStatus,
			observedGeneration: status.observedGeneration ?? pdb.metadata.generation,
			lastTransitionTime: old && old.status === condStatus ? old.lastTransitionTime : iso,
			reason,
			message,
		};
		const conditions = [...prev.filter(c => c.type !== 'DisruptionAllowed'), cond];
		const next: PodDisruptionBudgetStatus = {...status, conditions};
		if (JSON.stringify(next) !== JSON.stringify(pdb.status ?? {})) this.ctx.api.setStatus(pdb, next);
	}

	/** expectedPods and desiredHealthy from minAvailable or maxUnavailable. */
	private expectedCount(pdb: PodDisruptionBudget, pods: Pod[]): {expected: number; desired: number} {
		const minAvailable = pdb.spec?.minAvailable;
		const maxUnavailable = pdb.spec?.maxUnavailable;
		if (maxUnavailable !== undefined && maxUnavailable !== null) {
			const expected = this.scaleOf(pdb, pods);
			return {expected, desired: Math.max(0, expected - scaled(maxUnavailable, expected))};
		}
		if (minAvailable !== undefined && minAvailable !== null) {
			if (typeof minAvailable === 'number') return {expected: pods.length, desired: minAvailable};
			const expected = this.scaleOf(pdb, pods);
			return {expected, desired: scaled(minAvailable, expected)};
		}
		return {expected: 0, desired: 0};
	}

	/** The replicas wanted by the controllers of the pods (each controller counted once). */
	private scaleOf(pdb: PodDisruptionBudget, pods: Pod[]): number {
		const {store, events} = this.ctx;
		const seen = new Map<string, number>();
		const unmanaged: string[] = [];
		for (const p of pods) {
			const ref = controllerOf(p);
			if (!ref) {
				unmanaged.push(p.metadata.name);
				continue;
			}
			let owner: Deployment | ReplicaSet | StatefulSet | ReplicationController | undefined;
			if (ref.kind === 'ReplicaSet') {
				const rs = store.get<ReplicaSet>('ReplicaSet', p.metadata.namespace, ref.name);
				if (rs && rs.metadata.uid === ref.uid) {
					const dref = controllerOf(rs);
					const d = dref?.kind === 'Deployment' ? store.get<Deployment>('Deployment', p.metadata.namespace, dref.name) : undefined;
					owner = d && d.metadata.uid === dref!.uid ? d : dref ? undefined : rs;
				}
			} else if (ref.kind === 'StatefulSet' || ref.kind === 'ReplicationController') {
				const o = store.get<StatefulSet | ReplicationController>(ref.kind, p.metadata.namespace, ref.name);
				if (o && o.metadata.uid === ref.uid) owner = o;
			}
			if (!owner) throw new PdbError(`found no controllers for pod "${p.metadata.name}"`);
			seen.set(owner.metadata.uid!, owner.spec?.replicas ?? 1);
		}
		if (unmanaged.length) {
			const selector = goSelector(pdb.spec?.selector);
			events.record(
				pdb,
				'Warning',
				'UnmanagedPods',
				`Pods selected by this PodDisruptionBudget (selector: ${selector}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
				SOURCE,
			);
		}
		let total = 0;
		for (const n of seen.values()) total += n;
		return total;
	}
}
