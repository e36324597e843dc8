// Collects block results and turns them into a report. Blocks may arrive in any order; every
// statistic is computed over trials in block order, so the report does not depend on the order.
// Exact mode keeps every value; sketch mode (large runs) keeps per-block sums for exact means and
// merges the workers' histograms for percentiles (sketch.ts states the error bound).
import type { BlockValues, RunSpec } from './block';
import { seriesCount, seriesOffsets } from './layout';
import type { Plan } from './plan';
import { BLOCK_SIZE } from './rng';
import { SketchSet } from './sketch';
import { emptySummary, summarizeCell, summarizeRunway, summarizeSeries, type SeriesSummary } from './stats';
import { PERCENTILES, type CellSummary, type Histogram, type Report } from './types';

export type RunMeta = { title: string; scenario: string; seed: number; cycle: string };

/**
 * Runs with more values than this (trials × series) estimate percentiles with sketches instead
 * of keeping every value: 2^25 doubles is 256 MiB, ~25,000 trials of the default notebook. Past
 * that, keeping every value costs more in memory traffic than the model itself (bench/README.md),
 * while the sketch's 0.5 % is below the Monte Carlo error of most percentiles at such counts.
 */
export const EXACT_LIMIT = 2 ** 25;

export function quantileMode(plan: Plan, trials: number): RunSpec['quantiles'] {
	return trials * seriesCount(plan) > EXACT_LIMIT ? 'sketch' : 'exact';
}

export function blockCount(trials: number): number {
	return Math.ceil(trials / BLOCK_SIZE);
}

/** Trials in block `block` of a run of `trials`: BLOCK_SIZE except for the last. */
export function trialsInBlock(block: number, trials: number): number {
	return Math.min(BLOCK_SIZE, trials - block * BLOCK_SIZE);
}

const LEVELS = PERCENTILES.map((p) => p / 100);

export class Accumulator {
	/**
	 * exact mode: per cell, one array of every trial's value at every cycle, cycle-major (sample
	 * cells: one cycle); series[cell][t] is the view of cycle t. One allocation per cell keeps
	 * start-up cheap (large buffers are zeroed lazily) and lets a cell move to a worker whole.
	 */
	private readonly cellValues: Float64Array[] | null;
	private readonly series: Float64Array[][] | null;
	/** sketch mode: each block's per-series sums, and the merged histograms */
	private readonly blockSums: Float64Array[] = [];
	private readonly sketch: SketchSet | null;
	private readonly firstOut: Int32Array | null;
	private readonly received: boolean[];
	private contiguous = 0;
	/** the final report, kept: the series are handed over (or reordered) to make it, so once */
	private finalReport: Report | null = null;

	constructor(
		private readonly plan: Plan,
		readonly trials: number,
		readonly mode: RunSpec['quantiles'] = 'exact'
	) {
		const cycles = plan.horizon + 1;
		const count = (kind: string) => (kind === 'sample' ? 1 : cycles);
		this.cellValues = mode === 'exact' ? plan.cells.map((cell) => new Float64Array(count(cell.kind) * trials)) : null;
		this.series =
			this.cellValues &&
			this.cellValues.map((values, c) =>
				Array.from({ length: count(plan.cells[c].kind) }, (_, t) => values.subarray(t * trials, (t + 1) * trials))
			);
		this.sketch = mode === 'sketch' ? new SketchSet(seriesCount(plan)) : null;
		this.firstOut = plan.runway === null ? null : new Int32Array(trials);
		this.received = new Array(blockCount(trials)).fill(false);
	}

	/** Trials in the blocks received without a gap from block 0: what a partial report covers. */
	get trialsReady(): number {
		return Math.min(this.contiguous * BLOCK_SIZE, this.trials);
	}

	get complete(): boolean {
		return this.contiguous === this.received.length;
	}

	add(result: BlockValues): void {
		const offset = result.block * BLOCK_SIZE;
		const { n } = result;
		if (this.series) {
			this.plan.cells.forEach((_, c) => {
				const values = result.values[c];
				const target = this.series![c];
				for (let t = 0; t < target.length; t++) target[t].set(values.subarray(t * n, (t + 1) * n), offset);
			});
		} else {
			this.blockSums[result.block] = result.sums!;
		}
		if (this.firstOut && result.runwayOut) this.firstOut.set(result.runwayOut, offset);
		this.received[result.block] = true;
		while (this.contiguous < this.received.length && this.received[this.contiguous]) this.contiguous++;
	}

