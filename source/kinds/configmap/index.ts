// ConfigMap: v1 configmaps.
import type {ConfigMap} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {describeMeta, writeEvents} from '../describe.js';
import {configMapApi} from './api.js';

/** DATA: the number of keys in data and binaryData. */
export function configMapDataCount(cm: ConfigMap): number {
	return Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
}

function describeConfigMap(cm: ConfigMap, ctx: RenderContext): string {
	const w = new DescribeWriter();
	describeMeta(w, cm);
	w.write(0, '\nData\n====\n');
	for (const key of Object.keys(cm.data ?? {}).sort()) {
		w.write(0, `${key}:\n----\n`);
		w.write(0, `${cm.data?.[key]}\n`);
		w.write(0, '\n');
	}
	w.write(0, '\nBinaryData\n====\n');
	for (const key of Object.keys(cm.binaryData ?? {}).sort()) {
		w.write(0, `${key}: ${Buffer.from(String(cm.binaryData?.[key]), 'base64').length} bytes\n`);
	}
	w.write(0, '\n');
	writeEvents(w, cm, ctx);
	return w.toString();
}

export const configMap: KindInfo = {
	kind: 'ConfigMap',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'configmaps',
	singular: 'configmap',
	namespaced: true,
	shortNames: ['cm'],
	categories: [],
	subresources: [],
	api: configMapApi,
	protobuf: 'k8s.io.api.core.v1.ConfigMap',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Data', type: 'string', priority: 0, description: 'Data contains the configuration data.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: ConfigMap, ctx) => [obj.metadata.name, configMapDataCount(obj), age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeConfigMap,
	capabilities: {},
	// the root CA publisher puts kube-root-ca.crt in every namespace
	exported: obj => (obj.metadata.name === 'kube-root-ca.crt' ? undefined : obj),
};
