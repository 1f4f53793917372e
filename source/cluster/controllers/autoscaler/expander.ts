// Expanders: how the autoscaler picks one node group when several could take the pending pods.
// random (the default), least-waste (least idle CPU, then memory, once the pods are on the new
// nodes), most-pods (the most pods helped), priority (the group with the highest priority;
// ties are broken at random).
import type {Rng} from '../../core/rng.js';
import type {Expander} from '../../cloud/profile.js';

export interface ScaleUpOption {
	group: string;
	/** Nodes to add. */
	nodes: number;
	/** The pods those nodes would take. */
	pods: string[];
	/** Idle capacity left on the new nodes, as fractions of what they add. */
	wastedCpu: number;
	wastedMem: number;
	priority: number;
}

export function choose(expander: Expander, options: ScaleUpOption[], rng: Rng): ScaleUpOption | undefined {
	if (options.length <= 1) return options[0];
	let best: ScaleUpOption[];
	switch (expander) {
		case 'most-pods': {
			const most = Math.max(...options.map(o => o.pods.length));
			best = options.filter(o => o.pods.length === most);
			break;
		}
		case 'least-waste': {
			const score = (o: ScaleUpOption) => o.wastedCpu + o.wastedMem;
			const least = Math.min(...options.map(score));
			best = options.filter(o => Math.abs(score(o) - least) < 1e-9);
			break;
		}
		case 'priority': {
			const top = Math.max(...options.map(o => o.priority));
			best = options.filter(o => o.priority === top);
			break;
		}
		default:
			best = options;
	}
	return best.length === 1 ? best[0] : best[rng.int(best.length)];
}
