import { describe, expect, it } from 'vitest';
import { fundingNeeds, summarizeFunding } from '../../../src/lib/engine/decisions/funding';
import { draws, proportionSE, type7 } from './helpers';

/** The definition, O(cycles²) per trial: need_k = max(0, −min_{k≤t≤T} x_t), +∞ if x_t < 0 for some t < k. */
function needByDefinition(x: (t: number) => number, k: number, through: number): number {
	for (let t = 0; t < k; t++) if (x(t) < 0) return Infinity;
	let min = Infinity;
	for (let t = k; t <= through; t++) min = Math.min(min, x(t));
	return k > through ? 0 : Math.max(0, -min);
}

/** need_k of trial i, for k = 0 … cycles − 1, from fundingNeeds's cycle-major output. */
const column = (out: Float64Array, n: number, cycles: number, i: number) => Array.from({ length: cycles }, (_, k) => out[k * n + i]);

describe('SPEC §4.4: "need_k = max(0, −min over k ≤ t ≤ T of the runway cell at t), or +∞ when the cell is below 0 at some cycle before k"', () => {
	it('a linear burn x_t = c0 − b·t needs max(0, b·T − c0) while c0 − b·(k − 1) ≥ 0, and is too late after', () => {
		const n = 1000;
		const horizon = 24;
		const cycles = horizon + 1;
		const c0 = draws(n, 3, 'cash0', 'uniform', -50, 300);
		const b = draws(n, 3, 'burn', 'uniform', 0, 20);
		const values = new Float64Array(n * cycles);
		for (let t = 0; t < cycles; t++) for (let i = 0; i < n; i++) values[t * n + i] = c0[i] - b[i] * t;
		for (const through of [horizon, 10]) {
			const needs = fundingNeeds(values, n, cycles, through);
			const wrong: string[] = [];
			for (let i = 0; i < n; i++) {
				for (let k = 0; k < cycles; k++) {
					const need = needs[k * n + i];
					const closed = k >= 1 && c0[i] - b[i] * (k - 1) < 0 ? Infinity : k > through ? 0 : Math.max(0, b[i] * through - c0[i]);
					const ok = need === closed || Math.abs(need - closed) <= 1e-9 * Math.abs(closed);
					if (!ok) wrong.push(`trial ${i}, k ${k}: ${need}, expected ${closed}`);
				}
			}
			expect(wrong).toEqual([]);
		}
	});

	it('equals the definition on a wandering cell (suffix minimum, not a linear burn), T = horizon and T < horizon', () => {
		const n = 200;
		const cycles = 13;
		const values = draws(n * cycles, 5, 'cash', 'normal', 1, 3);
		for (const through of [12, 6, 0]) {
			const needs = fundingNeeds(values, n, cycles, through);
			for (let i = 0; i < n; i++) {
				const expected = Array.from({ length: cycles }, (_, k) => needByDefinition((t) => values[t * n + i], k, through));
				expect(column(needs, n, cycles, i)).toEqual(expected);
			}
		}
	});

	it('at k the cell may itself be below 0 (the money arrives in time); a sample cell may be given as its n values', () => {
		// trial 0: 5, −3, −1; trial 1: −2, 4, 4
		const needs = fundingNeeds(Float64Array.from([5, -2, -3, 4, -1, 4]), 2, 3, 2);
		expect(column(needs, 2, 3, 0)).toEqual([3, 3, Infinity]);
		expect(column(needs, 2, 3, 1)).toEqual([2, Infinity, Infinity]);
		expect(Array.from(fundingNeeds(Float64Array.from([-4, 1]), 2, 3, 2))).toEqual([4, 0, Infinity, 0, Infinity, 0]);
		expect(() => fundingNeeds(new Float64Array(6), 2, 3, 3)).toThrow(/through/);
	});
});

describe('SPEC §4.4: "pK[k]: the K-th percentile (type 7) of need_k over trials, null where not finite; tooLate[k]: the fraction of trials already out of money before cycle k (for k > T: null everywhere and tooLate as defined)"', () => {
	it('a linear burn with c0 ~ uniform(0, 100), b = 5, T = 36: need_k = 180 − c0, too late when c0 < 5(k − 1); P50 = 130 for k ≤ 10 and null from k = 12, P90 = 170 for k ≤ 2, all within 4 standard errors', () => {
		const n = 40_000;
		const horizon = 40;
		const through = 36;
		const cycles = horizon + 1;
		const c0 = draws(n, 11, 'cash0', 'uniform', 0, 100);
		const values = new Float64Array(n * cycles);
		for (let t = 0; t < cycles; t++) for (let i = 0; i < n; i++) values[t * n + i] = c0[i] - 5 * t;
		const needs = fundingNeeds(values, n, cycles, through);
		const perCycle = Array.from({ length: cycles }, (_, k) => needs.slice(k * n, (k + 1) * n));
		const exact = perCycle.map((x) => [0.5, 0.9].map((p) => type7(x, p)));
		const f = summarizeFunding(perCycle, through, horizon);
		expect(f.through).toBe(through);
		for (const key of ['p50', 'p75', 'p90', 'p95', 'tooLate'] as const) expect(f[key]).toHaveLength(cycles);
		// need has density 1/100 on its finite part: SE of the p-quantile = 100·√(p(1 − p)/n)
		for (let k = 0; k <= 10; k++) expect(Math.abs(f.p50[k]! - 130)).toBeLessThan(4 * 100 * proportionSE(0.5, n));
		for (let k = 0; k <= 2; k++) expect(Math.abs(f.p90[k]! - 170)).toBeLessThan(4 * 100 * proportionSE(0.9, n));
		for (let k = 12; k <= horizon; k++) expect(f.p50[k]).toBeNull();
		for (let k = 0; k <= horizon; k++) {
			// the type-7 definition, non-finite → null, and nothing for k > T
			expect(f.p50[k]).toBe(k <= through && Number.isFinite(exact[k][0]) ? exact[k][0] : null);
			expect(f.p90[k]).toBe(k <= through && Number.isFinite(exact[k][1]) ? exact[k][1] : null);
			const late = Math.min(1, Math.max(0, (5 * (k - 1)) / 100));
			expect(Math.abs(f.tooLate[k] - late)).toBeLessThanOrEqual(4 * proportionSE(late, n));
		}
		expect(f.tooLate[0]).toBe(0);
		expect(f.tooLate[horizon]).toBe(1); // c0 < 100 ≤ 5·39
	});
	it('k > T: percentiles null even when every trial has money left', () => {
		const f = summarizeFunding([Float64Array.from([1, 2]), Float64Array.from([0, 0]), Float64Array.from([0, Infinity])], 1, 2);
		expect(f).toEqual({ through: 1, p50: [1.5, 0, null], p75: [1.75, 0, null], p90: [1.9, 0, null], p95: [1.95, 0, null], tooLate: [0, 0, 0.5] });
	});
});
