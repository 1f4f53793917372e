// A Service's ready endpoint addresses, read from its Endpoints object: what kube-proxy
// balances over (the traffic router and the exec shell's wget/curl both use it).
import type {Endpoints} from '../types.js';
import type {Store} from '../store/store.js';

export interface ReadyEndpoint {
	ip: string;
	/** The pod behind the address; none for an address written by hand without a targetRef. */
	pod?: string;
	node?: string;
}

/** Ready endpoint addresses of a Service: what kube-proxy balances over. */
export function readyEndpoints(store: Pick<Store, 'get'>, namespace: string, service: string): ReadyEndpoint[] {
	const ep = store.get<Endpoints>('Endpoints', namespace, service);
	const out: ReadyEndpoint[] = [];
	for (const s of ep?.subsets ?? []) for (const a of s.addresses ?? []) out.push({ip: a.ip, pod: a.targetRef?.name, node: a.nodeName});
	return out;
}
