// The HorizontalPodAutoscaler controller (autoscaling/v2): every 15 s of virtual time it reads
// each HPA's target through the scale subresource, turns the pods' metrics into a replica
// recommendation per metric (the largest wins), stabilizes it over the behavior's windows,
// bounds it by the scaling policies and [minReplicas, maxReplicas], writes the new scale and
// reports what it saw in status, conditions and events, with the upstream wording.
import type {
	Condition,
	ContainerResourceMetricSource,
	CrossVersionObjectReference,
	HorizontalPodAutoscaler,
	HorizontalPodAutoscalerStatus,
	HPAScalingRules,
	LabelSelector,
	MetricSpec,
	MetricStatus,
	MetricTarget,
	MetricValueStatus,
	Pod,
	ResourceMetricSource,
	Scale,
} from '../../types.js';
import type {MetricsPipeline} from '../../metrics/metrics.js';
import {parseLabelSelector} from '../../core/selectors.js';
import {parseQuantity} from '../../core/quantity.js';
import {setCondition} from '../../core/conditions.js';
import type {ControllerContext} from '../../core/context.js';
import {splitKey} from '../../core/context.js';
import type {Reconciler} from '../../core/runner.js';
import {watchKind} from '../../core/objects.js';
import {plainReplicas, utilizationReplicas, type PodSample} from './replicas.js';

export {TOLERANCE, utilizationReplicas, type PodSample} from './replicas.js';

export const HPA_SYNC_MS = 15_000;
/** A sample older than this is treated as missing (its node stopped reporting). */
const STALE_MS = 2 * 60_000;
/** Samples kept per HPA for charts (an hour at one sync per 15 s). */
const HISTORY = 240;
const KIND = 'HorizontalPodAutoscaler';
const SOURCE = {component: 'horizontal-pod-autoscaler'};

export interface HpaSample {
	/** Virtual wall time (epoch ms) of the sync. */
	time: number;
	/** Replicas of the target when the sync started. */
	replicas: number;
	/** What the controller settled on (after stabilization, policies and limits). */
	desired: number;
	/** The raw recommendation of the metrics before stabilization and limits (undefined when none). */
	recommended?: number;
	/** Current value of the first metric: a utilization percentage, or an average value in base units (cores, bytes). */
	utilization?: number;
	/** The first metric's target, in the same unit. */
	target?: number;
}

interface ScalingRule {
	stabilizationWindowSeconds: number;
	selectPolicy: string;
	policies: Array<{type: string; value: number; periodSeconds: number}>;
}

interface Recommendation {
	replicas: number;
	at: number;
}

interface ScaleEvent {
	change: number;
	at: number;
}

interface State {
	uid: string;
	recommendations: Recommendation[];
	ups: ScaleEvent[];
	downs: ScaleEvent[];
	history: HpaSample[];
}

/** The condition a metric that gives no proposal sets (ScalingActive False). */
type MetricCondition = {type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message: string};

/** What one metric proposes (with its status `S`), or why it could not. */
type Outcome<S> =
	| {ok: true; replicas: number; name: string; status: S; value?: number; target?: number}
	| {ok: false; error: string; condition?: MetricCondition; status?: S; target?: number};

/** A metric's proposal, with its entry of status.currentMetrics. */
type Proposal = Outcome<MetricStatus>;


const DEFAULT_UP: ScalingRule = {
	stabilizationWindowSeconds: 0,
	selectPolicy: 'Max',
	policies: [
		{type: 'Pods', value: 4, periodSeconds: 15},
		{type: 'Percent', value: 100, periodSeconds: 15},
	],
};

const DEFAULT_DOWN: ScalingRule = {
	stabilizationWindowSeconds: 300,
	selectPolicy: 'Max',
	policies: [{type: 'Percent', value: 100, periodSeconds: 15}],
};

export class HorizontalPodAutoscalerController implements Reconciler {
	readonly name = 'horizontalpodautoscaler';
	private states = new Map<string, State>();

