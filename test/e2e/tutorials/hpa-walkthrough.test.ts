// The HorizontalPodAutoscaler walkthrough (kubernetes.io/docs/tasks/run-application/
// horizontal-pod-autoscale-walkthrough/) with the real kubectl: php-apache from the website's
// application/php-apache.yaml, `kubectl autoscale`, the busybox load generator's
// `while sleep 0.01; do wget -q -O- http://php-apache; done` (run without -it, which is
// attach's business), TARGETS rising and replicas growing to 7, then, once the load stops,
// the 5-minute downscale stabilization window before the Deployment goes back to one pod.
import {afterAll, beforeAll, expect, it} from 'vitest';
import {describeWithTool, kubectlTool} from '../../tools.js';
import {EX, rows, startTutorial, type Tutorial} from './tutorial.js';

describeWithTool(kubectlTool, 'the HorizontalPodAutoscaler walkthrough with kubectl', () => {
	let t: Tutorial;
	const hpa = async () => rows((await t.kubectl('get', 'hpa', 'php-apache')).stdout)[1]!;
	/** TARGETS and REPLICAS of `kubectl get hpa php-apache`, every 15 s (the controller's sync period) for `ms`. */
	const watch = async (ms: number) => {
		const seen: Array<[string, string]> = [];
		for (let at = 0; at < ms; at += 15_000) {
			t.settle(15_000);
			const r = await hpa();
			seen.push([r[2]!, r[5]!]);
		}
		return seen;
	};

	beforeAll(async () => {
		t = await startTutorial(11);
	});
	afterAll(async () => {
		await t?.close();
	});

	it('php-apache runs, and kubectl autoscale makes an HPA that reads 0% of its 50% target', async () => {
		expect((await t.kubectl('apply', '-f', `${EX}/application/php-apache.yaml`)).stdout).toBe('deployment.apps/php-apache created\nservice/php-apache created\n');
		t.settle(30_000);
		expect((await t.kubectl('autoscale', 'deployment', 'php-apache', '--cpu-percent=50', '--min=1', '--max=10')).stdout).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
		t.settle(30_000);
		expect(rows((await t.kubectl('get', 'hpa')).stdout)).toEqual([
			['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS'],
			['php-apache', 'Deployment/php-apache', 'cpu: 0%/50%', '1', '10', '1'],
		]);
	});

	it('the load generator drives the CPU up and the HPA to 7 replicas, where it holds at the target', async () => {
		const run = await t.kubectl('run', 'load-generator', '--image=busybox:1.28', '--restart=Never', '--', '/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done');
		expect(run.stdout).toBe('pod/load-generator created\n');
		const seen = await watch(240_000);
		// a pod at its 500m limit reads 262% of its 200m request; 5 pods at 73% call for 7
		expect(seen.slice(0, 4)).toEqual([
			['cpu: 262%/50%', '1'],
			['cpu: 73%/50%', '5'],
			['cpu: 69%/50%', '5'],
			['cpu: 50%/50%', '7'],
		]);
		// then 7 pods share the load at the target, the seeded usage samples wandering by a point or two
		expect(seen.slice(4)).toEqual([51, 50, 50, 49, 49, 51, 49, 52, 49, 50, 51, 50].map(p => [`cpu: ${p}%/50%`, '7']));
		expect(rows((await t.kubectl('get', 'deployment', 'php-apache')).stdout)).toEqual([
			['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE'],
			['php-apache', '7/7', '7', '7'],
		]);
		// the generator's wget prints each answer
		expect((await t.kubectl('logs', 'load-generator', '--tail=1')).stdout).toBe('OK!\n');
	});

	it('once the load stops, the HPA waits out the 5-minute stabilization window, then scales to 1', async () => {
		// the tutorial's Ctrl-C ends the generator; here it is deleted without waiting, so the clock is read from here
		const deleted = await t.kubectl('delete', 'pod', 'load-generator', '--wait=false');
		expect(deleted.stdout).toBe('pod "load-generator" deleted\n');
		const seen = await watch(420_000);
		// the CPU reads 0% from the first sync on, but the 7-pod recommendations of the last
		// 5 minutes hold the size until the window has passed over them (the size follows at the sync after 300 s)
		expect(seen).toEqual([...Array(20).fill(['cpu: 0%/50%', '7']), ...Array(8).fill(['cpu: 0%/50%', '1'])]);
		const events = (await t.kubectl('get', 'events', '--field-selector', 'involvedObject.kind=HorizontalPodAutoscaler', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}')).stdout.trim().split('\n');
		expect(events).toEqual([
			'SuccessfulRescale: New size: 5; reason: cpu resource utilization (percentage of request) above target',
			'SuccessfulRescale: New size: 7; reason: cpu resource utilization (percentage of request) above target',
			'SuccessfulRescale: New size: 1; reason: All metrics below target',
		]);
	});
});
