// Loading the dashboard's modules (cli.tsx imports them once it knows a dashboard will open).

/**
 * Loads the dashboard's modules with the global `fetch` hidden. Yoga, Ink's layout engine, starts
 * by fetching its WebAssembly (inlined as a data: URL) when `fetch` exists, and the first touch of
 * Node's `fetch` loads its whole HTTP client (undici, a tenth of the start-up); without `fetch`,
 * Yoga decodes the same bytes itself. `fetch` is back once the modules have loaded; nothing else
 * loading meanwhile (the simulator, the preferences) uses it.
 */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!fetch?.configurable) return load();
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', fetch);
	}
}
