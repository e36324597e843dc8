import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/lib/engine/language/didYouMean';
import { RESERVED_NAMES, nameProblem } from '../../src/lib/engine/language/names';
import { formatError } from '../../src/lib/engine/notebook/formatError';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { applyScenario } from '../../src/lib/engine/notebook/scenarios';
import type { Notebook, NotebookError } from '../../src/lib/engine/types';

/** The example of SPEC §1, comments included. */
const SPEC_EXAMPLE = `format: 1
title: Social network MVP
cycle: 1 month          # length of one cycle: N day(s) | week(s) | month(s) | quarter(s)
horizon: 36             # cycles simulated after cycle 0 (results have horizon + 1 points)
trials: 10000
seed: 2026
runway: cash            # the cell whose first value below 0 ends the runway
cells:
  - md: |
      ## Growth
      Users grow by word of mouth; churn eats a share every cycle.
  - name: growth
    sample: normal(0.08, 0.03)          # drawn once per trial
    unit: per month
  - name: churn
    sample: uniform(0.02, 0.06)
  - name: users
    init: 1000                          # a stock: its value at cycle 0
    formula: users * (1 + growth * normal(1, 0.1)) - churned   # from cycle 1 on
  - name: churned
    formula: prev(users) * churn
  - name: cash
    init: 500000
    formula: cash + users * 0.5 - 40000
  - chart: [users]                      # fan chart of one or more cells
  - chart: runway                       # runway distribution
scenarios:                              # named overrides of cells, compared against the base
  bear:
    growth: normal(0.04, 0.02)
`;

/** A small valid notebook; `cells` and `extra` are spliced in as YAML text. */
function notebookText({ top = '', cells = '', scenarios = '' }: { top?: string; cells?: string; scenarios?: string } = {}): string {
	return [
		'format: 1',
		'title: Test',
		top,
		'cells:',
		'  - name: growth',
		'    sample: normal(0.08, 0.03)',
		'  - name: users',
		'    init: 1000',
		'    formula: users * (1 + growth)',
		cells,
		scenarios === '' ? '' : `scenarios:\n${scenarios}`
	]
		.filter((part) => part !== '')
		.join('\n');
}
// Lines of notebookText() with no `top`: 1 format, 2 title, 3 cells:, 4-5 growth, 6-8 users, 9+ extra cells.

function parsed(text: string): Notebook {
	const result = parseNotebook(text, 'test.yaml');
	if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
	return result.value;
}

function errorsOf(text: string): NotebookError[] {
	const result = parseNotebook(text, 'test.yaml');
	if (result.ok) throw new Error('expected errors, but the notebook parsed');
	return result.errors;
}

/** The only error of `text`. */
function onlyError(text: string): NotebookError {
	const errors = errorsOf(text);
	expect(errors.map(formatError)).toHaveLength(1);
	return errors[0];
}

