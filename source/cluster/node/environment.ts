// The container environment: files mounted from ConfigMap and Secret volumes, variables from
// env (values, $(VAR) references, ConfigMap and Secret keys, the downward API) and envFrom,
// and the Docker-link style variables of the namespace's Services.
import type {Container, EnvVar, KObject, Service, Volume} from '../types.js';
import {bytes, milliCpu} from '../core/quantity.js';
import {downwardValue} from '../core/pods.js';
import type {KubeletContext, PodWorker} from './state.js';

/** Where a pod's configuration comes from: ConfigMaps or Secrets. */
interface ConfigSource {
	kind: string;
	/** How errors name the kind: configmap "x" not found. */
	noun: string;
	data(obj: KObject): Record<string, string>;
}

const CONFIG_MAP: ConfigSource = {kind: 'ConfigMap', noun: 'configmap', data: obj => ({...(obj.data ?? {})})};

const SECRET: ConfigSource = {
	kind: 'Secret',
	noun: 'secret',
	data: obj => {
		const out: Record<string, string> = {};
		for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = Buffer.from(String(v), 'base64').toString('utf8');
		for (const [k, v] of Object.entries(obj.stringData ?? {})) out[k] = String(v);
		return out;
	},
};

interface ConfigRef {
	source: ConfigSource;
	name: string;
	optional?: boolean;
}

function volumeRef(v: Volume): (ConfigRef & {items?: Array<{key: string; path: string}>}) | undefined {
	if (v.configMap) return {source: CONFIG_MAP, ...v.configMap};
	if (v.secret) return {source: SECRET, name: v.secret.secretName, optional: v.secret.optional, items: v.secret.items};
	return undefined;
}

function envFromRef(ef: NonNullable<Container['envFrom']>[number]): ConfigRef | undefined {
	if (ef.configMapRef) return {source: CONFIG_MAP, ...ef.configMapRef};
	if (ef.secretRef) return {source: SECRET, ...ef.secretRef};
	return undefined;
}

function keyRef(e: EnvVar): (ConfigRef & {key: string}) | undefined {
	const from = e.valueFrom;
	if (from?.configMapKeyRef) return {source: CONFIG_MAP, ...from.configMapKeyRef};
	if (from?.secretKeyRef) return {source: SECRET, ...from.secretKeyRef};
	return undefined;
}

/** Why a pod cannot start yet: a missing volume source (FailedMount) or a missing env source. */
export interface ConfigProblem {
	message: string;
	volume?: boolean;
}

export class ContainerEnvironment {
	private servicesVersion = 0;
	private serviceEnvCache = new Map<string, {at: number; env: Record<string, string>}>();

	constructor(private readonly k: KubeletContext) {}

	/** A Service changed: the cached service variables are stale. */
	servicesChanged(): void {
		this.servicesVersion++;
	}

	private lookup(ref: ConfigRef, namespace: string): KObject | undefined {
		return this.k.store.get(ref.source.kind, namespace, ref.name);
	}

