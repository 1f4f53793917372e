// The house rules of ../shared/DESIGN.md, read from the imports of every source file: the
// simulator stands alone, components meet only in the store, the UI reaches a cluster only
// through its client.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {dirname, join, normalize, relative} from 'node:path';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap(f => {
		const p = join(dir, f);
		return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
	});
}

interface Import {
	from: string;
	/** A path under source/ (without extension), or the package name. */
	to: string;
	typeOnly: boolean;
}

function importsOf(file: string): Import[] {
	const text = readFileSync(file, 'utf8');
	const out: Import[] = [];
	for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
		const spec = m[2]!;
		const to = spec.startsWith('.') ? normalize(join(dirname(file), spec)).replace(/\.(js|ts|tsx)$/, '') : spec;
		out.push({from: file, to, typeOnly: Boolean(m[1])});
	}
	return out;
}

const all = files('source').flatMap(importsOf);
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);
/** The controller a file belongs to: `deployment` for controllers/deployment.ts, `podautoscaler` for controllers/podautoscaler/replicas.ts. */
const controllerOf = (path: string) => path.slice('source/cluster/controllers/'.length).split('/')[0]!.replace(/\.tsx?$/, '');
const show = (list: Import[]) => list.map(i => `${relative('.', i.from)} -> ${i.to}`);

describe('the design rules, read from the imports', () => {
	it('reads every source file (the rules below have something to check)', () => {
		expect(all.length).toBeGreaterThan(300);
		expect(all.some(i => under(i.from, 'source/cluster/scheduler') && i.to === 'source/cluster/core/runner')).toBe(true);
	});

	it('the simulator imports no UI, server, client or verbs code, and no React or Ink', () => {
		const bad = all.filter(
			i =>
				under(i.from, 'source/cluster') &&
				(['source/ui', 'source/server', 'source/client', 'source/config'].some(d => under(i.to, d)) ||
					['react', 'ink'].includes(i.to) ||
					// the public face may offer kubectl's verbs; nothing inside the simulator uses them
					(under(i.to, 'source/verbs') && i.from !== 'source/cluster/index.ts')),
		);
		expect(show(bad)).toEqual([]);
	});

	it('the scheduler, the controllers and the kubelets never import each other', () => {
		const parts = ['source/cluster/scheduler', 'source/cluster/controllers', 'source/cluster/node'];
		const bad = all.filter(i => parts.some(a => under(i.from, a) && parts.some(b => b !== a && under(i.to, b))));
		expect(show(bad)).toEqual([]);
	});

	it('a controller never imports another controller (shared helpers live in cluster/core; a controller may be a folder)', () => {
		const bad = all.filter(
			i =>
				under(i.from, 'source/cluster/controllers') &&
				under(i.to, 'source/cluster/controllers') &&
				!i.from.endsWith('controllers/index.ts') &&
				!i.typeOnly &&
				controllerOf(i.from) !== controllerOf(i.to),
		);
		expect(show(bad)).toEqual([]);
	});

	it('cluster/core is neutral: it imports only the object types, the clock and itself (and types of the store, API and events)', () => {
		const bad = all.filter(
			i =>
				under(i.from, 'source/cluster/core') &&
				i.to.startsWith('source/') &&
				!under(i.to, 'source/cluster/core') &&
				i.to !== 'source/cluster/types' &&
				i.to !== 'source/cluster/clock' &&
				!(i.typeOnly && ['source/cluster/store', 'source/cluster/api', 'source/cluster/events'].some(d => under(i.to, d))),
		);
		expect(show(bad)).toEqual([]);
	});

	it('the store imports nothing but core and the object types', () => {
		const bad = all.filter(i => under(i.from, 'source/cluster/store') && i.to.startsWith('source/') && !under(i.to, 'source/cluster/core') && !under(i.to, 'source/cluster/store') && i.to !== 'source/cluster/types');
		expect(show(bad)).toEqual([]);
	});

	it('the UI reaches a cluster only through ClusterClient (object types and neutral helpers aside)', () => {
		const bad = all.filter(i => under(i.from, 'source/ui') && under(i.to, 'source/cluster') && i.to !== 'source/cluster/types' && !under(i.to, 'source/cluster/core'));
		expect(show(bad)).toEqual([]);
	});

	it('kinds and verbs import no UI, server or client code', () => {
		const bad = all.filter(i => (under(i.from, 'source/kinds') || under(i.from, 'source/verbs')) && ['source/ui', 'source/server', 'source/client'].some(d => under(i.to, d)));
		expect(show(bad)).toEqual([]);
	});

	it('the message catalogue imports only i18next and itself, and the simulator never reads it', () => {
		const bad = all.filter(
			i => (under(i.from, 'source/i18n') && i.to !== 'i18next' && !under(i.to, 'source/i18n')) || (under(i.from, 'source/cluster') && under(i.to, 'source/i18n')),
		);
		expect(show(bad)).toEqual([]);
		expect(all.some(i => under(i.from, 'source/ui') && under(i.to, 'source/i18n'))).toBe(true);
	});

	it('the clients and the server compute no verb of their own: rollback, drain, set image come from verbs/', () => {
		const clientText = ['source/client/embedded.ts', 'source/client/kubeconfig.ts'].map(f => readFileSync(f, 'utf8')).join('\n');
		for (const token of ['pod-template-hash', 'deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/restartedAt', 'kubernetes.io/config.mirror', 'last-applied-configuration'])
			expect(clientText.includes(token), token).toBe(false);
	});
});
