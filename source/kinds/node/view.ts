// The dashboard's view of nodes: health from STATUS, its pods on enter and in the side pane,
// columns of pods and CPU/memory requested and used, and the node keys (cordon, drain, taint,
// fail).
// Imported only by ./index.ts (it reads the node helpers there when called, never at load).
import type {Node, Pod} from '../../cluster/types.js';
import type {ExtraColumns, KindView, ViewContext} from '../types.js';
import {bytes, milliCpu} from '../../cluster/core/quantity.js';
import {statusHealth} from '../view.js';
import {nodeStatus} from './index.js';
import {whyNode} from './why.js';

function podsOn(node: Node, ctx: ViewContext): Pod[] {
	return ctx.list('Pod', {fieldSelector: `spec.nodeName=${node.metadata.name}`}) as Pod[];
}

/** Pods against capacity, and CPU/memory requested and used against allocatable. */
const usageColumns: ExtraColumns = {
	headers: ['PODS', 'CPU REQ', 'CPU USE', 'MEM REQ', 'MEM USE'],
	cells(node: Node, ctx) {
		const cpu = milliCpu(node.status?.allocatable?.cpu) || 1;
		const mem = bytes(node.status?.allocatable?.memory) || 1;
		const pods = podsOn(node, ctx).filter(p => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
		let rc = 0;
		let rm = 0;
		for (const p of pods)
			for (const c of p.spec.containers ?? []) {
				rc += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu);
				rm += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory);
			}
		const u = ctx.usage('Node', undefined, node.metadata.name);
		return [`${pods.length}/${node.status?.allocatable?.pods ?? 110}`, {fraction: rc / cpu}, u ? {fraction: u.cpuMilli / cpu} : 'n/a', {fraction: rm / mem}, u ? {fraction: u.memoryBytes / mem} : 'n/a'];
	},
};

export const nodeView: KindView = {
	why: (obj, ctx) => whyNode(obj as Node, ctx),
	health: (node: Node) => statusHealth(nodeStatus(node)),
	drill: (node: Node) => ({to: 'pods', namespace: '', fieldSelector: `spec.nodeName=${node.metadata.name}`}),
	relatedPods: podsOn,
	pane: 'pods',
	extraColumns: usageColumns,
	actions: [
		{key: 'c', command: 'cordon', message: 'keys.node.cordon', mutates: true, hint: true},
		{key: 'u', command: 'uncordon', message: 'keys.node.uncordon', mutates: true},
		{key: 'r', command: 'drain', message: 'keys.node.drain', mutates: true},
		{key: 't', command: 'taint', message: 'keys.node.taint', mutates: true},
		{key: 'x', command: 'failNode', message: 'keys.node.failNode', mutates: true, sim: true, hint: true},
		{key: 'l', command: 'journal', message: 'keys.node.journal', sim: true},
		{key: 'i', command: 'images', message: 'keys.node.images', sim: true},
	],
};
