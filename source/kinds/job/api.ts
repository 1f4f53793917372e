// A Job in the API server: its defaults (one completion, six retries, NonIndexed) and its
// validation, which a CronJob's job template shares.
import type {KObject} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {FieldErrors, GoLiteral, type Obj, child, goStringMap, index, isObj, sameValue} from '../shared/fields.js';
import {isQualifiedName} from '../shared/formats.js';
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
	const pfp = spec.podFailurePolicy;
	dflt(spec, 'podReplacementPolicy', pfp === undefined || pfp === null ? 'TerminatingOrFailed' : 'Failed');
	// a pattern of onPodConditions without a status means status "True"
	if (isObj(pfp) && Array.isArray(pfp.rules))
		for (const rule of pfp.rules) if (isObj(rule) && Array.isArray(rule.onPodConditions)) for (const pat of rule.onPodConditions) if (isObj(pat) && (pat.status === undefined || pat.status === null || pat.status === '')) pat.status = 'True';
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
	const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
	const maxFailed = typeof spec.maxFailedIndexes === 'number' ? spec.maxFailedIndexes : undefined;
	if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null && !perIndex) e.required(child(p, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified');
	if (mode === 'Indexed') {
		if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) e.invalid(child(p, 'maxFailedIndexes'), maxFailed, 'must be less than or equal to completions');
		if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) e.invalid(child(p, 'maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`);
	} else {
		if (perIndex) e.invalid(child(p, 'backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode');
		if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null) e.invalid(child(p, 'maxFailedIndexes'), spec.maxFailedIndexes, 'requires indexed completion mode');
	}
	const hasPolicy = spec.podFailurePolicy !== undefined && spec.podFailurePolicy !== null;
	if (hasPolicy) podFailurePolicy(e, spec, child(p, 'podFailurePolicy'), perIndex);
	if (spec.successPolicy !== undefined && spec.successPolicy !== null) {
		if (mode !== 'Indexed') e.invalid(child(p, 'successPolicy'), spec.successPolicy, 'requires indexed completion mode');
		else successPolicy(e, spec.successPolicy, child(p, 'successPolicy'), completions ?? 0);
	}
	e.bool(spec.suspend, child(p, 'suspend'));
	const manual = e.bool(spec.manualSelector, child(p, 'manualSelector'));
	e.oneOf(spec.podReplacementPolicy, child(p, 'podReplacementPolicy'), hasPolicy ? ['Failed'] : ['Failed', 'TerminatingOrFailed']);
	let selector: Obj | undefined;
	if (spec.selector !== undefined && spec.selector !== null) selector = labelSelector(e, spec.selector, child(p, 'selector'));
	else if (manual === true) e.required(child(p, 'selector'));
	const tp = child(p, 'template');
	const before = e.list.length;
	const tmplLabels = podTemplate(e, spec.template, tp, 'Job');
	const restart = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec.restartPolicy : undefined;
	if (hasPolicy && restart === 'OnFailure') e.invalid(child(tp, 'spec.restartPolicy'), restart, 'only "Never" is supported when podFailurePolicy is specified');
	if (manual === true && selector && e.list.length === before && !matches(fromLabelSelector(selector as never), tmplLabels)) {
		e.invalid(child(tp, 'metadata.labels'), goStringMap(tmplLabels), '`selector` does not match template `labels`');
	}
}

const MAX_FAILED_INDEXES = 100_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_CONDITION_PATTERNS = 20;
const MAX_SUCCESS_POLICY_RULES = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH = 64 * 1024;
const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_CODE_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
const quotedList = (l: string[]) => `[${l.map(v => `"${v}"`).join(' ')}]`;

/** A Job's podFailurePolicy: at most 20 rules, each with an action and one of onExitCodes or onPodConditions. */
function podFailurePolicy(e: FieldErrors, spec: Obj, p: string, perIndex: boolean): void {
	const policy = e.obj(spec.podFailurePolicy, p);
	if (!policy) return;
	const rp = child(p, 'rules');
	const rules = e.objList(policy.rules, rp);
	if (rules.length > MAX_POD_FAILURE_POLICY_RULES) e.tooMany(rp, rules.length, MAX_POD_FAILURE_POLICY_RULES);
	const names = new Set<string>();
	const podSpec = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec : {};
	for (const list of [podSpec.containers, podSpec.initContainers]) if (Array.isArray(list)) for (const c of list) if (isObj(c) && typeof c.name === 'string') names.add(c.name);
	for (const [rule, rulePath] of rules) {
		const ap = child(rulePath, 'action');
		const action = e.str(rule.action, ap);
		if (action === undefined || action === '') e.required(ap, `valid values: ${quotedList(POD_FAILURE_ACTIONS)}`);
		else if (action === 'FailIndex') {
			if (!perIndex) e.invalid(ap, action, 'requires the backoffLimitPerIndex to be set');
		} else if (!POD_FAILURE_ACTIONS.includes(action)) e.notSupported(ap, action, POD_FAILURE_ACTIONS);
		const hasExit = rule.onExitCodes !== undefined && rule.onExitCodes !== null;
		const patterns = e.objList(rule.onPodConditions, child(rulePath, 'onPodConditions'));
		if (hasExit) onExitCodes(e, rule.onExitCodes, child(rulePath, 'onExitCodes'), names);
		if (patterns.length) {
			const cp = child(rulePath, 'onPodConditions');
			if (patterns.length > MAX_CONDITION_PATTERNS) e.tooMany(cp, patterns.length, MAX_CONDITION_PATTERNS);
			for (const [pat, pp] of patterns) {
				const type = e.str(pat.type, child(pp, 'type'));
				e.each(child(pp, 'type'), type ?? '', isQualifiedName(type ?? ''));
				const sp = child(pp, 'status');
				const status = e.str(pat.status, sp);
				if (status === undefined || status === '') e.required(sp, `valid values: ${quotedList(CONDITION_STATUSES)}`);
				else if (!CONDITION_STATUSES.includes(status)) e.notSupported(sp, status, CONDITION_STATUSES);
			}
		}
		if (hasExit && patterns.length) e.invalidOmitted(rulePath, 'specifying both OnExitCodes and OnPodConditions is not supported');
		if (!hasExit && !patterns.length) e.invalidOmitted(rulePath, 'specifying one of OnExitCodes and OnPodConditions is required');
	}
}

function onExitCodes(e: FieldErrors, raw: unknown, p: string, names: Set<string>): void {
	const req = e.obj(raw, p);
	if (!req) return;
	const op = child(p, 'operator');
	const operator = e.str(req.operator, op);
	if (operator === undefined || operator === '') e.required(op, `valid values: ${quotedList(EXIT_CODE_OPERATORS)}`);
	else if (!EXIT_CODE_OPERATORS.includes(operator)) e.notSupported(op, operator, EXIT_CODE_OPERATORS);
	const name = e.str(req.containerName, child(p, 'containerName'));
	if (name !== undefined && !names.has(name)) e.invalid(child(p, 'containerName'), name, 'must be one of the container or initContainer names in the pod template');
	const vp = child(p, 'values');
	const raws = e.arr(req.values, vp) ?? [];
	const values: number[] = [];
	raws.forEach((v, i) => {
		const n = e.int(v, index(vp, i));
		if (n !== undefined) values.push(n);
	});
	const int32s = (l: number[]) => new GoLiteral(`[]int32{${l.join(', ')}}`);
	if (raws.length === 0) e.invalid(vp, int32s([]), 'at least one value is required');
	else if (raws.length > MAX_EXIT_CODE_VALUES) e.tooMany(vp, raws.length, MAX_EXIT_CODE_VALUES);
	const seen = new Set<number>();
	let ordered = true;
	values.forEach((v, i) => {
		if (operator === 'In' && v === 0) e.invalid(index(vp, i), v, 'must not be 0 for the In operator');
		if (seen.has(v)) e.duplicate(index(vp, i), v);
		else seen.add(v);
		if (i > 0 && values[i - 1]! > v) ordered = false;
	});
	if (!ordered) e.invalid(vp, int32s(values), 'must be ordered');
}

/** An index list such as `0,2-3`: its number of indexes, or the parse error as the API server words it. */
export function indexListTotal(text: string, completions: number): number | string {
	if (text === '') return 0;
	let last: number | undefined;
	let total = 0;
	const integer = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined);
	for (const part of text.split(',')) {
		const bounds = part.split('-');
		if (bounds.length > 2) return `the fragment "${part}" violates the requirement that an index interval can have at most two parts separated by '-'`;
		const x = integer(bounds[0]!);
		if (x === undefined) return `cannot convert string to integer for index: "${bounds[0]}"`;
		if (x >= completions) return `too large index: "${bounds[0]}"`;
		let y = x;
		if (bounds.length > 1) {
			const b = integer(bounds[1]!);
			if (b === undefined) return `cannot convert string to integer for index: "${bounds[1]}"`;
			if (b >= completions) return `too large index: "${bounds[1]}"`;
			if (x >= b) return `non-increasing order, previous: ${x}, current: ${b}`;
			y = b;
		}
		if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
		total += y - x + 1;
		last = y;
	}
	return total;
}

