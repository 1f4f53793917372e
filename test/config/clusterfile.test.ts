// --cluster cluster.yaml: an eksctl-style ClusterConfig read into the eks profile, or refused
// with the reason; any text gives one or the other.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {parseClusterFile} from '../../source/config/clusterfile.js';
import {createCluster} from '../../source/cluster/index.js';

const SAMPLE = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
managedNodeGroups:
  - name: web
    instanceType: t3.large
    minSize: 1
    maxSize: 5
    desiredCapacity: 2
    labels: {role: web}
  - name: batch
    instanceType: c5.large
    desiredCapacity: 1
    taints:
      - {key: dedicated, value: batch, effect: NoSchedule}
fargateProfiles:
  - name: fp-jobs
    selectors:
      - namespace: jobs
`;

describe('the cluster file', () => {
	it('reads node groups, labels, taints and Fargate profiles', () => {
		const o = parseClusterFile(SAMPLE);
		expect(o).toEqual({
			profile: 'eks',
			name: 'shop',
			eks: {
				region: 'us-east-1',
				zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
				nodeGroups: [
					{name: 'web', instanceType: 't3.large', minSize: 1, maxSize: 5, desiredSize: 2, labels: {role: 'web'}},
					{name: 'batch', instanceType: 'c5.large', minSize: 1, maxSize: 1, desiredSize: 1, taints: [{key: 'dedicated', value: 'batch', effect: 'NoSchedule'}]},
				],
				fargateProfiles: [{name: 'fp-jobs', selectors: [{namespace: 'jobs'}]}],
			},
		});
		const c = createCluster({...o, seed: 1});
		const nodes = c.list('Node');
		expect(nodes.map(n => n.metadata.labels?.['node.kubernetes.io/instance-type']).sort()).toEqual(['c5.large', 't3.large', 't3.large']);
		expect(nodes.filter(n => n.metadata.labels?.role === 'web').length).toBe(2);
		expect(nodes.find(n => n.metadata.labels?.['eks.amazonaws.com/nodegroup'] === 'batch')?.spec?.taints).toEqual([{key: 'dedicated', value: 'batch', effect: 'NoSchedule'}]);
	});

	it('refuses what it cannot use, saying why', () => {
		expect(() => parseClusterFile('kind: Deployment')).toThrow("the cluster file's kind must be ClusterConfig, got \"Deployment\"");
		expect(() => parseClusterFile(SAMPLE.replace('region: us-east-1', 'region: eu-west-1'))).toThrow('metadata.region: only us-east-1 is simulated (its prices are the ones kept), got "eu-west-1"');
		expect(() => parseClusterFile(SAMPLE.replace('t3.large', 'x9.giant'))).toThrow('node group web: unknown instance type "x9.giant"');
		expect(() => parseClusterFile(SAMPLE.replace('maxSize: 5', 'maxSize: 0'))).toThrow('node group web: minSize 1 is above maxSize 0');
		expect(() => parseClusterFile(SAMPLE.replace('effect: NoSchedule', 'effect: Never'))).toThrow('managedNodeGroups[1].taints[0] needs a key, an optional value and an effect of NoSchedule, PreferNoSchedule, NoExecute');
	});

	it('any text: options for the eks profile or an Error with a message', () => {
		const lines = SAMPLE.split('\n');
		const mutated = fc.tuple(fc.nat(lines.length - 1), fc.string()).map(([i, junk]) => lines.map((l, j) => (j === i ? l.slice(0, Math.floor(l.length / 2)) + junk : l)).join('\n'));
		fc.assert(
			fc.property(fc.oneof(fc.string(), mutated), text => {
				try {
					const o = parseClusterFile(text);
					expect(o.profile).toBe('eks');
					for (const g of o.eks?.nodeGroups ?? []) expect(g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize).toBe(true);
				} catch (e) {
					expect(e).toBeInstanceOf(Error);
					expect((e as Error).message.length).toBeGreaterThan(0);
				}
			}),
			{numRuns: 300},
		);
	});
});

describe('the cluster file\'s users', () => {
	const head = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: shop}\n';
	it('reads static users with their tokens and groups', () => {
		expect(parseClusterFile(`${head}users:\n  - {name: alice, token: alice-token-123, groups: [dev, ops]}\n  - name: carl\n`).users).toEqual([
			{name: 'alice', token: 'alice-token-123', groups: ['dev', 'ops']},
			{name: 'carl', groups: []},
		]);
		expect(parseClusterFile(head).users).toBeUndefined();
	});

	it('names the user and field it cannot use', () => {
		const cases: Array<[string, string]> = [
			['users: {alice: x}\n', 'users must be a list'],
			['users: [{name: "system:x"}]\n', "users[0].name: the system: prefix is kept for Kubernetes' own users"],
			['users: [{name: a, tokn: abcdefgh}]\n', 'users[0]: unknown field "tokn" (a user has name, token and groups)'],
			['users: [{name: a, token: short}]\n', 'users[0].token must be at least 8 printable characters without spaces'],
			['users: [{name: a, groups: dev}]\n', 'users[0].groups must be a list of group names'],
			['users: [{name: a}, {name: a}]\n', 'users[1]: user a is already given'],
			['users: [{name: a, token: abcdefgh}, {name: b, token: abcdefgh}]\n', "users[1]: the token is already another user's"],
		];
		for (const [text, message] of cases) expect(() => parseClusterFile(head + text), text).toThrow(message);
	});

	it('any users value is read or refused with an Error', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), fc.array(fc.record({name: fc.oneof(fc.string(), fc.anything()), token: fc.oneof(fc.string(), fc.anything()), groups: fc.oneof(fc.array(fc.string()), fc.anything())}, {requiredKeys: []}))), users => {
				const text = `${head}users: ${JSON.stringify(users) ?? 'null'}\n`;
				try {
					const got = parseClusterFile(text).users ?? [];
					for (const u of got) expect(typeof u.name).toBe('string');
				} catch (e) {
					expect(e).toBeInstanceOf(Error);
				}
			}),
			{seed: 12, numRuns: 400},
		);
	});
});
