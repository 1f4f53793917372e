// The Job controller: runs pods to completion. completions and parallelism, NonIndexed and
// Indexed modes; pods carry the job-tracking finalizer until the controller has counted them;
// failed pods (restartPolicy Never) count toward backoffLimit and are replaced after an
// exponential back-off (10 s doubling, capped at 6 min); container restarts (OnFailure) count
// too; activeDeadlineSeconds; suspend and resume; the interim conditions SuccessCriteriaMet and
// FailureTarget, then Complete or Failed once no pod is terminating; ttlSecondsAfterFinished.
import type {Condition, Container, EnvVar, Job, JobStatus, Pod} from '../types.js';
import type {ControllerContext} from '../core/context.js';
import {splitKey} from '../core/context.js';
import type {Reconciler} from '../core/runner.js';
import {controllerOf, ownedPods} from '../core/owners.js';
import {isPodReady, podFromTemplate, rankForDeletion, isTerminal} from '../core/pods.js';
import {jobFinished} from '../core/jobs.js';
import {watchKind} from '../core/objects.js';
import {INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT, failsIndex, indexAbsoluteFailureCount, matchPodFailurePolicy, matchSuccessPolicy, nextIndexFailureCounts, type PodFailureMatch} from '../core/jobpolicy.js';

/** Pods one sync of a Job creates at most, as the real controller's MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_PER_SYNC = 500;
/** Virtual time before the sync that goes on with a larger burst. */
const BURST_RESYNC_MS = 100;

const SOURCE = {component: 'job-controller'};
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 6 * 60_000;

const BACKOFF_LIMIT_MESSAGE = 'Job has reached the specified backoff limit';
const DEADLINE_MESSAGE = 'Job was active longer than specified deadline';
const COMPLETIONS_MESSAGE = 'Reached expected number of succeeded pods';
const MAX_FAILED_INDEXES_MESSAGE = 'Job has exceeded the specified maximal number of failed indexes';
const FAILED_INDEXES_MESSAGE = 'Job has failed indexes';

interface BackoffRecord {
	failuresAfterLastSuccess: number;
	lastFailureTime: number;
}



/** The backoff before the next pod after `failures` consecutive failures. */
export function jobBackoff(failures: number): number {
	if (failures <= 0) return 0;
	let d = BACKOFF_INITIAL_MS;
	for (let i = 1; i < failures && d < BACKOFF_MAX_MS; i++) d *= 2;
	return Math.min(d, BACKOFF_MAX_MS);
}


