// The pods/ephemeralcontainers subresource (`kubectl debug -it POD --image=...`): a write that
// may only add ephemeral containers to a pod. Existing ones may not change or go, names are
// unique among all the pod's containers, and an ephemeral container has no ports, probes,
// resources or lifecycle. The kubelet starts each one added, once.
import type {KObject, Pod} from '../../cluster/types.js';
import {isTerminal} from '../../cluster/core/pods.js';
import {FieldErrors, type Obj, isObj, sameValue} from '../shared/fields.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NOT_ALLOWED = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resizePolicy', 'restartPolicy'];

export function writeEphemeralContainers(current: KObject, sent: Obj, e: FieldErrors): KObject {
	const pod = current as Pod;
	const spec = isObj(sent.spec) ? sent.spec : {};
	const list = spec.ephemeralContainers ?? [];
	const field = 'spec.ephemeralContainers';
	if (!Array.isArray(list)) {
		e.typeInvalid(field, list, 'array');
		return current;
	}
	const before = (pod.spec.ephemeralContainers ?? []) as Obj[];
	for (const old of before) {
		const now = list.find(c => isObj(c) && c.name === old.name);
		if (!now) e.forbidden(field, `existing ephemeral containers "${String(old.name)}" may not be removed`);
		else if (!sameValue(withDefaults(now as Obj), old)) e.forbidden(field, `existing ephemeral containers "${String(old.name)}" may not be changed`);
	}
	const names = new Set([...pod.spec.containers, ...(pod.spec.initContainers ?? [])].map(c => c.name));
	const out: Obj[] = [];
	list.forEach((c, i) => {
		const at = `${field}[${i}]`;
		if (!isObj(c)) return e.typeInvalid(at, c, 'object');
		const name = c.name;
		if (typeof name !== 'string' || name === '') e.required(`${at}.name`);
		else if (!DNS_LABEL.test(name) || name.length > 63)
			e.invalid(`${at}.name`, name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
		else if (names.has(name)) e.duplicate(`${at}.name`, name);
		else names.add(name);
		if (typeof c.image !== 'string' || c.image.trim() === '') e.required(`${at}.image`);
		for (const f of NOT_ALLOWED) if (c[f] !== undefined) e.forbidden(`${at}.${f}`, 'cannot be set for an Ephemeral Container');
		if (isObj(c.resources) && Object.keys(c.resources).length) e.forbidden(`${at}.resources`, 'cannot be set for an Ephemeral Container');
		for (const f of ['command', 'args'] as const)
			if (c[f] !== undefined && !(Array.isArray(c[f]) && (c[f] as unknown[]).every(x => typeof x === 'string'))) e.typeInvalid(`${at}.${f}`, c[f], 'array of strings');
		if (c.targetContainerName !== undefined && !pod.spec.containers.some(x => x.name === c.targetContainerName))
			e.notFound(`${at}.targetContainerName`, c.targetContainerName);
		out.push(withDefaults(c));
	});
	if (isTerminal(pod)) e.forbidden(field, 'cannot add ephemeral containers to a pod that has terminated');
	if (e.list.length) return current;
	return {...pod, spec: {...pod.spec, ephemeralContainers: out}} as KObject;
}

/** The API server's defaults for a container, as an ephemeral one gets them. */
function withDefaults(c: Obj): Obj {
	const image = typeof c.image === 'string' ? c.image : '';
	const latest = !/:[^/]+$/.test(image.replace(/@.*$/, '')) || image.endsWith(':latest');
	return {
		...c,
		imagePullPolicy: c.imagePullPolicy ?? (latest && !image.includes('@') ? 'Always' : 'IfNotPresent'),
		terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
		terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
	};
}
