// The dashboard's view of CronJobs: enter lists the pods of its Jobs; the side pane shows the
// pods whose job-name comes from it.
import type {KindView} from '../types.js';
import {ownedPods} from '../view.js';

export const cronJobView: KindView = {
	drill: ownedPods,
	relatedPods: (cj, ctx) => ctx.list('Pod', {namespace: cj.metadata.namespace}).filter(p => p.metadata.labels?.['job-name']?.startsWith(`${cj.metadata.name}-`)),
	pane: 'pods',
	xray: {},
};
