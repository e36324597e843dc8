import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks } from '../../../src/lib/engine/decisions/ranks';
import { sensitivity } from '../../../src/lib/engine/decisions/sensitivity';
import { draws } from './helpers';

/** Spearman's rho by batch: the spread of B batch estimates gives the standard error of their mean. */
function batchSE(input: Float64Array, outcome: Float64Array, batches: number): number {
	const size = input.length / batches;
	const rhos = Array.from({ length: batches }, (_, j) => {
		const slice = (x: Float64Array) => x.slice(j * size, (j + 1) * size);
		return sensitivity([{ cell: 'x', values: slice(input) }], slice(outcome), 'y').inputs[0].spearman;
	});
	const m = rhos.reduce((a, b) => a + b) / batches;
	const sd = Math.sqrt(rhos.reduce((a, r) => a + (r - m) ** 2, 0) / (batches - 1));
	// one batch's sd, scaled to the whole run's n = batches × size
	return sd / Math.sqrt(batches);
}

describe('SPEC §4.5: "spearman: the rank correlation of input and outcome over all trials (ties get their average rank …)"', () => {
	it('ties get their average rank (exact)', () => {
		expect(Array.from(averageRanks(Float64Array.from([10, 20, 20, 30, 20])))).toEqual([1, 3, 3, 5, 3]);
		expect(Array.from(averageRanks(Float64Array.from([2, 1, 2, 1])))).toEqual([3.5, 1.5, 3.5, 1.5]);
		expect(Array.from(averageRanks(Float64Array.from([-0, 0, -1])))).toEqual([2.5, 2.5, 1]);
		expect(Array.from(averageRanks(new Float64Array(0)))).toEqual([]);
	});
	it('average ranks are the definition: 1 + #{smaller} + (#{equal} − 1)/2, for any values (−0 = 0, ±∞, subnormals, many ties)', () => {
		const value = fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, Infinity, -Infinity, 5e-324, -5e-324));
		fc.assert(
			fc.property(fc.array(value, { maxLength: 300 }), (xs) => {
				const expected = xs.map((v) => 1 + xs.filter((x) => x < v).length + (xs.filter((x) => x === v).length - 1) / 2);
				expect(Array.from(averageRanks(Float64Array.from(xs)))).toEqual(expected);
			}),
			{ numRuns: 1000, seed: 4 }
		);
	});
	it('is Pearson\'s correlation of the average ranks: input [1, 2, 2, 3] against outcome [1, 2, 3, 4] gives 3/√10 (R: cor(method = "spearman"))', () => {
		const s = sensitivity([{ cell: 'x', values: Float64Array.from([1, 2, 2, 3]) }], Float64Array.from([1, 2, 3, 4]), 'y');
		expect(s.inputs[0].spearman).toBeCloseTo(3 / Math.sqrt(10), 14);
	});
	it('"0 when the outcome is constant"', () => {
		const s = sensitivity([{ cell: 'x', values: Float64Array.from([1, 2, 3]) }], Float64Array.from([1, 1, 1]), 'y');
		expect(s.inputs[0].spearman).toBe(0);
	});
});

