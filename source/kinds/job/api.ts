// A Job in the API server: its defaults (one completion, six retries, NonIndexed) and its
// validation, which a CronJob's job template shares.
import type {KObject} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, child, goStringMap, isObj, sameValue} from '../shared/fields.js';
import {dflt, specDefaults, templateDefaults} from '../shared/defaults.js';
import {goLabelSelector, labelSelector} from '../shared/meta.js';
import {podTemplate} from '../shared/podspec.js';
import {fromLabelSelector, matches} from '../../cluster/core/selectors.js';

/** The defaults of a Job's spec, or of a CronJob's job template. */
export function jobDefaults(spec: Obj): void {
	if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
		spec.completions = 1;
	}
	dflt(spec, 'parallelism', 1);
	dflt(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6);
	dflt(spec, 'completionMode', 'NonIndexed');
	dflt(spec, 'suspend', false);
	if (spec.podFailurePolicy === undefined || spec.podFailurePolicy === null) dflt(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
	templateDefaults(spec, true);
}

/** A JobSpec at `p` (`spec`, or a CronJob's `spec.jobTemplate.spec`). */
export function jobSpec(e: FieldErrors, raw: unknown, p: string): void {
	const spec = raw === undefined || raw === null ? {} : e.obj(raw, p);
	if (!spec) return;
	e.nonNegative(spec.parallelism, child(p, 'parallelism'));
	const completions = e.nonNegative(spec.completions, child(p, 'completions'));
	e.nonNegative(spec.backoffLimit, child(p, 'backoffLimit'));
	e.nonNegative(spec.backoffLimitPerIndex, child(p, 'backoffLimitPerIndex'));
	e.nonNegative(spec.maxFailedIndexes, child(p, 'maxFailedIndexes'));
	e.nonNegative(spec.ttlSecondsAfterFinished, child(p, 'ttlSecondsAfterFinished'));
	const deadline = e.int64(spec.activeDeadlineSeconds, child(p, 'activeDeadlineSeconds'));
	if (deadline !== undefined && deadline <= 0) e.invalid(child(p, 'activeDeadlineSeconds'), deadline, 'must be greater than 0');
	const mode = e.str(spec.completionMode, child(p, 'completionMode'));
	if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
		e.notSupported(child(p, 'completionMode'), mode, ['NonIndexed', 'Indexed']);
	}
	if (mode === 'Indexed' && completions === undefined) e.required(child(p, 'completions'), 'when completion mode is Indexed');
	e.bool(spec.suspend, child(p, 'suspend'));
	const manual = e.bool(spec.manualSelector, child(p, 'manualSelector'));
	e.oneOf(spec.podReplacementPolicy, child(p, 'podReplacementPolicy'), ['TerminatingOrFailed', 'Failed']);
	let selector: Obj | undefined;
	if (spec.selector !== undefined && spec.selector !== null) selector = labelSelector(e, spec.selector, child(p, 'selector'));
	else if (manual === true) e.required(child(p, 'selector'));
	const tp = child(p, 'template');
	const before = e.list.length;
	const tmplLabels = podTemplate(e, spec.template, tp, 'Job');
	if (manual === true && selector && e.list.length === before && !matches(fromLabelSelector(selector as never), tmplLabels)) {
		e.invalid(child(tp, 'metadata.labels'), goStringMap(tmplLabels), '`selector` does not match template `labels`');
	}
}

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_UID_LABEL = 'controller-uid';
const LEGACY_NAME_LABEL = 'job-name';
/** The labels the API server puts on a generated Job's pod template. */
export const GENERATED_JOB_LABELS = [CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_UID_LABEL, LEGACY_NAME_LABEL];

/**
 * What the API server adds to a Job without manualSelector as it creates it: a selector on the
 * Job's uid, and those labels (new and legacy spellings) on its pod template. The spec is a new
 * object: a CronJob's template may be shared.
 */
function generateSelector(job: KObject): void {
	if (!job.status) job.status = {};
	const spec = job.spec;
	if (!isObj(spec) || spec.manualSelector === true || spec.selector) return;
	const uid = job.metadata.uid!;
	const template = isObj(spec.template) ? spec.template : {};
	const meta = isObj(template.metadata) ? template.metadata : {};
	const labels = {...(isObj(meta.labels) ? meta.labels : {}), [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: job.metadata.name, [LEGACY_UID_LABEL]: uid, [LEGACY_NAME_LABEL]: job.metadata.name};
	job.spec = {...spec, selector: {matchLabels: {[CONTROLLER_UID_LABEL]: uid}}, template: {...template, metadata: {...meta, labels}}};
}

/** What a Job's update may not change: its selector, template, completions and the rules that shape its pods. */
function validateJobUpdate(e: FieldErrors, obj: Obj, old: Obj): void {
	const spec = isObj(obj.spec) ? obj.spec : {};
	const before = isObj(old.spec) ? old.spec : {};
	// an update that leaves out the generated selector keeps it
	if (spec.selector !== undefined && !sameValue(spec.selector, before.selector)) e.invalid('spec.selector', goLabelSelector(spec.selector), 'field is immutable');
	if (!sameValue(spec.template, before.template)) e.invalid('spec.template', spec.template, 'field is immutable');
	// an Indexed Job may change completions together with parallelism (elastic Indexed Jobs)
	const elastic = spec.completionMode === 'Indexed' && spec.completions === spec.parallelism && before.completions === before.parallelism;
	if (!elastic && !sameValue(spec.completions, before.completions)) e.invalid('spec.completions', spec.completions ?? null, 'field is immutable');
	for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy'])
		if (!sameValue(spec[f], before[f])) e.invalid(child('spec', f), spec[f] ?? null, 'field is immutable');
}

export const jobApi: KindApi = {
	defaults: specDefaults(jobDefaults),
	validate: (e, obj) => jobSpec(e, obj.spec, 'spec'),
	validateUpdate: validateJobUpdate,
	admitCreate: generateSelector,
};
