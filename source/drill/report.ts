// The after-action report of a drill as lines of text, in the language of the moment: the
// outcome, the time to recover, the availability, then the timeline. What mirrors the API (event
// reasons and messages, verbs and resources) stays as the API writes it.
import {t} from '../i18n/index.js';
import {textIn} from '../learn/lesson.js';
import type {Drill, Fault} from './drill.js';
import type {DrillOutcome, DrillReport, TimelineEntry} from './run.js';

/** Virtual time since the start as `m:ss` (`12:05` past ten minutes). */
export function clockText(ms: number): string {
	const s = Math.floor(Math.max(0, ms) / 1000);
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A length of time as `1m05s`, `45.5s`. */
export function durationText(ms: number): string {
	if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
	const s = Math.round(ms / 1000);
	return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Availability as a percentage with one decimal (99.9% is not 100%). */
export function percentText(fraction: number): string {
	return `${(Math.floor(fraction * 1000) / 10).toFixed(1)}%`;
}

export function outcomeText(outcome: DrillOutcome): string {
	return t(`drill.outcome.${outcome}`);
}

export function faultText(f: Fault): string {
	switch (f.type) {
		case 'failNode':
			return t('drill.fault.failNode', {node: f.node});
		case 'recoverNode':
			return t('drill.fault.recoverNode', {node: f.node});
		case 'setImage':
			return t('drill.fault.setImage', {deployment: f.deployment, image: f.image});
		case 'traffic':
			return f.rps !== undefined ? t('drill.fault.trafficRps', {service: f.service, rps: f.rps}) : t('drill.fault.trafficFactor', {service: f.service, factor: f.factor ?? 1});
		case 'removeKey':
			return t('drill.fault.removeKey', {configMap: f.configMap, key: f.key});
		case 'restart':
			return t('drill.fault.restart', {deployment: f.deployment});
		case 'scale':
			return t('drill.fault.scale', {deployment: f.deployment, replicas: f.replicas});
		case 'fillVolume':
			return t('drill.fault.fillVolume', {claim: f.claim});
		case 'nodeGroupMax':
			return f.max !== undefined ? t('drill.fault.nodeGroupMax', {group: f.nodeGroup ?? '', max: f.max}) : t('drill.fault.nodeGroupAtSize', {group: f.nodeGroup ?? ''});
	}
}

/** One line of the timeline, without its time. */
export function entryText(e: TimelineEntry): string {
	switch (e.type) {
		case 'start':
			return t('drill.timeline.start');
		case 'fault':
			return `${t('drill.timeline.fault')} ${faultText(e.fault)}${e.error ? ` (${e.error})` : ''}`;
		case 'broke':
			return t('drill.timeline.broke');
		case 'restored':
			return t('drill.timeline.restored');
		case 'holds':
			return t('drill.timeline.holds');
		case 'event':
			return `${e.warning ? 'Warning' : 'Normal'} ${e.reason} ${e.object}: ${e.message}`;
		case 'action': {
			const r = e.request;
			const who = r.user ?? r.fieldManager ?? t('drill.timeline.you');
			return `${t('drill.timeline.action', {who})} ${r.verb} ${r.kind.toLowerCase()}/${r.name}${r.subresource ? `/${r.subresource}` : ''}${r.namespace && r.namespace !== 'default' ? ` -n ${r.namespace}` : ''}`;
		}
		case 'end':
			return t('drill.timeline.end', {outcome: outcomeText(e.outcome)});
	}
}

/** The figures of the report, a line each. */
export function summaryLines(report: DrillReport): string[] {
	return [
		t('drill.report.outcome', {outcome: outcomeText(report.outcome), elapsed: durationText(report.elapsedMs)}),
		report.timeToRecoverMs !== undefined ? t('drill.report.recovered', {time: durationText(report.timeToRecoverMs)}) : t('drill.report.notRecovered'),
		t('drill.report.availability', {percent: percentText(report.availability), held: durationText(report.heldMs), window: durationText(report.windowMs)}),
		t('drill.report.actions', {count: report.actions.length}),
	];
}

/** The whole after-action report, as `kubesim drill` prints it at the end. */
export function reportLines(drill: Drill, report: DrillReport, language: string): string[] {
	return [
		t('drill.report.title', {title: textIn(drill.title, language)}),
		`${t('drill.report.goal')}: ${textIn(drill.goal.text, language)}`,
		...summaryLines(report),
		t('drill.report.availabilityNote'),
		'',
		t('drill.report.timeline'),
		...report.timeline.map(e => `  ${clockText(e.at).padStart(5)}  ${entryText(e)}`),
	];
}
