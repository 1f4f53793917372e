// What the kinds' action commands do. A kind's module declares its actions (key, command,
// description, gates); the dashboard implements each command once, by name, here. The type
// makes a command a kind may name without an implementation a compile error.
import type {KObject, Scalable, Templated} from '../../cluster/types.js';
import {kindInfo, relatedPods, type ActionCommand} from '../../kinds/index.js';
import {revisionOf} from '../../cluster/core/templates.js';
import {targets, targetsName, type TableContext} from './tableCommands.js';

type Action = (obj: KObject, t: TableContext) => void;

function nameOf(obj: KObject): string {
	return `${kindInfo(obj.kind)?.singular}/${obj.metadata.name}`;
}

/** Asks before an action that cannot be taken back, as k9s does: `verb` or Cancel. */
function confirm(env: TableContext['env'], message: string, verb: string, act: () => void): void {
	env.setMode({type: 'confirm', message, options: [verb, 'Cancel'], choice: 0, onChoose: act});
}

function openLogs(previous: boolean): Action {
	return (obj, {env, kind}) => {
		const title = `${kind.singular}/${obj.metadata.name}`;
		const self = kind.view?.logs === 'self';
		const related = self ? [] : relatedPods(obj, env.client).filter(p => !p.metadata.deletionTimestamp);
		const pods = self ? [obj.metadata.name] : related.map(p => p.metadata.name);
		if (!pods.length) {
			env.flash(`no pods for ${title}`, 'error');
			return;
		}
		const namespace = obj.metadata.namespace!;
		// a pod of several containers: pick one, as k9s does, rather than kubectl's error
		const first = self ? env.client.get('Pod', namespace, obj.metadata.name) : related[0];
		const containers = first?.spec.containers.map(c => c.name) ?? [];
		if (containers.length > 1)
			env.setMode({type: 'picker', title: 'Container', items: containers, choice: 0, onPick: container => env.openLogs({namespace, pods, previous, title: `${title}:${container}`, container})});
		else env.openLogs({namespace, pods, previous, title});
	};
}

function promptImage(obj: KObject, container: {name: string; image?: string}, t: TableContext): void {
	const {env} = t;
	env.setMode({
		type: 'prompt',
		label: `Image for container ${container.name}: `,
		text: container.image ?? '',
		onEnter: image => {
			if (image) env.run(env.client.setImage(obj.kind, obj.metadata.namespace!, obj.metadata.name, container.name, image).then(() => `${nameOf(obj)} container ${container.name} image set to ${image}`));
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
			env.flash('port-forward is not available on this cluster', 'error');
			return;
		}
		env.setMode({
			type: 'prompt',
			label: `Port-forward pod/${obj.metadata.name} LOCAL:REMOTE: `,
			text: `${port}:${port}`,
			onEnter: text => {
				const m = /^(?:(\d+):)?(\d+)$/.exec(text);
				const local = Number(m?.[1] ?? m?.[2]);
				const remote = Number(m?.[2]);
				if (!m || local > 65535 || remote < 1 || remote > 65535) {
					env.flash(`error: invalid port "${text}": LOCAL:REMOTE, each from 1 to 65535 (LOCAL 0 picks a free port)`, 'error');
					return;
				}
				env.run(env.client.portForward!(namespace, obj.metadata.name, local, remote).then(f => `Forwarding from 127.0.0.1:${f.localPort} -> ${f.remotePort} (pod/${f.pod}; :pf lists the forwards)`));
			},
		});
	},
	shell: (obj, {env}) => {
		const namespace = obj.metadata.namespace ?? 'default';
		const pod = env.client.get('Pod', namespace, obj.metadata.name);
		const containers = pod?.spec.containers.map(c => c.name) ?? [];
		const open = (container: string) => env.push({type: 'shell', namespace, pod: obj.metadata.name, container});
		if (pod?.status.phase !== 'Running') env.flash(`error: unable to upgrade connection: container not found ("${containers[0] ?? ''}")`, 'error');
		else if (containers.length > 1) env.setMode({type: 'picker', title: 'Container', items: containers, choice: 0, onPick: open});
		else if (containers[0]) open(containers[0]);
	},
	kill: (obj, {env, kind}) =>
		confirm(env, `Kill ${kind.singular} ${obj.metadata.name}?`, 'Kill', () => env.run(env.client.delete(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name, 'Background').then(() => `${kind.singular} "${obj.metadata.name}" killed`))),
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
			label: `Scale ${list.length > 1 ? `${list.length} ${kind.plural}` : `${kind.singular} ${obj.metadata.name}`} to: `,
			text: String((obj as Scalable).spec?.replicas ?? 1),
			onEnter: text => {
				if (!/^\d+$/.test(text)) {
					env.flash(`invalid replica count "${text}": must be a whole number 0 or more`, 'error');
					return;
				}
				const n = Number(text);
				env.run(Promise.all(list.map(o => env.client.scale(o.kind, o.metadata.namespace!, o.metadata.name, n))).then(() => list.map(o => `scaled ${nameOf(o)} to ${n}`)));
			},
		});
	},
	restart: (obj, {env, kind}) => confirm(env, `Restart ${kind.singular} ${obj.metadata.name}?`, 'Restart', () => env.run(env.client.restart(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name))),
	setImage: (obj, t) => {
		const containers: Array<{name: string; image?: string}> = (obj as Templated).spec?.template?.spec?.containers ?? [];
		if (containers.length > 1) {
			t.env.setMode({type: 'picker', title: 'Container', items: containers.map(c => c.name), choice: 0, onPick: name => promptImage(obj, containers.find(c => c.name === name) ?? {name}, t)});
		} else if (containers[0]) promptImage(obj, containers[0], t);
	},
	undo: (obj, {env, kind}) => confirm(env, `Undo ${kind.singular} ${obj.metadata.name} to its previous revision?`, 'Undo', () => env.run(env.client.rollback(obj.metadata.namespace ?? '', obj.metadata.name))),
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
		if (!owner) env.flash(`${kind.singular} ${obj.metadata.name} has no Deployment to roll back`, 'error');
		else env.run(env.client.rollback(obj.metadata.namespace ?? '', owner.name, revisionOf(obj)));
	},
	cordon: cordon(true),
	uncordon: cordon(false),
	drain: (obj, {env, kind}) => confirm(env, `Drain ${kind.singular} ${obj.metadata.name}?`, 'Drain', () => env.run(env.client.drain(obj.metadata.name))),
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
			label: `Taint ${targetsName(list, kind)} (key=value:NoSchedule, key:NoSchedule- or key- takes off, --overwrite): `,
			text: '',
			onEnter: text => env.run(Promise.all(list.map(o => env.client.taint(o.metadata.name, text)))),
		});
	},
	trafficUp: traffic(20),
	trafficDown: traffic(-20),
	decode: (obj, {env, kind}) => {
		const text = kind.view?.decode?.(obj);
		if (text === undefined) return;
		if (!text) env.flash(`${nameOf(obj)} has no data`, 'error');
		else env.push({type: 'text', mode: 'yaml', kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, text: text.trimEnd(), title: `decode ${nameOf(obj)}`});
	},
};
