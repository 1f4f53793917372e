// A lesson of `kubesim learn`: a YAML file of lessons/ with its texts in English and Japanese,
// the manifests it applies when it starts, and its steps. Each step states a goal, checked against
// the cluster's objects (never against keys pressed: the dashboard, kubectl and `e`dit all count),
// a hint given on request, and what the control plane did, told once the goal is met.
// A file that breaks a rule is refused with its name, line and field.
import YAML, {LineCounter, isMap, isSeq, type Node as YamlNode} from 'yaml';

/** A text in each language a lesson is written in; English is always there. */
export interface Texts {
	en: string;
	ja?: string;
}

/**
 * A test of one field of an object, at a dotted path (`status.readyReplicas`,
 * `spec.containers.0.image`, `status.images.*.names`, `status.conditions[type=Ready].status`).
 */
export interface FieldTest {
	path: string;
	equals?: string | number | boolean;
	atLeast?: number;
	atMost?: number;
	/** The field is there (true) or not (false). */
	exists?: boolean;
	/** A string field holds this text, or a list holds this value. */
	contains?: string;
}

/**
 * A request a user may make, as `kubectl auth can-i VERB RESOURCE --as USER -n NAMESPACE` asks it:
 * the API server's authorizers decide, reading the cluster's Roles and bindings.
 */
export interface Access {
	user: string;
	groups?: string[];
	verb: string;
	/** The resource's plural name (`pods`, `deployments`), with `/subresource` when there is one. */
	resource: string;
	/** The API group (`apps`); the core group when left out. */
	group?: string;
	/** Left out for the cluster scope. */
	namespace?: string;
}

/**
 * What must hold of the cluster: objects of a kind, by name or selector, that pass every test;
 * or, with `can` (and no kind), that a user may make a request.
 */
export interface Check {
	kind: string;
	can?: Access;
	namespace?: string;
	name?: string;
	/** A label selector (`app=web`), for checks over several objects. */
	selector?: string;
	where?: FieldTest[];
	/** How many objects must pass (default: at least one); 0 with `absent`. */
	count?: number;
	/** At least `count` objects... (default), or exactly `count`. */
	exactly?: boolean;
	/** No object of the kind (and name or selector) passes. */
	absent?: boolean;
}

export interface Step {
	goal: Texts;
	hint: Texts;
	/** Every check must hold for the step to be done. */
	checks: Check[];
	/** What the control plane did: which component wrote what, in two or three sentences. */
	explain: Texts;
}

export interface Lesson {
	id: string;
	/** The place in the course (lessons are listed by it). */
	order: number;
	/** The cluster profile the lesson needs (`kubesim learn ID` starts it on that profile). */
	profile?: 'kind' | 'eks';
	title: Texts;
	intro: Texts;
	/** Manifests applied when the lesson starts (as `kubectl apply` does). */
	manifests?: string;
	steps: Step[];
	/** The file it came from. */
	source: string;
}

export class LessonError extends Error {
	override name = 'LessonError';
}

const CHECK_KEYS = new Set(['kind', 'namespace', 'name', 'selector', 'where', 'count', 'exactly', 'absent', 'can']);
const ACCESS_KEYS = new Set(['user', 'groups', 'verb', 'resource', 'group', 'namespace']);
const TEST_KEYS = new Set(['path', 'equals', 'atLeast', 'atMost', 'exists', 'contains']);
const STEP_KEYS = new Set(['goal', 'hint', 'check', 'explain']);
const LESSON_KEYS = new Set(['id', 'order', 'title', 'intro', 'profile', 'manifests', 'steps']);

/**
 * The readers of a lesson-style file (a drill's too): each reads one field and notes what is wrong
 * with it, at its line, in `problems`. `root` is the document's top map (undefined when it is no map).
 */
