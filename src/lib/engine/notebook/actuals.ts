// The top-level `actuals:` map (SPEC §4.6): what was measured, per named cell and cycle, with the
// measurement's sd — relative (`noise`, the default 5 %) or absolute (`sd`).
import type { Actual } from '../types';
import { didYouMeanSuffix } from '../language/didYouMean';
import type { DeclaredCells } from './scenarios';
import { isPlainMap, show, type PlainMap } from './schema';
import { keyLineOf, lineOf, report, type ReadContext } from './yamlLines';

/** The relative sd of a measurement when the notebook gives neither `noise` nor `sd`. */
export const DEFAULT_NOISE = 0.05;

const KEYS = ['values', 'noise', 'sd'];

/** Each cell's actuals; entries with errors are reported and left out. */
export function readActuals(context: ReadContext, raw: PlainMap, declared: DeclaredCells, horizon: number): Actual[] {
	const actuals: Actual[] = [];
	for (const [cell, entry] of Object.entries(raw)) {
		const line = keyLineOf(context, ['actuals'], cell) ?? 1;
		const fail = (message: string, at = line) => report(context, at, declared.has(cell) ? cell : null, `actuals of '${cell}': ${message}`);
		if (!declared.has(cell)) {
			report(context, line, null, `actuals: unknown cell '${cell}'${didYouMeanSuffix(cell, declared.keys())}`);
			continue;
		}
		if (!isPlainMap(entry)) {
			fail(`write values: {cycle: value, …} and optionally noise (relative sd) or sd (absolute), not ${show(entry)}`);
			continue;
		}
		const unknown = Object.keys(entry).filter((key) => !KEYS.includes(key));
		if (unknown.length > 0) {
			fail(`unknown key '${unknown[0]}'${didYouMeanSuffix(unknown[0], KEYS)} (keys: values, noise, sd)`);
			continue;
		}
		if (entry.noise !== undefined && entry.sd !== undefined) {
			fail('give noise (relative sd) or sd (absolute), not both');
			continue;
		}
		const spread = entry.sd ?? entry.noise;
		if (spread !== undefined && !(typeof spread === 'number' && Number.isFinite(spread) && spread > 0)) {
			fail(`${entry.sd !== undefined ? 'sd' : 'noise'} must be a number > 0, not ${show(spread)}`, lineOf(context, ['actuals', cell, entry.sd !== undefined ? 'sd' : 'noise']) ?? line);
			continue;
		}
		if (!isPlainMap(entry.values) || Object.keys(entry.values).length === 0) {
			fail('values must map cycles to measured values, e.g. values: {1: 230, 2: 262}');
			continue;
		}
		const points: Actual['points'] = [];
		let ok = true;
		for (const [key, value] of Object.entries(entry.values)) {
			const at = keyLineOf(context, ['actuals', cell, 'values'], key) ?? line;
			const cycle = Number(key);
			if (!/^\d+$/.test(key.trim()) || cycle > horizon) {
				fail(`cycle ${show(key)} must be a whole number from 0 to the horizon (${horizon})`, at);
				ok = false;
			} else if (!(typeof value === 'number' && Number.isFinite(value))) {
				fail(`the value at cycle ${cycle} must be a finite number, not ${show(value)}`, at);
				ok = false;
			} else if (entry.sd === undefined && value === 0) {
				fail(`the value at cycle ${cycle} is 0, where a relative noise gives no spread — give an absolute sd`, at);
				ok = false;
			} else points.push({ cycle, value });
		}
		if (!ok) continue;
		points.sort((a, b) => a.cycle - b.cycle);
		actuals.push({
			cell,
			line,
			points,
			...(entry.sd !== undefined ? { sd: entry.sd as number } : { noise: (entry.noise as number | undefined) ?? DEFAULT_NOISE })
		});
	}
	return actuals;
}
