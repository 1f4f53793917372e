import {describe, it, expect} from 'vitest';
import {defaultPullPolicy, findImage, imageID, imageSize, nearestTags, parseImageRef} from '../../source/cluster/apps/index.js';
import type {ImageProfile} from '../../source/cluster/apps/index.js';

function profile(image: string): ImageProfile {
	const r = findImage(parseImageRef(image));
	if ('error' in r) throw new Error(r.error);
	return r.profile;
}


describe('parseImageRef', () => {
	it('normalizes like Docker', () => {
		expect(parseImageRef('nginx')).toMatchObject({image: 'nginx', fullName: 'docker.io/library/nginx:latest', repository: 'docker.io/library/nginx', tag: 'latest'});
		expect(parseImageRef('nginx:1.27')).toMatchObject({fullName: 'docker.io/library/nginx:1.27', tag: '1.27'});
		expect(parseImageRef('hashicorp/http-echo:1.0')).toMatchObject({fullName: 'docker.io/hashicorp/http-echo:1.0', repository: 'docker.io/hashicorp/http-echo'});
		expect(parseImageRef('registry.k8s.io/pause:3.10')).toMatchObject({fullName: 'registry.k8s.io/pause:3.10', repository: 'registry.k8s.io/pause', tag: '3.10'});
		expect(parseImageRef('docker.io/nginx').fullName).toBe('docker.io/library/nginx:latest');
		expect(parseImageRef('localhost:5000/team/app:v2')).toMatchObject({repository: 'localhost:5000/team/app', tag: 'v2'});
	});

	it('accepts digests', () => {
		const digest = 'sha256:' + 'ab'.repeat(32);
		const ref = parseImageRef(`nginx@${digest}`);
		expect(ref).toMatchObject({fullName: `docker.io/library/nginx@${digest}`, tag: '', digest});
		expect(ref.error).toBeUndefined();
		expect(parseImageRef(`nginx:1.27@${digest}`)).toMatchObject({tag: '1.27', digest});
	});

	it('rejects invalid references with the kubelet message', () => {
		expect(parseImageRef('Nginx').error).toBe(
			'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase',
		);
		expect(parseImageRef('nginx:bad tag').error).toContain('invalid reference format');
		expect(findImage(parseImageRef('Nginx'))).toHaveProperty('error');
	});

	it('gives the default pull policy', () => {
		expect(defaultPullPolicy('nginx')).toBe('Always');
		expect(defaultPullPolicy('nginx:latest')).toBe('Always');
		expect(defaultPullPolicy('nginx:1.27')).toBe('IfNotPresent');
	});
});

