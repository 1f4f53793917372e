// The kinds' dashboard views: actions gated by capabilities, drill targets, related pods, health.
import {describe, expect, it} from 'vitest';
import type {KObject, Pod} from '../../source/cluster/types.js';
import {fakeGet, fakeList} from './fixtures.js';
import {KINDS, drillOf, healthOf, kindActions, kindInfo, relatedPods, type KindInfo, type ViewContext} from '../../source/kinds/index.js';

function obj(kind: string, name: string, extra: Partial<KObject> = {}, namespace: string | undefined = 'default'): KObject {
	return {apiVersion: 'v1', kind, metadata: {name, namespace, uid: `${kind}-${name}`}, ...extra};
}

/** A ViewContext over a list of objects, with label selectors of the `k=v,k2=v2` form. */
function context(objects: KObject[]): ViewContext {
	const matches = (o: KObject, selector = '') => selector.split(',').filter(Boolean).every(req => {
		const [k, v] = req.split('=');
		return k === 'spec.nodeName' ? (o as Pod).spec?.nodeName === v : o.metadata.labels?.[k!] === v;
	});
	return {
		kinds: () => KINDS,
		get: fakeGet((kind, ns, name) => objects.find(o => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name)),
		list: fakeList((kind, opts = {}) => objects.filter(o => o.kind === kind && (!opts.namespace || o.metadata.namespace === opts.namespace) && matches(o, opts.labelSelector) && matches(o, opts.fieldSelector))),
		usage: () => undefined,
	};
}

const kind = (name: string): KindInfo => kindInfo(name)!;
const pod = (name: string, labels: Record<string, string>, nodeName = 'node-1') => obj('Pod', name, {spec: {nodeName, containers: [{name: 'c', image: 'i'}]}, metadata: {name, namespace: 'default', uid: `Pod-${name}`, labels}});
const webPods = [pod('web-1', {app: 'web'}), pod('web-2', {app: 'web'}, 'node-2'), pod('api-1', {app: 'api'}), pod('nightly-29000-x', {'job-name': 'nightly-29000'})];
const web = obj('Deployment', 'web', {spec: {replicas: 3, selector: {matchLabels: {app: 'web'}}}, status: {readyReplicas: 0}});

describe('kind views', () => {
	it('offer only the actions their capabilities allow', () => {
		const keys = (k: KindInfo) => kindActions(k).map(a => a.key);
		expect(keys(kind('Pod'))).toEqual(['l', 'p', 's', 'a', 'shift-f', 'ctrl-k', 'x', 'b']);
		expect(keys({...kind('Pod'), capabilities: {}})).toEqual(['ctrl-k', 'x', 'b']);
		expect(keys(kind('Deployment'))).toEqual(['s', 'r', 'i', 'u', 'h', 'l']);
		expect(keys({...kind('Deployment'), capabilities: {scalable: true}})).toEqual(['s', 'i']);
		expect(keys(kind('ConfigMap'))).toEqual([]);
	});

	it('give each action a key of its own within the kind', () => {
		for (const k of KINDS) {
			const keys = kindActions(k).map(a => a.key);
			expect(new Set(keys).size, k.kind).toBe(keys.length);
		}
	});

	it('say what enter opens', () => {
		const ctx = context([web, ...webPods]);
		expect(drillOf(kind('Deployment'), web, ctx)).toEqual({to: 'pods', namespace: 'default', ownerUid: 'Deployment-web'});
		expect(drillOf(kind('Pod'), webPods[0]!, ctx)).toEqual({to: 'containers'});
		expect(drillOf(kind('Node'), obj('Node', 'node-1', {}, undefined), ctx)).toEqual({to: 'pods', namespace: '', fieldSelector: 'spec.nodeName=node-1'});
		expect(drillOf(kind('Service'), obj('Service', 'web', {spec: {selector: {app: 'web'}}}), ctx)).toEqual({to: 'pods', namespace: 'default', labelSelector: 'app=web'});
		expect(drillOf(kind('Service'), obj('Service', 'db', {spec: {}}), ctx)).toEqual({to: 'error', message: 'service db has no selector'});
		const hpa = obj('HorizontalPodAutoscaler', 'web', {spec: {scaleTargetRef: {kind: 'Deployment', name: 'web'}}});
		expect(drillOf(kind('HorizontalPodAutoscaler'), hpa, ctx)).toEqual({to: 'pods', namespace: 'default', ownerUid: 'Deployment-web'});
		expect(drillOf(kind('HorizontalPodAutoscaler'), obj('HorizontalPodAutoscaler', 'x', {spec: {}}), ctx)).toEqual({to: 'nothing'});
		expect(drillOf(kind('Namespace'), obj('Namespace', 'team', {}, undefined), ctx)).toEqual({to: 'namespace'});
		expect(drillOf(kind('ConfigMap'), obj('ConfigMap', 'cfg'), ctx)).toEqual({to: 'describe'});
	});

	it('find the pods an object stands for', () => {
		const ctx = context([web, ...webPods]);
		const names = (o: KObject) => relatedPods(o, ctx).map(p => p.metadata.name);
		expect(names(web)).toEqual(['web-1', 'web-2']);
		expect(names(obj('Service', 'api', {spec: {selector: {app: 'api'}}}))).toEqual(['api-1']);
		expect(names(obj('Node', 'node-2', {}, undefined))).toEqual(['web-2']);
		expect(names(obj('CronJob', 'nightly'))).toEqual(['nightly-29000-x']);
		expect(names(obj('HorizontalPodAutoscaler', 'web', {spec: {scaleTargetRef: {kind: 'Deployment', name: 'web'}}}))).toEqual(['web-1', 'web-2']);
		expect(names(webPods[0]!)).toEqual([]);
		expect(names(obj('ConfigMap', 'cfg'))).toEqual([]);
	});

	it('colour rows by what the kind knows', () => {
		expect(healthOf(kind('Deployment'), web)).toBe('bad');
		expect(healthOf(kind('Deployment'), {...web, status: {readyReplicas: 1}})).toBe('warn');
		expect(healthOf(kind('Deployment'), {...web, status: {readyReplicas: 3}})).toBe('ok');
		expect(healthOf(kind('Event'), obj('Event', 'e', {type: 'Warning'}))).toBe('bad');
		expect(healthOf(kind('Event'), obj('Event', 'e', {type: 'Normal'}))).toBe('none');
		expect(healthOf(kind('ConfigMap'), obj('ConfigMap', 'cfg'))).toBe('none');
		const deleting = obj('ConfigMap', 'cfg');
		deleting.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
		expect(healthOf(kind('ConfigMap'), deleting)).toBe('muted');
		expect(healthOf(kind('Pod'), {...webPods[0]!, status: {phase: 'Pending'}})).toBe('warn');
	});
});
