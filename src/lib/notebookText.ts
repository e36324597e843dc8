// Edits of a notebook's YAML text that keep everything the edit does not touch: comments, cell
// order, key order, blank lines, hand-folded formulas. Runs in the browser and in Node: no Node
// imports here.
//
// Each edit is made on the yaml Document (the syntax tree that keeps comments), which is the
// source of truth. Printing the whole Document would normalise the entire file, though: every
// hand-broken `>-` formula gets re-flowed, aligned comments lose their padding. So the text of
// the cells and settings that the edit did not touch is kept byte for byte, and only the touched
// cell (or setting) is taken from the printed Document. The spliced result is checked against the
// printed Document (same data, same comments); if they differ in any way, the printed Document is
// returned instead: never a lost comment, at worst a reformatted file.

import { CST, isMap, isNode, isScalar, isSeq, Parser, parseDocument, Scalar, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { assertNever } from './engine/assertNever';

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

/**
 * Sets `field` of one cell, found by `name` (a string) or by its index in `cells` (a number, for
 * `md` and `chart` cells, which have no name). `value` null removes the field. A multi-line
 * string is written as a `|` block.
 */
export function updateCellField(text: string, cell: string | number, field: string, value: FieldValue): string {
	const doc = load(text);
	const cells = cellsOf(doc);
	const index = typeof cell === 'number' ? checkIndex(cells, cell, 'cell') : indexOfCell(cells, cell);
	const node = cells.items[index];
	if (!isMap(node)) throw new NotebookTextError(`cell ${index} is not a mapping`);
	setKey(doc, node, field, value);
	return splice(text, doc, { kind: 'replace-cell', index });
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
	return splice(text, doc, { kind: 'insert-cell', index });
}

/** Removes the cell at `index`, with the comment lines just above it. */
export function removeCell(text: string, index: number): string {
	const doc = load(text);
	const cells = cellsOf(doc);
	cells.items.splice(checkIndex(cells, index, 'index'), 1);
	return splice(text, doc, { kind: 'remove-cell', index });
}

/** Moves the cell at `from` so that it ends up at index `to`; the comment lines above it travel with it. */
export function moveCell(text: string, from: number, to: number): string {
	const doc = load(text);
	const cells = cellsOf(doc);
	checkIndex(cells, from, 'from');
	checkIndex(cells, to, 'to');
	const [node] = cells.items.splice(from, 1);
	cells.items.splice(to, 0, node);
	return splice(text, doc, { kind: 'move-cell', from, to });
}

/**
 * Sets a top-level setting (`title`, `cycle`, `horizon`, …); `null` removes it (e.g. `runway`).
 * A setting that was not there is added just before `cells`.
 */
export function updateSetting(text: string, key: NotebookSetting, value: string | number | null): string {
	const doc = load(text);
	const root = doc.contents as YAMLMap;
	const existed = root.has(key);
	if (!existed && value !== null) {
		const at = root.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'cells');
		const pair = doc.createPair(key, null);
		root.items.splice(at < 0 ? root.items.length : at, 0, pair);
	}
	setKey(doc, root, key, value);
	return splice(text, doc, { kind: 'setting', key, existed });
}

// ---------------------------------------------------------------------------------------------
// Editing the Document

// Keys whose value is an expression or a number: a string that is exactly a decimal number is
// written as a YAML number, so `init: 1000` stays `init: 1000` instead of becoming `init: "1000"`.
const NUMERIC_WHEN_PLAIN = new Set(['sample', 'init', 'formula', 'min', 'max', 'horizon', 'trials', 'seed']);
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

// No folding of long lines (a formula stays on its line), and `[a, b]` rather than `[ a, b ]`.
const PRINT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

function load(text: string): Document {
	const doc = parseDocument(text);
	if (doc.errors.length > 0) throw new NotebookTextError(`invalid YAML: ${doc.errors[0].message}`);
	if (doc.contents === null) doc.contents = doc.createNode({}) as never;
	if (!isMap(doc.contents)) throw new NotebookTextError('the notebook is not a YAML mapping');
	return doc;
}

