// An Ingress in the API server: its validation (rules, paths, backends, TLS hosts).
import type {KindApi} from '../types.js';
import {defaultIngressClass, ingressClass} from '../ingressclass/index.js';
import {FieldErrors, type Obj, child, index, specRules} from '../shared/fields.js';
import {isDNS1035Label, isDNS1123Subdomain, isValidIP, isValidPortName, isValidPortNum, isWildcardSubdomain} from '../shared/formats.js';

function ingressBackend(e: FieldErrors, raw: unknown, p: string): void {
	const b = e.obj(raw, p);
	if (!b) return;
	const hasService = b.service !== undefined && b.service !== null;
	const hasResource = b.resource !== undefined && b.resource !== null;
	if (hasService && hasResource) {
		e.invalid(p, '', 'cannot set both service and resource backends');
		return;
	}
	if (hasResource) {
		const r = e.obj(b.resource, child(p, 'resource'));
		if (r) {
			for (const f of ['kind', 'name']) {
				const v = e.str(r[f], child(p, `resource.${f}`));
				if (!v) e.required(child(p, `resource.${f}`));
			}
		}
		return;
	}
	if (!hasService) {
		e.invalid(p, '', 'one backend (service or resource) must be specified');
		return;
	}
	const sp = child(p, 'service');
	const s = e.obj(b.service, sp);
	if (!s) return;
	const name = e.str(s.name, child(sp, 'name'));
	if (!name) e.required(child(sp, 'name'));
	else e.each(child(sp, 'name'), name, isDNS1035Label(name));
	const port = e.obj(s.port, child(sp, 'port'));
	const pname = port ? e.str(port.name, child(sp, 'port.name')) : undefined;
	const pnum = port ? e.int(port.number, child(sp, 'port.number')) : undefined;
	if (pname && pnum) e.invalid(child(sp, 'port'), '', 'cannot set both port name & port number');
	else if (pname) e.each(child(sp, 'port.name'), pname, isValidPortName(pname));
	else if (pnum) e.each(child(sp, 'port.number'), pnum, isValidPortNum(pnum));
	else e.required(child(sp, 'port'), 'port name or number is required');
}

function validateIngress(e: FieldErrors, spec: Obj): void {
	const cls = e.str(spec.ingressClassName, 'spec.ingressClassName');
	if (cls) e.each('spec.ingressClassName', cls, isDNS1123Subdomain(cls));
	const hasDefault = spec.defaultBackend !== undefined && spec.defaultBackend !== null;
	ingressBackend(e, spec.defaultBackend, 'spec.defaultBackend');
	const rules = e.objList(spec.rules, 'spec.rules');
	if (!hasDefault && rules.length === 0) e.invalid('spec', spec, 'either `defaultBackend` or `rules` must be specified');
	for (const [rule, rp] of rules) {
		const host = e.str(rule.host, child(rp, 'host'));
		if (host) {
			if (isValidIP(host)) e.invalid(child(rp, 'host'), host, 'must be a DNS name, not an IP address');
			else if (host.includes('*')) e.each(child(rp, 'host'), host, isWildcardSubdomain(host));
			else e.each(child(rp, 'host'), host, isDNS1123Subdomain(host));
		}
		const hp = child(rp, 'http');
		const http = e.obj(rule.http, hp);
		if (!http) continue;
		const paths = e.objList(http.paths, child(hp, 'paths'));
		if (paths.length === 0) e.required(child(hp, 'paths'));
		for (const [path, pp] of paths) {
			const type = e.str(path.pathType, child(pp, 'pathType'));
			const value = e.str(path.path, child(pp, 'path'));
			if (!type) e.required(child(pp, 'pathType'), 'pathType must be specified');
			else if (type !== 'Exact' && type !== 'Prefix' && type !== 'ImplementationSpecific') {
				e.notSupported(child(pp, 'pathType'), type, ['Exact', 'ImplementationSpecific', 'Prefix']);
			} else if (type === 'ImplementationSpecific' ? value !== undefined && value !== '' && !value.startsWith('/') : !value || !value.startsWith('/')) {
				e.invalid(child(pp, 'path'), value ?? '', 'must be an absolute path');
			}
			if (path.backend === undefined || path.backend === null) e.required(child(pp, 'backend'));
			else ingressBackend(e, path.backend, child(pp, 'backend'));
		}
	}
	for (const [tls, tp] of e.objList(spec.tls, 'spec.tls')) {
		(e.strList(tls.hosts, child(tp, 'hosts')) ?? []).forEach((h, i) => {
			e.each(index(child(tp, 'hosts'), i), h, h.includes('*') ? isWildcardSubdomain(h) : isDNS1123Subdomain(h));
		});
		const secret = e.str(tls.secretName, child(tp, 'secretName'));
		if (secret) e.each(child(tp, 'secretName'), secret, isDNS1123Subdomain(secret));
	}
}

export const ingressApi: KindApi = {
	validate: specRules(validateIngress),
	admitCreate(obj, ctx) {
		// the DefaultIngressClass admission plugin: an Ingress naming no class gets the default one
		if (obj.status === undefined) obj.status = {};
		const spec = obj.spec as {ingressClassName?: string} | undefined;
		if (!spec || spec.ingressClassName || obj.metadata.annotations?.['kubernetes.io/ingress.class'] !== undefined) return;
		const cls = ctx.list ? defaultIngressClass(ctx.list(ingressClass.kind)) : undefined;
		if (cls) spec.ingressClassName = cls.metadata.name;
	},
};