describe('findImage', () => {
	it('fails an unknown tag of a catalogued repository like containerd', () => {
		expect(findImage(parseImageRef('nginx:1.99'))).toEqual({
			error:
				'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
		});
	});

	it('knows the tags of the catalogue', () => {
		const expected: Record<string, string[]> = {
			nginx: ['1.25', '1.26', '1.27', '1.27-alpine', '1.28', 'alpine', 'latest', 'stable'],
			httpd: ['2.4', 'latest'],
			redis: ['7', '7.2', '7.4', 'latest'],
			postgres: ['15', '16', '17', 'latest'],
			busybox: ['1.36', '1.37', 'latest'],
			alpine: ['3.19', '3.20', '3.21', 'latest'],
			node: ['20', '22', 'latest'],
			python: ['3.12', '3.13', 'latest'],
			perl: ['5.40', 'latest', 'slim'],
			'hashicorp/http-echo': ['1.0', 'latest'],
			'registry.k8s.io/pause': ['3.9', '3.10'],
			'polinux/stress': ['latest'],
		};
		for (const [repo, tags] of Object.entries(expected)) {
			for (const tag of tags) expect(findImage(parseImageRef(`${repo}:${tag}`)), `${repo}:${tag}`).toHaveProperty('profile');
		}
	});

	it('resolves aliases to the same digest and layers', () => {
		expect(profile('nginx:latest').digest('latest')).toBe(profile('nginx:1.27').digest('1.27'));
		expect(profile('nginx').layers('stable')).toEqual(profile('nginx').layers('1.28'));
		expect(profile('nginx').digest('1.27')).not.toBe(profile('nginx').digest('1.28'));
	});

	it('finds an image by digest', () => {
		const digest = profile('redis:7.2').digest('7.2');
		const ref = parseImageRef(`redis@${digest}`);
		const r = findImage(ref);
		expect('profile' in r && r.profile.version).toBe('7.2.7');
		expect(findImage(parseImageRef(`redis@sha256:${'0'.repeat(64)}`))).toHaveProperty('error');
	});

	it('gives images outside the catalogue a generic long-running profile', () => {
		const p = profile('example.com/team/api:v1.2.3');
		expect(imageSize(p)).toBe(94_405_112); // debian's slim base and layers sized from a hash of name and tag
		const it = p.run({env: {}, hostname: 'h', podName: 'h', namespace: 'default', podIP: '10.244.0.9', startedAt: 0, rng: {} as never, files: {}});
		const first = it.next().value;
		expect(first).toHaveProperty('sleep');
		const other = profile('myapp:anything');
		expect(other.repository).toBe('myapp');
		expect(imageSize(other)).toBe(71_024_713);
		expect(other.run({env: {}, hostname: 'h', podName: 'h', namespace: 'default', podIP: '10.244.0.9', startedAt: 0, rng: {} as never, files: {}}).next().value).toEqual(first);
	});

	it('has deterministic sha256 digests', () => {
		const d = profile('nginx:1.27').digest('1.27');
		expect(d).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(profile('nginx:1.27').digest('1.27')).toBe(d);
		for (const l of profile('postgres:17').layers('17')) expect(l.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
	});

	it('reports imageID like a container status', () => {
		const ref = parseImageRef('nginx:1.27');
		const p = profile('nginx:1.27');
		expect(imageID(ref, p)).toBe(`docker.io/library/nginx@${p.digest('1.27')}`);
	});
});

describe('layers and sizes', () => {
	it('shares the Debian base layer between nginx, redis, postgres and httpd', () => {
		const nginx = profile('nginx:1.27').layers('1.27');
		const redis = profile('redis:7.4').layers('7.4');
		const postgres = profile('postgres:17').layers('17');
		const httpd = profile('httpd:2.4').layers('2.4');
		expect(redis[0].digest).toBe(nginx[0].digest);
		expect(postgres[0].digest).toBe(nginx[0].digest);
		expect(httpd[0].digest).toBe(nginx[0].digest);
		// ...and nothing else.
		const nginxDigests = new Set(nginx.map((l) => l.digest));
		expect(redis.filter((l) => nginxDigests.has(l.digest))).toHaveLength(1);
	});

	it('shares the buildpack-deps layers between node, python and perl', () => {
		const node = profile('node:22').layers('22').map((l) => l.digest);
		const python = profile('python:3.13').layers('3.13').map((l) => l.digest);
		const perl = profile('perl:5.40').layers('5.40').map((l) => l.digest);
		expect(python.slice(0, 4)).toEqual(node.slice(0, 4));
		expect(perl.slice(0, 4)).toEqual(node.slice(0, 4));
		expect(python[4]).not.toBe(node[4]);
	});

	it('shares the alpine layer between alpine and alpine-based variants', () => {
		const alpine = profile('alpine:3.21').layers('3.21');
		expect(profile('nginx:alpine').layers('alpine')[0]).toEqual(alpine[0]);
		expect(profile('node:22-alpine').layers('22-alpine')[0]).toEqual(alpine[0]);
	});

	it('has realistic compressed sizes', () => {
		const size = (image: string) => imageSize(profile(image));
		// the sums of the catalogue's compressed layer sizes (linux/amd64): nginx 70 MB, redis 46,
		// postgres 152, busybox 2.2, alpine 3.6, node 400, python 380, perl 332, http-echo 4, pause 0.3
		expect(size('nginx:1.27')).toBe(70_208_483);
		expect(size('redis:7.4')).toBe(45_906_580);
		expect(size('postgres:17')).toBe(152_416_709);
		expect(size('busybox')).toBe(2_152_262);
		expect(size('alpine')).toBe(3_642_010);
		expect(size('node:22')).toBe(399_447_428);
		expect(size('python:3.13')).toBe(379_937_252);
		expect(size('perl:5.40')).toBe(332_141_510);
		expect(size('hashicorp/http-echo:1.0')).toBe(3_965_184);
		expect(size('registry.k8s.io/pause:3.10')).toBe(320_368);
	});
});

describe("the images' released tags", () => {
	const error = (image: string) => {
		const r = findImage(parseImageRef(image));
		return 'error' in r ? r.error : undefined;
	};

	it("knows the tags of the official tutorials' manifests, each with its version", () => {
		expect(profile('nginx:1.14.2').version).toBe('1.14.2');
		expect(profile('nginx:1.14').version).toBe('1.14.2');
		expect(profile('nginx:1.15').version).toBe('1.15.12');
		expect(profile('nginx:1.16.1').version).toBe('1.16.1');
		expect(profile('nginx:1.7.9').version).toBe('1.7.9');
		expect(profile('nginx:1.25.3-alpine').version).toBe('1.25.3');
		expect(profile('nginx:1.21.6-perl').version).toBe('1.21.6');
		expect(profile('busybox:1.28').version).toBe('1.28.4');
		expect(profile('busybox:1.28.4-glibc').version).toBe('1.28.4');
		for (const t of ['3.1', '3.2', '3.6', '3.8', '3.4.1']) expect(profile(`registry.k8s.io/pause:${t}`).version).toBe(t);
	});

	it('a tag that never existed fails with the registry\'s NotFound, as on a real node', () => {
		expect(error('nginx:1.14.3')).toBe(
			'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.14.3": failed to resolve reference "docker.io/library/nginx:1.14.3": docker.io/library/nginx:1.14.3: not found',
		);
		expect(error('nginx:1.99')).toContain('not found');
		expect(error('nginx:1.9.0-perl')).toContain('not found');
		expect(error('registry.k8s.io/pause:3.4')).toContain('not found');
		expect(error('busybox:1.23')).toContain('not found');
	});

	it('tags of one image differ in their digests', () => {
		const a = imageID(parseImageRef('nginx:1.14.2'), profile('nginx:1.14.2'));
		const b = imageID(parseImageRef('nginx:1.14.1'), profile('nginx:1.14.1'));
		expect(a).not.toBe(b);
		expect(imageID(parseImageRef('nginx:1.14'), profile('nginx:1.14'))).toBe(a);
	});
});

describe('the nearest released tags', () => {
	it('are of the same variant, sharing the most version numbers, then the closest number', () => {
		expect(nearestTags('nginx:1.14.3')).toEqual(['1.14.2', '1.14.1', '1.14', '1.14.0', '1.13']);
		expect(nearestTags('nginx:1.27.9-alpine')).toEqual(['1.27.5-alpine', '1.27.4-alpine', '1.27.3-alpine', '1.27.2-alpine', '1.27.1-alpine']);
		expect(nearestTags('busybox:1.99', 2)).toEqual(['1.37', '1.37.0']);
		expect(nearestTags('unknown/image:1')).toEqual([]);
	});
});
