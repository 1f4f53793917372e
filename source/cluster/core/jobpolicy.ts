// What the Job controller reads from a Job's policies: which rule of its podFailurePolicy a failed
// pod matches (and what that does to the Job), whether its successPolicy is met by the indexes
// that succeeded, and the per-index failure counts pods carry in their annotations.
import type {ContainerStatus, Job, Pod, PodFailurePolicyRule} from '../types.js';

export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

export type PodFailureAction = PodFailurePolicyRule['action'];

export interface PodFailureMatch {
	/** The action of the first rule the pod matches, if any. */
	action?: PodFailureAction;
	/** Whether the failure counts toward backoffLimit (and backoffLimitPerIndex): false under an Ignore rule. */
	counts: boolean;
	/** With a FailJob rule: the message of the Job's failure. */
	failJobMessage?: string;
}

const NO_MATCH: PodFailureMatch = {counts: true};

/** The first terminated, non-zero container (regular ones first, then init ones) that a rule's onExitCodes picks. */
function exitCodeMatch(pod: Pod, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
	const pick = (list: ContainerStatus[] | undefined) =>
		(list ?? []).find(cs => {
			const t = cs.state?.terminated;
			if (!t) return false;
			if (req.containerName !== undefined && req.containerName !== null && req.containerName !== cs.name) return false;
			if (t.exitCode === 0) return false;
			const inValues = (req.values ?? []).includes(t.exitCode);
			return req.operator === 'In' ? inValues : req.operator === 'NotIn' ? !inValues : false;
		});
	return pick(pod.status?.containerStatuses) ?? pick(pod.status?.initContainerStatuses);
}

/** The pod's first condition that one of the patterns names, with the same status. */
function conditionMatch(pod: Pod, patterns: NonNullable<PodFailurePolicyRule['onPodConditions']>): string | undefined {
	for (const c of pod.status?.conditions ?? []) if (patterns.some(p => p.type === c.type && p.status === c.status)) return c.type;
	return undefined;
}

/** Matches a failed pod against the Job's podFailurePolicy, rule by rule, as the real controller does. */
export function matchPodFailurePolicy(job: Job, pod: Pod): PodFailureMatch {
	const rules = job.spec.podFailurePolicy?.rules;
	if (!rules) return NO_MATCH;
	for (let index = 0; index < rules.length; index++) {
		const rule = rules[index]!;
		let failJobMessage: string | undefined;
		if (rule.onExitCodes) {
			const cs = exitCodeMatch(pod, rule.onExitCodes);
			if (!cs) continue;
			failJobMessage = `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${cs.state!.terminated!.exitCode} matching ${rule.action} rule at index ${index}`;
		} else if (rule.onPodConditions) {
			const type = conditionMatch(pod, rule.onPodConditions);
			if (type === undefined) continue;
			failJobMessage = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${type} matching ${rule.action} rule at index ${index}`;
		} else continue;
		switch (rule.action) {
			case 'Ignore':
				return {action: 'Ignore', counts: false};
			case 'Count':
				return {action: 'Count', counts: true};
			case 'FailIndex':
				return {action: 'FailIndex', counts: true};
			case 'FailJob':
				return {action: 'FailJob', counts: true, failJobMessage};
			default:
				// an action this version does not know: the rule is skipped
				continue;
		}
	}
	return NO_MATCH;
}

function annotationCount(pod: Pod, key: string): number {
	const v = pod.metadata.annotations?.[key];
	if (v === undefined || !/^\d+$/.test(v)) return 0;
	const n = Number(v);
	return n <= 2147483647 ? n : 0;
}

/** The failures of the pod's index before it, counted toward backoffLimitPerIndex. */
export function indexFailureCount(pod: Pod): number {
	return annotationCount(pod, INDEX_FAILURE_COUNT);
}

/** Every failure of the pod's index before it, ignored ones included. */
export function indexAbsoluteFailureCount(pod: Pod): number {
	return annotationCount(pod, INDEX_FAILURE_COUNT) + annotationCount(pod, INDEX_IGNORED_FAILURE_COUNT);
}

/** The failure counts the pod that replaces `replaced` in its index carries. */
export function nextIndexFailureCounts(job: Job, replaced: Pod | undefined): {failures: number; ignored: number} {
	if (!replaced) return {failures: 0, ignored: 0};
	let failures = annotationCount(replaced, INDEX_FAILURE_COUNT);
	let ignored = annotationCount(replaced, INDEX_IGNORED_FAILURE_COUNT);
	if (matchPodFailurePolicy(job, replaced).counts) failures++;
	else ignored++;
	return {failures, ignored};
}

/** Whether a failed pod fails its whole index: a FailIndex rule, or backoffLimitPerIndex used up. */
export function failsIndex(job: Job, pod: Pod): boolean {
	const m = matchPodFailurePolicy(job, pod);
	if (m.action === 'FailIndex') return true;
	return m.counts && indexFailureCount(pod) >= (job.spec.backoffLimitPerIndex ?? 0);
}

/** Indexes in `text` (`0,2-3`) below `completions`, ascending; malformed parts are skipped. */
export function indexesBelow(text: string | undefined, completions: number): number[] {
	const out = new Set<number>();
	for (const part of (text ?? '').split(',')) {
		if (!part) continue;
		const bounds = part.split('-');
		if (!/^\d+$/.test(bounds[0]!)) continue;
		const first = Number(bounds[0]);
		if (first >= completions) break;
		let last = first;
		if (bounds.length > 1) {
			if (!/^\d+$/.test(bounds[1]!)) continue;
			last = Math.min(Number(bounds[1]), completions - 1);
		}
		for (let i = first; i <= last; i++) out.add(i);
	}
	return [...out].sort((a, b) => a - b);
}

/** The message of the successPolicy rule that the succeeded indexes meet, if one does. */
export function matchSuccessPolicy(job: Job, succeeded: ReadonlySet<number>): string | undefined {
	const rules = job.spec.successPolicy?.rules;
	const completions = job.spec.completions ?? 0;
	if (!rules || succeeded.size === 0) return undefined;
	for (let index = 0; index < rules.length; index++) {
		const rule = rules[index]!;
		const count = rule.succeededCount ?? undefined;
		if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
			const required = indexesBelow(rule.succeededIndexes, completions);
			if (!required.length) continue;
			const met = required.filter(i => succeeded.has(i)).length;
			if (met === required.length || (count !== undefined && met >= count)) return `Matched rules at index ${index}`;
		} else if (count !== undefined && succeeded.size >= count) return `Matched rules at index ${index}`;
	}
	return undefined;
}
