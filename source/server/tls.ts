// The certificates of `kubesim serve` over HTTPS, as kind and kubeadm make them: a CA of its own
// (its certificate goes into the kubeconfig as certificate-authority-data) and a serving
// certificate it signs for the names clients reach the server by. Both are kept in a folder
// (mode 0700, keys 0600) so that a restart reuses them and a kubeconfig written earlier still
// verifies; a serving certificate is made again when a name is missing or it nears its end.
// The keys come from node:crypto (RSA 2048, both at once on the thread pool); node-forge only
// lays out the X.509 structures, which node:crypto signs.
import {X509Certificate, createPrivateKey, generateKeyPair, randomBytes, sign, type KeyObject} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {isIP} from 'node:net';
import {join} from 'node:path';
import {promisify} from 'node:util';
import forge from 'node-forge';

const generate = promisify(generateKeyPair);

const DAY_MS = 24 * 60 * 60 * 1000;
/** kubeadm's CA lives 10 years, its serving certificates one year. */
const CA_DAYS = 3650;
const SERVING_DAYS = 365;
/** A serving certificate this close to its end is made again. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

export interface ServingCertificates {
	/** PEM of the CA certificate (what clients trust). */
	ca: string;
	/** PEM of the serving certificate and its key. */
	cert: string;
	key: string;
	/** What had to be made this time ('CA', 'serving'); empty when both came from the folder. */
	generated: string[];
	/** Real milliseconds spent making them (0 when reused). */
	ms: number;
}

/** The names a serving certificate is for: the loopback names and the address the server listens on. */
export function servingNames(address: string): string[] {
	const names = ['localhost', '127.0.0.1', '::1'];
	const bare = address.replace(/^\[|\]$/g, '');
	// 0.0.0.0 and :: are not names a client reaches the server by
	if (bare && bare !== '0.0.0.0' && bare !== '::' && !names.includes(bare.toLowerCase())) names.push(bare);
	return names;
}

const pem = (k: KeyObject) => k.export({type: 'pkcs8', format: 'pem'}) as string;

function serial(): string {
	const b = randomBytes(16);
	b[0]! &= 0x7f; // a positive INTEGER
	return b.toString('hex');
}

/** Signs a certificate laid out by node-forge with a node:crypto RSA key (SHA-256). */
function signWith(cert: forge.pki.Certificate, key: KeyObject): string {
	cert.signatureOid = forge.pki.oids['sha256WithRSAEncryption']!;
	(cert.siginfo as {algorithmOid: string}).algorithmOid = cert.signatureOid;
	// node-forge's own step of cert.sign(), which its typings leave out
	const tbs = (forge.pki as unknown as {getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1}).getTBSCertificate(cert);
	(cert as unknown as {tbsCertificate: forge.asn1.Asn1}).tbsCertificate = tbs;
	const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
	cert.signature = sign('sha256', der, key).toString('binary');
	return forge.pki.certificateToPem(cert);
}

function forgePublicKey(key: KeyObject): forge.pki.PublicKey {
	return forge.pki.publicKeyFromPem(key.export({type: 'spki', format: 'pem'}) as string);
}

function skid(pub: forge.pki.PublicKey): string {
	return forge.pki.getPublicKeyFingerprint(pub, {type: 'RSAPublicKey'}).getBytes();
}

function validity(cert: forge.pki.Certificate, days: number): void {
	const now = Date.now();
	// an hour back, for clocks a little behind ours
	cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
	cert.validity.notAfter = new Date(now + days * DAY_MS);
}

function makeCA(pair: {publicKey: KeyObject; privateKey: KeyObject}): string {
	const cert = forge.pki.createCertificate();
	const pub = forgePublicKey(pair.publicKey);
	cert.publicKey = pub;
	cert.serialNumber = serial();
	validity(cert, CA_DAYS);
	const subject = [{name: 'commonName', value: 'kubesim-ca'}];
	cert.setSubject(subject);
	cert.setIssuer(subject);
	cert.setExtensions([
		{name: 'basicConstraints', cA: true, critical: true},
		{name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, keyEncipherment: true, critical: true},
		{name: 'subjectKeyIdentifier', subjectKeyIdentifier: skid(pub)},
	]);
	return signWith(cert, pair.privateKey);
}

