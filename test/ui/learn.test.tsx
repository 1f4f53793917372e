// :learn in the dashboard: the lessons listed with their progress, a lesson's pane beside the
// views, its step checked against the cluster whatever made the change, a hint on ctrl-g, the
// explanation once done, ctrl-n to go on, and the progress kept in the preferences.
import {afterEach, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {loadCourse} from '../../source/learn/course.js';
import {setLanguage} from '../../source/i18n/index.js';
import {KEYS, prose, start, type Harness} from './harness.js';

const course = () => loadCourse('lessons');
const CTRL_G = '\x07';
const CTRL_N = '\x0e';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h = undefined;
	setLanguage('en');
});


describe(':learn', () => {
	it('lists the lessons, starts one beside the views, checks its steps against the cluster and keeps the progress', async () => {
		let saved: string[] | undefined;
		// ink-testing-library's terminal is 100 columns wide
		h = await start({width: 100, height: 40, prefs: {lessons: ['pod=3']}, app: {course, onPrefs: p => (p.lessons ? (saved = p.lessons) : undefined)}});
		await h.press(':');
		await h.type('learn');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('lessons[20] (enter: start)');
		expect(f).toMatch(/1\s+Containers, not VMs: processes and image layers\s+0\/3/);
		expect(f).toMatch(/3\s+Pod: the smallest thing Kubernetes runs\s+3\/3\s+done/);
		expect(f).toMatch(/6\s+Service: one address for changing Pods\s+0\/2/);
		await h.press('j', 'j', 'j', 'j', 'j');
		f = await h.press(KEYS.enter);
		await h.advance(1_000);
		f = await h.advance(30_000);
		expect(f).toContain('Service: one address for');
		expect(prose(f)).toContain('The Service echo has no endpoints. Find out why and fix it');
		expect(prose(f)).toContain('Checked against the cluster as it changes');
		expect(f).toMatch(/<ctrl-g>\s+Hint/);

		f = await h.press(CTRL_N);
		expect(f).toContain('this step is not done yet: ctrl-g shows a hint');
		f = await h.press(CTRL_G);
		expect(prose(f)).toContain("Hint: w on the Service's row in :svc puts its selector beside the Pods' labels");

		// fixed as kubectl apply would: the pane sees it from the cluster
		h.cluster.apply('apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: default}\nspec:\n  selector: {app: echo}\n  ports: [{port: 80, targetPort: 5678}]\n');
		f = await h.advance(2_000);
		expect(prose(f)).toContain('✓ Done. What happened:');
		expect(prose(f)).toContain('The endpoints controller watches Services and Pods');
		expect(saved).toEqual(['pod=3', 'service=1']);

		f = await h.press(CTRL_N);
		expect(prose(f)).toContain('Step 2 of 2');
		expect(prose(f)).toContain('type NodePort');
		h.cluster.apply('apiVersion: v1\nkind: Service\nmetadata: {name: echo, namespace: default}\nspec:\n  type: NodePort\n  selector: {app: echo}\n  ports: [{port: 80, targetPort: 5678}]\n');
		f = await h.advance(2_000);
		expect(prose(f)).toContain('✓ Done. What happened:');
		expect(saved).toEqual(['pod=3', 'service=2']);
		f = await h.press(CTRL_N);
		expect(prose(f)).toContain('✓ Lesson complete. :learn for the next one.');

		await h.press(':');
		await h.type('learn off');
		f = await h.press(KEYS.enter);
		expect(f).toContain('lesson pane closed');
		expect(f).not.toContain('Lesson complete');
	});

	it('an unknown lesson is a message naming those there are', async () => {
		h = await start({app: {course}});
		await h.press(':');
		await h.type('learn kubelet');
		const f = await h.press(KEYS.enter);
		// the flash line is cut at the terminal's 100 columns
		expect(f).toContain('no lesson "kubelet" (there are: containers, control-plane, pod, replicaset, deployment, service,');
	});

	it('a lesson that needs the eks profile says how to start it on a kind cluster, and starts on an eks one', async () => {
		h = await start({width: 100, height: 40, app: {course}});
		await h.press(':');
		await h.type('learn eks-bill');
		let f = await h.press(KEYS.enter);
		expect(f).toContain('lesson "eks-bill" needs the eks profile: start it with kubesim learn eks-bill (or --profile eks)');
		expect(h.cluster.find('Namespace', undefined, 'team-b')).toBeUndefined();
		h.unmount();
		h = await start({width: 100, height: 40, cluster: {profile: 'eks'}, app: {course}});
		await h.press(':');
		await h.type('learn eks-bill');
		await h.press(KEYS.enter);
		f = await h.advance(1_000);
		expect(prose(f)).toContain('Add a third node to ng-general by hand');
		expect(h.cluster.find('Namespace', undefined, 'team-b')).toBeDefined();
	});

	it('fits 80x24 in Japanese with the pane beside the table', async () => {
		setLanguage('ja');
		h = await start({width: 80, height: 24, app: {course, learn: 'pod'}});
		const f = await h.advance(1_000);
		expect(f).toContain('Pod: Kubernetes が動かす');
		expect(prose(f)).toContain('ステップ 1 / 3');
		for (const line of f.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
		expect(f.split('\n').length).toBeLessThanOrEqual(24);
	});

	it('keeps every lesson inside its pane at 80x24 in Japanese: the goal first, the introduction cut to what is left', async () => {
		/** Each row of the frame from the display column `col` on (wide characters count two). */
		const from = (line: string, col: number) => {
			let w = 0;
			let i = 0;
			for (const ch of line) {
				if (w >= col) break;
				w += stringWidth(ch);
				i += ch.length;
			}
			return line.slice(i);
		};
		setLanguage('ja');
		for (const lesson of course()) {
			h = await start({width: 80, height: 24, ...(lesson.profile === 'eks' ? {cluster: {profile: 'eks' as const}} : {}), app: {course, learn: lesson.id}});
			const f = await h.advance(1_000);
			const lines = f.split('\n');
			expect(lines.length, lesson.id).toBeLessThanOrEqual(24);
			for (const line of lines) expect(stringWidth(line), `${lesson.id}: ${line}`).toBeLessThanOrEqual(80);
			const top = lines.findIndex(l => l.includes('┌'));
			const col = stringWidth(lines[top]!.slice(0, lines[top]!.indexOf('┌')));
			const pane = lines.slice(top).map(l => from(l, col));
			const bottom = pane.findIndex(l => l.startsWith('└'));
			// the border closes the pane, with the keys on the row above it, every row inside it
			expect(bottom, lesson.id).toBeGreaterThan(1);
			expect(pane[bottom], lesson.id).toMatch(/^└─+┘$/);
			expect(pane[bottom - 1], lesson.id).toMatch(/^│ ctrl-g ヒント.*│$/);
			for (const row of pane.slice(1, bottom)) expect(row, lesson.id).toMatch(/^│.*│$/);
			expect(pane[2], lesson.id).toContain(`ステップ 1 / ${lesson.steps.length}`);
			// the goal is there whole; the introduction is what gives way
			const inside = pane
				.slice(1, bottom)
				.map(r => r.slice(1, -1))
				.join('')
				.replace(/\s/g, '');
			expect(inside, lesson.id).toContain(lesson.steps[0]!.goal.ja!.replace(/\s/g, ''));
			h.unmount();
			h = undefined;
		}
	});

	it("shows the selected lesson's introduction under the list", async () => {
		h = await start({width: 100, height: 40, app: {course}});
		await h.press(':');
		await h.type('learn');
		let f = await h.press(KEYS.enter);
		const under = (frame: string) => frame.split('\n').slice(frame.split('\n').findIndex(l => /^ 16\s/.test(l)) + 1).join(' ').replace(/\s+/g, ' ');
		expect(under(f)).toContain('A virtual machine runs a guest OS of its own on a hypervisor. A container has no OS inside');
		f = await h.press('j');
		expect(under(f)).toContain('You never start a container on a Kubernetes cluster yourself');
		expect(under(f)).not.toContain('A virtual machine runs');
	});
});

