// `kubectl set image`: the pod spec of any kind that holds one (a Pod, a workload's template, a
// CronJob's job template), found by its shape, and a strategic merge patch for one container.
import type {KObject, PodSpec, Templated} from '../cluster/types.js';
import {kindLabel, mustKind, VerbError, type VerbBackend} from './backend.js';

/** Where the pod spec sits in an object: `spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`. */
export function podSpecPath(obj: KObject): string[] | undefined {
	const spec = (obj as Templated).spec;
	if (Array.isArray((spec as Partial<PodSpec> | undefined)?.containers)) return ['spec'];
	if (spec?.template?.spec) return ['spec', 'template', 'spec'];
	if (spec?.jobTemplate?.spec?.template?.spec) return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
	return undefined;
}

/** The pod spec of an object that holds one. */
export function podSpecOf(obj: KObject): Partial<PodSpec> | undefined {
	const spec = (obj as Templated).spec;
	if (Array.isArray((spec as Partial<PodSpec> | undefined)?.containers)) return spec as Partial<PodSpec>;
	return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

/** The patch that sets `container`'s image (init containers included), or a VerbError in kubectl's words. */
export function setImagePatch(obj: KObject, container: string, image: string): unknown {
	const path = podSpecPath(obj);
	const spec = podSpecOf(obj);
	if (!path || !spec) throw new VerbError(`error: the object "${obj.metadata.name}" has no pod template`);
	const field = spec.containers?.some(c => c.name === container) ? 'containers' : spec.initContainers?.some(c => c.name === container) ? 'initContainers' : undefined;
	if (!field) throw new VerbError(`error: unable to find container named "${container}"`);
	let patch: Record<string, unknown> = {[field]: [{name: container, image}]};
	for (const key of [...path].reverse()) patch = {[key]: patch};
	return patch;
}

export async function setImage(b: VerbBackend, kind: string, namespace: string, name: string, container: string, image: string): Promise<string> {
	const k = mustKind(kind);
	const obj = await b.get(k.kind, namespace, name);
	await b.patch(k.kind, namespace, name, setImagePatch(obj, container, image), 'strategic');
	return `${kindLabel(k)}/${name} image updated`;
}
