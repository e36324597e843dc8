// Issue 14, "hostile sizes and values": formulas too long or too deep are errors before anything
// recursive runs; what fits runs without exhausting the stack; a non-finite value met anywhere
// inside an expression reaches the cell (SPEC §1); names the parser reads as values are refused.
import { describe, expect, it } from 'vitest';
import { compile, type BlockState } from '../../../src/lib/engine/language/compile';
import { exprDepth, LIMITS, parseExpression, references, type Expr } from '../../../src/lib/engine/language/expression';
import { nameProblem } from '../../../src/lib/engine/language/names';
import { BlockRunner } from '../../../src/lib/engine/block';
import { parseNotebook } from '../../../src/lib/engine/notebook/readNotebook';
import { planNotebook } from '../../../src/lib/engine/plan';

const CELLS = new Set(['a', 'b', 'c']);

function problem(source: string): string {
	const result = parseExpression(source, CELLS);
	if (result.ok) throw new Error(`expected a problem with ${source.slice(0, 40)}…`);
	return result.errors[0].message;
}

function parse(source: string): Expr {
	const result = parseExpression(source, CELLS);
	if (!result.ok) throw new Error(result.errors[0].message);
	return result.value;
}

/** Evaluates `source` for one block whose cells a, b, c hold the given columns. */
function run(source: string, columns: number[][] = [[1]]): number[] {
	const n = Math.max(1, ...columns.map((c) => c.length));
	const arrays = columns.map((c) => Float64Array.from(c));
	const state: BlockState = { n, t: 0, rng: () => 0.5, values: arrays.map((a) => [a]), before: arrays, issue: null };
	const names = ['a', 'b', 'c'].slice(0, columns.length);
	const compiled = compile(parse(source), { state, capacity: n, cellIndex: new Map(names.map((name, i) => [name, i])) });
	return [...compiled.get()];
}

const chain = (op: string, terms: number, term = 'a') => Array.from({ length: terms }, () => term).join(op);

describe('formulas too large for the parser', () => {
	it('refuse a formula longer than the limit, with its length, before parsing', () => {
		const source = chain('+', 50_000); // 99,999 characters
		expect(problem(source)).toBe('formula too long: 99,999 characters; the limit is 20,000 — split it into cells');
		expect(problem(`max(${chain(',', 30_000)})`)).toMatch(/^formula too long: 60,004 characters; the limit is 20,000/);
	});

	it('refuse brackets nested deeper than the limit, and accept them at the limit', () => {
		const nested = (d: number) => `${'('.repeat(d)}a${')'.repeat(d)}`;
		expect(problem(nested(LIMITS.brackets + 1))).toBe(`formula nested too deeply: ${LIMITS.brackets + 1} levels of brackets; the limit is ${LIMITS.brackets} — split it into cells`);
		expect(problem(nested(9_000))).toMatch(/^formula nested too deeply: 9,000 levels of brackets/);
		expect(run(nested(LIMITS.brackets), [[3]])).toEqual([3]);
		const calls = (d: number) => `${'abs('.repeat(d)}a${')'.repeat(d)}`;
		expect(problem(calls(LIMITS.brackets + 1))).toMatch(/levels of brackets; the limit is 50/);
		expect(run(calls(LIMITS.brackets), [[-3]])).toEqual([3]);
	});

	it('refuse a tree deeper than the limit: chains of operators, unary minus, powers, conditions', () => {
		// a chain of n terms is n − 1 operators deep, plus its leaves
		expect(problem(chain('+', LIMITS.depth + 1))).toBe(
			`formula nested too deeply: ${LIMITS.depth + 1} levels; the limit is ${LIMITS.depth} (each operator of a chain such as a + b + c counts one level) — split it into cells`
		);
		expect(run(chain('+', LIMITS.depth), [[1, 2]])).toEqual([LIMITS.depth, 2 * LIMITS.depth]);
		// these recurse in mathjs's parser itself: far past the limit they overflow it, which is caught
		for (const source of [`${'-'.repeat(19_000)}a`, chain('^', 6_000), `${chain(' ', 2_000, 'a ? b :')} c`, `${'not '.repeat(4_000)}a`]) {
			expect(problem(source), source.slice(0, 20)).toMatch(/^formula nested too deeply: (more than 400|[\d,]+) levels; the limit is 400/);
		}
		for (const source of [`${'-'.repeat(LIMITS.depth + 5)}a`, chain('^', LIMITS.depth + 5), `${chain(' ', LIMITS.depth + 5, 'a ? b :')} c`]) {
			expect(problem(source), source.slice(0, 20)).toMatch(/^formula nested too deeply: 40\d levels; the limit is 400/);
		}
	});

	it('take a call of thousands of arguments as one level, and compute it as one loop', () => {
		const args = Array.from({ length: 9_000 }, (_, i) => (i === 4_321 ? 'b' : i % 2 === 0 ? 'a' : 'c'));
		const source = `max(${args.join(',')})`;
		expect(source.length).toBeLessThanOrEqual(LIMITS.length);
		const expr = parse(source);
		expect(exprDepth(expr)).toBe(2);
		expect(references(expr).current).toEqual(new Set(['a', 'b', 'c']));
		expect(run(source, [[1, 5, 2], [3, 4, 9], [2, 6, 1]])).toEqual([3, 6, 9]);
		expect(run(`min(${args.join(',')})`, [[1, 5, 2], [3, 4, 9], [2, 6, 1]])).toEqual([1, 4, 1]);
		// constants fold, and a non-finite argument anywhere reaches the value
		expect(run(`max(${chain(',', 5_000, '1')}, 2, ${chain(',', 3_000, '1')})`)).toEqual([2]);
		expect(run(`max(${chain(',', 5_000, 'a')}, log(0), ${chain(',', 3_000, 'a')})`, [[1, 2]])).toEqual([NaN, NaN]);
	});
});

