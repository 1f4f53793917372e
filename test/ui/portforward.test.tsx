import {afterEach, describe, expect, it} from 'vitest';
import http from 'node:http';
import {KEYS, start, type Harness} from './harness.js';

let h: Harness | undefined;
afterEach(() => {
	h?.unmount();
	h?.client.close();
	h = undefined;
});

/** GET on 127.0.0.1:port: the status and body, or the socket's error code. */
function get(port: number, path = '/'): Promise<{status?: number; body?: string; error?: string}> {
	return new Promise(resolve => {
		const req = http.get({host: '127.0.0.1', port, path, agent: false}, res => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', c => (body += c));
			res.on('end', () => resolve({status: res.statusCode, body}));
		});
		req.on('error', (e: NodeJS.ErrnoException) => resolve({error: e.code}));
	});
}

describe('shift-f: port-forward', () => {
	it('a local port answers as the pod does; :pf lists it and ctrl-d stops it', async () => {
		h = await start();
		await h.type('/web');
		let f = await h.press(KEYS.enter);
		const pod = /web-[a-z0-9]+-[a-z0-9]{5}/.exec(f)![0];
		f = await h.press('F');
		expect(f).toContain(`Port-forward pod/${pod} LOCAL:REMOTE: 80:80`);
		await h.press('\x15');
		await h.type('0:80');
		f = await h.press(KEYS.enter);
		const port = Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(f)?.[1]);
		expect(port).toBeGreaterThan(0);
		const page = await get(port);
		expect(page.status).toBe(200);
		expect(page.body).toContain('<title>Welcome to nginx!</title>');
		const missing = await get(port, '/nope');
		expect(missing.status).toBe(404);
		// the request is in the pod's access log, from 127.0.0.1 as with kubectl port-forward
		expect(h.cluster.logs('default', pod, {}).some(l => l.startsWith('127.0.0.1 - - ') && l.includes('"GET /nope HTTP/1.1" 404'))).toBe(true);
		await h.type(':pf');
		f = await h.press(KEYS.enter);
		expect(f).toContain('portforwards[1]');
		expect(f).toMatch(new RegExp(`default\\s+${pod}\\s+${port}:80\\s+http://127\\.0\\.0\\.1:${port}/`));
		f = await h.press(KEYS.ctrlD);
		expect(f).toContain(`Stop the port-forward ${port}:80 to pod/${pod}?`);
		f = await h.press(KEYS.enter);
		expect(f).toContain('portforwards[0]');
		expect((await get(port)).error).toBe('ECONNREFUSED');
	});

	it(':pf moves as a table does: G to the last forward, g to the first', async () => {
		h = await start();
		await h.type('/web');
		let f = await h.press(KEYS.enter);
		const ports: number[] = [];
		for (const row of [0, 1]) {
			if (row) await h.press('j');
			await h.press('F', '\x15');
			await h.type('0:80');
			f = await h.press(KEYS.enter);
			ports.push(Number(/Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(f)?.[1]));
		}
		await h.type(':pf');
		f = await h.press(KEYS.enter);
		expect(f).toContain('portforwards[2]');
		await h.press('G');
		f = await h.press(KEYS.ctrlD);
		expect(f).toMatch(new RegExp(`Stop the port-forward ${ports[1]}:80 to pod/`));
		await h.press(KEYS.esc);
		await h.press('g');
		f = await h.press(KEYS.ctrlD);
		expect(f).toMatch(new RegExp(`Stop the port-forward ${ports[0]}:80 to pod/`));
		f = await h.press(KEYS.enter);
		expect(f).toContain('portforwards[1]');
		h.client.close();
	});

	it('a bad port is a message; a pod that is not running cannot be forwarded', async () => {
		h = await start();
		await h.type('/web');
		await h.press(KEYS.enter);
		await h.press('F');
		await h.press('\x15');
		await h.type('99999');
		const f = await h.press(KEYS.enter);
		expect(f).toContain('error: invalid port "99999"');
		await expect(h.client.portForward('default', 'nope', 0, 80)).rejects.toThrow('Error from server (NotFound): pods "nope" not found');
	});
});
