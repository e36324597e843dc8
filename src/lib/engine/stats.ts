// Summary statistics of the report (SPEC §3). Percentiles are R's type 7: linear interpolation
// between order statistics (Hyndman & Fan 1996), found by selection rather than a full sort.
import { summarizeFirstCycles } from './decisions/events';
import { PERCENTILES, type CellSummary, type Histogram, type RunwaySummary } from './types';

/**
 * Moves the k-th smallest of values[left..right] to index k, smaller ones before it and larger
 * after. Floyd & Rivest (1975), algorithm SELECT, as in d3-array's quickselect, specialised to
 * Float64Array with inline comparisons: the generic version's comparator calls cost ~10× here.
 */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
	while (right > left) {
		if (right - left > 600) {
			const n = right - left + 1;
			const m = k - left + 1;
			const z = Math.log(n);
			const s = 0.5 * Math.exp((2 * z) / 3);
			const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
			selectInPlace(a, k, Math.max(left, Math.floor(k - (m * s) / n + sd)), Math.min(right, Math.floor(k + ((n - m) * s) / n + sd)));
		}
		const pivot = a[k];
		let i = left;
		let j = right;
		let tmp = a[left];
		a[left] = a[k];
		a[k] = tmp;
		if (a[right] > pivot) {
			tmp = a[left];
			a[left] = a[right];
			a[right] = tmp;
		}
		while (i < j) {
			tmp = a[i];
			a[i] = a[j];
			a[j] = tmp;
			++i;
			--j;
			while (a[i] < pivot) ++i;
			while (a[j] > pivot) --j;
		}
		if (a[left] === pivot) {
			tmp = a[left];
			a[left] = a[j];
			a[j] = tmp;
		} else {
			++j;
			tmp = a[j];
			a[j] = a[right];
			a[right] = tmp;
		}
		if (j <= k) left = j + 1;
		if (k <= j) right = j - 1;
	}
}

/** Selects every rank in `ranks` (ascending, distinct): each lands at its index, partitioned. */
function selectRanks(a: Float64Array, ranks: readonly number[], left: number, right: number): void {
	if (ranks.length === 0) return;
	const middle = ranks.length >> 1;
	const k = ranks[middle];
	selectInPlace(a, k, left, right);
	selectRanks(a, ranks.slice(0, middle), left, k - 1);
	selectRanks(a, ranks.slice(middle + 1), k + 1, right);
}

/**
 * The type-7 quantiles at `levels` (ascending, in [0, 1]) of `values`, which it reorders in place.
 * The lower order statistic of each level is selected (divide and conquer over the ranks); the
 * upper one is the minimum of what lies between it and the next selected rank.
 */
export function quantilesInPlace(values: Float64Array, levels: readonly number[]): number[] {
	const n = values.length;
	// A quarter of a model's series are one value in every trial (fixed costs, cycle 0 of a
	// stock): their quantiles are that value, with no selection.
	if (n > 0 && isConstant(values)) return levels.map(() => values[0]);
	const lows = levels.map((p) => Math.floor((n - 1) * p));
	const ranks = [...new Set(lows)];
	selectRanks(values, ranks, 0, n - 1);
	return levels.map((p, i) => {
		const h = (n - 1) * p;
		const lo = lows[i];
		const below = values[lo];
		if (h === lo) return below;
		const next = ranks.find((r) => r > lo) ?? n - 1;
		let above = Infinity;
		for (let j = lo + 1; j <= next; j++) if (values[j] < above) above = values[j];
		return below + (h - lo) * (above - below);
	});
}

/** Every value the same (and not NaN); false at the first that differs. */
function isConstant(values: Float64Array): boolean {
	const first = values[0];
	if (first !== first) return false;
	for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
	return true;
}

export function mean(values: Float64Array): number {
	let sum = 0;
	for (let i = 0; i < values.length; i++) sum += values[i];
	return sum / values.length;
}

const LEVELS = PERCENTILES.map((p) => p / 100);

/** The mean and report percentiles of one series, and for a sample cell its histogram. */
export type SeriesSummary = { mean: number; quantiles: number[]; histogram: Histogram | null };

/**
 * Summarizes one series (reordering it). A pure function of the values, so it gives the same
 * numbers in whichever thread it runs: the mean is summed in trial order, before any reordering.
 */
export function summarizeSeries(values: Float64Array, withHistogram: boolean): SeriesSummary {
	const m = mean(values);
	const quantiles = quantilesInPlace(values, LEVELS);
	return { mean: m, quantiles, histogram: withHistogram ? histogramInPlace(values) : null };
}

export function emptySummary(cycles: number): CellSummary {
	const make = () => new Array<number>(cycles).fill(0);
	return { mean: make(), p5: make(), p10: make(), p25: make(), p50: make(), p75: make(), p90: make(), p95: make() };
}

/**
 * The runway summary from each trial's first cycle below 0 (-1: never). The runway is the event
 * "runway cell < 0" (SPEC §4.2), so this is `summarizeFirstCycles` under §3's names: a trial that
 * never runs out counts as +∞, and a percentile that falls among those is reported as null.
 */
export function summarizeRunway(cell: string, firstOut: Int32Array, horizon: number): RunwaySummary {
	const { byCycle, p10, p50, p90, never } = summarizeFirstCycles(firstOut, horizon);
	return { cell, p10, p50, p90, cashOutByCycle: byCycle, survives: never };
}

/**
 * A histogram of `values` with `bins` equal bins between the 1st and 99th percentiles; the few
 * values outside go to the end bins, so one outlier does not squash the picture. Reorders values.
 */
export function histogramInPlace(values: Float64Array, bins = 24): Histogram {
	const [lo, hi] = quantilesInPlace(values, [0.01, 0.99]);
	if (!(hi > lo)) return { edges: [lo, hi], counts: [values.length] };
	const width = (hi - lo) / bins;
	const counts = new Array<number>(bins).fill(0);
	for (let i = 0; i < values.length; i++) {
		const bin = Math.floor((values[i] - lo) / width);
		counts[bin < 0 ? 0 : bin >= bins ? bins - 1 : bin]++;
	}
	return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}
