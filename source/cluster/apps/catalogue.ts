// The simulated image catalogue: which images and tags exist, their layers and digests, and
// what their processes do. Image references are normalized the way Docker does it.
import type {ExecResult, ExecRun, ImageProfile, ImageRef, Layer, Listening, ProcessContext, Step} from './types.js';
import {BASE, fakeDigest, layer, totalSize} from './digest.js';
import {execCommand, startCommand, forever, launch, resolveArgv, type Launch, type Os, type Program, type ProgramFactory} from './programs.js';
import {BOOTCAMP_PROGRAMS, GUESTBOOK_FRONTEND_PROGRAMS, HPA_EXAMPLE_PROGRAMS} from './servers/index.js';
import {AGNHOST_PROGRAMS, HTTPD_PROGRAMS, HTTP_ECHO_PROGRAMS, NGINX_PROGRAMS, PAUSE_PROGRAMS, POSTGRES_PROGRAMS, REDIS_PROGRAMS} from './servers/index.js';
import {bootcampScript} from './servers/bootcamp.js';
import {NODE_PROGRAMS, PERL_PROGRAMS, PYTHON_PROGRAMS, STRESS_PROGRAMS, VISH_STRESS_PROGRAMS} from './runtimes/index.js';
import {fnv1a} from '../core/rng.js';

const KiB = 1024;
const MiB = 1024 * 1024;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// ---------------------------------------------------------------------------------------------
// Image references

/**
 * Normalizes an image reference like Docker: `nginx` -> docker.io/library/nginx:latest,
 * `hashicorp/http-echo:1.0` -> docker.io/hashicorp/http-echo:1.0, `registry.k8s.io/pause:3.10`
 * stays, `nginx@sha256:...` pins a digest. Invalid references carry `error`.
 */
export function parseImageRef(image: string): ImageRef {
	let rest = image.trim();
	let digest: string | undefined;
	const at = rest.indexOf('@');
	if (at >= 0) {
		digest = rest.slice(at + 1);
		rest = rest.slice(0, at);
	}
	let domain = 'docker.io';
	let path = rest;
	const slash = rest.indexOf('/');
	if (slash >= 0) {
		const first = rest.slice(0, slash);
		if (first.includes('.') || first.includes(':') || first === 'localhost') {
			domain = first;
			path = rest.slice(slash + 1);
		}
	}
	let tag = '';
	const colon = path.lastIndexOf(':');
	if (colon >= 0) {
		tag = path.slice(colon + 1);
		path = path.slice(0, colon);
	}
	if (domain === 'index.docker.io') domain = 'docker.io';
	if (domain === 'docker.io' && path !== '' && !path.includes('/')) path = 'library/' + path;
	if (!tag && !digest) tag = 'latest';
	const repository = `${domain}/${path}`;
	const fullName = repository + (tag ? `:${tag}` : '') + (digest ? `@${digest}` : '');
	const ref: ImageRef = {image, fullName, repository, tag};
	if (digest !== undefined) ref.digest = digest;
	const invalid = (detail: string) => `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format${detail}`;
	const component = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
	if (path === '' || rest === '' || /\s/.test(image.trim())) ref.error = invalid('');
	else if (path.split('/').some((c) => !component.test(c))) {
		ref.error = path.split('/').every((c) => component.test(c.toLowerCase())) ? invalid(`: repository name (${path}) must be lowercase`) : invalid('');
	} else if (tag && !/^[\w][\w.-]{0,127}$/.test(tag)) ref.error = invalid('');
	else if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/.test(digest)) ref.error = invalid('');
	return ref;
}

/** The short name the catalogue is keyed by: `nginx`, `hashicorp/http-echo`, `registry.k8s.io/pause`. */
function shortName(repository: string): string {
	if (repository.startsWith('docker.io/library/')) return repository.slice('docker.io/library/'.length);
	if (repository.startsWith('docker.io/')) return repository.slice('docker.io/'.length);
	return repository;
}

/** Kubernetes' default pull policy: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
	const ref = parseImageRef(image);
	if (ref.digest) return 'IfNotPresent';
	return ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** containerd's NotFound for a reference that does not resolve. */
export function notFoundMessage(fullName: string): string {
	return `rpc error: code = NotFound desc = failed to pull and unpack image "${fullName}": failed to resolve reference "${fullName}": ${fullName}: not found`;
}

// ---------------------------------------------------------------------------------------------
// Catalogue data

interface TagDef {
	version: string;
	os: Os;
	layers: Layer[];
	env?: Record<string, string>;
	cmd?: string[];
}

interface ImageDef {
	repository: string;
	tags: Record<string, TagDef>;
	aliases: Record<string, string>;
	entrypoint: string[];
	cmd: string[];
	programs: Record<string, ProgramFactory>;
	env?: (t: TagDef) => Record<string, string>;
	path?: (t: TagDef) => string;
	/** Files the image ships (path -> content), as `cat` in the container reads them. */
	files?: (t: TagDef) => Record<string, string>;
	startupMs: number;
	shutdownMs: number;
	idleCpuMilli: number;
	cpuMilliPerRps: number;
	memoryBytes: number;
	memoryBytesPerRps: number;
	ports: number[];
}

