// Secret: v1 secrets.
import type {Secret} from '../../cluster/types.js';
import type {KindInfo} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {describeMeta} from '../describe.js';
import {secretApi} from './api.js';
import {secretView} from './view.js';

/** The keys of a secret: data, plus stringData keys (the API folds stringData into data). */
export function secretKeys(secret: Secret): string[] {
	return [...new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})])].sort();
}

/** TYPE with the API default. */
export function secretType(secret: Secret): string {
	return secret.type || 'Opaque';
}

export function secretValueBytes(secret: Secret, key: string): Buffer {
	if (secret.stringData && key in secret.stringData) return Buffer.from(String(secret.stringData[key]), 'utf8');
	return Buffer.from(String(secret.data?.[key] ?? ''), 'base64');
}

function describeSecret(secret: Secret): string {
	const w = new DescribeWriter();
	describeMeta(w, secret);
	const type = secretType(secret);
	w.write(0, `\nType:\t${type}\n`);
	w.write(0, '\nData\n====\n');
	for (const key of secretKeys(secret)) {
		const value = secretValueBytes(secret, key);
		if (key === 'token' && type === 'kubernetes.io/service-account-token') w.write(0, `${key}:\t${value.toString('utf8')}\n`);
		else w.write(0, `${key}:\t${value.length} bytes\n`);
	}
	return w.toString();
}

export const secret: KindInfo = {
	kind: 'Secret',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'secrets',
	singular: 'secret',
	namespaced: true,
	shortNames: [],
	categories: [],
	subresources: [],
	api: secretApi,
	protobuf: 'k8s.io.api.core.v1.Secret',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Type', type: 'string', priority: 0, description: 'Used to facilitate programmatic handling of secret data.'},
		{name: 'Data', type: 'string', priority: 0, description: 'Data contains the secret data.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: Secret, ctx) => [obj.metadata.name, secretType(obj), secretKeys(obj).length, age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeSecret,
	capabilities: {},
	view: secretView,
};