	constructor(
		private readonly ctx: ControllerContext,
		private readonly metrics: MetricsPipeline,
	) {
		ctx.runner.register(this);
		watchKind<HorizontalPodAutoscaler>(ctx.store, KIND, (type, hpa, old) => {
			const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
			if (type === 'DELETED') {
				this.states.delete(key);
				return;
			}
			// a new HPA or a changed spec syncs now; status writes (ours) wait for the period
			if (type === 'ADDED' || !old || old.metadata.generation !== hpa.metadata.generation || old.metadata.uid !== hpa.metadata.uid) ctx.runner.enqueue(this, key);
		});
		const tick = () => {
			const keys = ctx.store.list(KIND).map(h => `${h.metadata.namespace}/${h.metadata.name}`);
			keys.sort();
			for (const key of keys) ctx.runner.enqueue(this, key);
			ctx.clock.after(HPA_SYNC_MS, tick);
		};
		ctx.clock.after(HPA_SYNC_MS, tick);
	}

	/** The recent syncs of an HPA, oldest first (for charts). */
	history(namespace: string, name: string): HpaSample[] {
		return [...(this.states.get(`${namespace}/${name}`)?.history ?? [])];
	}

	private state(key: string, hpa: HorizontalPodAutoscaler): State {
		let s = this.states.get(key);
		if (!s || s.uid !== hpa.metadata.uid) {
			s = {uid: hpa.metadata.uid!, recommendations: [], ups: [], downs: [], history: []};
			this.states.set(key, s);
		}
		return s;
	}

	sync(key: string): void {
		const [ns, name] = splitKey(key);
		const {store, api, clock, events} = this.ctx;
		const hpa = store.get<HorizontalPodAutoscaler>(KIND, ns, name);
		if (!hpa || hpa.metadata.deletionTimestamp) return;
		const state = this.state(key, hpa);
		const now = clock.now();
		const spec = hpa.spec ?? {};
		const old: Partial<HorizontalPodAutoscalerStatus> = hpa.status ?? {};
		let conditions: Condition[] = old.conditions ?? [];
		const set = (type: string, status: 'True' | 'False', reason: string, message: string) => {
			conditions = setCondition(conditions, {type, status, reason, message, lastTransitionTime: clock.iso()});
		};
		const write = (status: Partial<HorizontalPodAutoscalerStatus> & {desiredReplicas: number}) => {
			const next = clean({...status, observedGeneration: hpa.metadata.generation, conditions});
			if (JSON.stringify(next) !== JSON.stringify(hpa.status ?? {})) api.setStatus(store.get<HorizontalPodAutoscaler>(KIND, ns, name)!, next);
		};
		const record = (sample: Omit<HpaSample, 'time'>) => {
			state.history.push({time: now, ...sample});
			if (state.history.length > HISTORY) state.history.splice(0, state.history.length - HISTORY);
		};

		// the target, through its scale subresource
		const ref = spec.scaleTargetRef ?? {};
		let scale: Scale;
		let targetKind: string;
		let targetName: string;
		try {
			({scale, kind: targetKind, name: targetName} = this.scaleOf(ref, ns!));
		} catch (err) {
			const msg = messageOf(err);
			events.record(hpa, 'Warning', 'FailedGetScale', msg, SOURCE);
			set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${msg}`);
			write({...old, desiredReplicas: old.desiredReplicas ?? 0, conditions: undefined});
			return;
		}
		set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
		const currentReplicas = scale.spec?.replicas ?? 0;
		if (!state.recommendations.length) state.recommendations.push({replicas: currentReplicas, at: now});

		const minReplicas = spec.minReplicas ?? 1;
		const maxReplicas = spec.maxReplicas ?? Math.max(1, minReplicas);
		const metricSpecs: MetricSpec[] = Array.isArray(spec.metrics) && spec.metrics.length ? spec.metrics : [{type: 'Resource', resource: {name: 'cpu', target: {type: 'Utilization', averageUtilization: 80}}}];
		let desired = 0;
		let reason = '';
		let rescale = true;
		let currentMetrics: MetricStatus[] | undefined;
		let recommended: number | undefined;
		let firstValue: number | undefined;
		let firstTarget: number | undefined;

		if (currentReplicas === 0 && minReplicas !== 0) {
			rescale = false;
			set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
		} else if (currentReplicas > maxReplicas) {
			reason = 'Current number of replicas above Spec.MaxReplicas';
			desired = maxReplicas;
		} else if (currentReplicas < minReplicas) {
			reason = 'Current number of replicas below Spec.MinReplicas';
			desired = minReplicas;
		} else {
			const selector = scale.status?.selector ?? '';
			if (!selector) {
				events.record(hpa, 'Warning', 'SelectorRequired', 'selector is required', SOURCE);
				set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
				write({...old, currentReplicas, desiredReplicas: old.desiredReplicas ?? 0, conditions: undefined});
				record({replicas: currentReplicas, desired: currentReplicas});
				return;
			}
			const pods = store.list<Pod>('Pod', {namespace: ns, labels: parseLabelSelector(selector)});
			pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));

			let proposal = 0;
			let metricName = '';
			let invalid = 0;
			let firstError = '';
			let firstCondition: MetricCondition | undefined;
			const statuses: MetricStatus[] = [];
			metricSpecs.forEach((m, i) => {
				const p = this.proposal(hpa, m, currentReplicas, pods, now);
				statuses.push(p.status ?? {type: ''});
				if (i === 0) {
					firstTarget = p.target;
					if (p.ok) firstValue = p.value;
				}
				if (!p.ok) {
					if (!invalid) {
						firstError = p.error;
						firstCondition = p.condition;
					}
					invalid++;
					return;
				}
				if (proposal === 0 || p.replicas > proposal) {
					proposal = p.replicas;
					metricName = p.name;
				}
			});
			currentMetrics = statuses;
			if (invalid >= metricSpecs.length || (invalid > 0 && proposal < currentReplicas)) {
				if (firstCondition) set(firstCondition.type, firstCondition.status as 'True' | 'False', firstCondition.reason, firstCondition.message);
				write({...old, currentReplicas, desiredReplicas: old.desiredReplicas ?? 0, currentMetrics, conditions: undefined});
				events.record(hpa, 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (${invalid} invalid out of ${metricSpecs.length}), first error is: ${firstError}`, SOURCE);
				record({replicas: currentReplicas, desired: currentReplicas, utilization: firstValue, target: firstTarget});
				return;
			}
			set('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metricName}`);
			recommended = proposal;
			desired = proposal;
			if (desired > currentReplicas) reason = `${metricName} above target`;
			if (desired < currentReplicas) reason = 'All metrics below target';
			desired = this.normalize(hpa, state, currentReplicas, desired, minReplicas, maxReplicas, now, set);
			rescale = desired !== currentReplicas;
		}

