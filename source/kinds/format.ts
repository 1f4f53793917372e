// Formatting shared by tables and describe: ages, lists, maps, the way kubectl prints them.

/** kubectl's human duration: 45s, 3m20s, 47m, 5h10m, 30h, 3d4h, 12d, 1y20d. */
export function humanDuration(ms: number): string {
	const s = Math.floor(Math.max(0, ms) / 1000);
	if (s < 0) return '<invalid>';
	if (s < 120) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
	if (m < 180) return `${m}m`;
	const h = Math.floor(m / 60);
	if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
	if (h < 48) return `${h}h`;
	const d = Math.floor(h / 24);
	if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
	if (d < 365 * 2) {
		if (d < 365) return `${d}d`;
		const y = Math.floor(d / 365);
		return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
	}
	return `${Math.floor(d / 365)}y`;
}

/** Age of a timestamp relative to `now` (epoch ms); `<unknown>` when absent. */
export function age(timestamp: string | undefined, now: number): string {
	if (!timestamp) return '<unknown>';
	return humanDuration(now - Date.parse(timestamp));
}

export function labelsToString(labels: Record<string, string> | undefined): string {
	const entries = Object.entries(labels ?? {});
	return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}
