// NaCl's secretbox (XSalsa20 and Poly1305), as the API server's secretbox provider seals values
// at rest, through tweetnacl: the box is the 16-byte tag, then the sealed data.
import nacl from 'tweetnacl';

/** secretbox.Seal of `data` under a 32-byte key and a 24-byte nonce. */
export function secretboxSeal(key: Buffer, nonce: Buffer, data: Buffer): Buffer {
	return Buffer.from(nacl.secretbox(data, nonce, key));
}

/** secretbox.Open: the data, or undefined when the tag does not match. */
export function secretboxOpen(key: Buffer, nonce: Buffer, box: Buffer): Buffer | undefined {
	const data = nacl.secretbox.open(box, nonce, key);
	return data ? Buffer.from(data) : undefined;
}
