// python: `python -c`, script files and `python -m http.server`, read for prints, sleeps,
// `while True`, imports of packages the image lacks, exits and raised errors.
import {finished, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {pythonHttpTime} from '../time.js';
import {MiB, planProgram, runPlan, scriptPath, type Action, type Plan} from './plan.js';
import {evaluate, splitTop, type Scope} from './reader.js';

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
			} else if ((m = /^if\s+(.+):$/.exec(t)) && pyCondition(m[1], scope) !== undefined) {
				// an if/elif/else chain whose conditions can be read: only the branch taken runs
				let taken = pyCondition(m[1], scope) === true;
				let ran = false;
				let body = block();
				for (;;) {
					if (taken && !ran) {
						ran = true;
						if (exec(body, out) === 'stop') return 'stop';
					}
					const next = list[i + 1];
					if (!next || next.indent !== s.indent) break;
					const elif = /^elif\s+(.+):$/.exec(next.text);
					if (!elif && next.text !== 'else:') break;
					i++;
					const cond = elif ? pyCondition(elif[1], scope) : true;
					const stmt = next;
					body = [];
					while (i + 1 < list.length && list[i + 1].indent > stmt.indent) body.push(list[++i]);
					taken = cond === true;
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

/** A number from a Python expression the reader knows, with `%` of numbers; undefined when unread. */
function pyNumber(src: string, scope: Scope): number | undefined {
	const parts = splitTop(src, '%').map(x => x.trim());
	const values = parts.map(x => evaluate(x, scope));
	if (values.some(v => v === undefined || !/^-?\d+(\.\d+)?$/.test(v))) return undefined;
	return values.slice(1).reduce((a, v) => a % Number(v), Number(values[0]));
}

/**
 * The truth of an `if` condition: comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`) of strings and
 * numbers the reader can evaluate, joined by `and`/`or`, `not`; undefined when it cannot tell.
 */
export function pyCondition(src: string, scope: Scope): boolean | undefined {
	const e = src.trim();
	const ors = splitTop(e, ' or ');
	if (ors.length > 1) {
		const vs = ors.map(o => pyCondition(o, scope));
		return vs.some(v => v === undefined) ? undefined : vs.some(Boolean);
	}
	const ands = splitTop(e, ' and ');
	if (ands.length > 1) {
		const vs = ands.map(a => pyCondition(a, scope));
		return vs.some(v => v === undefined) ? undefined : vs.every(Boolean);
	}
	if (e.startsWith('not ')) {
		const v = pyCondition(e.slice(4), scope);
		return v === undefined ? undefined : !v;
	}
	const cmp = /^(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/s.exec(e);
	if (!cmp) {
		if (e === 'True') return true;
		if (e === 'False' || e === 'None') return false;
		return undefined;
	}
	const [, left, op, right] = cmp;
	const ln = pyNumber(left!, scope);
	const rn = pyNumber(right!, scope);
	const quoted = (x: string) => /^['"]/.test(x.trim());
	if (ln !== undefined && rn !== undefined && !quoted(left!) && !quoted(right!)) {
		switch (op) {
			case '==': return ln === rn;
			case '!=': return ln !== rn;
			case '<': return ln < rn;
			case '<=': return ln <= rn;
			case '>': return ln > rn;
			default: return ln >= rn;
		}
	}
	const ls = evaluate(left!, scope);
	const rs = evaluate(right!, scope);
	if (ls === undefined || rs === undefined) return undefined;
	if (op === '==') return ls === rs;
	if (op === '!=') return ls !== rs;
	return undefined;
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
		const path = scriptPath(file);
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