/** What redis-server is, whichever image ships it (the official one, the guestbook's follower). */
const REDIS_SERVER: Omit<ImageDef, 'repository' | 'tags' | 'aliases' | 'cmd'> = {
	entrypoint: ['docker-entrypoint.sh'],
	programs: REDIS_PROGRAMS,
	env: t => ({REDIS_VERSION: t.version}),
	startupMs: 200,
	shutdownMs: 80,
	idleCpuMilli: 2,
	cpuMilliPerRps: 0.08,
	memoryBytes: 3.3 * MiB,
	memoryBytesPerRps: 8 * KiB,
	ports: [6379],
};

const DEBIAN: Os = {kind: 'debian', release: '12'};
const alpineOs = (release: string): Os => ({kind: 'alpine', release});
const BUSYBOX: Os = {kind: 'busybox'};
const SCRATCH: Os = {kind: 'scratch'};

/** A tag: shared base layers, then the image's own layers (digests seeded by repository and tag). */
function tag(repository: string, name: string, version: string, os: Os, base: Layer[], own: number[], extra: Partial<TagDef> = {}): [string, TagDef] {
	return [name, {version, os, layers: [...base, ...own.map((size, i) => layer(`${repository}:${name}#${i}`, size))], ...extra}];
}

/**
 * Released versions an image was published with, beyond the tags described one by one: each
 * version (`1.14.2`) and each minor (`1.14`, its newest patch) as a tag, with a suffix for a
 * variant (`-alpine`), built like the tag `like` with a layer of its own. A tag outside these
 * never existed and fails to pull as it does on a real registry.
 */
interface Releases {
	versions: string[];
	like: string;
	suffix?: string;
	/** Also `1.14` for the newest `1.14.x` (true for most images). */
	minors?: boolean;
}

/** `1.15.0` to `1.15.N`. */
function patches(minor: string, last: number): string[] {
	return Array.from({length: last + 1}, (_, i) => `${minor}.${i}`);
}

function released(repository: string, tags: Record<string, TagDef>, aliases: Record<string, string>, r: Releases): Array<[string, TagDef]> {
	const template = tags[r.like];
	if (!template) throw new Error(`catalogue: ${repository} releases like unknown tag ${r.like}`);
	const suffix = r.suffix ?? '';
	const out: Array<[string, TagDef]> = [];
	const make = (name: string, version: string): [string, TagDef] => {
		const layers = [...template.layers];
		const last = layers.pop();
		if (last) layers.push(layer(`${repository}:${name}#release`, last.size));
		return [name, {...template, version, layers}];
	};
	const newest = new Map<string, string>();
	for (const v of r.versions) {
		out.push(make(`${v}${suffix}`, v));
		const minor = v.split('.').slice(0, 2).join('.');
		newest.set(minor, v);
	}
	// a minor is the same image as its newest patch: an alias, with the same digest
	if (r.minors !== false) for (const [minor, v] of newest) if (minor !== v && !Object.hasOwn(tags, `${minor}${suffix}`)) aliases[`${minor}${suffix}`] ??= `${v}${suffix}`;
	return out.filter(([name]) => !Object.hasOwn(tags, name));
}

function image(def: Omit<ImageDef, 'tags'> & {tags: Array<[string, TagDef]>; releases?: Releases[]}): ImageDef {
	const tags: Record<string, TagDef> = Object.fromEntries(def.tags);
	const aliases = {...def.aliases};
	for (const r of def.releases ?? []) for (const [name, t] of released(def.repository, tags, aliases, r)) tags[name] ??= t;
	const {releases: _, ...rest} = def;
	return {...rest, tags, aliases};
}

/** nginx's releases on Docker Hub, 1.7 to 1.28 (the patch levels each minor reached). */
const NGINX_RELEASES = [
	...patches('1.7', 12),
	...patches('1.8', 1),
	...patches('1.9', 15),
	...patches('1.10', 3),
	...patches('1.11', 13),
	...patches('1.12', 2),
	...patches('1.13', 12),
	...patches('1.14', 2),
	...patches('1.15', 12),
	...patches('1.16', 1),
	...patches('1.17', 10),
	...patches('1.18', 0),
	...patches('1.19', 10),
	...patches('1.20', 2),
	...patches('1.21', 6),
	...patches('1.22', 1),
	...patches('1.23', 4),
	...patches('1.24', 0),
	...patches('1.25', 5),
	...patches('1.26', 3),
	...patches('1.27', 5),
	...patches('1.28', 0),
];

/** busybox's releases on Docker Hub, 1.24 to 1.37. */
const BUSYBOX_RELEASES = [
	...patches('1.24', 2),
	...patches('1.25', 1),
	...patches('1.26', 2),
	...patches('1.27', 2),
	...patches('1.28', 4),
	...patches('1.29', 3),
	...patches('1.30', 1),
	...patches('1.31', 1),
	...patches('1.32', 1),
	...patches('1.33', 1),
	...patches('1.34', 1),
	...patches('1.35', 0),
	...patches('1.36', 1),
	...patches('1.37', 0),
];

