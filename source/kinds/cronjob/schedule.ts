// CronJob schedules: the five-field format of robfig/cron's standard parser, which the CronJob
// controller uses, with its error messages.
import {goQuote} from '../shared/fields.js';

interface CronBounds {
	min: number;
	max: number;
	names?: Record<string, number>;
}

const MONTH_NAMES: Record<string, number> = {jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12};
const DAY_NAMES: Record<string, number> = {sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6};
const CRON_FIELDS: CronBounds[] = [
	{min: 0, max: 59},
	{min: 0, max: 23},
	{min: 1, max: 31},
	{min: 1, max: 12, names: MONTH_NAMES},
	{min: 0, max: 6, names: DAY_NAMES},
];
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

class CronError extends Error {}

function cronInt(text: string): number {
	if (!/^[+-]?[0-9]+$/.test(text)) {
		throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
	}
	const n = Number(text);
	if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${text}`);
	return n;
}

function cronRange(expr: string, b: CronBounds): void {
	const rangeAndStep = expr.split('/');
	const lowAndHigh = rangeAndStep[0]!.split('-');
	const single = lowAndHigh.length === 1;
	let start: number;
	let end: number;
	if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
		start = b.min;
		end = b.max;
	} else {
		const word = (t: string) => (b.names && b.names[t.toLowerCase()] !== undefined ? b.names[t.toLowerCase()]! : cronInt(t));
		start = word(lowAndHigh[0]!);
		if (lowAndHigh.length === 1) end = start;
		else if (lowAndHigh.length === 2) end = word(lowAndHigh[1]!);
		else throw new CronError(`too many hyphens: ${expr}`);
	}
	let step = 1;
	if (rangeAndStep.length === 2) {
		step = cronInt(rangeAndStep[1]!);
		if (single) end = b.max;
	} else if (rangeAndStep.length > 2) {
		throw new CronError(`too many slashes: ${expr}`);
	}
	if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
	if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
	if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
	if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
}

/** Why a CronJob schedule is not valid, or undefined when it is. */
export function cronScheduleError(schedule: string): string | undefined {
	const spec = schedule.trim();
	if (spec === '') return 'empty spec string';
	try {
		if (spec.startsWith('@')) {
			if (CRON_DESCRIPTORS.includes(spec)) return undefined;
			if (spec.startsWith('@every ')) {
				const d = spec.slice(7).trim();
				if (!/^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$/.test(d) || d === '') {
					return `failed to parse duration ${spec}: time: invalid duration ${goQuote(d)}`;
				}
				return undefined;
			}
			return `unrecognized descriptor: ${spec}`;
		}
		const fields = spec.split(/\s+/);
		if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
		fields.forEach((f, i) => {
			for (const expr of f.split(',')) cronRange(expr, CRON_FIELDS[i]!);
		});
		return undefined;
	} catch (err) {
		if (err instanceof CronError) return err.message;
		throw err;
	}
}

/** A time zone the runtime knows (spec.timeZone). */
export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', {timeZone: tz});
		return true;
	} catch {
		return false;
	}
}
