// SPEC §4.3 Comparing scenarios: statistics of paired differences, trial i of a scenario against
// trial i of the reference (common random numbers make the pairs meaningful).
//
// Large runs: `summarizeDelta` needs every trial's difference of one series (a cell at a cycle),
// like any exact percentile; `above`/`below`/`mean` alone add up by block. `compareFirstCycles`
// and `runwayDelta` need one Int32 per trial and scenario and are exact at any trial count.
import { summarizeSeries } from '../stats';
import { PERCENTILES, type DeltaSummary, type EventDelta, type RunwayDelta } from '../types';

/** One series of paired differences: mean, the report's 7 percentiles (PERCENTILES), above, below. */
export type DeltaSeries = { mean: number; quantiles: number[]; above: number; below: number };

/**
 * "Statistics over trials of the paired difference d = X(scenario) − X(reference) at each cycle:
 * mean and type-7 percentiles of d, above[t] the fraction of trials with d > 0, below[t] with
 * d < 0." For ONE series `diff` (one cycle, all trials), which it reorders in place, like
 * `summarizeSeries`; the mean is summed in trial order first.
 */
export function summarizeDelta(diff: Float64Array): DeltaSeries {
	const n = diff.length;
	let above = 0;
	let below = 0;
	for (let i = 0; i < n; i++) {
		if (diff[i] > 0) above++;
		else if (diff[i] < 0) below++;
	}
	const { mean, quantiles } = summarizeSeries(diff, false);
	return { mean, quantiles, above: above / n, below: below / n };
}

/**
 * `delta.cells.X` of SPEC §4.3: the paired differences of one cell over every cycle. `scenario`
 * and `reference` hold the cell's values of every trial, series after series: values of cycle t
 * at [t·trials, (t + 1)·trials), as the runner keeps them. A sample cell (one series of
 * `trials` values) is constant over cycles, so its one summary is repeated over the `cycles`.
 * Neither input is modified; one scratch series of `trials` values is allocated unless given.
 */
export function summarizeDeltaCell(
	scenario: Float64Array,
	reference: Float64Array,
	trials: number,
	cycles: number,
	scratch: Float64Array = new Float64Array(trials)
): DeltaSummary {
	const series = scenario.length / trials;
	if (reference.length !== scenario.length || (series !== 1 && series !== cycles)) {
		throw new Error(`summarizeDeltaCell: expected ${trials} or ${trials * cycles} values in both, got ${scenario.length} and ${reference.length}`);
	}
	const summary: DeltaSummary = { mean: [], p5: [], p10: [], p25: [], p50: [], p75: [], p90: [], p95: [], above: [], below: [] };
	const diff = scratch.subarray(0, trials);
	for (let t = 0; t < series; t++) {
		const offset = t * trials;
		for (let i = 0; i < trials; i++) diff[i] = scenario[offset + i] - reference[offset + i];
		const d = summarizeDelta(diff);
		summary.mean.push(d.mean);
		PERCENTILES.forEach((p, k) => summary[`p${p}`].push(d.quantiles[k]));
		summary.above.push(d.above);
		summary.below.push(d.below);
	}
	// A sample cell is constant over cycles: summarized once, repeated (as in the report's cells).
	if (series === 1) for (const key of Object.keys(summary) as (keyof DeltaSummary)[]) summary[key] = new Array<number>(cycles).fill(summary[key][0]);
	return summary;
}

/**
 * "delta.events.NAME: … the fractions of trials whose … first cycle [is] earlier / later / same,
 * where +∞ = never." `later`: the scenario's first cycle is larger than the reference's in the
 * same trial (-1 = never = +∞, so never vs. any cycle is later, never vs. never is the same).
 */
export function compareFirstCycles(scenario: Int32Array, reference: Int32Array): EventDelta {
	const n = scenario.length;
	if (reference.length !== n) throw new Error('compareFirstCycles: scenario and reference differ in length');
	let later = 0;
	let earlier = 0;
	for (let i = 0; i < n; i++) {
		const s = scenario[i];
		const r = reference[i];
		if (s === r) continue;
		// s ≠ r here; -1 is +∞
		if (r < 0 || (s >= 0 && s < r)) earlier++;
		else later++;
	}
	return { earlier: earlier / n, later: later / n, same: (n - earlier - later) / n };
}

/**
 * "delta.runway: the fractions of trials whose runway (first cycle below 0, +∞ if never) is
 * longer, shorter or the same in the scenario than in the reference; survives is the scenario's
 * survives minus the reference's." Takes each trial's first cycle out (-1: never). `survives` is
 * computed exactly as the two `summarizeRunway` results would give it: never / n, subtracted.
 */
export function runwayDelta(scenario: Int32Array, reference: Int32Array): RunwayDelta {
	const { later, earlier, same } = compareFirstCycles(scenario, reference);
	const n = scenario.length;
	let neverS = 0;
	let neverR = 0;
	for (let i = 0; i < n; i++) {
		if (scenario[i] < 0) neverS++;
		if (reference[i] < 0) neverR++;
	}
	return { longer: later, shorter: earlier, same, survives: neverS / n - neverR / n };
}
