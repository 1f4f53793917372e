// A Service's ready endpoint addresses, read from its Endpoints object: what kube-proxy
// balances over (the traffic router and the exec shell's wget/curl both use it).
import type {Store} from '../store/store.js';

/** Ready endpoint addresses of a Service: what kube-proxy balances over. */
export function readyEndpoints(store: Pick<Store, 'get'>, namespace: string, service: string): Array<{ip: string; pod: string; node?: string}> {
	const ep = store.get('Endpoints', namespace, service);
	const out: Array<{ip: string; pod: string; node?: string}> = [];
	for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) out.push({ip: a.ip, pod: a.targetRef?.name, node: a.nodeName});
	return out;
}
