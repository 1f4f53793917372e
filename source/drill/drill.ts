// A drill of `kubesim drill`: an incident rehearsed on the simulator, one YAML file of drills/ (or
// the learner's own). Its title and briefing in English and Japanese; the manifests it applies at
// start; a script of faults and load at virtual times; a goal checked against the cluster (the
// lessons' check language); a time limit. A file that breaks a rule is refused with its name,
// line and field.
import {isMap, isSeq, type Node as YamlNode} from 'yaml';
import {fieldReaders, type Check, type Texts} from '../learn/lesson.js';
import {checkManifests} from '../cluster/api/manifest.js';

/** What the script does at a moment: each is a fault or load a real cluster meets. */
export type Fault =
	/** The node's kubelet stops: no heartbeats, NotReady after the grace period. */
	| {type: 'failNode'; node: string}
	| {type: 'recoverNode'; node: string}
	/** A rollout of a new image (a bad one: a tag never released). */
	| {type: 'setImage'; namespace: string; deployment: string; container?: string; image: string}
	/** Requests per second on a Service: set, or multiplied. */
	| {type: 'traffic'; namespace: string; service: string; rps?: number; factor?: number}
	/** A key goes missing from a ConfigMap. */
	| {type: 'removeKey'; namespace: string; configMap: string; key: string}
	/** `kubectl rollout restart`, as a routine change would do it. */
	| {type: 'restart'; namespace: string; deployment: string}
	| {type: 'scale'; namespace: string; deployment: string; replicas: number}
	/** A claim's volume fills up. */
	| {type: 'fillVolume'; namespace: string; claim: string}
	/** A node group's max size set (to its size now when no max is given): the autoscaler can add no node. */
	| {type: 'nodeGroupMax'; nodeGroup?: string; max?: number};

export type FaultType = Fault['type'];

export interface ScriptEntry {
	/** Virtual ms after the drill starts. */
	at: number;
	fault: Fault;
}

export interface Goal {
	text: Texts;
	/** Every check must hold. */
	checks: Check[];
	/** How long the goal must hold again, after it broke, for the drill to end as recovered (ms). */
	holdMs: number;
}

export interface Drill {
	id: string;
	title: Texts;
	briefing: Texts;
	/** The cluster `kubesim drill` starts for it: the simulator's profile and worker nodes. */
	profile?: 'kind' | 'eks';
	nodes?: number;
	/** The namespace its manifests go to (made when missing), and its checks and faults' namespace by default. */
	namespace: string;
	manifests?: string;
	script: ScriptEntry[];
	goal: Goal;
	timeLimitMs: number;
	/** The file it came from. */
	source: string;
}

export class DrillError extends Error {
	override name = 'DrillError';
}

const DRILL_KEYS = new Set(['id', 'title', 'briefing', 'namespace', 'profile', 'nodes', 'manifests', 'script', 'goal', 'timeLimit']);
const GOAL_KEYS = new Set(['text', 'check', 'hold']);
/** The fields of each fault (its own key holds a name or a map of these). */
const FAULTS: Record<FaultType, {name: string; fields: string[]; required: string[]}> = {
	failNode: {name: 'node', fields: [], required: []},
	recoverNode: {name: 'node', fields: [], required: []},
	setImage: {name: '', fields: ['namespace', 'deployment', 'container', 'image'], required: ['deployment', 'image']},
	traffic: {name: '', fields: ['namespace', 'service', 'rps', 'factor'], required: ['service']},
	removeKey: {name: '', fields: ['namespace', 'configMap', 'key'], required: ['configMap', 'key']},
	restart: {name: 'deployment', fields: ['namespace', 'deployment'], required: ['deployment']},
	scale: {name: '', fields: ['namespace', 'deployment', 'replicas'], required: ['deployment', 'replicas']},
	fillVolume: {name: 'claim', fields: ['namespace', 'claim'], required: ['claim']},
	nodeGroupMax: {name: 'nodeGroup', fields: ['nodeGroup', 'max'], required: []},
};
const FAULT_TYPES = Object.keys(FAULTS) as FaultType[];
const NUMBER_FIELDS = new Set(['rps', 'factor', 'replicas', 'max']);

