// Collects block results and turns them into a report. Blocks may arrive in any order; every
// statistic is computed over trials in block order, so the report does not depend on the order.
import type { BlockValues } from './block';
import type { Plan } from './plan';
import { BLOCK_SIZE } from './rng';
import { emptySummary, histogramInPlace, summarizeInto, summarizeRunway } from './stats';
import type { CellSummary, Histogram, Report } from './types';

export type RunMeta = { title: string; scenario: string; seed: number; cycle: string };

export function blockCount(trials: number): number {
	return Math.ceil(trials / BLOCK_SIZE);
}

/** Trials in block `block` of a run of `trials`: BLOCK_SIZE except for the last. */
export function trialsInBlock(block: number, trials: number): number {
	return Math.min(BLOCK_SIZE, trials - block * BLOCK_SIZE);
}

export class Accumulator {
	/** series[cell][t]: every trial's value at cycle t (sample cells: one array) */
	private readonly series: Float64Array[][];
	private readonly firstOut: Int32Array | null;
	private readonly received: boolean[];
	private contiguous = 0;
	/** the final report, kept: its selection reorders the series, so it is computed once */
	private finalReport: Report | null = null;

	constructor(
		private readonly plan: Plan,
		readonly trials: number
	) {
		const cycles = plan.horizon + 1;
		this.series = plan.cells.map((cell) =>
			Array.from({ length: cell.kind === 'sample' ? 1 : cycles }, () => new Float64Array(trials))
		);
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
		this.plan.cells.forEach((cell, c) => {
			const values = result.values[c];
			const target = this.series[c];
			for (let t = 0; t < target.length; t++) target[t].set(values.subarray(t * n, (t + 1) * n), offset);
		});
		if (this.firstOut && result.runwayOut) this.firstOut.set(result.runwayOut, offset);
		this.received[result.block] = true;
		while (this.contiguous < this.received.length && this.received[this.contiguous]) this.contiguous++;
	}

	/**
	 * The report over the trials ready so far. The final report (all blocks in) selects in place;
	 * a partial one works on copies so later blocks still land where they belong.
	 */
	report(meta: RunMeta, timing: Report['timing']): Report {
		if (this.finalReport) return { ...this.finalReport, timing };
		const { plan } = this;
		const trials = this.trialsReady;
		const final = this.complete;
		const cycles = plan.horizon + 1;
		const cells: Record<string, CellSummary> = {};
		const histograms: Record<string, Histogram> = {};
		plan.cells.forEach((cell, c) => {
			const summary = emptySummary(cycles);
			const series = this.series[c];
			for (let t = 0; t < series.length; t++) {
				const values = final ? series[t] : series[t].slice(0, trials);
				summarizeInto(summary, t, values);
			}
			if (series.length === 1) {
				// A sample cell is constant over cycles: summarize once, repeat.
				for (const key of Object.keys(summary) as (keyof CellSummary)[]) summary[key].fill(summary[key][0]);
				histograms[cell.name] = histogramInPlace(final ? series[0] : series[0].slice(0, trials));
			}
			cells[cell.name] = summary;
		});
		const runway =
			plan.runway === null || !this.firstOut
				? null
				: summarizeRunway(plan.cells[plan.runway].name, this.firstOut.subarray(0, trials), plan.horizon);
		const report: Report = {
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
			timing
		};
		if (final) this.finalReport = report;
		return report;
	}
}
