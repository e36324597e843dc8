import { describe, expect, it } from 'vitest';
import { compile, constantProblems, type BlockState } from '../../../src/lib/engine/language/compile';
import { parseExpression, type Expr } from '../../../src/lib/engine/language/expression';
import { MATH_FUNCTIONS } from '../../../src/lib/engine/language/functions';

/** Inputs for the math functions: signs, zero, halves, infinities and NaN. */
const INPUTS = [-3.5, -2.5, -1, -0.5, 0, 0.5, 1, 2.5, 3, 7.25, 100, -Infinity, Infinity, NaN];

function parse(source: string, cells: string[] = []): Expr {
	const result = parseExpression(source, new Set(cells));
	if (!result.ok) throw new Error(result.errors[0].message);
	return result.value;
}

/** Evaluates `source` for one block whose cells a, b, c hold the given columns. */
function run(source: string, columns: number[][] = []): { values: number[]; state: BlockState } {
	const n = Math.max(1, ...columns.map((c) => c.length));
	const arrays = columns.map((c) => Float64Array.from(c));
	const state: BlockState = { n, t: 0, rng: () => 0.5, values: arrays.map((a) => [a]), before: arrays, issue: null };
	const names = ['a', 'b', 'c'].slice(0, columns.length);
	const compiled = compile(parse(source, names), { state, capacity: n, cellIndex: new Map(names.map((name, i) => [name, i])) });
	return { values: [...compiled.get()], state };
}

describe('the math functions', () => {
	it('give the same value folded (constant arguments) as per trial, for every registry entry', () => {
		// (the capacity built-ins of SPEC §4.8 check their arguments: capacity.test.ts)
		for (const [name, entry] of Object.entries(MATH_FUNCTIONS).filter(([, e]) => e.compute.shape !== 'checked')) {
			const count = entry.arity[1] === Infinity ? 3 : entry.arity[1];
			// each argument runs over INPUTS at its own pace, so several combinations are met
			const columns = Array.from({ length: count }, (_, k) => INPUTS.map((_, i) => INPUTS[(i * (k + 1)) % INPUTS.length]));
			const cellsCall = `${name}(${['a', 'b', 'c'].slice(0, count).join(', ')})`;
			const perTrial = run(cellsCall, columns).values;
			INPUTS.forEach((_, i) => {
				const constants = columns.map((c) => c[i]);
				const folded = compile(
					{ kind: 'math', fn: entry.name, args: constants.map((value) => ({ kind: 'number', value })) } as Expr,
					{ state: run('1').state, capacity: 1, cellIndex: new Map() }
				);
				expect(folded.constant, `${name}(${constants})`).not.toBeNull();
				expect(Object.is(folded.constant, perTrial[i]) || (Number.isNaN(folded.constant) && Number.isNaN(perTrial[i])), `${name}(${constants})`).toBe(true);
			});
		}
	});

	it('compute what SPEC §1 says', () => {
		expect(run('round(a)', [[2.5, -2.5, 0.5, -0.5, 1.4]]).values).toEqual([3, -3, 1, -1, 1]);
		expect(run('mod(a, b)', [[-1, 1, 7, 1], [3, -3, 7, 0]]).values).toEqual([2, -2, 0, NaN]);
		expect(run('clamp(a, b, c)', [[5, -1, 2, 0], [0, 0, 0, 3], [3, 3, 3, 1]]).values).toEqual([3, 0, 2, NaN]);
		expect(run('min(a, b, c)', [[1, 1], [2, NaN], [0, 3]]).values).toEqual([0, NaN]);
		expect(run('max(a, b, c)', [[1, 1], [2, NaN], [0, 3]]).values).toEqual([2, NaN]);
		expect(run('pow(a, b)', [[2, 9], [10, 0.5]]).values).toEqual([1024, 3]);
		expect(run('log10(a) + log(b) + exp(0)', [[1000], [1]]).values).toEqual([4]);
		expect(run('sqrt(a) + abs(b) + ceil(0.2) + floor(-0.2)', [[16], [-3]]).values).toEqual([7]);
	});

	it('fold constant calls at compile time', () => {
		const state = run('1').state;
		expect(compile(parse('max(1, 5, 3) + pow(2, 3) + clamp(9, 0, 4)'), { state, capacity: 1, cellIndex: new Map() }).constant).toBe(17);
	});
});

describe('constantProblems', () => {
	it('names an invalid constant distribution parameter, after folding, with code expression', () => {
		expect(constantProblems(parse('normal(0, -1)'))).toEqual([{ code: 'expression', message: 'invalid sd in normal(mean, sd): mean = 0, sd = -1' }]);
		expect(constantProblems(parse('1 + uniform(2, 1 - 0.5)'))).toEqual([
			{ code: 'expression', message: 'invalid hi in uniform(lo, hi): lo = 2, hi = 0.5' }
		]);
		expect(constantProblems(parse('triangular(0, max(5, 20), 10)'))).toEqual([
			{ code: 'expression', message: 'invalid mode in triangular(lo, mode, hi): lo = 0, mode = 20, hi = 10' }
		]);
	});

	it('lists every one in the order the compiler meets them', () => {
		expect(constantProblems(parse('normal(0, -1) + bernoulli(2)')).map((p) => p.message)).toEqual([
			'invalid sd in normal(mean, sd): mean = 0, sd = -1',
			'invalid p in bernoulli(p): p = 2'
		]);
	});

	it('has nothing to say about valid or per-trial parameters', () => {
		expect(constantProblems(parse('normal(0, 1) * uniform(2, 2)'))).toEqual([]);
		expect(constantProblems(parse('normal(0, a)', ['a']))).toEqual([]);
		expect(constantProblems(parse('prev(a, normal(0, 1))', ['a']))).toEqual([]);
	});

	it('leaves a run that skipped it to fail per trial, naming the parameter', () => {
		const { values, state } = run('normal(0, -1)', [[0, 0, 0]]);
		expect(values.every(Number.isNaN)).toBe(true);
		expect(state.issue).toEqual({ dist: 'normal', param: 'sd', value: -1 });
	});
});