function cellsOf(doc: Document, create = false): YAMLSeq {
	const root = doc.contents as YAMLMap;
	let cells: unknown = root.get('cells', true);
	if ((cells === undefined || (isScalar(cells) && cells.value === null)) && create) {
		cells = doc.createNode([]);
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
	const previous = map.get(key, true);
	if (Array.isArray(value)) {
		const list = doc.createNode(value) as YAMLSeq;
		list.flow = true;
		map.set(key, keepComments(previous, list));
		return;
	}
	const text = typeof value === 'string' ? lineValue(key, value) : value;
	const scalarValue = typeof text === 'string' && NUMERIC_WHEN_PLAIN.has(key) && DECIMAL.test(text) ? Number(text) : text;
	// Changing the existing scalar in place keeps the comment attached to it (`x: 1 # note`).
	const scalar = isScalar(previous) ? previous : keepComments(previous, new Scalar(scalarValue));
	scalar.value = scalarValue;
	scalar.type = scalarStyle(scalarValue);
	if (scalar !== previous) map.set(key, scalar);
}

/**
 * A one-line string without the spaces and tabs around it (they mean nothing in an expression,
 * a name or a title, and would force quotes); prose (`md`) and multi-line text are kept as typed.
 */
function lineValue(key: string, value: string): string {
	if (key === 'md' || value.includes('\n')) return value;
	return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * How a scalar is written: multi-line text as a `|` block; everything else plain, which the yaml
 * printer turns into quotes only where YAML needs them (`a: b`, ` #`, a leading `[` or `*`, text
 * that would read as a number, boolean or null). So an edit never adds quotes a plain line did
 * not need, and drops the ones an edited value no longer needs.
 */
function scalarStyle(value: unknown): Scalar.Type | undefined {
	if (typeof value === 'string' && value.includes('\n')) return Scalar.BLOCK_LITERAL;
	return typeof value === 'string' ? Scalar.PLAIN : undefined;
}

/** `next` with the comments of the node it replaces. */
function keepComments<T extends Node>(previous: unknown, next: T): T {
	if (isNode(previous)) {
		next.comment = previous.comment;
		next.commentBefore = previous.commentBefore;
		next.spaceBefore = previous.spaceBefore;
	}
	return next;
}

// ---------------------------------------------------------------------------------------------
// Splicing the edit into the original text

type Edit =
	| { kind: 'replace-cell'; index: number }
	| { kind: 'insert-cell'; index: number }
	| { kind: 'remove-cell'; index: number }
	| { kind: 'move-cell'; from: number; to: number }
	| { kind: 'setting'; key: string; existed: boolean }
	/** a top-level key edited as a whole; a new one goes at the end */
	| { kind: 'root-key'; key: string; existed: boolean };

/**
 * The lines of one item of a block collection: `start` is where the comment lines just above it
 * begin, `head` the start of its first line (`- …` or `key: …`), `end` where the next item's
 * `start` is. `col` is the column of the `-` or key.
 */
type Block = { start: number; head: number; end: number; col: number };

/** Where the settings (`root`, by key) and the cells are in a notebook's text. */
type Layout = { root: Map<string, Block>; rootBlocks: Block[]; cells: Block[] | null };

function splice(text: string, doc: Document, edit: Edit): string {
	const printed = doc.toString(PRINT_OPTIONS);
	let spliced: string | null = null;
	try {
		spliced = spliceEdit(text, printed, edit);
	} catch {
		spliced = null;
	}
	return spliced !== null && sameContent(spliced, printed) ? spliced : printed;
}

function spliceEdit(text: string, printed: string, edit: Edit): string | null {
	const before = layoutOf(text);
	const after = layoutOf(printed);
	if (before === null || after === null) return null;
	switch (edit.kind) {
		case 'replace-cell': {
			const old = before.cells?.[edit.index];
			const now = after.cells?.[edit.index];
			if (!old || !now) return null;
			// The comment lines above the cell stay as they are; its own lines come from the Document.
			return replace(text, old.head, old.end, reindent(printed.slice(now.head, now.end), now.col, old.col));
		}
		case 'insert-cell': {
			const cells = before.cells;
			const now = after.cells?.[edit.index];
			if (!cells || cells.length === 0 || !now) return null;
			const at = edit.index < cells.length ? cells[edit.index].start : cells[cells.length - 1].end;
			const lines = reindent(printed.slice(now.head, now.end), now.col, cells[0].col);
			const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
			return replace(text, at, at, lead + withNewline(lines));
		}
		case 'remove-cell': {
			const old = before.cells?.[edit.index];
			return old ? replace(text, old.start, old.end, '') : null;
		}
		case 'move-cell': {
			const cells = before.cells;
			if (!cells) return null;
			const pieces = cells.map((block) => withNewline(text.slice(block.start, block.end)));
			const [moved] = pieces.splice(edit.from, 1);
			pieces.splice(edit.to, 0, moved);
			return replace(text, cells[0].start, cells[cells.length - 1].end, pieces.join(''));
		}
		case 'setting': {
			const old = before.root.get(edit.key);
			const now = after.root.get(edit.key);
			if (edit.existed && old && now) return replace(text, old.head, old.end, printed.slice(now.head, now.end));
			if (edit.existed && old && !now) return replace(text, old.start, old.end, '');
			if (!edit.existed && !old && now) {
				const cells = before.root.get('cells');
				const at = cells ? cells.start : text.length;
				const lead = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
				return replace(text, at, at, lead + withNewline(printed.slice(now.start, now.end)));
			}
			return edit.existed ? null : text;
		}
		case 'root-key': {
			const old = before.root.get(edit.key);
			const now = after.root.get(edit.key);
			if (old && now) return replace(text, old.head, old.end, withNewline(printed.slice(now.head, now.end)));
			if (old && !now) return replace(text, old.start, old.end, '');
			if (!old && now) return withNewline(text) + withNewline(printed.slice(now.start, now.end));
			return text;
		}
		default:
			return assertNever(edit);
	}
}

function layoutOf(text: string): Layout | null {
	const documents = [...new Parser().parse(text)].filter((token) => token.type === 'document');
	if (documents.length !== 1) return null;
	const document = documents[0] as CST.Document;
	const rootMap = document.value;
	if (rootMap?.type !== 'block-map') return null;
	const comments = new Set<number>();
	collectComments(document, comments);

	const rootHeads: number[] = [];
	const keys: string[] = [];
	for (const item of rootMap.items) {
		if (!item.key) return null;
		const key = CST.resolveAsScalar(item.key);
		if (key === null) return null;
		rootHeads.push(item.key.offset);
		keys.push(String(key.value));
	}
	const rootBlocks = blocksOf(text, rootHeads, 0, text.length, comments);
	if (rootBlocks === null) return null;
	const root = new Map<string, Block>();
	keys.forEach((key, i) => root.set(key, rootBlocks[i]));

	let cells: Block[] | null = null;
	const cellsAt = keys.indexOf('cells');
	const cellsValue = cellsAt >= 0 ? rootMap.items[cellsAt].value : undefined;
	if (cellsValue?.type === 'block-seq') {
		const heads: number[] = [];
		for (const item of cellsValue.items) {
			const dash = item.start.find((token) => token.type === 'seq-item-ind');
			if (!dash) return null;
			heads.push(dash.offset);
		}
		const keyLineEnd = text.indexOf('\n', rootHeads[cellsAt]);
		if (keyLineEnd < 0) return null;
		cells = blocksOf(text, heads, keyLineEnd + 1, rootBlocks[cellsAt].end, comments);
	}
	return { root, rootBlocks, cells };
}

/**
 * The blocks of the items whose first lines start at `heads`, within [from, to). Comment lines
 * just above an item (not indented deeper than it, blank lines in between allowed) belong to it;
 * blank lines above those comments stay with the item before.
 */
function blocksOf(text: string, heads: number[], from: number, to: number, comments: Set<number>): Block[] | null {
	const blocks: Block[] = [];
	for (const head of heads) {
		const lineStart = startOfLine(text, head);
		if (text.slice(lineStart, head).trim() !== '') return null; // e.g. `cells: [` or `- - x`
		const col = head - lineStart;
		let start = lineStart;
		let cursor = lineStart;
		const floor = Math.max(from, blocks.at(-1)?.head ?? from);
		while (cursor > floor) {
			const above = startOfLine(text, cursor - 1);
			if (above < floor) break;
			const line = text.slice(above, cursor - 1);
			const first = line.search(/\S/);
			if (first < 0) {
				cursor = above;
				continue;
			}
			if (line[first] === '#' && first <= col && comments.has(above + first)) {
				cursor = above;
				start = above;
				continue;
			}
			break;
		}
		blocks.push({ start, head: lineStart, end: to, col });
	}
	for (let i = 0; i + 1 < blocks.length; i++) blocks[i].end = blocks[i + 1].start;
	for (const block of blocks) if (!(block.start <= block.head && block.head < block.end)) return null;
	return blocks;
}

function collectComments(value: unknown, into: Set<number>): void {
	if (Array.isArray(value)) {
		for (const item of value) collectComments(item, into);
	} else if (value !== null && typeof value === 'object') {
		const token = value as { type?: unknown; offset?: unknown };
		if (token.type === 'comment' && typeof token.offset === 'number') into.add(token.offset);
		for (const child of Object.values(value)) if (child !== null && typeof child === 'object') collectComments(child, into);
	}
}

/** Shifts lines printed with their first line at column `from` to column `to`. */
function reindent(lines: string, from: number, to: number): string {
	if (from === to) return lines;
	const shift = to - from;
	return lines
		.split('\n')
		.map((line) => {
			if (line.trim() === '') return line;
			if (shift > 0) return ' '.repeat(shift) + line;
			if (!line.startsWith(' '.repeat(-shift))) throw new Error('cannot reindent');
			return line.slice(-shift);
		})
		.join('\n');
}

function startOfLine(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

function replace(text: string, start: number, end: number, insert: string): string {
	return text.slice(0, start) + insert + text.slice(end);
}

function withNewline(text: string): string {
	return text.endsWith('\n') ? text : `${text}\n`;
}

/** Same data and the same comments (as a multiset), wherever they sit. */
function sameContent(a: string, b: string): boolean {
	const docA = parseDocument(a);
	const docB = parseDocument(b);
	if (docA.errors.length > 0 || docB.errors.length > 0) return false;
	if (!deepEqual(docA.toJS(), docB.toJS())) return false;
	return sameList(commentsOf(a), commentsOf(b));
}

function commentsOf(text: string): string[] {
	const offsets = new Set<number>();
	for (const token of new Parser().parse(text)) collectComments(token, offsets);
	return [...offsets].map((offset) => text.slice(offset, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset)).trimEnd()).sort();
}

function sameList(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((item, i) => item === b[i]);
}

function deepEqual(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((key) => Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}


// ---------------------------------------------------------------------------------------------
// Scenarios (SPEC §1): named overrides of cells, edited where they show on the page

/** A scenario's replacement for one cell as written: a new expression, or a stock's new parts. */
export type ScenarioEntry = string | { init?: string; formula?: string };

const SCENARIO_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The scenarios as written in `text`, read leniently (the page shows them while the notebook has
 * errors too): `{scenario: {cell: entry}}`, an empty scenario as `{}`. Nothing when unreadable.
 */
export function scenarioEntries(text: string): Record<string, Record<string, ScenarioEntry>> {
	let doc: Document;
	try {
		doc = load(text);
	} catch {
		return {};
	}
	const raw = (doc.toJS() as Record<string, unknown> | null)?.scenarios;
	const out: Record<string, Record<string, ScenarioEntry>> = {};
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
	for (const [name, entries] of Object.entries(raw as Record<string, unknown>)) {
		const cells: Record<string, ScenarioEntry> = {};
		if (entries !== null && typeof entries === 'object' && !Array.isArray(entries)) {
			for (const [cell, value] of Object.entries(entries as Record<string, unknown>)) {
				if (typeof value === 'string' || typeof value === 'number') cells[cell] = String(value);
				else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
					const parts = value as Record<string, unknown>;
					const entry: { init?: string; formula?: string } = {};
					if (parts.init !== undefined && parts.init !== null) entry.init = String(parts.init);
					if (parts.formula !== undefined && parts.formula !== null) entry.formula = String(parts.formula);
					cells[cell] = entry;
				}
			}
		}
		out[name] = cells;
	}
	return out;
}

/** Why `name` cannot be a new scenario of `text`, or null when it can. */
export function scenarioNameProblem(text: string, name: string): string | null {
	if (name.trim() === '') return 'a scenario needs a name';
	if (!SCENARIO_NAME.test(name)) return `'${name}' is not a scenario name: letters, digits, '_' and '-', starting with a letter`;
	if (name === 'base') return `'base' is the notebook itself — give the scenario another name`;
	if (name in Object.prototype) return `'${name}' is reserved — pick another name`;
	if (Object.hasOwn(scenarioEntries(text), name)) return `there is a scenario '${name}' already`;
	return null;
}

/**
 * Sets scenario `scenario`'s entry for `cell`: a new expression, a stock's `{init, formula}`, or
 * null to remove it (the cell is then the base's again). The scenario must exist.
 */
export function setScenarioEntry(text: string, scenario: string, cell: string, value: ScenarioEntry | null): string {
	const doc = load(text);
	const { map, existed } = scenariosOf(doc, false);
	if (!existed) throw new NotebookTextError(`no scenario named ${scenario}`);
	const entries = scenarioMap(doc, map, scenario);
	if (value === null) entries.delete(cell);
	else if (typeof value === 'string') setKey(doc, entries, cell, plainExpression(value));
	else {
		const previous: unknown = entries.get(cell, true);
		const parts = isMap(previous) ? previous : keepComments(previous, doc.createNode({}) as YAMLMap);
		for (const part of ['init', 'formula'] as const) {
			if (value[part] === undefined) parts.delete(part);
			else setKey(doc, parts, part, plainExpression(value[part]));
		}
		if (parts.items.length > 0) parts.flow = true;
		if ((parts as unknown) !== previous) entries.set(cell, parts);
	}
	// A scenario left empty stays, as `name:` (an empty scenario is the base under another name).
	return splice(text, doc, { kind: 'root-key', key: 'scenarios', existed: true });
}

/** Adds scenario `name` (with `entries`, none by default) after the others; `scenarios:` is added at the end when missing. */
export function addScenario(text: string, name: string, entries: Record<string, ScenarioEntry> = {}): string {
	const problem = scenarioNameProblem(text, name);
	if (problem !== null) throw new NotebookTextError(problem);
	const doc = load(text);
	const { map, existed } = scenariosOf(doc, true);
	const node = doc.createNode(entriesData(entries)) as YAMLMap;
	for (const item of node.items) if (isMap(item.value)) item.value.flow = true;
	map.set(name, Object.keys(entries).length === 0 ? null : node);
	return splice(text, doc, { kind: 'root-key', key: 'scenarios', existed });
}

/** Copies scenario `from` (its entries) as a new scenario `to`, just after it. */
export function duplicateScenario(text: string, from: string, to: string): string {
	const entries = scenarioEntries(text)[from];
	if (entries === undefined) throw new NotebookTextError(`no scenario named ${from}`);
	const problem = scenarioNameProblem(text, to);
	if (problem !== null) throw new NotebookTextError(problem);
	const doc = load(text);
	const { map } = scenariosOf(doc, false);
	const at = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === from);
	const node = doc.createNode(entriesData(entries)) as YAMLMap;
	for (const item of node.items) if (isMap(item.value)) item.value.flow = true;
	const pair = doc.createPair(to, Object.keys(entries).length === 0 ? null : node);
	map.items.splice(at + 1, 0, pair as never);
	return splice(text, doc, { kind: 'root-key', key: 'scenarios', existed: true });
}

/** Renames scenario `from` to `to` in place, its entries and comments kept. */
export function renameScenario(text: string, from: string, to: string): string {
	if (from === to) return text;
	const problem = scenarioNameProblem(text, to);
	if (problem !== null) throw new NotebookTextError(problem);
	const doc = load(text);
	const { map, existed } = scenariosOf(doc, false);
	const pair = existed ? map.items.find((p) => isScalar(p.key) && p.key.value === from) : undefined;
	if (!pair || !isScalar(pair.key)) throw new NotebookTextError(`no scenario named ${from}`);
	pair.key.value = to;
	return splice(text, doc, { kind: 'root-key', key: 'scenarios', existed: true });
}

/** Deletes scenario `name`; `scenarios:` goes too when it was the last. */
export function deleteScenario(text: string, name: string): string {
	const doc = load(text);
	const { map, existed } = scenariosOf(doc, false);
	if (!existed || !map.has(name)) throw new NotebookTextError(`no scenario named ${name}`);
	map.delete(name);
	const root = doc.contents as YAMLMap;
	if (map.items.length === 0) root.delete('scenarios');
	return splice(text, doc, { kind: 'root-key', key: 'scenarios', existed: true });
}

function entriesData(entries: Record<string, ScenarioEntry>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(entries).map(([cell, entry]) => [
			cell,
			typeof entry === 'string' ? plainExpression(entry) : Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, plainExpression(v as string)]))
		])
	);
}