export function fieldReaders(text: string, source: string) {
	const counter = new LineCounter();
	const doc = YAML.parseDocument(text, {lineCounter: counter, prettyErrors: false, uniqueKeys: true});
	const problems: string[] = [];
	const lineOf = (node: YamlNode | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line : 1);
	const problem = (node: YamlNode | null | undefined, field: string, what: string) => problems.push(`${source}:${lineOf(node)}: ${field}: ${what}`);
	for (const e of doc.errors) problems.push(`${source}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`);
	const root = problems.length ? undefined : doc.contents;

	const node = (parent: YamlNode | null | undefined, key: string): YamlNode | null | undefined => (isMap(parent) ? (parent.get(key, true) as YamlNode | undefined) : undefined);
	const unknown = (map: YamlNode | null | undefined, known: Set<string>, field: string) => {
		if (!isMap(map)) return;
		for (const pair of map.items) {
			const k = String((pair.key as {value?: unknown})?.value ?? pair.key);
			if (!known.has(k)) problem(pair.key as YamlNode, field ? `${field}.${k}` : k, `unknown field (known: ${[...known].join(', ')})`);
		}
	};
	const str = (n: YamlNode | null | undefined, field: string, required = true): string | undefined => {
		const v = (n as {value?: unknown} | null | undefined)?.value;
		if (n === undefined || n === null) {
			if (required) problems.push(`${source}:${lineOf(root)}: ${field}: required`);
			return undefined;
		}
		if (typeof v !== 'string' || !v.trim()) {
			problem(n, field, 'must be a text');
			return undefined;
		}
		return v;
	};
	const texts = (n: YamlNode | null | undefined, field: string): Texts => {
		if (n === undefined || n === null) {
			problems.push(`${source}:${lineOf(root)}: ${field}: required`);
			return {en: ''};
		}
		if (!isMap(n)) {
			problem(n, field, 'must be a map of en and ja texts');
			return {en: ''};
		}
		unknown(n, new Set(['en', 'ja']), field);
		const en = str(node(n, 'en'), `${field}.en`) ?? '';
		const ja = str(node(n, 'ja'), `${field}.ja`, false);
		return ja ? {en, ja: unfoldJapanese(ja)} : {en};
	};
	const num = (n: YamlNode | null | undefined, field: string): number | undefined => {
		if (n === undefined || n === null) return undefined;
		const v = (n as {value?: unknown}).value;
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
			problem(n, field, 'must be a whole number 0 or more');
			return undefined;
		}
		return v;
	};
	const bool = (n: YamlNode | null | undefined, field: string): boolean | undefined => {
		if (n === undefined || n === null) return undefined;
		const v = (n as {value?: unknown}).value;
		if (typeof v !== 'boolean') {
			problem(n, field, 'must be true or false');
			return undefined;
		}
		return v;
	};
	const test = (n: YamlNode, field: string): FieldTest => {
		unknown(n, TEST_KEYS, field);
		const out: FieldTest = {path: str(node(n, 'path'), `${field}.path`) ?? ''};
		const equals = node(n, 'equals');
		if (equals !== undefined && equals !== null) {
			const v = (equals as {value?: unknown}).value;
			if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.equals = v;
			else problem(equals, `${field}.equals`, 'must be a text, a number or true/false');
		}
		const atLeast = num(node(n, 'atLeast'), `${field}.atLeast`);
		if (atLeast !== undefined) out.atLeast = atLeast;
		const atMost = num(node(n, 'atMost'), `${field}.atMost`);
		if (atMost !== undefined) out.atMost = atMost;
		const exists = bool(node(n, 'exists'), `${field}.exists`);
		if (exists !== undefined) out.exists = exists;
		const contains = str(node(n, 'contains'), `${field}.contains`, false);
		if (contains !== undefined) out.contains = contains;
		if (Object.keys(out).length === 1) problem(n, field, 'needs one of equals, atLeast, atMost, exists or contains');
		return out;
	};
	const access = (n: YamlNode, field: string): Access => {
		if (!isMap(n)) {
			problem(n, field, 'must be a map of user, groups, verb, resource, group and namespace');
			return {user: '', verb: '', resource: ''};
		}
		unknown(n, ACCESS_KEYS, field);
		const out: Access = {user: str(node(n, 'user'), `${field}.user`) ?? '', verb: str(node(n, 'verb'), `${field}.verb`) ?? '', resource: str(node(n, 'resource'), `${field}.resource`) ?? ''};
		for (const k of ['group', 'namespace'] as const) {
			const v = str(node(n, k), `${field}.${k}`, false);
			if (v !== undefined) out[k] = v;
		}
		const groups = node(n, 'groups');
		if (groups !== undefined && groups !== null) {
			if (!isSeq(groups)) problem(groups, `${field}.groups`, 'must be a list of group names');
			else out.groups = groups.items.map((g, i) => str(g as YamlNode, `${field}.groups[${i}]`) ?? '');
		}
		return out;
	};
	const check = (n: YamlNode, field: string): Check => {
		if (!isMap(n)) {
			problem(n, field, 'must be a map (kind, name or selector, where)');
			return {kind: ''};
		}
		unknown(n, CHECK_KEYS, field);
		const can = node(n, 'can');
		if (can !== undefined && can !== null) {
			const out: Check = {kind: '', can: access(can, `${field}.can`)};
			for (const k of ['kind', 'name', 'selector', 'where', 'count', 'exactly', 'absent', 'namespace'])
				if (node(n, k) !== undefined) problem(node(n, k), `${field}.${k}`, 'a check with can asks the authorizer only (namespace goes inside can)');
			return out;
		}
		const out: Check = {kind: str(node(n, 'kind'), `${field}.kind`) ?? ''};
		for (const k of ['namespace', 'name', 'selector'] as const) {
			const v = str(node(n, k), `${field}.${k}`, false);
			if (v !== undefined) out[k] = v;
		}
		const where = node(n, 'where');
		if (where !== undefined && where !== null) {
			if (!isSeq(where)) problem(where, `${field}.where`, 'must be a list of field tests');
			else out.where = where.items.map((t, i) => test(t as YamlNode, `${field}.where[${i}]`));
		}
		const count = num(node(n, 'count'), `${field}.count`);
		if (count !== undefined) out.count = count;
		const exactly = bool(node(n, 'exactly'), `${field}.exactly`);
		if (exactly !== undefined) out.exactly = exactly;
		const absent = bool(node(n, 'absent'), `${field}.absent`);
		if (absent !== undefined) out.absent = absent;
		return out;
	};

	return {problems, root, lineOf, problem, node, unknown, str, texts, num, bool, check};
}