/** A Job's successPolicy: 1 to 20 rules, each with succeededIndexes, succeededCount or both. */
function successPolicy(e: FieldErrors, raw: unknown, p: string, completions: number): void {
	const policy = e.obj(raw, p);
	if (!policy) return;
	const rp = child(p, 'rules');
	const rules = e.objList(policy.rules, rp);
	if (rules.length === 0) e.required(rp, 'at least one rules must be specified when the successPolicy is specified');
	if (rules.length > MAX_SUCCESS_POLICY_RULES) e.tooMany(rp, rules.length, MAX_SUCCESS_POLICY_RULES);
	for (const [rule, rulePath] of rules) {
		const hasIndexes = rule.succeededIndexes !== undefined && rule.succeededIndexes !== null;
		const hasCount = rule.succeededCount !== undefined && rule.succeededCount !== null;
		if (!hasIndexes && !hasCount) e.required(rulePath, 'at least one of succeededCount or succeededIndexes must be specified');
		let total = 0;
		if (hasIndexes) {
			const ip = child(rulePath, 'succeededIndexes');
			const text = e.str(rule.succeededIndexes, ip);
			if (text !== undefined) {
				if (text.length > MAX_SUCCEEDED_INDEXES_LENGTH) e.tooLong(ip, `may not be more than ${MAX_SUCCEEDED_INDEXES_LENGTH} bytes`);
				const parsed = indexListTotal(text, completions);
				if (typeof parsed === 'string') e.invalid(ip, text, `error parsing succeededIndexes: ${parsed}`);
				else total = parsed;
			}
		}
		if (hasCount) {
			const cp = child(rulePath, 'succeededCount');
			const count = e.nonNegative(rule.succeededCount, cp);
			if (count !== undefined) {
				if (count > completions) e.invalid(cp, count, `must be less than or equal to ${completions} (the number of specified completions)`);
				if (hasIndexes && count > total) e.invalid(cp, count, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`);
			}
		}
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
	for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'])
		if (!sameValue(spec[f], before[f])) e.invalid(child('spec', f), spec[f] ?? null, 'field is immutable');
}

export const jobApi: KindApi = {
	defaults: specDefaults(jobDefaults),
	validate: (e, obj) => jobSpec(e, obj.spec, 'spec'),
	validateUpdate: validateJobUpdate,
	admitCreate: generateSelector,
};
