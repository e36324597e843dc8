// SPEC §4.7–§4.8 through the reader, the planner and the block runner: schedules, uncertain
// delays, correlated inputs, and the errors (exit 1, naming the cell) for bad input to each.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BlockRunner } from '../../src/lib/engine/block';
import { cholesky, pearsonForSpearman, targetRanks, applyRanks } from '../../src/lib/engine/correlations';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { planNotebook, type Plan } from '../../src/lib/engine/plan';
import { randomStream } from '../../src/lib/engine/rng';
import { simulate } from '../../src/lib/engine/simulate';
import type { NotebookError, Report } from '../../src/lib/engine/types';

function notebook(cells: string, extra = '', settings: Record<string, unknown> = {}): string {
	const head = { format: 1, title: 'test', cycle: '1 month', horizon: 12, trials: 2000, seed: 1, ...settings };
	return `${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join('\n')}\ncells:\n${cells}\n${extra}`;
}

function planOf(text: string): Plan {
	const parsed = parseNotebook(text, 'test.yaml');
	if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
	const plan = planNotebook(parsed.value);
	if (!plan.ok) throw new Error(plan.errors.map((e) => e.message).join('\n'));
	return plan.value;
}

function run(text: string): Report {
	const parsed = parseNotebook(text, 'test.yaml');
	if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
	const result = simulate(parsed.value, {});
	if (!result.ok) throw new Error(result.errors.map((e) => `${e.cell}: ${e.message}`).join('\n'));
	return result.value;
}

/** The errors of reading, planning or running `text` (it must fail). */
function errorsOf(text: string): NotebookError[] {
	const parsed = parseNotebook(text, 'test.yaml');
	if (!parsed.ok) return parsed.errors;
	const result = simulate(parsed.value, {});
	if (result.ok) throw new Error('expected an error');
	return result.errors;
}

/** The values of one block: per cell, n values (sample) or n × cycles, cycle-major. */
function block(plan: Plan, seed: number, n = 1000, index = 0): Float64Array[] {
	const outcome = new BlockRunner(plan, seed).run(index, n);
	if (!outcome.ok) throw new Error(outcome.failure.message);
	return outcome.value.values;
}

function ranks(values: ArrayLike<number>): Float64Array {
	const n = values.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
	const r = new Float64Array(n);
	for (let i = 0; i < n; ) {
		let j = i;
		while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
		for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2;
		i = j + 1;
	}
	return r;
}

function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
	const [a, b] = [ranks(x), ranks(y)];
	const n = a.length;
	const ma = a.reduce((s, v) => s + v, 0) / n;
	const mb = b.reduce((s, v) => s + v, 0) / n;
	let num = 0, da = 0, db = 0;
	for (let i = 0; i < n; i++) {
		num += (a[i] - ma) * (b[i] - mb);
		da += (a[i] - ma) ** 2;
		db += (b[i] - mb) ** 2;
	}
	return num / Math.sqrt(da * db);
}

