// Reads a notebook file (SPEC §1) into a `Notebook`, collecting every problem with its file, line
// and cell. Expressions stay strings here; the expression compiler parses them.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { didYouMean, didYouMeanSuffix } from './didYouMean';
import { nameProblem } from './names';
import type {
	Cell,
	CellHints,
	CellOverride,
	CycleLength,
	CycleUnit,
	ErrorCode,
	NamedCell,
	Notebook,
	NotebookError,
	Result
} from './types';

/** Values of the optional top-level keys when a notebook leaves them out. */
export const NOTEBOOK_DEFAULTS = { cycle: '1 month', horizon: 36, trials: 10_000, seed: 1 } as const;

const TOP_LEVEL_KEYS = ['format', 'title', 'cycle', 'horizon', 'trials', 'seed', 'runway', 'cells', 'scenarios'];
const NAMED_CELL_KEYS = ['name', 'sample', 'formula', 'init', 'unit', 'note', 'min', 'max'];
const ALL_CELL_KEYS = ['md', 'chart', ...NAMED_CELL_KEYS];
/** The keys that decide what kind a cell is. */
const KIND_KEYS = ['md', 'chart', 'sample', 'formula', 'init'];
const OVERRIDE_KEYS = ['init', 'formula'];

// ---------------------------------------------------------------------------------------------
// Schemas. Every message is written for the notebook's author; `show` names the offending value.

type PlainMap = Record<string, unknown>;
type Path = readonly (string | number)[];

const isPlainMap = (value: unknown): value is PlainMap =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'an empty value';
	if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a map';
	return String(value);
}

/** 10000000 → "10,000,000", without `toLocaleString` so the text is the same everywhere. */
const groupDigits = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function wholeNumber(key: string, lo: number, hi: number) {
	const message = (input: unknown) => {
		const digits = typeof input === 'string' && /^\d{1,3}([,_ ]\d{3})+$/.test(input.trim());
		const hint = digits ? ` (write it without separators: ${input.replace(/[^\d]/g, '')})` : '';
		return `${key} must be a whole number from ${groupDigits(lo)} to ${groupDigits(hi)}, not ${show(input)}${hint}`;
	};
	return z
		.number({ error: (issue) => message(issue.input) })
		.refine((v) => Number.isInteger(v) && v >= lo && v <= hi, { error: (issue) => message(issue.input) });
}

const CYCLE_PATTERN = /^\s*(\d+)\s*(day|week|month|quarter)s?\s*$/i;

function parseCycle(text: string): CycleLength | null {
	const match = CYCLE_PATTERN.exec(text);
	if (!match) return null;
	const count = Number(match[1]);
	if (count < 1 || !Number.isSafeInteger(count)) return null;
	return { count, unit: match[2].toLowerCase() as CycleUnit };
}

const cycleMessage = (input: unknown) =>
	`cycle must be a whole number ≥ 1 and a unit, such as '1 month' or '2 weeks' (day, week, month, quarter), not ${show(input)}`;

const notebookSchema = z.strictObject({
	format: z.literal(1, { error: (issue) => `format must be 1, not ${show(issue.input)} — this version reads format 1` }),
	title: z
		.string({ error: (issue) => `title must be text, not ${show(issue.input)}` })
		.refine((title) => title.trim() !== '', { error: 'title must not be empty' }),
	cycle: z
		.string({ error: (issue) => cycleMessage(issue.input) })
		.refine((cycle) => parseCycle(cycle) !== null, { error: (issue) => cycleMessage(issue.input) })
		.optional(),
	horizon: wholeNumber('horizon', 1, 1000).optional(),
	trials: wholeNumber('trials', 1, 10_000_000).optional(),
	seed: wholeNumber('seed', 0, Number.MAX_SAFE_INTEGER).optional(),
	runway: z
		.string({ error: (issue) => `runway must be the name of a cell, not ${show(issue.input)}` })
		.nullable()
		.optional(),
	cells: z.array(z.unknown(), { error: (issue) => `cells must be a list of cells, not ${show(issue.input)}` }),
	// Checked entry by entry below: a zod record would copy user keys such as `__proto__` into a plain object.
	scenarios: z
		.custom<PlainMap | null>((value) => value === null || isPlainMap(value), {
			error: (issue) => `scenarios must map scenario names to cell overrides, not ${show(issue.input)}`
		})
		.optional()
});

