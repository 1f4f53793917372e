// The profile flags: --node-group specs parsed or refused with a reason, never anything else.
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {parseNodeGroup, profileOptions} from '../../source/config/profile.js';
import {INSTANCE_TYPES} from '../../source/cluster/cloud/instances.js';

describe('--node-group', () => {
	it('reads NAME:TYPE:MIN:MAX[:DESIRED]', () => {
		expect(parseNodeGroup('ng-1:m5.large:2:6')).toEqual({name: 'ng-1', instanceType: 'm5.large', minSize: 2, maxSize: 6, desiredSize: 2});
		expect(parseNodeGroup('spot:t3.medium:0:4:3')).toEqual({name: 'spot', instanceType: 't3.medium', minSize: 0, maxSize: 4, desiredSize: 3});
		expect(() => parseNodeGroup('ng:m9.huge:1:2')).toThrow('node group ng: unknown instance type "m9.huge"');
		expect(() => parseNodeGroup('ng:m5.large:3:2')).toThrow('node group ng: minSize 3 is above maxSize 2');
		expect(() => parseNodeGroup('ng:m5.large:1')).toThrow('--node-group must be NAME:TYPE:MIN:MAX[:DESIRED], got "ng:m5.large:1"');
	});

	it('any text: a valid group whose numbers round-trip, or an Error', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.tuple(fc.stringMatching(/^[a-z0-9-]{0,8}$/), fc.constantFrom(...INSTANCE_TYPES.map(t => t.name), 'x'), fc.nat(12), fc.nat(12), fc.nat(12)).map(a => a.join(':'))), text => {
				try {
					const g = parseNodeGroup(text);
					expect(`${g.name}:${g.instanceType}:${g.minSize}:${g.maxSize}:${g.desiredSize}`.startsWith(text.split(':').slice(0, 4).join(':'))).toBe(true);
					expect(g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize).toBe(true);
				} catch (e) {
					expect(e).toBeInstanceOf(Error);
					expect((e as Error).message.length).toBeGreaterThan(0);
				}
			}),
		);
	});

	it('profile flags: kind refuses eks-only flags; eks takes groups and an expander', () => {
		expect(() => profileOptions({profile: 'gke'})).toThrow('--profile must be one of kind, eks, got "gke"');
		expect(() => profileOptions({expander: 'random'})).toThrow('--node-group, --expander and --fargate need --profile eks');
		expect(profileOptions({profile: 'eks', fargate: ['serverless']}).eks?.fargateProfiles).toEqual([{name: 'fp-default', selectors: [{namespace: 'serverless'}]}]);
		expect(() => profileOptions({profile: 'eks', fargate: ['Bad_NS']})).toThrow('--fargate needs a namespace name, got "Bad_NS"');
		expect(() => profileOptions({profile: 'eks', expander: 'cheapest'})).toThrow('--expander must be one of random, least-waste, most-pods, priority, got "cheapest"');
		expect(profileOptions({profile: 'eks', nodeGroups: ['a:c5.large:1:3'], expander: 'least-waste'})).toEqual({
			profile: 'eks',
			nodes: 2,
			eks: {nodeGroups: [{name: 'a', instanceType: 'c5.large', minSize: 1, maxSize: 3, desiredSize: 1}], autoscaler: {expander: 'least-waste'}},
		});
	});
});