describe('parseNotebook(text, file) on valid notebooks', () => {
	it('reads the example of SPEC §1 into its cells, lines and scenarios', () => {
		expect(parsed(SPEC_EXAMPLE)).toEqual({
			file: 'test.yaml',
			format: 1,
			title: 'Social network MVP',
			cycle: '1 month',
			cycleLength: { count: 1, unit: 'month' },
			horizon: 36,
			trials: 10000,
			seed: 2026,
			runway: 'cash',
			cells: [
				{ kind: 'md', text: '## Growth\nUsers grow by word of mouth; churn eats a share every cycle.\n', line: 9 },
				{ kind: 'sample', name: 'growth', sample: 'normal(0.08, 0.03)', unit: 'per month', line: 12 },
				{ kind: 'sample', name: 'churn', sample: 'uniform(0.02, 0.06)', line: 15 },
				{
					kind: 'stock',
					name: 'users',
					init: '1000',
					formula: 'users * (1 + growth * normal(1, 0.1)) - churned',
					line: 17
				},
				{ kind: 'formula', name: 'churned', formula: 'prev(users) * churn', line: 20 },
				{ kind: 'stock', name: 'cash', init: '500000', formula: 'cash + users * 0.5 - 40000', line: 22 },
				{ kind: 'chart', series: ['users'], line: 25 },
				{ kind: 'chart', series: 'runway', line: 26 }
			],
			scenarios: { bear: { growth: 'normal(0.04, 0.02)' } },
			scenarioLines: { 'bear/growth': 29 },
			events: []
		});
	});

	it('gives the result as plain data that survives JSON and structured cloning', () => {
		const notebook = parsed(SPEC_EXAMPLE);
		expect(JSON.parse(JSON.stringify(notebook))).toEqual(notebook);
		expect(structuredClone(notebook)).toEqual(notebook);
	});

	it('fills cycle 1 month, horizon 36, trials 10000, seed 1 and runway null when they are left out', () => {
		const notebook = parsed(notebookText());
		expect(notebook).toMatchObject({
			cycle: '1 month',
			cycleLength: { count: 1, unit: 'month' },
			horizon: 36,
			trials: 10000,
			seed: 1,
			runway: null
		});
		expect(notebook.scenarios).toEqual({});
		expect(notebook.scenarioLines).toEqual({});
	});

	it.each([
		['1 day', 1, 'day'],
		['3 days', 3, 'day'],
		['2 weeks', 2, 'week'],
		['1 month', 1, 'month'],
		['6 months', 6, 'month'],
		['1 quarter', 1, 'quarter']
	])('reads cycle %j as %i %s', (cycle, count, unit) => {
		const notebook = parsed(notebookText({ top: `cycle: ${cycle}` }));
		expect(notebook.cycle).toBe(cycle);
		expect(notebook.cycleLength).toEqual({ count, unit });
	});

	it('accepts the bounds horizon 1 and 1000, trials 1 and 10,000,000, seed 0', () => {
		expect(parsed(notebookText({ top: 'horizon: 1\ntrials: 1\nseed: 0' }))).toMatchObject({ horizon: 1, trials: 1, seed: 0 });
		expect(parsed(notebookText({ top: 'horizon: 1000\ntrials: 10000000' }))).toMatchObject({ horizon: 1000, trials: 10_000_000 });
	});

	it('stores numbers and block scalars written as expressions as trimmed strings', () => {
		const notebook = parsed(
			notebookText({ cells: '  - name: price\n    sample: 12.5\n  - name: fee\n    formula: |\n      price * 0.03\n  - name: stock\n    init: 0\n    formula: stock + fee' })
		);
		expect(notebook.cells.slice(2)).toEqual([
			{ kind: 'sample', name: 'price', sample: '12.5', line: 9 },
			{ kind: 'formula', name: 'fee', formula: 'price * 0.03', line: 11 },
			{ kind: 'stock', name: 'stock', init: '0', formula: 'stock + fee', line: 14 }
		]);
	});

	it('reads chart: NAME as a one-cell list, chart: [a, b] as a list and chart: runway as the runway chart', () => {
		const notebook = parsed(notebookText({ top: 'runway: users', cells: '  - chart: users\n  - chart: [users, growth]\n  - chart: runway' }));
		expect(notebook.cells.slice(2).map((cell) => (cell.kind === 'chart' ? cell.series : null))).toEqual([
			['users'],
			['users', 'growth'],
			'runway'
		]);
	});

	it('keeps unit, note, min and max on named cells', () => {
		const notebook = parsed(notebookText({ cells: '  - name: fee\n    formula: 3\n    unit: USD\n    note: card fees\n    min: 0\n    max: 10' }));
		expect(notebook.cells[2]).toEqual({ kind: 'formula', name: 'fee', formula: '3', line: 9, unit: 'USD', note: 'card fees', min: 0, max: 10 });
	});

	it('allows names that are not built-ins, such as sin, Users and users_2', () => {
		const notebook = parsed(notebookText({ cells: '  - name: sin\n    formula: 1\n  - name: Users\n    formula: 2\n  - name: users_2\n    formula: 3' }));
		expect(notebook.cells.map((cell) => ('name' in cell ? cell.name : null))).toEqual(['growth', 'users', 'sin', 'Users', 'users_2']);
	});

	it('reads every override form of a scenario with the line of each override', () => {
		const notebook = parsed(
			notebookText({
				cells: '  - name: costs\n    formula: 40000',
				scenarios: [
					'  raise-early:',
					'    growth: normal(0.1, 0.02)',
					'    costs: 50000',
					'    users: {init: 2000, formula: users * 1.2}',
					'  lean:',
					'    users:',
					'      init: 500',
					'  empty:'
				].join('\n')
			})
		);
		expect(notebook.scenarios).toEqual({
			'raise-early': { growth: 'normal(0.1, 0.02)', costs: '50000', users: { init: '2000', formula: 'users * 1.2' } },
			lean: { users: { init: '500' } },
			empty: {}
		});
		expect(notebook.scenarioLines).toEqual({
			'raise-early/growth': 13,
			'raise-early/costs': 14,
			'raise-early/users': 15,
			'lean/users': 17
		});
	});
});