function makeServing(names: string[], pair: {publicKey: KeyObject; privateKey: KeyObject}, caPem: string, caKey: KeyObject): string {
	const ca = forge.pki.certificateFromPem(caPem);
	const cert = forge.pki.createCertificate();
	const pub = forgePublicKey(pair.publicKey);
	cert.publicKey = pub;
	cert.serialNumber = serial();
	validity(cert, SERVING_DAYS);
	cert.setSubject([{name: 'commonName', value: 'kubesim'}]);
	cert.setIssuer(ca.subject.attributes);
	cert.setExtensions([
		{name: 'basicConstraints', cA: false, critical: true},
		{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
		{name: 'extKeyUsage', serverAuth: true},
		{name: 'subjectKeyIdentifier', subjectKeyIdentifier: skid(pub)},
		{name: 'authorityKeyIdentifier', keyIdentifier: skid(ca.publicKey as forge.pki.PublicKey)},
		{name: 'subjectAltName', altNames: names.map(n => (isIP(n) ? {type: 7, ip: n} : {type: 2, value: n}))},
	]);
	return signWith(cert, caKey);
}

/** Writes a file whole (a temporary file renamed over it), readable by its owner only. */
function writePrivate(path: string, text: string): void {
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, text, {mode: 0o600});
	renameSync(tmp, path);
}

function read(path: string): string | undefined {
	return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The CA kept in `dir`, when both its files are there and it is still valid. */
function loadCA(dir: string): {cert: string; key: KeyObject} | undefined {
	const cert = read(join(dir, 'ca.crt'));
	const key = read(join(dir, 'ca.key'));
	if (!cert || !key) return undefined;
	try {
		const x = new X509Certificate(cert);
		const k = createPrivateKey(key);
		if (!x.ca || !x.checkPrivateKey(k) || Date.parse(x.validTo) - Date.now() < RENEW_BEFORE_MS) return undefined;
		return {cert, key: k};
	} catch {
		return undefined;
	}
}

/** The serving certificate kept in `dir`, when this CA signed it, it covers every name and it is not near its end. */
function loadServing(dir: string, names: string[], caCert: string): {cert: string; key: string} | undefined {
	const cert = read(join(dir, 'server.crt'));
	const key = read(join(dir, 'server.key'));
	if (!cert || !key) return undefined;
	try {
		const x = new X509Certificate(cert);
		const ca = new X509Certificate(caCert);
		if (!x.checkIssued(ca) || !x.verify(ca.publicKey) || !x.checkPrivateKey(createPrivateKey(key))) return undefined;
		if (Date.parse(x.validTo) - Date.now() < RENEW_BEFORE_MS) return undefined;
		const covered = names.every(n => (isIP(n) ? x.checkIP(n) !== undefined : x.checkHost(n, {wildcards: false}) !== undefined));
		return covered ? {cert, key} : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The CA and a serving certificate for `names`: read from `dir` when they are there and fit,
 * else made (and written there). Without `dir` both are made and kept nowhere.
 */
export async function servingCertificates(names: string[], dir?: string): Promise<ServingCertificates> {
	if (dir) {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		chmodSync(dir, 0o700);
	}
	const start = performance.now();
	const generated: string[] = [];
	let ca = dir ? loadCA(dir) : undefined;
	let serving = ca && dir ? loadServing(dir, names, ca.cert) : undefined;
	if (ca && serving) return {ca: ca.cert, ...serving, generated, ms: 0};
	// both keys at once: RSA key generation is most of the time
	const [caPair, servingPair] = await Promise.all([ca ? undefined : generate('rsa', {modulusLength: 2048}), generate('rsa', {modulusLength: 2048})]);
	if (!ca) {
		ca = {cert: makeCA(caPair!), key: caPair!.privateKey};
		generated.push('CA');
		if (dir) {
			writePrivate(join(dir, 'ca.key'), pem(ca.key));
			writePrivate(join(dir, 'ca.crt'), ca.cert);
		}
	}
	serving = {cert: makeServing(names, servingPair, ca.cert, ca.key), key: pem(servingPair.privateKey)};
	generated.push('serving');
	if (dir) {
		writePrivate(join(dir, 'server.key'), serving.key);
		writePrivate(join(dir, 'server.crt'), serving.cert);
	}
	return {ca: ca.cert, ...serving, generated, ms: Math.round(performance.now() - start)};
}

/** Only the CA (read from `dir`, or made there): what `kubesim kubeconfig` puts into a kubeconfig. */
export async function certificateAuthority(dir: string): Promise<string> {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const ca = loadCA(dir);
	if (ca) return ca.cert;
	const pair = await generate('rsa', {modulusLength: 2048});
	const cert = makeCA(pair);
	writePrivate(join(dir, 'ca.key'), pem(pair.privateKey));
	writePrivate(join(dir, 'ca.crt'), cert);
	return cert;
}