describe('a notebook at the limits', () => {
	const notebook = (cells: string, horizon = 2) =>
		`format: 1\ntitle: limits\ncycle: 1 month\nhorizon: ${horizon}\ntrials: 10\nseed: 1\ncells:\n${cells}`;
	const planOf = (text: string) => {
		const read = parseNotebook(text, 'limits.yaml');
		if (!read.ok) throw new Error(read.errors[0].message);
		return planNotebook(read.value);
	};

	it('plans and runs a chain of 20,000 cells (the order is found without recursion)', () => {
		const cells = ['  - name: c0\n    sample: uniform(1, 2)\n'];
		for (let i = 1; i < 20_000; i++) cells.push(`  - name: c${i}\n    formula: c${i - 1} + 1\n`);
		// written last to first, so the order has to be found, not read
		const plan = planOf(notebook([cells[0], ...cells.slice(1).reverse()].join(''), 1));
		if (!plan.ok) throw new Error(plan.errors[0].message);
		expect(plan.value.cycleOrder.map((i) => plan.value.cells[i].name).slice(0, 3)).toEqual(['c1', 'c2', 'c3']);
		const block = new BlockRunner(plan.value, 1, 4).run(0, 4);
		if (!block.ok) throw new Error(block.failure.message);
		const last = plan.value.cells.findIndex((c) => c.name === 'c19999');
		const first = block.value.values[0];
		expect([...block.value.values[last].subarray(0, 4)]).toEqual([...first.subarray(0, 4)].map((x) => x + 19_999));
	}, 60_000);

	it('names a loop of 20,000 cells by its first and last few', () => {
		const cells = ['  - name: c0\n    formula: c19999 + 1\n'];
		for (let i = 1; i < 20_000; i++) cells.push(`  - name: c${i}\n    formula: c${i - 1} + 1\n`);
		const plan = planOf(notebook(cells.join('')));
		expect(plan.ok).toBe(false);
		if (plan.ok) return;
		expect(plan.errors).toHaveLength(1);
		expect(plan.errors[0]).toMatchObject({ cell: 'c0', code: 'loop' });
		expect(plan.errors[0].message).toBe('cells form a loop: c0 → c19999 → c19998 → c19997 → c19996 → … 19,991 more … → c4 → c3 → c2 → c1 → c0; break it with prev(), delay() or a stock');
	}, 60_000);

	it('runs every kind of formula at the depth limit', () => {
		const d = LIMITS.depth;
		const formulas = {
			sum: chain('+', d, 'x'),
			power: chain('^', d, 'h'),
			negation: `${'-'.repeat(d - 1)}x`,
			conditions: `${Array.from({ length: d - 2 }, (_, i) => `t >= ${i + 5} ? x : `).join('')}x`,
			calls: `${'abs('.repeat(LIMITS.brackets - 1)}${chain('+', d - 2 * LIMITS.brackets, 'x')}${')'.repeat(LIMITS.brackets - 1)}`
		};
		const cells = [
			'  - name: x\n    sample: uniform(1, 2)\n',
			'  - name: h\n    sample: uniform(0.5, 1)\n',
			...Object.entries(formulas).map(([name, formula]) => `  - name: ${name}\n    init: x\n    formula: '${formula}'\n`)
		];
		const plan = planOf(notebook(cells.join('')));
		if (!plan.ok) throw new Error(plan.errors[0].message);
		for (const cell of plan.value.cells.slice(2)) expect(exprDepth(cell.expr), cell.name).toBeLessThanOrEqual(d);
		// a plan crosses to the workers by structured clone
		const runner = new BlockRunner(structuredClone(plan.value), 7);
		const block = runner.run(0, 50);
		if (!block.ok) throw new Error(block.failure.message);
		const [x] = block.value.values;
		const at = (name: string, t: number) => block.value.values[plan.value.cells.findIndex((c) => c.name === name)][t * 50];
		expect(at('sum', 2)).toBeCloseTo(d * x[0], 9);
		expect(at('negation', 2)).toBe(-x[0]);
		expect(at('conditions', 2)).toBe(x[0]);
		expect(Number.isFinite(at('power', 2))).toBe(true);
	});

	it('turns a long schedule into a shallow tree with the same values', () => {
		const steps = Array.from({ length: 1_000 }, (_, i) => `${i * 2 + 1}: ${i} + u`).join(', ');
		const plan = planOf(notebook(`  - name: u\n    sample: uniform(0, 1)\n  - name: s\n    schedule: {${steps}}\n`, 30));
		if (!plan.ok) throw new Error(plan.errors[0].message);
		expect(exprDepth(plan.value.cells[1].expr)).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(1_001)) + 2);
		const block = new BlockRunner(plan.value, 3).run(0, 5);
		if (!block.ok) throw new Error(block.failure.message);
		const [u, s] = block.value.values;
		const expected = (t: number) => (t === 0 ? 0 : Math.floor((t - 1) / 2) + u[0]);
		for (let t = 0; t <= 30; t++) expect(s[t * 5], `t = ${t}`).toBe(expected(t));
	});
});