/** An expression that is exactly a decimal number is written as a YAML number. */
function plainExpression(value: string): string | number {
	return DECIMAL.test(value) ? Number(value) : value;
}

/** The `scenarios:` map (made, at the end, when missing and `create`). */
function scenariosOf(doc: Document, create: boolean): { map: YAMLMap; existed: boolean } {
	const root = doc.contents as YAMLMap;
	const node = root.get('scenarios', true);
	if (isMap(node)) return { map: node, existed: true };
	const empty = node === undefined || (isScalar(node) && node.value === null);
	if (!empty) throw new NotebookTextError('the notebook\'s `scenarios` is not a mapping');
	if (!create && node === undefined) return { map: doc.createNode({}) as YAMLMap, existed: false };
	const map = doc.createNode({}) as YAMLMap;
	root.set('scenarios', map);
	return { map, existed: node !== undefined };
}

/** Scenario `name`'s map of entries, made a map when it was empty. */
function scenarioMap(doc: Document, scenarios: YAMLMap, name: string): YAMLMap {
	const pair = scenarios.items.find((p) => isScalar(p.key) && p.key.value === name);
	if (!pair) throw new NotebookTextError(`no scenario named ${name}`);
	if (isMap(pair.value)) return pair.value;
	if (pair.value !== null && !(isScalar(pair.value) && pair.value.value === null)) throw new NotebookTextError(`scenario ${name} is not a mapping`);
	const map = keepComments(pair.value, doc.createNode({}) as YAMLMap);
	pair.value = map;
	return map;
}

