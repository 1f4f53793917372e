import {describe, expect, it} from 'vitest';
import {DescribeWriter, age, formatPorts, formatSelector, formatToleration, humanDuration, joinOrNone, labelsToString, rfc1123z, selectorString, tabwrite} from '../../source/kinds/format.js';
import {Quantity, canonicalQuantity, podQOS} from '../../source/kinds/resources.js';
import {NOW, ago, runningPod} from './fixtures.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
	it.each([
		[0, '0s'],
		[45 * s, '45s'],
		[119 * s, '119s'],
		[120 * s, '2m'],
		[200 * s, '3m20s'],
		[9 * m + 59 * s, '9m59s'],
		[10 * m + 30 * s, '10m'],
		[47 * m, '47m'],
		[179 * m, '179m'],
		[3 * h, '3h'],
		[5 * h + 10 * m, '5h10m'],
		[8 * h, '8h'],
		[30 * h, '30h'],
		[47 * h + 59 * m, '47h'],
		[2 * d, '2d'],
		[3 * d + 4 * h, '3d4h'],
		[7 * d + 23 * h, '7d23h'],
		[8 * d, '8d'],
		[12 * d, '12d'],
		[400 * d, '400d'],
		[729 * d, '729d'],
		[730 * d, '2y'],
		[750 * d, '2y20d'],
		[8 * 365 * d + 40 * d, '8y'],
		[-1500, '0s'],
		[-5 * s, '<invalid>'],
	])('%d ms -> %s', (ms, text) => {
		expect(humanDuration(ms)).toBe(text);
	});

	it('gives ages of timestamps', () => {
		expect(age(ago(45), NOW)).toBe('45s');
		expect(age(ago(3 * 3600 + 600), NOW)).toBe('3h10m');
		expect(age(undefined, NOW)).toBe('<unknown>');
	});
});

describe('cells', () => {
	it('formats service ports like PORT(S)', () => {
		expect(formatPorts([{port: 80, nodePort: 31234, protocol: 'TCP'}, {port: 443, protocol: 'TCP'}])).toBe('80:31234/TCP,443/TCP');
		expect(formatPorts([{port: 53, protocol: 'UDP'}, {port: 53}])).toBe('53/UDP,53/TCP');
		expect(formatPorts([])).toBe('<none>');
		expect(formatPorts(undefined)).toBe('<none>');
	});

	it('joins or prints <none>', () => {
		expect(joinOrNone(['a', 'b'])).toBe('a,b');
		expect(joinOrNone([])).toBe('<none>');
		expect(joinOrNone(['a', 'b'], ', ')).toBe('a, b');
	});

	it('prints labels sorted by key', () => {
		expect(labelsToString({tier: 'front', app: 'web'})).toBe('app=web,tier=front');
		expect(labelsToString({})).toBe('<none>');
	});

	it('prints label selectors like kubectl', () => {
		const sel = {
			matchLabels: {app: 'web'},
			matchExpressions: [
				{key: 'tier', operator: 'In', values: ['front', 'back']},
				{key: 'legacy', operator: 'DoesNotExist'},
				{key: 'canary', operator: 'Exists'},
				{key: 'zone', operator: 'NotIn', values: ['b']},
			],
		};
		expect(selectorString(sel)).toBe('app=web,canary,!legacy,tier in (back,front),zone notin (b)');
		expect(selectorString(undefined)).toBe('');
		expect(formatSelector({})).toBe('<none>');
	});

	it('prints tolerations like describe', () => {
		expect(formatToleration({key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300}))
			.toBe('node.kubernetes.io/not-ready:NoExecute op=Exists for 300s');
		expect(formatToleration({operator: 'Exists'})).toBe('op=Exists');
		expect(formatToleration({key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule'})).toBe('dedicated=gpu:NoSchedule');
	});

	it('prints times as RFC 1123 with a numeric zone', () => {
		expect(rfc1123z('2025-03-01T09:05:07Z')).toBe('Sat, 01 Mar 2025 09:05:07 +0000');
	});
});

describe('quantities', () => {
	it.each([
		['100m', '100m'],
		['0.5', '500m'],
		['1.5', '1500m'],
		['1000m', '1'],
		['2', '2'],
		['1000', '1k'],
		['1500', '1500'],
		['128Mi', '128Mi'],
		['2048Mi', '2Gi'],
		['1.5Gi', '1536Mi'],
		['16393060Ki', '16393060Ki'],
		['512', '512'],
		['0.5Ki', '512'],
		['1G', '1G'],
		['1000M', '1G'],
		['129e6', '129e6'],
		['0', '0'],
	])('%s prints as %s', (input, output) => {
		expect(canonicalQuantity(input)).toBe(output);
	});

	it('adds in the format of the first quantity and rounds milli values up', () => {
		const sum = Quantity.parse('128Mi')!.add(Quantity.parse('70Mi')!);
		expect(sum.toString()).toBe('198Mi');
		expect(Quantity.parse('250m')!.add(Quantity.parse('1')!).toString()).toBe('1250m');
		expect(Quantity.parse('1n')!.milliValue()).toBe(1);
		expect(Quantity.parse('3920m')!.milliValue()).toBe(3920);
	});

	it('computes QoS classes', () => {
		expect(podQOS(runningPod('a', p => delete p.status.qosClass))).toBe('Burstable');
		expect(podQOS(runningPod('a', p => {
			delete p.status.qosClass;
			p.spec.containers[0].resources = {limits: {cpu: '500m', memory: '256Mi'}};
		}))).toBe('Guaranteed');
		expect(podQOS(runningPod('a', p => {
			delete p.status.qosClass;
			p.spec.containers[0].resources = {};
		}))).toBe('BestEffort');
	});
});

describe('tabwrite and DescribeWriter', () => {
	it('aligns consecutive lines and restarts after a line without cells', () => {
		expect(tabwrite('a:\t1\nlonger:\t2\nsection:\nx:\t3\n')).toBe('a:       1\nlonger:  2\nsection:\nx:  3\n');
	});

	it('aligns every column of a table', () => {
		expect(tabwrite('  Type\tStatus\n  ----\t------\n  Ready \tTrue \n')).toBe('  Type    Status\n  ----    ------\n  Ready   True \n');
	});

	it('writes multi-line labels and annotations aligned with the values above', () => {
		const w = new DescribeWriter();
		w.item(0, 'Name', 'web');
		w.labels('Labels', {app: 'web', tier: 'front'});
		w.annotations('Annotations', {'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'hello'});
		w.flush();
		w.item(0, 'X', 'y');
		expect(w.toString()).toBe(
			'Name:         web\n' +
			'Labels:       app=web\n' +
			'              tier=front\n' +
			'Annotations:  note: hello\n' +
			'X:  y\n',
		);
	});

	it('puts long annotation values on their own lines, cut at 140 characters', () => {
		const w = new DescribeWriter();
		w.annotations('Annotations', {long: 'x'.repeat(200)});
		const lines = w.toString().split('\n');
		expect(lines[0]).toBe('Annotations:  long:');
		expect(lines[1]).toBe(`                ${'x'.repeat(138)}...`);
	});
});
