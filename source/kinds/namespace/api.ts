// A Namespace in the API server: the `kubernetes` finalizer, its name (a DNS-1123 label), the
// Active phase on create, and its deletion: the namespaces the cluster needs never go; another
// turns Terminating until the namespace controller has emptied and removed it.
import type {Namespace} from '../../cluster/types.js';
import type {KindApi} from '../types.js';
import {index, specRules} from '../shared/fields.js';
import {isDNS1123Label, isQualifiedName} from '../shared/formats.js';
import {dflt, specDefaults} from '../shared/defaults.js';

const PROTECTED = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

export const namespaceApi: KindApi = {
	name: isDNS1123Label,
	defaults: specDefaults(spec => dflt(spec, 'finalizers', ['kubernetes'])),
	validate: specRules((e, spec) => {
		(e.strList(spec.finalizers, 'spec.finalizers') ?? []).forEach((f, i) => e.each(index('spec.finalizers', i), f, isQualifiedName(f)));
	}),
	admitCreate(ns: Namespace) {
		ns.status = {phase: 'Active'};
	},
	deletion: {
		refuse: (ns: Namespace) => (PROTECTED.has(ns.metadata.name) ? 'this namespace may not be deleted' : undefined),
		terminating: (ns: Namespace) => ({...ns.status, phase: 'Terminating'}),
	},
};
