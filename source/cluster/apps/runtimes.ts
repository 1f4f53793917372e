// Language runtimes (node, python, perl) and the stress tools used in resource demos.
//
// Scripts are not interpreted for real: a small reader picks out what users write in demo
// manifests (print/console.log of literals and simple variables, sleeps, `while True`,
// setInterval, `.listen(port)`, exit codes, uncaught errors) and plays it back on the clock.
import type {Step} from './types.js';
import {Timeline, finished, forever, launch, own, stderr, stdout, type Launch, type Program, type ProgramFactory} from './programs.js';
import {piDigits} from './pi.js';
import {pythonHttpTime, slashDateTime} from './time.js';

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// A tiny reader for expressions in scripts

type Lang = 'js' | 'py' | 'pl';

interface Scope {
	vars: Map<string, string>;
	env: Record<string, string>;
	lang: Lang;
}

/** Index of the bracket closing the one opened just before `i`; quotes skipped. -1 if none. */
function closeBracket(src: string, i: number, open = '(', close = ')'): number {
	let depth = 0;
	for (let j = i; j < src.length; j++) {
		const c = src[j];
		if (c === '"' || c === "'" || c === '`') {
			j++;
			while (j < src.length && src[j] !== c) {
				if (src[j] === '\\') j++;
				j++;
			}
		} else if (c === open) depth++;
		else if (c === close) {
			if (depth === 0) return j;
			depth--;
		}
	}
	return -1;
}

/** Splits at top-level occurrences of `sep` (outside quotes and brackets). */
function splitTop(src: string, sep: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let j = 0; j < src.length; j++) {
		const c = src[j];
		if (c === '"' || c === "'" || c === '`') {
			j++;
			while (j < src.length && src[j] !== c) {
				if (src[j] === '\\') j++;
				j++;
			}
		} else if ('([{'.includes(c)) depth++;
		else if (')]}'.includes(c)) depth--;
		else if (depth === 0 && src.startsWith(sep, j)) {
			parts.push(src.slice(start, j));
			start = j + sep.length;
			j += sep.length - 1;
		}
	}
	parts.push(src.slice(start));
	return parts;
}

function unescapeLiteral(s: string): string {
	return s.replace(/\\(.)/g, (_, c: string) => ({n: '\n', t: '\t', r: '\r', '0': '\0'})[c] ?? c);
}