	/** Sketch mode: adds a worker's histograms (integer counts: the order does not matter). */
	mergeSketch(counts: Int32Array): void {
		this.sketch!.merge(counts);
	}

	/**
	 * Exact mode, all blocks in: each cell's values (`cellValues`: its series one after another, of
	 * `trials` values each) for summarizing elsewhere (`summarizeCell`, e.g. spread over workers)
	 * and `finish`. Hands the arrays over: the final report needs only their summaries.
	 */
	takeCells(): { values: Float64Array[]; sample: boolean[]; trials: number } | null {
		if (!this.cellValues || !this.complete || this.finalReport) return null;
		return { values: this.cellValues, sample: this.plan.cells.map((cell) => cell.kind === 'sample'), trials: this.trials };
	}

	/** The final report from the summaries of `takeCells()`'s cells, in the same order. */
	finish(summaries: SeriesSummary[][], meta: RunMeta, timing: Report['timing']): Report {
		this.finalReport = this.build(meta, timing, this.trials, summaries.flat());
		return this.finalReport;
	}

	/**
	 * The report over the trials ready so far, summarized in this thread. A partial report works
	 * on copies so later blocks still land where they belong; the final one on the series in place.
	 */
	report(meta: RunMeta, timing: Report['timing']): Report {
		if (this.finalReport) return { ...this.finalReport, timing };
		if (this.complete) {
			const taken = this.takeCells();
			return this.finish(taken ? taken.values.map((v, c) => summarizeCell(v, taken.trials, taken.sample[c])) : [], meta, timing);
		}
		const trials = this.trialsReady;
		const summaries = this.series
			? this.plan.cells.flatMap((cell, c) => this.series![c].map((v) => summarizeSeries(v.slice(0, trials), cell.kind === 'sample')))
			: [];
		return this.build(meta, timing, trials, summaries);
	}

	/** Assembles a report from per-series summaries (exact mode) or the sketch. */
	private build(meta: RunMeta, timing: Report['timing'], trials: number, summaries: SeriesSummary[]): Report {
		const { plan } = this;
		const cells: Record<string, CellSummary> = {};
		const histograms: Record<string, Histogram> = {};
		const offsets = seriesOffsets(plan);
		plan.cells.forEach((cell, c) => {
			const summary = emptySummary(plan.horizon + 1);
			const count = cell.kind === 'sample' ? 1 : plan.horizon + 1;
			for (let t = 0; t < count; t++) {
				const series = offsets[c] + t;
				if (this.series) {
					const s = summaries[series];
					summary.mean[t] = s.mean;
					PERCENTILES.forEach((p, i) => (summary[`p${p}`][t] = s.quantiles[i]));
				} else this.summarizeSketch(summary, t, series, trials);
			}
			if (cell.kind === 'sample') {
				// A sample cell is constant over cycles: summarized once, repeated.
				for (const key of Object.keys(summary) as (keyof CellSummary)[]) summary[key].fill(summary[key][0]);
				histograms[cell.name] = this.series ? summaries[offsets[c]].histogram! : this.sketchHistogram(summary, offsets[c]);
			}
			cells[cell.name] = summary;
		});
		const runway =
			plan.runway === null || !this.firstOut
				? null
				: summarizeRunway(plan.cells[plan.runway].name, this.firstOut.subarray(0, trials), plan.horizon);
		return {
			format: 1,
			title: meta.title,
			scenario: meta.scenario,
			trials,
			seed: meta.seed,
			horizon: plan.horizon,
			cycle: meta.cycle,
			cells,
			runway,
			histograms,
			quantiles: this.mode,
			timing
		};
	}

	private summarizeSketch(summary: CellSummary, t: number, series: number, trials: number) {
		let sum = 0;
		for (let b = 0; b < blockCount(trials); b++) sum += this.blockSums[b][series];
		summary.mean[t] = sum / trials;
		const q = this.sketch!.quantiles(series, LEVELS, trials);
		PERCENTILES.forEach((p, i) => (summary[`p${p}`][t] = q[i]));
	}

	private sketchHistogram(summary: CellSummary, series: number): Histogram {
		const [lo, hi] = this.sketch!.quantiles(series, [0.01, 0.99], this.trials);
		if (!(hi > lo)) return { edges: [summary.p5[0], summary.p95[0]], counts: [this.trials] };
		const bins = 24;
		return {
			edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
			counts: this.sketch!.histogram(series, lo, hi, bins)
		};
	}
}
