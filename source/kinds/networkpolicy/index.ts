// NetworkPolicy: networking.k8s.io/v1 networkpolicies. Stored, defaulted (policy types, TCP) and
// validated as a real API server does; the simulated traffic does not enforce them.
import type {NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec} from '../../cluster/types.js';
import type {KindApi, KindInfo} from '../types.js';
import {DescribeWriter, age, formatSelector} from '../format.js';
import {FieldErrors, type Obj, child, specRules} from '../shared/fields.js';
import {CIDR_MESSAGE, isValidCIDR, isValidPortName, isValidPortNum} from '../shared/formats.js';
import {objects} from '../shared/defaults.js';
import {labelSelector} from '../shared/meta.js';

function port(e: FieldErrors, p: Obj, path: string): void {
	e.oneOf(p.protocol, child(path, 'protocol'), ['SCTP', 'TCP', 'UDP']);
	const v = e.intOrString(p.port, child(path, 'port'));
	if (typeof v === 'number') e.each(child(path, 'port'), v, isValidPortNum(v));
	else if (typeof v === 'string') e.each(child(path, 'port'), v, isValidPortName(v));
	const end = e.int(p.endPort, child(path, 'endPort'));
	if (end !== undefined) {
		if (typeof v !== 'number') e.required(child(path, 'port'), 'must specify port when endPort is specified');
		else if (end < v) e.invalid(child(path, 'endPort'), end, 'must be greater than or equal to `port`');
	}
}

function peer(e: FieldErrors, p: Obj, path: string): void {
	let count = 0;
	if (p.podSelector !== undefined && p.podSelector !== null) {
		count++;
		labelSelector(e, p.podSelector, child(path, 'podSelector'));
	}
	if (p.namespaceSelector !== undefined && p.namespaceSelector !== null) {
		count++;
		labelSelector(e, p.namespaceSelector, child(path, 'namespaceSelector'));
	}
	const block = e.obj(p.ipBlock, child(path, 'ipBlock'));
	if (block) {
		count++;
		const bp = child(path, 'ipBlock');
		const cidr = e.str(block.cidr, child(bp, 'cidr'));
		if (!cidr) e.required(child(bp, 'cidr'));
		else if (!isValidCIDR(cidr)) e.invalid(child(bp, 'cidr'), cidr, CIDR_MESSAGE);
		(e.strList(block.except, child(bp, 'except')) ?? []).forEach((x, i) => {
			if (!isValidCIDR(x)) e.invalid(`${bp}.except[${i}]`, x, CIDR_MESSAGE);
		});
	}
	if (count === 0) e.required(path, 'must specify a peer');
	else if (count > 1 && block) e.forbidden(path, 'may not specify more than 1 peer type');
}

function validateSpec(e: FieldErrors, spec: Obj): void {
	labelSelector(e, spec.podSelector ?? {}, 'spec.podSelector');
	for (const [dir, peers] of [
		['ingress', 'from'],
		['egress', 'to'],
	] as const) {
		for (const [rule, p] of e.objList(spec[dir], `spec.${dir}`)) {
			for (const [pp, ppath] of e.objList(rule.ports, child(p, 'ports'))) port(e, pp, ppath);
			for (const [peerObj, peerPath] of e.objList(rule[peers], child(p, peers))) peer(e, peerObj, peerPath);
		}
	}
	const types = e.strList(spec.policyTypes, 'spec.policyTypes') ?? [];
	types.forEach((t, i) => {
		if (t !== 'Ingress' && t !== 'Egress') e.notSupported(`spec.policyTypes[${i}]`, t, ['Egress', 'Ingress']);
	});
	if (types.length > 2) e.invalid('spec.policyTypes', types, 'may not specify more than two policyTypes');
}

export const networkPolicyApi: KindApi = {
	defaults(obj) {
		if (!obj.spec || typeof obj.spec !== 'object') return;
		const spec = obj.spec;
		for (const rule of [...objects(spec.ingress), ...objects(spec.egress)]) for (const p of objects(rule.ports)) if (!p.protocol) p.protocol = 'TCP';
		if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
			spec.policyTypes = ['Ingress'];
			if (Array.isArray(spec.egress) && spec.egress.length) spec.policyTypes.push('Egress');
		}
		if (!spec.podSelector) spec.podSelector = {};
	},
	validate: specRules(validateSpec),
};

function portText(p: NetworkPolicyPort): string {
	const port = p.port === undefined ? '<nil>' : String(p.port);
	return `${p.endPort !== undefined ? `${port}-${p.endPort}` : port}/${p.protocol ?? 'TCP'}`;
}

