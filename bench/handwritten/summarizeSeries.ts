// The statistics of a hand-written model's run, computed with the engine's own functions
// (summarizeSeries, summarizeRunway) exactly as the engine's Accumulator does,
// so that a benchmark of hand-written against engine measures the evaluation of the model and
// not two different implementations of percentiles.
import { emptySummary, summarizeRunway, summarizeSeries as summarizeValues } from '../../src/lib/engine/stats';
import { PERCENTILES, type CellSummary, type Histogram, type Report } from '../../src/lib/engine/types';

/**
 * One named cell's values: columns[t][i] is trial i at cycle t; a sample cell has one column.
 * The same layout as the engine's Accumulator, so both allocate and summarize alike.
 */
export type CellSeries = { name: string; columns: Float64Array[] };

/** `cycles` columns of `trials` values: views of one array, cycle-major, as the engine's Accumulator allocates a cell. */
export function cellColumns(cycles: number, trials: number): Float64Array[] {
	const values = new Float64Array(cycles * trials);
	return Array.from({ length: cycles }, (_, t) => values.subarray(t * trials, (t + 1) * trials));
}

/** Every value of a hand-written run, before statistics. */
export type HandwrittenSeries = {
	trials: number;
	horizon: number;
	cells: CellSeries[];
	/** per trial, the first cycle at which the runway cell is below 0, or -1 if it never is */
	runway: { cell: string; firstOut: Int32Array };
};

/** The part of the engine's Report that a hand-written model computes. */
export type HandwrittenReport = Pick<Report, 'trials' | 'horizon' | 'cells' | 'runway' | 'histograms'>;

/** Mean and P5…P95 of every cell at every cycle, histograms of sample cells, and the runway. Reorders the values. */
export function summarizeSeries(series: HandwrittenSeries): HandwrittenReport {
	const { trials, horizon } = series;
	const cycles = horizon + 1;
	const cells: Record<string, CellSummary> = {};
	const histograms: Record<string, Histogram> = {};
	for (const cell of series.cells) {
		const summary = emptySummary(cycles);
		const sample = cell.columns.length === 1;
		for (let t = 0; t < cell.columns.length; t++) {
			const s = summarizeValues(cell.columns[t], sample);
			summary.mean[t] = s.mean;
			PERCENTILES.forEach((p, i) => (summary[`p${p}`][t] = s.quantiles[i]));
			if (s.histogram) histograms[cell.name] = s.histogram;
		}
		if (sample) {
			// A sample cell is constant over cycles: summarized once, repeated.
			for (const key of Object.keys(summary) as (keyof CellSummary)[]) summary[key].fill(summary[key][0]);
		}
		cells[cell.name] = summary;
	}
	const runway = summarizeRunway(series.runway.cell, series.runway.firstOut, horizon);
	return { trials, horizon, cells, runway, histograms };
}
