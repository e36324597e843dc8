import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
	addScenario,
	deleteScenario,
	duplicateScenario,
	insertCell,
	moveCell,
	NotebookTextError,
	removeCell,
	renameScenario,
	scenarioEntries,
	scenarioNameProblem,
	setScenarioEntry,
	updateCellField,
	updateSetting
} from '../src/lib/notebookText';

const NOTEBOOK = `format: 1
title: Growth   # shown in the list
cycle: 1 month
horizon: 36
trials: 10000
seed: 2026
runway: cash
cells:
  # The story first.
  - md: |
      ## Growth
      Users grow by word of mouth.

  - name: growth
    sample: normal(0.08, 0.03)          # drawn once per trial
    unit: per month
  # Churn eats a share every cycle.
  - name: churn
    sample: uniform(0.02, 0.06)
  - name: users
    init: 1000                          # a stock
    formula: >-
      users * (1 + growth)
      - prev(users) * churn
  - name: cash
    init: 500000
    formula: cash + users * 0.5 - 40000
  - chart: [users]                      # fan chart
scenarios:
  bear:
    growth: normal(0.04, 0.02)
`;

const cellsOf = (text: string) => (parse(text) as { cells: Record<string, unknown>[] }).cells;

/** The lines of `a` that are not in `b`, and the other way round. */
function changedLines(a: string, b: string): { removed: string[]; added: string[] } {
	const left = a.split('\n');
	const right = b.split('\n');
	return { removed: left.filter((line) => !right.includes(line)), added: right.filter((line) => !left.includes(line)) };
}

describe('updateCellField(text, cell, field, value)', () => {
	test('changes only the line of the field and keeps every comment, aligned ones included', () => {
		const edited = updateCellField(NOTEBOOK, 'growth', 'sample', 'normal(0.1, 0.02)');
		expect(cellsOf(edited)[1]).toEqual({ name: 'growth', sample: 'normal(0.1, 0.02)', unit: 'per month' });
		for (const comment of ['# shown in the list', '# The story first.', '# drawn once per trial', '# Churn eats a share every cycle.', '# a stock', '# fan chart']) {
			expect(edited).toContain(comment);
		}
		expect(changedLines(NOTEBOOK, edited)).toEqual({
			removed: ['    sample: normal(0.08, 0.03)          # drawn once per trial'],
			added: ['    sample: normal(0.1, 0.02) # drawn once per trial']
		});
	});

	test('keeps other cells byte for byte, hand-folded formulas and blank lines included', () => {
		const edited = updateCellField(NOTEBOOK, 'cash', 'init', '750000');
		expect(edited).toBe(NOTEBOOK.replace('    init: 500000\n', '    init: 750000\n'));
	});

	test('writes a numeric string of an expression field as a number', () => {
		const edited = updateCellField(NOTEBOOK, 'users', 'init', '2000');
		expect(cellsOf(edited)[3].init).toBe(2000);
		expect(edited).toContain('init: 2000 # a stock');
	});

	test('writes a multi-line value as a | block and finds unnamed cells by index', () => {
		const edited = updateCellField(NOTEBOOK, 0, 'md', '## Growth\nUsers grow.\n\nAnd churn.\n');
		expect(cellsOf(edited)[0]).toEqual({ md: '## Growth\nUsers grow.\n\nAnd churn.\n' });
		expect(edited).toContain('  # The story first.\n  - md: |\n      ## Growth\n');
		expect(edited.slice(edited.indexOf('  - name: growth'))).toBe(NOTEBOOK.slice(NOTEBOOK.indexOf('  - name: growth')));
	});

	test('adds a missing field and removes one given null', () => {
		const added = updateCellField(NOTEBOOK, 'churn', 'note', 'share lost each month');
		expect(cellsOf(added)[2]).toEqual({ name: 'churn', sample: 'uniform(0.02, 0.06)', note: 'share lost each month' });
		const removed = updateCellField(NOTEBOOK, 'growth', 'unit', null);
		expect(cellsOf(removed)[1]).toEqual({ name: 'growth', sample: 'normal(0.08, 0.03)' });
		expect(removed).toContain('# drawn once per trial');
	});

	test('quotes a value that YAML would otherwise misread', () => {
		const edited = updateCellField(NOTEBOOK, 'cash', 'formula', 'cash > 0 ? cash : 0 # not a comment');
		expect(cellsOf(edited)[4].formula).toBe('cash > 0 ? cash : 0 # not a comment');
	});

	test('writes a list as a flow sequence', () => {
		const edited = updateCellField(NOTEBOOK, 5, 'chart', ['users', 'cash']);
		expect(edited).toContain('  - chart: [users, cash] # fan chart');
	});

	test('refuses an unknown cell, an index out of range and text that is not YAML', () => {
		expect(() => updateCellField(NOTEBOOK, 'nope', 'formula', '1')).toThrow(NotebookTextError);
		expect(() => updateCellField(NOTEBOOK, 9, 'formula', '1')).toThrow(/invalid cell: 9/);
		expect(() => updateCellField('cells: [', 'a', 'formula', '1')).toThrow(/invalid YAML/);
	});

	test('falls back to printing the whole document when the cells are a flow list', () => {
		const edited = updateCellField('title: x # t\ncells: [{name: a, formula: "1"}]\n', 'a', 'formula', '2');
		expect(parse(edited)).toEqual({ title: 'x', cells: [{ name: 'a', formula: 2 }] });
		expect(edited).toContain('# t');
	});

	test('keeps the shipped example notebook intact apart from the edit', () => {
		const example = readFileSync(new URL('../simulations/social-network-mvp.yaml', import.meta.url), 'utf8');
		// The example is rewritten from time to time: edit its first sample cell, whatever it is.
		const match = /^ {2}- name: (\w+)\n( {4}sample: .*)$/m.exec(example);
		expect(match).not.toBeNull();
		const [, name, line] = match!;
		const edited = updateCellField(example, name, 'sample', 'ci90(3, 12)');
		expect(changedLines(example, edited)).toEqual({ removed: [line], added: ['    sample: ci90(3, 12)'] });
	});
});

