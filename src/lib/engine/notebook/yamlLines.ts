// From a path in the parsed data back to the YAML node it came from: lines for error messages and
// the line ranges of cells. Also where the reader collects its errors (`report`).
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { ErrorCode, NotebookError } from '../types';
import { isPlainMap } from './schema';

export type Path = readonly (string | number)[];

/** A problem found by the reader, on the cell it belongs to (its index in `cells`), or on none. */
export type ReadError = NotebookError & { cellIndex: number | null };

/** One reading of one file: its YAML document, lines, and the errors found so far. */
export type ReadContext = {
	file: string;
	text: string;
	doc: Document;
	lines: LineCounter;
	errors: ReadError[];
	/** The cell being read; errors reported meanwhile belong to it. */
	cellIndex: number | null;
};

type Range = [number, number, number];

const keyText = (key: unknown): string => (isScalar(key) ? String(key.value) : String(key));

const rangeOf = (node: unknown): Range | null => (node as { range?: Range } | null | undefined)?.range ?? null;

export function lineAtOffset(context: ReadContext, offset: number): number {
	return context.lines.linePos(offset).line;
}

function rangeLine(context: ReadContext, node: unknown): number | null {
	const range = rangeOf(node);
	return range ? lineAtOffset(context, range[0]) : null;
}

/** The YAML node at `path`, or undefined. */
export function nodeAt(context: ReadContext, path: Path): unknown {
	let node: unknown = context.doc.contents;
	for (const segment of path) {
		if (isMap(node)) node = node.items.find((item) => keyText(item.key) === String(segment))?.value;
		else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
		else return undefined;
	}
	return node;
}

/** The line of the deepest YAML node on `path` (the enclosing map or list when the rest is missing). */
export function lineOf(context: ReadContext, path: Path): number | null {
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

/** The line of `key` in the map at `path`. */
export function keyLineOf(context: ReadContext, path: Path, key: string): number | null {
	const node = nodeAt(context, path);
	if (isMap(node)) {
		const pair = node.items.find((item) => keyText(item.key) === key);
		const line = pair ? rangeLine(context, pair.key) : null;
		if (line !== null) return line;
	}
	return lineOf(context, path);
}

/** The last line of the node at `path` that is not blank (a node's range ends after the blank lines that follow it). */
export function endLineOf(context: ReadContext, path: Path, line: number): number {
	const range = rangeOf(nodeAt(context, path));
	if (!range) return line;
	let end = Math.min(range[1], context.text.length);
	while (end > 0 && /\s/.test(context.text[end - 1])) end--;
	return lineAtOffset(context, Math.max(range[0], end - 1));
}

/** The index in `cells` of the cell whose text holds `offset`, when the document got that far. */
export function cellAtOffset(doc: Document, offset: number): { index: number; name: string | null } | null {
	const cells = isMap(doc.contents) ? doc.contents.get('cells', true) : null;
	if (!isSeq(cells)) return null;
	for (const [index, item] of cells.items.entries()) {
		const range = rangeOf(item);
		if (isMap(item) && range && range[0] <= offset && offset < range[2]) {
			const name = item.get('name');
			return { index, name: typeof name === 'string' ? name : null };
		}
	}
	return null;
}

/** Records a problem; it belongs to the cell being read unless `cellIndex` says otherwise. */
export function report(
	context: ReadContext,
	line: number | null,
	cell: string | null,
	message: string,
	code: ErrorCode = 'schema',
	cellIndex: number | null = context.cellIndex
): void {
	context.errors.push({ file: context.file, line, cell, code, message, cellIndex });
}

/** The value at `path` in plain data. */
export function valueAt(data: unknown, path: Path): unknown {
	let value = data;
	for (const segment of path) {
		if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
		else if (isPlainMap(value) && Object.hasOwn(value, segment)) value = value[segment];
		else return undefined;
	}
	return value;
}
