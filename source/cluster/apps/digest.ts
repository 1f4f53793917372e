// Deterministic fake content digests and the base layers images share.
import {createHash} from 'node:crypto';
import type {Layer} from './types.js';

/** A stable `sha256:<64 hex>` for a name: the same seed always gives the same digest. */
const digests = new Map<string, string>();

export function fakeDigest(seed: string): string {
	let d = digests.get(seed);
	if (d === undefined) {
		d = 'sha256:' + createHash('sha256').update('kubesim\0' + seed).digest('hex');
		if (digests.size < 10_000) digests.set(seed, d);
	}
	return d;
}

export function layer(seed: string, size: number): Layer {
	return {digest: fakeDigest('layer\0' + seed), size};
}

/**
 * Base layers, compressed sizes as pulled. Images built FROM the same base carry the very
 * same layer, so a node that pulled nginx already has the first layer of redis.
 */
export const BASE = {
	/** debian:bookworm-slim: nginx, httpd, redis, postgres, perl:slim. */
	bookwormSlim: [layer('debian:bookworm-slim', 28_227_259)],
	/** debian:bookworm. */
	bookworm: [layer('debian:bookworm', 48_494_272)],
	/** buildpack-deps:bookworm (debian:bookworm + curl + scm + dev packages): node, python, perl. */
	buildpackDeps: [
		layer('debian:bookworm', 48_494_272),
		layer('buildpack-deps:bookworm-curl', 24_058_237),
		layer('buildpack-deps:bookworm-scm', 64_393_874),
		layer('buildpack-deps:bookworm', 181_621_493),
	],
	alpine321: [layer('alpine:3.21', 3_642_010)],
	alpine320: [layer('alpine:3.20', 3_623_807)],
	alpine319: [layer('alpine:3.19', 3_419_706)],
	/** The old alpine polinux/stress was built on. */
	alpine34: [layer('alpine:3.4', 2_320_212)],
	ubuntuNoble: [layer('ubuntu:24.04', 29_754_290)],
	ubuntuJammy: [layer('ubuntu:22.04', 29_537_614)],
	none: [] as Layer[],
};

export function totalSize(layers: Layer[]): number {
	return layers.reduce((sum, l) => sum + l.size, 0);
}
