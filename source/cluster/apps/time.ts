// Timestamps in the formats the simulated programs print, all in UTC, from virtual epoch ms.

/** A sleep long enough to mean "forever" (about 31,700 years), still a safe integer when added to epoch ms. */
export const SLEEP_FOREVER = 1e15;

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LONG_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function pad(n: number, width = 2, fill = '0'): string {
	return String(n).padStart(width, fill);
}

interface Parts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	ms: number;
	weekday: number;
}

function parts(epochMs: number): Parts {
	const d = new Date(Math.floor(epochMs));
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth(),
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds(),
		ms: d.getUTCMilliseconds(),
		weekday: d.getUTCDay(),
	};
}

function hms(p: Parts): string {
	return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** nginx error log and Go's log package: `2025/01/06 09:00:00`. */
export function slashDateTime(epochMs: number): string {
	const p = parts(epochMs);
	return `${p.year}/${pad(p.month + 1)}/${pad(p.day)} ${hms(p)}`;
}

/** Common Log Format: `06/Jan/2025:09:00:01 +0000`. */
export function clfTime(epochMs: number): string {
	const p = parts(epochMs);
	return `${pad(p.day)}/${MONTHS[p.month]}/${p.year}:${hms(p)} +0000`;
}

/** Apache httpd error log: `Mon Jan 06 09:00:00.123456 2025`. */
export function httpdTime(epochMs: number): string {
	const p = parts(epochMs);
	return `${WEEKDAYS[p.weekday]} ${MONTHS[p.month]} ${pad(p.day)} ${hms(p)}.${pad(p.ms, 3)}${pad(Math.floor((epochMs % 1) * 1000), 3)} ${p.year}`;
}

/** Redis log: `06 Jan 2025 09:00:00.000`. */
export function redisTime(epochMs: number): string {
	const p = parts(epochMs);
	return `${pad(p.day)} ${MONTHS[p.month]} ${p.year} ${hms(p)}.${pad(p.ms, 3)}`;
}

/** PostgreSQL log_line_prefix '%m ': `2025-01-06 09:00:01.234 UTC`. */
export function postgresTime(epochMs: number): string {
	const p = parts(epochMs);
	return `${p.year}-${pad(p.month + 1)}-${pad(p.day)} ${hms(p)}.${pad(p.ms, 3)} UTC`;
}

/** Python's http.server: `06/Jan/2025 09:00:01`. */
export function pythonHttpTime(epochMs: number): string {
	const p = parts(epochMs);
	return `${pad(p.day)}/${MONTHS[p.month]}/${p.year} ${hms(p)}`;
}

/** RFC 3339 with milliseconds: `2025-01-06T09:00:00.000Z`. */
export function isoTime(epochMs: number): string {
	return new Date(Math.floor(epochMs)).toISOString();
}

/** `date` with no format: `Mon Jan  6 09:00:00 UTC 2025`. */
export function unixDate(epochMs: number): string {
	return strftime('%a %b %e %H:%M:%S %Z %Y', epochMs);
}

/** The common subset of strftime(3), in UTC. Unknown conversions are printed as written. */
export function strftime(format: string, epochMs: number): string {
	const p = parts(epochMs);
	const dayOfYear = Math.floor((Date.UTC(p.year, p.month, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
	let out = '';
	for (let i = 0; i < format.length; i++) {
		const c = format[i];
		if (c !== '%' || i === format.length - 1) {
			out += c;
			continue;
		}
		const f = format[++i];
		switch (f) {
			case 'Y': out += p.year; break;
			case 'y': out += pad(p.year % 100); break;
			case 'C': out += pad(Math.floor(p.year / 100)); break;
			case 'm': out += pad(p.month + 1); break;
			case 'd': out += pad(p.day); break;
			case 'e': out += pad(p.day, 2, ' '); break;
			case 'H': out += pad(p.hour); break;
			case 'I': out += pad(((p.hour + 11) % 12) + 1); break;
			case 'M': out += pad(p.minute); break;
			case 'S': out += pad(p.second); break;
			case 'N': out += pad(p.ms * 1_000_000, 9); break;
			case 'p': out += p.hour < 12 ? 'AM' : 'PM'; break;
			case 'a': out += WEEKDAYS[p.weekday]; break;
			case 'A': out += LONG_WEEKDAYS[p.weekday]; break;
			case 'b': case 'h': out += MONTHS[p.month]; break;
			case 'B': out += LONG_MONTHS[p.month]; break;
			case 'j': out += pad(dayOfYear, 3); break;
			case 'u': out += p.weekday === 0 ? 7 : p.weekday; break;
			case 'w': out += p.weekday; break;
			case 's': out += Math.floor(epochMs / 1000); break;
			case 'Z': out += 'UTC'; break;
			case 'z': out += '+0000'; break;
			case 'T': out += hms(p); break;
			case 'R': out += `${pad(p.hour)}:${pad(p.minute)}`; break;
			case 'F': out += `${p.year}-${pad(p.month + 1)}-${pad(p.day)}`; break;
			case 'D': out += `${pad(p.month + 1)}/${pad(p.day)}/${pad(p.year % 100)}`; break;
			case 'c': out += `${WEEKDAYS[p.weekday]} ${MONTHS[p.month]} ${pad(p.day, 2, ' ')} ${hms(p)} ${p.year}`; break;
			case 'n': out += '\n'; break;
			case 't': out += '\t'; break;
			case '%': out += '%'; break;
			default: out += '%' + f;
		}
	}
	return out;
}