describe('parseNotebook(text, file) errors name file, line and cell', () => {
	it('reports an unknown cell key with did-you-mean, and not also the formula it misspells', () => {
		const error = onlyError(notebookText({ cells: '  - name: costs\n    init: 0\n    formla: costs + 1' }));
		expect(error).toEqual({
			file: 'test.yaml',
			line: 11,
			cell: 'costs',
			code: 'schema',
			cellIndex: 2,
			message: "unknown key 'formla' in cell 'costs' — did you mean 'formula'?"
		});
	});

	it('reports an unknown top-level key with did-you-mean, and not also the title it misspells', () => {
		const text = 'format: 1\ntitel: Test\ntrails: 100\ncells: []';
		expect(errorsOf(text)).toEqual([
			{ file: 'test.yaml', line: 2, cell: null, code: 'schema', cellIndex: null, message: "unknown key 'titel' — did you mean 'title'?" },
			{ file: 'test.yaml', line: 3, cell: null, code: 'schema', cellIndex: null, message: "unknown key 'trails' — did you mean 'trials'?" }
		]);
	});

	it('reports an unknown key that resembles nothing without a guess', () => {
		const error = onlyError(notebookText({ top: 'colour: blue' }));
		expect(error).toMatchObject({ line: 3, cell: null, message: "unknown key 'colour'" });
	});

	it('says that a cell with init but no formula needs a formula', () => {
		const error = onlyError(notebookText({ cells: '  - name: cash\n    init: 500000' }));
		expect(error).toMatchObject({ line: 9, cell: 'cash' });
		expect(error.message).toContain('has init but no formula');
	});

	it('names both lines of a duplicate name', () => {
		const error = onlyError(notebookText({ cells: '  - name: growth\n    formula: 1' }));
		expect(error).toEqual({
			file: 'test.yaml',
			line: 9,
			cell: 'growth',
			code: 'schema',
			cellIndex: 2,
			message: "name 'growth' is used twice: on line 4 and line 9"
		});
	});

	it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'pi', 't', 'e', 'normal', 'prev', 'mod', 'in', 'true'])(
		'rejects the reserved name %s',
		(name) => {
			// Quoted, so that YAML reads `true` as text.
			const error = onlyError(notebookText({ cells: `  - name: '${name}'\n    formula: 1` }));
			expect(error).toMatchObject({ line: 9, cell: name });
			expect(error.message).toMatch(/built-in|reserved/);
		}
	);

	it.each([
		['2x', 'must start with a letter'],
		['_x', 'must start with a letter'],
		['a-b', "only letters, digits and '_'"],
		['net cash', "only letters, digits and '_'"],
		['café', "only letters, digits and '_'"]
	])('rejects the name %j: %s', (name, why) => {
		const error = onlyError(notebookText({ cells: `  - name: ${name}\n    formula: 1` }));
		expect(error).toMatchObject({ line: 9, cell: name });
		expect(error.message).toContain(why);
	});

	it('rejects a name that YAML reads as a number', () => {
		const error = onlyError(notebookText({ cells: '  - name: 42\n    formula: 1' }));
		expect(error).toMatchObject({ line: 9, cell: null, message: "name must be text such as 'users', not 42" });
	});

	it.each([
		['horizon: 0', 'horizon must be a whole number from 1 to 1,000, not 0'],
		['horizon: 1001', 'horizon must be a whole number from 1 to 1,000, not 1001'],
		['horizon: 12.5', 'horizon must be a whole number from 1 to 1,000, not 12.5'],
		['trials: 0', 'trials must be a whole number from 1 to 10,000,000, not 0'],
		['trials: 1e12', 'trials must be a whole number from 1 to 10,000,000, not 1000000000000'],
		['trials: 2.5', 'trials must be a whole number from 1 to 10,000,000, not 2.5'],
		['trials: 10,000', "trials must be a whole number from 1 to 10,000,000, not '10,000' (write it without separators: 10000)"],
		['seed: -1', 'seed must be a whole number from 0 to 9,007,199,254,740,991, not -1'],
		['seed: many', "seed must be a whole number from 0 to 9,007,199,254,740,991, not 'many'"]
	])('rejects %s', (line, message) => {
		expect(onlyError(notebookText({ top: line }))).toEqual({ file: 'test.yaml', line: 3, cell: null, code: 'schema', cellIndex: null, message });
	});

	it.each(['fortnight', '0 months', '1.5 months', 'month', '2 years', '12'])('rejects cycle %j', (cycle) => {
		const error = onlyError(notebookText({ top: `cycle: ${cycle}` }));
		expect(error).toMatchObject({ line: 3, cell: null });
		expect(error.message).toMatch(/^cycle must be a whole number ≥ 1 and a unit, such as '1 month'/);
	});

	it('rejects format 2 and a missing format', () => {
		expect(onlyError('format: 2\ntitle: T\ncells: []')).toMatchObject({ line: 1, message: 'format must be 1, not 2 — this version reads format 1' });
		expect(onlyError('title: T\ncells: []')).toMatchObject({ line: 1, message: "missing 'format: 1' at the top of the file" });
	});

	it('rejects a missing title, an empty title and missing cells', () => {
		expect(onlyError('format: 1\ncells: []')).toEqual({ file: 'test.yaml', line: 1, cell: null, code: 'schema', cellIndex: null, message: "missing 'title'" });
		expect(onlyError('format: 1\ntitle: " "\ncells: []')).toMatchObject({ line: 2, message: 'title must not be empty' });
		expect(onlyError('format: 1\ntitle: T')).toMatchObject({ line: 1, message: "missing 'cells'" });
	});

	it('reports a YAML syntax error at its line', () => {
		const error = onlyError('format: 1\ntitle: T\ncells:\n  - name: a\n    formula: [1, 2\n  - name: b\n');
		expect(error.line).toBe(6);
		expect(error.message).toMatch(/^YAML syntax error: /);
	});

	it('reports a key given twice as a YAML error at the second one', () => {
		const error = onlyError(notebookText({ cells: '  - name: fee\n    formula: 1\n    formula: 2' }));
		expect(error).toMatchObject({ line: 11, cell: 'fee', message: 'YAML syntax error: Map keys must be unique' });
	});

	it('rejects an empty file and a file that is not a map', () => {
		expect(onlyError('')).toMatchObject({ line: 1, message: expect.stringContaining('the file is empty') });
		expect(onlyError('# only a comment\n')).toMatchObject({ line: 1, message: expect.stringContaining('the file is empty') });
		expect(onlyError('- format: 1')).toMatchObject({ line: 1, message: expect.stringContaining('not a list') });
	});

	it('reports a chart of an unknown cell with did-you-mean at the line of the name', () => {
		expect(onlyError(notebookText({ cells: '  - chart: [growth,\n      usres]' }))).toEqual({
			file: 'test.yaml',
			line: 10,
			cell: null,
			code: 'schema',
			cellIndex: 2,
			message: "unknown cell 'usres' in chart — did you mean 'users'?"
		});
		expect(onlyError(notebookText({ cells: '  - chart: usres' }))).toMatchObject({ line: 9, message: "unknown cell 'usres' in chart — did you mean 'users'?" });
	});

	it('rejects chart: runway when the notebook names no runway cell', () => {
		expect(onlyError(notebookText({ cells: '  - chart: runway' }))).toMatchObject({ line: 9, message: expect.stringContaining("chart: runway needs a top-level 'runway: CELL'") });
	});

	it('rejects an empty chart and a chart of something that is not a name', () => {
		expect(onlyError(notebookText({ cells: '  - chart: []' }))).toMatchObject({ line: 9, message: 'chart lists no cells' });
		expect(onlyError(notebookText({ cells: '  - chart: [users, 3]' }))).toMatchObject({ line: 9, message: expect.stringMatching(/^chart must be a cell name/) });
	});

	it('reports a runway of an unknown cell with did-you-mean', () => {
		expect(onlyError(notebookText({ top: 'runway: user' }))).toEqual({
			file: 'test.yaml',
			line: 3,
			cell: null,
			code: 'schema',
			cellIndex: null,
			message: "unknown cell 'user' in runway — did you mean 'users'?"
		});
	});

	it('reports a scenario overriding an unknown cell with did-you-mean', () => {
		expect(onlyError(notebookText({ scenarios: '  bear:\n    grwth: normal(0.04, 0.02)' }))).toEqual({
			file: 'test.yaml',
			line: 11,
			cell: null,
			code: 'schema',
			cellIndex: null,
			message: "unknown cell 'grwth' in scenario 'bear' — did you mean 'growth'?"
		});
	});

	it('rejects a scenario giving a sample cell an init, and a formula cell an init', () => {
		const errors = errorsOf(
			notebookText({
				cells: '  - name: churned\n    formula: users * 0.1',
				scenarios: '  bear:\n    growth: {init: 1, formula: 2}\n    churned:\n      init: 0\n      formula: users * 0.2'
			})
		);
		expect(errors.map((e) => [e.line, e.cell])).toEqual([
			[13, 'growth'],
			[14, 'churned']
		]);
		expect(errors[0].message).toContain("gives sample cell 'growth' an init");
		expect(errors[1].message).toContain("'churned' is a formula, not a stock");
	});

	it('rejects an unknown key in a stock override with did-you-mean', () => {
		expect(onlyError(notebookText({ scenarios: '  bear:\n    users: {init: 5, frmula: users}' }))).toMatchObject({
			line: 11,
			cell: 'users',
			message: "unknown key 'frmula' in scenario 'bear' for cell 'users' — did you mean 'formula'?"
		});
	});

	it("rejects a scenario named 'base' or after an object property, and keeps __proto__ from polluting objects", () => {
		const errors = errorsOf(notebookText({ scenarios: '  base:\n    growth: 1\n  __proto__:\n    growth: 2\n  constructor:\n    growth: 3' }));
		expect(errors.map((e) => e.line)).toEqual([10, 12, 14]);
		expect(errors[0].message).toContain("'base' is the notebook itself");
		expect(errors[1].message).toContain("scenario name '__proto__' is reserved");
		expect(({} as Record<string, unknown>).growth).toBeUndefined();
	});

	it('rejects cells that are not maps, have no kind, or have two kinds', () => {
		const errors = errorsOf(notebookText({ cells: '  - users\n  - name: fee\n    value: 3\n  - name: q\n    sample: 1\n    formula: 2\n  - md: hi\n    unit: x' }));
		expect(errors.map((e) => [e.line, e.cell, e.message])).toEqual([
			[9, null, 'a cell must be a map such as {name: users, formula: …}, not \'users\''],
			[11, 'fee', "unknown key 'value' in cell 'fee'"],
			[10, 'fee', "cell 'fee' needs a sample or a formula"],
			[14, 'q', "cell 'q' has both 'sample' and 'formula' — a cell is one of md, chart, sample, formula, schedule, or init with formula (a stock)"],
			[16, null, "'unit' does not belong in an md cell: it has only 'md'"]
		].sort((a, b) => (a[0] as number) - (b[0] as number)));
	});

	it('rejects an expression that is a list or empty, and min above max', () => {
		const errors = errorsOf(notebookText({ cells: '  - name: a\n    formula: [1]\n  - name: b\n    sample: ""\n  - name: c\n    formula: 1\n    min: 5\n    max: 2' }));
		expect(errors.map((e) => [e.line, e.cell, e.message])).toEqual([
			[10, 'a', 'formula must be an expression such as users * 1.1, not a list'],
			[12, 'b', 'sample must not be empty'],
			[15, 'c', 'min (5) is above max (2)']
		]);
	});

	it('reports several errors at once, in the order of the file', () => {
		const text = [
			'format: 1', //                      1
			'title: Many problems', //           2
			'horizon: 0', //                     3
			'trials: 2.5', //                    4
			'runway: csh', //                    5
			'cells:', //                         6
			'  - name: cash', //                 7
			'    init: 1000', //                 8
			'    formla: cash - 10', //          9
			'  - name: pi', //                   10
			'    formula: 3', //                 11
			'  - chart: [cahs]', //              12
			'scenarios:', //                     13
			'  bear:', //                        14
			'    csh: 5' //                      15
		].join('\n');
		expect(errorsOf(text).map((e) => [e.line, e.cell, e.message])).toEqual([
			[3, null, 'horizon must be a whole number from 1 to 1,000, not 0'],
			[4, null, 'trials must be a whole number from 1 to 10,000,000, not 2.5'],
			[5, null, "unknown cell 'csh' in runway — did you mean 'cash'?"],
			[9, 'cash', "unknown key 'formla' in cell 'cash' — did you mean 'formula'?"],
			[10, 'pi', "'pi' is a built-in name of the expression language — pick another name"],
			[12, null, "unknown cell 'cahs' in chart — did you mean 'cash'?"],
			[15, null, "unknown cell 'csh' in scenario 'bear' — did you mean 'cash'?"]
		]);
	});
});

