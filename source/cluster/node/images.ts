// The image manager: each node's image store (images by name, layers by digest, so a layer
// shared by two images is pulled once), pulls serialized per node and timed by the bytes still
// missing, imagePullPolicy, and ErrImagePull / ImagePullBackOff with back-off.
import type {ImageProfile, ImageRef, Layer} from '../apps/types.js';
import {fakeDigest, findImage, imageSize, parseImageRef} from '../apps/index.js';
import {BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, containerPath, eventSource, goDuration, type ContainerRecord, type KubeletContext, type NodeAgent, type PodWorker} from './state.js';
import type {StatusManager} from './status.js';

/** Registry bandwidth and per-pull latency of the simulated network. */
export const PULL_BYTES_PER_SECOND = 40 * 1024 * 1024;
export const PULL_LATENCY_MS = 350;

export interface StoredImage {
	names: string[];
	sizeBytes: number;
	/** The manifest's digest (what the image reference pins, `repo@sha256:...`). */
	digest: string;
	/** The image config's digest: crictl's IMAGE ID. */
	configDigest: string;
	repository: string;
	tag: string;
	layers: Layer[];
	/** Digests of the layers the node already had from other images when this one was pulled. */
	had: string[];
}

/** One row of `crictl images` with what the image shares with the others on the node. */
export interface ImageRow {
	repository: string;
	tag: string;
	configDigest: string;
	digest: string;
	size: number;
	/** Bytes in layers another image on the node also uses. */
	shared: number;
	/** Bytes in layers only this image uses. */
	unique: number;
}

/** The digest of an image's config blob, fixed by its manifest's digest. */
export function configDigestOf(manifest: string): string {
	return fakeDigest(`config\0${manifest}`);
}

/** The container runtime's image store on one node: images by name, layers by digest with the images using each. */
export class ImageStore {
	private images = new Map<string, StoredImage>();
	private layers = new Map<string, {size: number; refs: number}>();
	/** The node's serialized pull queue is busy until this elapsed time (kubelet serializeImagePulls). */
	busyUntil = 0;

	has(fullName: string): boolean {
		return this.images.has(fullName);
	}

	get(fullName: string): StoredImage | undefined {
		return this.images.get(fullName);
	}

	/** Bytes still to download for these layers. */
	missingBytes(layers: Layer[]): number {
		let n = 0;
		for (const l of layers) if (!this.layers.has(l.digest)) n += l.size;
		return n;
	}

	/** How many images on the node use a layer. */
	layerRefs(digest: string): number {
		return this.layers.get(digest)?.refs ?? 0;
	}

	add(ref: ImageRef, profile: ImageProfile): StoredImage {
		const existing = this.images.get(ref.fullName);
		if (existing) return existing;
		const layers = profile.layers(ref.tag);
		const had: string[] = [];
		let size = 0;
		for (const l of layers) {
			size += l.size;
			const known = this.layers.get(l.digest);
			if (known) {
				had.push(l.digest);
				known.refs++;
			} else this.layers.set(l.digest, {size: l.size, refs: 1});
		}
		const digest = profile.digest(ref.tag);
		const repository = ref.repository;
		const names = [`${ref.fullName.replace(/:[^:/]+$/, '')}@${digest}`, ref.fullName];
		const img: StoredImage = {names, sizeBytes: size, digest, configDigest: configDigestOf(digest), repository, tag: ref.tag, layers, had};
		this.images.set(ref.fullName, img);
		return img;
	}

	list(): StoredImage[] {
		return [...this.images.values()];
	}

