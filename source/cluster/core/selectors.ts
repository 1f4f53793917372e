// Label and field selectors, parsed once and matched many times.
import type {KObject, LabelSelector, Labels} from '../types.js';
import {errors} from './errors.js';

export type Requirement =
	| {key: string; op: 'in'; values: string[]}
	| {key: string; op: 'notin'; values: string[]}
	| {key: string; op: 'exists'}
	| {key: string; op: '!exists'}
	| {key: string; op: 'gt' | 'lt'; values: [string]};

export type Selector = Requirement[];

/** Parses `app=web,tier!=db,env in (a,b),!legacy` into requirements. */
export function parseLabelSelector(text: string | undefined): Selector {
	if (!text || !text.trim()) return [];
	const out: Selector = [];
	for (const part of splitTopLevel(text)) {
		const p = part.trim();
		if (!p) continue;
		let m: RegExpExecArray | null;
		if ((m = /^([^\s=!(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
			const values = m[3]!.split(',').map(v => v.trim()).filter(Boolean);
			out.push({key: m[1]!, op: m[2] === 'in' ? 'in' : 'notin', values});
		} else if ((m = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(p))) {
			out.push({key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!]});
		} else if ((m = /^!\s*([^\s=!(),]+)$/.exec(p))) {
			out.push({key: m[1]!, op: '!exists'});
		} else if ((m = /^([^\s=!(),]+)$/.exec(p))) {
			out.push({key: m[1]!, op: 'exists'});
		} else {
			throw errors.badRequest(`unable to parse requirement: found '${p}', expected: identifier, '=', '!=', 'in' or 'notin'`);
		}
	}
	return out;
}

function splitTopLevel(text: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '(') depth++;
		else if (c === ')') depth--;
		else if (c === ',' && depth === 0) {
			parts.push(text.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(text.slice(start));
	return parts;
}

/** Converts a LabelSelector object (matchLabels + matchExpressions) to requirements. */
export function fromLabelSelector(sel: LabelSelector | undefined | null): Selector {
	if (!sel) return [];
	const out: Selector = [];
	for (const [key, value] of Object.entries(sel.matchLabels ?? {})) out.push({key, op: 'in', values: [value]});
	for (const e of sel.matchExpressions ?? []) {
		switch (e.operator) {
			case 'In':
				out.push({key: e.key, op: 'in', values: e.values ?? []});
				break;
			case 'NotIn':
				out.push({key: e.key, op: 'notin', values: e.values ?? []});
				break;
			case 'Exists':
				out.push({key: e.key, op: 'exists'});
				break;
			case 'DoesNotExist':
				out.push({key: e.key, op: '!exists'});
				break;
			case 'Gt':
			case 'Lt':
				out.push({key: e.key, op: e.operator === 'Gt' ? 'gt' : 'lt', values: [String(e.values?.[0] ?? '')]});
				break;
		}
	}
	return out;
}

/** A map selector (Service.spec.selector): every pair must match. An empty map selects nothing. */
export function fromMap(map: Labels | undefined | null): Selector {
	return Object.entries(map ?? {}).map(([key, value]) => ({key, op: 'in' as const, values: [value]}));
}

export function matches(sel: Selector, labels: Labels | undefined): boolean {
	for (const r of sel) {
		const v = labels?.[r.key];
		switch (r.op) {
			case 'in':
				if (v === undefined || !r.values.includes(v)) return false;
				break;
			case 'notin':
				if (v !== undefined && r.values.includes(v)) return false;
				break;
			case 'exists':
				if (v === undefined) return false;
				break;
			case '!exists':
				if (v !== undefined) return false;
				break;
			case 'gt':
			case 'lt': {
				if (v === undefined) return false;
				const a = Number(v);
				const b = Number(r.values[0]);
				if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
				if (r.op === 'gt' ? !(a > b) : !(a < b)) return false;
			}
		}
	}
	return true;
}

export interface FieldRequirement {
	path: string;
	value: string;
	negate: boolean;
}

/** Parses `spec.nodeName=n1,status.phase!=Running`. */
export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
	if (!text || !text.trim()) return [];
	return text.split(',').map(part => {
		const m = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
		if (!m) throw errors.badRequest(`invalid field selector: '${part}'`);
		return {path: m[1]!, value: m[3]!, negate: m[2] === '!='};
	});
}

export function fieldValue(obj: KObject, path: string): string {
	let cur: unknown = obj;
	for (const seg of path.split('.')) {
		if (cur === undefined || cur === null) return '';
		cur = (cur as Record<string, unknown>)[seg];
	}
	return cur === undefined || cur === null ? '' : String(cur);
}

export function matchesFields(reqs: FieldRequirement[], obj: KObject): boolean {
	for (const r of reqs) {
		const v = fieldValue(obj, r.path);
		if (r.negate ? v === r.value : v !== r.value) return false;
	}
	return true;
}