describe('SPEC §4.5: "One entry per sample cell that is not constant …, sorted by |high.mean − low.mean|, largest first"', () => {
	it('upTo = type-7 P10, low.mean over input ≤ upTo; from = P90, high.mean over input ≥ from (exact); constant inputs are left out', () => {
		const values = Float64Array.from([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
		const outcome = values.map((x) => x * x);
		const before = values.slice();
		const s = sensitivity(
			[
				{ cell: 'fixed', values: new Float64Array(10).fill(4) },
				{ cell: 'x', values }
			],
			outcome,
			'cash@12'
		);
		expect(values).toEqual(before);
		// 1 … 10: P10 = 1 + 0.9·1 = 1.9 → {1}; P90 = 1 + 8.1 = 9.1 → {10}
		expect(s).toEqual({ outcome: 'cash@12', inputs: [{ cell: 'x', spearman: 1, low: { upTo: 1.9, mean: 1 }, high: { from: 9.1, mean: 100 } }] });
	});
	it('ties in the swing keep the inputs\' order', () => {
		const a = Float64Array.from([1, 2, 3, 4, 5]);
		const s = sensitivity(
			[
				{ cell: 'b', values: a.slice() },
				{ cell: 'a', values: a.slice() },
				{ cell: 'c', values: a.map((x) => 6 - x) }
			],
			a,
			'y'
		);
		expect(s.inputs.map((e) => e.cell)).toEqual(['b', 'a', 'c']);
	});

	it('a linear outcome y = 3a + b (a, b independent uniform(0, 1)) ranks a before b; spearman 257/270 and 3/10, the tail means 0.65/3.35 and 1.55/2.45, within 4 standard errors', () => {
		const n = 100_000;
		const a = draws(n, 2026, 'a', 'uniform', 0, 1);
		const b = draws(n, 2026, 'b', 'uniform', 0, 1);
		const y = a.map((x, i) => 3 * x + b[i]);
		const s = sensitivity(
			[
				{ cell: 'b', values: b },
				{ cell: 'a', values: a }
			],
			y,
			'y'
		);
		expect(s.inputs.map((e) => e.cell)).toEqual(['a', 'b']);
		const [ea, eb] = s.inputs;
		// Closed forms: ρ_s(a, y) = 12·E[a·F_y(y)] − 3 with F_y the trapezoid CDF of 3a + b; likewise for b.
		expect(Math.abs(ea.spearman - 257 / 270)).toBeLessThan(4 * batchSE(a, y, 20));
		expect(Math.abs(eb.spearman - 3 / 10)).toBeLessThan(4 * batchSE(b, y, 20));
		// The tail means: E[3a + b | a ≤ 0.1] = 0.65, etc. SE: the mean of 0.1·n outcomes with variance
		// 9·0.1²/12 + 1/12 (or 0.1²/12 + 9/12), plus the threshold's own error (SE √(0.09/n)) times the
		// slope of the conditional mean in it (3/2 or 1/2).
		const tailSE = (within: number, slope: number) => Math.sqrt(within / (0.1 * n)) + slope * Math.sqrt(0.09 / n);
		const seA = tailSE(9 * 0.01 / 12 + 1 / 12, 1.5);
		const seB = tailSE(0.01 / 12 + 9 / 12, 0.5);
		expect(Math.abs(ea.low.mean - 0.65)).toBeLessThan(4 * seA);
		expect(Math.abs(ea.high.mean - 3.35)).toBeLessThan(4 * seA);
		expect(Math.abs(eb.low.mean - 1.55)).toBeLessThan(4 * seB);
		expect(Math.abs(eb.high.mean - 2.45)).toBeLessThan(4 * seB);
		expect(Math.abs(ea.low.upTo - 0.1)).toBeLessThan(4 * Math.sqrt(0.09 / n));
		expect(Math.abs(ea.high.from - 0.9)).toBeLessThan(4 * Math.sqrt(0.09 / n));
	});

	it('a 0/1 outcome, as for runway (most trials tie): y = [a > 1/2] gives spearman √3/2 within 4 standard errors', () => {
		const n = 100_000;
		const a = draws(n, 9, 'a', 'uniform', 0, 1);
		const y = a.map((x) => (x > 0.5 ? 1 : 0));
		const s = sensitivity([{ cell: 'a', values: a }], y, 'runway');
		expect(s.outcome).toBe('runway');
		expect(Math.abs(s.inputs[0].spearman - Math.sqrt(3) / 2)).toBeLessThan(4 * batchSE(a, y, 20));
		expect(s.inputs[0].low.mean).toBe(0);
		expect(s.inputs[0].high.mean).toBe(1);
	});
});
