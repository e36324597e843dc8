// One run's blocks as a worker (or the CLI's own thread) sees them. In exact mode a block's values
// go back whole; in sketch mode (runs too large to keep every value) the session folds them into
// its own histograms and sends back only per-block sums (for exact means) and the runway.
import { blockSeries, seriesCount } from './layout';
import { BlockRunner, type BlockFailure, type BlockValues, type RunSpec } from './block';
import { BLOCK_SIZE } from './rng';
import { SketchSet } from './sketch';

export type BlockBatch = { ok: true; values: BlockValues[] } | { ok: false; failure: BlockFailure };

/** Sketch mode: blocks whose values still come back, so a long run can show exact previews. */
export const PREVIEW_BLOCKS = 8;

export class RunSession {
	private readonly runner: BlockRunner;
	private sketch: SketchSet | null;

	/** Arrays for the next block: handed back by the caller, or this session's own when it keeps none. */
	private spare: Float64Array[] | undefined;

	/**
	 * `keepsValues`: the caller keeps each block's arrays (a worker transferring them away), so
	 * in exact mode each block needs arrays of its own — new ones, or ones handed back to `run`.
	 */
	constructor(
		private readonly spec: RunSpec,
		private readonly keepsValues = false
	) {
		this.runner = new BlockRunner(spec.plan, spec.seed);
		this.sketch = spec.quantiles === 'sketch' ? new SketchSet(seriesCount(spec.plan)) : null;
	}

	/**
	 * Runs the given blocks in order; stops at the first failure. `recycled`: arrays of an earlier
	 * block that the caller has done with, to write the next block into instead of allocating.
	 */
	run(blocks: number[], recycled?: Float64Array[]): BlockBatch {
		if (recycled) this.spare = recycled;
		const out: BlockValues[] = [];
		for (const block of blocks) {
			const outcome = this.runner.run(block, Math.min(BLOCK_SIZE, this.spec.trials - block * BLOCK_SIZE), this.spare);
			if (!outcome.ok) return { ok: false, failure: outcome.failure };
			// In sketch mode the first blocks' values go back too, for previews of a long run.
			const preview = this.sketch !== null && block < PREVIEW_BLOCKS;
			const kept = (this.keepsValues && !this.sketch) || preview;
			this.spare = kept ? undefined : outcome.value.values;
			out.push(this.sketch ? this.fold(outcome.value, this.sketch, preview) : outcome.value);
		}
		return { ok: true, values: out };
	}

	/** Sums each series of the block and adds its values to the histograms; drops the values unless `keep`. */
	private fold(result: BlockValues, sketch: SketchSet, keep: boolean): BlockValues {
		const sums = new Float64Array(sketch.series);
		blockSeries(this.spec.plan, result, (series, values, offset, n) => {
			let sum = 0;
			for (let i = 0; i < n; i++) sum += values[offset + i];
			sums[series] = sum;
			sketch.add(series, values, offset, n);
		});
		return { ...result, values: keep ? result.values : [], sums };
	}

	/** The histograms of every block this session ran (sketch mode), handed over once. */
	takeSketch(): Int32Array | null {
		const counts = this.sketch?.counts ?? null;
		this.sketch = null;
		return counts;
	}
}
