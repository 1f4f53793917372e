// ServiceAccount: v1 serviceaccounts.
import type {ServiceAccount} from '../../cluster/types.js';
import type {KindInfo, RenderContext} from '../types.js';
import {DescribeWriter, age} from '../format.js';
import {describeMeta, writeEvents} from '../describe.js';

function describeServiceAccount(sa: ServiceAccount, ctx: RenderContext): string {
	const w = new DescribeWriter();
	describeMeta(w, sa);
	const sections: Array<[string, string[]]> = [
		['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: {name: string}) => s.name)],
		['Mountable secrets: ', (sa.secrets ?? []).map(s => s.name ?? '')],
		['Tokens:            ', []],
	];
	for (const [header, names] of sections) {
		if (!names.length) {
			w.write(0, `${header}\t<none>\n`);
			continue;
		}
		let prefix = header;
		for (const name of names) {
			w.write(0, `${prefix}\t${name}\n`);
			prefix = ' '.repeat(header.length);
		}
	}
	writeEvents(w, sa, ctx);
	return w.toString();
}

export const serviceAccount: KindInfo = {
	kind: 'ServiceAccount',
	group: '',
	version: 'v1',
	apiVersion: 'v1',
	plural: 'serviceaccounts',
	singular: 'serviceaccount',
	namespaced: true,
	shortNames: ['sa'],
	categories: [],
	subresources: ['token'],
	api: {
		validate: (e, obj) => void e.bool(obj.automountServiceAccountToken, 'automountServiceAccountToken'),
		listMerges: {secrets: {type: 'merge', key: 'name'}},
	},
	protobuf: 'k8s.io.api.core.v1.ServiceAccount',
	columns: [
		{name: 'Name', type: 'string', priority: 0, format: 'name'},
		{name: 'Secrets', type: 'string', priority: 0, description: 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'},
		{name: 'Age', type: 'date', priority: 0},
	],
	row: (obj: ServiceAccount, ctx) => [obj.metadata.name, (obj.secrets ?? []).length, age(obj.metadata.creationTimestamp, ctx.now)],
	describe: describeServiceAccount,
	capabilities: {},
	// the service account controller makes `default` in every namespace
	exported: obj => (obj.metadata.name === 'default' ? undefined : obj),
};