describe('insertCell(text, index, cell)', () => {
	test('inserts a cell at the index, other lines unchanged', () => {
		const edited = insertCell(NOTEBOOK, 2, { name: 'price', sample: 'uniform(5, 10)', unit: '$' });
		expect(cellsOf(edited).map((cell) => cell.name ?? null)).toEqual([null, 'growth', 'price', 'churn', 'users', 'cash', null]);
		expect(changedLines(NOTEBOOK, edited).removed).toEqual([]);
		expect(edited).toContain('  - name: price\n    sample: uniform(5, 10)\n    unit: $\n  # Churn eats a share every cycle.\n');
	});

	test('appends after the last cell, before scenarios', () => {
		const edited = insertCell(NOTEBOOK, 6, { chart: 'runway' });
		expect(cellsOf(edited).at(-1)).toEqual({ chart: 'runway' });
		expect(edited).toContain('  - chart: [users]                      # fan chart\n  - chart: runway\nscenarios:\n');
	});

	test('indents like the file it goes into', () => {
		const edited = insertCell('cells:\n- name: a\n  formula: 1\n', 1, { md: 'two\nlines\n' });
		expect(edited).toBe('cells:\n- name: a\n  formula: 1\n- md: |\n    two\n    lines\n');
	});

	test('creates the cells list when there is none', () => {
		expect(parse(insertCell('title: x\n', 0, { name: 'a', formula: '1' }))).toEqual({ title: 'x', cells: [{ name: 'a', formula: 1 }] });
	});
});

describe('removeCell(text, index)', () => {
	test('removes the cell with the comment just above it', () => {
		const edited = removeCell(NOTEBOOK, 2);
		expect(cellsOf(edited).map((cell) => cell.name ?? null)).toEqual([null, 'growth', 'users', 'cash', null]);
		expect(edited).not.toContain('Churn eats');
		expect(changedLines(NOTEBOOK, edited).added).toEqual([]);
	});
});

describe('moveCell(text, from, to)', () => {
	test('moves a cell with its comment, every line kept', () => {
		const edited = moveCell(NOTEBOOK, 2, 4);
		expect(cellsOf(edited).map((cell) => cell.name ?? null)).toEqual([null, 'growth', 'users', 'cash', 'churn', null]);
		expect(edited).toContain('    formula: cash + users * 0.5 - 40000\n  # Churn eats a share every cycle.\n  - name: churn\n');
		expect(edited.split('\n').sort()).toEqual(NOTEBOOK.split('\n').sort());
	});

	test('moving back restores the text', () => {
		expect(moveCell(moveCell(NOTEBOOK, 1, 5), 5, 1)).toBe(NOTEBOOK);
	});

	test('moves the last cell of a file without a final newline', () => {
		const edited = moveCell('cells:\n  - name: a\n    formula: 1\n  - name: b\n    formula: 2', 1, 0);
		expect(cellsOf(edited).map((cell) => cell.name)).toEqual(['b', 'a']);
	});
});

describe('updateSetting(text, key, value)', () => {
	test('changes one setting and keeps its comment', () => {
		const edited = updateSetting(NOTEBOOK, 'title', 'Growth, bear case');
		expect(parse(edited).title).toBe('Growth, bear case');
		expect(changedLines(NOTEBOOK, edited)).toEqual({ removed: ['title: Growth   # shown in the list'], added: ['title: Growth, bear case # shown in the list'] });
	});

	test('writes numbers as numbers', () => {
		expect(updateSetting(NOTEBOOK, 'horizon', 48)).toBe(NOTEBOOK.replace('horizon: 36', 'horizon: 48'));
		expect(parse(updateSetting(NOTEBOOK, 'trials', '500')).trials).toBe(500);
	});

	test('adds a missing setting before cells and removes one given null', () => {
		const without = updateSetting(NOTEBOOK, 'runway', null);
		expect(without).toBe(NOTEBOOK.replace('runway: cash\n', ''));
		expect(updateSetting(without, 'runway', 'cash')).toBe(NOTEBOOK);
	});
});

