// The dashboard's view of HorizontalPodAutoscalers: enter lists the pods of the workload it
// scales, and the side pane charts utilization and replicas.
import type {HorizontalPodAutoscaler, KObject} from '../../cluster/types.js';
import type {KindView, ViewContext} from '../types.js';
import {relatedPods} from '../view.js';
import {whyHpa} from './why.js';

function scaleTarget(hpa: HorizontalPodAutoscaler, ctx: ViewContext): KObject | undefined {
	const ref = hpa.spec?.scaleTargetRef;
	return ref ? ctx.get(ref.kind, hpa.metadata.namespace, ref.name) : undefined;
}

export const hpaView: KindView = {
	why: (obj, ctx) => whyHpa(obj as HorizontalPodAutoscaler, ctx),
	drill: (hpa: HorizontalPodAutoscaler, ctx) => (hpa.spec?.scaleTargetRef ? {to: 'pods', namespace: hpa.metadata.namespace!, ownerUid: scaleTarget(hpa, ctx)?.metadata.uid} : {to: 'nothing'}),
	relatedPods: (hpa: HorizontalPodAutoscaler, ctx) => {
		const target = scaleTarget(hpa, ctx);
		return target ? relatedPods(target, ctx) : [];
	},
	pane: 'hpa',
};
