// A Secret in the API server: its type (Opaque by default) and its validation (keys, size,
// base64 data, the keys each built-in type requires).
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, base64Bytes, base64ErrorOffset, dataKeys, isObj, key, MAX_DATA_BYTES} from '../shared/fields.js';
import {dflt} from '../shared/defaults.js';
import {immutableData} from '../shared/meta.js';

function validateSecret(e: FieldErrors, obj: Obj): void {
	const type = e.str(obj.type, 'type') ?? 'Opaque';
	const data = e.strMap(obj.data, 'data') ?? {};
	const stringData = e.strMap(obj.stringData, 'stringData') ?? {};
	dataKeys(e, data, 'data');
	dataKeys(e, stringData, 'stringData');
	let size = 0;
	for (const [k, v] of Object.entries(data)) {
		size += base64Bytes(v);
		const off = base64ErrorOffset(v);
		if (off >= 0) e.invalid(key('data', k), '<secret contents redacted>', `illegal base64 data at input byte ${off}`);
	}
	for (const v of Object.values(stringData)) size += Buffer.byteLength(v);
	if (size > MAX_DATA_BYTES) e.tooLong('data', `may not be more than ${MAX_DATA_BYTES} bytes`);
	const has = (k: string) => k in data || k in stringData;
	const requireKeys = (...keys: string[]) => {
		for (const k of keys) if (!has(k)) e.required(key('data', k));
	};
	switch (type) {
		case 'kubernetes.io/tls':
			requireKeys('tls.crt', 'tls.key');
			break;
		case 'kubernetes.io/dockerconfigjson':
			requireKeys('.dockerconfigjson');
			break;
		case 'kubernetes.io/dockercfg':
			requireKeys('.dockercfg');
			break;
		case 'kubernetes.io/ssh-auth':
			requireKeys('ssh-privatekey');
			break;
		case 'kubernetes.io/basic-auth':
			if (!has('username') && !has('password')) requireKeys('username', 'password');
			break;
		case 'kubernetes.io/service-account-token': {
			const meta = isObj(obj.metadata) ? obj.metadata : {};
			const ann = isObj(meta.annotations) ? meta.annotations : {};
			if (!ann['kubernetes.io/service-account.name']) e.required('metadata.annotations[kubernetes.io/service-account.name]');
			break;
		}
	}
	e.bool(obj.immutable, 'immutable');
}

/** The data a Secret will hold: its data with its stringData folded in (base64), as the API stores them. */
function effectiveData(o: Obj): Record<string, unknown> {
	const out: Record<string, unknown> = {...(isObj(o.data) ? o.data : {})};
	if (isObj(o.stringData)) for (const [k, v] of Object.entries(o.stringData)) out[k] = Buffer.from(String(v), 'utf8').toString('base64');
	return out;
}

function validateSecretUpdate(e: FieldErrors, obj: Obj, old: Obj): void {
	const type = obj.type ?? 'Opaque';
	if (type !== (old.type ?? 'Opaque')) e.invalid('type', type, 'field is immutable');
	immutableData(e, obj, old, effectiveData);
}

export const secretApi: KindApi = {
	defaults: obj => dflt(obj, 'type', 'Opaque'),
	validate: validateSecret,
	validateUpdate: validateSecretUpdate,
};