/** Redis's releases on Docker Hub, 6.0 to 7.4. */
const REDIS_RELEASES = [...patches('6.0', 20), ...patches('6.2', 16), ...patches('7.0', 15), ...patches('7.2', 7), ...patches('7.4', 2)];

/** registry.k8s.io/nginx-slim: the tags the StatefulSet tutorials pull, and the nginx each carries. */
const NGINX_SLIM: Array<[string, string]> = [['0.7', '1.9.1'], ['0.8', '1.9.1'], ['0.20', '1.11.13'], ['0.21', '1.13.3'], ['0.22', '1.13.8'], ['0.23', '1.13.12'], ['0.24', '1.15.0'], ['0.25', '1.17.4'], ['0.26', '1.19.4'], ['0.27', '1.21.6']];

const SMALL = [627, 956, 405, 1_211, 1_402, 1_210];

const IMAGES: ImageDef[] = [
	image({
		repository: 'nginx',
		tags: [
			tag('nginx', '1.25', '1.25.5', DEBIAN, BASE.bookwormSlim, [38_954_370, ...SMALL]),
			tag('nginx', '1.26', '1.26.3', DEBIAN, BASE.bookwormSlim, [40_112_887, ...SMALL]),
			tag('nginx', '1.27', '1.27.5', DEBIAN, BASE.bookwormSlim, [41_975_413, ...SMALL]),
			tag('nginx', '1.28', '1.28.0', DEBIAN, BASE.bookwormSlim, [42_204_118, ...SMALL]),
			tag('nginx', '1.27-alpine', '1.27.5', alpineOs('3.21.3'), BASE.alpine321, [1_793_466, ...SMALL, 14_642_088]),
			tag('nginx', '1.27-perl', '1.27.5', DEBIAN, BASE.bookwormSlim, [41_975_413, ...SMALL, 19_204_331]),
			tag('nginx', '1.27-alpine-perl', '1.27.5', alpineOs('3.21.3'), BASE.alpine321, [1_793_466, ...SMALL, 14_642_088, 22_170_412]),
		],
		releases: [
			{versions: NGINX_RELEASES, like: '1.27'},
			{versions: NGINX_RELEASES.filter(v => v !== '1.7.0'), like: '1.27-alpine', suffix: '-alpine'},
			{versions: NGINX_RELEASES.filter(v => Number(v.split('.')[1]) >= 13), like: '1.27-perl', suffix: '-perl'},
			{versions: NGINX_RELEASES.filter(v => Number(v.split('.')[1]) >= 13), like: '1.27-alpine-perl', suffix: '-alpine-perl'},
		],
		aliases: {latest: '1.27', mainline: '1.27', stable: '1.28', alpine: '1.27-alpine', 'mainline-alpine': '1.27-alpine'},
		entrypoint: ['/docker-entrypoint.sh'],
		cmd: ['nginx', '-g', 'daemon off;'],
		programs: NGINX_PROGRAMS,
		env: (t) => ({NGINX_VERSION: t.version, NJS_VERSION: '0.8.10', NJS_RELEASE: '1~bookworm', PKG_RELEASE: t.os.kind === 'alpine' ? '1' : '1~bookworm', DYNPKG_RELEASE: '1~bookworm'}),
		startupMs: 300,
		shutdownMs: 100,
		idleCpuMilli: 0,
		cpuMilliPerRps: 1.5,
		memoryBytes: 3.8 * MiB,
		memoryBytesPerRps: 20 * KiB,
		ports: [80],
	}),
	image({
		repository: 'httpd',
		tags: [tag('httpd', '2.4', '2.4.63', DEBIAN, BASE.bookwormSlim, [145, 4_190_211, 25_672_094, 294])],
		aliases: {latest: '2.4', '2': '2.4'},
		entrypoint: [],
		cmd: ['httpd-foreground'],
		programs: HTTPD_PROGRAMS,
		env: (t) => ({HTTPD_PREFIX: '/usr/local/apache2', HTTPD_VERSION: t.version}),
		path: () => '/usr/local/apache2/bin:' + DEFAULT_PATH,
		startupMs: 250,
		shutdownMs: 100,
		idleCpuMilli: 1,
		cpuMilliPerRps: 2,
		memoryBytes: 9 * MiB,
		memoryBytesPerRps: 40 * KiB,
		ports: [80],
	}),
	image({
		repository: 'redis',
		tags: [
			tag('redis', '7.2', '7.2.7', DEBIAN, BASE.bookwormSlim, [1_097, 1_203_120, 15_612_407, 98, 573]),
			tag('redis', '7.4', '7.4.2', DEBIAN, BASE.bookwormSlim, [1_096, 1_203_347, 16_474_206, 98, 574]),
		],
		releases: [{versions: REDIS_RELEASES, like: '7.2'}],
		aliases: {latest: '7.4', '7': '7.4', '6': '6.2.16'},
		...REDIS_SERVER,
		cmd: ['redis-server'],
	}),
	image({
		repository: 'postgres',
		tags: [
			tag('postgres', '15', '15.12', DEBIAN, BASE.bookwormSlim, [1_087, 4_503_998, 1_447_630, 8_066_394, 1_239_617, 116, 3_142, 101_034_887, 9_674, 129, 5_435, 184]),
			tag('postgres', '16', '16.8', DEBIAN, BASE.bookwormSlim, [1_087, 4_503_998, 1_447_630, 8_066_394, 1_239_617, 116, 3_142, 104_220_371, 9_674, 129, 5_435, 184]),
			tag('postgres', '17', '17.4', DEBIAN, BASE.bookwormSlim, [1_087, 4_503_998, 1_447_630, 8_066_394, 1_239_617, 116, 3_142, 108_912_044, 9_674, 129, 5_435, 184]),
		],
		aliases: {latest: '17'},
		entrypoint: ['docker-entrypoint.sh'],
		cmd: ['postgres'],
		programs: POSTGRES_PROGRAMS,
		env: (t) => ({GOSU_VERSION: '1.17', LANG: 'en_US.utf8', PG_MAJOR: t.version.split('.')[0], PG_VERSION: `${t.version}-1.pgdg120+1`, PGDATA: '/var/lib/postgresql/data'}),
		path: (t) => `/usr/lib/postgresql/${t.version.split('.')[0]}/bin:` + DEFAULT_PATH,
		startupMs: 3000,
		shutdownMs: 150,
		idleCpuMilli: 3,
		cpuMilliPerRps: 2.5,
		memoryBytes: 28 * MiB,
		memoryBytesPerRps: 64 * KiB,
		ports: [5432],
	}),
	image({
		repository: 'busybox',
		tags: [tag('busybox', '1.36', '1.36.1', BUSYBOX, [], [2_151_890]), tag('busybox', '1.37', '1.37.0', BUSYBOX, [], [2_152_262])],
		releases: [
			{versions: BUSYBOX_RELEASES, like: '1.36'},
			{versions: BUSYBOX_RELEASES, like: '1.36', suffix: '-glibc'},
			{versions: BUSYBOX_RELEASES, like: '1.36', suffix: '-musl'},
			{versions: BUSYBOX_RELEASES, like: '1.36', suffix: '-uclibc'},
		],
		aliases: {latest: '1.37', stable: '1.37'},
		entrypoint: [],
		cmd: ['sh'],
		programs: {},
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 384 * KiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	image({
		repository: 'alpine',
		tags: [
			tag('alpine', '3.19', '3.19.7', alpineOs('3.19.7'), BASE.alpine319, []),
			tag('alpine', '3.20', '3.20.6', alpineOs('3.20.6'), BASE.alpine320, []),
			tag('alpine', '3.21', '3.21.3', alpineOs('3.21.3'), BASE.alpine321, []),
		],
		aliases: {latest: '3.21', '3': '3.21'},
		entrypoint: [],
		cmd: ['/bin/sh'],
		programs: {},
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 384 * KiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	image({
		repository: 'debian',
		tags: [tag('debian', 'bookworm', '12.9', DEBIAN, BASE.bookworm, []), tag('debian', 'bookworm-slim', '12.9', DEBIAN, BASE.bookwormSlim, [])],
		aliases: {latest: 'bookworm', stable: 'bookworm', '12': 'bookworm', '12-slim': 'bookworm-slim', 'stable-slim': 'bookworm-slim'},
		entrypoint: [],
		cmd: ['bash'],
		programs: {},
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 1 * MiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	image({
		repository: 'ubuntu',
		tags: [tag('ubuntu', '22.04', '22.04', {kind: 'ubuntu', release: '22.04'}, BASE.ubuntuJammy, []), tag('ubuntu', '24.04', '24.04', {kind: 'ubuntu', release: '24.04'}, BASE.ubuntuNoble, [])],
		aliases: {latest: '24.04', noble: '24.04', jammy: '22.04'},
		entrypoint: [],
		cmd: ['/bin/bash'],
		programs: {},
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 1 * MiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	image({
		repository: 'node',
		tags: [
			tag('node', '20', '20.19.0', DEBIAN, BASE.buildpackDeps, [3_323, 76_002_364, 1_254_268, 449]),
			tag('node', '22', '22.14.0', DEBIAN, BASE.buildpackDeps, [3_325, 79_621_507, 1_254_271, 449]),
			tag('node', '22-alpine', '22.14.0', alpineOs('3.21.3'), BASE.alpine321, [49_522_812, 1_261_093, 447]),
		],
		aliases: {latest: '22', lts: '22', alpine: '22-alpine', 'lts-alpine': '22-alpine'},
		entrypoint: ['docker-entrypoint.sh'],
		cmd: ['node'],
		programs: NODE_PROGRAMS,
		env: (t) => ({NODE_VERSION: t.version, YARN_VERSION: '1.22.22'}),
		startupMs: 800,
		shutdownMs: 100,
		idleCpuMilli: 1,
		cpuMilliPerRps: 3,
		memoryBytes: 42 * MiB,
		memoryBytesPerRps: 64 * KiB,
		ports: [],
	}),
	image({
		repository: 'python',
		tags: [
			tag('python', '3.12', '3.12.9', DEBIAN, BASE.buildpackDeps, [6_158_977, 53_904_112, 249]),
			tag('python', '3.13', '3.13.2', DEBIAN, BASE.buildpackDeps, [6_159_822, 55_209_304, 250]),
		],
		aliases: {latest: '3.13', '3': '3.13'},
		entrypoint: [],
		cmd: ['python3'],
		programs: PYTHON_PROGRAMS,
		env: (t) => ({LANG: 'C.UTF-8', GPG_KEY: '7169605F62C751356D054A26A821E680E5FA6305', PYTHON_VERSION: t.version}),
		startupMs: 500,
		shutdownMs: 100,
		idleCpuMilli: 1,
		cpuMilliPerRps: 4,
		memoryBytes: 14 * MiB,
		memoryBytesPerRps: 64 * KiB,
		ports: [],
	}),
	image({
		repository: 'perl',
		tags: [
			tag('perl', '5.34.0', '5.34.0', DEBIAN, BASE.buildpackDeps, [12_902_337, 144], {cmd: ['perl5.34.0', '-de0']}),
			tag('perl', '5.40', '5.40.1', DEBIAN, BASE.buildpackDeps, [13_573_488, 146], {cmd: ['perl5.40.1', '-de0']}),
			tag('perl', '5.40-slim', '5.40.1', DEBIAN, BASE.bookwormSlim, [17_204_551, 146], {cmd: ['perl5.40.1', '-de0']}),
		],
		aliases: {latest: '5.40', '5': '5.40', '5.34': '5.34.0', slim: '5.40-slim', '5-slim': '5.40-slim'},
		entrypoint: [],
		cmd: ['perl', '-de0'],
		programs: {...PERL_PROGRAMS, 'perl5.34.0': PERL_PROGRAMS.perl, 'perl5.40.1': PERL_PROGRAMS.perl},
		startupMs: 100,
		shutdownMs: 50,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 5 * MiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	...['gcr.io/google-samples/kubernetes-bootcamp', 'jocatalin/kubernetes-bootcamp'].map(repository =>
		image({
			repository,
			tags: [
				tag(repository, 'v1', '1', DEBIAN, BASE.bookwormSlim, [51_361_135, 18_536_926, 1_132]),
				...(repository.startsWith('jocatalin/') ? [tag(repository, 'v2', '2', DEBIAN, BASE.bookwormSlim, [51_361_135, 18_536_926, 1_138])] : []),
			],
			aliases: {},
			entrypoint: [],
			cmd: ['/bin/sh', '-c', 'node server.js'],
			programs: BOOTCAMP_PROGRAMS,
			env: () => ({NPM_CONFIG_LOGLEVEL: 'info', NODE_VERSION: '6.3.1'}),
			files: (t) => ({'/server.js': bootcampScript(t.version)}),
			startupMs: 300,
			shutdownMs: 50,
			idleCpuMilli: 1,
			cpuMilliPerRps: 1.5,
			memoryBytes: 22 * MiB,
			memoryBytesPerRps: 32 * KiB,
			ports: [8080],
		}),
	),
	image({
		repository: 'registry.k8s.io/nginx-slim',
		tags: NGINX_SLIM.map(([t, v]) => tag('registry.k8s.io/nginx-slim', t, v, DEBIAN, BASE.bookwormSlim, [19_410_202 + Number(t.slice(2)) * 4_099, 193])),
		aliases: {},
		entrypoint: [],
		cmd: ['nginx', '-g', 'daemon off;'],
		programs: NGINX_PROGRAMS,
		env: () => ({}),
		startupMs: 200,
		shutdownMs: 100,
		idleCpuMilli: 0,
		cpuMilliPerRps: 1.5,
		memoryBytes: 3.1 * MiB,
		memoryBytesPerRps: 20 * KiB,
		ports: [80],
	}),
	image({
		repository: 'registry.k8s.io/hpa-example',
		tags: [tag('registry.k8s.io/hpa-example', 'latest', '2.4.10', DEBIAN, BASE.bookwormSlim, [68_184_531, 81_307, 241, 6_411_077, 490, 3_071_233, 12_790_204, 2_017, 487, 318])],
		aliases: {},
		entrypoint: [],
		cmd: ['apache2-foreground'],
		programs: HPA_EXAMPLE_PROGRAMS,
		env: () => ({PHP_INI_DIR: '/usr/local/etc/php', APACHE_CONFDIR: '/etc/apache2', APACHE_ENVVARS: '/etc/apache2/envvars', PHP_VERSION: '5.6.40'}),
		startupMs: 120,
		shutdownMs: 40,
		idleCpuMilli: 0.5,
		// index.php's loop of square roots: 100 requests a second keep 7 of its 200m pods at 50%
		cpuMilliPerRps: 7,
		memoryBytes: 11 * MiB,
		memoryBytesPerRps: 16 * KiB,
		ports: [80],
	}),
	...['us-docker.pkg.dev/google-samples/containers/gke/gb-frontend', 'gcr.io/google-samples/gb-frontend'].map(repository =>
		image({
			repository,
			tags: [tag(repository, 'v5', '2.4.10', DEBIAN, BASE.bookwormSlim, [68_184_531, 81_307, 241, 6_411_077, 490, 3_071_233, 12_790_204, 2_017, 9_340]), tag(repository, 'v4', '2.4.10', DEBIAN, BASE.bookwormSlim, [68_184_531, 81_307, 241, 6_411_077, 490, 3_071_233, 12_790_204, 2_017, 9_131])],
			aliases: {},
			entrypoint: [],
			cmd: ['apache2-foreground'],
			programs: GUESTBOOK_FRONTEND_PROGRAMS,
			env: () => ({PHP_INI_DIR: '/usr/local/etc/php', APACHE_CONFDIR: '/etc/apache2', APACHE_ENVVARS: '/etc/apache2/envvars', PHP_VERSION: '5.6.40'}),
			startupMs: 120,
			shutdownMs: 40,
			idleCpuMilli: 1,
			cpuMilliPerRps: 3,
			memoryBytes: 12 * MiB,
			memoryBytesPerRps: 16 * KiB,
			ports: [80],
		}),
	),
	...['us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower', 'gcr.io/google_samples/gb-redis-follower'].map(repository =>
		image({
			repository,
			tags: [tag(repository, 'v2', '6.0.5', DEBIAN, BASE.bookwormSlim, [1_730, 1_417_780, 7_348_184, 98, 410, 146])],
			aliases: {},
			...REDIS_SERVER,
			// its run.sh: a replica of the leader, found by DNS (GET_HOSTS_FROM=env reads REDIS_LEADER_SERVICE_HOST)
			cmd: ['redis-server', '--replicaof', 'redis-leader', '6379'],
		}),
	),
	image({
		repository: 'hashicorp/http-echo',
		tags: [tag('hashicorp/http-echo', '0.2.3', '0.2.3', SCRATCH, [], [2_640_371]), tag('hashicorp/http-echo', '1.0', '1.0.0', SCRATCH, [], [3_965_184])],
		aliases: {latest: '1.0', '1.0.0': '1.0'},
		entrypoint: ['/http-echo'],
		cmd: [],
		programs: HTTP_ECHO_PROGRAMS,
		startupMs: 15,
		shutdownMs: 10,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0.3,
		memoryBytes: 5 * MiB,
		memoryBytesPerRps: 8 * KiB,
		ports: [5678],
	}),
	image({
		repository: 'registry.k8s.io/e2e-test-images/agnhost',
		tags: [tag('registry.k8s.io/e2e-test-images/agnhost', '2.40', '2.40', alpineOs('3.16.2'), BASE.alpine321, [21_484_216]), tag('registry.k8s.io/e2e-test-images/agnhost', '2.53', '2.53', alpineOs('3.20.3'), BASE.alpine321, [23_108_944])],
		releases: [{versions: ['2.30', '2.31', '2.32', '2.33', '2.36', '2.39', '2.43', '2.45', '2.47', '2.48', '2.51', '2.52'], like: '2.40', minors: false}],
		aliases: {},
		entrypoint: ['/agnhost'],
		cmd: [],
		programs: AGNHOST_PROGRAMS,
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 1,
		cpuMilliPerRps: 0.2,
		memoryBytes: 6 * MiB,
		memoryBytesPerRps: 4 * KiB,
		ports: [8080],
	}),
	image({
		repository: 'registry.k8s.io/pause',
		tags: [tag('registry.k8s.io/pause', '3.9', '3.9', SCRATCH, [], [321_520]), tag('registry.k8s.io/pause', '3.10', '3.10', SCRATCH, [], [320_368])],
		// every pause release (there was never a plain 3.4: it came as 3.4.1)
		releases: [{versions: ['1.0', '2.0', '3.0', '3.1', '3.2', '3.3', '3.4.1', '3.5', '3.6', '3.7', '3.8'], like: '3.9', minors: false}],
		aliases: {},
		entrypoint: ['/pause'],
		cmd: [],
		programs: PAUSE_PROGRAMS,
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 256 * KiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	image({
		repository: 'polinux/stress',
		tags: [tag('polinux/stress', '1.0.4', '1.0.4', alpineOs('3.4.6'), BASE.alpine34, [2_060_154])],
		aliases: {latest: '1.0.4'},
		entrypoint: [],
		cmd: ['stress'],
		programs: STRESS_PROGRAMS,
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 1.2 * MiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
	image({
		repository: 'vish/stress',
		tags: [tag('vish/stress', 'latest', '0.1', SCRATCH, [], [1_941_562])],
		aliases: {},
		entrypoint: ['/stress', '-logtostderr'],
		cmd: [],
		programs: VISH_STRESS_PROGRAMS,
		startupMs: 0,
		shutdownMs: 0,
		idleCpuMilli: 0,
		cpuMilliPerRps: 0,
		memoryBytes: 2 * MiB,
		memoryBytesPerRps: 0,
		ports: [],
	}),
];

const BY_NAME = new Map<string, ImageDef>(IMAGES.map((d) => [d.repository, d]));
// the same images under the names the documentation's older examples use
for (const [mirror, of] of [
	['k8s.gcr.io/pause', 'registry.k8s.io/pause'],
	// EKS's pause image in its ECR of the simulated region (us-east-1)
	['602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/pause', 'registry.k8s.io/pause'],
	['registry.k8s.io/busybox', 'busybox'],
	['k8s.gcr.io/busybox', 'busybox'],
	['k8s.gcr.io/e2e-test-images/agnhost', 'registry.k8s.io/e2e-test-images/agnhost'],
] as const)
	BY_NAME.set(mirror, BY_NAME.get(of) as ImageDef);

/** Repositories in the catalogue (short names). */
export function catalogueRepositories(): string[] {
	return IMAGES.map((d) => d.repository);
}

// ---------------------------------------------------------------------------------------------
// Profiles

function canonicalTag(def: ImageDef, t: string): string | undefined {
	if (Object.hasOwn(def.tags, t)) return t;
	const alias = def.aliases[t];
	return alias !== undefined && Object.hasOwn(def.tags, alias) ? alias : undefined;
}

interface Spec {
	repository: string;
	tags: string[];
	layers(t: string): Layer[];
	digest(t: string): string;
	tag: string;
	tagDef: TagDef;
	def: Omit<ImageDef, 'tags' | 'aliases' | 'repository'>;
	fallback?: ProgramFactory;
}

function makeProfile(spec: Spec): ImageProfile {
	const {def, tagDef} = spec;
	const imageEnv = def.env?.(tagDef) ?? {};
	const imageFiles = def.files?.(tagDef);
	const entrypoint = def.entrypoint;
	const cmd = tagDef.cmd ?? def.cmd;
	const launchFor = (ctx: ProcessContext, uptimeMs?: number): Launch => ({
		ctx,
		os: tagDef.os,
		version: tagDef.version,
		tag: spec.tag,
		env: {...imageEnv, ...ctx.env},
		imageEnv,
		path: def.path?.(tagDef) ?? DEFAULT_PATH,
		programs: def.programs,
		files: imageFiles,
		fallback: spec.fallback,
		uptimeMs,
	});
	const programs = new WeakMap<ProcessContext, Program>();
	const program = (ctx: ProcessContext): Program => {
		let p = programs.get(ctx);
		if (!p) {
			p = launch(resolveArgv(entrypoint, cmd, ctx), launchFor(ctx));
			programs.set(ctx, p);
		}
		return p;
	};
	return {
		repository: spec.repository,
		tags: spec.tags,
		layers: spec.layers,
		digest: spec.digest,
		startupMs: def.startupMs,
		shutdownMs: def.shutdownMs,
		idleCpuMilli: def.idleCpuMilli,
		cpuMilliPerRps: def.cpuMilliPerRps,
		memoryBytes: Math.round(def.memoryBytes),
		memoryBytesPerRps: def.memoryBytesPerRps,
		ports: def.ports,
		tag: spec.tag,
		version: tagDef.version,
		entrypoint,
		cmd,
		run(ctx) {
			const p = program(ctx);
			if (p.startError) return [{exit: 128} as Step][Symbol.iterator]();
			return p.run();
		},
		accessLog(req, ctx) {
			return program(ctx).accessLog?.(req) ?? '';
		},
		listen(ctx): Listening {
			return program(ctx).listen ?? {ports: [], afterMs: 0};
		},
		memoryDemand(ctx) {
			return Math.round(program(ctx).memory ?? def.memoryBytes);
		},
		cpuDemand(ctx) {
			return program(ctx).cpu ?? def.idleCpuMilli;
		},
		startError(ctx) {
			return program(ctx).startError;
		},
		onSigterm(ctx, at) {
			return program(ctx).onSigterm?.(at ?? ctx.startedAt) ?? [];
		},
		respond(method, path, ctx, uptimeMs) {
			const p = program(ctx);
			return p.listen ? p.respond?.(method, path, uptimeMs) : undefined;
		},
		exec(argv, ctx, options = {}): ExecResult {
			return execCommand(argv, launchFor(ctx, options.uptimeMs ?? 0), options.timeoutMs ?? 3_600_000, options.stdin);
		},
		startExec(argv, ctx, options = {}): ExecRun {
			return startCommand(argv, launchFor(ctx, options.uptimeMs ?? 0), options.timeoutMs ?? 3_600_000, options.stdin);
		},
	};
}

const profiles = new Map<string, ImageProfile>();

function catalogueProfile(def: ImageDef, t: string): ImageProfile {
	const key = `${def.repository}:${t}`;
	let p = profiles.get(key);
	if (!p) {
		const canonical = canonicalTag(def, t) as string;
		const layersOf = (x: string) => {
			const c = canonicalTag(def, x);
			return c ? def.tags[c].layers : [];
		};
		p = makeProfile({
			repository: def.repository,
			tags: [...Object.keys(def.tags), ...Object.keys(def.aliases)],
			layers: layersOf,
			digest: (x) => fakeDigest(`image\0${def.repository}:${canonicalTag(def, x) ?? x}`),
			tag: t,
			tagDef: def.tags[canonical],
			def,
		});
		profiles.set(key, p);
	}
	return p;
}

/** An image outside the catalogue: some plausible size, no logs, serves forever. */
function genericProfile(ref: ImageRef): ImageProfile {
	const name = shortName(ref.repository);
	const key = `generic ${name}:${ref.tag}@${ref.digest ?? ''}`;
	let p = profiles.get(key);
	if (p) return p;
	const layersOf = (t: string): Layer[] => {
		const h = fnv1a(`${name}:${t}`);
		return [...BASE.bookwormSlim, layer(`${name}:${t}#0`, 4 * MiB + (h % (60 * MiB))), layer(`${name}:${t}#1`, 2_048 + ((h >>> 7) % (3 * MiB))), layer(`${name}:${t}#2`, 512 + ((h >>> 13) % 4_096))];
	};
	const serve: ProgramFactory = (_argv, l) => ({
		run: () => forever(),
		listen: {ports: l.ctx.ports?.length ? l.ctx.ports : [8080], afterMs: 500},
		onSigterm: () => [{sleep: 50}, {exit: 0}],
		respond: () => ({status: 200, bytes: 2, body: 'OK'}),
	});
	p = makeProfile({
		repository: name,
		tags: [ref.tag || 'latest'],
		layers: layersOf,
		digest: (t) => (ref.digest && (t === ref.tag || t === '') ? ref.digest : fakeDigest(`image\0${name}:${t}`)),
		tag: ref.tag,
		tagDef: {version: ref.tag || 'unknown', os: DEBIAN, layers: layersOf(ref.tag)},
		def: {
			entrypoint: ['/app/server'],
			cmd: [],
			programs: {},
			startupMs: 500,
			shutdownMs: 50,
			idleCpuMilli: 1,
			cpuMilliPerRps: 2,
			memoryBytes: 24 * MiB,
			memoryBytesPerRps: 32 * KiB,
			ports: [8080],
		},
		fallback: serve,
	});
	profiles.set(key, p);
	return p;
}

/**
 * Looks an image up. A catalogued repository with an unknown tag fails like containerd's pull;
 * a repository outside the catalogue gets a generic long-running profile for any tag.
 */
export function findImage(ref: ImageRef): {profile: ImageProfile} | {error: string} {
	if (ref.error) return {error: ref.error};
	const def = BY_NAME.get(shortName(ref.repository));
	if (!def) return {profile: genericProfile(ref)};
	if (ref.digest) {
		const match = Object.keys(def.tags).find((t) => fakeDigest(`image\0${def.repository}:${t}`) === ref.digest);
		if (!match || (ref.tag && canonicalTag(def, ref.tag) !== match)) return {error: notFoundMessage(ref.fullName)};
		return {profile: catalogueProfile(def, ref.tag && canonicalTag(def, ref.tag) ? ref.tag : match)};
	}
	if (!canonicalTag(def, ref.tag)) return {error: notFoundMessage(ref.fullName)};
	return {profile: catalogueProfile(def, ref.tag)};
}

/** A tag's numbers (`1.14.2-alpine` -> 1, 14, 2) and what follows them. */
function tagParts(t: string): {nums: number[]; rest: string} {
	const m = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(t);
	return m ? {nums: m[1]!.split('.').map(Number), rest: m[2]!} : {nums: [], rest: t};
}

/**
 * The released tags of a catalogued image nearest to the one asked for (same variant first,
 * then the closest version), at most `n`; none for an image outside the catalogue.
 */
export function nearestTags(image: string, n = 5): string[] {
	const ref = parseImageRef(image);
	const def = BY_NAME.get(shortName(ref.repository));
	if (!def) return [];
	const want = tagParts(ref.tag);
	const distance = (t: string): number[] => {
		const p = tagParts(t);
		let common = 0;
		while (common < want.nums.length && common < p.nums.length && want.nums[common] === p.nums[common]) common++;
		const next = Math.abs((p.nums[common] ?? 0) - (want.nums[common] ?? 0));
		return [p.rest === want.rest ? 0 : 1, -common, next, t.length];
	};
	const all = [...new Set([...Object.keys(def.tags), ...Object.keys(def.aliases)])].filter(t => t !== ref.tag);
	return all
		.map(t => ({t, d: distance(t)}))
		.sort((a, b) => {
			for (let i = 0; i < a.d.length; i++) if (a.d[i] !== b.d[i]) return a.d[i]! - b.d[i]!;
			return a.t < b.t ? -1 : a.t > b.t ? 1 : 0;
		})
		.slice(0, n)
		.map(x => x.t);
}

/** Total compressed size of an image's layers, as the kubelet's Pulled event reports it. */
export function imageSize(profile: ImageProfile, t = profile.tag ?? 'latest'): number {
	return totalSize(profile.layers(t));
}

/** The imageID a container status shows: `docker.io/library/nginx@sha256:...`. */
export function imageID(ref: ImageRef, profile: ImageProfile): string {
	return `${ref.repository}@${profile.digest(profile.tag ?? ref.tag)}`;
}