// ---------------------------------------------------------------------------------------------
// Actuals (SPEC §4.6): what was measured, per named cell and cycle, entered on the page

/** A cell's actuals as written: each cycle's value (a number, or the text typed when it is not one) and its sd. */
export type ActualEntry = {
	values: { cycle: string; value: number | string }[];
	/** the relative sd as written (`noise:`), or undefined */
	noise?: unknown;
	/** the absolute sd as written (`sd:`), or undefined */
	sd?: unknown;
};

/** How a measurement's sd is given: relative (`noise`) or absolute (`sd`); null: the default noise. */
export type ActualSpread = { noise: number } | { sd: number } | null;

/**
 * The actuals as written in `text`, read leniently (the table shows them while they have errors
 * too): `{cell: entry}`, cycles in the file's order. Nothing when unreadable.
 */
export function actualEntries(text: string): Record<string, ActualEntry> {
	let doc: Document;
	try {
		doc = load(text);
	} catch {
		return {};
	}
	const raw = (doc.toJS() as Record<string, unknown> | null)?.actuals;
	const out: Record<string, ActualEntry> = {};
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
	for (const [cell, entry] of Object.entries(raw as Record<string, unknown>)) {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			out[cell] = { values: [] };
			continue;
		}
		const parts = entry as Record<string, unknown>;
		const values = parts.values !== null && typeof parts.values === 'object' && !Array.isArray(parts.values) ? (parts.values as Record<string, unknown>) : {};
		out[cell] = {
			values: Object.entries(values).map(([cycle, value]) => ({ cycle, value: typeof value === 'number' ? value : String(value) })),
			...(parts.noise !== undefined ? { noise: parts.noise } : {}),
			...(parts.sd !== undefined ? { sd: parts.sd } : {})
		};
	}
	return out;
}

