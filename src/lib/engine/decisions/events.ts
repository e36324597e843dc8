// SPEC §4.2 Events: "byCycle[t]: the fraction of trials in which the condition has held at some
// cycle ≤ t; pK: the K-th percentile (type 7) of the first cycle at which it holds, a trial where
// it never holds counting as +∞, null where not finite; never: the fraction where it never holds.
// (The runway is the event "runway cell < 0", reported as in §3.)"
//
// Large runs: both functions need only one Int32 per trial (the first cycle), so they stay exact
// at any trial count; the per-cycle counts behind `summarizeFirstCycles` also add up by block.
import type { EventSummary } from '../types';

/**
 * Per trial, the first cycle at which a condition holds, or -1 when it never does (= +∞).
 * `values` is one block's condition values, cycle-major: `values[t * n + i]` is trial i at cycle
 * t, for t = 0 … cycles − 1. "True when non-zero" (SPEC §4.2); NaN counts as not holding, as in
 * JavaScript and mathjs, where NaN is falsy.
 */
export function firstCycles(values: Float64Array, n: number, cycles: number, out: Int32Array = new Int32Array(n)): Int32Array {
	out.fill(-1, 0, n);
	let pending = n;
	for (let t = 0; t < cycles && pending > 0; t++) {
		const row = t * n;
		for (let i = 0; i < n; i++) {
			// v !== 0 && v === v: non-zero and not NaN
			const v = values[row + i];
			if (out[i] < 0 && v !== 0 && v === v) {
				out[i] = t;
				pending--;
			}
		}
	}
	return out;
}

/**
 * Summarizes each trial's first cycle (0 … horizon, or -1 for never = +∞): `byCycle[t]` the
 * fraction with a first cycle ≤ t, type-7 P10/P50/P90 (null where not finite), `never` the
 * fraction that never get there. Counts per cycle, so it is O(trials + horizon) and sorts nothing.
 */
export function summarizeFirstCycles(first: Int32Array, horizon: number): EventSummary {
	const n = first.length;
	const counts = new Array<number>(horizon + 1).fill(0);
	let never = 0;
	for (let i = 0; i < n; i++) {
		if (first[i] < 0) never++;
		else counts[first[i]]++;
	}
	const byCycle: number[] = [];
	let cumulative = 0;
	for (let t = 0; t <= horizon; t++) {
		cumulative += counts[t];
		byCycle.push(cumulative / n);
	}
	// The k-th order statistic (0-based) from the counts, without sorting.
	const orderStatistic = (k: number): number => {
		let seen = 0;
		for (let t = 0; t <= horizon; t++) {
			seen += counts[t];
			if (k < seen) return t;
		}
		return Infinity;
	};
	// Type 7: h = (n − 1)p, interpolating between the order statistics around h.
	const percentile = (p: number): number | null => {
		const h = (n - 1) * p;
		const lo = Math.floor(h);
		const below = orderStatistic(lo);
		const value = h === lo ? below : below + (h - lo) * (orderStatistic(lo + 1) - below);
		return Number.isFinite(value) ? value : null;
	};
	return { byCycle, p10: percentile(0.1), p50: percentile(0.5), p90: percentile(0.9), never: never / n };
}