describe('applyScenario(notebook, scenario)', () => {
	const notebook = parsed(
		notebookText({
			cells: '  - name: costs\n    formula: 40000',
			scenarios: [
				'  bear:',
				'    growth: normal(0.04, 0.02)',
				'    costs: 50000',
				'    users: users * 1.01',
				'  seeded:',
				'    users: {init: 2000, formula: users * 1.2}',
				'  bigstart:',
				'    users: {init: 5000}',
				'    costs: {formula: 30000}'
			].join('\n')
		})
	);
	const cellNamed = (n: Notebook, name: string) => n.cells.find((cell) => 'name' in cell && cell.name === name);

	it("returns the notebook itself for 'base'", () => {
		expect(applyScenario(notebook, 'base')).toEqual({ ok: true, value: notebook });
	});

	it('replaces the sample of a sample cell, the formula of a formula cell and the formula of a stock', () => {
		const result = applyScenario(notebook, 'bear');
		if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
		expect(cellNamed(result.value, 'growth')).toMatchObject({ kind: 'sample', sample: 'normal(0.04, 0.02)' });
		expect(cellNamed(result.value, 'costs')).toMatchObject({ kind: 'formula', formula: '50000' });
		expect(cellNamed(result.value, 'users')).toMatchObject({ kind: 'stock', init: '1000', formula: 'users * 1.01' });
	});

	it('replaces both parts of a stock given {init, formula}, and only init given {init}', () => {
		const seeded = applyScenario(notebook, 'seeded');
		const bigstart = applyScenario(notebook, 'bigstart');
		if (!seeded.ok || !bigstart.ok) throw new Error('expected both scenarios to apply');
		expect(cellNamed(seeded.value, 'users')).toMatchObject({ init: '2000', formula: 'users * 1.2' });
		expect(cellNamed(bigstart.value, 'users')).toMatchObject({ init: '5000', formula: 'users * (1 + growth)' });
		expect(cellNamed(bigstart.value, 'costs')).toMatchObject({ kind: 'formula', formula: '30000' });
	});

	it('leaves the notebook it was given unchanged', () => {
		const before = structuredClone(notebook);
		applyScenario(notebook, 'seeded');
		expect(notebook).toEqual(before);
	});

	it('rejects an unknown scenario with did-you-mean and the list of known ones', () => {
		expect(applyScenario(notebook, 'baer')).toEqual({
			ok: false,
			errors: [
				{
					file: 'test.yaml',
					line: null,
					cell: null,
					code: 'usage',
					message: "unknown scenario 'baer' — did you mean 'bear'? (known: 'base', 'bear', 'seeded', 'bigstart')"
				}
			]
		});
		expect(applyScenario(notebook, 'toString').ok).toBe(false);
	});

	it('rejects an init for a sample cell or a formula cell, and an unknown cell, at the override line', () => {
		const handMade: Notebook = {
			...notebook,
			scenarios: { odd: { growth: { init: '1' }, costs: { init: '0', formula: '1' }, cots: '3' } },
			scenarioLines: { 'odd/growth': 20, 'odd/costs': 21, 'odd/cots': 22 }
		};
		const result = applyScenario(handMade, 'odd');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => [e.line, e.cell])).toEqual([
			[20, 'growth'],
			[21, 'costs'],
			[22, null]
		]);
		expect(result.errors[0].message).toContain("gives sample cell 'growth' an init");
		expect(result.errors[1].message).toContain("'costs' is a formula, not a stock");
		expect(result.errors[2].message).toBe("unknown cell 'cots' in scenario 'odd' — did you mean 'costs'?");
	});
});

