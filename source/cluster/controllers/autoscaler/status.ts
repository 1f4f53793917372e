// The cluster-autoscaler-status ConfigMap in kube-system: the autoscaler's health, scale-up and
// scale-down activity, cluster-wide and per node group, as the YAML document it writes there.

export interface StatusInput {
	now: number;
	since: {scaleUp: number; scaleDown: number; health: number};
	scaleUp: 'InProgress' | 'NoActivity';
	scaleDown: 'CandidatesPresent' | 'NoCandidates';
	candidates: number;
	nodes: Array<{name: string; ready: boolean; group?: string}>;
	groups: Array<{name: string; target: number; min: number; max: number; upcoming: number}>;
}

/** Go's time.Time String(): `2025-01-06 09:00:10.000000000 +0000 UTC`. */
export function goTime(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000000 +0000 UTC`;
}

function rfc3339(ms: number): string {
	return `"${new Date(ms).toISOString().slice(0, 19)}Z"`;
}

export function statusText(s: StatusInput): {text: string; lastUpdated: string} {
	const probe = rfc3339(s.now);
	const counts = (nodes: StatusInput['nodes'], upcoming: number, indent: string) => {
		const ready = nodes.filter(n => n.ready).length;
		return [
			`${indent}nodeCounts:`,
			`${indent}  registered:`,
			`${indent}    total: ${nodes.length}`,
			`${indent}    ready: ${ready}`,
			`${indent}    notStarted: ${nodes.length - ready}`,
			`${indent}  longUnregistered: 0`,
			`${indent}  unregistered: ${Math.max(0, upcoming - (nodes.length - ready))}`,
		];
	};
	const lines = [
		`time: ${goTime(s.now)}`,
		'autoscalerStatus: Running',
		'clusterWide:',
		'  health:',
		'    status: Healthy',
		...counts(s.nodes, s.groups.reduce((a, g) => a + g.upcoming, 0), '    '),
		`    lastProbeTime: ${probe}`,
		`    lastTransitionTime: ${rfc3339(s.since.health)}`,
		'  scaleUp:',
		`    status: ${s.scaleUp}`,
		`    lastProbeTime: ${probe}`,
		`    lastTransitionTime: ${rfc3339(s.since.scaleUp)}`,
		'  scaleDown:',
		`    status: ${s.scaleDown}`,
		...(s.candidates ? [`    candidates: ${s.candidates}`] : []),
		`    lastProbeTime: ${probe}`,
		`    lastTransitionTime: ${rfc3339(s.since.scaleDown)}`,
		'nodeGroups:',
	];
	for (const g of s.groups) {
		const nodes = s.nodes.filter(n => n.group === g.name);
		lines.push(
			`- name: ${g.name}`,
			'  health:',
			'    status: Healthy',
			...counts(nodes, g.upcoming, '    '),
			`    cloudProviderTarget: ${g.target}`,
			`    minSize: ${g.min}`,
			`    maxSize: ${g.max}`,
			`    lastProbeTime: ${probe}`,
			`    lastTransitionTime: ${rfc3339(s.since.health)}`,
			'  scaleUp:',
			`    status: ${g.upcoming ? 'InProgress' : 'NoActivity'}`,
			`    lastProbeTime: ${probe}`,
			`    lastTransitionTime: ${rfc3339(s.since.scaleUp)}`,
			'  scaleDown:',
			`    status: ${s.scaleDown}`,
			`    lastProbeTime: ${probe}`,
			`    lastTransitionTime: ${rfc3339(s.since.scaleDown)}`,
		);
	}
	return {text: lines.join('\n') + '\n', lastUpdated: goTime(s.now)};
}
