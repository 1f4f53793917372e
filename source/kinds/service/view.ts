// The dashboard's view of Services: enter and the side pane show the pods its selector picks;
// on the simulator, keys add and remove load.
import type {Service} from '../../cluster/types.js';
import type {KindView} from '../types.js';
import {t} from '../../i18n/index.js';
import {whyService} from './why.js';

/** The Service's selector as a label selector, or '' when it selects nothing. */
function selector(svc: Service): string {
	const sel = svc.spec?.selector;
	if (!sel || !Object.keys(sel).length) return '';
	return Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',');
}

export const serviceView: KindView = {
	why: (obj, ctx) => whyService(obj as Service, ctx),
	xray: {},
	drill: (svc: Service) => {
		const labelSelector = selector(svc);
		if (!labelSelector) return {to: 'error', message: t('error.noSelector', {name: svc.metadata.name})};
		return {to: 'pods', namespace: svc.metadata.namespace!, labelSelector};
	},
	relatedPods: (svc: Service, ctx) => {
		const labelSelector = selector(svc);
		return labelSelector ? ctx.list('Pod', {namespace: svc.metadata.namespace, labelSelector}) : [];
	},
	pane: 'pods',
	// the requests per second the simulator sends through the Service (+ and - change it)
	extraColumns: {headers: ['TRAFFIC'], sim: true, cells: (svc, ctx) => [`${ctx.sim?.traffic(svc.metadata.namespace ?? 'default', svc.metadata.name) ?? 0} rps`]},
	actions: [
		{key: '+', command: 'trafficUp', message: 'keys.service.trafficUp', mutates: true, sim: true, hint: true},
		{key: '-', command: 'trafficDown', message: 'keys.service.trafficDown', mutates: true, sim: true},
	],
};
