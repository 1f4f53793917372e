// Static bearer tokens, as the API server's --token-auth-file gives them: a CSV line per user,
// `token,user,uid,"group1,group2"`. `kubesim serve --user jane:dev,ops` makes such a line (with a
// random token) and a kubeconfig user and context that present it.
import {randomBytes} from 'node:crypto';
import type {UserInfo} from '../kinds/index.js';

export interface StaticUser {
	token: string;
	username: string;
	uid: string;
	groups: string[];
}

/** One CSV record: fields split at commas outside double quotes, `""` an escaped quote. */
function csvFields(line: string): string[] | undefined {
	const out: string[] = [];
	let cur = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i]!;
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
			else if (c === '"') quoted = false;
			else cur += c;
		} else if (c === '"' && cur === '') quoted = true;
		else if (c === ',') out.push(cur), (cur = '');
		else cur += c;
	}
	if (quoted) return undefined;
	out.push(cur);
	return out;
}

/** A token file's users, and the lines it could not use (with why); never throws. */
export function parseTokenFile(text: string): {users: StaticUser[]; problems: string[]} {
	const users: StaticUser[] = [];
	const problems: string[] = [];
	String(text)
		.split(/\r?\n/)
		.forEach((line, i) => {
			if (!line.trim()) return;
			const f = csvFields(line);
			if (!f) return problems.push(`line ${i + 1}: an unclosed quote`);
			if (f.length < 3) return problems.push(`line ${i + 1}: must have at least 3 columns (token, user name, user uid), found ${f.length}`);
			const [token, username, uid] = f as [string, string, string];
			if (!token || !username) return problems.push(`line ${i + 1}: the token and the user name may not be empty`);
			const groups = (f[3] ?? '').split(',').map(g => g.trim()).filter(Boolean);
			users.push({token, username, uid, groups});
		});
	return {users, problems};
}

/** The line of a token file for a user. */
export function tokenFileLine(u: StaticUser): string {
	const q = (s: string) => (/[",\s]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	return [q(u.token), q(u.username), q(u.uid), `"${u.groups.join(',').replace(/"/g, '""')}"`].join(',');
}

/** `jane` or `jane:dev,ops` (from --user), with a new random token. */
export function parseUserFlag(spec: string): StaticUser {
	const i = spec.indexOf(':');
	const username = (i < 0 ? spec : spec.slice(0, i)).trim();
	const groups = i < 0 ? [] : spec.slice(i + 1).split(',').map(g => g.trim()).filter(Boolean);
	if (!username) throw new Error(`--user needs a user name, as in --user jane:dev,ops (got "${spec}")`);
	if (username.startsWith('system:')) throw new Error(`--user ${username}: the system: prefix is kept for Kubernetes' own users`);
	return {token: randomBytes(24).toString('base64url'), username, uid: `kubesim-user-${username}`, groups};
}

/** The authenticator of a set of static tokens. */
export function staticTokenAuthenticator(users: readonly StaticUser[]): (token: string) => UserInfo | undefined {
	const byToken = new Map(users.map(u => [u.token, u]));
	return token => {
		const u = byToken.get(token);
		if (!u) return undefined;
		return {username: u.username, uid: u.uid, groups: u.groups.includes('system:authenticated') ? [...u.groups] : [...u.groups, 'system:authenticated']};
	};
}
