// `kubectl scale` and `kubectl delete`, as they reach the API.
import {kindLabel, mustKind, VerbError, type Propagation, type VerbBackend} from './backend.js';
import {resourceName} from '../kinds/index.js';

export async function scale(b: VerbBackend, kind: string, namespace: string, name: string, replicas: number): Promise<string> {
	const k = mustKind(kind);
	if (!k.capabilities.scalable) throw new VerbError(`error: ${resourceName(k)} "${name}" cannot be scaled`);
	await b.patch(k.kind, namespace, name, {spec: {replicas}}, 'merge', 'scale');
	return `${kindLabel(k)}/${name} scaled`;
}

export async function remove(b: VerbBackend, kind: string, namespace: string | undefined, name: string, propagation: Propagation = 'Background'): Promise<string> {
	const k = mustKind(kind);
	await b.delete(k.kind, namespace, name, propagation);
	return `${kindLabel(k)} "${name}" deleted`;
}
