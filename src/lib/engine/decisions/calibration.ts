// SPEC §4.6 Actuals and calibration: where each actual falls in the forecast, and the forecast
// re-weighted by the likelihood of the actuals (importance weighting) — the posterior, the re-plan.
// Weighted statistics here take normalised weights (summing to 1) and read values in trial order,
// so they are the same whatever thread computes them.
import { PERCENTILES, type CellSummary, type EventSummary, type FundingSummary, type Sensitivity, type SensitivityInput } from '../types';
import { sortedOrder } from './ranks';

/**
 * Each trial's weight from its log-likelihood (≤ 0 per SPEC: Σ −(x − actual)² / (2 sd²)),
 * normalised to sum to 1. Shifted by the largest log-likelihood first, so weights that would all
 * underflow (actuals far outside the forecast) still give the best trials their due; never NaN.
 * `ess` = (Σw)² / Σw², the number of trials the posterior effectively rests on.
 */
export function normalizedWeights(logLikelihood: Float64Array): { weights: Float64Array; ess: number } {
	const n = logLikelihood.length;
	let max = -Infinity;
	for (let i = 0; i < n; i++) if (logLikelihood[i] > max) max = logLikelihood[i];
	const weights = new Float64Array(n);
	let sum = 0;
	for (let i = 0; i < n; i++) sum += weights[i] = Math.exp(logLikelihood[i] - max);
	let squares = 0;
	for (let i = 0; i < n; i++) {
		weights[i] /= sum;
		squares += weights[i] * weights[i];
	}
	return { weights, ess: 1 / squares };
}

/** Adds each trial's log-likelihood of one measurement: x measured as `actual` with sd `sd`. */
export function addLogLikelihood(into: Float64Array, values: Float64Array, offset: number, n: number, actual: number, sd: number): void {
	const scale = 1 / (2 * sd * sd);
	for (let i = 0; i < n; i++) {
		const d = values[offset + i] - actual;
		into[i] -= d * d * scale;
	}
}

/** "The fraction of trials whose value at that cycle is below it, plus half the fraction equal to it." */
export function actualPercentile(values: Float64Array, actual: number): number {
	let below = 0;
	let equal = 0;
	for (let i = 0; i < values.length; i++) {
		if (values[i] < actual) below++;
		else if (values[i] === actual) equal++;
	}
	return (below + equal / 2) / values.length;
}

export function weightedMean(values: Float64Array, weights: Float64Array): number {
	let sum = 0;
	for (let i = 0; i < values.length; i++) sum += weights[i] * values[i];
	return sum;
}

/**
 * Percentiles that invert the weighted empirical distribution: at level p, the smallest value
 * whose cumulative weight reaches p. Values may be +∞ (a funding need too late).
 */
export function weightedQuantiles(values: Float64Array, weights: Float64Array, levels: readonly number[]): number[] {
	const { index } = sortedOrder(values);
	const out: number[] = [];
	let cumulative = 0;
	let j = 0;
	// Rounding can leave the total a hair below 1: the last level then takes the largest value.
	for (const p of levels) {
		while (j < index.length - 1 && cumulative + weights[index[j]] < p * (1 - 1e-12)) cumulative += weights[index[j++]];
		out.push(values[index[j]]);
	}
	return out;
}

const LEVELS = PERCENTILES.map((p) => p / 100);

/** The posterior mean and report percentiles of one series. */
export function weightedSeries(values: Float64Array, weights: Float64Array): { mean: number; quantiles: number[] } {
	return { mean: weightedMean(values, weights), quantiles: weightedQuantiles(values, weights, LEVELS) };
}

/** §4.2's summary of first cycles (-1: never, counted as +∞) with weighted trials. */
export function weightedFirstCycles(first: Int32Array, weights: Float64Array, horizon: number): EventSummary {
	const mass = new Array<number>(horizon + 1).fill(0);
	let never = 0;
	for (let i = 0; i < first.length; i++) {
		if (first[i] < 0) never += weights[i];
		else mass[first[i]] += weights[i];
	}
	const byCycle: number[] = [];
	let cumulative = 0;
	for (let t = 0; t <= horizon; t++) byCycle.push(Math.min(1, (cumulative += mass[t])));
	const percentile = (p: number): number | null => {
		const t = byCycle.findIndex((c) => c >= p * (1 - 1e-12));
		return t < 0 ? null : t;
	};
	return { byCycle, p10: percentile(0.1), p50: percentile(0.5), p90: percentile(0.9), never };
}