describe('non-finite values inside an expression', () => {
	// each of these hid a NaN or ±Infinity behind a finite result
	const HIDDEN = [
		'sqrt(-1)^0', 'pow(sqrt(-1), 0)', '(1/0) > 5 ? 1 : 2', 'max(0, log(0))', 'min(1, -1/0)', 'exp(log(0))', '1 / (1/0)',
		'clamp(1/0, 0, 1)', 'clamp(0.5, log(0), 1)', '(1/0) and 1', '0 or sqrt(-1)', 'not (1/0)', '(1/0) == (1/0)', '(1/0) != 0',
		'log(0) < 0', '(1/0) >= 1', '(-1/0) <= 0', '2 ^ log(0)', '(1/0) ^ 0', 'mod(1, 1/0)', 'round(1/(1/0))'
	];

	it('reach the value, folded (constants) or per trial', () => {
		for (const source of HIDDEN) {
			expect(run(source)[0], source).toBeNaN();
			// the same with a cell in place of each constant 1, 0 or -1, so nothing folds
			const perTrial = source.replace(/(?<![\d.])([01])(?![\d.])/g, '($1 * a)').replace(/-1\b/g, '(-a)');
			expect(run(perTrial, [[1, 1]]), perTrial).toEqual([NaN, NaN]);
		}
	});

	it('leave finite values alone', () => {
		expect(run('a > 2 ? a : -a', [[1, 3]])).toEqual([-1, 3]);
		expect(run('max(a, 0) + min(a, 0) + clamp(a, -1, 1) + exp(a) + a ^ 2 + a / 2', [[2]])).toEqual([2 + 0 + 1 + Math.exp(2) + 4 + 1]);
		expect(run('(a > 1) + (a and 1) + (a or 0) + not a', [[2, 0]])).toEqual([3, 1]);
	});

	it('in the branch not taken do not reach the cell (SPEC §1)', () => {
		expect(run('a > 0 ? log(a) : 0', [[Math.E, 0, -1]])).toEqual([1, 0, 0]);
		expect(run('a > 0 ? 1 : max(0, log(a))', [[1, 2]])).toEqual([1, 1]);
		// …but a test that is not finite takes no branch
		expect(run('log(a) > -1 ? 1 : 2', [[1, 0]])).toEqual([1, NaN]);
	});

	it('refuse written numbers beyond ±1.8e308', () => {
		expect(problem('1e400 > 5 ? 1 : 2')).toMatch(/^a number beyond ±1\.8e308 \(or Infinity\) is not allowed/);
		expect(problem('NaN + 1')).toBe("'NaN' is not allowed: every value must be a finite number");
		expect(problem('Infinity')).toMatch(/not allowed: every value must be a finite number/);
	});
});

describe('names the parser reads as values', () => {
	it('are refused as cell names, with the reason', () => {
		for (const name of ['NaN', 'Infinity', 'null', 'undefined']) {
			expect(nameProblem(name), name).toBe(`'${name}' is read as a value in formulas, never as a cell's name, so nothing could refer to this cell — pick another name`);
		}
		for (const name of ['nan', 'infinity', 'Null', 'NaN_users', 'infinity_users']) expect(nameProblem(name), name).toBeNull();
	});
});
