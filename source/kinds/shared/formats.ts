// The string formats of k8s.io/apimachinery's validation helpers (DNS names, qualified names,
// label values, ports, environment variable names, config keys, IPs), with their messages.
// Each check returns the list of what is wrong with a value, empty when it is valid.
import {isIP} from 'node:net';

function regexError(msg: string, fmt: string, ...examples: string[]): string {
	if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
	let out = `${msg} (e.g. `;
	examples.forEach((ex, i) => {
		if (i > 0) out += ' or ';
		out += `'${ex}', `;
	});
	return `${out}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;
const EMPTY_ERROR = 'must be non-empty';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_VAR_NAME_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const PERCENT_FMT = '[0-9]+%';
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'";
const WILDCARD_SUBDOMAIN_FMT = `\\*\\.${DNS1123_SUBDOMAIN_FMT}`;
const WILDCARD_SUBDOMAIN_MSG = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const HTTP_HEADER_FMT = '[-A-Za-z0-9]+';
const HTTP_HEADER_MSG = "a valid HTTP header must consist of alphanumeric characters or '-'";

const anchored = (fmt: string) => new RegExp(`^(?:${fmt})$`);
const DNS1123_LABEL_RE = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = anchored(DNS1035_LABEL_FMT);
const QUALIFIED_NAME_RE = anchored(QUALIFIED_NAME_FMT);
const LABEL_VALUE_RE = anchored(LABEL_VALUE_FMT);
const ENV_VAR_NAME_RE = anchored(ENV_VAR_NAME_FMT);
const CONFIG_KEY_RE = anchored(CONFIG_KEY_FMT);
export const PERCENT_RE = anchored(PERCENT_FMT);
const WILDCARD_SUBDOMAIN_RE = anchored(WILDCARD_SUBDOMAIN_FMT);
const HTTP_HEADER_RE = anchored(HTTP_HEADER_FMT);

export const QUANTITY_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** At most `max` characters matching a format. */
function formatted(v: string, max: number, re: RegExp, msg: string, fmt: string, ...examples: string[]): string[] {
	const errs: string[] = [];
	if (v.length > max) errs.push(maxLenError(max));
	if (!re.test(v)) errs.push(regexError(msg, fmt, ...examples));
	return errs;
}

export function isDNS1123Label(v: string): string[] {
	return formatted(v, 63, DNS1123_LABEL_RE, DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc');
}

export function isDNS1123Subdomain(v: string): string[] {
	return formatted(v, 253, DNS1123_SUBDOMAIN_RE, DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com');
}

export function isDNS1035Label(v: string): string[] {
	return formatted(v, 63, DNS1035_LABEL_RE, DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123');
}

export function isWildcardSubdomain(v: string): string[] {
	return formatted(v, 253, WILDCARD_SUBDOMAIN_RE, WILDCARD_SUBDOMAIN_MSG, WILDCARD_SUBDOMAIN_FMT, '*.example.com');
}

/** Names used in URL paths (HPA names, scale target kinds): anything but `.`, `..`, `/` and `%`. */
export function isPathSegmentName(v: string): string[] {
	if (v === '.' || v === '..') return [`may not be '${v}'`];
	const errs: string[] = [];
	for (const ch of ['/', '%']) if (v.includes(ch)) errs.push(`may not contain '${ch}'`);
	return errs;
}

/** Label keys, annotation keys, taint keys: `[prefix/]name`. */
export function isQualifiedName(v: string): string[] {
	const errs: string[] = [];
	const parts = v.split('/');
	let name: string;
	if (parts.length === 1) {
		name = parts[0]!;
	} else if (parts.length === 2) {
		const prefix = parts[0]!;
		name = parts[1]!;
		if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
		else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
	} else {
		return [
			`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		];
	}
	if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
	else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
	if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
	return errs;
}

export function isValidLabelValue(v: string): string[] {
	return formatted(v, 63, LABEL_VALUE_RE, LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345');
}

/** IANA service names, as container and service port names. */
export function isValidPortName(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 15) errs.push('must be no more than 15 characters');
	if (!/^[-a-z0-9]+$/.test(v)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
	if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
	if (v.includes('--')) errs.push('must not contain consecutive hyphens');
	if (v.length > 0 && (v.startsWith('-') || v.endsWith('-'))) errs.push('must not begin or end with a hyphen');
	return errs;
}

export function isValidPortNum(n: number): string[] {
	return n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

function dotPrefixErrors(v: string): string[] {
	if (v === '.') return ["must not be '.'"];
	if (v === '..') return ["must not be '..'"];
	if (v.startsWith('..')) return ["must not start with '..'"];
	return [];
}

export function isEnvVarName(v: string): string[] {
	const errs: string[] = [];
	if (!ENV_VAR_NAME_RE.test(v)) errs.push(regexError(ENV_VAR_NAME_MSG, ENV_VAR_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
	return [...errs, ...dotPrefixErrors(v)];
}

export function isConfigMapKey(v: string): string[] {
	const errs: string[] = [];
	if (v.length > 253) errs.push(maxLenError(253));
	if (!CONFIG_KEY_RE.test(v)) errs.push(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
	return [...errs, ...dotPrefixErrors(v)];
}

export function isValidIP(v: string): boolean {
	return isIP(v) !== 0;
}

export function isValidCIDR(v: string): boolean {
	const slash = v.indexOf('/');
	if (slash < 0) return false;
	const ip = v.slice(0, slash);
	const bits = v.slice(slash + 1);
	const family = isIP(ip);
	if (!family || !/^[0-9]+$/.test(bits)) return false;
	return Number(bits) <= (family === 4 ? 32 : 128);
}

export const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** `25%`: digits and a percent sign (maxSurge, maxUnavailable, minAvailable as percentages). */
export function isPercent(v: string): string[] {
	return PERCENT_RE.test(v) ? [] : [regexError(PERCENT_MSG, PERCENT_FMT, '1%', '93%')];
}

/** HTTP header names in probes. */
export function isHTTPHeaderName(v: string): string[] {
	return HTTP_HEADER_RE.test(v) ? [] : [regexError(HTTP_HEADER_MSG, HTTP_HEADER_FMT, 'X-Header-Name')];
}
