import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramInPlace, quantilesInPlace, selectInPlace, summarizeRunway } from '../../src/lib/engine/stats';

/** R's type 7 on a sorted copy: the definition the selection must match. */
function quantileType7(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

const LEVELS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];

describe('quantilesInPlace(values, levels)', () => {
	it('uses the R-7 method: equals interpolation on a sorted copy', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), (values) => {
				const q = quantilesInPlace(Float64Array.from(values), LEVELS);
				return q.every((x, i) => x === quantileType7(values, LEVELS[i]));
			}),
			{ numRuns: 300, seed: 11 }
		);
	});
	it('handles ties and tiny arrays', () => {
		expect(quantilesInPlace(Float64Array.from([3]), LEVELS)).toEqual(LEVELS.map(() => 3));
		expect(quantilesInPlace(Float64Array.from([1, 1, 1, 2]), [0.5, 0.95])).toEqual([1, quantileType7([1, 1, 1, 2], 0.95)]);
		expect(quantilesInPlace(Float64Array.from([10, 0]), [0, 0.5, 1])).toEqual([0, 5, 10]);
	});
});

describe('selectInPlace(a, k)', () => {
	it('puts the k-th smallest at k with smaller ones before and larger ones after', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 2000 }), fc.nat(), (values, seed) => {
				const a = Float64Array.from(values);
				const k = seed % a.length;
				selectInPlace(a, k);
				const sorted = [...values].sort((x, y) => x - y);
				return a[k] === sorted[k] && a.slice(0, k).every((x) => x <= a[k]) && a.slice(k + 1).every((x) => x >= a[k]);
			}),
			{ numRuns: 300, seed: 5 }
		);
	});
});

describe('summarizeRunway(cell, firstOut, horizon)', () => {
	it('counts never-out trials as +∞ and reports null for non-finite percentiles', () => {
		const r = summarizeRunway('cash', Int32Array.from([2, 3, -1, -1]), 4);
		expect(r).toEqual({ cell: 'cash', p10: 2.3, p50: null, p90: null, cashOutByCycle: [0, 0, 0.25, 0.5, 0.5], survives: 0.5 });
	});
	it('interpolates between cycles like any type-7 percentile (may be fractional)', () => {
		expect(summarizeRunway('cash', Int32Array.from([10, 11]), 20).p50).toBe(10.5);
	});
});

describe('histogramInPlace(values, bins)', () => {
	it('counts every value once, between the 1st and 99th percentiles', () => {
		const values = Float64Array.from({ length: 1000 }, (_, i) => i);
		const h = histogramInPlace(values, 10);
		expect(h.counts.reduce((a, b) => a + b)).toBe(1000);
		expect(h.edges[0]).toBeCloseTo(9.99, 9);
		expect(h.edges[10]).toBeCloseTo(989.01, 9);
	});
	it('a constant gives one bin', () => {
		expect(histogramInPlace(new Float64Array(5).fill(2))).toEqual({ edges: [2, 2], counts: [5] });
	});
});
