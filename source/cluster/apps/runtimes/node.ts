// node: `node -e`, `node -p` and script files, read for console output, timers, `.listen()`,
// `process.exit()` and uncaught errors.
import {finished, launch, own, stderr, stdout, type Launch, type Program, type ProgramFactory} from '../programs.js';
import {MiB, planProgram, scriptPath, type Action, type Plan} from './plan.js';
import {closeBracket, evaluate, splitTop, type Scope} from './reader.js';

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
		const path = scriptPath(file);
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