const WITH_SCENARIOS = `${NOTEBOOK.replace('scenarios:\n  bear:\n    growth: normal(0.04, 0.02)\n', '')}scenarios:
  # The pessimistic case.
  bear:
    growth: normal(0.04, 0.02)   # half the growth
    users: {init: 500}
  bull:
    growth: normal(0.12, 0.03)
events:
  big: users > 5000
`;

describe('scenario edits', () => {
	test('scenarioEntries(text) reads every scenario as written, stocks as parts', () => {
		expect(scenarioEntries(WITH_SCENARIOS)).toEqual({
			bear: { growth: 'normal(0.04, 0.02)', users: { init: '500' } },
			bull: { growth: 'normal(0.12, 0.03)' }
		});
		expect(scenarioEntries('not: [valid')).toEqual({});
	});

	test('setScenarioEntry changes one override and keeps the comments and the rest of the file', () => {
		const edited = setScenarioEntry(WITH_SCENARIOS, 'bear', 'growth', 'normal(0.03, 0.02)');
		expect(scenarioEntries(edited).bear.growth).toBe('normal(0.03, 0.02)');
		expect(edited).toContain('# The pessimistic case.');
		expect(edited).toContain('# half the growth');
		expect(edited).toContain('# shown in the list');
		expect(edited.slice(0, edited.indexOf('scenarios:'))).toBe(WITH_SCENARIOS.slice(0, WITH_SCENARIOS.indexOf('scenarios:')));
		expect(edited).toContain('events:\n  big: users > 5000');
	});

	test('setScenarioEntry adds an override, sets a stock part, and removes one with null', () => {
		let text = setScenarioEntry(WITH_SCENARIOS, 'bull', 'churn', 'uniform(0.01, 0.03)');
		text = setScenarioEntry(text, 'bear', 'users', { init: '800', formula: 'users * 1.01' });
		text = setScenarioEntry(text, 'bear', 'growth', null);
		expect(scenarioEntries(text)).toEqual({
			bear: { users: { init: '800', formula: 'users * 1.01' } },
			bull: { growth: 'normal(0.12, 0.03)', churn: 'uniform(0.01, 0.03)' }
		});
		expect((parse(text) as { scenarios: Record<string, unknown> }).scenarios.bear).toEqual({ users: { init: 800, formula: 'users * 1.01' } });
		expect(() => setScenarioEntry(text, 'nope', 'growth', 'x')).toThrow(NotebookTextError);
	});

	test('addScenario appends an empty scenario, and makes scenarios: when there is none', () => {
		const added = addScenario(WITH_SCENARIOS, 'hire-late');
		expect(Object.keys(scenarioEntries(added))).toEqual(['bear', 'bull', 'hire-late']);
		expect(added).toContain('# The pessimistic case.');
		const bare = NOTEBOOK.replace(/scenarios:[\s\S]*$/, '');
		const first = addScenario(bare, 'bear', { growth: 'normal(0.04, 0.02)' });
		expect(scenarioEntries(first)).toEqual({ bear: { growth: 'normal(0.04, 0.02)' } });
		expect(first.startsWith(bare)).toBe(true);
		expect(() => addScenario(WITH_SCENARIOS, 'bear')).toThrow(/already/);
		expect(() => addScenario(WITH_SCENARIOS, 'base')).toThrow(/base/);
		expect(() => addScenario(WITH_SCENARIOS, '9 lives')).toThrow(/not a scenario name/);
	});

	test('renameScenario keeps its place, entries and comments; duplicateScenario copies after it', () => {
		const renamed = renameScenario(WITH_SCENARIOS, 'bear', 'downturn');
		expect(Object.keys(scenarioEntries(renamed))).toEqual(['downturn', 'bull']);
		expect(renamed).toContain('# The pessimistic case.\n  downturn:');
		expect(renamed).toContain('# half the growth');
		const copied = duplicateScenario(WITH_SCENARIOS, 'bear', 'bear-2');
		expect(Object.keys(scenarioEntries(copied))).toEqual(['bear', 'bear-2', 'bull']);
		expect(scenarioEntries(copied)['bear-2']).toEqual(scenarioEntries(WITH_SCENARIOS).bear);
		expect(() => renameScenario(WITH_SCENARIOS, 'bear', 'bull')).toThrow(/already/);
	});

	test('deleteScenario removes one; the last one takes scenarios: with it', () => {
		const one = deleteScenario(WITH_SCENARIOS, 'bull');
		expect(Object.keys(scenarioEntries(one))).toEqual(['bear']);
		const none = deleteScenario(one, 'bear');
		expect(none).not.toContain('scenarios:');
		expect(none).toContain('events:\n  big: users > 5000');
		expect(() => deleteScenario(none, 'bear')).toThrow(NotebookTextError);
	});

	test('scenarioNameProblem says why a name cannot be used', () => {
		expect(scenarioNameProblem(WITH_SCENARIOS, 'fresh')).toBeNull();
		expect(scenarioNameProblem(WITH_SCENARIOS, '')).toMatch(/needs a name/);
		expect(scenarioNameProblem(WITH_SCENARIOS, 'constructor')).toMatch(/reserved/);
	});
});
