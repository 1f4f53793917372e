// Container logs as the kubelet keeps them: one bounded buffer per container instance (the
// current one and the previous one survive), with timestamps, tail, since and follow.

export interface LogLine {
	/** epoch ms */
	time: number;
	text: string;
	stream: 'stdout' | 'stderr';
}

export interface LogQuery {
	previous?: boolean;
	tailLines?: number;
	sinceSeconds?: number;
	sinceTime?: number;
	limitBytes?: number;
}

export type LogListener = (line: LogLine) => void;

class Buffer {
	lines: LogLine[] = [];
	start = 0;
	listeners = new Set<LogListener>();

	constructor(readonly capacity: number) {}

	push(line: LogLine): void {
		if (this.lines.length < this.capacity) this.lines.push(line);
		else {
			this.lines[this.start] = line;
			this.start = (this.start + 1) % this.capacity;
		}
		for (const l of this.listeners) l(line);
	}

	all(): LogLine[] {
		return this.start === 0 ? this.lines.slice() : [...this.lines.slice(this.start), ...this.lines.slice(0, this.start)];
	}
}

interface ContainerLogs {
	current: Buffer;
	previous?: Buffer;
	/** The restart count of the instance writing to `current`. */
	instance: number;
}

/** Per pod uid, per container name: dropping a pod's logs costs only its containers. */
export class LogStore {
	private pods = new Map<string, Map<string, ContainerLogs>>();

	constructor(private readonly capacity = 5000) {}

	private get(uid: string, container: string): ContainerLogs | undefined {
		return this.pods.get(uid)?.get(container);
	}

	private set(uid: string, container: string, logs: ContainerLogs): void {
		let pod = this.pods.get(uid);
		if (!pod) this.pods.set(uid, (pod = new Map()));
		pod.set(container, logs);
	}

	/** Starts a new instance of a container: the current buffer becomes the previous one. */
	start(uid: string, container: string, instance: number): void {
		const b = this.get(uid, container);
		if (b && b.instance === instance) return;
		const next = new Buffer(this.capacity);
		if (b) {
			for (const l of b.current.listeners) next.listeners.add(l);
			this.set(uid, container, {current: next, previous: b.current, instance});
		} else this.set(uid, container, {current: next, instance});
	}

	append(uid: string, container: string, line: LogLine): void {
		this.get(uid, container)?.current.push(line);
	}

	has(uid: string, container: string, previous = false): boolean {
		const b = this.get(uid, container);
		return !!b && (!previous || !!b.previous);
	}

	read(uid: string, container: string, q: LogQuery = {}, now = 0): LogLine[] {
		const b = this.get(uid, container);
		const buf = q.previous ? b?.previous : b?.current;
		if (!buf) return [];
		let lines = buf.all();
		const since = q.sinceTime ?? (q.sinceSeconds !== undefined ? now - q.sinceSeconds * 1000 : undefined);
		if (since !== undefined) lines = lines.filter(l => l.time >= since);
		if (q.tailLines !== undefined && q.tailLines >= 0) lines = q.tailLines === 0 ? [] : lines.slice(-q.tailLines);
		if (q.limitBytes !== undefined) {
			let total = 0;
			const out: LogLine[] = [];
			for (const l of lines) {
				total += l.text.length + 1;
				if (total > q.limitBytes) break;
				out.push(l);
			}
			lines = out;
		}
		return lines;
	}

	/** Calls `listener` for every new line of the container (across restarts) until unsubscribed. */
	follow(uid: string, container: string, listener: LogListener): () => void {
		if (!this.get(uid, container)) this.start(uid, container, 0);
		this.get(uid, container)!.current.listeners.add(listener);
		return () => this.get(uid, container)?.current.listeners.delete(listener);
	}

	drop(uid: string): void {
		this.pods.delete(uid);
	}
}

/** RFC 3339 with nanoseconds, as `kubectl logs --timestamps` prints. */
export function logTimestamp(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}
