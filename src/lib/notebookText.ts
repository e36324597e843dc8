// Edits of a notebook's YAML text that keep everything the edit does not touch: comments, cell
// order, key order, block scalars. They work on the yaml Document (a syntax tree that holds the
// comments) rather than on parsed data, which would drop them.
// Runs in the browser and in Node: no Node imports here.
//
// Known reformatting: the yaml printer normalises spacing, so a comment aligned with padding
// (`x: 1      # note`) comes back as `x: 1 # note`. Flow lists stay `[a, b]`; long lines are
// never folded.

import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap, type YAMLSeq } from 'yaml';

/** A misuse of the helpers: text that is not a notebook mapping, an unknown cell, an index out of range. */
export class NotebookTextError extends Error {
	override name = 'NotebookTextError';
}

/** Top-level settings of a notebook (SPEC §1). */
export type NotebookSetting = 'title' | 'cycle' | 'horizon' | 'trials' | 'seed' | 'runway';

/** A value to write. `null` removes the key. A string array is written as a flow list (`[a, b]`). */
export type FieldValue = string | number | boolean | string[] | null;

/** Plain data of one cell, in the file's shape: `{ name, sample }`, `{ md }`, `{ chart: [...] }`, … */
export type CellData = Record<string, string | number | boolean | string[]>;

// Keys whose value is an expression: a string that is exactly a decimal number is written as a
// YAML number, so `init: 1000` stays `init: 1000` instead of becoming `init: "1000"`.
const NUMERIC_WHEN_PLAIN = new Set(['sample', 'init', 'formula', 'min', 'max', 'horizon', 'trials', 'seed']);
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

const PRINT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * Sets `field` of one cell, found by `name` (a string) or by its index in `cells` (a number, for
 * `md` and `chart` cells, which have no name). `value` null removes the field.
 */
export function updateCellField(text: string, cell: string | number, field: string, value: FieldValue): string {
	const doc = load(text);
	const cells = cellsOf(doc);
	const index = typeof cell === 'number' ? checkIndex(cells, cell, 'cell') : indexOfCell(cells, cell);
	const node = cells.items[index];
	if (!isMap(node)) throw new NotebookTextError(`cell ${index} is not a mapping`);
	setKey(doc, node, field, value);
	return print(doc);
}

/** Inserts a cell so that it ends up at `index` (0 … number of cells). */
export function insertCell(text: string, index: number, cell: CellData): string {
	const doc = load(text);
	const cells = cellsOf(doc, true);
	if (!Number.isInteger(index) || index < 0 || index > cells.items.length) {
		throw new NotebookTextError(`invalid index: ${index} (0 to ${cells.items.length})`);
	}
	const node = doc.createNode({}) as YAMLMap;
	for (const [key, value] of Object.entries(cell)) setKey(doc, node, key, value);
	cells.items.splice(index, 0, node);
	return print(doc);
}

/** Removes the cell at `index`, with the comments attached to it. */
export function removeCell(text: string, index: number): string {
	const doc = load(text);
	const cells = cellsOf(doc);
	cells.items.splice(checkIndex(cells, index, 'index'), 1);
	return print(doc);
}

/** Moves the cell at `from` so that it ends up at index `to`; its comments travel with it. */
export function moveCell(text: string, from: number, to: number): string {
	const doc = load(text);
	const cells = cellsOf(doc);
	checkIndex(cells, from, 'from');
	checkIndex(cells, to, 'to');
	const [node] = cells.items.splice(from, 1);
	cells.items.splice(to, 0, node);
	return print(doc);
}

/** Sets a top-level setting (`title`, `cycle`, `horizon`, …); `null` removes it (e.g. `runway`). */
export function updateSetting(text: string, key: NotebookSetting, value: string | number | null): string {
	const doc = load(text);
	const root = doc.contents;
	if (!isMap(root)) throw new NotebookTextError('the notebook is not a YAML mapping');
	setKey(doc, root, key, value);
	return print(doc);
}

function load(text: string): Document {
	const doc = parseDocument(text);
	if (doc.errors.length > 0) throw new NotebookTextError(`invalid YAML: ${doc.errors[0].message}`);
	if (doc.contents === null) doc.contents = doc.createNode({}) as never;
	if (!isMap(doc.contents)) throw new NotebookTextError('the notebook is not a YAML mapping');
	return doc;
}

function cellsOf(doc: Document, create = false): YAMLSeq {
	const root = doc.contents as YAMLMap;
	let cells = root.get('cells', true);
	if ((cells === undefined || (isScalar(cells) && cells.value === null)) && create) {
		cells = doc.createNode([]) as YAMLSeq;
		root.set('cells', cells);
	}
	if (!isSeq(cells)) throw new NotebookTextError('the notebook has no `cells` list');
	return cells;
}

function indexOfCell(cells: YAMLSeq, name: string): number {
	const index = cells.items.findIndex((item) => isMap(item) && item.get('name') === name);
	if (index < 0) throw new NotebookTextError(`no cell named ${name}`);
	return index;
}

function checkIndex(cells: YAMLSeq, index: number, what: string): number {
	if (!Number.isInteger(index) || index < 0 || index >= cells.items.length) {
		throw new NotebookTextError(`invalid ${what}: ${index} (0 to ${cells.items.length - 1})`);
	}
	return index;
}

function setKey(doc: Document, map: YAMLMap, key: string, value: FieldValue): void {
	if (value === null) {
		map.delete(key);
		return;
	}
	if (Array.isArray(value)) {
		const list = doc.createNode(value) as YAMLSeq;
		list.flow = true;
		map.set(key, list);
		return;
	}
	const scalarValue = typeof value === 'string' && NUMERIC_WHEN_PLAIN.has(key) && DECIMAL.test(value) ? Number(value) : value;
	const previous = map.get(key, true);
	// Changing the existing scalar in place keeps the comment attached to it (`x: 1 # note`).
	const scalar = isScalar(previous) ? previous : new Scalar(scalarValue);
	scalar.value = scalarValue;
	if (typeof scalarValue === 'string' && scalarValue.includes('\n')) scalar.type = Scalar.BLOCK_LITERAL;
	else if (scalar.type === Scalar.BLOCK_LITERAL || scalar.type === Scalar.BLOCK_FOLDED) scalar.type = undefined;
	if (scalar !== previous) map.set(key, scalar);
}

function print(doc: Document): string {
	return doc.toString(PRINT_OPTIONS);
}
