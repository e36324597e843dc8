// One entry of `cells`: what kind it is, the cell the engine runs (when it has no errors), and
// the view the page shows (always, errors or not).
import { didYouMean } from '../language/didYouMean';
import type { Cell, CellHints, NamedCell, ScheduleStep } from '../types';
import { check, checkExpression, type Scope } from './check';
import { ALL_CELL_KEYS, cellSchemas, EXPRESSION_EXAMPLES, isPlainMap, KIND_KEYS, NAMED_CELL_KEYS, show, suffix, type CellKind, type PlainMap } from './schema';
import { endLineOf, keyLineOf, lineOf, nodeAt, report, type Path, type ReadContext, type ReadError } from './yamlLines';

type Place = { index: number; line: number; endLine: number; errors: ReadError[] };

export type Hints = { unit: string; note: string };

/**
 * A cell as the page shows it: its fields as written, its lines [line, endLine] and the errors the
 * reader found in it. A cell whose kind cannot be told is `other`, shown as its YAML; so is a
 * schedule (SPEC §4.8), for now, with its name.
 */
export type CellView =
	| (Place & { kind: 'md'; text: string })
	| (Place & { kind: 'sample'; name: string; sample: string } & Hints)
	| (Place & { kind: 'formula'; name: string; formula: string } & Hints)
	| (Place & { kind: 'stock'; name: string; init: string; formula: string } & Hints)
	| (Place & { kind: 'chart'; series: string[] | 'runway' })
	| (Place & { kind: 'other'; name: string | null; source: string });

export type NamedCellView = Extract<CellView, { kind: 'sample' | 'formula' | 'stock' }>;

/** The names of the named cells, in order. */
export function cellNames(cells: CellView[]): string[] {
	return cells.flatMap((cell) => (cell.kind === 'sample' || cell.kind === 'formula' || cell.kind === 'stock' ? [cell.name] : []));
}

/** What a cell's keys say it is: a kind, two kinds at once, or nothing recognisable. */
function kindOf(raw: PlainMap): CellKind | { conflict: [string, string] } | null {
	const present = KIND_KEYS.filter((key) => Object.hasOwn(raw, key));
	if (present.length === 0) return null;
	const [first, second] = present;
	if (first === 'md' || first === 'chart' || first === 'sample' || first === 'schedule') {
		return second === undefined ? (first as CellKind) : { conflict: [first, second] };
	}
	return present.includes('init') ? 'stock' : 'formula';
}

const cellLabel = (name: string | null) => (name === null ? 'a cell' : `cell '${name}'`);

function cellScope(kind: CellKind | null, name: string | null): Scope {
	if (kind === 'md' || kind === 'chart') {
		const article = kind === 'md' ? 'an md cell' : 'a chart cell';
		return {
			cell: null,
			keys: [kind],
			unknownKey: (key, suggestion) =>
				NAMED_CELL_KEYS.includes(key)
					? `'${key}' does not belong in ${article}: it has only '${kind}'`
					: `unknown key '${key}' in ${article}${suffix(suggestion)}`,
			missingKey: (key) => `${article} needs '${key}'`
		};
	}
	return {
		cell: name,
		keys: kind === null ? ALL_CELL_KEYS : NAMED_CELL_KEYS,
		unknownKey: (key, suggestion) => `unknown key '${key}' in ${cellLabel(name)}${suffix(suggestion)}`,
		missingKey: (key) =>
			key === 'formula' && kind === 'stock'
				? `${cellLabel(name)} has init but no formula — a stock needs both: init for cycle 0, formula for later cycles`
				: `a ${kind} cell needs a '${key}'`
	};
}

/** A named cell's hints, leaving out the ones not given. */
function hintsOf(parsed: CellHints): CellHints {
	const hints: CellHints = {};
	if (parsed.unit !== undefined) hints.unit = parsed.unit;
	if (parsed.note !== undefined) hints.note = parsed.note;
	if (parsed.min !== undefined) hints.min = parsed.min;
	if (parsed.max !== undefined) hints.max = parsed.max;
	return hints;
}

/**
 * Entry `index` of `cells`: the cell, or null when it has errors (reported, on this cell), and its
 * view. Chart names are resolved later, by the notebook.
 */