describe('schedules (SPEC §4.8)', () => {
	it('step at their keys, 0 before the first, each step an expression evaluated like a formula', () => {
		const report = run(notebook(`
  - name: base
    sample: uniform(10, 20)
  - name: planned
    schedule: {2: 1, 5: "base * 2", 9: 7}
  - name: engineers
    schedule:
      0: 1
      3: prev(engineers) + 1
`));
		const p50 = report.cells.planned.p50;
		expect(p50.slice(0, 2)).toEqual([0, 0]);
		expect(p50.slice(2, 5)).toEqual([1, 1, 1]);
		expect(p50[5]).toBeCloseTo(2 * report.cells.base.p50[0], 9);
		expect(p50[8]).toBeCloseTo(2 * report.cells.base.p50[0], 9);
		expect(p50.slice(9)).toEqual([7, 7, 7, 7]);
		// from cycle 3 on, one more each cycle
		expect(report.cells.engineers.mean).toEqual([1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
	});

	it('can be overridden by a scenario with a formula', () => {
		const parsed = parseNotebook(notebook(`
  - name: hires
    schedule: {0: 1, 6: 3}
`, 'scenarios:\n  flat:\n    hires: 2'), 'test.yaml');
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const result = simulate(parsed.value, { scenario: 'flat' });
		expect(result.ok && result.value.cells.hires.mean).toEqual(Array(13).fill(2));
	});

	it('refuse a key that is not a whole number ≥ 0, naming the cell and the line', () => {
		const text = notebook(`
  - name: hires
    schedule:
      0: 1
      2.5: 3
      -1: 4
`);
		const errors = errorsOf(text);
		expect(errors.map((e) => [e.line, e.cell, e.message])).toEqual([
			[12, 'hires', "schedule of 'hires': the key '2.5' is not a cycle — keys are whole numbers ≥ 0 (the cycle each step starts at), e.g. {0: 1, 6: 3}"],
			[13, 'hires', "schedule of 'hires': the key '-1' is not a cycle — keys are whole numbers ≥ 0 (the cycle each step starts at), e.g. {0: 1, 6: 3}"]
		]);
	});

	it('refuse a step with a bad expression, an empty schedule and a schedule beside a formula', () => {
		expect(errorsOf(notebook(`
  - name: hires
    schedule: {0: 1, 3: "usres + 1"}
`)).map((e) => [e.cell, e.message])).toEqual([['hires', "schedule at cycle 3: unknown name 'usres' — did you mean 'hires'?"]]);
		expect(errorsOf(notebook(`
  - name: hires
    schedule: {}
`))[0].message).toBe("schedule of 'hires' has no steps — write e.g. {0: 1, 6: 3}");
		expect(errorsOf(notebook(`
  - name: hires
    schedule: {0: 1}
    formula: 2
`))[0].message).toMatch(/has both 'schedule' and 'formula'/);
	});
});

describe('uncertain delays (SPEC §4.8)', () => {
	it('round k per trial and read the cell k cycles back', () => {
		const plan = planOf(notebook(`
  - name: lag
    sample: uniform(0.5, 4.49)
  - name: clock
    formula: t * 10
  - name: late
    formula: delay(clock, lag, -1)
`));
		const values = block(plan, 7, 500);
		const [lag, , late] = values;
		const n = 500;
		const counts = new Map<number, number>();
		for (let i = 0; i < n; i++) {
			const k = Math.round(lag[i]);
			counts.set(k, (counts.get(k) ?? 0) + 1);
			for (let t = 0; t <= 12; t++) expect(late[t * n + i]).toBe(t >= k ? (t - k) * 10 : -1);
		}
		expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4]);
	});

	it('is a run error naming the cell when a trial’s k is outside 1 … horizon', () => {
		const errors = errorsOf(notebook(`
  - name: lag
    sample: uniform(0, 20)
  - name: clock
    formula: t
  - name: late
    formula: delay(clock, lag)
`));
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ cell: 'late', line: 13, code: 'run' });
		expect(errors[0].message).toMatch(/^formula: delay\(clock, k\): k = [\d.]+ (rounds to \d+, which is )?outside 1 … 12 \(the horizon\), first at cycle 0, in \d+ of 1000 trials/);
	});

	it('refuses a k that names a formula cell, draws or depends on t', () => {
		const messages = (formula: string) => errorsOf(notebook(`
  - name: clock
    formula: t
  - name: late
    formula: ${formula}
`)).map((e) => [e.cell, e.message]);
		expect(messages('delay(clock, clock)')).toEqual([['late', "the k of delay(clock, k) may name only sample cells (one k per trial), but 'clock' is a formula cell"]]);
		expect(messages('delay(clock, poisson(2))')[0][1]).toMatch(/is drawn once per trial: it may name sample cells and constants, not draw/);
		expect(messages('delay(clock, t)')[0][1]).toBe('the k of delay(clock, k) may not depend on t: it is one number per trial');
	});
});

