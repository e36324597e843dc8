import { describe, expect, it } from 'vitest';
import { cellNames } from '../../../src/lib/engine/notebook/cells';
import { parseNotebook, readNotebook } from '../../../src/lib/engine/notebook/readNotebook';
import { errorsOnCells } from '../../../src/lib/notebook/errorsOnCells';

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
    revenue: {init: 3}
`;

describe('readNotebook(text, file): every cell, with its lines and its own errors', () => {
	it('reads every cell with its kind, fields and lines, and the settings, even when the notebook has errors', () => {
		const read = readNotebook(TEXT, 'f.yaml');
		expect(read.notebook).toBeNull();
		expect(read.settings).toEqual({ title: 'T', cycle: '1 month', horizon: 12, trials: null, seed: null, runway: null });
		expect(read.scenarios).toEqual(['bear']);
		expect(read.cells.map((cell) => cell.kind)).toEqual(['md', 'sample', 'stock', 'formula', 'chart', 'other']);
		const [md, growth, users] = read.cells;
		expect(md).toMatchObject({ index: 0, text: '# Hello\n', line: 5, endLine: 6 });
		expect(growth).toMatchObject({ index: 1, name: 'growth', sample: 'normal(0.1, 0.02)', unit: 'per month', line: 7, endLine: 9 });
		expect(users).toMatchObject({ kind: 'stock', init: '100', formula: 'users * (1 + growth)', line: 11 });
		expect(read.cells[5]).toMatchObject({ kind: 'other', name: null, source: 'what: is this' });
		const multi = readNotebook('format: 1\ntitle: T\ncells:\n  - name: x\n    colour: 1\n', 'f');
		expect(multi.cells[0]).toMatchObject({ kind: 'other', name: 'x', source: 'name: x\ncolour: 1' });
		expect(cellNames(read.cells)).toEqual(['growth', 'users', 'revenue']);
	});

	it('puts each error on its cell by index, and the rest in notebookErrors', () => {
		const read = readNotebook(TEXT, 'f.yaml');
		const messages = (index: number) => read.cells[index].errors.map((e) => `${e.line}: ${e.message}`);
		expect(messages(4)).toEqual(["16: unknown cell 'nobody' in chart"]);
		expect(messages(5)).toEqual(["17: unknown key 'what' in a cell — did you mean 'chart'?"]);
		// a scenario override's error belongs to the cell it overrides; its line is in the scenarios
		expect(messages(3)).toEqual(["21: scenario 'bear' gives cell 'revenue' an init, but 'revenue' is a formula, not a stock — give it a new formula only"]);
		expect(messages(1)).toEqual([]);
		expect(read.notebookErrors).toEqual([]);
		expect(read.errors.map((e) => e.cellIndex)).toEqual([4, 5, 3]);
		expect(parseNotebook(TEXT, 'f.yaml')).toEqual({ ok: false, errors: read.errors });
	});

	it('tells two cells of one name apart by index', () => {
		const read = readNotebook('format: 1\ntitle: T\ncells:\n  - name: a\n    formula: 1\n  - name: a\n    formula: 2\n', 'f');
		expect(read.errors).toMatchObject([{ cellIndex: 1, line: 6, cell: 'a', message: "name 'a' is used twice: on line 4 and line 6" }]);
		expect(read.cells[0].errors).toEqual([]);
	});

	it('reads no cells from YAML it cannot read, and says why', () => {
		const read = readNotebook('title: [unclosed\ncells: []\n', 'f');
		expect(read.settings).toBeNull();
		expect(read.cells).toEqual([]);
		expect(read.notebookErrors[0]).toMatchObject({ code: 'syntax', cellIndex: null, message: expect.stringMatching(/^YAML syntax error/) });
		expect(readNotebook('', 'f').settings).toBeNull();
	});

	it('shows a cell whose fields are not all valid as its kind, with the error on it', () => {
		const read = readNotebook('format: 1\ntitle: T\ncells:\n  - name: a\n    formula: 1\n    min: 5\n    max: 2\n  - name: 2x\n    sample: 3\n', 'f');
		expect(read.cells.map((c) => c.kind)).toEqual(['formula', 'sample']);
		expect(read.cells[0].errors.map((e) => e.message)).toEqual(['min (5) is above max (2)']);
		expect(read.cells[1].errors).toHaveLength(1);
	});
});

describe('errorsOnCells(cells, errors)', () => {
	it("places the reader's errors by index and the planner's and the run's by the cell they name", () => {
		const read = readNotebook(TEXT, 'f.yaml');
		const later = { file: 'f.yaml', line: 10, cell: 'users', code: 'run' as const, message: 'users is not a number' };
		const nowhere = { file: 'f.yaml', line: null, cell: null, code: 'run' as const, message: 'boom' };
		const placed = errorsOnCells(read.cells, [...read.errors, later, nowhere]);
		expect(placed.byCell.get(2)).toEqual([later]);
		expect(placed.byCell.get(4)).toHaveLength(1);
		expect(placed.byCell.get(5)).toHaveLength(1);
		expect(placed.general).toEqual([nowhere]);
	});
});