const EXPRESSION_EXAMPLES: Record<string, string> = {
	sample: 'normal(0.08, 0.03)',
	formula: 'users * 1.1',
	init: '1000'
};

/** An expression; a number or boolean that YAML read as such is kept as its text. */
function expression(label: string, example: string) {
	return z
		.union([z.string(), z.number(), z.boolean()], {
			error: (issue) => `${label} must be an expression such as ${example}, not ${show(issue.input)}`
		})
		.transform((value) => String(value).trim())
		.refine((text) => text !== '', { error: `${label} must not be empty` });
}

const cellExpression = (key: string) => expression(key, EXPRESSION_EXAMPLES[key]);

const nameSchema = z
	.string({ error: (issue) => `name must be text such as 'users', not ${show(issue.input)}` })
	.superRefine((name, context) => {
		const problem = nameProblem(name);
		if (problem !== null) context.addIssue({ code: 'custom', message: problem });
	});

const hintShape = {
	unit: z.string({ error: (issue) => `unit must be text such as 'per month', not ${show(issue.input)}` }).optional(),
	note: z.string({ error: (issue) => `note must be text, not ${show(issue.input)}` }).optional(),
	min: z.number({ error: (issue) => `min must be a number, not ${show(issue.input)}` }).optional(),
	max: z.number({ error: (issue) => `max must be a number, not ${show(issue.input)}` }).optional()
};

const cellSchemas = {
	md: z.strictObject({ md: z.string({ error: (issue) => `md must be text, not ${show(issue.input)}` }) }),
	chart: z.strictObject({
		chart: z.union([z.string(), z.array(z.string())], {
			error: (issue) =>
				`chart must be a cell name, a list of cell names such as [users, cash], or runway — not ${show(issue.input)}`
		})
	}),
	sample: z.strictObject({ name: nameSchema, sample: cellExpression('sample'), ...hintShape }),
	formula: z.strictObject({ name: nameSchema, formula: cellExpression('formula'), ...hintShape }),
	stock: z.strictObject({ name: nameSchema, init: cellExpression('init'), formula: cellExpression('formula'), ...hintShape })
};

type CellKind = keyof typeof cellSchemas;

// ---------------------------------------------------------------------------------------------
// Lines: from a path in the parsed data back to the YAML node it came from.

type Context = { file: string; doc: Document; lines: LineCounter; errors: NotebookError[] };

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

function lineAtOffset(context: Context, offset: number): number {
	return context.lines.linePos(offset).line;
}

/** The line of the deepest YAML node on `path` (the enclosing map or list when the rest is missing). */
function lineOf(context: Context, path: Path): number | null {
	let node: unknown = context.doc.contents;
	let line = rangeLine(context, node);
	for (const segment of path) {
		let next: unknown;
		if (isMap(node)) {
			const pair = node.items.find((item) => keyText(item.key) === String(segment));
			if (pair === undefined) break;
			// `key:` with nothing after it: the key's own line.
			next = pair.value ?? pair.key;
			if (rangeLine(context, next) === null) next = pair.key;
		} else if (isSeq(node) && typeof segment === 'number') {
			next = node.items[segment];
		} else {
			break;
		}
		const nextLine = rangeLine(context, next);
		if (nextLine === null) break;
		node = next;
		line = nextLine;
	}
	return line;
}

function rangeLine(context: Context, node: unknown): number | null {
	const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
	return range ? lineAtOffset(context, range[0]) : null;
}

/** The line of `key` in the map at `path`. */
function keyLineOf(context: Context, path: Path, key: string): number | null {
	let node: unknown = context.doc.contents;
	for (const segment of path) {
		if (isMap(node)) node = node.items.find((item) => keyText(item.key) === String(segment))?.value;
		else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
		else node = undefined;
	}
	if (isMap(node)) {
		const pair = node.items.find((item) => keyText(item.key) === key);
		const line = pair ? rangeLine(context, pair.key) : null;
		if (line !== null) return line;
	}
	return lineOf(context, path);
}

