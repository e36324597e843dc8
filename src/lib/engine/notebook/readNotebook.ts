// The one reader of notebook files (SPEC §1, §4.2). It reads every cell it can, each with its
// lines and its own errors, and the notebook's other errors; the `Notebook` the engine runs comes
// with it when nothing is wrong. The page shows the cells whatever their errors; the engine and
// the CLI take `parseNotebook`, the same reading as a Result. Expressions stay strings here: the
// planner parses them.
import { LineCounter, parseDocument } from 'yaml';
import { didYouMeanSuffix } from '../language/didYouMean';
import type { Cell, CycleLength, Notebook, Result } from '../types';
import { readCell, type CellView } from './cells';
import { check } from './check';
import { readActuals } from './actuals';
import { readCorrelations } from './correlations';
import { readEvents } from './events';
import { readScenarios, type DeclaredCells } from './scenarios';
import { isPlainMap, NOTEBOOK_DEFAULTS, notebookSchema, parseCycle, show, suffix, TOP_LEVEL_KEYS } from './schema';
import { cellAtOffset, lineAtOffset, lineOf, report, valueAt, type ReadContext, type ReadError } from './yamlLines';

export type { ReadError } from './yamlLines';

/** The top-level settings as written, for the page (null where missing or not a number). */
export type NotebookSettings = {
	title: string;
	cycle: string;
	horizon: number | null;
	trials: number | null;
	seed: number | null;
	runway: string | null;
};

export type NotebookRead = {
	/** Every cell, in file order, each with its lines and its errors; none when the file cannot be read as a map. */
	cells: CellView[];
	/** null when the file cannot be read as a map of keys (a YAML syntax error, an empty file, …) */
	settings: NotebookSettings | null;
	/** The scenarios' names as written. */
	scenarios: string[];
	/** Every error, in the order of the file (ones without a line last); `cellIndex` says whose. */
	errors: ReadError[];
	/** The errors that belong to no cell (`cellIndex` null). */
	notebookErrors: ReadError[];
	/** The notebook, when there are no errors. */
	notebook: Notebook | null;
};

const wholeOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Reads notebook `text` (the contents of `file`), reporting every problem found. */
export function readNotebook(text: string, file: string): NotebookRead {
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
	const context: ReadContext = { file, text, doc, lines, errors: [], cellIndex: null };
	const unreadable = (): NotebookRead => finish(context, [], null, [], null);

	if (doc.errors.length > 0) {
		for (const error of doc.errors) {
			const line = lineAtOffset(context, error.pos[0]);
			report(context, line, cellAtOffset(doc, error.pos[0])?.name ?? null, `YAML syntax error: ${error.message}`, 'syntax');
		}
		return unreadable();
	}

	let data: unknown;
	try {
		data = doc.toJS();
	} catch (error) {
		// Only an excessive number of aliases (a "billion laughs" file) gets here.
		report(context, null, null, `YAML error: ${(error as Error).message}`, 'syntax');
		return unreadable();
	}
	if (!isPlainMap(data)) {
		const message = data === null || data === undefined
			? 'the file is empty — a notebook starts with format: 1, a title and cells'
			: `a notebook is a map of keys such as format, title and cells, not ${show(data)}`;
		report(context, data == null ? 1 : lineOf(context, []), null, message);
		return unreadable();
	}

	const settings: NotebookSettings = {
		title: typeof data.title === 'string' ? data.title : '',
		cycle: typeof data.cycle === 'string' ? data.cycle : NOTEBOOK_DEFAULTS.cycle,
		horizon: wholeOrNull(data.horizon),
		trials: wholeOrNull(data.trials),
		seed: wholeOrNull(data.seed),
		runway: typeof data.runway === 'string' ? data.runway : null
	};
	const scenarioNames = isPlainMap(data.scenarios) ? Object.keys(data.scenarios) : [];

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
	const read = rawCells.map((raw, index) => readCell(context, raw, index));
	const cells = read.map((entry) => entry.cell);

	// Every cell that tries to have a name counts as declared, so one bad cell does not make each
	// reference to it an error too.
	const declared: DeclaredCells = new Map();
	const declaredAt = new Map<string, number | null>();
	rawCells.forEach((raw, index) => {
		if (!isPlainMap(raw) || typeof raw.name !== 'string' || Object.hasOwn(raw, 'md') || Object.hasOwn(raw, 'chart')) return;
		const line = lineOf(context, ['cells', index]);
		const earlier = declaredAt.get(raw.name);
		if (earlier !== undefined) {
			report(context, line, raw.name, `name '${raw.name}' is used twice: on line ${earlier} and line ${line}`, 'schema', index);
			return;
		}
		declaredAt.set(raw.name, line);
		const cell = cells[index];
		declared.set(raw.name, { index, cell: cell !== null && cell.kind !== 'md' && cell.kind !== 'chart' ? cell : null });
	});

	const runway = typeof data.runway === 'string' ? data.runway : null;
	if (runway !== null && !declared.has(runway)) {
		report(context, lineOf(context, ['runway']), null, `unknown cell '${runway}' in runway${didYouMeanSuffix(runway, declared.keys())}`);
	}

	cells.forEach((cell, index) => {
		if (cell === null || cell.kind !== 'chart') return;
		const at = ['cells', index, 'chart'];
		const chartError = (line: number | null, message: string) => report(context, line, null, message, 'schema', index);
		if (cell.series === 'runway') {
			if (runway === null && !topSuggestions.has('runway')) {
				chartError(lineOf(context, at), "chart: runway needs a top-level 'runway: CELL' naming the cell whose first value below 0 ends the runway");
			}
			return;
		}
		if (cell.series.length === 0) chartError(lineOf(context, at), 'chart lists no cells');
		const single = typeof valueAt(data, at) === 'string';
		cell.series.forEach((name, j) => {
			if (declared.has(name)) return;
			const hint = name === 'runway' ? ' — to chart the runway write chart: runway' : didYouMeanSuffix(name, declared.keys());
			chartError(lineOf(context, single ? at : [...at, j]), `unknown cell '${name}' in chart${hint}`);
		});
	});

	const { scenarios, scenarioLines } = isPlainMap(data.scenarios)
		? readScenarios(context, data.scenarios, declared)
		: { scenarios: Object.create(null), scenarioLines: Object.create(null) };
	const events = isPlainMap(data.events) ? readEvents(context, data.events, declared) : [];
	const correlations = Array.isArray(data.correlations) ? readCorrelations(context, data.correlations, declared) : [];
	const actuals = isPlainMap(data.actuals) ? readActuals(context, data.actuals, declared, top?.horizon ?? NOTEBOOK_DEFAULTS.horizon) : [];

	const views = read.map((entry) => entry.view);
	if (context.errors.length > 0 || top === null) return finish(context, views, settings, scenarioNames, null);
	const cycle = top.cycle ?? NOTEBOOK_DEFAULTS.cycle;
	return finish(context, views, settings, scenarioNames, {
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
		scenarioLines,
		events,
		...(correlations.length > 0 ? { correlations } : {}),
		...(actuals.length > 0 ? { actuals } : {})
	});
}

function finish(
	context: ReadContext,
	cells: CellView[],
	settings: NotebookSettings | null,
	scenarios: string[],
	notebook: Notebook | null
): NotebookRead {
	// In the order of the file; ones without a line last. The sort is stable.
	const errors = [...context.errors].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
	for (const error of errors) if (error.cellIndex !== null && error.cellIndex < cells.length) cells[error.cellIndex].errors.push(error);
	return {
		cells,
		settings,
		scenarios,
		errors,
		notebookErrors: errors.filter((error) => error.cellIndex === null || error.cellIndex >= cells.length),
		notebook: errors.length === 0 ? notebook : null
	};
}

/** The reading of `text` as a Result: the notebook, or every error in the order of the file. */
export function parseNotebook(text: string, file: string): Result<Notebook, ReadError> {
	const read = readNotebook(text, file);
	return read.notebook !== null ? { ok: true, value: read.notebook } : { ok: false, errors: read.errors };
}
