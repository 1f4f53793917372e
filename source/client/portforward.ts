// Port forwards, as `kubectl port-forward POD LOCAL:REMOTE` makes them: a TCP port on 127.0.0.1
// whose HTTP requests the pod's container port answers. The embedded client answers them from
// the pod's simulated server; a forward lasts until it is stopped or the client closes.
import http from 'node:http';
import type {AddressInfo} from 'node:net';

export interface PortForward {
	id: string;
	namespace: string;
	pod: string;
	/** The pod's port. */
	remotePort: number;
	/** The port on 127.0.0.1. */
	localPort: number;
	/** Cluster time it started (epoch ms). */
	since: number;
}

/** What a forwarded request gets: a status and a body, or why nothing answered. */
export type ForwardAnswer = {status: number; body: string; contentType?: string} | {error: string};

export type ForwardHandler = (f: PortForward, method: string, path: string, userAgent: string) => ForwardAnswer;

export class PortForwards {
	private readonly open = new Map<string, {forward: PortForward; server: http.Server}>();

	constructor(private readonly onChange: () => void = () => {}) {}

	list(): PortForward[] {
		return [...this.open.values()].map(o => o.forward);
	}

	/** Listens on 127.0.0.1:localPort (0 picks a free port); rejects with kubectl's words when it cannot. */
	start(namespace: string, pod: string, localPort: number, remotePort: number, since: number, handle: ForwardHandler): Promise<PortForward> {
		const forward: PortForward = {id: '', namespace, pod, remotePort, localPort, since};
		const server = http.createServer((req, res) => {
			let answer: ForwardAnswer;
			try {
				answer = handle(forward, req.method ?? 'GET', req.url ?? '/', req.headers['user-agent'] ?? '');
			} catch (e) {
				answer = {error: (e as Error).message};
			}
			// the request body is not read by the simulated servers; drain it
			req.resume();
			if ('error' in answer) {
				res.writeHead(502, {'content-type': 'text/plain'});
				res.end(`${answer.error}\n`);
			} else {
				res.writeHead(answer.status, {'content-type': answer.contentType ?? 'text/html', 'content-length': Buffer.byteLength(answer.body)});
				res.end(answer.body);
			}
		});
		return new Promise((resolve, reject) => {
			server.once('error', (e: NodeJS.ErrnoException) => {
				reject(new Error(e.code === 'EADDRINUSE' ? `Unable to listen on port ${localPort}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${localPort}: bind: address already in use]` : `unable to listen on port ${localPort}: ${e.message}`));
			});
			server.listen(localPort, '127.0.0.1', () => {
				forward.localPort = (server.address() as AddressInfo).port;
				forward.id = `${namespace}/${pod}:${forward.localPort}`;
				this.open.set(forward.id, {forward, server});
				server.unref();
				this.onChange();
				resolve(forward);
			});
		});
	}

	stop(id: string): boolean {
		const o = this.open.get(id);
		if (!o) return false;
		o.server.close();
		o.server.closeAllConnections();
		this.open.delete(id);
		this.onChange();
		return true;
	}

	stopAll(): void {
		for (const id of [...this.open.keys()]) this.stop(id);
	}
}
