// A ReplicaSet in the API server: one replica and its template's defaults, validation, and a
// selector that never changes.
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, specRules} from '../shared/fields.js';
import {dflt, specDefaults, templateDefaults} from '../shared/defaults.js';
import {immutableSelector} from '../shared/meta.js';
import {selectorAndTemplate} from '../shared/podspec.js';

function validateReplicaSet(e: FieldErrors, spec: Obj): void {
	e.nonNegative(spec.replicas, 'spec.replicas');
	selectorAndTemplate(e, spec, 'ReplicaSet', 'Workload', true);
	e.nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
}

export const replicaSetApi: KindApi = {
	defaults: specDefaults(spec => {
		dflt(spec, 'replicas', 1);
		templateDefaults(spec);
	}),
	validate: specRules(validateReplicaSet),
	validateUpdate: immutableSelector,
};
