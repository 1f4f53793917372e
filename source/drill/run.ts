// A drill under way on a simulated cluster: its manifests applied, its script's faults injected at
// their virtual times, its goal read after every write of a kind it checks, and what happened
// kept for the after-action report. Time is the cluster's virtual clock, so a drill played with the
// same seed and the same actions gives the same report.
//
// The report's figures, in virtual time:
// - the goal's value is a step function: after each write it is read again, and of several writes
//   at one instant the last decides (a state that lasts no time counts for nothing);
// - the incident window runs from the first fault to the end of the drill;
// - availability = the time in the window during which the goal held / the window's length;
// - time to recover = from the first fault to the start of the last stretch in which the goal
//   held, when it holds at the end (0 when it never broke; none when it does not hold at the end).
// The drill ends as `recovered` once the goal, having broken after the first fault, holds again
// for its hold time with every fault injected; at its time limit it ends as `recovered` (or
// `held`, when it never broke) if the goal holds then, else as `failed`.
import type {ApiRequest, Cluster, KObject} from '../cluster/index.js';
import {accessRequest, holds, type ObjectReader} from '../learn/check.js';
import type {Drill, Fault} from './drill.js';
import {resolveKind} from '../kinds/index.js';

export type DrillOutcome = 'running' | 'recovered' | 'held' | 'failed';

/** A line of the timeline, at virtual ms since the drill started. */
export type TimelineEntry =
	| {at: number; type: 'start'}
	| {at: number; type: 'fault'; fault: Fault; error?: string}
	| {at: number; type: 'broke'}
	| {at: number; type: 'restored'}
	/** The goal held before any fault (the drill's workload is up). */
	| {at: number; type: 'holds'}
	| {at: number; type: 'event'; reason: string; object: string; message: string; warning: boolean}
	| {at: number; type: 'action'; request: ApiRequest}
	| {at: number; type: 'end'; outcome: DrillOutcome};

export interface DrillReport {
	id: string;
	outcome: DrillOutcome;
	/** Virtual ms since the start: now while it runs, its end once over. */
	elapsedMs: number;
	timeLimitMs: number;
	/** Whether the goal holds (at the end, once over). */
	holds: boolean;
	firstFaultAt?: number;
	/** From the first fault to the start of the last stretch the goal held, when it holds at the end. */
	timeToRecoverMs?: number;
	/** Held time in the incident window / the window's length (1 before any fault). */
	availability: number;
	heldMs: number;
	windowMs: number;
	timeline: TimelineEntry[];
	/** The writes the learner asked for (not the drill's, not the controllers'). */
	actions: ApiRequest[];
}

/** Normal events worth a line of the timeline (every Warning is, the first of each reason and kind). */
const KEY_REASONS = new Set(['NodeNotReady', 'NodeReady', 'SuccessfulRescale', 'TriggeredScaleUp', 'NotTriggerScaleUp', 'Resizing', 'FileSystemResizeSuccessful', 'RemovingNode']);

/** A drill under way, as a client hands it to the dashboard. */
export interface DrillControl {
	readonly drill: Drill;
	report(): DrillReport;
	stop(): void;
}

/**
 * The order of lines at one instant: a fault or a write of the learner goes before what it caused
 * (the goal's change, events), though the goal is read during the write and the request noted after.
 */
const RANK: Record<TimelineEntry['type'], number> = {start: 0, fault: 1, action: 1, event: 2, broke: 2, restored: 2, holds: 2, end: 3};

export class DrillRun implements DrillControl {
	private startedAt = 0;
	private endedAt: number | undefined;
	private outcome: DrillOutcome = 'running';
	/** The goal's value from each instant on: the step function, oldest first. */
	private steps: Array<{at: number; held: boolean}> = [];
	private firstFault: number | undefined;
	private brokeAfterFault = false;
	private fired = 0;
	private readonly timeline: TimelineEntry[] = [];
	private readonly actions: ApiRequest[] = [];
	private readonly seen = new Set<string>();
	private readonly stops: Array<() => void> = [];
	private endTimer: (() => void) | undefined;
	/** Set while the drill itself writes: those writes are no learner's. */
	private injecting = false;
	private readonly kinds: Set<string>;
	private readonly reader: ObjectReader;
	/** Called once when the drill ends. */
	onEnd: ((report: DrillReport) => void) | undefined;

