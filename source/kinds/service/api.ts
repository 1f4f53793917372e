// A Service in the API server: its defaults, its validation, and the allocation of its cluster
// IP and node ports on create and update (given back when the Service goes).
import type {Service, ServiceSpec} from '../../cluster/types.js';
import {errors} from '../../cluster/core/errors.js';
import type {AdmissionContext, KindApi} from '../types.js';
import {FieldErrors, GoLiteral, type Obj, child, index, isObj, specRules} from '../shared/fields.js';
import {CIDR_MESSAGE, IP_MESSAGE, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isValidCIDR, isValidIP, isValidPortName, isValidPortNum} from '../shared/formats.js';
import {dflt, objects, specDefaults} from '../shared/defaults.js';
import {labels} from '../shared/meta.js';

function serviceDefaults(spec: Obj): void {
	dflt(spec, 'type', 'ClusterIP');
	dflt(spec, 'sessionAffinity', 'None');
	for (const p of objects(spec.ports)) {
		dflt(p, 'protocol', 'TCP');
		if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
	}
	if (spec.type === 'ExternalName') return;
	dflt(spec, 'internalTrafficPolicy', 'Cluster');
	dflt(spec, 'ipFamilies', ['IPv4']);
	dflt(spec, 'ipFamilyPolicy', 'SingleStack');
	if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') dflt(spec, 'externalTrafficPolicy', 'Cluster');
	if (spec.type === 'LoadBalancer') dflt(spec, 'allocateLoadBalancerNodePorts', true);
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(e: FieldErrors, spec: Obj): void {
	const typeRaw = e.str(spec.type, 'spec.type');
	if (typeRaw !== undefined && typeRaw !== '' && !SERVICE_TYPES.includes(typeRaw)) e.notSupported('spec.type', typeRaw, SERVICE_TYPES);
	const type = typeRaw || 'ClusterIP';
	const clusterIP = e.str(spec.clusterIP, 'spec.clusterIP');
	const clusterIPs = e.strList(spec.clusterIPs, 'spec.clusterIPs') ?? [];
	const headless = clusterIP === 'None' || clusterIPs[0] === 'None';

	if (type === 'ExternalName') {
		const name = e.str(spec.externalName, 'spec.externalName');
		if (!name) e.required('spec.externalName');
		else {
			const clean = name.endsWith('.') ? name.slice(0, -1) : name;
			e.each('spec.externalName', name, isDNS1123Subdomain(clean));
		}
		if (clusterIP) e.forbidden('spec.clusterIP', 'may not be set for ExternalName services');
	} else {
		if (clusterIP && clusterIP !== 'None' && !isValidIP(clusterIP)) e.invalid('spec.clusterIP', clusterIP, IP_MESSAGE);
		clusterIPs.forEach((ip, i) => {
			if (ip !== 'None' && !isValidIP(ip)) e.invalid(index('spec.clusterIPs', i), ip, IP_MESSAGE);
		});
		if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
			e.invalid('spec.clusterIP', 'None', `may not be set to 'None' for ${type} services`);
		}
	}

	const ports = e.objList(spec.ports, 'spec.ports');
	const portsTyped = spec.ports === undefined || spec.ports === null || Array.isArray(spec.ports);
	if (ports.length === 0 && portsTyped && type !== 'ExternalName' && !headless) e.required('spec.ports');
	const names = new Set<string>();
	const numbers = new Set<string>();
	for (const [port, pp] of ports) {
		const name = e.str(port.name, child(pp, 'name'));
		if (!name) {
			if (ports.length > 1) e.required(child(pp, 'name'));
		} else if (e.each(child(pp, 'name'), name, isDNS1123Label(name))) {
			if (names.has(name)) e.duplicate(child(pp, 'name'), name);
			names.add(name);
		}
		const num = e.int(port.port, child(pp, 'port'));
		if (num !== undefined || port.port === undefined || port.port === null) e.each(child(pp, 'port'), num ?? 0, isValidPortNum(num ?? 0));
		const protocol = e.oneOf(port.protocol, child(pp, 'protocol'), ['SCTP', 'TCP', 'UDP']);
		if (num !== undefined) {
			const id = `${num}/${protocol || 'TCP'}`;
			if (numbers.has(id)) e.duplicate(pp, id);
			numbers.add(id);
		}
		const target = e.intOrString(port.targetPort, child(pp, 'targetPort'));
		if (typeof target === 'number') {
			if (target !== 0) e.each(child(pp, 'targetPort'), target, isValidPortNum(target));
		} else if (typeof target === 'string') {
			e.each(child(pp, 'targetPort'), target, isValidPortName(target));
		}
		const nodePort = e.int(port.nodePort, child(pp, 'nodePort'));
		if (nodePort) {
			if (type === 'ClusterIP' || type === 'ExternalName') {
				e.forbidden(child(pp, 'nodePort'), `may not be used when \`type\` is '${type}'`);
			} else if (nodePort < 30000 || nodePort > 32767) {
				e.invalid(child(pp, 'nodePort'), nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767');
			}
		}
		e.str(port.appProtocol, child(pp, 'appProtocol'));
	}
	labels(e, spec.selector, 'spec.selector');
	e.oneOf(spec.sessionAffinity, 'spec.sessionAffinity', ['ClientIP', 'None']);
	const etp = e.str(spec.externalTrafficPolicy, 'spec.externalTrafficPolicy');
	if (etp) {
		if (type !== 'NodePort' && type !== 'LoadBalancer') {
			e.invalid('spec.externalTrafficPolicy', etp, "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
		} else if (etp !== 'Cluster' && etp !== 'Local') {
			e.notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']);
		}
	}
	e.oneOf(spec.internalTrafficPolicy, 'spec.internalTrafficPolicy', ['Cluster', 'Local']);
	e.oneOf(spec.ipFamilyPolicy, 'spec.ipFamilyPolicy', ['SingleStack', 'PreferDualStack', 'RequireDualStack']);
	(e.strList(spec.ipFamilies, 'spec.ipFamilies') ?? []).forEach((f, i) => {
		if (f !== 'IPv4' && f !== 'IPv6') e.notSupported(index('spec.ipFamilies', i), f, ['IPv4', 'IPv6']);
	});
	(e.strList(spec.externalIPs, 'spec.externalIPs') ?? []).forEach((ip, i) => {
		if (!isValidIP(ip)) e.invalid(index('spec.externalIPs', i), ip, IP_MESSAGE);
	});
	(e.strList(spec.loadBalancerSourceRanges, 'spec.loadBalancerSourceRanges') ?? []).forEach((r, i) => {
		if (!isValidCIDR(r)) e.invalid(index('spec.loadBalancerSourceRanges', i), r, CIDR_MESSAGE);
	});
	e.bool(spec.publishNotReadyAddresses, 'spec.publishNotReadyAddresses');
	e.bool(spec.allocateLoadBalancerNodePorts, 'spec.allocateLoadBalancerNodePorts');
}

/** The cluster IP and node ports: kept across updates, taken when asked for, else allocated. */
function allocate(svc: Service, old: Service | undefined, ctx: AdmissionContext): void {
	const spec: ServiceSpec = svc.spec ?? (svc.spec = {});
	const type = spec.type ?? 'ClusterIP';
	if (type === 'ExternalName') {
		if (old?.spec?.clusterIP) ctx.clusterIPs.release(old.spec.clusterIP);
		delete spec.clusterIP;
		delete spec.clusterIPs;
	} else if (old?.spec?.clusterIP && (!spec.clusterIP || spec.clusterIP === old.spec.clusterIP)) {
		spec.clusterIP = old.spec.clusterIP;
		spec.clusterIPs = [old.spec.clusterIP];
	} else if (spec.clusterIP === 'None') {
		spec.clusterIPs = ['None'];
	} else if (spec.clusterIP) {
		if (!ctx.clusterIPs.reserve(spec.clusterIP))
			throw errors.invalid('Service', svc.metadata.name, [{reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`}]);
		spec.clusterIPs = [spec.clusterIP];
	} else {
		spec.clusterIP = ctx.clusterIPs.allocate();
		spec.clusterIPs = [spec.clusterIP];
	}
	const wantsNodePorts = type === 'NodePort' || type === 'LoadBalancer';
	const oldPorts = old?.spec?.ports ?? [];
	for (const p of spec.ports ?? []) {
		const before = oldPorts.find(o => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
		if (!wantsNodePorts) {
			if (before?.nodePort) ctx.nodePorts.release(before.nodePort);
			delete p.nodePort;
			continue;
		}
		if (before?.nodePort && (!p.nodePort || p.nodePort === before.nodePort)) {
			p.nodePort = before.nodePort;
		} else if (p.nodePort) {
			if (!ctx.nodePorts.reserve(p.nodePort))
				throw errors.invalid('Service', svc.metadata.name, [{reason: 'FieldValueInvalid', field: 'spec.ports[0].nodePort', message: `Invalid value: ${p.nodePort}: provided port is already allocated`}]);
		} else {
			p.nodePort = ctx.nodePorts.allocate();
		}
	}
	if (!svc.status) svc.status = {loadBalancer: {}};
}

/** A cluster IP, once set, stays (leaving it out keeps it); only a change to or from ExternalName drops it. */
function validateServiceUpdate(e: FieldErrors, obj: Obj, old: Obj): void {
	const spec = isObj(obj.spec) ? obj.spec : {};
	const before = isObj(old.spec) ? old.spec : {};
	if (spec.type === 'ExternalName' || before.type === 'ExternalName') return;
	const was = typeof before.clusterIP === 'string' ? before.clusterIP : undefined;
	const now = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : undefined;
	if (was && now && now !== was) e.invalid('spec.clusterIPs[0]', new GoLiteral(`[]string{${JSON.stringify(now)}}`), 'may not change once set');
}

export const serviceApi: KindApi = {
	name: isDNS1035Label,
	defaults: specDefaults(serviceDefaults),
	validate: specRules(validateService),
	validateUpdate: validateServiceUpdate,
	admitCreate: (svc: Service, ctx) => allocate(svc, undefined, ctx),
	admitUpdate: (old: Service, svc: Service, ctx) => allocate(svc, old, ctx),
	release(svc: Service, ctx) {
		ctx.clusterIPs.release(svc.spec?.clusterIP);
		for (const p of svc.spec?.ports ?? []) ctx.nodePorts.release(p.nodePort);
	},
	reclaim(svc: Service, ctx) {
		for (const ip of svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])) if (ip !== 'None') ctx.clusterIPs.reserve(ip);
		for (const p of svc.spec?.ports ?? []) if (p.nodePort) ctx.nodePorts.reserve(p.nodePort);
	},
	listMerges: {'spec.ports': {type: 'merge', key: 'port'}},
};
