// Watch streams: newline-delimited events (as Table rows when asked), the initial ADDED events
// of a watch from resourceVersion 0 or none, BOOKMARKs, timeoutSeconds, and an ERROR event with
// the Status (410 Expired for a resourceVersion older than the window) when the watch cannot start.
import {isStatusError, type KObject, type WatchEvent} from '../cluster/index.js';
import {errors} from '../cluster/core/errors.js';
import {bool, failureStatus, num, sendError} from './http.js';
import {includeObject, type ResourceRequest} from './request.js';
import {openStream} from './stream.js';
import {columnDefinitions, tableRow} from './table.js';

export function isWatch(q: URLSearchParams): boolean {
	return bool(q.get('watch'));
}

/** A resourceVersion a client sent: empty, or the unsigned integer the store's counter gives. */
function checkResourceVersion(rv: string): void {
	if (rv !== '' && !/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version ${JSON.stringify(rv)}: a resourceVersion is an unsigned integer`);
}

/**
 * The resourceVersion and resourceVersionMatch of a list, checked as the real server checks its
 * ListOptions: a match needs a version, Exact cannot ask for 0, and an Exact version older than
 * the store's current one cannot be served (the simulator keeps no past lists): 410 Expired.
 */
export function checkListVersion(r: ResourceRequest): void {
	const q = r.query;
	const rv = q.get('resourceVersion') ?? '';
	const match = q.get('resourceVersionMatch') ?? '';
	checkResourceVersion(rv);
	const invalid = (message: string) => {
		throw errors.invalid('ListOptions', '', [{reason: 'FieldValueInvalid', field: 'resourceVersionMatch', message}], 'meta.k8s.io');
	};
	if (match === '') return;
	if (match !== 'Exact' && match !== 'NotOlderThan') invalid(`Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`);
	if (rv === '') invalid('Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
	if (match === 'Exact' && rv === '0') invalid('Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
	const current = r.cluster.resourceVersion();
	if (match === 'Exact' && Number(rv) < Number(current)) throw errors.expired(`too old resource version: ${rv} (${current})`);
}

/** How long a list waits for a resourceVersion the store has not reached yet (the watch cache waits 3 s). */
export const TOO_LARGE_WAIT_MS = 3000;

/**
 * Runs a list once the store has reached the resourceVersion it asks for: at once for an
 * older or no version; for a newer one, when a write reaches it, or after 3 s a 504 whose cause
 * is ResourceVersionTooLarge (what a client's reflector takes as "relist from the latest").
 */
export function whenFresh(r: ResourceRequest, run: () => void): void {
	const rv = r.query.get('resourceVersion') ?? '';
	const reached = () => Number(r.cluster.resourceVersion()) >= Number(rv);
	if (!/^\d+$/.test(rv) || rv === '0' || reached()) return run();
	let done = false;
	const finish = (fresh: boolean) => {
		if (done) return;
		done = true;
		stop();
		clearTimeout(timer);
		// out of the write that reached the version: the list runs on its own turn
		setImmediate(() => {
			try {
				if (!fresh) throw errors.resourceVersionTooLarge(rv, r.cluster.resourceVersion());
				run();
			} catch (e) {
				sendError(r.res, e);
			}
		});
	};
	const stop = r.cluster.onChange(() => reached() && finish(true));
	const timer = setTimeout(() => finish(false), r.api.tooLargeWaitMs);
	// a client that hangs up stops the wait
	r.res.once('close', () => {
		if (done) return;
		done = true;
		stop();
		clearTimeout(timer);
	});
}

export function watch(r: ResourceRequest): void {
	const {api, cluster, kind: k, query: q} = r;
	checkResourceVersion(q.get('resourceVersion') ?? '');
	const asTable = r.wantsTable();
	const include = includeObject(q);
	const rv = q.get('resourceVersion') ?? '';
	const timeout = num(q.get('timeoutSeconds'), 'timeoutSeconds');
	const bookmarks = bool(q.get('allowWatchBookmarks'));
	const selectors = r.selectors();
	const stream = openStream(api, r.res, 'application/json');
	let sentColumns = false;
	const encode = (ev: WatchEvent): string => {
		if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') return JSON.stringify({type: ev.type, object: ev.object});
		if (!asTable) return JSON.stringify({type: ev.type, object: r.present(ev.object)});
		const tbl = {
			kind: 'Table',
			apiVersion: 'meta.k8s.io/v1',
			metadata: {resourceVersion: ev.object.metadata.resourceVersion},
			columnDefinitions: sentColumns ? [] : columnDefinitions(k),
			rows: [tableRow(k, ev.object, r.renderContext(), include, r.present)],
		};
		sentColumns = true;
		return JSON.stringify({type: ev.type, object: tbl});
	};
	const send = (ev: WatchEvent) => stream.write(() => `${encode(ev)}\n`);
	try {
		if (rv === '' || rv === '0') for (const o of cluster.list(k.kind, selectors)) send({type: 'ADDED', object: o});
		stream.onFinish(cluster.watch(k.kind, send, {...selectors, resourceVersion: rv === '0' ? undefined : rv || undefined}));
	} catch (e) {
		const status = isStatusError(e) ? e.status : failureStatus(500, 'InternalError', String(e));
		send({type: 'ERROR', object: status as unknown as KObject});
		stream.finish();
		return;
	}
	if (timeout !== undefined && timeout > 0) {
		const timer = setTimeout(stream.finish, timeout * 1000);
		stream.onFinish(() => clearTimeout(timer));
	}
	if (bookmarks && api.bookmarkMs > 0) {
		let timer: ReturnType<typeof setTimeout>;
		const tick = () => {
			send({type: 'BOOKMARK', object: {kind: k.kind, apiVersion: r.apiVersion, metadata: {name: '', resourceVersion: cluster.resourceVersion()}} as KObject});
			timer = setTimeout(tick, api.bookmarkMs);
		};
		timer = setTimeout(tick, api.bookmarkMs);
		stream.onFinish(() => clearTimeout(timer));
	}
}
