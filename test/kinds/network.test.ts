import {describe, expect, it} from 'vitest';
import type {KObject, Service, ServiceSpec, ServiceStatus} from '../../source/cluster/types.js';
import {service, serviceExternalIP} from '../../source/kinds/service/index.js';
import {endpoints} from '../../source/kinds/endpoints.js';
import {endpointSlice} from '../../source/kinds/endpointslice.js';
import {ingress} from '../../source/kinds/ingress/index.js';
import {ago, ctx, fakeGet, fakeList} from './fixtures.js';

function svc(spec: ServiceSpec, status: ServiceStatus = {}): Service {
	return {
		apiVersion: 'v1',
		kind: 'Service',
		metadata: {name: 'web', namespace: 'default', creationTimestamp: ago(3600 * 26)},
		spec: {type: 'ClusterIP', clusterIP: '10.96.45.12', clusterIPs: ['10.96.45.12'], selector: {app: 'web'}, ports: [{name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'}], ...spec},
		status,
	};
}

function slice(ready: boolean[]): KObject {
	return {
		apiVersion: 'discovery.k8s.io/v1',
		kind: 'EndpointSlice',
		metadata: {name: 'web-abcde', namespace: 'default', creationTimestamp: ago(90), labels: {'kubernetes.io/service-name': 'web'}},
		addressType: 'IPv4',
		ports: [{name: 'http', port: 8080, protocol: 'TCP'}],
		endpoints: ready.map((r, i) => ({addresses: [`10.244.${i + 1}.5`], conditions: {ready: r}, nodeName: `node-${i + 1}`, targetRef: {kind: 'Pod', name: `web-${i}`}})),
	};
}

describe('services', () => {
	it('prints a ClusterIP service', () => {
		expect(service.row(svc({}), ctx())).toEqual(['web', 'ClusterIP', '10.96.45.12', '<none>', '80/TCP', '26h', 'app=web']);
	});

	it('prints node ports, several ports and protocols', () => {
		const s = svc({type: 'NodePort', ports: [{name: 'http', port: 80, nodePort: 31234, protocol: 'TCP'}, {name: 'dns', port: 53, protocol: 'UDP'}]});
		expect(service.row(s, ctx()).slice(1, 5)).toEqual(['NodePort', '10.96.45.12', '<none>', '80:31234/TCP,53/UDP']);
	});

	it('prints <pending> for a LoadBalancer before the cloud assigns an address', () => {
		const s = svc({type: 'LoadBalancer', ports: [{port: 80, nodePort: 30080, protocol: 'TCP'}, {port: 443, nodePort: 30443, protocol: 'TCP'}]}, {loadBalancer: {}});
		expect(service.row(s, ctx()).slice(1, 5)).toEqual(['LoadBalancer', '10.96.45.12', '<pending>', '80:30080/TCP,443:30443/TCP']);
		s.status = {loadBalancer: {ingress: [{ip: '203.0.113.10'}, {hostname: 'lb.example.com'}]}};
		expect(serviceExternalIP(s)).toBe('203.0.113.10,lb.example.com');
		s.spec.externalIPs = ['198.51.100.7'];
		expect(serviceExternalIP(s)).toBe('203.0.113.10,lb.example.com,198.51.100.7');
	});

	it('prints external IPs, headless and ExternalName services', () => {
		expect(serviceExternalIP(svc({externalIPs: ['198.51.100.7', '198.51.100.8']}))).toBe('198.51.100.7,198.51.100.8');
		const headless = svc({clusterIP: 'None', clusterIPs: ['None'], ports: []});
		expect(service.row(headless, ctx()).slice(2, 5)).toEqual(['None', '<none>', '<none>']);
		const external = svc({type: 'ExternalName', externalName: 'db.example.com', clusterIP: undefined, clusterIPs: undefined, selector: undefined, ports: []});
		expect(service.row(external, ctx())).toEqual(['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '26h', '<none>']);
	});

	it('describes ports, target ports and ready endpoints', () => {
		const s = svc({type: 'NodePort', ports: [{name: 'http', port: 80, targetPort: 8080, nodePort: 31234, protocol: 'TCP'}]});
		const text = service.describe!(s, ctx({list: () => [slice([true, false, true, true, true])], events: () => []}));
		expect(text).toBe([
			'Name:                     web',
			'Namespace:                default',
			'Labels:                   <none>',
			'Annotations:              <none>',
			'Selector:                 app=web',
			'Type:                     NodePort',
			'IP Family Policy:         SingleStack',
			'IP Families:              IPv4',
			'IP:                       10.96.45.12',
			'IPs:                      10.96.45.12',
			'Port:                     http  80/TCP',
			'TargetPort:               8080/TCP',
			'NodePort:                 http  31234/TCP',
			'Endpoints:                10.244.1.5:8080,10.244.3.5:8080,10.244.4.5:8080 + 1 more...',
			'Session Affinity:         None',
			'External Traffic Policy:  Cluster',
			'Internal Traffic Policy:  Cluster',
			'Events:                   <none>',
			'',
		].join('\n'));
	});

	it('describes a pending LoadBalancer and its ingress once assigned', () => {
		const s = svc({type: 'LoadBalancer', ports: [{port: 443, targetPort: 'https', nodePort: 30443, protocol: 'TCP'}]});
		s.status = {loadBalancer: {ingress: [{ip: '203.0.113.10', ipMode: 'VIP'}]}};
		const text = service.describe!(s, ctx({list: () => []}));
		expect(text).toContain('\nLoadBalancer Ingress:     203.0.113.10 (VIP)\n');
		expect(text).toContain('\nPort:                     <unset>  443/TCP\n');
		expect(text).toContain('\nTargetPort:               https/TCP\n');
		expect(text).toContain('\nEndpoints:                <none>\n');
	});
});

describe('endpoints and endpoint slices', () => {
	it('prints endpoints as ip:port, three at most', () => {
		const ep: KObject = {
			apiVersion: 'v1',
			kind: 'Endpoints',
			metadata: {name: 'web', namespace: 'default', creationTimestamp: ago(90)},
			subsets: [{addresses: [{ip: '10.244.1.5'}, {ip: '10.244.2.5'}], notReadyAddresses: [{ip: '10.244.3.5'}], ports: [{name: 'http', port: 8080, protocol: 'TCP'}, {name: 'metrics', port: 9090, protocol: 'TCP'}]}],
		};
		expect(endpoints.row(ep, ctx())).toEqual(['web', '10.244.1.5:8080,10.244.2.5:8080,10.244.1.5:9090 + 1 more...', '90s']);
		expect(endpoints.row({...ep, subsets: []}, ctx())[1]).toBe('<none>');
		const text = endpoints.describe!(ep, ctx());
		expect(text).toContain('Subsets:\n  Addresses:          10.244.1.5,10.244.2.5\n  NotReadyAddresses:  10.244.3.5\n  Ports:\n');
		expect(text).toContain('    Name     Port  Protocol\n    ----     ----  --------\n    http     8080  TCP\n    metrics  9090  TCP\n');
	});

	it('prints slices with address type, ports and endpoints', () => {
		expect(endpointSlice.row(slice([true, false]), ctx())).toEqual(['web-abcde', 'IPv4', '8080', '10.244.1.5,10.244.2.5', '90s']);
		const empty = {...slice([]), ports: []};
		expect(endpointSlice.row(empty, ctx()).slice(2, 4)).toEqual(['<unset>', '<unset>']);
		const many = slice([true, true, true, true, true]);
		expect(endpointSlice.row(many, ctx())[3]).toBe('10.244.1.5,10.244.2.5,10.244.3.5 + 2 more...');
		const text = endpointSlice.describe!(slice([false]), ctx());
		expect(text).toContain('Endpoints:\n  - Addresses:  10.244.1.5\n    Conditions:\n      Ready:    false\n    Hostname:   <unset>\n    TargetRef:  Pod/web-0\n');
	});
});

describe('ingresses', () => {
	it('prints class, hosts, address and ports', () => {
		const ing: KObject = {
			apiVersion: 'networking.k8s.io/v1',
			kind: 'Ingress',
			metadata: {name: 'web', namespace: 'default', creationTimestamp: ago(600)},
			spec: {
				ingressClassName: 'nginx',
				tls: [{hosts: ['shop.example.com'], secretName: 'shop-tls'}],
				rules: [
					{host: 'shop.example.com', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}}]}},
					{host: 'api.example.com', http: {paths: [{path: '/v1', pathType: 'Prefix', backend: {service: {name: 'api', port: {name: 'http'}}}}]}},
				],
			},
			status: {loadBalancer: {ingress: [{ip: '203.0.113.20'}]}},
		};
		expect(ingress.row(ing, ctx())).toEqual(['web', 'nginx', 'shop.example.com,api.example.com', '203.0.113.20', '80, 443', '10m']);
		const web = svc({});
		const text = ingress.describe!(ing, ctx({
			get: fakeGet((kind, _ns, name) => (kind === 'Service' && name === 'web' ? web : undefined)),
			list: fakeList(() => [slice([true])]),
		}));
		expect(text).toContain('\nTLS:\n  shop-tls terminates shop.example.com\nRules:\n');
		expect(text).toContain('  shop.example.com  \n                    /   web:80 (10.244.1.5:8080)\n');
		expect(text).toContain('/v1   api:http (<error: services "api" not found>)\n');
		const bare = {...ing, spec: {rules: [{}]}, status: {}};
		expect(ingress.row(bare, ctx()).slice(1, 5)).toEqual(['<none>', '*', '', '80']);
	});
});
