// The cluster `kubesim drill` plays a drill on: the drill's profile and nodes, nothing else on it,
// booted for a minute of virtual time (the nodes registered and Ready) before the drill starts.
import {createCluster, type Cluster} from '../cluster/index.js';
import type {Drill} from './drill.js';
import {DrillRun} from './run.js';

/** Virtual time the cluster runs before the drill starts. */
export const BOOT_MS = 60_000;

export function drillCluster(drill: Drill, seed = 1): Cluster {
	const c = createCluster({seed, nodes: drill.nodes ?? (drill.profile === 'eks' ? 2 : 3), ...(drill.profile ? {profile: drill.profile} : {})});
	c.advance(BOOT_MS);
	return c;
}

/** A drill started on a cluster made for it. */
export function playDrill(drill: Drill, seed = 1): {cluster: Cluster; run: DrillRun} {
	const cluster = drillCluster(drill, seed);
	return {cluster, run: new DrillRun(cluster, drill).start()};
}
