// What the kinds' action commands do. A kind's module declares its actions (key, command, the
// message id of its text, gates); the dashboard implements each command once, by name, here.
// The type makes a command a kind may name without an implementation a compile error.
import type {KObject, Scalable, Templated} from '../../cluster/types.js';
import {kindInfo, relatedPods, type ActionCommand, type KindInfo} from '../../kinds/index.js';
import {revisionOf} from '../../cluster/core/templates.js';
import {t as text} from '../../i18n/index.js';
import {withCancel, type TextState, type UnderView} from '../state.js';
import {targets, targetsName, type TableContext} from './tableCommands.js';

type Action = (obj: KObject, t: TableContext) => void;

/** A text screen the simulator computes live about an object (a node's journal or images). */
function underScreen(obj: KObject, under: UnderView, title: string): TextState {
	return {type: 'text', mode: 'describe', kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, title, under};
}

function nameOf(obj: KObject): string {
	return `${kindInfo(obj.kind)?.singular}/${obj.metadata.name}`;
}

/** Asks before an action that cannot be taken back, as k9s does: `verb` or Cancel. */
function confirm(env: TableContext['env'], message: string, verb: string, act: () => void): void {
	env.setMode({type: 'confirm', message, options: withCancel([{value: 'yes', label: verb}]), choice: 0, onChoose: act});
}

/** What a question names: the kind (singular) and the object's name. */
function named(kind: KindInfo, obj: KObject): {kind: string; name: string} {
	return {kind: kind.singular, name: obj.metadata.name};
}

/** A pod of several containers: pick one, as k9s does, rather than kubectl's error; one container opens at once. */
function withContainer(env: TableContext['env'], containers: string[], open: (container: string) => void): void {
	if (containers.length > 1) env.setMode({type: 'picker', title: text('prompt.container'), items: containers, choice: 0, onPick: open});
	else if (containers[0]) open(containers[0]);
}

function openLogs(previous: boolean): Action {
	return (obj, {env, kind}) => {
		const title = `${kind.singular}/${obj.metadata.name}`;
		const self = kind.view?.logs === 'self';
		const related = self ? [] : relatedPods(obj, env.client).filter(p => !p.metadata.deletionTimestamp);
		const pods = self ? [obj.metadata.name] : related.map(p => p.metadata.name);
		if (!pods.length) {
			env.flash(text('error.noPods', {target: title}), 'error');
			return;
		}
		const namespace = obj.metadata.namespace!;
		const first = self ? env.client.get('Pod', namespace, obj.metadata.name) : related[0];
		const containers = first?.spec.containers.map(c => c.name) ?? [];
		if (containers.length > 1) withContainer(env, containers, container => env.openLogs({namespace, pods, previous, title: `${title}:${container}`, container}));
		else env.openLogs({namespace, pods, previous, title});
	};
}

function promptImage(obj: KObject, container: {name: string; image?: string}, t: TableContext): void {
	const {env} = t;
	env.setMode({
		type: 'prompt',
		label: text('prompt.image', {container: container.name}),
		text: container.image ?? '',
		onEnter: image => {
			if (image) env.run(env.client.setImage(obj.kind, obj.metadata.namespace!, obj.metadata.name, container.name, image).then(() => text('flash.imageSet', {target: nameOf(obj), container: container.name, image})));
		},
	});
}

function cordon(unschedulable: boolean): Action {
	return (obj, {env}) => env.run(env.client.cordon(obj.metadata.name, unschedulable));
}

function traffic(delta: number): Action {
	return (obj, {env}) => {
		const sim = env.client.sim;
		const ns = obj.metadata.namespace ?? '';
		if (sim) env.run(sim.setTraffic(ns, obj.metadata.name, sim.traffic(ns, obj.metadata.name) + delta));
	};
}

/** Adds a key to a set, or takes it out; true when it is in the set afterwards. */
function toggle(set: Set<string>, key: string): boolean {
	if (set.delete(key)) return false;
	set.add(key);
	return true;
}

