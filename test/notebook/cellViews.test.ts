import { describe, expect, it } from 'vitest';
import { cellNames, notebookView, placeErrors } from '$lib/notebook/cellViews';

const TEXT = `format: 1
title: T
horizon: 12
cells:
  - md: |
      # Hello
  - name: growth
    sample: normal(0.1, 0.02)
    unit: per month

  - name: users
    init: 100
    formula: users * (1 + growth)
  - name: revenue
    formula: users * price
  - chart: [users, nobody]
  - what: is this
scenarios:
  bear:
    growth: 0.01
`;

describe('notebookView(text)', () => {
	it('reads every cell with its kind, fields and lines, and the settings', () => {
		const view = notebookView(TEXT);
		if (!view.ok) throw new Error(view.message);
		expect(view.value.settings).toEqual({ title: 'T', cycle: '1 month', horizon: 12, trials: null, seed: null, runway: null });
		expect(view.value.scenarios).toEqual(['bear']);
		expect(view.value.cells.map((cell) => cell.kind)).toEqual(['md', 'sample', 'stock', 'formula', 'chart', 'other']);
		const [md, growth, users] = view.value.cells;
		expect(md).toMatchObject({ text: '# Hello\n', line: 5, endLine: 6 });
		expect(growth).toMatchObject({ name: 'growth', sample: 'normal(0.1, 0.02)', unit: 'per month', line: 7, endLine: 9 });
		expect(users).toMatchObject({ kind: 'stock', init: '100', formula: 'users * (1 + growth)', line: 11 });
		expect(cellNames(view.value.cells)).toEqual(['growth', 'users', 'revenue']);
	});

	it('reports YAML it cannot read, with its line', () => {
		const view = notebookView('title: [unclosed\ncells: []\n');
		expect(view.ok).toBe(false);
	});
});

describe('placeErrors(cells, errors)', () => {
	it('puts an error on the cell it names, a nameless one on the cell holding its line, the rest aside', () => {
		const view = notebookView(TEXT);
		if (!view.ok) throw new Error(view.message);
		const error = (cell: string | null, line: number | null) => ({ file: 'f', cell, line, message: `${cell}@${line}` });
		const placed = placeErrors(view.value.cells, [error('revenue', 15), error(null, 16), error('growth', 21), error(null, 3), error(null, null)]);
		expect(placed.byCell.get(3)?.map((e) => e.message)).toEqual(['revenue@15']);
		expect(placed.byCell.get(4)?.map((e) => e.message)).toEqual(['null@16']);
		// a scenario override's error names the cell; its line is in the scenarios
		expect(placed.byCell.get(1)?.map((e) => e.message)).toEqual(['growth@21']);
		expect(placed.general.map((e) => e.message)).toEqual(['null@3', 'null@null']);
	});
});
