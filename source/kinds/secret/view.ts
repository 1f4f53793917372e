// The dashboard's view of Secrets: `x` decodes the data, as k9s does: each key with its value in
// clear (stringData as written, data from base64), or a note for a value that is not text.
// Imported only by ./index.ts (it reads the secret helpers there when called, never at load).
import YAML from 'yaml';
import type {Secret} from '../../cluster/types.js';
import type {KindView} from '../types.js';
import {secretKeys, secretValueBytes} from './index.js';

/** A value as text, when its bytes are UTF-8 text. */
function clear(bytes: Buffer): string {
	const text = bytes.toString('utf8');
	return Buffer.from(text, 'utf8').equals(bytes) ? text : `<binary data, ${bytes.length} bytes>`;
}

export const secretView: KindView = {
	actions: [{key: 'x', command: 'decode', message: 'keys.secret.decode', hint: true}],
	decode(secret: Secret) {
		const keys = secretKeys(secret);
		if (!keys.length) return '';
		return YAML.stringify(Object.fromEntries(keys.map(k => [k, clear(secretValueBytes(secret, k))])), {lineWidth: 0});
	},
};