export const ACTIONS: Record<ActionCommand, Action> = {
	logs: openLogs(false),
	previousLogs: openLogs(true),
	portForward: (obj, {env}) => {
		const namespace = obj.metadata.namespace ?? 'default';
		const pod = env.client.get('Pod', namespace, obj.metadata.name);
		const port = pod?.spec.containers.flatMap(c => c.ports ?? [])[0]?.containerPort ?? 80;
		if (!env.client.portForward) {
			env.flash(text('error.noPortForward'), 'error');
			return;
		}
		env.setMode({
			type: 'prompt',
			label: text('prompt.portForward', {name: obj.metadata.name}),
			text: `${port}:${port}`,
			onEnter: typed => {
				const m = /^(?:(\d+):)?(\d+)$/.exec(typed);
				const local = Number(m?.[1] ?? m?.[2]);
				const remote = Number(m?.[2]);
				if (!m || local > 65535 || remote < 1 || remote > 65535) {
					env.flash(text('error.invalidPort', {text: typed}), 'error');
					return;
				}
				// kubectl's words, then where to find the forward
				env.run(env.client.portForward!(namespace, obj.metadata.name, local, remote).then(f => `Forwarding from 127.0.0.1:${f.localPort} -> ${f.remotePort} ${text('flash.forwardingNote', {pod: f.pod})}`));
			},
		});
	},
	attach: (obj, {env, kind}) => {
		const namespace = obj.metadata.namespace ?? 'default';
		const pod = env.client.get('Pod', namespace, obj.metadata.name);
		const containers = pod?.spec.containers.map(c => c.name) ?? [];
		const title = `${kind.singular}/${obj.metadata.name}`;
		const open = (container: string) => env.openLogs({namespace, pods: [obj.metadata.name], previous: false, title, container, attach: true});
		withContainer(env, containers, open);
	},
	shell: (obj, {env}) => {
		const namespace = obj.metadata.namespace ?? 'default';
		const pod = env.client.get('Pod', namespace, obj.metadata.name);
		const containers = pod?.spec.containers.map(c => c.name) ?? [];
		const open = (container: string) => env.push({type: 'shell', namespace, pod: obj.metadata.name, container});
		if (pod?.status.phase !== 'Running') env.flash(`error: unable to upgrade connection: container not found ("${containers[0] ?? ''}")`, 'error');
		else withContainer(env, containers, open);
	},
	kill: (obj, {env, kind}) =>
		confirm(env, text('confirm.kill', named(kind, obj)), text('confirm.killOption'), () => env.run(env.client.delete(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name, 'Background').then(() => text('flash.killed', named(kind, obj))))),
	crash: (obj, {env}) => {
		if (env.client.sim) env.run(env.client.sim.crashContainer(obj.metadata.namespace ?? '', obj.metadata.name));
	},
	breakProbes: (obj, {env, nav}) => {
		if (!env.client.sim) return;
		const failing = toggle(nav.toggles.failingProbes, obj.metadata.uid!);
		env.run(env.client.sim.setProbesFailing(obj.metadata.namespace ?? '', obj.metadata.name, failing));
	},
	scale: (obj, t) => {
		const {env, kind} = t;
		const list = targets(t);
		env.setMode({
			type: 'prompt',
			label: list.length > 1 ? text('prompt.scaleMany', {count: list.length, plural: kind.plural}) : text('prompt.scale', named(kind, obj)),
			text: String((obj as Scalable).spec?.replicas ?? 1),
			onEnter: typed => {
				if (!/^\d+$/.test(typed)) {
					env.flash(text('error.replicaCount', {text: typed}), 'error');
					return;
				}
				const n = Number(typed);
				env.run(Promise.all(list.map(o => env.client.scale(o.kind, o.metadata.namespace!, o.metadata.name, n))).then(() => list.map(o => `scaled ${nameOf(o)} to ${n}`)));
			},
		});
	},
	restart: (obj, {env, kind}) => confirm(env, text('confirm.restart', named(kind, obj)), text('confirm.restartOption'), () => env.run(env.client.restart(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name))),
	setImage: (obj, t) => {
		const containers: Array<{name: string; image?: string}> = (obj as Templated).spec?.template?.spec?.containers ?? [];
		if (containers.length > 1) {
			t.env.setMode({type: 'picker', title: text('prompt.container'), items: containers.map(c => c.name), choice: 0, onPick: name => promptImage(obj, containers.find(c => c.name === name) ?? {name}, t)});
		} else if (containers[0]) promptImage(obj, containers[0], t);
	},
	undo: (obj, {env, kind}) => confirm(env, text('confirm.undo', named(kind, obj)), text('confirm.undoOption'), () => env.run(env.client.rollback(obj.metadata.namespace ?? '', obj.metadata.name))),
	history: (obj, {env}) => {
		const namespace = obj.metadata.namespace ?? '';
		env.client
			.history(namespace, obj.metadata.name)
			.then(revisions => env.push({type: 'history', namespace, name: obj.metadata.name, selected: Math.max(0, revisions.length - 1), revisions}))
			.catch((e: Error) => env.flash(e.message, 'error'));
	},
	rollbackTo: (obj, {env, kind}) => {
		// the controller that keeps revisions (a ReplicaSet's Deployment) rolls back to this one's
		const owner = obj.metadata.ownerReferences?.find(o => o.controller && kindInfo(o.kind)?.capabilities.rollbackable);
		if (!owner) env.flash(text('error.noRollbackOwner', named(kind, obj)), 'error');
		else env.run(env.client.rollback(obj.metadata.namespace ?? '', owner.name, revisionOf(obj)));
	},
	cordon: cordon(true),
	uncordon: cordon(false),
	drain: (obj, {env, kind}) => confirm(env, text('confirm.drain', named(kind, obj)), text('confirm.drainOption'), () => env.run(env.client.drain(obj.metadata.name))),
	failNode: (obj, {env, nav}) => {
		const sim = env.client.sim;
		if (!sim) return;
		const failed = toggle(nav.toggles.failedNodes, obj.metadata.name);
		env.run(failed ? sim.failNode(obj.metadata.name) : sim.recoverNode(obj.metadata.name));
	},
	taint: (_obj, t) => {
		const {env, kind} = t;
		const list = targets(t);
		env.setMode({
			type: 'prompt',
			label: text('prompt.taint', {target: targetsName(list, kind)}),
			text: '',
			onEnter: text => env.run(Promise.all(list.map(o => env.client.taint(o.metadata.name, text)))),
		});
	},
	trafficUp: traffic(20),
	trafficDown: traffic(-20),
	journal: (obj, {env}) => env.push(underScreen(obj, {view: 'journal', node: obj.metadata.name}, text('under.crumb.journal', {node: obj.metadata.name}))),
	images: (obj, {env}) => env.push(underScreen(obj, {view: 'images', node: obj.metadata.name}, text('under.crumb.images', {node: obj.metadata.name}))),
	decode: (obj, {env, kind}) => {
		const decoded = kind.view?.decode?.(obj);
		if (decoded === undefined) return;
		if (!decoded) env.flash(text('error.noData', {target: nameOf(obj)}), 'error');
		else env.push({type: 'text', mode: 'yaml', kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, text: decoded.trimEnd(), title: text('screen.crumb.decode', {target: nameOf(obj)})});
	},
};