export function readCell(context: ReadContext, raw: unknown, index: number): { cell: Cell | null; view: CellView } {
	const at: Path = ['cells', index];
	const line = lineOf(context, at) ?? 1;
	const previous = context.cellIndex;
	context.cellIndex = index;
	try {
		const place: Place = { index, line, endLine: endLineOf(context, at, line), errors: [] };
		return { cell: parseCell(context, raw, at, line), view: viewOf(context, raw, at, place) };
	} finally {
		context.cellIndex = previous;
	}
}

function parseCell(context: ReadContext, raw: unknown, at: Path, line: number): Cell | null {
	if (!isPlainMap(raw)) {
		report(context, line, null, `a cell must be a map such as {name: users, formula: …}, not ${show(raw)}`);
		return null;
	}
	const name = typeof raw.name === 'string' ? raw.name : null;
	const kind = kindOf(raw);
	if (kind === null) {
		const suggested = new Set<string>();
		const scope = cellScope(null, name);
		for (const key of Object.keys(raw)) {
			if (ALL_CELL_KEYS.includes(key)) continue;
			const suggestion = didYouMean(key, ALL_CELL_KEYS);
			if (suggestion !== null) suggested.add(suggestion);
			report(context, keyLineOf(context, at, key), name, scope.unknownKey(key, suggestion));
		}
		if (!KIND_KEYS.some((key) => suggested.has(key))) {
			report(
				context,
				line,
				name,
				name === null
					? 'a cell needs md, chart, or a name with a sample or a formula'
					: `${cellLabel(name)} needs a sample or a formula`
			);
		}
		return null;
	}
	if (typeof kind === 'object') {
		const [a, b] = kind.conflict;
		report(
			context,
			keyLineOf(context, at, b),
			name,
			`${cellLabel(name)} has both '${a}' and '${b}' — a cell is one of md, chart, sample, formula, schedule, or init with formula (a stock)`
		);
		return null;
	}
	const scope = cellScope(kind, name);
	switch (kind) {
		case 'md': {
			const parsed = check(context, cellSchemas.md, raw, at, scope);
			return parsed && { kind: 'md', text: parsed.md, line };
		}
		case 'chart': {
			const parsed = check(context, cellSchemas.chart, raw, at, scope);
			if (parsed === null) return null;
			const series = typeof parsed.chart === 'string' ? (parsed.chart === 'runway' ? 'runway' : [parsed.chart]) : parsed.chart;
			return { kind: 'chart', series, line };
		}
		case 'sample': {
			const parsed = check(context, cellSchemas.sample, raw, at, scope);
			return parsed && checkHints(context, at, { kind: 'sample', name: parsed.name, sample: parsed.sample, line, ...hintsOf(parsed) });
		}
		case 'formula': {
			const parsed = check(context, cellSchemas.formula, raw, at, scope);
			return parsed && checkHints(context, at, { kind: 'formula', name: parsed.name, formula: parsed.formula, line, ...hintsOf(parsed) });
		}
		case 'schedule': {
			const parsed = check(context, cellSchemas.schedule, raw, at, scope);
			if (parsed === null) return null;
			const schedule = readSchedule(context, parsed.schedule, [...at, 'schedule'], parsed.name);
			return schedule && checkHints(context, at, { kind: 'schedule', name: parsed.name, schedule, line, ...hintsOf(parsed) });
		}
		case 'stock': {
			const parsed = check(context, cellSchemas.stock, raw, at, scope);
			return (
				parsed &&
				checkHints(context, at, {
					kind: 'stock',
					name: parsed.name,
					init: parsed.init,
					formula: parsed.formula,
					line,
					...hintsOf(parsed)
				})
			);
		}
	}
}

/**
 * The steps of a schedule in increasing order of cycle: each key a whole number ≥ 0, each value an
 * expression. Every bad step is reported at its line, naming the cell.
 */
