// Opens a cluster with its state file: resumes the cluster the file holds, or creates the
// cluster the options describe and starts the file with it.
import {createCluster, type Cluster, type ClusterOptions} from '../cluster/index.js';
import {damageReport, readState, StateFile} from './statefile.js';

export interface OpenedCluster {
	cluster: Cluster;
	file: StateFile;
	/** Set when the cluster came from the file rather than from the options. */
	resumed?: {resourceVersion: number; elapsed: number; writes: number};
	/** A damaged tail that was cut off, in words for stderr. */
	report?: string;
}

/**
 * With a saved cluster in `path`, the options' nodes, manifests and seed give way to it.
 * `compactBytes`: how long the log grows past the snapshot before it is compacted.
 */
export function openWithState(path: string, options: ClusterOptions, compactBytes?: number): OpenedCluster {
	if (options.profile === 'eks') {
		const e = new Error('--state keeps clusters of the kind profile only: the eks profile\'s node groups and instances are not saved');
		e.name = 'StateError';
		throw e;
	}
	const saved = readState(path);
	if (!saved) {
		const cluster = createCluster(options);
		return {cluster, file: StateFile.create(path, cluster, compactBytes)};
	}
	const {manifests: _manifests, resourceVersionBase: _base, ...rest} = options;
	const cluster = createCluster({...rest, name: saved.name, startTime: saved.epoch, restore: saved.image});
	const file = StateFile.resume(path, cluster, saved, compactBytes);
	return {
		cluster,
		file,
		resumed: {resourceVersion: saved.image.resourceVersion, elapsed: saved.image.elapsed, writes: saved.writes},
		report: damageReport(path, saved),
	};
}
