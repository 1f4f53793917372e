import {describe, expect, it} from 'vitest';
import type {KObject} from '../../source/cluster/types.js';
import {KINDS} from '../../source/kinds/index.js';
import {configMap} from '../../source/kinds/configmap/index.js';
import {secret} from '../../source/kinds/secret/index.js';
import {namespace} from '../../source/kinds/namespace/index.js';
import {serviceAccount} from '../../source/kinds/serviceaccount/index.js';
import {persistentVolumeClaim} from '../../source/kinds/pvc/index.js';
import {lease} from '../../source/kinds/lease.js';
import {podDisruptionBudget} from '../../source/kinds/pdb/index.js';
import {describeGeneric, smartLabel} from '../../source/kinds/describe.js';
import {ago, ctx} from './fixtures.js';

function obj(kind: string, apiVersion: string, fields: Record<string, unknown>, namespaced = true): KObject {
	return {apiVersion, kind, metadata: {name: 'x', namespace: namespaced ? 'default' : undefined, creationTimestamp: ago(45)}, ...fields};
}

describe('every kind', () => {
	it('returns one cell per column, the name first, for a bare object', () => {
		for (const k of KINDS) {
			const o = obj(k.kind, k.apiVersion, {}, k.namespaced);
			const row = k.row(o, ctx());
			expect(row, k.kind).toHaveLength(k.columns.length);
			if (k.kind !== 'Event') expect(row[0], k.kind).toBe('x');
			expect(typeof k.describe?.(o, ctx({events: () => [], list: () => [], get: () => undefined})), k.kind).toBe('string');
		}
	});

	it('shows kubectl get\'s columns by default, the rest with -o wide', () => {
		const narrow = Object.fromEntries(KINDS.map(k => [k.kind, k.columns.filter(c => c.priority === 0).map(c => c.name).join(' ')]));
		expect(narrow).toEqual({
			Namespace: 'Name Status Age',
			Node: 'Name Status Roles Age Version',
			Pod: 'Name Ready Status Restarts Age',
			Service: 'Name Type Cluster-IP External-IP Port(s) Age',
			Endpoints: 'Name Endpoints Age',
			ConfigMap: 'Name Data Age',
			Secret: 'Name Type Data Age',
			Event: 'Last Seen Type Reason Object Message',
			ServiceAccount: 'Name Secrets Age',
			PersistentVolumeClaim: 'Name Status Volume Capacity Access Modes StorageClass VolumeAttributesClass Age',
			Lease: 'Name Holder Age',
			Deployment: 'Name Ready Up-to-date Available Age',
			ReplicaSet: 'Name Desired Current Ready Age',
			ReplicationController: 'Name Desired Current Ready Age',
			DaemonSet: 'Name Desired Current Ready Up-to-date Available Node Selector Age',
			StatefulSet: 'Name Ready Age',
			Job: 'Name Status Completions Duration Age',
			CronJob: 'Name Schedule Timezone Suspend Active Last Schedule Age',
			HorizontalPodAutoscaler: 'Name Reference Targets MinPods MaxPods Replicas Age',
			EndpointSlice: 'Name AddressType Ports Endpoints Age',
			Ingress: 'Name Class Hosts Address Ports Age',
			PodDisruptionBudget: 'Name Min Available Max Unavailable Allowed Disruptions Age',
			Role: 'Name Created At',
			ClusterRole: 'Name Created At',
			RoleBinding: 'Name Role Age',
			ClusterRoleBinding: 'Name Role Age',
			NetworkPolicy: 'Name Pod-Selector Age',
			IngressClass: 'Name Controller Parameters Age',
			CertificateSigningRequest: 'Name Age SignerName Requestor RequestedDuration Condition',
			PersistentVolume: 'Name Capacity Access Modes Reclaim Policy Status Claim StorageClass VolumeAttributesClass Reason Age',
			StorageClass: 'Name Provisioner ReclaimPolicy VolumeBindingMode AllowVolumeExpansion Age',
			PriorityClass: 'Name Value Global-Default Age PreemptionPolicy',
			RuntimeClass: 'Name Handler Age',
			LimitRange: 'Name Created At',
			ResourceQuota: 'Name Age Request Limit',
			CustomResourceDefinition: 'Name Created At',
			APIService: 'Name Service Available Age',
		});
	});

	it('has the kubectl column sets', () => {
		const names = (kind: string) => KINDS.find(k => k.kind === kind)!.columns.map(c => c.name).join(' ');
		expect(names('ReplicaSet')).toBe('Name Desired Current Ready Age Containers Images Selector');
		expect(names('ReplicationController')).toBe('Name Desired Current Ready Age Containers Images Selector');
		expect(names('DaemonSet')).toBe('Name Desired Current Ready Up-to-date Available Node Selector Age Containers Images Selector');
		expect(names('StatefulSet')).toBe('Name Ready Age Containers Images');
		expect(names('Job')).toBe('Name Status Completions Duration Age Containers Images Selector');
		expect(names('CronJob')).toBe('Name Schedule Timezone Suspend Active Last Schedule Age Containers Images Selector');
		expect(names('Service')).toBe('Name Type Cluster-IP External-IP Port(s) Age Selector');
		expect(names('Endpoints')).toBe('Name Endpoints Age');
		expect(names('EndpointSlice')).toBe('Name AddressType Ports Endpoints Age');
		expect(names('Node')).toBe('Name Status Roles Age Version Internal-IP External-IP OS-Image Kernel-Version Container-Runtime');
		expect(names('Namespace')).toBe('Name Status Age');
		expect(names('ConfigMap')).toBe('Name Data Age');
		expect(names('Secret')).toBe('Name Type Data Age');
		expect(names('HorizontalPodAutoscaler')).toBe('Name Reference Targets MinPods MaxPods Replicas Age');
		expect(names('Lease')).toBe('Name Holder Age');
		expect(names('ServiceAccount')).toBe('Name Secrets Age');
		expect(names('PersistentVolumeClaim')).toBe('Name Status Volume Capacity Access Modes StorageClass VolumeAttributesClass Age VolumeMode');
		expect(names('Ingress')).toBe('Name Class Hosts Address Ports Age');
		expect(names('PodDisruptionBudget')).toBe('Name Min Available Max Unavailable Allowed Disruptions Age');
		expect(names('RoleBinding')).toBe('Name Role Age Users Groups ServiceAccounts');
		expect(names('ClusterRoleBinding')).toBe('Name Role Age Users Groups ServiceAccounts');
	});
});