function readSchedule(context: ReadContext, raw: PlainMap, at: Path, name: string): ScheduleStep[] | null {
	const steps: ScheduleStep[] = [];
	let failed = false;
	const seen = new Map<number, string>();
	for (const [key, value] of Object.entries(raw)) {
		const line = keyLineOf(context, at, key) ?? lineOf(context, at);
		const cycle = /^\s*\d+\s*$/.test(key) ? Number(key) : NaN;
		if (!Number.isSafeInteger(cycle)) {
			report(context, line, name, `schedule of '${name}': the key '${key}' is not a cycle — keys are whole numbers ≥ 0 (the cycle each step starts at), e.g. {0: 1, 6: 3}`);
			failed = true;
			continue;
		}
		if (seen.has(cycle)) {
			report(context, line, name, `schedule of '${name}': cycle ${cycle} is given twice ('${seen.get(cycle)}' and '${key}')`);
			failed = true;
			continue;
		}
		seen.set(cycle, key);
		const expr = checkExpression(context, value, [...at, key], name, `the step at cycle ${cycle} of schedule '${name}'`, EXPRESSION_EXAMPLES.schedule);
		if (expr === null) {
			failed = true;
			continue;
		}
		steps.push({ at: cycle, expr, line: line ?? 1 });
	}
	if (!failed && steps.length === 0) {
		report(context, lineOf(context, at), name, `schedule of '${name}' has no steps — write e.g. {0: 1, 6: 3}`);
		return null;
	}
	return failed ? null : steps.sort((a, b) => a.at - b.at);
}

function checkHints(context: ReadContext, at: Path, cell: NamedCell): NamedCell | null {
	if (cell.min !== undefined && cell.max !== undefined && cell.min > cell.max) {
		report(context, lineOf(context, [...at, 'min']), cell.name, `min (${cell.min}) is above max (${cell.max})`);
		return null;
	}
	return cell;
}

/** The YAML text of the node at `at`, as written, without the indentation of the list it is in. */
function sourceOf(context: ReadContext, at: Path): string | null {
	const range = (nodeAt(context, at) as { range?: [number, number, number] } | undefined)?.range;
	if (!range) return null;
	const indent = context.lines.linePos(range[0]).col - 1;
	const lines = context.text.slice(range[0], range[1]).trimEnd().split('\n');
	return lines.map((line, i) => (i > 0 && /^\s*$/.test(line.slice(0, indent)) ? line.slice(indent) : line)).join('\n');
}

const asText = (value: unknown): string | null =>
	typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

/**
 * The cell's fields as written (expressions untrimmed, hints as text), so a cell with an error
 * still shows and can be edited. Its kind is the one the parser gave it; a cell that cannot be
 * shown as that kind is `other`.
 */
function viewOf(context: ReadContext, raw: unknown, at: Path, place: Place): CellView {
	const other = (name: string | null): CellView => ({ ...place, kind: 'other', name, source: sourceOf(context, at) ?? String(raw) });
	if (!isPlainMap(raw)) return other(null);
	const name = typeof raw.name === 'string' ? raw.name : null;
	const kind = kindOf(raw);
	const hints: Hints = { unit: asText(raw.unit) ?? '', note: asText(raw.note) ?? '' };
	switch (typeof kind === 'string' ? kind : null) {
		case 'md': {
			const text = asText(raw.md);
			return text === null ? other(name) : { ...place, kind: 'md', text };
		}
		case 'chart': {
			const chart = raw.chart;
			if (chart === 'runway') return { ...place, kind: 'chart', series: 'runway' };
			if (typeof chart === 'string') return { ...place, kind: 'chart', series: [chart] };
			if (Array.isArray(chart)) return { ...place, kind: 'chart', series: chart.map((item) => String(item)) };
			return other(name);
		}
		case 'sample': {
			const sample = asText(raw.sample);
			return name === null || sample === null ? other(name) : { ...place, kind: 'sample', name, sample, ...hints };
		}
		case 'formula': {
			const formula = asText(raw.formula);
			return name === null || formula === null ? other(name) : { ...place, kind: 'formula', name, formula, ...hints };
		}
		case 'schedule':
			return other(name);
		case 'stock': {
			const init = asText(raw.init);
			const formula = asText(raw.formula);
			return name === null || init === null || formula === null ? other(name) : { ...place, kind: 'stock', name, init, formula, ...hints };
		}
		default:
			return other(name);
	}
}