function describePeers(w: DescribeWriter, peers: readonly NetworkPolicyPeer[], word: 'From' | 'To', indent: string): void {
	for (const p of peers) {
		w.write(0, `${indent}${word}:\n`);
		if (p.podSelector && p.namespaceSelector) {
			w.write(1, `${indent}NamespaceSelector: ${formatSelector(p.namespaceSelector)}\n`);
			w.write(1, `${indent}PodSelector: ${formatSelector(p.podSelector)}\n`);
		} else if (p.podSelector) w.write(1, `${indent}PodSelector: ${formatSelector(p.podSelector)}\n`);
		else if (p.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${formatSelector(p.namespaceSelector)}\n`);
		else if (p.ipBlock) {
			w.write(1, `${indent}IPBlock:\n`);
			w.write(2, `${indent}CIDR: ${p.ipBlock.cidr}\n`);
			w.write(2, `${indent}Except: ${(p.ipBlock.except ?? []).join(', ')}\n`);
		}
	}
}

function describeRules(w: DescribeWriter, rules: ReadonlyArray<{ports?: NetworkPolicyPort[]; from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[]}>, dir: 'ingress' | 'egress'): void {
	const indent = '    ';
	if (!rules.length) {
		w.write(0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`);
		return;
	}
	rules.forEach((rule, i) => {
		if (!rule.ports?.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
		for (const p of rule.ports ?? []) w.write(0, `${indent}To Port: ${portText(p)}\n`);
		const peers = (dir === 'ingress' ? rule.from : rule.to) ?? [];
		if (!peers.length) w.write(0, dir === 'ingress' ? `${indent}From: <any> (traffic not restricted by source)\n` : `${indent}To: <any> (traffic not restricted by destination)\n`);
		else describePeers(w, peers, dir === 'ingress' ? 'From' : 'To', indent);
		if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
	});
}

/** Go's time.Time text of a timestamp, in UTC: `2024-01-02 15:04:05 +0000 UTC`. */
function goTime(ts: string | undefined): string {
	if (!ts) return '0001-01-01 00:00:00 +0000 UTC';
	return `${new Date(Date.parse(ts)).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '')} +0000 UTC`;
}

function describeNetworkPolicy(np: NetworkPolicy): string {
	const spec: NetworkPolicySpec = np.spec ?? {};
	const w = new DescribeWriter();
	w.item(0, 'Name', np.metadata.name);
	w.item(0, 'Namespace', np.metadata.namespace ?? '');
	w.item(0, 'Created on', goTime(np.metadata.creationTimestamp));
	w.labels('Labels', np.metadata.labels);
	w.annotations('Annotations', np.metadata.annotations);
	w.write(0, 'Spec:\n');
	w.write(1, 'PodSelector: ');
	const sel = spec.podSelector;
	if (!Object.keys(sel?.matchLabels ?? {}).length && !(sel?.matchExpressions ?? []).length) w.write(2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
	else w.write(2, `${formatSelector(sel)}\n`);
	const types = spec.policyTypes ?? [];
	if (types.includes('Ingress')) {
		w.write(1, 'Allowing ingress traffic:\n');
		describeRules(w, spec.ingress ?? [], 'ingress');
	} else w.write(1, 'Not affecting ingress traffic\n');
	if (types.includes('Egress')) {
		w.write(1, 'Allowing egress traffic:\n');
		describeRules(w, spec.egress ?? [], 'egress');
	} else w.write(1, 'Not affecting egress traffic\n');
	w.write(1, `Policy Types: ${types.join(', ')}\n`);
	return w.toString();
}

export const networkPolicy: KindInfo = {
	kind: 'NetworkPolicy',
	group: 'networking.k8s.io',
	version: 'v1',
	apiVersion: 'networking.k8s.io/v1',
	plural: 'networkpolicies',
	singular: 'networkpolicy',
	namespaced: true,
	shortNames: ['netpol'],
	categories: [],
	subresources: [],
	api: networkPolicyApi,
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Pod-Selector', type: 'string', priority: 0, description: 'Selects the pods to which this NetworkPolicy object applies.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: NetworkPolicy, ctx) => [obj.metadata.name, formatSelector(obj.spec?.podSelector), age(obj.metadata.creationTimestamp, ctx.now)],
	describe: o => describeNetworkPolicy(o as NetworkPolicy),
	capabilities: {creatable: true},
};