/**
 * Sets cell `cell`'s actual at `cycle` to `value`: a number, or text (a decimal or `1e3` is
 * written as a number; anything else as written, for the reader to name the error on the cell).
 * `actuals:` is added at the end of the file and the cell's entry made when missing; cycles stay
 * in order. With `from` (a cycle of the cell), that entry moves to `cycle`.
 */
export function setActual(text: string, cell: string, cycle: number, value: number | string, { from }: { from?: number } = {}): string {
	if (cell.trim() === '') throw new NotebookTextError('an actual needs a cell');
	const doc = load(text);
	const { map, existed } = actualsOf(doc, true);
	const values = actualValues(doc, map, cell);
	if (from !== undefined && from !== cycle) {
		const old = cyclePair(values, from);
		if (!old) throw new NotebookTextError(`${cell} has no actual at cycle ${from}`);
		values.items.splice(values.items.indexOf(old), 1);
	}
	const written = actualValue(value);
	const pair = cyclePair(values, cycle);
	if (pair) {
		if (isScalar(pair.value)) pair.value.value = written;
		else pair.value = new Scalar(written);
	} else {
		const at = values.items.findIndex((p) => Number(keyOf(p.key)) > cycle);
		values.items.splice(at < 0 ? values.items.length : at, 0, doc.createPair(cycle, written) as never);
	}
	return splice(text, doc, { kind: 'root-key', key: 'actuals', existed });
}