	constructor(
		private readonly cluster: Cluster,
		readonly drill: Drill,
	) {
		this.reader = {
			list: (kind, opts) => cluster.list(kind, opts ?? {}),
			get: (kind, ns, name) => cluster.find(kind, ns, name),
			allows: access => {
				const {user, attrs} = accessRequest(access);
				return cluster.authorize(user, attrs).allowed;
			},
		};
		// a `can` check reads the RBAC objects
		this.kinds = new Set(drill.goal.checks.flatMap(c => (c.can ? ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'] : [resolveKind(c.kind)?.kind ?? c.kind])));
	}

	/** Applies the drill's manifests and starts its clock, script and time limit. */
	start(): this {
		const c = this.cluster;
		const ns = this.drill.namespace;
		this.inject(() => {
			if (!c.find('Namespace', undefined, ns)) c.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
			if (this.drill.manifests) c.apply(this.drill.manifests, this.drill.source, ns);
		});
		this.startedAt = c.elapsed();
		this.timeline.push({at: 0, type: 'start'});
		this.steps.push({at: 0, held: this.goalHolds()});
		this.stops.push(
			c.onChange(kind => {
				if (this.outcome === 'running' && this.kindChecked(kind)) this.read();
			}),
			c.onRequest(r => {
				if (this.injecting || this.outcome !== 'running') return;
				const request = {...r, elapsed: this.sinceStart(r.elapsed)};
				this.actions.push(request);
				this.timeline.push({at: request.elapsed, type: 'action', request});
			}),
			c.watch('Event', ev => {
				if (ev.type === 'ADDED' && this.outcome === 'running') this.event(ev.object);
			}),
		);
		for (const entry of this.drill.script) this.stops.push(c.schedule(entry.at, () => this.fire(entry.fault)));
		this.stops.push(c.schedule(this.drill.timeLimitMs, () => this.finish(this.goalHolds() ? (this.brokeAfterFault ? 'recovered' : 'held') : 'failed')));
		return this;
	}

	/** Ends the drill now (the learner closed it): what happened so far stays in the report. */
	stop(): void {
		if (this.outcome === 'running') this.finish(this.goalHolds() ? (this.brokeAfterFault ? 'recovered' : 'held') : 'failed');
	}

	/** Virtual ms since the start (its length once over). */
	elapsed(): number {
		return this.endedAt ?? this.sinceStart(this.cluster.elapsed());
	}

	state(): DrillOutcome {
		return this.outcome;
	}

	goalHolds(): boolean {
		return this.drill.goal.checks.every(c => holds(c, this.reader));
	}

	report(): DrillReport {
		const end = this.elapsed();
		const held = this.steps[this.steps.length - 1]!.held;
		const from = this.firstFault ?? end;
		const windowMs = end - from;
		let heldMs = 0;
		this.steps.forEach((s, i) => {
			const next = this.steps[i + 1]?.at ?? end;
			if (s.held) heldMs += Math.max(0, Math.min(next, end) - Math.max(s.at, from));
		});
		const report: DrillReport = {
			id: this.drill.id,
			outcome: this.outcome,
			elapsedMs: end,
			timeLimitMs: this.drill.timeLimitMs,
			holds: held,
			availability: windowMs > 0 ? heldMs / windowMs : 1,
			heldMs,
			windowMs,
			timeline: [...this.timeline].sort((a, b) => a.at - b.at || RANK[a.type] - RANK[b.type]),
			actions: [...this.actions],
		};
		if (this.firstFault !== undefined) {
			report.firstFaultAt = this.firstFault;
			if (held) {
				const last = this.steps[this.steps.length - 1]!;
				report.timeToRecoverMs = Math.max(0, last.at - this.firstFault);
			}
		}
		return report;
	}

	private sinceStart(elapsed: number): number {
		return Math.round(elapsed - this.startedAt);
	}

	private kindChecked(kind: string): boolean {
		return this.kinds.has(kind);
	}

	private inject<T>(fn: () => T): T {
		this.injecting = true;
		try {
			return fn();
		} finally {
			this.injecting = false;
		}
	}

	/** Reads the goal after a write: a change of value is a new step (one at the same instant replaces it). */
	private read(): void {
		const held = this.goalHolds();
		const at = this.elapsed();
		const last = this.steps[this.steps.length - 1]!;
		if (last.held === held) return;
		if (last.at === at && this.steps.length === 1) last.held = held;
		else if (last.at === at) {
			// the change made at this instant is undone at it: it lasted no time
			this.steps.pop();
			this.unmark(at);
		} else {
			this.steps.push({at, held});
			this.mark(at, held);
		}
		this.scheduleEnd();
	}

	/** The goal broke or held again: a line of the timeline (taken back when it lasted no time). */
	private mark(at: number, held: boolean): void {
		if (!held && this.firstFault !== undefined) this.brokeAfterFault = true;
		this.timeline.push({at, type: held ? (this.firstFault === undefined ? 'holds' : 'restored') : 'broke'});
	}

	private unmark(at: number): void {
		for (let i = this.timeline.length - 1; i >= 0; i--) {
			const e = this.timeline[i]!;
			if (e.at === at && (e.type === 'broke' || e.type === 'restored' || e.type === 'holds')) {
				this.timeline.splice(i, 1);
				break;
			}
		}
		// a break that lasted no time did not happen
		this.brokeAfterFault = this.firstFault !== undefined && this.steps.some(s => !s.held && s.at >= this.firstFault!);
	}

	private scheduleEnd(): void {
		const last = this.steps[this.steps.length - 1]!;
		if (!last.held || !this.brokeAfterFault || this.fired < this.drill.script.length) {
			this.endTimer?.();
			this.endTimer = undefined;
			return;
		}
		if (this.endTimer) return;
		const due = Math.max(0, last.at + this.drill.goal.holdMs - this.elapsed());
		this.endTimer = this.cluster.schedule(due, () => {
			this.endTimer = undefined;
			if (this.outcome === 'running' && this.steps[this.steps.length - 1]!.held) this.finish('recovered');
		});
	}

	private fire(fault: Fault): void {
		if (this.outcome !== 'running') return;
		const at = this.elapsed();
		this.firstFault ??= at;
		this.fired++;
		const entry: TimelineEntry = {at, type: 'fault', fault};
		this.timeline.push(entry);
		try {
			this.inject(() => inject(this.cluster, fault));
		} catch (e) {
			entry.error = (e as Error).message;
		}
		this.read();
		// a goal already broken when the first fault comes counts as broken by the incident
		if (!this.steps[this.steps.length - 1]!.held) this.brokeAfterFault = true;
		this.scheduleEnd();
	}

	private event(ev: KObject): void {
		const e = ev as KObject & {type?: string; reason?: string; message?: string; involvedObject?: {kind?: string; name?: string}};
		const warning = e.type === 'Warning';
		if (!warning && !KEY_REASONS.has(e.reason ?? '')) return;
		const kind = e.involvedObject?.kind ?? '';
		const key = `${e.reason}/${kind}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		this.timeline.push({at: this.elapsed(), type: 'event', reason: e.reason ?? '', object: `${kind.toLowerCase()}/${e.involvedObject?.name ?? ''}`, message: e.message ?? '', warning});
	}

	private finish(outcome: Exclude<DrillOutcome, 'running'>): void {
		if (this.outcome !== 'running') return;
		this.endedAt = this.sinceStart(this.cluster.elapsed());
		this.outcome = outcome;
		this.timeline.push({at: this.endedAt, type: 'end', outcome});
		this.endTimer?.();
		for (const s of this.stops.splice(0)) s();
		this.onEnd?.(this.report());
	}
}

/** Does what a fault says to the cluster. */
export function inject(c: Cluster, f: Fault): void {
	switch (f.type) {
		case 'failNode':
			return c.failNode(f.node);
		case 'recoverNode':
			return c.recoverNode(f.node);
		case 'setImage': {
			const d = c.get('Deployment', f.namespace, f.deployment);
			c.setImage('Deployment', f.namespace, f.deployment, f.container ?? d.spec.template.spec.containers[0]!.name, f.image);
			return;
		}
		case 'traffic':
			return c.setTraffic(f.namespace, f.service, f.rps ?? c.traffic(f.namespace, f.service) * (f.factor ?? 1));
		case 'removeKey': {
			const cm = c.get('ConfigMap', f.namespace, f.configMap);
			if (!cm.data || !(f.key in cm.data)) throw new Error(`configmap "${f.configMap}" has no key "${f.key}"`);
			c.patch('ConfigMap', f.namespace, f.configMap, [{op: 'remove', path: `/data/${f.key.replace(/~/g, '~0').replace(/\//g, '~1')}`}], 'application/json-patch+json');
			return;
		}
		case 'restart':
			c.restart('Deployment', f.namespace, f.deployment);
			return;
		case 'scale':
			c.scale('Deployment', f.namespace, f.deployment, f.replicas);
			return;
		case 'fillVolume':
			c.fillVolume(f.namespace, f.claim);
			return;
		case 'nodeGroupMax': {
			const groups = c.nodeGroups();
			const g = f.nodeGroup ? groups.find(x => x.name === f.nodeGroup) : groups[0];
			if (!g) throw new Error(f.nodeGroup ? `no node group "${f.nodeGroup}"` : 'this cluster has no node groups (the drill needs the eks profile)');
			const max = f.max ?? g.desiredSize;
			c.setNodeGroupLimits(g.name, Math.min(g.minSize, max), max);
			return;
		}
	}
}
