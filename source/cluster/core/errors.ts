// API errors carry a Kubernetes Status object, exactly what the real API server returns.
import type {Status} from '../types.js';

export type Cause = {reason: string; message: string; field?: string};

export class StatusError extends Error {
	readonly status: Status;

	constructor(status: Status) {
		super(status.message);
		this.name = 'StatusError';
		this.status = status;
	}

	get code(): number {
		return this.status.code;
	}

	get reason(): string {
		return this.status.reason ?? '';
	}
}

function failure(code: number, reason: string, message: string, details?: Status['details']): StatusError {
	return new StatusError({
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message,
		reason,
		...(details ? {details} : {}),
		code,
	});
}

/** `resource` is the plural with its group, as the server names it: `pods`, `deployments.apps`. */
export const errors = {
	notFound: (resource: string, name: string) =>
		failure(404, 'NotFound', `${resource} "${name}" not found`, {name, ...groupKind(resource)}),
	alreadyExists: (resource: string, name: string) =>
		failure(409, 'AlreadyExists', `${resource} "${name}" already exists`, {name, ...groupKind(resource)}),
	conflict: (resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
		failure(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, {name, ...groupKind(resource)}),
	invalid: (kind: string, name: string, causes: Cause[], group = '') =>
		failure(
			422,
			'Invalid',
			`${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${causes.map(c => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ')}`,
			{name, group: group || undefined, kind, causes},
		),
	badRequest: (message: string) => failure(400, 'BadRequest', message),
	forbidden: (resource: string, name: string, why: string) =>
		failure(403, 'Forbidden', `${resource} "${name}" is forbidden: ${why}`, {name, ...groupKind(resource)}),
	tooManyRequests: (message: string, retryAfterSeconds?: number) =>
		failure(429, 'TooManyRequests', message, retryAfterSeconds ? {retryAfterSeconds} : undefined),
	expired: (message: string) => failure(410, 'Expired', message),
	/** A read asking for a resourceVersion newer than any the store has (the watch cache's 504, retry after 1 s). */
	resourceVersionTooLarge: (requested: string, current: string) =>
		failure(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
			causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
			retryAfterSeconds: 1,
		}),
	methodNotAllowed: (message: string) => failure(405, 'MethodNotAllowed', message),
	internal: (message: string) => failure(500, 'InternalError', message),
	/**
	 * etcd refusing a write over its request limit: the API server passes etcd's own error on as a
	 * 500 with no reason (kubectl prints `Error from server: etcdserver: request is too large`).
	 */
	etcdRequestTooLarge: () => {
		const e = failure(500, '', 'etcdserver: request is too large');
		delete (e.status as Partial<Status>).reason;
		return e;
	},
};

function groupKind(resource: string): {kind: string; group?: string} {
	const dot = resource.indexOf('.');
	return dot < 0 ? {kind: resource} : {kind: resource.slice(0, dot), group: resource.slice(dot + 1)};
}

export function isStatusError(e: unknown): e is StatusError {
	return e instanceof StatusError;
}

/** How kubectl prints an error from the server. */
export function describeError(e: unknown): string {
	if (e instanceof StatusError) return e.reason ? `Error from server (${e.reason}): ${e.message}` : `Error from server: ${e.message}`;
	if (e instanceof Error) return `error: ${e.message}`;
	return `error: ${String(e)}`;
}