/** Removes cell `cell`'s actual at `cycle`; its entry goes when it was the last, and `actuals:` when that was the last entry. */
export function removeActual(text: string, cell: string, cycle: number): string {
	const doc = load(text);
	const { map, existed } = actualsOf(doc, false);
	const entry = existed ? map.get(cell, true) : undefined;
	const values = isMap(entry) ? entry.get('values', true) : undefined;
	const pair = isMap(values) ? cyclePair(values, cycle) : undefined;
	if (!isMap(entry) || !isMap(values) || !pair) throw new NotebookTextError(`${cell} has no actual at cycle ${cycle}`);
	values.items.splice(values.items.indexOf(pair), 1);
	if (values.items.length === 0) map.delete(cell);
	if (map.items.length === 0) (doc.contents as YAMLMap).delete('actuals');
	return splice(text, doc, { kind: 'root-key', key: 'actuals', existed: true });
}

/** Sets how cell `cell`'s measurements are uncertain: `{noise}` (relative), `{sd}` (absolute), or null for the default noise. The cell must have actuals. */
export function setActualNoise(text: string, cell: string, spread: ActualSpread): string {
	const doc = load(text);
	const { map, existed } = actualsOf(doc, false);
	const entry = existed ? map.get(cell, true) : undefined;
	if (!isMap(entry)) throw new NotebookTextError(`${cell} has no actuals`);
	const [key, other] = spread === null ? [null, null] : 'noise' in spread ? ['noise', 'sd'] : ['sd', 'noise'];
	if (key === null) {
		entry.delete('noise');
		entry.delete('sd');
	} else {
		entry.delete(other!);
		setKey(doc, entry, key, (spread as Record<string, number>)[key]);
	}
	return splice(text, doc, { kind: 'root-key', key: 'actuals', existed: true });
}

