// The text of `w` (why?): each finding of the kind's diagnosis as a line in the user's language,
// marked by its level, with what Kubernetes says quoted under it and what would fix it after.
// A kind without its own diagnosis reports the object's latest warnings, or that all looks well.
import type {KObject} from '../cluster/types.js';
import {kindInfo, type ViewContext} from '../kinds/index.js';
import type {Finding, FindingLevel} from '../kinds/types.js';
import {t} from '../i18n/index.js';

const MARK: Record<FindingLevel, string> = {bad: '✗', warn: '!', ok: '✓', info: '·'};

/** The findings for an object: its kind's diagnosis, else its latest warnings. */
export function findingsOf(obj: KObject, ctx: ViewContext): Finding[] {
	const own = kindInfo(obj.kind)?.view?.why?.(obj, ctx);
	if (own) return own;
	const warnings = (ctx.eventsFor?.(obj) ?? []).filter(e => e.type === 'Warning').slice(-3);
	if (warnings.length) return [{level: 'warn', message: 'why.events', lines: warnings.map(e => `${e.reason}: ${e.message ?? ''}`)}];
	return [];
}

/** The lines the why screen shows. */
export function whyLines(obj: KObject, ctx: ViewContext): string[] {
	const target = `${kindInfo(obj.kind)?.singular ?? obj.kind.toLowerCase()}/${obj.metadata.name}`;
	const findings = findingsOf(obj, ctx);
	const out: string[] = [];
	if (!findings.length) out.push(`${MARK.ok} ${t('why.allWell', {target})}`);
	for (const f of findings) {
		out.push(`${MARK[f.level]} ${t(f.message, f.values)}`);
		for (const l of f.lines ?? []) if (l) out.push(`    ${l}`);
		if (f.fixes?.length) {
			out.push(`  ${t('why.fixHeading')}`);
			for (const fix of f.fixes) out.push(`    → ${t(fix.message, fix.values)}`);
		}
	}
	out.push('', t('why.live'));
	return out;
}
