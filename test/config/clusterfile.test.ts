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