	/** The images with their shared and unique bytes, by repository and tag. */
	rows(): ImageRow[] {
		const out: ImageRow[] = [];
		for (const img of this.images.values()) {
			let unique = 0;
			for (const l of img.layers) if ((this.layers.get(l.digest)?.refs ?? 0) <= 1) unique += l.size;
			out.push({repository: img.repository, tag: img.tag, configDigest: img.configDigest, digest: img.digest, size: img.sizeBytes, shared: img.sizeBytes - unique, unique});
		}
		return out.sort((a, b) => (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
	}

	/** Bytes on disk: each layer once, however many images use it. */
	diskBytes(): number {
		let n = 0;
		for (const l of this.layers.values()) n += l.size;
		return n;
	}
}

/**
 * The image of every pod's sandbox, which the node has from its boot: `registry.k8s.io/pause:3.10`
 * as kubeadm and kind configure containerd, and on an EC2 node of EKS (providerID
 * `aws:///<zone>/...`) the pause image of EKS's ECR in the node's region, as its AMI sets it.
 */
export function sandboxImage(providerID: string | undefined): string {
	const zone = /^aws:\/\/\/([a-z]{2}(?:-[a-z]+)+-\d)[a-z]\//.exec(providerID ?? '')?.[1];
	return zone ? `602401143452.dkr.ecr.${zone}.amazonaws.com/eks/pause:3.5` : 'registry.k8s.io/pause:3.10';
}

/** A new node's image store, holding its sandbox image. */
export function bootImageStore(providerID: string | undefined): ImageStore {
	const store = new ImageStore();
	const ref = parseImageRef(sandboxImage(providerID));
	const found = ref.error ? undefined : findImage(ref);
	if (found && 'profile' in found) store.add(ref, found.profile);
	return store;
}

/** A store's images as a Node's status.images lists them. */
export function statusImages(store: ImageStore): Array<{names: string[]; sizeBytes: number}> {
	return store.list().map(i => ({names: i.names, sizeBytes: i.sizeBytes}));
}

export class ImageManager {
	/** `ready` starts the container once its image is on the node. */
	constructor(
		private readonly k: KubeletContext,
		private readonly status: StatusManager,
		private readonly ready: (w: PodWorker, c: ContainerRecord) => void,
	) {}

	/** Gets the container's image onto the node as its pull policy says, then starts the container. */
	ensure(w: PodWorker, c: ContainerRecord): void {
		if (w.gone || w.terminating) return;
		const agent = this.k.agents.get(w.node)!;
		const image = c.spec.image;
		const ref = parseImageRef(image);
		if (ref.error) {
			this.fail(w, c, 'InvalidImageName', ref.error, ['InspectFailed', ref.error]);
			return;
		}
		const found = findImage(ref);
		const policy = c.spec.imagePullPolicy ?? (ref.tag === 'latest' ? 'Always' : 'IfNotPresent');
		const present = agent.images.has(ref.fullName);
		if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
			if (!present) {
				const message = `Container image "${image}" is not present with pull policy of Never`;
				Object.assign(c, {state: 'waiting', reason: 'ErrImageNeverPull', message});
				this.k.events.record(w.pod, 'Warning', 'ErrImageNeverPull', message, eventSource(w), containerPath(c));
				this.status.markDirty(w);
				return;
			}
			this.k.events.record(w.pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, eventSource(w), containerPath(c));
			if ('profile' in found) {
				c.ref = ref;
				c.profile = found.profile;
			}
			this.ready(w, c);
			return;
		}
		this.k.events.record(w.pod, 'Normal', 'Pulling', `Pulling image "${image}"`, eventSource(w), containerPath(c));
		agent.pullsInFlight++;
		agent.pulls.add();
		const requested = this.k.clock.elapsed();
		const begin = Math.max(requested, agent.images.busyUntil);
		if ('error' in found) this.pullFails(w, c, agent, begin, found.error);
		else this.pull(w, c, agent, ref, found.profile, {requested, begin, present});
	}

	/** Marks the container waiting with `reason`, with a Warning event (after `first`, when given). */
	private fail(w: PodWorker, c: ContainerRecord, reason: string, message: string, first?: [string, string]): void {
		if (first) this.k.events.record(w.pod, 'Warning', first[0], first[1], eventSource(w), containerPath(c));
		this.k.events.record(w.pod, 'Warning', 'Failed', `Error: ${reason}`, eventSource(w), containerPath(c));
		Object.assign(c, {state: 'waiting', reason, message});
		this.status.markDirty(w);
	}

	private pullFails(w: PodWorker, c: ContainerRecord, agent: NodeAgent, begin: number, error: string): void {
		const image = c.spec.image;
		const done = begin + PULL_LATENCY_MS + this.k.rng.int(400);
		agent.images.busyUntil = done;
		this.k.clock.at(done, () => {
			agent.pullsInFlight--;
			if (w.gone || w.terminating) return;
			const message = `Failed to pull image "${image}": ${error}`;
			this.fail(w, c, 'ErrImagePull', message, ['Failed', message]);
			c.pullBackoffMs = c.pullBackoffMs ? Math.min(c.pullBackoffMs * 2, BACKOFF_MAX_MS) : BACKOFF_INITIAL_MS;
			// the next pod sync finds the pull in back-off
			c.waitTimer = this.k.clock.after(1000, () => {
				if (w.gone || w.terminating) return;
				const message = `Back-off pulling image "${image}"`;
				this.k.events.record(w.pod, 'Normal', 'BackOff', message, eventSource(w), containerPath(c));
				this.fail(w, c, 'ImagePullBackOff', message);
				c.waitTimer = this.k.clock.after(c.pullBackoffMs - 1000, () => {
					c.waitTimer = undefined;
					this.ensure(w, c);
				});
			});
		});
	}

	private pull(w: PodWorker, c: ContainerRecord, agent: NodeAgent, ref: ImageRef, profile: ImageProfile, at: {requested: number; begin: number; present: boolean}): void {
		const image = c.spec.image;
		const missing = agent.images.missingBytes(profile.layers(ref.tag));
		const pullMs = PULL_LATENCY_MS + this.k.rng.int(200) + (missing * 1000) / PULL_BYTES_PER_SECOND;
		const done = at.begin + pullMs;
		agent.images.busyUntil = done;
		this.k.clock.at(done, () => {
			agent.pullsInFlight--;
			if (w.gone) return;
			const stored = agent.images.add(ref, profile);
			const size = imageSize(profile, ref.tag) || stored.sizeBytes;
			const message = `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(done - at.requested)} including waiting). Image size: ${size} bytes.`;
			this.k.events.record(w.pod, 'Normal', 'Pulled', message, eventSource(w), containerPath(c));
			if (!at.present) this.publish(agent);
			c.ref = ref;
			c.profile = profile;
			c.pullBackoffMs = 0;
			if (!w.terminating) this.ready(w, c);
		});
	}

	/** The node's status.images after a new image arrived. */
	private publish(agent: NodeAgent): void {
		const node = this.k.store.get('Node', undefined, agent.name);
		if (!node || !agent.alive) return;
		this.k.api.setStatus(node, {...node.status, images: statusImages(agent.images)});
	}
}
