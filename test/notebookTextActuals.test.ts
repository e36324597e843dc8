// Editing a notebook's `actuals:` (SPEC §4.6) as text: values per cell and cycle, their noise or
// sd, added and removed with every comment and untouched line kept.
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { actualEntries, NotebookTextError, removeActual, setActual, setActualNoise } from '../src/lib/notebookText';
import { readNotebook } from '../src/lib/engine/notebook/readNotebook';

const BASE = `format: 1
title: Plan  # the plan
horizon: 12
runway: cash
cells:
  # the growth we hope for
  - name: growth
    sample: normal(0.08, 0.04)
  - name: users
    init: 1000
    formula: users * (1 + growth)
  - name: cash
    init: 200000
    formula: cash - 30000 + users * 2
`;

const WITH = `${BASE}# what we measured
actuals:
  # from the dashboard
  users:
    values: {1: 1120, 3: 1400}  # weeks one and three
    noise: 0.05
`;

const data = (text: string) => parse(text) as { actuals?: Record<string, { values: Record<string, unknown>; noise?: number; sd?: number }> };

describe('setActual', () => {
	test('adds actuals: at the end of a notebook without one, the rest byte for byte', () => {
		const next = setActual(BASE, 'users', 2, 1250);
		expect(next.startsWith(BASE)).toBe(true);
		expect(next.slice(BASE.length)).toBe('actuals:\n  users:\n    values: {2: 1250}\n');
		const read = readNotebook(next, 'x.yaml');
		expect(read.errors).toEqual([]);
		expect(read.notebook?.actuals).toEqual([{ cell: 'users', line: expect.any(Number), points: [{ cycle: 2, value: 1250 }], noise: 0.05 }]);
	});

	test('adds a cycle in order and keeps every comment', () => {
		const next = setActual(WITH, 'users', 2, '1260');
		expect(next.startsWith(BASE)).toBe(true);
		expect(Object.keys(data(next).actuals!.users.values)).toEqual(['1', '2', '3']);
		expect(data(next).actuals!.users.values[2]).toBe(1260);
		for (const comment of ['# what we measured', '# from the dashboard', '# weeks one and three', '# the plan', '# the growth we hope for']) expect(next).toContain(comment);
	});

	test('changes a value in place, and moves one to another cycle with `from`', () => {
		const changed = setActual(WITH, 'users', 3, 1390);
		expect(data(changed).actuals!.users.values).toEqual({ 1: 1120, 3: 1390 });
		expect(changed).toContain('# weeks one and three');
		const moved = setActual(WITH, 'users', 2, 1250, { from: 3 });
		expect(data(moved).actuals!.users.values).toEqual({ 1: 1120, 2: 1250 });
		expect(() => setActual(WITH, 'users', 2, 1, { from: 7 })).toThrow(NotebookTextError);
	});

	test('a second cell gets its own entry after the others', () => {
		const next = setActual(WITH, 'cash', 1, 171000);
		expect(Object.keys(data(next).actuals!)).toEqual(['users', 'cash']);
		expect(data(next).actuals!.cash).toEqual({ values: { 1: 171000 } });
		expect(readNotebook(next, 'x.yaml').errors).toEqual([]);
	});

	test('text that is not a number is written as typed, and the reader names the error on its cell', () => {
		const next = setActual(WITH, 'users', 2, 'lots');
		expect(data(next).actuals!.users.values[2]).toBe('lots');
		const errors = readNotebook(next, 'x.yaml').errors;
		expect(errors).toHaveLength(1);
		expect(errors[0].cell).toBe('users');
		expect(errors[0].message).toContain("the value at cycle 2 must be a finite number, not 'lots'");
		// decimals and exponents are numbers
		expect(data(setActual(WITH, 'users', 2, ' 1.25e3 ')).actuals!.users.values[2]).toBe(1250);
	});

	test('a cycle beyond the horizon is written, and read as an error on the cell', () => {
		const errors = readNotebook(setActual(WITH, 'users', 13, 5000), 'x.yaml').errors;
		expect(errors.map((e) => [e.cell, e.message])).toEqual([['users', expect.stringContaining('from 0 to the horizon (12)')]]);
	});

	test('an empty `actuals:` becomes a mapping', () => {
		const next = setActual(`${BASE}actuals:\n`, 'users', 1, 1100);
		expect(data(next).actuals).toEqual({ users: { values: { 1: 1100 } } });
	});
});

describe('removeActual', () => {
	test('removes one cycle, keeping the comments', () => {
		const next = removeActual(WITH, 'users', 1);
		expect(data(next).actuals!.users.values).toEqual({ 3: 1400 });
		expect(next).toContain('# from the dashboard');
		expect(next.startsWith(BASE)).toBe(true);
	});

	test('the last cycle takes the entry with it, and the last entry `actuals:`', () => {
		const two = setActual(WITH, 'cash', 1, 171000);
		const oneLeft = removeActual(two, 'cash', 1);
		expect(Object.keys(data(oneLeft).actuals!)).toEqual(['users']);
		const none = removeActual(removeActual(WITH, 'users', 1), 'users', 3);
		expect(data(none).actuals).toBeUndefined();
		expect(none.startsWith(BASE)).toBe(true);
		expect(readNotebook(none, 'x.yaml').errors).toEqual([]);
	});

	test('an actual that is not there is an error', () => {
		expect(() => removeActual(WITH, 'users', 2)).toThrow(NotebookTextError);
		expect(() => removeActual(BASE, 'users', 1)).toThrow(NotebookTextError);
	});
});

describe('setActualNoise', () => {
	test('switches between relative noise and absolute sd, never both', () => {
		const sd = setActualNoise(WITH, 'users', { sd: 40 });
		expect(data(sd).actuals!.users).toEqual({ values: { 1: 1120, 3: 1400 }, sd: 40 });
		const noise = setActualNoise(sd, 'users', { noise: 0.02 });
		expect(data(noise).actuals!.users).toEqual({ values: { 1: 1120, 3: 1400 }, noise: 0.02 });
		const fallback = setActualNoise(noise, 'users', null);
		expect(data(fallback).actuals!.users).toEqual({ values: { 1: 1120, 3: 1400 } });
		for (const text of [sd, noise, fallback]) {
			expect(text).toContain('# weeks one and three');
			expect(readNotebook(text, 'x.yaml').errors).toEqual([]);
		}
		expect(() => setActualNoise(WITH, 'cash', { sd: 1 })).toThrow(NotebookTextError);
	});
});

describe('actualEntries', () => {
	test('reads the actuals as written, errors and all', () => {
		expect(actualEntries(setActual(WITH, 'users', 2, 'lots'))).toEqual({
			users: {
				values: [
					{ cycle: '1', value: 1120 },
					{ cycle: '2', value: 'lots' },
					{ cycle: '3', value: 1400 }
				],
				noise: 0.05
			}
		});
		expect(actualEntries(BASE)).toEqual({});
		expect(actualEntries('a: [')).toEqual({});
	});
});
