// A kubeconfig pointing kubectl at a kubesim API server.
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';

export interface KubeconfigOptions {
	/** `http://127.0.0.1:6443`, or https with `certificateAuthority` */
	server: string;
	token?: string;
	/** PEM of the CA that signed the server's certificate (written as certificate-authority-data, as kind does). */
	certificateAuthority?: string;
	/** Name of the cluster, user and context (default kubesim). */
	name?: string;
	/** More users, each with a context of its name on the same cluster. */
	users?: KubeconfigUser[];
}

/** A user of the kubeconfig: a static token, or an exec credential plugin (as `aws eks get-token`). */
export interface KubeconfigUser {
	name: string;
	token?: string;
	exec?: {command: string; args: string[]};
}

/** The users: and contexts: entries of the extra users. */
export function extraUserLines(cluster: string, users: readonly KubeconfigUser[] = []): {users: string[]; contexts: string[]} {
	const q = (s: string) => JSON.stringify(s);
	const out = {users: [] as string[], contexts: [] as string[]};
	for (const u of users) {
		out.users.push(`- name: ${q(u.name)}`, '  user:');
		if (u.exec)
			out.users.push(
				'    exec:',
				'      apiVersion: client.authentication.k8s.io/v1beta1',
				`      command: ${q(u.exec.command)}`,
				`      args: [${u.exec.args.map(q).join(', ')}]`,
				'      interactiveMode: Never',
				'      provideClusterInfo: false',
			);
		else out.users.push(`    token: ${q(u.token ?? '')}`);
		out.contexts.push(`- name: ${q(u.name)}`, '  context:', `    cluster: ${q(cluster)}`, `    user: ${q(u.name)}`, '    namespace: default');
	}
	return out;
}

export function kubeconfigText(opts: KubeconfigOptions): string {
	const name = opts.name ?? 'kubesim';
	const q = (s: string) => JSON.stringify(s);
	const extra = extraUserLines(name, opts.users);
	const lines = [
		'apiVersion: v1',
		'kind: Config',
		'clusters:',
		`- name: ${q(name)}`,
		'  cluster:',
		`    server: ${q(opts.server)}`,
		// the CA to verify the server by; over plain HTTP, client-node still needs a TLS setting
		opts.certificateAuthority
			? `    certificate-authority-data: ${Buffer.from(opts.certificateAuthority).toString('base64')}`
			: '    insecure-skip-tls-verify: true',
		'users:',
		`- name: ${q(name)}`,
		opts.token ? `  user:\n    token: ${q(opts.token)}` : '  user: {}',
		...extra.users,
		'contexts:',
		`- name: ${q(name)}`,
		'  context:',
		`    cluster: ${q(name)}`,
		`    user: ${q(name)}`,
		'    namespace: default',
		...extra.contexts,
		`current-context: ${q(name)}`,
		'preferences: {}',
		'',
	];
	return lines.join('\n');
}

/** Writes a kubeconfig (mode 0600, creating its folder). */
export function writeKubeconfig(path: string, opts: KubeconfigOptions): string {
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, kubeconfigText(opts), {mode: 0o600});
	return path;
}
