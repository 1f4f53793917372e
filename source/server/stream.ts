// A long-running chunked response (a watch or `logs -f`): registered with the server so closing
// it ends the stream, and finished once when the client goes away or the stream is done.
import type {ServerResponse} from 'node:http';
import type {ApiContext} from './request.js';

export interface Stream {
	/** Writes a chunk; `render` runs only while the stream is open and may throw (the stream then ends). */
	write(render: () => string): void;
	/** Runs `cleanup` when the stream finishes. */
	onFinish(cleanup: () => void): void;
	finish(): void;
}

export function openStream(api: ApiContext, res: ServerResponse, contentType: string): Stream {
	res.writeHead(200, {'Content-Type': contentType, 'Transfer-Encoding': 'chunked'});
	res.flushHeaders();
	const cleanups: Array<() => void> = [];
	const finish = () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		api.streams.delete(res);
		if (!res.writableEnded) res.end();
	};
	api.streams.add(res);
	res.on('close', finish);
	return {
		write(render) {
			// runs inside the cluster's writes: never let a broken stream throw into them
			try {
				if (res.writableEnded || res.destroyed) return;
				// a client that stops reading is dropped once its backlog passes the limit, as the
				// real server closes an unresponsive watcher: the client lists and watches again
				if (res.writableLength > api.streamBufferBytes) {
					res.destroy();
					setImmediate(finish);
					return;
				}
				res.write(render());
			} catch {
				setImmediate(finish);
			}
		},
		onFinish(cleanup) {
			cleanups.push(cleanup);
		},
		finish,
	};
}