/** Reads one lesson file; every problem in it is reported at once, each with its line. */
export function parseLesson(text: string, source: string): Lesson {
	const {problems, root, problem, node, unknown, str, texts, num, check} = fieldReaders(text, source);
	if (problems.length) throw new LessonError(problems.join('\n'));
	if (!isMap(root)) throw new LessonError(`${source}:1: a lesson is a map of id, order, title, intro, profile, manifests and steps`);

	unknown(root, LESSON_KEYS, '');
	const id = str(node(root, 'id'), 'id') ?? '';
	if (id && !/^[a-z0-9][a-z0-9-]*$/.test(id)) problem(node(root, 'id'), 'id', 'must be lower-case letters, digits and dashes');
	const order = num(node(root, 'order'), 'order');
	if (order === undefined && !node(root, 'order')) problems.push(`${source}:1: order: required`);
	const lesson: Lesson = {id, order: order ?? 0, title: texts(node(root, 'title'), 'title'), intro: texts(node(root, 'intro'), 'intro'), steps: [], source};
	const profile = str(node(root, 'profile'), 'profile', false);
	if (profile !== undefined) {
		if (profile === 'kind' || profile === 'eks') lesson.profile = profile;
		else problem(node(root, 'profile'), 'profile', 'must be kind or eks');
	}
	const manifests = str(node(root, 'manifests'), 'manifests', false);
	if (manifests !== undefined) lesson.manifests = manifests;
	const steps = node(root, 'steps');
	if (!isSeq(steps) || !steps.items.length) problem(steps ?? root, 'steps', 'must be a list of one step or more');
	else
		lesson.steps = steps.items.map((s, i) => {
			const field = `steps[${i}]`;
			const step = s as YamlNode;
			if (!isMap(step)) {
				problem(step, field, 'must be a map of goal, hint, check and explain');
				return {goal: {en: ''}, hint: {en: ''}, checks: [], explain: {en: ''}};
			}
			unknown(step, STEP_KEYS, field);
			const c = node(step, 'check');
			let checks: Check[] = [];
			if (c === undefined || c === null) problem(step, `${field}.check`, 'required');
			else if (isSeq(c)) checks = c.items.map((x, j) => check(x as YamlNode, `${field}.check[${j}]`));
			else checks = [check(c, `${field}.check`)];
			return {goal: texts(node(step, 'goal'), `${field}.goal`), hint: texts(node(step, 'hint'), `${field}.hint`), checks, explain: texts(node(step, 'explain'), `${field}.explain`)};
		});
	if (problems.length) throw new LessonError(problems.join('\n'));
	return lesson;
}

/** A text in a language, English when the lesson has none in it. */
/** Japanese letters and punctuation, which are written with no space between words. */
const JAPANESE = '\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef';
const FOLDED = new RegExp(`([${JAPANESE}]) (?=[${JAPANESE}])`, 'gu');

/**
 * A folded YAML text (`>-`) joins its lines with a space. Japanese has none between words, so a
 * space between two Japanese characters is where the file's line broke, not part of the text.
 */
export function unfoldJapanese(text: string): string {
	return text.replace(FOLDED, '$1');
}

export function textIn(texts: Texts, language: string): string {
	return (language === 'ja' ? texts.ja : undefined) ?? texts.en;
}