		if (rescale) {
			try {
				api.setScale(targetKind, ns, targetName, desired);
			} catch (err) {
				const msg = messageOf(err);
				events.record(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${msg}`, SOURCE);
				set('AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${msg}`);
				write({...old, currentReplicas, desiredReplicas: old.desiredReplicas ?? 0, currentMetrics, conditions: undefined});
				record({replicas: currentReplicas, desired: currentReplicas, recommended, utilization: firstValue, target: firstTarget});
				return;
			}
			set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
			events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, SOURCE);
			this.storeScaleEvent(hpa, state, currentReplicas, desired, now);
		} else {
			desired = currentReplicas;
		}
		write({
			lastScaleTime: rescale ? clock.iso() : old.lastScaleTime,
			currentReplicas,
			desiredReplicas: desired,
			currentMetrics,
		});
		record({replicas: currentReplicas, desired, recommended, utilization: firstValue, target: firstTarget});
	}

	// ------------------------------------------------------------------ the target

	private scaleOf(ref: Partial<CrossVersionObjectReference>, namespace: string): {scale: Scale; kind: string; name: string} {
		const {api} = this.ctx;
		const apiVersion = String(ref.apiVersion ?? '');
		const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
		let k;
		try {
			k = api.kind(String(ref.kind ?? ''));
		} catch {
			k = undefined;
		}
		if (!k || k.kind !== ref.kind || (apiVersion && k.group !== group)) throw new Error(`no matches for kind "${ref.kind}" in group "${group}"`);
		const resource = `${k.plural}/scale${k.group ? `.${k.group}` : ''}`;
		const name = ref.name;
		if (name === undefined || !api.find(k.kind, namespace, name)) throw new Error(`${resource} "${name}" not found`);
		// the scale subresource answers an autoscaling/v1 Scale
		return {scale: api.getScale(k.kind, namespace, name) as Scale, kind: k.kind, name};
	}

	// ------------------------------------------------------------------ metrics

	private proposal(hpa: HorizontalPodAutoscaler, m: MetricSpec, currentReplicas: number, pods: Pod[], now: number): Proposal {
		const type = m?.type;
		switch (type) {
			case 'Resource': {
				const r: Partial<ResourceMetricSource> = m.resource ?? {};
				const name = String(r.name);
				const p = this.resourceProposal(name, undefined, r.target ?? {}, currentReplicas, pods, now);
				if (p.ok) return {...p, status: {type: 'Resource', resource: {name, current: p.status}}};
				return this.unable(hpa, 'FailedGetResourceMetric', p.error, `failed to get ${r.name} resource metric value: ${p.error}`, p.target);
			}
			case 'ContainerResource': {
				const r: Partial<ContainerResourceMetricSource> = m.containerResource ?? {};
				const name = String(r.name);
				const container = String(r.container);
				const p = this.resourceProposal(name, container, r.target ?? {}, currentReplicas, pods, now);
				if (p.ok) return {...p, status: {type: 'ContainerResource', containerResource: {name, container, current: p.status}}};
				return this.unable(hpa, 'FailedGetContainerResourceMetric', p.error, `failed to get ${r.container} container metric value: ${p.error}`, p.target);
			}
			case 'Pods': {
				const metric = m.pods?.metric?.name ?? '';
				const err = `unable to get metric ${metric}: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
				return this.unable(hpa, 'FailedGetPodsMetric', err, `failed to get pods metric value: ${err}`);
			}
			case 'Object': {
				const metric = m.object?.metric?.name ?? '';
				const obj: Partial<CrossVersionObjectReference> = m.object?.describedObject ?? {};
				const err = `unable to get metric ${metric}: ${obj.kind} on ${hpa.metadata.namespace} ${obj.name}/unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
				return this.unable(hpa, 'FailedGetObjectMetric', err, `failed to get object metric value: ${err}`);
			}
			case 'External': {
				const metric = m.external?.metric?.name ?? '';
				const err = `unable to get external metric ${hpa.metadata.namespace}/${metric}/${goSelector(m.external?.metric?.selector)}: unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${metric}.external.metrics.k8s.io)`;
				return this.unable(hpa, 'FailedGetExternalMetric', err, `failed to get ${metric} external metric value: ${err}`);
			}
			default: {
				const err = `unknown metric source type "${type ?? ''}"`;
				return this.unable(hpa, 'InvalidMetricSourceType', err, err);
			}
		}
	}

	/** The event and the condition of a metric that could not give a proposal. */
	private unable(hpa: HorizontalPodAutoscaler, reason: string, eventMessage: string, error: string, target?: number): Proposal {
		this.ctx.events.record(hpa, 'Warning', reason, eventMessage, SOURCE);
		return {ok: false, error, target, condition: {type: 'ScalingActive', status: 'False', reason, message: `the HPA was unable to compute the replica count: ${eventMessage}`}};
	}

	/** A Resource or ContainerResource metric: Utilization (of the request) or AverageValue. */
	private resourceProposal(resource: string, container: string | undefined, target: Partial<MetricTarget>, currentReplicas: number, pods: Pod[], now: number): Outcome<MetricValueStatus> {
		const prefix = container ? `${resource} container resource` : `${resource} resource`;
		if (target.averageValue !== undefined && target.averageValue !== null) {
			const targetMilli = Math.ceil(parseQuantity(target.averageValue) * 1000);
			const fail = (e: string): Outcome<MetricValueStatus> => ({ok: false, error: `failed to get ${resource} usage: ${e}`, target: targetMilli / 1000});
			const got = this.podMetrics(resource, container, pods, now);
			if (typeof got === 'string') return fail(`unable to get metrics for resource ${resource}: ${got}`);
			const r = plainReplicas(got, pods, resource, currentReplicas, targetMilli, now);
			if (typeof r === 'string') return fail(r);
			return {ok: true, replicas: r.replicas, name: prefix, status: {averageValue: milliQuantity(r.usage)}, value: r.usage / 1000, target: targetMilli / 1000};
		}
		const targetUtilization = target.averageUtilization;
		if (targetUtilization === undefined || targetUtilization === null)
			return {ok: false, error: 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set'};
		const fail = (e: string): Outcome<MetricValueStatus> => ({ok: false, error: `failed to get ${resource} utilization: ${e}`, target: targetUtilization});
		const got = this.podMetrics(resource, container, pods, now);
		if (typeof got === 'string') return fail(`unable to get metrics for resource ${resource}: ${got}`);
		const r = utilizationReplicas(got, pods, resource, container, currentReplicas, targetUtilization, now);
		if (typeof r === 'string') return fail(r);
		return {
			ok: true,
			replicas: r.replicas,
			name: `${prefix} utilization (percentage of request)`,
			status: {averageUtilization: r.utilization, averageValue: milliQuantity(r.raw)},
			value: r.utilization,
			target: targetUtilization,
		};
	}

	/** What the resource metrics API returns for the pods: milli-units per pod, or an error message. */
	private podMetrics(resource: string, container: string | undefined, pods: Pod[], now: number): Map<string, PodSample> | string {
		const out = new Map<string, PodSample>();
		let items = 0;
		for (const pod of pods) {
			const ns = pod.metadata.namespace!;
			const s = this.metrics.latest('Pod', ns, pod.metadata.name);
			if (!s || now - s.timestamp > STALE_MS) continue;
			items++;
			let cpu = s.cpuMilli;
			let mem = s.memoryBytes;
			if (container) {
				const c = this.metrics.containersOf(ns, pod.metadata.name)?.find(x => x.name === container);
				if (!c) return `container ${container} not present in metrics for pod ${ns}/${pod.metadata.name}`;
				cpu = c.cpuMilli;
				mem = c.memoryBytes;
			}
			if (resource === 'cpu') out.set(pod.metadata.name, {value: Math.ceil(cpu), timestamp: s.timestamp});
			else if (resource === 'memory') out.set(pod.metadata.name, {value: Math.round(mem) * 1000, timestamp: s.timestamp});
		}
		if (!items) return 'no metrics returned from resource metrics API';
		return out;
	}

	// ------------------------------------------------------------------ behavior

	/** Stabilization windows, then the scaling policies and [min, max]; sets AbleToScale and ScalingLimited. */
	private normalize(
		hpa: HorizontalPodAutoscaler,
		state: State,
		current: number,
		desired: number,
		min: number,
		max: number,
		now: number,
		set: (type: string, status: 'True' | 'False', reason: string, message: string) => void,
	): number {
		const up = rule(hpa.spec?.behavior?.scaleUp, DEFAULT_UP);
		const down = rule(hpa.spec?.behavior?.scaleDown, DEFAULT_DOWN);

		// stabilization: the lowest recommendation of the up window, the highest of the down window
		const upCutoff = now - up.stabilizationWindowSeconds * 1000;
		const downCutoff = now - down.stabilizationWindowSeconds * 1000;
		let upRec = desired;
		let downRec = desired;
		for (const r of state.recommendations) {
			if (r.at > upCutoff) upRec = Math.min(upRec, r.replicas);
			if (r.at > downCutoff) downRec = Math.max(downRec, r.replicas);
		}
		let stabilized = current;
		if (stabilized < upRec) stabilized = upRec;
		if (stabilized > downRec) stabilized = downRec;
		state.recommendations = state.recommendations.filter(r => !(r.at < upCutoff && r.at < downCutoff));
		state.recommendations.push({replicas: desired, at: now});
		if (stabilized !== desired) {
			if (desired >= current) set('AbleToScale', 'True', 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
			else set('AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
		} else {
			set('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
		}

		// rate limits and bounds
		let result = stabilized;
		let reason = 'DesiredWithinRange';
		let message = 'the desired count is within the acceptable range';
		if (stabilized > current) {
			let limit = Math.max(current, scaleUpLimit(current, state, up, now));
			let why = 'TooManyReplicas';
			let text = 'the desired replica count is more than the maximum replica count';
			if (max > limit) {
				why = 'ScaleUpLimit';
				text = 'the desired replica count is increasing faster than the maximum scale rate';
			} else limit = max;
			if (stabilized > limit) [result, reason, message] = [limit, why, text];
		} else if (stabilized < current) {
			let limit = Math.min(current, scaleDownLimit(current, state, down, now));
			let why = 'TooFewReplicas';
			let text = 'the desired replica count is less than the minimum replica count';
			if (min < limit) {
				why = 'ScaleDownLimit';
				text = 'the desired replica count is decreasing faster than the maximum scale rate';
			} else limit = min;
			if (stabilized < limit) [result, reason, message] = [limit, why, text];
		}
		set('ScalingLimited', result === stabilized ? 'False' : 'True', reason, message);
		return result;
	}

	private storeScaleEvent(hpa: HorizontalPodAutoscaler, state: State, from: number, to: number, now: number): void {
		if (to === from) return;
		const isUp = to > from;
		const r = isUp ? rule(hpa.spec?.behavior?.scaleUp, DEFAULT_UP) : rule(hpa.spec?.behavior?.scaleDown, DEFAULT_DOWN);
		const longest = Math.max(0, ...r.policies.map(p => p.periodSeconds)) * 1000;
		const list = (isUp ? state.ups : state.downs).filter(e => e.at > now - longest);
		list.push({change: Math.abs(to - from), at: now});
		if (isUp) state.ups = list;
		else state.downs = list;
	}
}

function rule(given: HPAScalingRules | undefined, dflt: ScalingRule): ScalingRule {
	if (!given || typeof given !== 'object') return dflt;
	return {
		stabilizationWindowSeconds: typeof given.stabilizationWindowSeconds === 'number' ? given.stabilizationWindowSeconds : dflt.stabilizationWindowSeconds,
		selectPolicy: typeof given.selectPolicy === 'string' ? given.selectPolicy : dflt.selectPolicy,
		policies: Array.isArray(given.policies) ? given.policies : dflt.policies,
	};
}

/** Replicas changed by the scale events within the last `periodSeconds`. */
function changeInPeriod(events: ScaleEvent[], periodSeconds: number, now: number): number {
	const cutoff = now - periodSeconds * 1000;
	let n = 0;
	for (const e of events) if (e.at > cutoff) n += e.change;
	return n;
}

function scaleUpLimit(current: number, state: State, r: ScalingRule, now: number): number {
	if (r.selectPolicy === 'Disabled') return current;
	const pick = r.selectPolicy === 'Min' ? Math.min : Math.max;
	let result = r.selectPolicy === 'Min' ? Infinity : -Infinity;
	for (const p of r.policies) {
		const start = current - changeInPeriod(state.ups, p.periodSeconds, now) + changeInPeriod(state.downs, p.periodSeconds, now);
		const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
		result = pick(result, proposed);
	}
	return Number.isFinite(result) ? result : current;
}

function scaleDownLimit(current: number, state: State, r: ScalingRule, now: number): number {
	if (r.selectPolicy === 'Disabled') return current;
	const pick = r.selectPolicy === 'Min' ? Math.max : Math.min;
	let result = r.selectPolicy === 'Min' ? -Infinity : Infinity;
	for (const p of r.policies) {
		const start = current - changeInPeriod(state.ups, p.periodSeconds, now) + changeInPeriod(state.downs, p.periodSeconds, now);
		const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
		result = pick(result, proposed);
	}
	return Number.isFinite(result) ? result : current;
}

// ---------------------------------------------------------------------- formatting

/** A milli-unit amount as a canonical decimal quantity: `22m`, `1`, `33554432`, `32M`. */
export function milliQuantity(milli: number): string {
	const m = Math.round(milli);
	if (m % 1000 !== 0) return `${m}m`;
	let v = m / 1000;
	const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
	let i = 0;
	while (v !== 0 && v % 1000 === 0 && i < suffixes.length - 1) {
		v /= 1000;
		i++;
	}
	return `${v}${suffixes[i]}`;
}

/** A label selector as Go's %+v prints a *metav1.LabelSelector. */
function goSelector(sel: LabelSelector | undefined): string {
	if (!sel) return 'nil';
	const labels = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}: ${v},`).join('');
	const exprs = (sel.matchExpressions ?? []).map(e => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`).join('');
	return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[${exprs}],}`;
}

function messageOf(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/** Drops unset fields and a zero currentReplicas (omitempty), keeping upstream field order. */
function clean(status: Partial<HorizontalPodAutoscalerStatus> & {desiredReplicas: number}): HorizontalPodAutoscalerStatus {
	const {observedGeneration, lastScaleTime, currentReplicas, desiredReplicas, currentMetrics, conditions} = status;
	return {
		...(observedGeneration !== undefined && observedGeneration !== null ? {observedGeneration} : {}),
		...(lastScaleTime !== undefined && lastScaleTime !== null ? {lastScaleTime} : {}),
		...(currentReplicas !== undefined && currentReplicas !== null && currentReplicas !== 0 ? {currentReplicas} : {}),
		desiredReplicas,
		...(currentMetrics !== undefined && currentMetrics !== null ? {currentMetrics} : {}),
		...(conditions !== undefined && conditions !== null ? {conditions} : {}),
	};
}