/** The value of a simple expression, or undefined when it is beyond this reader. */
function evaluate(src: string, scope: Scope): string | undefined {
	const e = src.trim();
	if (e === '') return undefined;
	const ors = splitTop(e, scope.lang === 'py' ? ' or ' : '||');
	if (ors.length > 1) {
		let last: string | undefined;
		for (const o of ors) {
			last = evaluate(o, scope);
			if (last) return last;
		}
		return last;
	}
	const pieces = splitTop(e, scope.lang === 'pl' ? '.' : '+').map((p) => p.trim());
	if (pieces.length > 1 && pieces.every((p) => p !== '')) {
		const values = pieces.map((p) => evaluate(p, scope));
		if (values.some((v) => v === undefined)) return undefined;
		const numeric = scope.lang !== 'pl' && pieces.every((p) => !/^['"`f]/.test(p)) && values.every((v) => /^-?\d+(\.\d+)?$/.test(v ?? ''));
		return numeric ? String(values.reduce((a, v) => a + Number(v), 0)) : values.join('');
	}
	let m: RegExpExecArray | null;
	if ((m = /^(['"])((?:[^\\]|\\.)*)\1$/s.exec(e))) {
		const body = m[2];
		if (scope.lang === 'pl' && m[1] === '"') return unescapeLiteral(interpolatePerl(body, scope));
		if (scope.lang === 'pl') return body.replace(/\\(['\\])/g, '$1');
		return unescapeLiteral(body);
	}
	if (scope.lang === 'js' && (m = /^`([^`]*)`$/s.exec(e))) {
		let ok = true;
		const text = m[1].replace(/\$\{([^}]*)\}/g, (_, x: string) => {
			const v = evaluate(x, scope);
			if (v === undefined) ok = false;
			return v ?? '';
		});
		return ok ? unescapeLiteral(text) : undefined;
	}
	if (scope.lang === 'py' && (m = /^f(['"])((?:[^\\]|\\.)*)\1$/s.exec(e))) {
		let ok = true;
		const text = m[2].replace(/\{([^}:!]*)(?:[:!][^}]*)?\}/g, (_, x: string) => {
			const v = evaluate(x, scope);
			if (v === undefined) ok = false;
			return v ?? '';
		});
		return ok ? unescapeLiteral(text) : undefined;
	}
	if (/^-?\d+(\.\d+)?$/.test(e)) return e;
	if (scope.lang === 'py' && (e === 'True' || e === 'False' || e === 'None')) return e;
	if (scope.lang === 'js' && (e === 'true' || e === 'false')) return e;
	if ((m = /^process\.env(?:\.(\w+)|\[\s*['"](\w+)['"]\s*\])$/.exec(e))) return scope.env[m[1] ?? m[2]];
	if ((m = /^os\.(?:environ\.get|getenv)\(\s*['"](\w+)['"]\s*(?:,\s*(.+))?\)$/s.exec(e))) return scope.env[m[1]] ?? (m[2] !== undefined ? evaluate(m[2], scope) : undefined);
	if ((m = /^os\.environ\[\s*['"](\w+)['"]\s*\]$/.exec(e))) return scope.env[m[1]];
	if ((m = /^\$ENV\{\s*['"]?(\w+)['"]?\s*\}$/.exec(e))) return scope.env[m[1]];
	if ((m = /^(?:str|int|float|Number|String|parseInt|parseFloat)\((.*)\)$/s.exec(e))) return evaluate(m[1], scope);
	if ((m = /^\((.*)\)$/s.exec(e))) return evaluate(m[1], scope);
	if ((m = /^\$?([A-Za-z_]\w*)$/.exec(e))) return scope.vars.get(m[1]);
	return undefined;
}

function interpolatePerl(body: string, scope: Scope): string {
	return body.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_whole, name: string) => scope.vars.get(name) ?? '');
}

// ---------------------------------------------------------------------------------------------
// Plans: what a script does, played back by one runner

type Action = {write: string; stream: 'stdout' | 'stderr'; flush?: boolean} | {sleepMs: number} | {listening: true};

interface Plan {
	prelude: Action[];
	/** Repeated forever after the prelude. */
	loop?: Action[];
	port?: number;
	exitCode: number;
	/** Uncaught error: these stderr lines, then exit 1 (or `crashCode`). */
	crash?: string[];
	crashCode?: number;
	/** The script handles SIGTERM itself. */
	handlesSigterm?: boolean;
}

interface RunOptions {
	start: number;
	/** stdout is block-buffered (python, perl without a TTY): lines appear in 8 KiB chunks or at exit. */
	buffered: boolean;
	readyMs: number;
}

const BLOCK = 8192;

function* runPlan(plan: Plan, o: RunOptions): Generator<Step, void, undefined> {
	const partial = {stdout: '', stderr: ''};
	let pending = '';
	const lines = function* (stream: 'stdout' | 'stderr', text: string, final: boolean): Generator<Step> {
		const all = (partial[stream] + text).split('\n');
		partial[stream] = all.pop() ?? '';
		for (const l of all) yield stream === 'stderr' ? stderr(l) : stdout(l);
		if (final && partial[stream] !== '') {
			yield stream === 'stderr' ? stderr(partial[stream]) : stdout(partial[stream]);
			partial[stream] = '';
		}
	};
	const flushPending = function* (final: boolean): Generator<Step> {
		const text = pending;
		pending = '';
		yield* lines('stdout', text, final);
	};
	let elapsed = 0;
	const act = function* (a: Action): Generator<Step> {
		if ('sleepMs' in a) {
			if (a.sleepMs > 0) {
				elapsed += a.sleepMs;
				yield {sleep: a.sleepMs};
			}
		} else if ('listening' in a) {
			if (elapsed < o.readyMs) {
				const d = o.readyMs - elapsed;
				elapsed += d;
				yield {sleep: d};
			}
		} else if (a.stream === 'stdout' && o.buffered && !a.flush) {
			pending += a.write;
			if (pending.length >= BLOCK) yield* flushPending(false);
		} else {
			if (pending) yield* flushPending(false);
			yield* lines(a.stream, a.write, false);
		}
	};
	for (const a of plan.prelude) yield* act(a);
	if (plan.loop) {
		const hasSleep = plan.loop.some((a) => 'sleepMs' in a && a.sleepMs > 0);
		for (;;) {
			for (const a of plan.loop) yield* act(a);
			if (!hasSleep) yield {sleep: 100};
		}
	}
	if (plan.port !== undefined) yield* forever();
	yield* flushPending(true);
	yield* lines('stderr', '', true);
	if (plan.crash) {
		for (const l of plan.crash) yield stderr(l);
		yield {exit: plan.crashCode ?? 1};
		return;
	}
	yield {exit: plan.exitCode};
}

function planProgram(plan: Plan, l: Launch, o: {buffered: boolean; readyMs: number; memory: number; serverMemory: number}): Program {
	const busy = plan.loop !== undefined && !plan.loop.some((a) => 'sleepMs' in a && a.sleepMs > 0);
	return {
		run: () => runPlan(plan, {start: l.ctx.startedAt + (l.uptimeMs ?? 0), buffered: o.buffered, readyMs: o.readyMs}),
		listen: plan.port !== undefined ? {ports: [plan.port], afterMs: o.readyMs} : undefined,
		memory: plan.port !== undefined ? o.serverMemory : o.memory,
		cpu: busy ? 1000 : 1,
		// As PID 1 without its own handler the runtime ignores SIGTERM.
		onSigterm: plan.handlesSigterm ? () => [{exit: 0}] : undefined,
	};
}

// ---------------------------------------------------------------------------------------------
// node

/** `file` names the script in stack traces: `/app/server.js` or `[eval]`. */
function planJs(code: string, scope: Scope, file: string, nodeVersion: string): Plan {
	const plan: Plan = {prelude: [], exitCode: 0};
	for (const m of code.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*([^;\n]+)/g)) {
		const v = evaluate(m[2], scope);
		if (v !== undefined) scope.vars.set(m[1], v);
	}
	plan.handlesSigterm = /process\.on\(\s*['"]SIG(TERM|INT)['"]/.test(code);
	const consumed: Array<[number, number]> = [];
	const inConsumed = (i: number) => consumed.some(([a, b]) => i >= a && i < b);
	const prints = (text: string): Action[] => {
		const out: Action[] = [];
		for (const m of text.matchAll(/console\.(log|info|warn|error|debug)\(/g)) {
			const start = (m.index ?? 0) + m[0].length;
			const end = closeBracket(text, start);
			if (end < 0) continue;
			const args = splitTop(text.slice(start, end), ',').map((a) => evaluate(a, scope));
			if (args.some((a) => a === undefined)) continue;
			out.push({write: args.join(' ') + '\n', stream: m[1] === 'error' || m[1] === 'warn' ? 'stderr' : 'stdout'});
		}
		return out;
	};
	const events = /console\.(?:log|info|warn|error|debug)\(|setInterval\(|setTimeout\(|\.listen\(|process\.exit\(|^throw new (\w*Error)\(/gm;
	for (const m of code.matchAll(events)) {
		const at = m.index ?? 0;
		if (inConsumed(at)) continue;
		const start = at + m[0].length;
		const end = closeBracket(code, start);
		if (end < 0) continue;
		const args = code.slice(start, end);
		if (m[0].startsWith('console.')) {
			plan.prelude.push(...prints(code.slice(at, end + 1)));
		} else if (m[0].startsWith('setInterval')) { // a simulated script's timer, played on the virtual clock
			const parts = splitTop(args, ',');
			const ms = Number(evaluate(parts[parts.length - 1], scope) ?? 1000) || 1;
			plan.loop = [...prints(args), {sleepMs: ms}];
			consumed.push([at, end]);
		} else if (m[0].startsWith('setTimeout')) {
			const parts = splitTop(args, ',');
			const ms = Number(evaluate(parts[parts.length - 1], scope) ?? 0) || 0;
			plan.prelude.push({sleepMs: ms}, ...prints(args));
			consumed.push([at, end]);
		} else if (m[0] === '.listen(') {
			const port = Number(evaluate(splitTop(args, ',')[0], scope));
			if (Number.isInteger(port) && port > 0) {
				plan.port = port;
				plan.prelude.push({listening: true});
			}
		} else if (m[0] === 'process.exit(') {
			if (plan.port === undefined && !plan.loop) {
				plan.exitCode = Number(evaluate(args, scope) ?? 0) || 0;
				break;
			}
		} else if (m[1] !== undefined) {
			const message = evaluate(args, scope) ?? '';
			const lineNo = code.slice(0, at).split('\n').length;
			plan.crash = [
				`${file}:${lineNo}`,
				code.split('\n')[lineNo - 1],
				'^',
				'',
				m[1] + (message ? `: ${message}` : ''),
				`    at ${file === '[eval]' ? '[eval]' : `Object.<anonymous> (${file}`}:${lineNo}:7${file === '[eval]' ? '' : ')'}`,
				'    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
				'    at node:internal/main/run_main_module:36:49',
				'',
				`Node.js v${nodeVersion}`,
			];
			break;
		}
	}
	return plan;
}

const NODE_READY_MS = 800;

function node(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	let code: string | undefined;
	let file: string | undefined;
	let print = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '-v' || a === '--version') return finished([stdout(`v${l.version}`)]);
		if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
			code = args[++i] ?? '';
			print = a === '-p' || a === '--print';
			break;
		}
		if (a === '-r' || a === '--require') {
			i++;
			continue;
		}
		if (a.startsWith('-')) continue;
		file = a;
		break;
	}
	const version = `Node.js v${l.version}`;
	if (code === undefined && file === undefined) return finished([]); // the REPL sees no TTY and exits
	let name = '[eval]';
	if (file !== undefined) {
		const path = file.startsWith('/') ? file : '/' + file.replace(/^\.\//, '');
		const found = [path, path + '.js', path + '/index.js'].find((p) => l.ctx.files[p] !== undefined);
		if (!found) {
			return finished(
				[
					'node:internal/modules/cjs/loader:1228',
					'  throw err;',
					'  ^',
					'',
					`Error: Cannot find module '${path}'`,
					'    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)',
					'    at Module._load (node:internal/modules/cjs/loader:1051:27)',
					'    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)',
					'    at node:internal/main/run_main_module:28:49 {',
					"  code: 'MODULE_NOT_FOUND',",
					'  requireStack: []',
					'}',
					'',
					version,
				].map(stderr),
				1,
			);
		}
		code = l.ctx.files[found];
		name = found;
	}
	const scope: Scope = {vars: new Map(), env: l.env, lang: 'js'};
	const plan = planJs(code ?? '', scope, name, l.version);
	if (print && plan.prelude.length === 0) {
		const v = evaluate(code ?? '', scope);
		plan.prelude.push({write: (v ?? 'undefined') + '\n', stream: 'stdout'});
	}
	return planProgram(plan, l, {buffered: false, readyMs: NODE_READY_MS, memory: 38 * MiB, serverMemory: 46 * MiB});
}

export const NODE_PROGRAMS: Record<string, ProgramFactory> = {
	'docker-entrypoint.sh': (argv, l) => {
		const args = argv.slice(1);
		// Like the image's script: options or a script file go to node; commands run as they are.
		if (args.length === 0) return finished([]);
		if (args[0].startsWith('-') || /\.(c|m)?js$/.test(args[0])) return node(['node', ...args], l);
		const factory = own(l.programs, args[0]);
		if (factory) return factory(args, l);
		return launch(args, l);
	},
	node,
	nodejs: node,
};

// ---------------------------------------------------------------------------------------------
// python

/** Modules that are not in the official python image (pip install needed). */
const THIRD_PARTY = ['flask', 'fastapi', 'uvicorn', 'requests', 'django', 'numpy', 'pandas', 'redis', 'psycopg2', 'gunicorn', 'prometheus_client', 'yaml'];

interface PyStatement {
	indent: number;
	text: string;
	line: number;
}

function pyStatements(code: string): PyStatement[] {
	const out: PyStatement[] = [];
	code.split('\n').forEach((raw, idx) => {
		const stripped = raw.replace(/\s+#.*$/, '');
		if (stripped.trim() === '' || stripped.trim().startsWith('#')) return;
		const indent = stripped.length - stripped.trimStart().length;
		let rest = stripped.trim();
		// `while True: print(1); time.sleep(1)` on one line.
		const compound = /^((?:while|for|if|with|def|class|try|else|elif)\b[^:]*:)\s*(\S.*)$/.exec(rest);
		if (compound) {
			out.push({indent, text: compound[1], line: idx + 1});
			rest = compound[2];
			for (const part of splitTop(rest, ';')) if (part.trim()) out.push({indent: indent + 1, text: part.trim(), line: idx + 1});
			return;
		}
		for (const part of splitTop(rest, ';')) if (part.trim()) out.push({indent, text: part.trim(), line: idx + 1});
	});
	return out;
}

function planPy(code: string, scope: Scope, file: string): Plan {
	const plan: Plan = {prelude: [], exitCode: 0};
	plan.handlesSigterm = /signal\.signal\(\s*signal\.SIG(TERM|INT)/.test(code);
	const stmts = pyStatements(code);
	const sourceLines = code.split('\n');
	const crash = (s: PyStatement, kind: string, message: string) => {
		plan.crash = ['Traceback (most recent call last):', `  File "${file}", line ${s.line}, in <module>`];
		if (file !== '<string>') plan.crash.push('    ' + sourceLines[s.line - 1].trim());
		plan.crash.push(message ? `${kind}: ${message}` : kind);
	};
	const exec = (list: PyStatement[], out: Action[]): 'stop' | void => {
		for (let i = 0; i < list.length; i++) {
			const s = list[i];
			const t = s.text;
			let m: RegExpExecArray | null;
			const block = () => {
				const body: PyStatement[] = [];
				while (i + 1 < list.length && list[i + 1].indent > s.indent) body.push(list[++i]);
				return body;
			};
			if ((m = /^(?:import|from)\s+([\w.]+)/.exec(t))) {
				const mod = m[1].split('.')[0];
				if (THIRD_PARTY.includes(mod)) {
					crash(s, 'ModuleNotFoundError', `No module named '${mod}'`);
					return 'stop';
				}
			} else if (/^while\s+(True|1)\s*:$/.test(t)) {
				const loop: Action[] = [];
				exec(block(), loop);
				plan.loop = loop;
				return 'stop';
			} else if ((m = /^for\s+(\w+)\s+in\s+range\((.*)\)\s*:$/.exec(t))) {
				const bounds = splitTop(m[2], ',').map((x) => Number(evaluate(x, scope)));
				const [from, to] = bounds.length === 1 ? [0, bounds[0]] : [bounds[0], bounds[1]];
				const body = block();
				for (let k = from; k < Math.min(to, from + 1000); k++) {
					scope.vars.set(m[1], String(k));
					if (exec(body, out) === 'stop') return 'stop';
				}
			} else if (/^(if|else|elif|with|def|class|try|except|finally)\b/.test(t)) {
				if (/^(def|class)\b/.test(t)) block();
			} else if ((m = /^print\((.*)\)$/s.exec(t))) {
				const args = splitTop(m[1], ',').map((a) => a.trim()).filter((a) => a !== '');
				const flush = args.some((a) => /^flush\s*=\s*True$/.test(a));
				const file2 = args.some((a) => /^file\s*=\s*sys\.stderr$/.test(a));
				const end = args.find((a) => a.startsWith('end='));
				const values = args.filter((a) => !/^\w+\s*=[^=]/.test(a)).map((a) => evaluate(a, scope));
				if (values.some((v) => v === undefined)) continue;
				out.push({write: values.join(' ') + (end ? (evaluate(end.slice(4), scope) ?? '\n') : '\n'), stream: file2 ? 'stderr' : 'stdout', flush});
			} else if ((m = /^(?:time\.)?sleep\((.*)\)$/.exec(t))) {
				out.push({sleepMs: Math.round(Number(evaluate(m[1], scope) ?? 0) * 1000)});
			} else if ((m = /^(?:sys\.exit|exit|quit)\((.*)\)$/.exec(t))) {
				const v = evaluate(m[1], scope);
				plan.exitCode = v === undefined || v === '' || v === 'None' ? 0 : /^\d+$/.test(v) ? Number(v) : 1;
				if (v !== undefined && !/^\d+$/.test(v) && v !== 'None' && v !== '') out.push({write: v + '\n', stream: 'stderr'});
				return 'stop';
			} else if ((m = /^raise\s+(\w+)(?:\((.*)\))?$/.exec(t))) {
				crash(s, m[1], m[2] !== undefined ? (evaluate(m[2], scope) ?? '') : '');
				return 'stop';
			} else if (/serve_forever\(|\.run\(|uvicorn\.run\(/.test(t)) {
				const port = /port\s*=\s*([^,)]+)/.exec(t)?.[1];
				const p = Number(port !== undefined ? evaluate(port, scope) : scope.vars.get('PORT') ?? 8000);
				plan.port = Number.isInteger(p) && p > 0 ? p : 8000;
				out.push({listening: true});
				return 'stop';
			} else if ((m = /^(\w+)\s*=\s*(.+)$/.exec(t))) {
				const v = evaluate(m[2], scope);
				const server = /HTTPServer\(\s*\(\s*['"][^'"]*['"]\s*,\s*(\w+)\s*\)/.exec(m[2]);
				if (server) scope.vars.set('PORT', evaluate(server[1], scope) ?? '8000');
				if (v !== undefined) scope.vars.set(m[1], v);
			}
		}
	};
	exec(stmts, plan.prelude);
	return plan;
}

function pythonHttpServer(args: string[], l: Launch, unbuffered: boolean): Program {
	const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 8000);
	const bind = args[args.indexOf('--bind') + 1] ?? args[args.indexOf('-b') + 1];
	const host = args.includes('--bind') || args.includes('-b') ? bind : '::';
	const shown = host.includes(':') ? `[${host}]` : host;
	const listing = 1_122;
	return {
		run: () =>
			runPlan(
				{prelude: [{listening: true}, {write: `Serving HTTP on ${host} port ${port} (http://${shown}:${port}/) ...\n`, stream: 'stdout'}], port, exitCode: 0},
				{start: l.ctx.startedAt + (l.uptimeMs ?? 0), buffered: !unbuffered, readyMs: 150},
			),
		listen: {ports: [port], afterMs: 150},
		memory: 14 * MiB,
		cpu: 1,
		respond(method, path) {
			const p = path.split('?')[0];
			const file = l.ctx.files[p];
			if (p === '/') return {status: 200, bytes: method === 'HEAD' ? 0 : listing};
			if (file !== undefined) return {status: 200, bytes: method === 'HEAD' ? 0 : Buffer.byteLength(file), body: file};
			return {status: 404, bytes: 335};
		},
		accessLog(req) {
			return `${req.clientIP} - - [${pythonHttpTime(req.time)}] "${req.method} ${req.path} HTTP/1.1" ${req.status} -`;
		},
	};
}

const PYTHON_READY_MS = 500;

function python(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const arg0 = argv[0].split('/').pop() ?? 'python3';
	let unbuffered = !!l.env.PYTHONUNBUFFERED;
	let code: string | undefined;
	let file: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '-V' || a === '--version') return finished([stdout(`Python ${l.version}`)]);
		if (a === '-u') {
			unbuffered = true;
			continue;
		}
		if (a === '-c') {
			code = args[++i] ?? '';
			break;
		}
		if (a === '-m') {
			const mod = args[i + 1] ?? '';
			if (mod === 'http.server' || mod === 'SimpleHTTPServer') return pythonHttpServer(args.slice(i + 2), l, unbuffered);
			if (mod === 'pip') return finished([stdout(`pip 24.3.1 from /usr/local/lib/python${l.version.split('.').slice(0, 2).join('.')}/site-packages/pip (python ${l.version.split('.').slice(0, 2).join('.')})`)]);
			return finished([stderr(`/usr/local/bin/${arg0}: No module named ${mod}`)], 1);
		}
		if (/^-[a-zA-Z]+$/.test(a)) continue;
		file = a;
		break;
	}
	if (code === undefined && file === undefined) return finished([]); // the REPL reads EOF from /dev/null
	let name = '<string>';
	if (file !== undefined) {
		const path = file.startsWith('/') ? file : '/' + file.replace(/^\.\//, '');
		if (l.ctx.files[path] === undefined) return finished([stderr(`${arg0}: can't open file '${path}': [Errno 2] No such file or directory`)], 2);
		code = l.ctx.files[path];
		name = path;
	}
	const scope: Scope = {vars: new Map(), env: l.env, lang: 'py'};
	const plan = planPy(code ?? '', scope, name);
	return planProgram(plan, l, {buffered: !unbuffered, readyMs: PYTHON_READY_MS, memory: 9 * MiB, serverMemory: 24 * MiB});
}

export const PYTHON_PROGRAMS: Record<string, ProgramFactory> = {
	python,
	python3: python,
};

// ---------------------------------------------------------------------------------------------
// perl

function perlVersion(version: string): string[] {
	const [, minor, patch] = version.split('.');
	return [
		'',
		`This is perl 5, version ${minor}, subversion ${patch} (v${version}) built for x86_64-linux-gnu-thread-multi`,
		'',
		'Copyright 1987-2025, Larry Wall',
		'',
		'Perl may be copied only under the terms of either the Artistic License or the',
		'GNU General Public License, which may be found in the Perl 5 source kit.',
		'',
		'Complete documentation for Perl, including FAQ lists, should be found on',
		'this system using "man perl" or "perldoc perl".  If you have access to the',
		'Internet, point your browser at https://www.perl.org/, the Perl Home Page.',
		'',
	];
}

/** Virtual milliseconds bignum needs for `bpi(n)`: about 7 s for the 2000 digits of the pi Job. */
export function piComputeMs(digits: number): number {
	return Math.max(50, Math.round(digits * digits * 0.00175));
}

function planPerl(code: string, scope: Scope, autoNewline: boolean): Plan {
	const plan: Plan = {prelude: [], exitCode: 0};
	plan.handlesSigterm = /\$SIG\{\s*['"]?(TERM|INT)/.test(code);
	for (const m of code.matchAll(/\bmy\s+\$(\w+)\s*=\s*([^;]+);/g)) {
		const v = evaluate(m[2], scope);
		if (v !== undefined) scope.vars.set(m[1], v);
	}
	const statements = (text: string, out: Action[]): 'stop' | void => {
		for (const raw of splitTop(text, ';')) {
			const s = raw.trim();
			let m: RegExpExecArray | null;
			if ((m = /^(?:while\s*\(\s*(?:1|true)\s*\)|for\s*\(\s*;\s*;\s*\))\s*\{([\s\S]*)\}$/.exec(s))) {
				const loop: Action[] = [];
				statements(m[1], loop);
				plan.loop = loop;
				return 'stop';
			}
			if ((m = /^print\s*(?:\(\s*)?(.*?)\s*\)?$/s.exec(s)) && s.startsWith('print')) {
				const values = splitTop(m[1], ',').map((a) => evaluate(a, scope));
				if (values.some((v) => v === undefined)) continue;
				out.push({write: values.join('') + (autoNewline ? '\n' : ''), stream: 'stdout'});
			} else if ((m = /^sleep\s*\(?\s*([\d.]+)\s*\)?$/.exec(s))) {
				out.push({sleepMs: Math.round(Number(m[1]) * 1000)});
			} else if ((m = /^exit\s*\(?\s*(\d*)\s*\)?$/.exec(s))) {
				plan.exitCode = Number(m[1] || 0);
				return 'stop';
			} else if ((m = /^die\s*\(?\s*(.*?)\s*\)?$/s.exec(s))) {
				const msg = evaluate(m[1], scope) ?? 'Died';
				plan.crash = [msg.endsWith('\n') ? msg.slice(0, -1) : `${msg} at -e line 1.`];
				plan.crashCode = 255;
				return 'stop';
			}
		}
	};
	statements(code, plan.prelude);
	return plan;
}

function perl(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	let code: string | undefined;
	let file: string | undefined;
	let autoNewline = false;
	let debugger_ = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a === '-v' || a === '--version') return finished(perlVersion(l.version).map(stdout));
		if (a.startsWith('-M') || a.startsWith('-m') || a.startsWith('-I')) continue;
		const flags = /^-([a-zA-Z0-9]+)$/.exec(a);
		if (flags) {
			let rest = flags[1];
			if (rest.startsWith('d')) debugger_ = true;
			if (rest.includes('l')) autoNewline = true;
			const e = rest.search(/[eE]/);
			if (e >= 0) {
				rest = rest.slice(e + 1);
				code = rest !== '' ? rest : (args[++i] ?? '');
				break;
			}
			continue;
		}
		file = a;
		break;
	}
	if (debugger_ && code !== undefined) {
		return finished(
			['', 'Loading DB routines from perl5db.pl version 1.80', 'Editor support available.', '', "Enter h or 'h h' for help, or 'man perldebug' for more help.", '', `main::(-e:1):\t${code}`].map(stdout),
		);
	}
	if (file !== undefined) {
		const text = l.ctx.files[file.startsWith('/') ? file : '/' + file];
		if (text === undefined) return finished([stderr(`Can't open perl script "${file}": No such file or directory`)], 2);
		code = text;
	}
	if (code === undefined) return finished([]); // reads its program from an empty stdin
	const pi = /\bbpi\(\s*(\d+)\s*\)/.exec(code);
	if (pi) {
		const n = Number(pi[1]);
		const ms = piComputeMs(n);
		const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
		return {
			*run() {
				const t = new Timeline(start);
				yield t.sleep(ms);
				yield stdout(piDigits(n));
				yield {exit: 0};
			},
			memory: 6 * MiB + n * 64,
			cpu: 1000,
		};
	}
	const scope: Scope = {vars: new Map(), env: l.env, lang: 'pl'};
	const plan = planPerl(code, scope, autoNewline);
	const unbuffered = /\$\|\s*(=\s*1|\+\+)|autoflush/.test(code);
	return planProgram(plan, l, {buffered: !unbuffered, readyMs: 100, memory: 5 * MiB, serverMemory: 12 * MiB});
}

export const PERL_PROGRAMS: Record<string, ProgramFactory> = {
	perl,
};

// ---------------------------------------------------------------------------------------------
// polinux/stress and vish/stress

/** `150M`, `1G`, `256k`: stress's sizes, powers of 1024. */
function stressBytes(s: string): number | undefined {
	const m = /^(\d+)([bBkKmMgG]?)$/.exec(s);
	if (!m) return undefined;
	const mult: Record<string, number> = {'': 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB};
	return Number(m[1]) * mult[m[2].toLowerCase()];
}

function stressSeconds(s: string): number | undefined {
	const m = /^(\d+)([smhdy]?)$/.exec(s);
	if (!m) return undefined;
	const mult: Record<string, number> = {'': 1, s: 1, m: 60, h: 3600, d: 86400, y: 31_536_000};
	return Number(m[1]) * mult[m[2]];
}

const STRESS_USAGE = [
	"`stress' imposes certain types of compute stress on your system",
	'',
	'Usage: stress [OPTION [ARG]] ...',
	' -?, --help         show this help statement',
	'     --version      show version statement',
	' -v, --verbose      be verbose',
	' -q, --quiet        be quiet',
	' -n, --dry-run      show what would have been done',
	' -t, --timeout N    timeout after N seconds',
	'     --backoff N    wait factor of N microseconds before work starts',
	' -c, --cpu N        spawn N workers spinning on sqrt()',
	' -i, --io N         spawn N workers spinning on sync()',
	' -m, --vm N         spawn N workers spinning on malloc()/free()',
	'     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)',
	'     --vm-stride B  touch a byte every B bytes (default is 4096)',
	'     --vm-hang N    sleep N secs before free (default none, 0 is inf)',
	'     --vm-keep      redirty memory instead of freeing and reallocating',
	' -d, --hdd N        spawn N workers spinning on write()/unlink()',
	'     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)',
	'',
	'Example: stress --cpu 2 --io 1 --vm 1 --vm-bytes 128M --timeout 10s',
	'',
	'Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).',
];

function stress(argv: string[]): Program {
	const args = argv.slice(1);
	if (args.length === 0 || args.includes('--help') || args.includes('-?')) return finished(STRESS_USAGE.map(stdout));
	if (args.includes('--version')) return finished([stdout('stress 1.0.4')]);
	const hogs = {cpu: 0, io: 0, vm: 0, hdd: 0};
	let vmBytes = 256 * MiB;
	let hang: number | undefined;
	let timeout: number | undefined;
	let quiet = false;
	const fail = (text: string) => finished([stderr(`stress: FAIL: [1] (244) ${text}`)], 1);
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		const value = () => args[++i] ?? '';
		switch (a) {
			case '-c':
			case '--cpu':
				hogs.cpu = Number(value()) || 0;
				break;
			case '-i':
			case '--io':
				hogs.io = Number(value()) || 0;
				break;
			case '-m':
			case '--vm':
				hogs.vm = Number(value()) || 0;
				break;
			case '-d':
			case '--hdd':
				hogs.hdd = Number(value()) || 0;
				break;
			case '--vm-bytes': {
				const b = stressBytes(value());
				if (b === undefined) return fail(`invalid number in size: ${args[i]}`);
				vmBytes = b;
				break;
			}
			case '--vm-hang':
				hang = Number(value()) || 0;
				break;
			case '-t':
			case '--timeout': {
				const s = stressSeconds(value());
				if (s === undefined) return fail(`invalid number in time: ${args[i]}`);
				timeout = s;
				break;
			}
			case '-q':
			case '--quiet':
				quiet = true;
				break;
			case '--vm-stride':
			case '--hdd-bytes':
			case '--backoff':
				value();
				break;
			case '-v':
			case '--verbose':
			case '-n':
			case '--dry-run':
			case '--vm-keep':
				break;
			default:
				return fail(`unrecognized option: ${a}`);
		}
	}
	const lines: Step[] = quiet ? [] : [stdout(`stress: info: [1] dispatching hogs: ${hogs.cpu} cpu, ${hogs.io} io, ${hogs.vm} vm, ${hogs.hdd} hdd`)];
	return {
		*run() {
			yield* lines;
			if (timeout === undefined) return yield* forever();
			yield {sleep: timeout * 1000};
			if (!quiet) yield stdout(`stress: info: [1] successful run completed in ${timeout}s`);
			yield {exit: 0};
		},
		memory: hogs.vm * vmBytes + 1_200_000,
		cpu: hogs.cpu * 1000 + hogs.io * 150 + hogs.hdd * 300 + hogs.vm * (hang === undefined ? 1000 : hang === 0 ? 0 : 100),
	};
}

/** vish/stress, the Go tool of the CPU-limit example: `-cpus 2`, `-mem-total 150Mi`. */
function vishStress(argv: string[], l: Launch): Program {
	const args = argv.slice(1);
	const get = (name: string) => {
		for (let i = 0; i < args.length; i++) {
			if (args[i] === `-${name}` || args[i] === `--${name}`) return args[i + 1];
			if (args[i].startsWith(`-${name}=`) || args[i].startsWith(`--${name}=`)) return args[i].split('=')[1];
		}
		return undefined;
	};
	const cpus = Number(get('cpus') ?? 0) || 0;
	const memTotal = get('mem-total') ?? '0';
	const chunk = get('mem-alloc-size') ?? '4Ki';
	const sleep = get('mem-alloc-sleep') ?? '1ms';
	const units: Record<string, number> = {'': 1, Ki: 1024, Mi: MiB, Gi: 1024 * MiB, K: 1000, M: 1e6, G: 1e9};
	const mm = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(memTotal);
	const bytes = mm ? Number(mm[1]) * units[mm[2] ?? ''] : 0;
	const start = l.ctx.startedAt + (l.uptimeMs ?? 0);
	const glog = (t: number, line: number, text: string) => {
		const d = slashDateTime(t);
		return stderr(`I${d.slice(5, 7)}${d.slice(8, 10)} ${d.slice(11)}.${String((t % 1000) * 1000).padStart(6, '0')}       1 main.go:${line}] ${text}`);
	};
	return {
		*run() {
			const t = new Timeline(start);
			yield t.sleep(3);
			yield glog(t.at(), 26, `Allocating "${memTotal}" memory, in "${chunk}" chunks, with a ${sleep} sleep between allocations`);
			for (let i = 0; i < cpus; i++) yield glog(t.at(), 39, 'Spawning a thread to consume CPU');
			yield t.sleep(bytes > 0 ? 200 : 1);
			yield glog(t.at(), 29, `Allocated "${memTotal}" memory`);
			yield* forever();
		},
		memory: bytes + 2 * MiB,
		cpu: cpus * 1000,
	};
}

export const STRESS_PROGRAMS: Record<string, ProgramFactory> = {stress};
export const VISH_STRESS_PROGRAMS: Record<string, ProgramFactory> = {stress: vishStress};