/** §4.4 with weighted trials: need_k per k over all trials (+∞: too late). */
export function weightedFunding(needsPerCycle: Float64Array[], weights: Float64Array, through: number): FundingSummary {
	const summary: FundingSummary = { through, p50: [], p75: [], p90: [], p95: [], tooLate: [] };
	needsPerCycle.forEach((needs, k) => {
		let late = 0;
		for (let i = 0; i < needs.length; i++) if (needs[i] === Infinity) late += weights[i];
		summary.tooLate.push(late);
		const q = k <= through ? weightedQuantiles(needs, weights, [0.5, 0.75, 0.9, 0.95]) : [NaN, NaN, NaN, NaN];
		const finite = (x: number) => (Number.isFinite(x) ? x : null);
		summary.p50.push(finite(q[0]));
		summary.p75.push(finite(q[1]));
		summary.p90.push(finite(q[2]));
		summary.p95.push(finite(q[3]));
	});
	return summary;
}

/** Mid-ranks by weight: each trial's cumulative weight below it plus half of its ties' weight. */
function weightedRanks(values: Float64Array, weights: Float64Array): Float64Array {
	const { index, hi, lo } = sortedOrder(values);
	const ranks = new Float64Array(values.length);
	let below = 0;
	for (let start = 0; start < index.length; ) {
		let end = start + 1;
		let tie = weights[index[start]];
		while (end < index.length && hi[end] === hi[start] && lo[end] === lo[start]) tie += weights[index[end++]];
		for (let j = start; j < end; j++) ranks[index[j]] = below + tie / 2;
		below += tie;
		start = end;
	}
	return ranks;
}

function weightedCorrelation(x: Float64Array, y: Float64Array, w: Float64Array): number {
	const mx = weightedMean(x, w);
	const my = weightedMean(y, w);
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < x.length; i++) {
		const dx = x[i] - mx;
		const dy = y[i] - my;
		sxy += w[i] * dx * dy;
		sxx += w[i] * dx * dx;
		syy += w[i] * dy * dy;
	}
	return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** §4.5 with weighted trials: weighted P10/P90 cut-offs, weighted means, a weighted rank correlation. */
export function weightedSensitivity(inputs: { cell: string; values: Float64Array }[], outcome: Float64Array, weights: Float64Array, outcomeName: string): Sensitivity {
	const outcomeRanks = weightedRanks(outcome, weights);
	const entries: SensitivityInput[] = [];
	for (const { cell, values } of inputs) {
		if (values.every((v) => v === values[0])) continue;
		const [upTo, from] = weightedQuantiles(values, weights, [0.1, 0.9]);
		let [lowMass, lowSum, highMass, highSum] = [0, 0, 0, 0];
		for (let i = 0; i < values.length; i++) {
			if (values[i] <= upTo) {
				lowMass += weights[i];
				lowSum += weights[i] * outcome[i];
			}
			if (values[i] >= from) {
				highMass += weights[i];
				highSum += weights[i] * outcome[i];
			}
		}
		entries.push({
			cell,
			spearman: weightedCorrelation(weightedRanks(values, weights), outcomeRanks, weights),
			low: { upTo, mean: lowMass > 0 ? lowSum / lowMass : 0 },
			high: { from, mean: highMass > 0 ? highSum / highMass : 0 }
		});
	}
	const effect = (e: SensitivityInput) => Math.abs(e.high.mean - e.low.mean);
	return { outcome: outcomeName, inputs: entries.map((e, i) => ({ e, i })).sort((a, b) => effect(b.e) - effect(a.e) || a.i - b.i).map(({ e }) => e) };
}

/** A cell's posterior summary over cycles from its series' weighted statistics (a sample cell: one, repeated). */
export function posteriorCell(series: { mean: number; quantiles: number[] }[], cycles: number): CellSummary {
	const summary = { mean: [], p5: [], p10: [], p25: [], p50: [], p75: [], p90: [], p95: [] } as CellSummary;
	for (let t = 0; t < cycles; t++) {
		const s = series[Math.min(t, series.length - 1)];
		summary.mean.push(s.mean);
		PERCENTILES.forEach((p, i) => summary[`p${p}`].push(s.quantiles[i]));
	}
	return summary;
}
