// A ConfigMap in the API server: its validation (keys, size, binary data in base64).
import type {KindApi} from '../types.js';
import {FieldErrors, type Obj, base64Bytes, base64ErrorOffset, dataKeys, key, MAX_DATA_BYTES} from '../shared/fields.js';
import {immutableData} from '../shared/meta.js';

function validateConfigMap(e: FieldErrors, obj: Obj): void {
	const data = e.strMap(obj.data, 'data');
	const binary = e.strMap(obj.binaryData, 'binaryData');
	dataKeys(e, data, 'data');
	dataKeys(e, binary, 'binaryData');
	let size = 0;
	for (const k of Object.keys(data ?? {})) {
		size += Buffer.byteLength(data![k]!);
		if (binary && k in binary) e.invalid(key('data', k), k, 'duplicate of key present in binaryData');
	}
	for (const [k, v] of Object.entries(binary ?? {})) {
		size += base64Bytes(v);
		const off = base64ErrorOffset(v);
		if (off >= 0) e.invalid(key('binaryData', k), '<binary data>', `illegal base64 data at input byte ${off}`);
	}
	// the values' bytes (binaryData decoded), keys not counted; the error names the whole object
	if (size > MAX_DATA_BYTES) e.tooLong('[]', `may not be more than ${MAX_DATA_BYTES} bytes`);
	e.bool(obj.immutable, 'immutable');
}

export const configMapApi: KindApi = {
	validate: validateConfigMap,
	validateUpdate: (e, obj, old) => immutableData(e, obj, old, o => o.data),
};