function report(context: Context, line: number | null, cell: string | null, message: string, code: ErrorCode = 'schema'): void {
	context.errors.push({ file: context.file, line, cell, code, message });
}

/** The value at `path` in plain data. */
function valueAt(data: unknown, path: Path): unknown {
	let value = data;
	for (const segment of path) {
		if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
		else if (isPlainMap(value) && Object.hasOwn(value, segment)) value = value[segment];
		else return undefined;
	}
	return value;
}

/** How unknown and missing keys of one map are reported. */
type Scope = {
	cell: string | null;
	/** Keys to suggest for an unknown key. */
	keys: readonly string[];
	unknownKey: (key: string, suggestion: string | null) => string;
	missingKey: (key: string) => string;
};

/**
 * Validates `value` (found at `at` in the file) with `schema`, reporting every issue at its line.
 * A missing key that an unknown key looks like (`formla` for `formula`) is not reported twice.
 * Returns the parsed value, or null when there were issues; `suggested` receives the suggestions made.
 */
function check<T>(
	context: Context,
	schema: z.ZodType<T>,
	value: unknown,
	at: Path,
	scope: Scope,
	suggested = new Set<string>()
): T | null {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	const issues = parsed.error.issues;
	for (const issue of issues) {
		if (issue.code !== 'unrecognized_keys') continue;
		const mapPath = [...at, ...(issue.path as (string | number)[])];
		for (const key of issue.keys) {
			const suggestion = didYouMean(key, scope.keys);
			if (suggestion !== null) suggested.add(suggestion);
			report(context, keyLineOf(context, mapPath, key), scope.cell, scope.unknownKey(key, suggestion));
		}
	}
	for (const issue of issues) {
		if (issue.code === 'unrecognized_keys') continue;
		const path = issue.path as (string | number)[];
		const parent = valueAt(value, path.slice(0, -1));
		const key = path[path.length - 1];
		if (path.length > 0 && isPlainMap(parent) && !Object.hasOwn(parent, key)) {
			if (!suggested.has(String(key))) {
				report(context, lineOf(context, [...at, ...path.slice(0, -1)]), scope.cell, scope.missingKey(String(key)));
			}
			continue;
		}
		report(context, lineOf(context, [...at, ...path]), scope.cell, issue.message);
	}
	return null;
}

const suffix = (suggestion: string | null) => (suggestion === null ? '' : ` — did you mean '${suggestion}'?`);

// ---------------------------------------------------------------------------------------------
// Cells