	/** Mounts the pod's ConfigMap and Secret volumes (w.files) and checks its env sources. */
	resolve(w: PodWorker): ConfigProblem | undefined {
		const pod = w.pod;
		const ns = w.namespace;
		const files: Record<string, string> = {};
		const mountsOf = (name: string) => [...(pod.spec.initContainers ?? []), ...pod.spec.containers].flatMap(c => (c.volumeMounts ?? []).filter(m => m.name === name));
		for (const v of pod.spec.volumes ?? []) {
			if (v.downwardAPI) {
				// the pod's own fields as files, each value without a trailing newline
				for (const m of mountsOf(v.name))
					for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) files[`${m.mountPath.replace(/\/$/, '')}/${item.path}`] = downwardValue(pod, item.fieldRef.fieldPath);
				continue;
			}
			const ref = volumeRef(v);
			if (!ref) continue;
			const obj = this.lookup(ref, ns);
			if (!obj) {
				if (ref.optional) continue;
				return {message: `MountVolume.SetUp failed for volume "${v.name}" : ${ref.source.noun} "${ref.name}" not found`, volume: true};
			}
			const data = ref.source.data(obj);
			const mounts = pod.spec.containers.flatMap(c => (c.volumeMounts ?? []).filter(m => m.name === v.name));
			for (const m of mounts) {
				const entries = ref.items ? ref.items.map(i => [i.path, data[i.key]] as const) : Object.entries(data);
				for (const [path, value] of entries) if (value !== undefined) files[`${m.mountPath.replace(/\/$/, '')}/${path}`] = value;
			}
		}
		w.files = files;
		for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
			for (const ef of c.envFrom ?? []) {
				const ref = envFromRef(ef);
				if (ref && !this.lookup(ref, ns) && !ref.optional) return {message: `${ref.source.noun} "${ref.name}" not found`};
			}
			for (const e of c.env ?? []) {
				const ref = keyRef(e);
				if (!ref) continue;
				const obj = this.lookup(ref, ns);
				if (!obj) {
					if (ref.optional) continue;
					return {message: `${ref.source.noun} "${ref.name}" not found`};
				}
				if (ref.source.data(obj)[ref.key] === undefined && !ref.optional)
					return {message: `couldn't find key ${ref.key} in ${ref.source.kind} ${ns}/${ref.name}`};
			}
		}
		return undefined;
	}

	/** The environment a container's process sees, as `env` inside it would print. */
	env(w: PodWorker, c: Container): Record<string, string> {
		const env: Record<string, string> = {
			PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
			HOSTNAME: w.pod.spec.hostname ?? w.name,
		};
		if (w.pod.spec.enableServiceLinks !== false) Object.assign(env, this.serviceEnv(w.namespace));
		for (const ef of c.envFrom ?? []) {
			const ref = envFromRef(ef);
			const obj = ref && this.lookup(ref, w.namespace);
			if (obj) for (const [k, v] of Object.entries(ref.source.data(obj))) env[`${ef.prefix ?? ''}${k}`] = v;
		}
		for (const e of c.env ?? []) {
			const ref = keyRef(e);
			if (e.value !== undefined) env[e.name] = expandEnv(e.value, env);
			else if (ref) {
				const obj = this.lookup(ref, w.namespace);
				const v = obj ? ref.source.data(obj)[ref.key] : undefined;
				if (v !== undefined) env[e.name] = v;
			} else if (e.valueFrom?.fieldRef) {
				env[e.name] = downwardValue(w.pod, e.valueFrom.fieldRef.fieldPath, {podIP: w.ip ?? '', hostIP: this.k.agents.get(w.node)?.hostIP ?? ''});
			} else if (e.valueFrom?.resourceFieldRef) {
				const [section, res] = e.valueFrom.resourceFieldRef.resource.split('.');
				const q = c.resources?.[section === 'limits' ? 'limits' : 'requests']?.[res!];
				env[e.name] = res === 'cpu' ? String(Math.max(1, Math.ceil(milliCpu(q) / 1000))) : String(bytes(q));
			} else env[e.name] = '';
		}
		return env;
	}

	/** Docker-link style variables for the Services of the namespace (WEB_SERVICE_HOST...). */
	private serviceEnv(namespace: string): Record<string, string> {
		const rv = this.servicesVersion;
		const cached = this.serviceEnvCache.get(namespace);
		if (cached && cached.at === rv) return cached.env;
		const env: Record<string, string> = {};
		const kube = this.k.store.get('Service', 'default', 'kubernetes');
		if (kube) addServiceEnv(env, kube);
		for (const svc of this.k.store.list('Service', {namespace})) if (!(namespace === 'default' && svc.metadata.name === 'kubernetes')) addServiceEnv(env, svc);
		this.serviceEnvCache.set(namespace, {at: rv, env});
		return env;
	}
}

function addServiceEnv(env: Record<string, string>, svc: Service): void {
	const ip = svc.spec?.clusterIP;
	if (!ip || ip === 'None') return;
	const name = svc.metadata.name.toUpperCase().replace(/-/g, '_');
	const ports = svc.spec?.ports ?? [];
	if (!ports[0]) return;
	env[`${name}_SERVICE_HOST`] = ip;
	env[`${name}_SERVICE_PORT`] = String(ports[0].port);
	for (const p of ports) if (p.name) env[`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
	const proto = (ports[0].protocol ?? 'TCP').toLowerCase();
	env[`${name}_PORT`] = `${proto}://${ip}:${ports[0].port}`;
	for (const p of ports) {
		const pr = p.protocol ?? 'TCP';
		const base = `${name}_PORT_${p.port}_${pr}`;
		env[base] = `${pr.toLowerCase()}://${ip}:${p.port}`;
		env[`${base}_PROTO`] = pr.toLowerCase();
		env[`${base}_PORT`] = String(p.port);
		env[`${base}_ADDR`] = ip;
	}
}

function expandEnv(value: string, env: Record<string, string>): string {
	return value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) => env[name] ?? m);
}
