// The store as etcd holds it: each object under its key (/registry/<resource>/<namespace>/<name>),
// with its create and mod revisions and the value as written. The value is shown as JSON (the
// real API server writes protobuf: `k8s\0` and the encoded object); resourceVersion is not in it,
// since the API server clears it before writing. With an EncryptionConfiguration, the resources it
// names are written encrypted, once per write, as the API server does.
import type {KindInfo} from '../../kinds/types.js';
import type {KObject} from '../types.js';
import type {Store} from '../store/store.js';
import {encryptValue, writeProvider, type EncryptionConfig, type Provider} from './encryption.js';

export interface EtcdEntry {
	key: string;
	createRevision: number;
	modRevision: number;
	value: Buffer;
	/** The provider that wrote it (`aescbc`...), when encrypted. */
	encryptedBy?: string;
}

/** The key of an object as the API server stores it. */
export function etcdKey(kind: KindInfo, obj: KObject): string {
	const base = `/registry/${kind.storagePrefix ?? kind.plural}`;
	return kind.namespaced ? `${base}/${obj.metadata.namespace}/${obj.metadata.name}` : `${base}/${obj.metadata.name}`;
}

/** The stored form of an object: its JSON without resourceVersion. */
export function storedValue(obj: KObject): Buffer {
	const {resourceVersion: _, ...metadata} = obj.metadata;
	return Buffer.from(JSON.stringify({...obj, metadata}));
}

export class EtcdView {
	/** The encrypted values, written with each write of an encrypted kind. */
	private sealed = new Map<string, {rev: number; value: Buffer; by: string}>();
	private providers = new Map<string, Provider>();
	/** The last answer, reused while nothing was written (a view asks on every frame). */
	private last?: {prefix: string; limit: number; rev: number; entries: EtcdEntry[]};

	constructor(
		private readonly store: Store,
		private readonly kinds: readonly KindInfo[],
		encryption?: {config: EncryptionConfig; random: (n: number) => Buffer},
	) {
		if (!encryption) return;
		for (const k of kinds) {
			const p = writeProvider(encryption.config, k.plural, k.group);
			if (!p || p.type === 'identity') continue;
			this.providers.set(k.kind, p);
			store.watch(k.kind, (type, obj) => {
				const key = etcdKey(k, obj);
				if (type === 'DELETED') this.sealed.delete(key);
				else this.sealed.set(key, {rev: Number(obj.metadata.resourceVersion), value: encryptValue(p, storedValue(obj), encryption.random), by: p.type});
			});
		}
	}

	/** Whether a kind's values are written encrypted. */
	encrypted(kind: string): boolean {
		return this.providers.has(kind);
	}

	/** The keys under a prefix, sorted as etcd sorts them (bytewise), at most `limit` of them. */
	entries(prefix = '/registry/', limit = 500): EtcdEntry[] {
		const rev = this.store.resourceVersion();
		const last = this.last;
		if (last && last.prefix === prefix && last.limit === limit && last.rev === rev) return last.entries;
		const page = this.read(prefix, limit);
		this.last = {prefix, limit, rev, entries: page};
		return page;
	}

	private read(prefix: string, limit: number): EtcdEntry[] {
		const out: EtcdEntry[] = [];
		for (const k of this.kinds) {
			const base = `/registry/${k.storagePrefix ?? k.plural}/`;
			// only kinds whose keys can start with the prefix
			if (!base.startsWith(prefix) && !prefix.startsWith(base)) continue;
			for (const obj of this.store.list(k.kind)) {
				const key = etcdKey(k, obj);
				if (!key.startsWith(prefix)) continue;
				out.push({key, createRevision: this.store.createRevision(k.kind, obj.metadata.namespace, obj.metadata.name), modRevision: Number(obj.metadata.resourceVersion), value: Buffer.alloc(0)});
			}
		}
		out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		const page = out.slice(0, Math.max(0, limit));
		for (const e of page) {
			const sealed = this.sealed.get(e.key);
			if (sealed) {
				e.value = sealed.value;
				e.encryptedBy = sealed.by;
			} else e.value = this.valueOf(e.key);
		}
		return page;
	}

	/** The value under a key, as written last. */
	private valueOf(key: string): Buffer {
		for (const k of this.kinds) {
			const base = `/registry/${k.storagePrefix ?? k.plural}/`;
			if (!key.startsWith(base)) continue;
			const rest = key.slice(base.length).split('/');
			const obj = k.namespaced ? this.store.get(k.kind, rest[0], rest[1] ?? '') : this.store.get(k.kind, undefined, rest[0] ?? '');
			if (obj) return storedValue(obj);
		}
		return Buffer.alloc(0);
	}
}
