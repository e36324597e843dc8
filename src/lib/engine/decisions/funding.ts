// SPEC §4.4 Funding need: "how much money, added to the runway cell at cycle k and kept from then
// on, keeps it at or above 0 from cycle k through cycle T … For one trial and cycle k:
// need_k = max(0, −min over k ≤ t ≤ T of the runway cell at t), or +∞ when the cell is below 0 at
// some cycle before k (the money comes too late)."
//
// Large runs: the percentiles need every trial's need_k at each k (as much as one more cell);
// `tooLate` alone is a count and adds up by block (need_k = +∞ exactly when too late).
import { quantilesInPlace } from '../stats';
import type { FundingSummary } from '../types';

/**
 * need_k of every trial of one block, for k = 0 … cycles − 1, cycle-major like the block's values
 * (`out[k * n + i]`). `values` are the runway cell's values, `values[t * n + i]`; a sample runway
 * cell, constant over cycles, may be given as its n values. `through` is T (≤ cycles − 1).
 * For k > T there is nothing left to cover: need_k is 0, or +∞ when too late, so that
 * need_k = +∞ exactly when the trial is out of money before k. O(n·cycles): one suffix minimum
 * per trial (backwards over t), then one pass forwards for "too late".
 */
export function fundingNeeds(values: Float64Array, n: number, cycles: number, through: number, out: Float64Array = new Float64Array(n * cycles)): Float64Array {
	if (!(Number.isInteger(through) && through >= 0 && through < cycles)) throw new Error(`fundingNeeds: through must be a whole number in 0 … ${cycles - 1}, got ${through}`);
	const stride = values.length === n ? 0 : n; // a constant cell: the same n values at every cycle
	// Backwards: out[k] = max(0, −min of x over k … T), the running minimum kept in out itself.
	out.fill(0, (through + 1) * n, cycles * n);
	for (let i = 0; i < n; i++) out[through * n + i] = values[through * stride + i];
	for (let k = through - 1; k >= 0; k--) {
		for (let i = 0; i < n; i++) {
			const x = values[k * stride + i];
			const later = out[(k + 1) * n + i];
			out[k * n + i] = x < later ? x : later;
		}
	}
	for (let k = 0; k <= through; k++) {
		for (let i = 0; i < n; i++) {
			const m = out[k * n + i];
			out[k * n + i] = m < 0 ? -m : 0;
		}
	}
	// Forwards: +∞ from the cycle after the first one below 0.
	for (let i = 0; i < n; i++) {
		for (let t = 0; t < cycles - 1; t++) {
			if (values[t * stride + i] < 0) {
				for (let k = t + 1; k < cycles; k++) out[k * n + i] = Infinity;
				break;
			}
		}
	}
	return out;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * `funding` of SPEC §4.4 from need_k of all trials, one array per k = 0 … horizon (each reordered
 * in place): "pK[k]: the K-th percentile (type 7) of need_k over trials, null where not finite;
 * tooLate[k]: the fraction of trials already out of money before cycle k (for k > T: null
 * everywhere and tooLate as defined)." Too late is need_k = +∞, as `fundingNeeds` writes it.
 */
export function summarizeFunding(needsPerCycle: Float64Array[], through: number, horizon: number): FundingSummary {
	if (needsPerCycle.length !== horizon + 1) throw new Error(`summarizeFunding: expected ${horizon + 1} cycles of needs, got ${needsPerCycle.length}`);
	const summary: FundingSummary = { through, p50: [], p75: [], p90: [], p95: [], tooLate: [] };
	for (let k = 0; k <= horizon; k++) {
		const needs = needsPerCycle[k];
		let late = 0;
		for (let i = 0; i < needs.length; i++) if (needs[i] === Infinity) late++;
		summary.tooLate.push(late / needs.length);
		const q = k <= through ? quantilesInPlace(needs, [0.5, 0.75, 0.9, 0.95]) : [NaN, NaN, NaN, NaN];
		summary.p50.push(finite(q[0]));
		summary.p75.push(finite(q[1]));
		summary.p90.push(finite(q[2]));
		summary.p95.push(finite(q[3]));
	}
	return summary;
}