describe('correlated inputs (SPEC §4.7)', () => {
	const cells = `
  - name: a
    sample: lognormal(0, 1)
  - name: b
    sample: pert(1, 2, 9)
  - name: c
    sample: bernoulli(0.3)
  - name: d
    sample: a * 2
`;
	const correlated = planOf(notebook(cells, 'correlations:\n  - [a, b, 0.6]\n  - [b, c, -0.4]\n  - [a, c, -0.2]'));
	const independent = planOf(notebook(cells));

	it('keeps every marginal exactly: the same values, paired anew', () => {
		for (const index of [0, 3]) {
			const x = block(correlated, 11, 1000, index);
			const y = block(independent, 11, 1000, index);
			for (const cell of [0, 1, 2]) {
				expect(Float64Array.from(x[cell]).sort()).toEqual(Float64Array.from(y[cell]).sort());
				expect(x[cell]).not.toEqual(y[cell]);
			}
			// a cell that names a correlated cell is drawn after the reordering
			for (let i = 0; i < 1000; i++) expect(x[3][i]).toBe(x[0][i] * 2);
		}
	});

	it('achieves the target rank correlations within Monte Carlo error', () => {
		// Over 20 blocks of 1,000: the mean achieved Spearman per block; its spread gives the error.
		const targets: [number, number, number][] = [[0, 1, 0.6], [1, 2, -0.4], [0, 2, -0.2]];
		for (const [p, q, target] of targets) {
			const achieved = Array.from({ length: 20 }, (_, index) => {
				const values = block(correlated, 5, 1000, index);
				return spearman(values[p], values[q]);
			});
			const mean = achieved.reduce((s, v) => s + v, 0) / achieved.length;
			const sd = Math.sqrt(achieved.reduce((s, v) => s + (v - mean) ** 2, 0) / (achieved.length - 1));
			// c is 0/1 (ties): its rank correlation is bounded below |1|, so allow the tie attenuation
			const tolerance = p === 2 || q === 2 ? 0.1 : Math.max(4 * (sd / Math.sqrt(20)), 0.02);
			expect(Math.abs(mean - target), `${p}–${q}: ${mean} vs ${target}`).toBeLessThan(tolerance);
		}
		// continuous pair, one block: within 4 SE of 1/√(n−1)
		const values = block(correlated, 9, 1000, 0);
		expect(Math.abs(spearman(values[0], values[1]) - 0.6)).toBeLessThan(4 / Math.sqrt(999));
	});

	it('is reproducible per (seed, block), whatever ran before', () => {
		const runner = new BlockRunner(correlated, 3);
		const first = runner.run(2, 1000);
		runner.run(0, 1000);
		const again = new BlockRunner(correlated, 3).run(2, 1000);
		expect(first.ok && again.ok && first.value.values[1]).toEqual(again.ok && again.value.values[1]);
	});

	it('gives the same report for any number of workers (in-thread here: blocks are independent)', () => {
		const text = notebook(cells, 'correlations:\n  - [a, b, 0.6]', { trials: 2500 });
		expect(run(text).cells).toEqual(run(text).cells);
	});

	it('refuses bad pairs, naming the cells', () => {
		const messages = (list: string, extra = cells) => errorsOf(notebook(extra, `correlations:\n${list}`)).map((e) => [e.cell, e.message]);
		expect(messages('  - [a, b, 1.5]')).toEqual([['a', "correlations: [a, b, 1.5]: the target rank correlation of 'a' and 'b' must be a number from −1 to 1, not 1.5"]]);
		expect(messages('  - [a, b, 0.5]\n  - [b, a, 0.2]')).toEqual([['b', "correlations: [b, a, 0.2]: the pair 'b' and 'a' is named twice: on line 19 and line 20 — keep one"]]);
		expect(messages('  - [a, d, 0.5]')).toEqual([['d', "correlations: 'd' names 'a' — a correlated cell must be drawn on its own (its expression may name no other cell); correlate 'a' instead"]]);
		expect(messages('  - [a, x, 0.5]')).toEqual([['x', "correlations: [a, x, 0.5]: unknown cell 'x' — did you mean 'a'?"]]);
		expect(messages('  - [a, a, 0.5]')).toEqual([['a', 'correlations: [a, a, 0.5]: a cell is always perfectly correlated with itself — name two different cells']]);
		expect(messages('  - [a, b, 0.9]\n  - [b, c, 0.9]\n  - [a, c, -0.9]')).toEqual([
			['a', "correlations: the targets between 'a', 'b', 'c' are not a valid correlation matrix (not positive definite: they contradict each other, e.g. a and b strongly alike, b and c too, but a and c opposed) — loosen one"]
		]);
	});

	it('refuses a correlated formula cell, naming it', () => {
		const errors = errorsOf(notebook(cells + '\n  - name: f\n    formula: t\n', 'correlations:\n  - [a, f, 0.5]'));
		expect(errors.map((e) => [e.cell, e.message])).toEqual([['f', "correlations: [a, f, 0.5]: 'f' is a formula cell — only sample cells (drawn once per trial) can be correlated"]]);
	});
});