describe('config and identity kinds', () => {
	it('counts configmap data and binary data', () => {
		const cm = obj('ConfigMap', 'v1', {data: {'app.properties': 'mode=prod\nport=8080', LOG_LEVEL: 'info'}, binaryData: {'logo.png': Buffer.from('abcd').toString('base64')}});
		expect(configMap.row(cm, ctx())).toEqual(['x', 3, '45s']);
		expect(configMap.describe!(cm, ctx({events: () => []}))).toBe([
			'Name:         x',
			'Namespace:    default',
			'Labels:       <none>',
			'Annotations:  <none>',
			'',
			'Data',
			'====',
			'LOG_LEVEL:',
			'----',
			'info',
			'',
			'app.properties:',
			'----',
			'mode=prod',
			'port=8080',
			'',
			'',
			'BinaryData',
			'====',
			'logo.png: 4 bytes',
			'',
			'Events:  <none>',
			'',
		].join('\n'));
	});

	it('prints secret type and key count, and sizes in describe', () => {
		const s = obj('Secret', 'v1', {type: 'kubernetes.io/tls', data: {'tls.crt': Buffer.from('x'.repeat(1164)).toString('base64'), 'tls.key': Buffer.from('y'.repeat(1704)).toString('base64')}});
		expect(secret.row(s, ctx())).toEqual(['x', 'kubernetes.io/tls', 2, '45s']);
		expect(secret.row(obj('Secret', 'v1', {stringData: {password: 'hunter2'}}), ctx())).toEqual(['x', 'Opaque', 1, '45s']);
		expect(secret.describe!(s, ctx())).toContain('\nType:  kubernetes.io/tls\n\nData\n====\ntls.crt:  1164 bytes\ntls.key:  1704 bytes\n');
	});

	it('prints namespaces, service accounts and leases', () => {
		expect(namespace.row(obj('Namespace', 'v1', {status: {phase: 'Active'}}, false), ctx())).toEqual(['x', 'Active', '45s']);
		expect(namespace.row(obj('Namespace', 'v1', {status: {phase: 'Terminating'}}, false), ctx())[1]).toBe('Terminating');
		expect(namespace.describe!(obj('Namespace', 'v1', {status: {phase: 'Active'}}, false), ctx({list: () => []}))).toBe(
			'Name:         x\nLabels:       <none>\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
		);
		expect(serviceAccount.row(obj('ServiceAccount', 'v1', {}), ctx())).toEqual(['x', 0, '45s']);
		expect(serviceAccount.describe!(obj('ServiceAccount', 'v1', {imagePullSecrets: [{name: 'regcred'}]}), ctx())).toContain(
			'Image pull secrets:  regcred\nMountable secrets:   <none>\nTokens:              <none>\n',
		);
		expect(lease.row(obj('Lease', 'coordination.k8s.io/v1', {spec: {holderIdentity: 'node-1'}}), ctx())).toEqual(['x', 'node-1', '45s']);
	});
});

