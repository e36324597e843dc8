import { describe, expect, it } from 'vitest';
import { compareFirstCycles, runwayDelta, summarizeDelta, summarizeDeltaCell } from '../../../src/lib/engine/decisions/comparison';
import { normalQuantile } from '../../../src/lib/engine/language/distributions';
import { quantilesInPlace, summarizeRunway } from '../../../src/lib/engine/stats';
import { PERCENTILES } from '../../../src/lib/engine/types';
import { draws, phi, proportionSE } from './helpers';

const LEVELS = PERCENTILES.map((p) => p / 100);
/** The standard error of the sample p-quantile of normal(·, sd) over n trials. */
const quantileSE = (p: number, sd: number, n: number) => (sd * proportionSE(p, n)) / phi(normalQuantile(p));

describe('SPEC §4.3: "statistics over trials of the paired difference d = X(scenario) − X(reference) at each cycle"', () => {
	const n = 100_000;
	const sd = 3;

	it('a scenario that doubles a normal input on the same draws (X_s = 2σZ + μ, X_r = σZ + μ) gives d = σZ: mean 0, type-7 percentiles σ·Φ⁻¹(p), above = below = ½, all within 4 standard errors', () => {
		// Same seed and cell: the scenario's normal(μ, 2σ) consumes the same uniforms as the reference's normal(μ, σ).
		const reference = draws(n, 2026, 'growth', 'normal', 10, sd);
		const scenario = draws(n, 2026, 'growth', 'normal', 10, 2 * sd);
		const diff = scenario.map((x, i) => x - reference[i]);
		const d = summarizeDelta(diff);
		expect(Math.abs(d.mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
		LEVELS.forEach((p, k) => expect(Math.abs(d.quantiles[k] - sd * normalQuantile(p))).toBeLessThan(4 * quantileSE(p, sd, n)));
		expect(Math.abs(d.above - 0.5)).toBeLessThan(4 * proportionSE(0.5, n));
		expect(Math.abs(d.below - 0.5)).toBeLessThan(4 * proportionSE(0.5, n));
		expect(d.above + d.below).toBe(1);
	});

	it('"a percentile of differences is not a difference of percentiles": an input redrawn independently keeps its percentiles (difference ≈ 0) while d = σ(Z′ − Z) has P90 = σ√2·Φ⁻¹(0.9)', () => {
		const reference = draws(n, 7, 'growth', 'normal', 0, sd);
		const scenario = draws(n, 7, 'growth_redrawn', 'normal', 0, sd); // another stream: independent
		const differenceOfP90s = quantilesInPlace(scenario.slice(), [0.9])[0] - quantilesInPlace(reference.slice(), [0.9])[0];
		const p90OfDifferences = summarizeDelta(scenario.map((x, i) => x - reference[i])).quantiles[LEVELS.indexOf(0.9)];
		const se = quantileSE(0.9, sd, n);
		expect(Math.abs(differenceOfP90s)).toBeLessThan(4 * Math.SQRT2 * se); // two independent estimates
		expect(Math.abs(p90OfDifferences - sd * Math.SQRT2 * normalQuantile(0.9))).toBeLessThan(4 * quantileSE(0.9, sd * Math.SQRT2, n));
		expect(p90OfDifferences - differenceOfP90s).toBeGreaterThan(100 * se); // 5.4 vs ~0: not a rounding matter
	});

	it('"A cell that nothing in the scenario reaches has d = 0 in every trial": identical arrays give 0 everywhere, above = below = 0', () => {
		const values = draws(3 * 1000, 1, 'users', 'lognormal', 5, 1);
		const delta = summarizeDeltaCell(values, values.slice(), 1000, 3);
		for (const key of ['mean', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'above', 'below'] as const) expect(delta[key]).toEqual([0, 0, 0]);
	});

	it('summarizeDeltaCell reads series t at [t·trials, (t + 1)·trials), leaves its inputs as they were, and repeats a sample cell\'s one series over the cycles', () => {
		const reference = Float64Array.from([1, 2, 3, 4, /* t = 1 */ 10, 10, 10, 10]);
		const scenario = Float64Array.from([1, 2, 3, 5, /* t = 1 */ 9, 10, 11, 12]);
		const before = scenario.slice();
		const delta = summarizeDeltaCell(scenario, reference, 4, 2);
		expect(scenario).toEqual(before);
		expect(delta.mean).toEqual([0.25, 0.5]);
		expect(delta.above).toEqual([0.25, 0.5]);
		expect(delta.below).toEqual([0, 0.25]);
		// d at t = 1: −1, 0, 1, 2 → type-7 P50 = 0.5, P95 = 1 + 0.85·1 = 1.85
		expect(delta.p50[1]).toBe(0.5);
		expect(delta.p95[1]).toBeCloseTo(1.85, 12);
		const sample = summarizeDeltaCell(Float64Array.from([2, 2]), Float64Array.from([1, 3]), 2, 4);
		expect(sample.mean).toEqual([0, 0, 0, 0]);
		expect(sample.p5).toEqual([-0.9, -0.9, -0.9, -0.9]);
		expect(sample.above).toEqual([0.5, 0.5, 0.5, 0.5]);
		expect(() => summarizeDeltaCell(new Float64Array(6), new Float64Array(6), 2, 2)).toThrow(/expected/);
	});
});

describe('SPEC §4.3: "the fractions of trials whose … first cycle [is] earlier / later / same (where +∞ = never)"', () => {
	it('compares trial by trial, -1 (never) as +∞', () => {
		const scenario = Int32Array.from([3, -1, 5, -1, 2, 0, 4, 9]);
		const reference = Int32Array.from([3, 4, -1, -1, 5, 1, 2, 9]);
		// same: 0, 3, 7; later: 1 (∞ > 4), 6 (4 > 2); earlier: 2 (5 < ∞), 4, 5
		expect(compareFirstCycles(scenario, reference)).toEqual({ earlier: 3 / 8, later: 2 / 8, same: 3 / 8 });
	});
	it('delta.runway: longer = runs out later or never; "survives is the scenario\'s survives minus the reference\'s"', () => {
		const scenario = Int32Array.from([3, -1, 5, -1, 2, 0, 4]);
		const reference = Int32Array.from([3, 4, -1, -1, 5, 1, 2]);
		const delta = runwayDelta(scenario, reference);
		expect(delta).toEqual({ longer: 2 / 7, shorter: 3 / 7, same: 2 / 7, survives: summarizeRunway('cash', scenario, 9).survives - summarizeRunway('cash', reference, 9).survives });
		expect(delta.survives).toBeCloseTo(0, 15); // two never in each
		expect(runwayDelta(Int32Array.from([-1, -1]), Int32Array.from([1, -1])).survives).toBe(0.5);
	});
});
