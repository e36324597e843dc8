// The engine asked for only the figures the Squiggle model computes (squiggle/growthRunway.ts):
// the runway's P10, P50 and P90, the share of trials out of money by the horizon, and the medians
// of two cells (users and cash) at the horizon. The model itself runs as in every engine run:
// the engine's block runner (RunSession, as runSpec drives it) evaluates every cell of every trial
// at every cycle, block after block, on the same random streams. Only the statistics are narrowed
// to those figures, and computed with the engine's own functions (summarizeRunway for the runway,
// quantilesInPlace for the medians), where a full report summarizes every cell at every cycle.
// On the same seed the figures equal the full report's, digit for digit.
import type { RunSpec } from '../src/lib/engine/block';
import { BLOCK_SIZE, blockCount } from '../src/lib/engine/rng';
import { RunSession } from '../src/lib/engine/session';
import { quantilesInPlace, summarizeRunway } from '../src/lib/engine/stats';

export type EngineFigures = {
	p10: number | null;
	p50: number | null;
	p90: number | null;
	/** the share of trials out of money at or before the horizon */
	outByHorizon: number;
	/** each asked cell's median at the horizon */
	medians: Record<string, number>;
	/** ms spent running the blocks (the model) and computing the figures (statistics) */
	parts: { model: number; statistics: number };
};

/** Runs `spec` through every block and returns the runway figures and the medians of `cells` at the horizon. */
export function engineFigures(spec: RunSpec, cells: readonly string[]): EngineFigures {
	const { plan, trials } = spec;
	if (plan.runway === null) throw new Error('the notebook has no runway cell');
	const horizon = plan.horizon;
	const asked = cells.map((name) => {
		const index = plan.cells.findIndex((cell) => cell.name === name);
		if (index < 0) throw new Error(`the notebook has no cell ${name}`);
		return index;
	});
	const atHorizon = asked.map(() => new Float64Array(trials));
	const firstOut = new Int32Array(trials);
	// Exact mode: the session hands each block's values back (recycling its arrays for the next).
	const started = performance.now();
	// Only the model: no funding need, sensitivity or comparison, which Squiggle does not compute.
	const session = new RunSession({ ...spec, quantiles: 'exact', fundingThrough: null, sensitivity: null, variants: [] });
	for (let block = 0; block < blockCount(trials); block++) {
		const batch = session.run([block]);
		if (!batch.ok) throw new Error(`block ${block}: ${batch.failure.message}`);
		// the reference's cells are the first groups, in cell order
		const { n, groups: values, runwayOut: [runwayOut] } = batch.results[0];
		const offset = block * BLOCK_SIZE;
		asked.forEach((cell, k) => {
			// a sample cell holds one value per trial; any other, n per cycle, cycle-major
			const at = plan.cells[cell].kind === 'sample' ? 0 : horizon * n;
			atHorizon[k].set(values[cell].subarray(at, at + n), offset);
		});
		firstOut.set(runwayOut!, offset);
	}
	const simulated = performance.now();
	const runway = summarizeRunway(plan.cells[plan.runway].name, firstOut, horizon);
	const medians = Object.fromEntries(cells.map((name, k) => [name, quantilesInPlace(atHorizon[k], [0.5])[0]]));
	return {
		p10: runway.p10,
		p50: runway.p50,
		p90: runway.p90,
		outByHorizon: runway.cashOutByCycle[horizon],
		medians,
		parts: { model: simulated - started, statistics: performance.now() - simulated }
	};
}