/** A duration as Kubernetes and Go write them: `90s`, `5m`, `1m30s`, `1h`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
	const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text.trim());
	if (!m || !text.trim() || m.slice(1).every(x => x === undefined)) return undefined;
	const [h, min, s, ms] = m.slice(1).map(x => Number(x ?? 0)) as [number, number, number, number];
	return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** Reads one drill file; every problem in it is reported at once, each with its line and field. */
export function parseDrill(text: string, source: string): Drill {
	const {problems, root, lineOf, problem, node, unknown, str, texts, check} = fieldReaders(text, source);
	if (problems.length) throw new DrillError(problems.join('\n'));
	if (!isMap(root)) throw new DrillError(`${source}:1: a drill is a map of id, title, briefing, manifests, script, goal and timeLimit`);
	const required = (field: string) => problems.push(`${source}:${lineOf(root)}: ${field}: required`);
	const scalar = (n: YamlNode | null | undefined): unknown => (n as {value?: unknown} | null | undefined)?.value;
	const duration = (n: YamlNode | null | undefined, field: string): number | undefined => {
		if (n === undefined || n === null) return undefined;
		const v = scalar(n);
		const ms = typeof v === 'string' ? parseDuration(v) : undefined;
		if (ms === undefined) problem(n, field, 'must be a duration such as 60s, 5m or 1m30s');
		return ms;
	};
	const positive = (n: YamlNode, field: string, whole: boolean): number | undefined => {
		const v = scalar(n);
		if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v))) {
			problem(n, field, whole ? 'must be a whole number 0 or more' : 'must be a number 0 or more');
			return undefined;
		}
		return v;
	};

	unknown(root, DRILL_KEYS, '');
	const id = str(node(root, 'id'), 'id') ?? '';
	if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) problem(node(root, 'id'), 'id', 'must be lower-case letters, digits and dashes');
	const drill: Drill = {id, title: texts(node(root, 'title'), 'title'), briefing: texts(node(root, 'briefing'), 'briefing'), namespace: 'default', script: [], goal: {text: {en: ''}, checks: [], holdMs: 30_000}, timeLimitMs: 0, source};
	const namespace = str(node(root, 'namespace'), 'namespace', false);
	if (namespace !== undefined) {
		if (/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) drill.namespace = namespace;
		else problem(node(root, 'namespace'), 'namespace', 'must be a DNS-1123 label (lower-case letters, digits and dashes, at most 63)');
	}
	const profile = str(node(root, 'profile'), 'profile', false);
	if (profile !== undefined) {
		if (profile === 'kind' || profile === 'eks') drill.profile = profile;
		else problem(node(root, 'profile'), 'profile', 'must be kind or eks');
	}
	const nodes = node(root, 'nodes');
	if (nodes !== undefined && nodes !== null) {
		const n = positive(nodes, 'nodes', true);
		if (n !== undefined && (n < 1 || n > 100)) problem(nodes, 'nodes', 'must be from 1 to 100');
		else if (n !== undefined) drill.nodes = n;
	}
	const manifests = str(node(root, 'manifests'), 'manifests', false);
	if (manifests !== undefined) {
		drill.manifests = manifests;
		// a block scalar's text starts on the line after its `|`
		const base = lineOf(node(root, 'manifests'));
		for (const e of checkManifests([{text: manifests, source}])) problems.push(`${source}:${base + e.line}: manifests: ${e.reason}`);
	}

	const limit = node(root, 'timeLimit');
	if (limit === undefined || limit === null) required('timeLimit');
	else drill.timeLimitMs = duration(limit, 'timeLimit') ?? 0;
	if (drill.timeLimitMs === 0 && limit && !problems.some(p => p.includes(': timeLimit:'))) problem(limit, 'timeLimit', 'must be more than 0s');

	const goal = node(root, 'goal');
	if (goal === undefined || goal === null) required('goal');
	else if (!isMap(goal)) problem(goal, 'goal', 'must be a map of text, check and hold');
	else {
		unknown(goal, GOAL_KEYS, 'goal');
		drill.goal.text = texts(node(goal, 'text'), 'goal.text');
		const c = node(goal, 'check');
		if (c === undefined || c === null) problem(goal, 'goal.check', 'required');
		else if (isSeq(c)) drill.goal.checks = c.items.map((x, j) => check(x as YamlNode, `goal.check[${j}]`));
		else drill.goal.checks = [check(c, 'goal.check')];
		drill.goal.checks = drill.goal.checks.map(x => (x.namespace === undefined ? {...x, namespace: drill.namespace} : x));
		const hold = duration(node(goal, 'hold'), 'goal.hold');
		if (hold !== undefined) drill.goal.holdMs = hold;
	}

	const script = node(root, 'script');
	if (!isSeq(script) || !script.items.length) problem(script ?? root, 'script', 'must be a list of one entry or more (at, and one fault)');
	else
		for (const [i, item] of script.items.entries()) {
			const field = `script[${i}]`;
			const e = item as YamlNode;
			if (!isMap(e)) {
				problem(e, field, `must be a map of at and one of ${FAULT_TYPES.join(', ')}`);
				continue;
			}
			unknown(e, new Set(['at', ...FAULT_TYPES]), field);
			const atNode = node(e, 'at');
			const at = duration(atNode, `${field}.at`);
			if (atNode === undefined || atNode === null) problem(e, `${field}.at`, 'required');
			const types = FAULT_TYPES.filter(t => node(e, t) !== undefined);
			if (types.length !== 1) {
				problem(e, field, types.length ? `has ${types.join(' and ')}: one fault per entry` : `needs one of ${FAULT_TYPES.join(', ')}`);
				continue;
			}
			const type = types[0]!;
			const spec = FAULTS[type];
			const value = node(e, type);
			const values: Record<string, string | number> = {};
			if (!spec.fields.length && isMap(value)) {
				problem(value, `${field}.${type}`, `must be the ${spec.name}'s name`);
				continue;
			} else if (spec.name && !isMap(value)) {
				const v = str(value, `${field}.${type}`);
				if (v !== undefined) values[spec.name] = v;
			} else if (!isMap(value)) {
				problem(value ?? e, `${field}.${type}`, `must be a map of ${spec.fields.join(', ')}`);
				continue;
			} else {
				unknown(value, new Set(spec.fields), `${field}.${type}`);
				for (const f of spec.fields) {
					const n = node(value, f);
					if (n === undefined || n === null) {
						if (spec.required.includes(f)) problem(value, `${field}.${type}.${f}`, 'required');
						continue;
					}
					const v = NUMBER_FIELDS.has(f) ? positive(n, `${field}.${type}.${f}`, f !== 'factor') : str(n, `${field}.${type}.${f}`);
					if (v !== undefined) values[f] = v;
				}
				if (type === 'traffic' && (values.rps === undefined) === (values.factor === undefined) && !problems.some(p => p.includes(`${field}.traffic.`)))
					problem(value, `${field}.traffic`, 'needs rps or factor (one of them)');
			}
			const ns = String(values.namespace ?? drill.namespace);
			if (at !== undefined) drill.script.push({at, fault: {type, ...values, ...(spec.fields.includes('namespace') ? {namespace: ns} : {})} as Fault});
		}
	drill.script.sort((a, b) => a.at - b.at);
	if (drill.timeLimitMs && drill.script.some(s => s.at >= drill.timeLimitMs)) problem(limit, 'timeLimit', 'must be later than every entry of the script');
	if (problems.length) throw new DrillError(problems.join('\n'));
	return drill;
}
