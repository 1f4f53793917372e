// IP and port allocation done by the API server when a Service is created: cluster IPs from the
// service CIDR (10.96.0.0/12, with 10.96.0.1 for the kubernetes Service and 10.96.0.10 for DNS)
// and node ports from 30000-32767.
import type {Rng} from '../core/rng.js';
import {intToIp, ipToInt} from '../core/ipam.js';

export class ServiceIPs {
	private used = new Set<number>();
	private readonly base = ipToInt('10.96.0.0');
	private readonly size = 2 ** 20;

	constructor(private readonly rng: Rng) {}

	/** Reserves a specific address; false when taken or outside the range. */
	reserve(ip: string): boolean {
		const n = ipToInt(ip);
		if (n <= this.base || n >= this.base + this.size - 1 || this.used.has(n)) return false;
		this.used.add(n);
		return true;
	}

	allocate(): string {
		// Random like the real allocator, from the upper part of the range (the lower 1/16 is for static IPs).
		for (;;) {
			const offset = 4096 + this.rng.int(this.size - 4098);
			const n = this.base + offset;
			if (!this.used.has(n)) {
				this.used.add(n);
				return intToIp(n);
			}
		}
	}

	release(ip: string | undefined): void {
		if (ip && ip !== 'None') this.used.delete(ipToInt(ip));
	}
}

export class NodePorts {
	private used = new Set<number>();

	constructor(private readonly rng: Rng) {}

	reserve(port: number): boolean {
		if (port < 30000 || port > 32767 || this.used.has(port)) return false;
		this.used.add(port);
		return true;
	}

	allocate(): number {
		if (this.used.size >= 2768) throw new Error('range of valid node ports is full');
		for (;;) {
			const port = 30000 + this.rng.int(2768);
			if (!this.used.has(port)) {
				this.used.add(port);
				return port;
			}
		}
	}

	release(port: number | undefined): void {
		if (port) this.used.delete(port);
	}
}