describe('the reordering (correlations.ts)', () => {
	it('cholesky factors a valid matrix and refuses an invalid one', () => {
		const l = cholesky([[1, 0.5], [0.5, 1]])!;
		expect(l[1][0] * l[1][0] + l[1][1] * l[1][1]).toBeCloseTo(1, 12);
		expect(cholesky([[1, 1], [1, 1]])).toBeNull();
		expect(pearsonForSpearman(1)).toBeCloseTo(1, 12);
		expect(pearsonForSpearman(0)).toBe(0);
	});

	it('applyRanks keeps the values', () => {
		const values = Float64Array.from([5, 1, 3, 2, 4]);
		const ranks = targetRanks(5, [[1, 0], [0.5, Math.sqrt(0.75)]], randomStream(1, 0, '#test'));
		applyRanks(values, 5, ranks[0]);
		expect([...values].sort()).toEqual([1, 2, 3, 4, 5]);
	});
});

describe('capacity built-ins in a run', () => {
	it('a load above the USL peak is a run error naming the cell', () => {
		const errors = errorsOf(notebook(`
  - name: load
    formula: 200 * (t + 1)
  - name: servers
    formula: usl_nodes(load, 0.0277285, 0.0001044, 89.995233)
`));
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatchObject({ cell: 'servers', line: 11, code: 'run' });
		expect(errors[0].message).toMatch(/^formula: usl_nodes: load 2000 is above what the law can carry \(its peak 1884 at n = 97\).*first at cycle 9, in 1000 of 1000 trials/);
	});

	it('invalid constant arguments are an error before running', () => {
		const errors = errorsOf(notebook(`
  - name: agents
    formula: erlang_agents(10, 0.1, 0.05, 1.2)
`));
		expect(errors.map((e) => [e.cell, e.message])).toEqual([['agents', 'erlang_agents: level must be a chance above 0 and below 1, such as 0.8, not 1.2']]);
	});

	it('a cell named like a later function keeps working: the cell wins', () => {
		const report = run(notebook(`
  - name: usl
    formula: 3
  - name: twice
    formula: usl * 2
`));
		expect(report.cells.twice.mean[0]).toBe(6);
	});
});

describe('the notebooks in simulations/', () => {
	const dir = new URL('../../simulations/', import.meta.url);
	const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
	it.each(files)('%s parses, plans and runs 200 trials of every scenario without errors', (file) => {
		const parsed = parseNotebook(readFileSync(new URL(file, dir), 'utf8'), `simulations/${file}`);
		if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
		expect(planNotebook(parsed.value).ok).toBe(true);
		for (const scenario of ['base', ...Object.keys(parsed.value.scenarios)]) {
			const result = simulate({ ...parsed.value, trials: 200 }, { scenario });
			if (!result.ok) throw new Error(`${scenario}: ${result.errors.map((e) => `${e.cell}: ${e.message}`).join('\n')}`);
		}
	});
});
