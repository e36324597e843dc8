// Issue 14: edits add quotes only where YAML needs them (a plain line stays plain, quotes that an
// edited value no longer needs go), and whatever is written reads back as the value given.
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { insertCell, updateCellField } from '$lib/notebookText';

const TEXT = `format: 1
title: Plan
cells:
  - name: growth
    sample: normal(0.2, 0.05) # monthly
  - name: users
    init: 1000
    formula: users * (1 + growth)
  - name: quoted
    sample: "uniform(1, 2)"
  - md: |
      Some prose.
`;

/** The line of `field` in the cell named `cell` after the edit. */
function lineOf(text: string, cell: string, field: string): string {
	const lines = text.split('\n');
	const at = lines.findIndex((line) => line.trim() === `- name: ${cell}`);
	return lines.slice(at + 1).find((line) => line.trimStart().startsWith(`${field}:`))!.trim();
}

function cellValue(text: string, cell: string, field: string): unknown {
	const data = parse(text) as { cells: Record<string, unknown>[] };
	return data.cells.find((c) => c.name === cell)![field];
}

describe('quoting of edited scalars', () => {
	test.each([
		['clamp(normal(0.2, 0.1), 0, 1)', 'sample: clamp(normal(0.2, 0.1), 0, 1)'],
		['max(0, users - 10) * 2', 'sample: max(0, users - 10) * 2'],
		['-users + 1', 'sample: -users + 1'],
		["users' growth", "sample: users' growth"],
		['a > 1 ? 2 : 3', 'sample: "a > 1 ? 2 : 3"'],
		['users # not a comment', 'sample: "users # not a comment"'],
		['[1, 2]', 'sample: "[1, 2]"'],
		['true', 'sample: "true"'],
		['null', 'sample: "null"'],
		['1e5', 'sample: "1e5"'],
		['0.25', 'sample: 0.25']
	])('%s is written as `%s` and reads back', (value, line) => {
		const edited = updateCellField(TEXT, 'growth', 'sample', value);
		expect(lineOf(edited, 'growth', 'sample')).toBe(`${line} # monthly`);
		const read = cellValue(edited, 'growth', 'sample');
		expect(String(read)).toBe(value);
	});

	test('spaces around a one-line value do not force quotes (they are dropped)', () => {
		const edited = updateCellField(TEXT, 'users', 'formula', '  users * (1 + growth) + 5 ');
		expect(lineOf(edited, 'users', 'formula')).toBe('formula: users * (1 + growth) + 5');
	});

	test('quotes a value no longer needs are dropped on edit', () => {
		const edited = updateCellField(TEXT, 'quoted', 'sample', 'uniform(1, 3)');
		expect(lineOf(edited, 'quoted', 'sample')).toBe('sample: uniform(1, 3)');
	});

	test('a new field and a new cell are written plain', () => {
		const unit = updateCellField(TEXT, 'users', 'unit', 'users per month');
		expect(lineOf(unit, 'users', 'unit')).toBe('unit: users per month');
		const added = insertCell(TEXT, 1, { name: 'churn', sample: 'clamp(normal(0.03, 0.01), 0, 1)' });
		expect(lineOf(added, 'churn', 'sample')).toBe('sample: clamp(normal(0.03, 0.01), 0, 1)');
	});

	test('only the edited line changes; multi-line text is still a | block; markdown keeps its spaces', () => {
		const edited = updateCellField(TEXT, 'growth', 'sample', 'normal(0.3, 0.05)');
		expect(edited).toBe(TEXT.replace('normal(0.2, 0.05)', 'normal(0.3, 0.05)'));
		const block = updateCellField(TEXT, 'users', 'formula', 'users *\n  (1 + growth)');
		expect(block).toContain('    formula: |-\n      users *\n        (1 + growth)\n');
		const md = updateCellField(TEXT, 3, 'md', 'Line one  \nline two\n');
		expect((parse(md) as { cells: { md?: string }[] }).cells[3].md).toBe('Line one  \nline two\n');
	});
});
