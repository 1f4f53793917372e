// The container runtime's image store on one node: images by name, layers by digest (a layer
// shared by two images is pulled once), and how long a pull takes.
import type {ImageProfile, ImageRef, Layer} from '../apps/types.js';

/** Registry bandwidth and per-pull latency of the simulated network. */
export const PULL_BYTES_PER_SECOND = 40 * 1024 * 1024;
export const PULL_LATENCY_MS = 350;

export interface StoredImage {
	names: string[];
	sizeBytes: number;
	digest: string;
}

export class ImageStore {
	private images = new Map<string, StoredImage>();
	private layers = new Set<string>();
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

	add(ref: ImageRef, profile: ImageProfile): StoredImage {
		const layers = profile.layers(ref.tag);
		for (const l of layers) this.layers.add(l.digest);
		const size = layers.reduce((a, l) => a + l.size, 0);
		const digest = profile.digest(ref.tag);
		const names = [`${ref.fullName.replace(/:[^:/]+$/, '')}@${digest}`, ref.fullName];
		const img = {names, sizeBytes: size, digest};
		this.images.set(ref.fullName, img);
		return img;
	}

	list(): StoredImage[] {
		return [...this.images.values()];
	}
}

/** Go's time.Duration formatting as the kubelet prints pull times: 529ms, 1.387s, 1m2.5s. */
export function goDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)}ms`;
	const totalSeconds = ms / 1000;
	if (totalSeconds < 60) return `${trim(totalSeconds.toFixed(3))}s`;
	const m = Math.floor(totalSeconds / 60);
	const s = totalSeconds - m * 60;
	return `${m}m${trim(s.toFixed(3))}s`;
}

function trim(s: string): string {
	return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
