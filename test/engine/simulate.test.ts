import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { simulate } from '../../src/lib/engine/simulate';
import type { Report } from '../../src/lib/engine/types';
import { normalQuantile } from '../../src/lib/engine/language/distributions';

/** A notebook from its cells (YAML list items), with small defaults. */
function notebook(cells: string, settings: Record<string, unknown> = {}, extra = ''): string {
	const head = { format: 1, title: 'test', cycle: '1 month', horizon: 12, trials: 2000, seed: 1, ...settings };
	return `${Object.entries(head)
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n')}\ncells:\n${cells}\n${extra}`;
}

function run(text: string, options: Parameters<typeof simulate>[1] = {}): Report {
	const parsed = parseNotebook(text, 'test.yaml');
	if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
	const result = simulate(parsed.value, options);
	if (!result.ok) throw new Error(result.errors.map((e) => `${e.cell}: ${e.message}`).join('\n'));
	return result.value;
}

function errorsOf(text: string, options: Parameters<typeof simulate>[1] = {}) {
	const parsed = parseNotebook(text, 'test.yaml');
	if (!parsed.ok) return parsed.errors;
	const result = simulate(parsed.value, options);
	if (result.ok) throw new Error('expected an error');
	return result.errors;
}

const seq = (n: number, f: (t: number) => number) => Array.from({ length: n }, (_, t) => f(t));

describe('cycle semantics', () => {
	const report = run(
		notebook(`
  - name: rate
    sample: uniform(1, 2)
  - name: clock
    formula: t
  - name: counter
    init: 5
    formula: counter + 1
  - name: before
    formula: prev(clock)
  - name: before_or_7
    formula: prev(clock, 7)
  - name: lagged
    formula: delay(clock, 3)
  - name: lagged_or_minus
    formula: delay(clock, 3, -1)
  - name: prev_stock
    formula: prev(counter)
  - name: prev_sample
    formula: prev(rate)
  - name: scaled
    formula: rate * 0 + counter * 2`)
	);
	const c = report.cells;

	it('t is the cycle index and a formula is evaluated at every cycle', () => {
		expect(c.clock.p50).toEqual(seq(13, (t) => t));
	});
	it('a stock starts at its init and its own name means its value at t − 1', () => {
		expect(c.counter.p10).toEqual(seq(13, (t) => 5 + t));
		expect(c.scaled.p90).toEqual(seq(13, (t) => 2 * (5 + t)));
	});
	it('prev(x) is x at t − 1, and 0 for a formula at t = 0; prev(x, d) gives d there', () => {
		expect(c.before.p50).toEqual(seq(13, (t) => (t === 0 ? 0 : t - 1)));
		expect(c.before_or_7.p50).toEqual(seq(13, (t) => (t === 0 ? 7 : t - 1)));
	});
	it('delay(x, k) is x at t − k, and x before the start (or d) while t < k', () => {
		expect(c.lagged.p50).toEqual(seq(13, (t) => (t < 3 ? 0 : t - 3)));
		expect(c.lagged_or_minus.p50).toEqual(seq(13, (t) => (t < 3 ? -1 : t - 3)));
	});
	it("prev of a stock at t = 0 is its init; prev of a sample is the sample's value", () => {
		expect(c.prev_stock.p50).toEqual(seq(13, (t) => (t === 0 ? 5 : 4 + t)));
		expect(c.prev_sample.p50).toEqual(c.rate.p50);
	});
	it('a sample cell is drawn once per trial: constant over cycles', () => {
		expect(new Set(c.rate.p50).size).toBe(1);
		expect(new Set(c.rate.mean).size).toBe(1);
		// uniform(1, 2): median 1.5 within 4 standard errors (sd of the median ≈ 1 / (2 f √n), f = 1)
		expect(Math.abs(c.rate.p50[0] - 1.5)).toBeLessThan(4 / (2 * Math.sqrt(2000)));
	});
	it('every named cell has horizon + 1 values and ordered percentiles', () => {
		for (const summary of Object.values(c)) {
			for (let t = 0; t <= 12; t++) {
				const q = [summary.p5[t], summary.p10[t], summary.p25[t], summary.p50[t], summary.p75[t], summary.p90[t], summary.p95[t]];
				expect(q).toEqual([...q].sort((a, b) => a - b));
				expect(summary.mean).toHaveLength(13);
			}
		}
	});
});

