// Server-side Tables (meta.k8s.io/v1): what `kubectl get` prints, with cells from the kinds
// registry so the dashboard and kubectl agree.
import type {KObject} from '../cluster/index.js';
import type {KindInfo, RenderContext} from '../kinds/index.js';

/** Whether an Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
	if (!accept) return false;
	return accept.split(',').some(part => {
		const params = part.split(';').map(p => p.trim());
		return params.includes('as=Table') && params.includes('g=meta.k8s.io');
	});
}

export function columnDefinitions(k: KindInfo) {
	return k.columns.map(c => ({
		name: c.name,
		type: c.type === 'date' ? 'string' : c.type,
		format: c.type === 'date' ? '' : (c.format ?? ''),
		description: c.description ?? '',
		priority: c.priority,
	}));
}

export function partialObject(obj: KObject) {
	return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata};
}

/** `present` turns a stored object into the served version embedded with includeObject=Object. */
export function tableRow(k: KindInfo, obj: KObject, ctx: RenderContext, includeObject: string, present: (o: KObject) => KObject = o => o) {
	let cells: Array<string | number>;
	try {
		cells = k.row(obj, ctx);
	} catch {
		cells = k.columns.map((_c, i) => (i === 0 ? obj.metadata.name : '<unknown>'));
	}
	const object = includeObject === 'None' ? undefined : includeObject === 'Object' ? present(obj) : partialObject(obj);
	return {cells, ...(object ? {object} : {})};
}

export function table(
	k: KindInfo,
	items: KObject[],
	ctx: RenderContext,
	includeObject: string,
	metadata: Record<string, unknown>,
	present: (o: KObject) => KObject = o => o,
) {
	return {
		kind: 'Table',
		apiVersion: 'meta.k8s.io/v1',
		metadata,
		columnDefinitions: columnDefinitions(k),
		rows: items.map(o => tableRow(k, o, ctx, includeObject, present)),
	};
}
