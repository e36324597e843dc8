// What the page shows of a notebook, read straight from its YAML text. The engine's parser
// refuses a notebook with any error; the page must keep showing every cell (and the error on the
// broken one), so it reads the cells here, leniently, and matches the engine's errors to them.
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { NotebookError } from '$lib/engine/types';

type Place = { index: number; line: number; endLine: number };

export type CellView =
	| (Place & { kind: 'md'; text: string })
	| (Place & { kind: 'sample'; name: string; sample: string } & Hints)
	| (Place & { kind: 'formula'; name: string; formula: string } & Hints)
	| (Place & { kind: 'stock'; name: string; init: string; formula: string } & Hints)
	| (Place & { kind: 'chart'; series: string[] | 'runway' })
	/** A cell the page cannot tell the kind of: shown as its YAML, with its error. */
	| (Place & { kind: 'other'; name: string | null; source: string });

export type Hints = { unit: string; note: string };

export type NamedCellView = Extract<CellView, { kind: 'sample' | 'formula' | 'stock' }>;

export type NotebookSettings = {
	title: string;
	cycle: string;
	horizon: number | null;
	trials: number | null;
	seed: number | null;
	runway: string | null;
};

export type NotebookView = { settings: NotebookSettings; cells: CellView[]; scenarios: string[] };

/** The notebook as the page shows it, or the YAML error that stops it from being read at all. */
export function notebookView(text: string): { ok: true; value: NotebookView } | { ok: false; message: string; line: number | null } {
	const lines = new LineCounter();
	const doc = parseDocument(text, { lineCounter: lines });
	if (doc.errors.length > 0) {
		const error = doc.errors[0];
		return { ok: false, message: error.message.split('\n')[0], line: lines.linePos(error.pos[0]).line };
	}
	const root = doc.contents;
	if (!isMap(root)) return { ok: false, message: 'the notebook is not a YAML mapping of keys such as title and cells', line: 1 };
	const data = (doc.toJS() ?? {}) as Record<string, unknown>;
	const settings: NotebookSettings = {
		title: typeof data.title === 'string' ? data.title : '',
		cycle: typeof data.cycle === 'string' ? data.cycle : '1 month',
		horizon: wholeOrNull(data.horizon),
		trials: wholeOrNull(data.trials),
		seed: wholeOrNull(data.seed),
		runway: typeof data.runway === 'string' ? data.runway : null
	};
	const scenarios =
		data.scenarios !== null && typeof data.scenarios === 'object' && !Array.isArray(data.scenarios)
			? Object.keys(data.scenarios as object)
			: [];
	const cellsNode = root.get('cells', true);
	const rawCells = Array.isArray(data.cells) ? (data.cells as unknown[]) : [];
	const cells: CellView[] = [];
	if (isSeq(cellsNode)) {
		cellsNode.items.forEach((node, index) => {
			const range = (node as { range?: [number, number, number] } | null)?.range;
			const line = range ? lines.linePos(range[0]).line : 0;
			// The node's range ends after the blank lines that follow it: step back over them.
			const endLine = range ? lines.linePos(Math.max(range[0], trimEnd(text, range[1]) - 1)).line : line;
			cells.push(cellView(rawCells[index], { index, line, endLine }, isMap(node) ? node.toString() : String(rawCells[index])));
		});
	}
	return { ok: true, value: { settings, cells, scenarios } };
}

function trimEnd(text: string, end: number): number {
	let at = Math.min(end, text.length);
	while (at > 0 && /\s/.test(text[at - 1])) at--;
	return at;
}

const wholeOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const asText = (value: unknown): string | null =>
	typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

function cellView(raw: unknown, place: Place, source: string): CellView {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ...place, kind: 'other', name: null, source };
	const cell = raw as Record<string, unknown>;
	const name = typeof cell.name === 'string' ? cell.name : null;
	const hints: Hints = { unit: asText(cell.unit) ?? '', note: asText(cell.note) ?? '' };
	if ('md' in cell) {
		const text = asText(cell.md);
		if (text !== null) return { ...place, kind: 'md', text };
	} else if ('chart' in cell) {
		const chart = cell.chart;
		if (chart === 'runway') return { ...place, kind: 'chart', series: 'runway' };
		if (typeof chart === 'string') return { ...place, kind: 'chart', series: [chart] };
		if (Array.isArray(chart)) return { ...place, kind: 'chart', series: chart.map((item) => String(item)) };
	} else if (name !== null) {
		const sample = asText(cell.sample);
		const formula = asText(cell.formula);
		const init = asText(cell.init);
		if (sample !== null && formula === null && init === null) return { ...place, kind: 'sample', name, sample, ...hints };
		if (formula !== null && init !== null && sample === null) return { ...place, kind: 'stock', name, init, formula, ...hints };
		if (formula !== null && init === null && sample === null) return { ...place, kind: 'formula', name, formula, ...hints };
	}
	return { ...place, kind: 'other', name, source };
}

/** The names of the named cells, in order. */
export function cellNames(cells: CellView[]): string[] {
	return cells.flatMap((cell) => (cell.kind === 'sample' || cell.kind === 'formula' || cell.kind === 'stock' ? [cell.name] : []));
}

export type PlacedErrors = { byCell: Map<number, NotebookError[]>; general: NotebookError[] };

/**
 * Each error on the cell it belongs to: by the cell's name when the error names one, else by the
 * line (chart and prose cells have no name). What belongs to no cell is `general`.
 */
export function placeErrors(cells: CellView[], errors: NotebookError[]): PlacedErrors {
	const byCell = new Map<number, NotebookError[]>();
	const general: NotebookError[] = [];
	const add = (index: number, error: NotebookError) => byCell.set(index, [...(byCell.get(index) ?? []), error]);
	for (const error of errors) {
		let target: CellView | undefined;
		if (error.cell !== null) {
			// A name used twice: the error's line tells which of them.
			const named = cells.filter((cell) => 'name' in cell && cell.name === error.cell);
			target = named.find((cell) => error.line !== null && cell.line <= error.line && error.line <= cell.endLine) ?? named[0];
		}
		if (target === undefined && error.line !== null) {
			target = cells.find((cell) => cell.line <= error.line! && error.line! <= cell.endLine);
		}
		if (target === undefined) general.push(error);
		else add(target.index, error);
	}
	return { byCell, general };
}