/** What a cell's keys say it is: a kind, two kinds at once, or nothing recognisable. */
function kindOf(raw: PlainMap): CellKind | { conflict: [string, string] } | null {
	const present = KIND_KEYS.filter((key) => Object.hasOwn(raw, key));
	if (present.length === 0) return null;
	const [first, second] = present;
	if (first === 'md' || first === 'chart' || first === 'sample') {
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

/** One entry of `cells`, or null when it has errors (reported). Chart names are resolved later. */
function parseCell(context: Context, raw: unknown, index: number): Cell | null {
	const at: Path = ['cells', index];
	const line = lineOf(context, at) ?? 1;
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
			`${cellLabel(name)} has both '${a}' and '${b}' — a cell is one of md, chart, sample, formula, or init with formula (a stock)`
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

function checkHints(context: Context, at: Path, cell: NamedCell): NamedCell | null {
	if (cell.min !== undefined && cell.max !== undefined && cell.min > cell.max) {
		report(context, lineOf(context, [...at, 'min']), cell.name, `min (${cell.min}) is above max (${cell.max})`);
		return null;
	}
	return cell;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/**
 * `cell` with a scenario's override applied, or why the override does not fit the cell's kind.
 * Shared by the parser (to report it at its line) and `applyScenario`.
 */
function overrideCell(cell: NamedCell, override: CellOverride, scenario: string): NamedCell | string {
	if (typeof override === 'string') {
		return cell.kind === 'sample' ? { ...cell, sample: override } : { ...cell, formula: override };
	}
	const { init, formula } = override;
	if (init === undefined && formula === undefined) {
		return `scenario '${scenario}' gives cell '${cell.name}' neither init nor formula`;
	}
	switch (cell.kind) {
		case 'sample':
			return `scenario '${scenario}' gives sample cell '${cell.name}' ${init === undefined ? 'a formula' : 'an init'} — a sample cell takes a new sample expression, e.g. ${cell.name}: normal(0.04, 0.02)`;
		case 'formula':
			return init !== undefined
				? `scenario '${scenario}' gives cell '${cell.name}' an init, but '${cell.name}' is a formula, not a stock — give it a new formula only`
				: { ...cell, formula: formula as string };
		case 'stock':
			return { ...cell, init: init ?? cell.init, formula: formula ?? cell.formula };
	}
}

function parseScenarios(
	context: Context,
	raw: PlainMap,
	cellsByName: Map<string, NamedCell | null>
): { scenarios: Notebook['scenarios']; scenarioLines: Notebook['scenarioLines'] } {
	const scenarios: Notebook['scenarios'] = Object.create(null);
	const scenarioLines: Notebook['scenarioLines'] = Object.create(null);
	for (const [scenario, rawOverrides] of Object.entries(raw)) {
		const line = keyLineOf(context, ['scenarios'], scenario);
		if (scenario.trim() === '') {
			report(context, line, null, 'a scenario needs a name');
			continue;
		}
		if (scenario === 'base') {
			report(context, line, null, `'base' is the notebook itself — give the scenario another name`);
			continue;
		}
		if (scenario in Object.prototype) {
			report(context, line, null, `scenario name '${scenario}' is reserved (every JavaScript object has it) — pick another name`);
			continue;
		}
		// An empty scenario (every override commented out) is the base notebook under another name.
		if (rawOverrides !== null && !isPlainMap(rawOverrides)) {
			report(context, lineOf(context, ['scenarios', scenario]), null, `scenario '${scenario}' must map cell names to new expressions, not ${show(rawOverrides)}`);
			continue;
		}
		const overrides: Record<string, CellOverride> = Object.create(null);
		for (const [name, rawOverride] of Object.entries(rawOverrides ?? {})) {
			const at = ['scenarios', scenario, name];
			const overrideLine = keyLineOf(context, ['scenarios', scenario], name);
			if (overrideLine !== null) scenarioLines[`${scenario}/${name}`] = overrideLine;
			if (!cellsByName.has(name)) {
				report(context, overrideLine, null, `unknown cell '${name}' in scenario '${scenario}'${didYouMeanSuffix(name, cellsByName.keys())}`);
				continue;
			}
			const override = parseOverride(context, rawOverride, at, scenario, name);
			if (override === null) continue;
			const cell = cellsByName.get(name);
			if (cell) {
				const applied = overrideCell(cell, override, scenario);
				if (typeof applied === 'string') {
					report(context, overrideLine, name, applied);
					continue;
				}
			}
			overrides[name] = override;
		}
		scenarios[scenario] = overrides;
	}
	return { scenarios, scenarioLines };
}

function parseOverride(context: Context, raw: unknown, at: Path, scenario: string, name: string): CellOverride | null {
	const where = `scenario '${scenario}' for cell '${name}'`;
	if (!isPlainMap(raw)) {
		return check(context, expression(`the override of '${name}' in scenario '${scenario}'`, 'normal(0.04, 0.02)'), raw, at, {
			cell: name,
			keys: [],
			unknownKey: (key) => `unknown key '${key}' in ${where}`,
			missingKey: () => `${where} needs a new expression`
		});
	}
	const schema = z.strictObject({
		init: expression(`init in ${where}`, EXPRESSION_EXAMPLES.init).optional(),
		formula: expression(`formula in ${where}`, EXPRESSION_EXAMPLES.formula).optional()
	});
	const parsed = check(context, schema, raw, at, {
		cell: name,
		keys: OVERRIDE_KEYS,
		unknownKey: (key, suggestion) => `unknown key '${key}' in ${where}${suffix(suggestion)}`,
		missingKey: (key) => `${where} needs '${key}'`
	});
	if (parsed === null) return null;
	const override: { init?: string; formula?: string } = {};
	if (parsed.init !== undefined) override.init = parsed.init;
	if (parsed.formula !== undefined) override.formula = parsed.formula;
	return override;
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Reads notebook `text` (the contents of `file`), reporting every problem found. */
export function parseNotebook(text: string, file: string): Result<Notebook> {
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
	const context: Context = { file, doc, lines, errors: [] };

	if (doc.errors.length > 0) {
		for (const error of doc.errors) {
			const line = lineAtOffset(context, error.pos[0]);
			report(context, line, cellAtOffset(doc, error.pos[0]), `YAML syntax error: ${error.message}`, 'syntax');
		}
		return { ok: false, errors: context.errors };
	}

	let data: unknown;
	try {
		data = doc.toJS();
	} catch (error) {
		// Only an excessive number of aliases (a "billion laughs" file) gets here.
		report(context, null, null, `YAML error: ${(error as Error).message}`, 'syntax');
		return { ok: false, errors: context.errors };
	}
	if (!isPlainMap(data)) {
		const message = data === null || data === undefined
			? 'the file is empty — a notebook starts with format: 1, a title and cells'
			: `a notebook is a map of keys such as format, title and cells, not ${show(data)}`;
		report(context, data == null ? 1 : lineOf(context, []), null, message);
		return { ok: false, errors: context.errors };
	}

	const topSuggestions = new Set<string>();
	const top = check(context, notebookSchema, data, [], {
		cell: null,
		keys: TOP_LEVEL_KEYS,
		unknownKey: (key, suggestion) => `unknown key '${key}'${suffix(suggestion)}`,
		missingKey: (key) =>
			key === 'format' ? "missing 'format: 1' at the top of the file" : `missing '${key}'`
	}, topSuggestions);

	// Cells are checked even when the top level has errors, so that every problem shows at once.
	const rawCells = Array.isArray(data.cells) ? data.cells : [];
	const cells = rawCells.map((raw, index) => parseCell(context, raw, index));

	// Every cell that tries to have a name counts as declared, so one bad cell does not make each
	// reference to it an error too.
	const cellsByName = new Map<string, NamedCell | null>();
	const declaredAt = new Map<string, number | null>();
	rawCells.forEach((raw, index) => {
		if (!isPlainMap(raw) || typeof raw.name !== 'string' || Object.hasOwn(raw, 'md') || Object.hasOwn(raw, 'chart')) return;
		const line = lineOf(context, ['cells', index]);
		const earlier = declaredAt.get(raw.name);
		if (earlier !== undefined) {
			report(context, line, raw.name, `name '${raw.name}' is used twice: on line ${earlier} and line ${line}`);
			return;
		}
		declaredAt.set(raw.name, line);
		const cell = cells[index];
		cellsByName.set(raw.name, cell !== null && cell.kind !== 'md' && cell.kind !== 'chart' ? cell : null);
	});

	const runway = typeof data.runway === 'string' ? data.runway : null;
	if (runway !== null && !cellsByName.has(runway)) {
		report(context, lineOf(context, ['runway']), null, `unknown cell '${runway}' in runway${didYouMeanSuffix(runway, cellsByName.keys())}`);
	}

	cells.forEach((cell, index) => {
		if (cell === null || cell.kind !== 'chart') return;
		const at = ['cells', index, 'chart'];
		if (cell.series === 'runway') {
			if (runway === null && !topSuggestions.has('runway')) {
				report(context, lineOf(context, at), null, "chart: runway needs a top-level 'runway: CELL' naming the cell whose first value below 0 ends the runway");
			}
			return;
		}
		if (cell.series.length === 0) report(context, lineOf(context, at), null, 'chart lists no cells');
		const single = typeof valueAt(data, at) === 'string';
		cell.series.forEach((name, j) => {
			if (cellsByName.has(name)) return;
			const hint = name === 'runway' ? ' — to chart the runway write chart: runway' : didYouMeanSuffix(name, cellsByName.keys());
			report(context, lineOf(context, single ? at : [...at, j]), null, `unknown cell '${name}' in chart${hint}`);
		});
	});

	const { scenarios, scenarioLines } = isPlainMap(data.scenarios)
		? parseScenarios(context, data.scenarios, cellsByName)
		: { scenarios: Object.create(null), scenarioLines: Object.create(null) };

	if (context.errors.length > 0 || top === null) {
		return { ok: false, errors: sortByLine(context.errors) };
	}
	const cycle = top.cycle ?? NOTEBOOK_DEFAULTS.cycle;
	return {
		ok: true,
		value: {
			file,
			format: 1,
			title: top.title,
			cycle,
			cycleLength: parseCycle(cycle) as CycleLength,
			horizon: top.horizon ?? NOTEBOOK_DEFAULTS.horizon,
			trials: top.trials ?? NOTEBOOK_DEFAULTS.trials,
			seed: top.seed ?? NOTEBOOK_DEFAULTS.seed,
			runway: top.runway ?? null,
			cells: cells as Cell[],
			scenarios,
			scenarioLines
		}
	};
}

/** The name of the cell whose text holds `offset`, when the document got that far. */
function cellAtOffset(doc: Document, offset: number): string | null {
	const cells = isMap(doc.contents) ? doc.contents.get('cells', true) : null;
	if (!isSeq(cells)) return null;
	for (const item of cells.items) {
		const range = (item as { range?: [number, number, number] } | null)?.range;
		if (isMap(item) && range && range[0] <= offset && offset < range[2]) {
			const name = item.get('name');
			return typeof name === 'string' ? name : null;
		}
	}
	return null;
}

/** Errors in the order of the file; ones without a line last. The sort is stable. */
function sortByLine(errors: NotebookError[]): NotebookError[] {
	return [...errors].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

/**
 * The notebook with scenario `scenario`'s overrides applied. `base` is the notebook itself; an
 * unknown scenario, an unknown cell or an override that does not fit its cell is an error.
 */
export function applyScenario(notebook: Notebook, scenario: string): Result<Notebook> {
	if (scenario === 'base') return { ok: true, value: notebook };
	const known = Object.keys(notebook.scenarios);
	if (!Object.hasOwn(notebook.scenarios, scenario)) {
		const list = ['base', ...known].map((name) => `'${name}'`).join(', ');
		const message = `unknown scenario '${scenario}'${didYouMeanSuffix(scenario, ['base', ...known])} (known: ${list})`;
		return { ok: false, errors: [{ file: notebook.file, line: null, cell: null, code: 'usage', message }] };
	}
	const indexByName = new Map<string, number>();
	notebook.cells.forEach((cell, index) => {
		if (cell.kind !== 'md' && cell.kind !== 'chart') indexByName.set(cell.name, index);
	});
	const cells = notebook.cells.slice();
	const errors: NotebookError[] = [];
	for (const [name, override] of Object.entries(notebook.scenarios[scenario])) {
		const key = `${scenario}/${name}`;
		const line = Object.hasOwn(notebook.scenarioLines, key) ? notebook.scenarioLines[key] : null;
		const index = indexByName.get(name);
		if (index === undefined) {
			const message = `unknown cell '${name}' in scenario '${scenario}'${didYouMeanSuffix(name, indexByName.keys())}`;
			errors.push({ file: notebook.file, line, cell: null, code: 'schema', message });
			continue;
		}
		const applied = overrideCell(cells[index] as NamedCell, override, scenario);
		if (typeof applied === 'string') errors.push({ file: notebook.file, line, cell: name, code: 'schema', message: applied });
		else cells[index] = applied;
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { ...notebook, cells } };
}

/** `file:line: cell 'users': message`, leaving out the parts that are not known. */
export function formatError(error: NotebookError): string {
	let where = error.file;
	if (error.line !== null) where += `${where === '' ? '' : ':'}${error.line}`;
	const cell = error.cell === null ? '' : `cell '${error.cell}': `;
	return where === '' ? `${cell}${error.message}` : `${where}: ${cell}${error.message}`;
}
