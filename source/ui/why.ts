// The text of `w` (why?): each finding of the kind's diagnosis as a line in the user's language,
// marked by its level, with what Kubernetes says quoted under it and what would fix it after.
// A kind without its own diagnosis reports the object's latest warnings, or that all looks well.
import type {KObject} from '../cluster/types.js';
import {kindInfo, type ViewContext} from '../kinds/index.js';
import type {Finding, FindingLevel} from '../kinds/types.js';
import {t} from '../i18n/index.js';
import type {ClusterClient, RefusedRequest} from '../client/types.js';

const MARK: Record<FindingLevel, string> = {bad: '✗', warn: '!', ok: '✓', info: '·'};

/** The findings for an object: its kind's diagnosis, else its latest warnings. */
export function findingsOf(obj: KObject, ctx: ViewContext): Finding[] {
	const own = kindInfo(obj.kind)?.view?.why?.(obj, ctx);
	if (own) return own;
	const warnings = (ctx.eventsFor?.(obj) ?? []).filter(e => e.type === 'Warning').slice(-3);
	if (warnings.length) return [{level: 'warn', message: 'why.events', lines: warnings.map(e => `${e.reason}: ${e.message ?? ''}`)}];
	return [];
}

/** What `w` reads of a client besides the objects: the acting user's refusals. */
type WhyContext = ViewContext & Partial<Pick<ClusterClient, 'lastRefused' | 'forbiddenWhy'>>;

/** The lines the why screen shows: about an object (and the last action on it that was refused). */
export function whyLines(obj: KObject, ctx: WhyContext): string[] {
	const target = `${kindInfo(obj.kind)?.singular ?? obj.kind.toLowerCase()}/${obj.metadata.name}`;
	const refused = ctx.lastRefused?.();
	const onThis = refused && refused.kind === obj.kind && refused.name === obj.metadata.name && (refused.namespace ?? '') === (obj.metadata.namespace ?? '');
	const forbidden = onThis ? (ctx.forbiddenWhy?.(refused) ?? []) : [];
	return render(target, [...forbidden, ...findingsOf(obj, ctx)]);
}

/** The lines of `w` on a request the acting user was refused (a list, or a get of an object). */
export function forbiddenLines(ctx: WhyContext, request: RefusedRequest): string[] {
	const k = kindInfo(request.kind);
	const target = request.name ? `${k?.singular ?? request.kind.toLowerCase()}/${request.name}` : (k?.plural ?? request.kind);
	return render(target, ctx.forbiddenWhy?.(request) ?? []);
}

function render(target: string, findings: Finding[]): string[] {
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
