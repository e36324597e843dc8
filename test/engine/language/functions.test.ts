// Ties the one function registry to everything that derives from it: the SPEC's list, the reserved
// names, the parser and the compiler. Adding a function to one but not the others fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, type BlockState } from '../../../src/lib/engine/language/compile';
import { DISTRIBUTIONS } from '../../../src/lib/engine/language/distributions';
import { parseExpression, type Expr } from '../../../src/lib/engine/language/expression';
import {
	arityProblem,
	availableFunction,
	FUNCTIONS,
	LANGUAGE_FORMAT,
	lookupFunction,
	reservedFunctionNames,
	type FunctionEntry,
	type FunctionRegistry
} from '../../../src/lib/engine/language/functions';
import { FUNCTION_NAMES, nameProblem, RESERVED_NAMES } from '../../../src/lib/engine/language/names';

const entries = Object.values(FUNCTIONS) as FunctionEntry[];

/** The function names of docs/SPEC.md §1: the backticked words of its math, time and distributions items, calls' arguments dropped. */
function specFunctionNames(): { names: Set<string>; calls: string[] } {
	const spec = readFileSync(new URL('../../../docs/SPEC.md', import.meta.url), 'utf8');
	const start = spec.indexOf('- math:', spec.indexOf('and these functions'));
	const end = spec.indexOf('Nothing else:', start);
	expect(start).toBeGreaterThan(0);
	expect(end).toBeGreaterThan(start);
	const spans = [...spec.slice(start, end).matchAll(/`([^`]+)`/g)].map((m) => m[1]);
	const names = new Set(spans.flatMap((span) => span.replace(/\([^)]*\)/g, ' ').split(/\s+/).filter(Boolean)));
	const calls = spans.flatMap((span) => [...span.matchAll(/[a-z][a-z0-9_]*\([^)]*\)/g)].map((m) => m[0]));
	return { names, calls };
}

/** A call of `entry` with its least number of arguments, each valid: a cell's name where one is needed, else 1. */
function sampleCall(entry: FunctionEntry): string {
	// the capacity built-ins (SPEC §4.8) need arguments in range: a load the law can carry, a level below 1
	const valid: Record<string, string> = { erlang_agents: '10, 0.1, 0.05, 0.8', usl_nodes: '100, 0.03, 0.0001, 90', usl: '4, 0.03, 0.0001, 90', erlang_sl: '10, 0.1, 2, 0.05' };
	if (Object.hasOwn(valid, entry.name)) return `${entry.name}(${valid[entry.name]})`;
	const args = Array.from({ length: entry.arity[0] }, (_, i) => (entry.kind === 'lag' && i === 0 ? 'a' : '1'));
	return `${entry.name}(${args.join(', ')})`;
}

function evaluate(expr: Expr, n = 4): Float64Array {
	const a = new Float64Array(n).fill(2);
	const state: BlockState = { n, t: 1, rng: () => 0.5, values: [[a, a]], before: [a], issue: null };
	return compile(expr, { state, capacity: n, cellIndex: new Map([['a', 0]]) }).get();
}

describe('the function registry', () => {
	it('lists exactly the functions of SPEC §1', () => {
		const { names } = specFunctionNames();
		expect([...names].sort()).toEqual(entries.map((f) => f.name).sort());
	});

	it("writes each distribution's and time function's usage as the SPEC does", () => {
		const { calls } = specFunctionNames();
		for (const entry of entries) {
			const forms = entry.usage.split(' or ');
			if (entry.kind === 'math') {
				// the SPEC names most math functions bare; where it writes a call, it is the usage
				for (const written of calls.filter((c) => c.startsWith(`${entry.name}(`))) expect(forms).toContain(written);
			} else {
				for (const form of forms) expect(calls, entry.name).toContain(form);
			}
		}
	});

	it('keys every entry by its name, with a null prototype', () => {
		for (const [key, entry] of Object.entries(FUNCTIONS)) expect(entry.name).toBe(key);
		expect(Object.getPrototypeOf(FUNCTIONS)).toBeNull();
		for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(lookupFunction(name)).toBeNull();
	});

	it('has a registry entry for every distribution, with its parameters as arguments', () => {
		for (const dist of Object.values(DISTRIBUTIONS)) {
			const entry = FUNCTIONS[dist.name as keyof typeof FUNCTIONS];
			expect(entry).toMatchObject({ kind: 'draw', arity: [dist.params.length, dist.params.length], since: dist.since });
		}
	});

	it('reserves every function of format 1 as a cell name, and none added since (SPEC §4.8)', () => {
		expect(LANGUAGE_FORMAT).toBe(1);
		const later = entries.filter((f) => f.since > 1).map((f) => f.name).sort();
		expect(later).toEqual(['erlang_agents', 'erlang_sl', 'usl', 'usl_nodes']);
		for (const name of later) {
			expect(RESERVED_NAMES.has(name), name).toBe(false);
			expect(nameProblem(name)).toBeNull();
		}
		for (const entry of entries.filter((f) => f.since === 1)) {
			expect(RESERVED_NAMES.has(entry.name), entry.name).toBe(true);
			expect(FUNCTION_NAMES).toContain(entry.name);
			expect(nameProblem(entry.name)).toBe(`'${entry.name}' is a built-in name of the expression language — pick another name`);
		}
		expect([...FUNCTION_NAMES].sort()).toEqual(entries.filter((f) => f.since === 1).map((f) => f.name).sort());
	});

	it('parses, compiles and evaluates a call of every entry to finite values', () => {
		for (const entry of entries) {
			const source = sampleCall(entry);
			const parsed = parseExpression(source, new Set(['a']));
			expect(parsed.ok, source).toBe(true);
			if (!parsed.ok) continue;
			const expected = entry.kind === 'lag' ? 'lag' : entry.kind;
			expect(parsed.value.kind, source).toBe(expected);
			const values = evaluate(parsed.value);
			for (const v of values) expect(Number.isFinite(v), `${source} = ${v}`).toBe(true);
		}
	});

	it('rejects a call of every entry with too few or too many arguments, with its hint', () => {
		for (const entry of entries) {
			const [lo, hi] = entry.arity;
			const counts = [lo - 1, hi + 1].filter((c) => c >= 0 && Number.isFinite(c));
			for (const count of counts) {
				const args = Array.from({ length: count }, (_, i) => (entry.kind === 'lag' && i === 0 ? 'a' : '1'));
				const parsed = parseExpression(`${entry.name}(${args.join(', ')})`, new Set(['a']));
				const message = arityProblem(entry, count);
				expect(message).not.toBeNull();
				expect(parsed).toEqual({ ok: false, errors: [{ code: 'expression', message }] });
			}
			expect(arityProblem(entry, lo)).toBeNull();
		}
	});

	it('words arity problems as before', () => {
		expect(arityProblem(FUNCTIONS.clamp, 2)).toBe('clamp takes 3 arguments, not 2');
		expect(arityProblem(FUNCTIONS.abs, 2)).toBe('abs takes 1 argument, not 2');
		expect(arityProblem(FUNCTIONS.min, 0)).toBe('min takes at least 1 arguments, not 0');
		expect(arityProblem(FUNCTIONS.normal, 1)).toBe('normal(mean, sd) takes 2 arguments, not 1');
		expect(arityProblem(FUNCTIONS.prev, 3)).toBe('write prev(x) or prev(x, d)');
		expect(arityProblem(FUNCTIONS.delay, 1)).toBe('write delay(x, k) or delay(x, k, d)');
	});
});

describe('a function added after format 1 (SPEC §4.8)', () => {
	// A registry with one later function, as another format would add it.
	const twice: FunctionEntry = {
		name: 'twice',
		since: 2,
		arity: [1, 1],
		usage: 'twice(x)',
		kind: 'math',
		compute: { shape: 'unary', fold: (x) => 2 * x, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = 2 * a[i]; } }
	};
	const later: FunctionRegistry = { ...FUNCTIONS, twice };

	it('is not reserved: a cell may take its name', () => {
		expect(reservedFunctionNames(later)).not.toContain('twice');
		expect(nameProblem('twice', later)).toBeNull();
		expect(nameProblem('normal', later)).not.toBeNull();
	});

	it('is available where no cell has its name', () => {
		expect(availableFunction('twice', new Set(['x']), later)).toBe(twice);
		expect(parseExpression('twice(x)', new Set(['x']), later)).toEqual({
			ok: true,
			value: { kind: 'math', fn: 'twice', args: [{ kind: 'cell', name: 'x' }] }
		});
		expect(parseExpression('twice', new Set(), later)).toEqual({
			ok: false,
			errors: [{ code: 'expression', message: "'twice' is a function: call it, e.g. twice(…)" }]
		});
	});

	it('gives way to a cell of its name: the name is the cell, the function unavailable', () => {
		const cells = new Set(['x', 'twice']);
		expect(availableFunction('twice', cells, later)).toBeNull();
		expect(parseExpression('twice * 2', cells, later)).toEqual({
			ok: true,
			value: { kind: 'binary', op: '*', left: { kind: 'cell', name: 'twice' }, right: { kind: 'number', value: 2 } }
		});
		expect(parseExpression('twice(x)', cells, later)).toEqual({
			ok: false,
			errors: [{ code: 'expression', message: "'twice' is not a function: write 'twice * (…)' to multiply" }]
		});
		// nor is it suggested for a misspelt call
		const misspelt = parseExpression('twica(x)', cells, later);
		expect(misspelt.ok).toBe(false);
		if (!misspelt.ok) expect(misspelt.errors[0].message).toBe("unknown function 'twica'");
	});
});