/** The `actuals:` map (made, at the end, when missing and `create`). */
function actualsOf(doc: Document, create: boolean): { map: YAMLMap; existed: boolean } {
	const root = doc.contents as YAMLMap;
	const node = root.get('actuals', true);
	if (isMap(node)) return { map: node, existed: true };
	const empty = node === undefined || (isScalar(node) && node.value === null);
	if (!empty) throw new NotebookTextError("the notebook's `actuals` is not a mapping");
	if (!create) return { map: doc.createNode({}) as YAMLMap, existed: node !== undefined };
	const map = keepComments(node, doc.createNode({}) as YAMLMap);
	root.set('actuals', map);
	return { map, existed: node !== undefined };
}

/** Cell `cell`'s `values:` map, made (a flow map, `{1: 230}`) when missing. */
function actualValues(doc: Document, actuals: YAMLMap, cell: string): YAMLMap {
	let entry: unknown = actuals.get(cell, true);
	if (entry === undefined || (isScalar(entry) && entry.value === null)) {
		const made = keepComments(entry, doc.createNode({}) as YAMLMap);
		actuals.set(cell, made);
		entry = made;
	}
	if (!isMap(entry)) throw new NotebookTextError(`the actuals of ${cell} are not a mapping`);
	let values: unknown = entry.get('values', true);
	if (values === undefined || (isScalar(values) && values.value === null)) {
		const made = keepComments(values, doc.createNode({}) as YAMLMap);
		made.flow = true;
		entry.items.unshift(doc.createPair('values', made) as never);
		values = made;
	}
	if (!isMap(values)) throw new NotebookTextError(`the values of ${cell}'s actuals are not a mapping`);
	return values;
}

function keyOf(key: unknown): unknown {
	return isScalar(key) ? key.value : key;
}

function cyclePair(values: YAMLMap, cycle: number) {
	return values.items.find((p) => String(keyOf(p.key)).trim() === String(cycle));
}

function actualValue(value: number | string): number | string {
	if (typeof value === 'number') return value;
	const trimmed = value.trim();
	return trimmed !== '' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed) ? Number(trimmed) : value;
}