/** A pod the Job counts as failed: Failed, or deleted before it succeeded. */
function isPodFailed(p: Pod, job: Job): boolean {
	if (p.status?.phase === 'Failed') return true;
	if (onlyReplaceFailed(job)) return false;
	return !!p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

function onlyReplaceFailed(job: Job): boolean {
	return job.spec.podReplacementPolicy === 'Failed' || !!job.spec.podFailurePolicy;
}

function finishedAt(p: Pod, fallback: number): number {
	let t = 0;
	for (const c of [...(p.status?.containerStatuses ?? []), ...(p.status?.initContainerStatuses ?? [])]) {
		const f = Date.parse(c.state?.terminated?.finishedAt ?? '');
		if (f > t) t = f;
	}
	if (!t && p.metadata.deletionTimestamp) t = Date.parse(p.metadata.deletionTimestamp);
	return t || fallback;
}

/** "1,3-5,7,8" from a set of indexes: runs of three or more as ranges, a pair as two indexes. */
export function formatIndexes(indexes: Iterable<number>): string {
	const sorted = [...new Set(indexes)].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let i = 0; i < sorted.length; ) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
		parts.push(i === j ? String(sorted[i]) : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}-${sorted[j]}`);
		i = j + 1;
	}
	return parts.join(',');
}

/** Longest generateName the API server accepts before it adds its five random characters. */
const MAX_GENERATE_NAME = 58;

/** `<job>-<index>-`, the job's name cut short when the whole would be too long. */
export function indexedGenerateName(job: string, index: number): string {
	const suffix = `-${index}-`;
	const whole = job + suffix;
	return whole.length > MAX_GENERATE_NAME ? whole.slice(0, MAX_GENERATE_NAME - suffix.length) + suffix : whole;
}

export function parseIndexes(text: string | undefined): Set<number> {
	const out = new Set<number>();
	for (const part of (text ?? '').split(',')) {
		if (!part) continue;
		const [a, b] = part.split('-').map(Number);
		if (b === undefined) out.add(a!);
		else for (let i = a!; i <= b; i++) out.add(i);
	}
	return out;
}

function indexOf(p: Pod): number | undefined {
	const v = p.metadata.annotations?.[COMPLETION_INDEX] ?? p.metadata.labels?.[COMPLETION_INDEX];
	if (v === undefined) return undefined;
	const n = Number(v);
	return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export class JobController implements Reconciler {
	readonly name = 'job';
	private backoff = new Map<string, BackoffRecord>();
	private ttlTimers = new Map<string, number>();

	constructor(private readonly ctx: ControllerContext) {
		ctx.runner.register(this);
		ctx.store.watch('Job', (type, job, old) => {
			if (type === 'DELETED') {
				this.backoff.delete(job.metadata.uid!);
				this.ctx.clock.cancel(this.ttlTimers.get(job.metadata.uid!));
				this.ttlTimers.delete(job.metadata.uid!);
				return;
			}
			// our own status writes need no new pass
			if (type === 'MODIFIED' && old && old.spec === job.spec && old.metadata.deletionTimestamp === job.metadata.deletionTimestamp) return;
			ctx.runner.enqueue(this, `${job.metadata.namespace}/${job.metadata.name}`);
		});
		watchKind<Pod>(ctx.store, 'Pod', (type, pod, old) => {
			const owner = controllerOf(pod);
			if (owner?.kind !== 'Job') return;
			if (
				type === 'MODIFIED' &&
				old &&
				isPodReady(old) === isPodReady(pod) &&
				old.status?.phase === pod.status?.phase &&
				old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
				restarts(old) === restarts(pod) &&
				old.metadata.finalizers === pod.metadata.finalizers
			)
				return;
			const job = ctx.store.get<Job>('Job', pod.metadata.namespace, owner.name);
			if (job && job.metadata.uid === owner.uid) ctx.runner.enqueue(this, `${pod.metadata.namespace}/${owner.name}`);
			else if (type !== 'DELETED' && pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) ctx.runner.enqueue(this, `orphan:${pod.metadata.namespace}/${pod.metadata.name}`);
		});
	}

	/** Jobs that created a capped burst of pods: no more until this virtual time. */
	private readonly heldUntil = new Map<string, number>();

	sync(key: string): void {
		if (key.startsWith('orphan:')) {
			const [ns, name] = splitKey(key.slice(7));
			const pod = this.ctx.store.get<Pod>('Pod', ns, name);
			if (pod?.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) this.ctx.api.removeFinalizer(pod, JOB_TRACKING_FINALIZER);
			return;
		}
		const [ns, name] = splitKey(key);
		const {store, clock} = this.ctx;
		const job = store.get<Job>('Job', ns, name);
		if (!job) {
			this.heldUntil.delete(key);
			return;
		}
		const now = clock.now();
		const pods = ownedPods(this.ctx.store, job);
		const finished = jobFinished(job);
		if (finished || job.metadata.deletionTimestamp) {
			// nothing runs any more: let go of every pod
			for (const p of pods) if (p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) && (isTerminal(p) || p.metadata.deletionTimestamp || finished)) this.ctx.api.removeFinalizer(p, JOB_TRACKING_FINALIZER);
			if (finished) this.scheduleTtl(job);
			return;
		}

		const indexed = job.spec.completionMode === 'Indexed';
		const completions = job.spec.completions ?? undefined;
		const parallelism = job.spec.parallelism ?? 1;
		const backoffLimit = job.spec.backoffLimit ?? 6;
		const perIndex = indexed && job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null;
		const suspended = !!job.spec.suspend;
		const prev: JobStatus = job.status ?? {};
		let succeeded = prev.succeeded ?? 0;
		let failed = prev.failed ?? 0;
		const completed = parseIndexes(prev.completedIndexes);
		const validIndex = (p: Pod): number | undefined => {
			const i = indexOf(p);
			return i !== undefined && i < (completions ?? 0) ? i : undefined;
		};
		const tracked = (p: Pod) => !!p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER);
		const matches = new Map<Pod, PodFailureMatch>();
		const matchOf = (p: Pod): PodFailureMatch => {
			let m = matches.get(p);
			if (!m) matches.set(p, (m = matchPodFailurePolicy(job, p)));
			return m;
		};

		const active = pods.filter(p => !isTerminal(p) && !p.metadata.deletionTimestamp);
		const terminatingPods = pods.filter(p => !isTerminal(p) && p.metadata.deletionTimestamp);
		const activeIndexes = new Set<number>();
		for (const p of active) {
			const i = indexOf(p);
			if (i !== undefined) activeIndexes.add(i);
		}
		const newSucceeded: Pod[] = [];
		const newFailed: Pod[] = [];
		for (const p of pods) {
			if (!tracked(p)) continue;
			if (p.status?.phase === 'Succeeded') newSucceeded.push(p);
			else if (isPodFailed(p, job)) newFailed.push(p);
		}
		for (const p of newSucceeded) {
			if (indexed) {
				const i = validIndex(p);
				if (i !== undefined) completed.add(i);
			} else succeeded++;
		}
		if (indexed) succeeded = completed.size;

		// backoffLimitPerIndex: the failed indexes, and per index the last failed pod, kept (and not yet
		// counted) until its replacement carries the index's failure count on
		let failedIdx: Set<number> | undefined;
		const delayed = new Map<number, Pod>();
		if (perIndex) {
			failedIdx = parseIndexes(prev.failedIndexes);
			for (const p of newFailed) {
				const i = validIndex(p);
				if (i !== undefined && failsIndex(job, p)) failedIdx.add(i);
			}
			for (const p of newFailed) {
				const i = validIndex(p);
				if (i === undefined || completed.has(i) || failedIdx.has(i) || activeIndexes.has(i)) continue;
				const last = delayed.get(i);
				if (!last || (indexAbsoluteFailureCount(last) <= indexAbsoluteFailureCount(p) && finishedAt(p, now) >= finishedAt(last, now))) delayed.set(i, p);
			}
		}
		const delayedPods = new Set(delayed.values());
		const countedFailed = newFailed.filter(p => !delayedPods.has(p));
		const countsToward = (list: Pod[]) => list.filter(p => matchOf(p).counts).length;
		this.updateBackoff(job, newSucceeded, countedFailed, now);

		const conditions: Condition[] = [...(prev.conditions ?? [])];
		const iso = clock.iso(now);
		let startTime = prev.startTime;
		const toDelete: Pod[] = [];
		const toCreate: Array<number | undefined> = [];
		let requeueMs: number | undefined;
		let terminal: {type: 'Complete' | 'Failed'; reason: string; message: string} | undefined;

		const failureTarget = conditions.find(c => c.type === 'FailureTarget' && c.status === 'True');
		const successMet = conditions.find(c => c.type === 'SuccessCriteriaMet' && c.status === 'True');
		if (successMet) {
			terminal = {type: 'Complete', reason: successMet.reason ?? 'CompletionsReached', message: successMet.message ?? COMPLETIONS_MESSAGE};
			toDelete.push(...active);
		} else if (failureTarget) {
			terminal = {type: 'Failed', reason: failureTarget.reason ?? '', message: failureTarget.message ?? ''};
			toDelete.push(...active);
		} else {
			const restartCount = active.reduce((a, p) => a + restarts(p), 0);
			const onFailure = job.spec.template?.spec?.restartPolicy === 'OnFailure';
			const pastOnFailure = onFailure && (backoffLimit === 0 ? restartCount > 0 : restartCount >= backoffLimit);
			const deadline = job.spec.activeDeadlineSeconds;
			const complete = indexed
				? completed.size >= (completions ?? 0)
				: completions === undefined
					? succeeded > 0 && active.length === 0
					: succeeded >= completions;
			let failJobMessage: string | undefined;
			if (job.spec.podFailurePolicy) for (const p of pods) if (!failJobMessage && isPodFailed(p, job)) failJobMessage = matchOf(p).failJobMessage;
			if (failJobMessage) {
				terminal = {type: 'Failed', reason: 'PodFailurePolicy', message: failJobMessage};
			} else if (!suspended && (failed + countsToward(newFailed) > backoffLimit || pastOnFailure)) {
				terminal = {type: 'Failed', reason: 'BackoffLimitExceeded', message: BACKOFF_LIMIT_MESSAGE};
			} else if (!suspended && deadline && startTime && now - Date.parse(startTime) >= deadline * 1000) {
				terminal = {type: 'Failed', reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE};
			} else if (failedIdx && job.spec.maxFailedIndexes !== undefined && job.spec.maxFailedIndexes !== null && failedIdx.size > job.spec.maxFailedIndexes) {
				terminal = {type: 'Failed', reason: 'MaxFailedIndexesExceeded', message: MAX_FAILED_INDEXES_MESSAGE};
			} else if (failedIdx && failedIdx.size > 0 && failedIdx.size + completed.size >= (completions ?? 0)) {
				terminal = {type: 'Failed', reason: 'FailedIndexes', message: FAILED_INDEXES_MESSAGE};
			} else {
				const policyMessage = indexed ? matchSuccessPolicy(job, completed) : undefined;
				if (policyMessage) terminal = {type: 'Complete', reason: 'SuccessPolicy', message: policyMessage};
				else if (complete) terminal = {type: 'Complete', reason: 'CompletionsReached', message: COMPLETIONS_MESSAGE};
			}
			if (terminal) {
				const interim = terminal.type === 'Failed' ? 'FailureTarget' : 'SuccessCriteriaMet';
				upsert(conditions, {type: interim, status: 'True', reason: terminal.reason, message: terminal.message, lastProbeTime: iso, lastTransitionTime: iso});
				toDelete.push(...active);
			} else if (suspended) {
				toDelete.push(...active);
				const cur = conditions.find(c => c.type === 'Suspended');
				if (cur?.status !== 'True') {
					upsert(conditions, {type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: iso, lastTransitionTime: iso});
					this.ctx.events.record(job, 'Normal', 'Suspended', 'Job suspended', SOURCE);
				}
			} else {
				const cur = conditions.find(c => c.type === 'Suspended');
				if (cur?.status === 'True') {
					upsert(conditions, {type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: iso, lastTransitionTime: iso});
					this.ctx.events.record(job, 'Normal', 'Resumed', 'Job resumed', SOURCE);
					startTime = iso;
				}
				if (!startTime) startTime = iso;
				if (deadline) requeueMs = Math.max(0, Date.parse(startTime) + deadline * 1000 - now);
				// how many pods should run now
				const occupied = onlyReplaceFailed(job) ? active.length + terminatingPods.length : active.length;
				if (indexed) {
					const running = new Set<number>();
					const dup: Pod[] = [];
					for (const p of active) {
						const i = indexOf(p);
						if (i === undefined || i >= (completions ?? 0) || completed.has(i) || running.has(i)) dup.push(p);
						else running.add(i);
					}
					toDelete.push(...dup);
					const terminatingIdx = new Set(onlyReplaceFailed(job) ? terminatingPods.map(indexOf) : []);
					const pending: number[] = [];
					const room = Math.max(0, parallelism - (occupied - dup.length));
					const take = Math.min(room, MAX_POD_CREATE_PER_SYNC + 1);
					for (let i = 0; i < (completions ?? 0) && pending.length < take; i++) if (!completed.has(i) && !running.has(i) && !terminatingIdx.has(i) && !failedIdx?.has(i)) pending.push(i);
					if (perIndex) {
						// each index waits out its own back-off; the Job's back-off does not apply
						const ready: number[] = [];
						let wait: number | undefined;
						for (const i of pending) {
							const last = delayed.get(i);
							const left = last ? Math.max(0, finishedAt(last, now) + jobBackoff(indexAbsoluteFailureCount(last) + 1) - now) : 0;
							if (left === 0) ready.push(i);
							else wait = wait === undefined ? left : Math.min(wait, left);
						}
						if (!ready.length && wait !== undefined) requeueMs = requeueMs === undefined ? wait : Math.min(requeueMs, wait);
						toCreate.push(...ready);
					} else toCreate.push(...pending);
				} else {
					// a work queue (no completions): after one success, what runs may finish but nothing new starts
					const want = completions === undefined ? (succeeded > 0 ? Math.min(active.length, parallelism) : parallelism) : Math.min(parallelism, Math.max(0, completions - succeeded));
					if (active.length > want) toDelete.push(...rankForDeletion(active).slice(0, active.length - want));
					else for (let i = occupied; i < want && toCreate.length <= MAX_POD_CREATE_PER_SYNC; i++) toCreate.push(undefined);
				}
				if (toCreate.length && !perIndex) {
					const wait = this.remainingBackoff(job, now);
					if (wait > 0) {
						toCreate.length = 0;
						requeueMs = requeueMs === undefined ? wait : Math.min(requeueMs, wait);
					}
				}
			}
		}

		// at most MAX_POD_CREATE_PER_SYNC pods per sync, the rest after the burst has been observed
		const until = this.heldUntil.get(key);
		if (until !== undefined && until > now) toCreate.length = 0;
		else if (toCreate.length > MAX_POD_CREATE_PER_SYNC) {
			toCreate.length = MAX_POD_CREATE_PER_SYNC;
			this.heldUntil.set(key, now + BURST_RESYNC_MS);
			requeueMs = requeueMs === undefined ? BURST_RESYNC_MS : Math.min(requeueMs, BURST_RESYNC_MS);
		} else this.heldUntil.delete(key);
		for (const p of toDelete) this.deletePod(job, p);
		for (const index of toCreate) this.createPod(job, index, index === undefined ? undefined : delayed.get(index));

		// the pods whose finalizer goes now: the finished ones (but a failed pod whose index waits for its
		// replacement), and once the Job has reached its end, every pod; while it fails, the pods that
		// had not finished count as failed
		const counted: Pod[] = [...newSucceeded, ...countedFailed];
		let failedNow = countsToward(countedFailed);
		if (terminal) {
			const seen = new Set(counted);
			for (const p of pods) {
				if (!tracked(p) || seen.has(p)) continue;
				counted.push(p);
				if (delayedPods.has(p) || terminal.type === 'Failed') {
					if (!indexed || validIndex(p) !== undefined) failedNow += matchOf(p).counts ? 1 : 0;
				}
			}
		} else if (toCreate.length) {
			// a replacement made now carries the failure count: its predecessor may go
			for (const index of toCreate) {
				const p = index === undefined ? undefined : delayed.get(index);
				if (p) {
					counted.push(p);
					failedNow += matchOf(p).counts ? 1 : 0;
				}
			}
		}
		failed += failedNow;

		// pods deleted just now are terminating; the terminal condition waits for them to go
		const terminating = terminatingPods.length + toDelete.length;
		let completionTime: string | undefined = prev.completionTime;
		let justFinished = false;
		if (terminal && terminating === 0) {
			upsert(conditions, {type: terminal.type, status: 'True', reason: terminal.reason, message: terminal.message, lastProbeTime: iso, lastTransitionTime: iso});
			if (terminal.type === 'Complete') completionTime = iso;
			justFinished = true;
		}
		const activeNow = terminal ? 0 : active.length - toDelete.length + toCreate.length;
		const readyNow = active.filter(p => isPodReady(p) && !toDelete.includes(p)).length;
		const status: JobStatus = {
			...(conditions.length ? {conditions} : {}),
			...(startTime ? {startTime} : {}),
			...(completionTime ? {completionTime} : {}),
			...(activeNow > 0 ? {active: activeNow} : {}),
			...(succeeded > 0 ? {succeeded} : {}),
			...(failed > 0 ? {failed} : {}),
			terminating,
			...(indexed && completed.size ? {completedIndexes: formatIndexes(completed)} : {}),
			...(failedIdx ? {failedIndexes: formatIndexes(failedIdx)} : {}),
			uncountedTerminatedPods: {},
			ready: readyNow,
		};
		const cur = store.get<Job>('Job', ns, name);
		if (cur && JSON.stringify(status) !== JSON.stringify(cur.status ?? {})) this.ctx.api.setStatus(cur, status);
		// counted: let the pods go
		for (const p of counted) {
			const fresh = store.get<Pod>('Pod', p.metadata.namespace, p.metadata.name);
			if (fresh && fresh.metadata.uid === p.metadata.uid && fresh.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) this.ctx.api.removeFinalizer(fresh, JOB_TRACKING_FINALIZER);
		}
		if (justFinished) {
			if (terminal!.type === 'Complete') this.ctx.events.record(job, 'Normal', 'Completed', 'Job completed', SOURCE);
			else this.ctx.events.record(job, 'Warning', terminal!.reason, terminal!.message, SOURCE);
			const done = store.get<Job>('Job', ns, name);
			if (done) this.scheduleTtl(done);
		}
		if (requeueMs !== undefined) this.ctx.runner.enqueueAfter(this, key, requeueMs);
	}

	/** A pod for the Job; of an Indexed Job, for `index`, replacing `replaced` (the index's last failed pod). */
	private createPod(job: Job, index: number | undefined, replaced?: Pod): void {
		const {api, events} = this.ctx;
		const tmpl = job.spec.template;
		const extra: Record<string, string> = {};
		if (index !== undefined) extra[COMPLETION_INDEX] = String(index);
		const pod = podFromTemplate(job, tmpl, undefined, extra);
		pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []).filter(f => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
		if (index !== undefined) {
			pod.metadata.generateName = indexedGenerateName(job.metadata.name, index);
			const annotations: Record<string, string> = {...pod.metadata.annotations, [COMPLETION_INDEX]: String(index)};
			if (job.spec.backoffLimitPerIndex !== undefined && job.spec.backoffLimitPerIndex !== null) {
				const counts = nextIndexFailureCounts(job, replaced);
				annotations[INDEX_FAILURE_COUNT] = String(counts.failures);
				if (counts.ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT] = String(counts.ignored);
			}
			pod.metadata.annotations = annotations;
			// the index reaches the containers through the pod's label, as with the PodIndexLabel feature
			const env: EnvVar = {name: 'JOB_COMPLETION_INDEX', valueFrom: {fieldRef: {fieldPath: `metadata.labels['${COMPLETION_INDEX}']`}}};
			const withEnv = (c: Container): Container => ((c.env ?? []).some(e => e.name === 'JOB_COMPLETION_INDEX') ? c : {...c, env: [...(c.env ?? []), env]});
			pod.spec = {
				...pod.spec,
				hostname: `${job.metadata.name}-${index}`,
				containers: pod.spec.containers.map(withEnv),
				...(pod.spec.initContainers ? {initContainers: pod.spec.initContainers.map(withEnv)} : {}),
			};
		}
		try {
			const created = api.create(pod, {trusted: true});
			events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
		} catch (err) {
			events.record(job, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`, SOURCE);
		}
	}

	private deletePod(job: Job, p: Pod): void {
		try {
			this.ctx.api.delete('Pod', p.metadata.namespace, p.metadata.name, {preconditions: {uid: p.metadata.uid}});
			this.ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
		} catch {
			// gone already
		}
	}

	private updateBackoff(job: Job, succeeded: Pod[], failed: Pod[], now: number): void {
		const uid = job.metadata.uid!;
		const rec = this.backoff.get(uid) ?? {failuresAfterLastSuccess: 0, lastFailureTime: 0};
		if (!succeeded.length && !failed.length) return;
		const lastFailure = failed.reduce((m, p) => Math.max(m, finishedAt(p, now)), 0);
		if (!succeeded.length) {
			this.backoff.set(uid, {failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failed.length, lastFailureTime: Math.max(rec.lastFailureTime, lastFailure)});
			return;
		}
		const lastSuccess = succeeded.reduce((m, p) => Math.max(m, finishedAt(p, now)), 0);
		const after = failed.filter(p => finishedAt(p, now) > lastSuccess).length;
		this.backoff.set(uid, {failuresAfterLastSuccess: after, lastFailureTime: after ? lastFailure : 0});
	}

	private remainingBackoff(job: Job, now: number): number {
		const rec = this.backoff.get(job.metadata.uid!);
		if (!rec || !rec.failuresAfterLastSuccess) return 0;
		return Math.max(0, rec.lastFailureTime + jobBackoff(rec.failuresAfterLastSuccess) - now);
	}

	/** ttlSecondsAfterFinished: the TTL-after-finished controller deletes the Job (foreground) in time. */
	private scheduleTtl(job: Job): void {
		const ttl = job.spec.ttlSecondsAfterFinished;
		const uid = job.metadata.uid!;
		if (ttl === undefined || ttl === null || this.ttlTimers.has(uid)) return;
		const cond = (job.status?.conditions ?? []).find(c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
		const finishedAt = Date.parse(cond?.lastTransitionTime ?? '') || this.ctx.clock.now();
		const delay = Math.max(0, finishedAt + ttl * 1000 - this.ctx.clock.now());
		const ns = job.metadata.namespace;
		const name = job.metadata.name;
		this.ttlTimers.set(
			uid,
			this.ctx.clock.after(delay, () => {
				this.ttlTimers.delete(uid);
				const cur = this.ctx.store.get<Job>('Job', ns, name);
				if (!cur || cur.metadata.uid !== uid || cur.metadata.deletionTimestamp) return;
				try {
					this.ctx.api.delete('Job', ns, name, {propagationPolicy: 'Foreground', preconditions: {uid}});
				} catch {
					// gone already
				}
			}),
		);
	}
}

function restarts(p: Pod): number {
	let n = 0;
	for (const c of p.status?.containerStatuses ?? []) n += c.restartCount ?? 0;
	for (const c of p.status?.initContainerStatuses ?? []) n += c.restartCount ?? 0;
	return n;
}

function upsert(list: Condition[], cond: Condition): void {
	const i = list.findIndex(c => c.type === cond.type);
	if (i < 0) list.push(cond);
	else if (list[i]!.status !== cond.status || list[i]!.reason !== cond.reason || list[i]!.message !== cond.message) list[i] = cond;
}
