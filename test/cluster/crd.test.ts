// CustomResourceDefinitions in the simulator: a second definition whose names another of its
// group holds is not accepted (and its kind not served), a resumed cluster serves its saved
// definitions again, a deleted namespace takes its custom objects with it, and the built-in
// APIServices are there from the start.
import {describe, expect, it} from 'vitest';
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {createCluster, type KObject} from '../../source/cluster/index.js';
import {exportedObjects} from '../../source/verbs/export.js';
import {resolveKind, unserveCustomKind} from '../../source/kinds/index.js';

const crontabs = () => parse(readFileSync('test/fixtures/crd/resourcedefinition.yaml', 'utf8')) as KObject;
const conditions = (o: KObject | undefined) =>
	((o?.status as {conditions?: Array<{type: string; status: string; reason: string; message: string}>})?.conditions ?? []).map(c => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

describe('custom resource definitions in the simulator', () => {
	it('does not accept names another definition of the group holds', () => {
		const c = createCluster({nodes: 1, seed: 1});
		c.create(crontabs());
		c.advance(1000);
		const rival = crontabs();
		rival.metadata.name = 'crontabs2.stable.example.com';
		(rival as any).spec.names = {plural: 'crontabs2', kind: 'CronTab2', shortNames: ['ct']};
		c.create(rival);
		c.advance(1000);
		expect(conditions(c.find('CustomResourceDefinition', undefined, 'crontabs2.stable.example.com'))).toEqual([
			'NamesAccepted=False ShortNamesConflict: "ct" is already in use',
			'Established=False NotAccepted: not all names are accepted',
		]);
		expect(() => c.list('CronTab2')).toThrow('the server doesn\'t have a resource type "CronTab2"');
		// freed names are taken up
		c.delete('CustomResourceDefinition', undefined, 'crontabs.stable.example.com');
		c.advance(2000);
		expect(conditions(c.find('CustomResourceDefinition', undefined, 'crontabs2.stable.example.com'))).toEqual([
			'NamesAccepted=True NoConflicts: no conflicts found',
			'Established=True InitialNamesAccepted: the initial names have been accepted',
		]);
		expect(c.list('CronTab2')).toEqual([]);
	});

	it('serves the definitions of a resumed cluster again, and exports them before their objects', () => {
		const c = createCluster({nodes: 1, seed: 2});
		c.create(crontabs());
		c.advance(1000);
		c.create({apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: {name: 'saved', namespace: 'default'}, spec: {cronSpec: '* * * * *'}} as KObject);
		c.advance(1000);
		const exported = exportedObjects(c.image().objects, new Set()).filter(o => o.kind === 'CronTab' || o.kind === 'CustomResourceDefinition').map(o => `${o.kind}/${o.metadata.name}`);
		expect(exported).toEqual(['CustomResourceDefinition/crontabs.stable.example.com', 'CronTab/saved']);
		const image = c.image();
		// the kinds served are the process's: forget this one, so that only the resumed cluster can serve it again
		unserveCustomKind('CronTab');
		expect(() => c.list('CronTab')).toThrow();
		const resumed = createCluster({restore: image, nodes: 1});
		expect(resumed.list('CronTab').map(o => o.metadata.name)).toEqual(['saved']);
		expect(resumed.list('APIService').map(o => o.metadata.name)).toContain('v1.stable.example.com');
	});

	it('deleting a namespace deletes its custom objects', () => {
		const c = createCluster({nodes: 1, seed: 3});
		c.create(crontabs());
		c.create({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'jobs'}} as KObject);
		c.advance(1000);
		c.create({apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: {name: 'nightly', namespace: 'jobs'}, spec: {cronSpec: '0 0 * * *'}} as KObject);
		c.delete('Namespace', undefined, 'jobs');
		c.advance(5000);
		expect(c.find('Namespace', undefined, 'jobs')).toBeUndefined();
		expect(c.list('CronTab', {namespace: 'jobs'})).toEqual([]);
	});

	it('has one Local APIService for each built-in group version, and the metrics API\'s', () => {
		const c = createCluster({nodes: 1, seed: 4});
		c.advance(1);
		const names = c.list('APIService').map(o => o.metadata.name);
		expect(names).toEqual([
			'v1.',
			'v1.apiextensions.k8s.io',
			'v1.apiregistration.k8s.io',
			'v1.apps',
			'v1.authentication.k8s.io',
			'v1.authorization.k8s.io',
			'v1.autoscaling',
			'v1.batch',
			'v1.certificates.k8s.io',
			'v1.coordination.k8s.io',
			'v1.discovery.k8s.io',
			'v1.networking.k8s.io',
			'v1.node.k8s.io',
			'v1.policy',
			'v1.rbac.authorization.k8s.io',
			'v1.scheduling.k8s.io',
			'v1.storage.k8s.io',
			'v1beta1.metrics.k8s.io',
			'v2.autoscaling',
		]);
		expect(conditions(c.find('APIService', undefined, 'v1.apps'))).toEqual(['Available=True Local: Local APIServices are always available']);
	});

	it('an updated definition serves its new schema and columns; its stored versions grow with a new storage version', () => {
		const c = createCluster({nodes: 1, seed: 5});
		c.create(crontabs());
		c.advance(1000);
		const crd = c.get('CustomResourceDefinition', undefined, 'crontabs.stable.example.com') as any;
		const v1 = crd.spec.versions[0];
		v1.storage = false;
		const v2 = structuredClone(v1);
		v2.name = 'v2';
		v2.storage = true;
		delete v2.schema.openAPIV3Schema.properties.spec.properties.image;
		v2.additionalPrinterColumns = [{name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec'}];
		crd.spec.versions.push(v2);
		c.update(crd);
		c.advance(1000);
		expect((c.get('CustomResourceDefinition', undefined, 'crontabs.stable.example.com') as any).status.storedVersions).toEqual(['v1', 'v2']);
		const made = c.create({apiVersion: 'stable.example.com/v2', kind: 'CronTab', metadata: {name: 'x', namespace: 'default'}, spec: {cronSpec: '* * * * *', image: 'gone'}} as KObject);
		expect(made.spec).toEqual({cronSpec: '* * * * *'});
		const kind = resolveKind('crontabs.stable.example.com')!;
		expect(kind.columns.map(col => col.name)).toEqual(['Name', 'Spec']);
		expect(kind.row(made, {now: Date.now()})).toEqual(['x', '* * * * *']);
		// storedVersions may not lose a version still listed there
		const again = c.get('CustomResourceDefinition', undefined, 'crontabs.stable.example.com') as any;
		again.spec.versions = again.spec.versions.filter((v: {name: string}) => v.name === 'v2');
		expect(() => c.update(again)).toThrow('status.storedVersions[0]: Invalid value: "v1": must appear in spec.versions');
	});

	it('counts a generation for changes of what the schema keeps, never of metadata nor of a status subresource\'s status', () => {
		const c = createCluster({nodes: 1, seed: 6});
		c.create(crontabs());
		c.advance(1000);
		const made = c.create({apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: {name: 'g', namespace: 'default'}, spec: {cronSpec: '* * * * *'}} as KObject);
		expect(made.metadata.generation).toBe(1);
		const labelled = c.update({...made, metadata: {...made.metadata, labels: {a: 'b'}}});
		expect(labelled.metadata.generation).toBe(1);
		// a status the schema does not declare is pruned: nothing changed
		const withStatus = c.update({...labelled, status: {seen: true}} as KObject);
		expect(withStatus.status).toBeUndefined();
		expect(withStatus.metadata.generation).toBe(1);
		const respec = c.update({...withStatus, spec: {cronSpec: '0 * * * *'}} as KObject);
		expect(respec.metadata.generation).toBe(2);
		// with a status subresource, an update leaves status as it was and counts no generation for it
		const v = parse(readFileSync('test/fixtures/crd/crontab-validation.yaml', 'utf8')) as KObject;
		v.metadata.name = 'crontabs.stable.example.com';
		c.update({...v, metadata: {...c.get('CustomResourceDefinition', undefined, 'crontabs.stable.example.com').metadata}} as KObject);
		c.advance(1000);
		const current = c.get('CronTab', 'default', 'g');
		const sameGen = c.update({...current, status: {replicas: 2}} as KObject);
		expect(sameGen.status).toBeUndefined();
		expect(sameGen.metadata.generation).toBe(2);
	});

	it('starts from manifests that hold definitions and their objects, and names the line of a bad object', () => {
		const text = readFileSync('test/fixtures/crd/my-crontab.yaml', 'utf8') + '---\n' + readFileSync('test/fixtures/crd/resourcedefinition.yaml', 'utf8');
		const c = createCluster({nodes: 1, seed: 7, manifests: [{text, source: 'crontab.yaml'}]});
		expect(c.list('CronTab').map(o => o.metadata.name)).toEqual(['my-new-cron-object']);
		expect(conditions(c.find('CustomResourceDefinition', undefined, 'crontabs.stable.example.com'))[1]).toBe('Established=True InitialNamesAccepted: the initial names have been accepted');
		const bad = text.replace('image: my-awesome-cron-image', 'image: my-awesome-cron-image\n  replicas: many');
		expect(() => createCluster({nodes: 1, seed: 8, manifests: [{text: bad, source: 'crontab.yaml'}]})).toThrow(
			'crontab.yaml:8: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
		);
	});
});