describe('formatError(error)', () => {
	it('writes file:line: cell NAME: message, leaving out what is null', () => {
		expect(formatError({ file: 'a.yaml', line: 3, cell: 'users', message: 'boom' })).toBe("a.yaml:3: cell 'users': boom");
		expect(formatError({ file: 'a.yaml', line: 3, cell: null, message: 'boom' })).toBe('a.yaml:3: boom');
		expect(formatError({ file: 'a.yaml', line: null, cell: 'users', message: 'boom' })).toBe("a.yaml: cell 'users': boom");
		expect(formatError({ file: 'a.yaml', line: null, cell: null, message: 'boom' })).toBe('a.yaml: boom');
	});
});

describe('names and did-you-mean helpers', () => {
	it('RESERVED_NAMES holds the built-ins and object properties, not ordinary words', () => {
		for (const name of ['normal', 'ci90', 'clamp', 't', 'pi', 'to', 'constructor', '__proto__', 'toLocaleString']) {
			expect(RESERVED_NAMES.has(name)).toBe(true);
		}
		for (const name of ['sin', 'users', 'cash', 'Normal']) expect(RESERVED_NAMES.has(name)).toBe(false);
		expect(nameProblem('users')).toBeNull();
	});

	it('editDistance counts a swap of neighbours as one edit (Damerau–Levenshtein)', () => {
		expect(editDistance('usres', 'users')).toBe(1);
		expect(editDistance('formla', 'formula')).toBe(1);
		expect(editDistance('kitten', 'sitting')).toBe(3);
		expect(editDistance('', 'abc')).toBe(3);
	});

	it('didYouMean suggests within distance 2, and 1 for short words', () => {
		expect(didYouMean('trails', ['title', 'trials'])).toBe('trials');
		expect(didYouMean('Formula', ['formula'])).toBe('formula');
		expect(didYouMean('x', ['e', 'md'])).toBe('e');
		expect(didYouMean('ab', ['md'])).toBeNull();
		expect(didYouMean('revenue', ['users', 'cash'])).toBeNull();
	});
});