describe('storage and policy kinds', () => {
	it('prints pending and bound claims', () => {
		const pending = obj('PersistentVolumeClaim', 'v1', {
			spec: {accessModes: ['ReadWriteOnce'], resources: {requests: {storage: '10Gi'}}, storageClassName: 'standard'},
			status: {phase: 'Pending'},
		});
		expect(persistentVolumeClaim.row(pending, ctx())).toEqual(['x', 'Pending', '', '', '', 'standard', '<unset>', '45s', '<unset>']);
		const bound = obj('PersistentVolumeClaim', 'v1', {
			spec: {accessModes: ['ReadWriteMany', 'ReadWriteOnce'], resources: {requests: {storage: '10Gi'}}, storageClassName: 'standard', volumeName: 'pvc-1b2c', volumeMode: 'Filesystem'},
			status: {phase: 'Bound', accessModes: ['ReadWriteMany', 'ReadWriteOnce'], capacity: {storage: '10240Mi'}},
		});
		expect(persistentVolumeClaim.row(bound, ctx())).toEqual(['x', 'Bound', 'pvc-1b2c', '10Gi', 'RWO,RWX', 'standard', '<unset>', '45s', 'Filesystem']);
		const text = persistentVolumeClaim.describe!(bound, ctx({list: () => []}));
		expect(text).toContain('\nStatus:        Bound\nVolume:        pvc-1b2c\n');
		expect(text).toContain('\nCapacity:      10Gi\nAccess Modes:  RWO,RWX\nVolumeMode:    Filesystem\nUsed By:       <none>\n');
	});

	it('prints disruption budgets', () => {
		const pdb = obj('PodDisruptionBudget', 'policy/v1', {spec: {minAvailable: 2, selector: {matchLabels: {app: 'web'}}}, status: {disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3}});
		expect(podDisruptionBudget.row(pdb, ctx())).toEqual(['x', '2', 'N/A', 1, '45s']);
		expect(podDisruptionBudget.row(obj('PodDisruptionBudget', 'policy/v1', {spec: {maxUnavailable: '25%'}}), ctx()).slice(1, 4)).toEqual(['N/A', '25%', 0]);
		expect(podDisruptionBudget.describe!(pdb, ctx())).toBe(
			'Name:           x\nNamespace:      default\nMin available:  2\nSelector:       app=web\nStatus:\n' +
			'    Allowed disruptions:  1\n    Current:              3\n    Desired:              2\n    Total:                3\n',
		);
	});
});

describe('generic describe', () => {
	it('labels fields like kubectl', () => {
		expect(smartLabel('creationTimestamp')).toBe('Creation Timestamp');
		expect(smartLabel('apiVersion')).toBe('API Version');
		expect(smartLabel('uid')).toBe('UID');
		expect(smartLabel('podCIDR')).toBe('Pod CIDR');
		expect(smartLabel('holderIdentity')).toBe('Holder Identity');
		expect(smartLabel('kubernetes.io/hostname')).toBe('kubernetes.io/hostname');
	});

	it('prints every field, nested and sorted, then events', () => {
		const l = obj('Lease', 'coordination.k8s.io/v1', {spec: {holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2025-03-01T11:59:55.000000Z'}});
		l.metadata.namespace = 'kube-node-lease';
		l.metadata.uid = '0d9c4b9e';
		l.metadata.resourceVersion = '4242';
		l.metadata.ownerReferences = [{apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'node-uid-1'}];
		expect(describeGeneric(l, ctx({events: () => []}))).toBe([
			'Name:         x',
			'Namespace:    kube-node-lease',
			'Labels:       <none>',
			'Annotations:  <none>',
			'API Version:  coordination.k8s.io/v1',
			'Kind:         Lease',
			'Metadata:',
			'  Creation Timestamp:  2025-03-01T11:59:15Z',
			'  Owner References:',
			'    API Version:     v1',
			'    Kind:            Node',
			'    Name:            node-1',
			'    UID:             node-uid-1',
			'  Resource Version:  4242',
			'  UID:               0d9c4b9e',
			'Spec:',
			'  Holder Identity:         node-1',
			'  Lease Duration Seconds:  40',
			'  Renew Time:              2025-03-01T11:59:55.000000Z',
			'Events:                    <none>',
			'',
		].join('\n'));
	});
});
