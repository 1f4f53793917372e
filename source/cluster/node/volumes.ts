// What a container's file system holds of the pod's volumes: paths under an emptyDir's or a
// PersistentVolumeClaim's mount point read and write that volume (so the pod's containers see
// each other's files there, an emptyDir lives as long as its pod and a claim's files outlive
// it); every other path is the container's own and starts afresh with each container start.

export interface VolumeMount {
	/** Where the container mounts it, without a trailing slash. */
	at: string;
	/** The mount's subPath inside the volume, with a trailing slash, or ''. */
	sub: string;
	/** The volume's files: path inside the volume -> content. */
	store: Record<string, string>;
}

/** The container's files over its own object and the volumes it mounts. */
export function containerFiles(own: Record<string, string>, mounts: VolumeMount[]): Record<string, string> {
	if (!mounts.length) return own;
	const sorted = [...mounts].sort((a, b) => b.at.length - a.at.length);
	const locate = (p: string | symbol): {store: Record<string, string>; key: string} | undefined => {
		if (typeof p !== 'string') return undefined;
		for (const m of sorted) if (p.startsWith(`${m.at}/`)) return {store: m.store, key: m.sub + p.slice(m.at.length + 1)};
		return undefined;
	};
	return new Proxy(own, {
		get(t, p) {
			const loc = locate(p);
			if (!loc) return Reflect.get(t, p);
			return Object.hasOwn(loc.store, loc.key) ? loc.store[loc.key] : undefined;
		},
		set(t, p, v) {
			const loc = locate(p);
			if (!loc) return Reflect.set(t, p, v);
			loc.store[loc.key] = v;
			return true;
		},
		deleteProperty(t, p) {
			const loc = locate(p);
			if (!loc) return Reflect.deleteProperty(t, p);
			delete loc.store[loc.key];
			return true;
		},
		has(t, p) {
			const loc = locate(p);
			return loc ? Object.hasOwn(loc.store, loc.key) : Reflect.has(t, p);
		},
		ownKeys(t) {
			const keys = new Set<string | symbol>(Reflect.ownKeys(t).filter(k => !locate(k)));
			for (const m of sorted) for (const k of Object.keys(m.store)) if (k.startsWith(m.sub)) {
				const path = `${m.at}/${k.slice(m.sub.length)}`;
				if (locate(path)?.store === m.store) keys.add(path);
			}
			return [...keys];
		},
		getOwnPropertyDescriptor(t, p) {
			const loc = locate(p);
			if (!loc) return Reflect.getOwnPropertyDescriptor(t, p);
			return Object.hasOwn(loc.store, loc.key) ? {value: loc.store[loc.key], writable: true, enumerable: true, configurable: true} : undefined;
		},
	});
}