describe('Monte Carlo outputs against closed forms', () => {
	it('mean of compound growth with a per-cycle random rate is init · (1 + μ)^T', () => {
		// X_t = 1 + normal(μ, σ) independent per cycle: E[U_T] = U_0 (1+μ)^T,
		// Var[U_T] = U_0² ((E[X²])^T − (E[X])^(2T)) with E[X²] = (1+μ)² + σ².
		const [mu, sigma, T, n, u0] = [0.05, 0.1, 24, 20000, 1000];
		const report = run(
			notebook(`
  - name: users
    init: ${u0}
    formula: users * (1 + normal(${mu}, ${sigma}))`, { horizon: T, trials: n })
		);
		for (const t of [1, 12, 24]) {
			const expected = u0 * (1 + mu) ** t;
			const sd = u0 * Math.sqrt(((1 + mu) ** 2 + sigma ** 2) ** t - (1 + mu) ** (2 * t));
			expect(Math.abs(report.cells.users.mean[t] - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
		}
	});

	it('mean of compound growth with a rate drawn once per trial matches E[(1 + g)^T]', () => {
		// g ~ normal(μ, σ) per trial: E[(1+g)^T] = Σ_k C(T, k) (1+μ)^(T−k) E[(g−μ)^k], E[Z^k] = σ^k (k−1)!! for even k.
		const [mu, sigma, T, n] = [0.06, 0.03, 12, 20000];
		const moment = (power: number) => {
			let sum = 0;
			let binomial = 1;
			let doubleFactorial = 1; // (k − 1)!! for even k
			for (let k = 0; k <= power; k++) {
				if (k > 0) binomial = (binomial * (power - k + 1)) / k;
				if (k % 2 === 0) {
					if (k > 0) doubleFactorial *= k - 1;
					sum += binomial * (1 + mu) ** (power - k) * sigma ** k * doubleFactorial;
				}
			}
			return sum;
		};
		const report = run(
			notebook(`
  - name: growth
    sample: normal(${mu}, ${sigma})
  - name: users
    init: 100
    formula: users * (1 + growth)`, { horizon: T, trials: n })
		);
		const expected = 100 * moment(T);
		const sd = 100 * Math.sqrt(moment(2 * T) - moment(T) ** 2);
		expect(Math.abs(report.cells.users.mean[T] - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
	});

	it('the endpoint of a Gaussian random walk has the percentiles of normal(0, √T)', () => {
		const [T, n] = [36, 20000];
		const report = run(
			notebook(`
  - name: walk
    init: 0
    formula: walk + normal(0, 1)`, { horizon: T, trials: n })
		);
		const sd = Math.sqrt(T);
		const density = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) / sd;
		for (const [key, p] of [['p5', 0.05], ['p10', 0.1], ['p25', 0.25], ['p50', 0.5], ['p75', 0.75], ['p90', 0.9], ['p95', 0.95]] as const) {
			const z = normalQuantile(p);
			// standard error of a sample quantile: √(p(1−p)/n) / f(x_p)
			const se = Math.sqrt((p * (1 - p)) / n) / density(z);
			expect(Math.abs(report.cells.walk[key][T] - z * sd)).toBeLessThan(4 * se);
		}
		expect(Math.abs(report.cells.walk.mean[T])).toBeLessThan((4 * sd) / Math.sqrt(n));
	});
});

describe('runway', () => {
	it('a deterministic burn runs out at the first cycle below 0', () => {
		const report = run(
			notebook(`
  - name: cash
    init: 100
    formula: cash - 30`, { runway: 'cash', horizon: 6, trials: 50 })
		);
		expect(report.runway).toEqual({
			cell: 'cash', p10: 4, p50: 4, p90: 4, survives: 0,
			cashOutByCycle: [0, 0, 0, 0, 1, 1, 1]
		});
	});

	it('trials that never run out count as +∞: survival and a null percentile', () => {
		// Half the trials burn 30 per cycle, half earn: P50 falls among the +∞ half.
		const report = run(
			notebook(`
  - name: burning
    sample: bernoulli(0.5)
  - name: cash
    init: 100
    formula: 'cash + (burning ? -30 : 10)'`, { runway: 'cash', horizon: 6, trials: 4000 })
		);
		const r = report.runway!;
		expect(r.p10).toBe(4);
		expect(r.p90).toBeNull();
		expect(Math.abs(r.survives - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 4000));
		expect(r.cashOutByCycle.at(-1)).toBeCloseTo(1 - r.survives, 12);
	});

	it('a notebook without runway reports null', () => {
		expect(run(notebook(`  - name: x\n    formula: 1`)).runway).toBeNull();
	});
});

describe('reproducibility and common random numbers', () => {
	const text = notebook(
		`
  - name: a
    sample: normal(0, 1)
  - name: b
    formula: normal(0, 1) + a`,
		{},
		`scenarios:\n  shifted:\n    a: normal(5, 1)\n`
	);

	it('the same notebook, seed and trials give identical results', () => {
		expect(run(text).cells).toEqual(run(text).cells);
	});
	it('another seed gives other results', () => {
		expect(run(text, { seed: 2 }).cells.a).not.toEqual(run(text).cells.a);
	});
	it("a scenario that changes one cell leaves every other cell's draws unchanged", () => {
		const base = run(text).cells;
		const shifted = run(text, { scenario: 'shifted' }).cells;
		// b = noise + a: shifting a by exactly 5 in every trial shifts b's quantiles by 5.
		for (let t = 0; t <= 12; t++) expect(shifted.b.p50[t] - base.b.p50[t]).toBeCloseTo(5, 9);
	});
	it('trials that are not a multiple of the block size run exactly', () => {
		const report = run(text, { trials: 2345 });
		expect(report.trials).toBe(2345);
		expect(report.cells.a.mean).toHaveLength(13);
	});
});

describe('errors name the cell, and the notebook runs nothing', () => {
	it('a loop of cells names its cells', () => {
		const [error] = errorsOf(notebook(`  - name: a\n    formula: b + 1\n  - name: b\n    formula: a * 2`));
		expect(error.message).toMatch(/loop: a → b → a/);
		expect(error.line).toBe(8);
	});
	it('a formula that names itself is a loop that suggests prev or a stock', () => {
		const [error] = errorsOf(notebook(`  - name: a\n    formula: a + 1`));
		expect(error.message).toMatch(/loop: a → a; use prev\(a\) or make it a stock/);
	});
	it('a loop broken by prev, delay or a stock is fine', () => {
		expect(() =>
			run(notebook(`  - name: a\n    formula: prev(b) + 1\n  - name: b\n    formula: a + delay(a, 2)\n  - name: s\n    init: 0\n    formula: s + a`))
		).not.toThrow();
	});
	it('an unknown name says which name and suggests one', () => {
		const [error] = errorsOf(notebook(`  - name: users\n    formula: 1\n  - name: b\n    formula: usres * 2`));
		expect(error).toMatchObject({ cell: "b", line: 10 });
		expect(error.message).toMatch(/unknown name 'usres' — did you mean 'users'\?/);
	});
	it('a constant negative sd is refused before running', () => {
		const [error] = errorsOf(notebook(`  - name: x\n    sample: normal(0, -1)`));
		expect(error).toMatchObject({ cell: "x", line: 8 });
		expect(error.message).toMatch(/invalid sd in normal\(mean, sd\): mean = 0, sd = -1/);
	});
	it('a negative sd met while running names the cell, parameter, first cycle and trial count', () => {
		const [error] = errorsOf(notebook(`  - name: x\n    formula: normal(0, 3 - t)`, { trials: 1500 }));
		expect(error.cell).toBe('x');
		expect(error.message).toMatch(/invalid sd = -1 in normal\(\), first at cycle 4, in 1000 of 1000 trials/);
	});
	it('a non-finite value is an error, never a silent NaN', () => {
		const [error] = errorsOf(notebook(`  - name: x\n    formula: 1 / (t - 2)`));
		expect(error.message).toMatch(/not a finite number.*first at cycle 2/);
	});
	it.each([
		['sqrt(t - 5)', 0, /not a finite number/],
		['log(t)', 0, /not a finite number/],
		['10 ^ (t * 100)', 4, /not a finite number/],
		['mod(t, t - 3)', 3, /not a finite number/],
		['uniform(t, 3)', 4, /invalid hi = 3 in uniform\(\)/],
		['triangular(0, t, 5)', 6, /invalid mode = 6 in triangular\(\)/],
		['bernoulli(t / 4)', 5, /invalid p = 1.25 in bernoulli\(\)/],
		['poisson(2 - t)', 3, /invalid lambda = -1 in poisson\(\)/]
	])('%s fails at cycle %i with a message that says why', (formula, cycle, message) => {
		const [error] = errorsOf(notebook(`  - name: x\n    formula: ${formula}`, { trials: 1000 }));
		expect(error.cell).toBe('x');
		expect(error.message).toMatch(message);
		expect(error.message).toContain(`first at cycle ${cycle}, in 1000 of 1000 trials`);
	});
	it('an invalid value in the branch not taken is no error', () => {
		// log(t − 2) is −∞ or NaN for t ≤ 2, where the other branch is taken.
		const report = run(notebook(`  - name: x\n    formula: 't > 2 ? log(t - 2) : 0'`));
		expect(report.cells.x.p50.slice(0, 4)).toEqual([0, 0, 0, 0]);
		expect(report.cells.x.p50[5]).toBeCloseTo(Math.log(3), 12);
	});
	it.each([
		['x = 3', /assignments are not allowed/],
		['cos.constructor("return 1")()', /syntax error|property access|only calls/],
		['max.constructor', /property access/],
		['2 users', /implicit multiplication is not allowed: write '2 \* users'/],
		['users % 3', /write mod\(a, b\)/],
		['50%', /'%' is not supported: write 50 \/ 100/],
		['"text"', /only numbers/],
		['[1, 2]', /matrices/],
		['f(x) = x', /function definitions are not allowed/],
		['evaluate(1)', /unknown function 'evaluate'/],
		['delay(users, 1.5)', /whole number/],
		['prev(2)', /must be a cell's name/],
		['normal(1)', /normal\(mean, sd\) takes 2 arguments, not 1/]
	])('%s is refused', (formula, message) => {
		const errors = errorsOf(notebook(`  - name: users\n    formula: 1\n  - name: b\n    formula: '${formula.replaceAll("'", "''")}'`));
		expect(errors[0].cell).toBe('b');
		expect(errors[0].message).toMatch(message);
	});
	it('a sample may name only sample cells', () => {
		const [error] = errorsOf(notebook(`  - name: f\n    formula: 1\n  - name: s\n    sample: f * 2`));
		expect(error.message).toMatch(/may name only sample cells, but 'f' is a formula cell/);
	});
});
