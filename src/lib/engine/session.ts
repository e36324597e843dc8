// One run's blocks as a worker (or the CLI's own thread) sees them: the reference and each
// compared variant on the same trials, the paired differences and the funding need. In exact mode
// a block's groups go back whole; in sketch mode (runs too large to keep every value) the session
// folds them into its own histograms and sends back only per-block sums (for exact means), the
// first cycles of the runway and the events, and the few values previews and sensitivity need.
import { BlockRunner, type BlockFailure, type RunSpec } from './block';
import { addLogLikelihood } from './decisions/calibration';
import { fundingNeeds } from './decisions/funding';
import { runLayout, type RunLayout } from './layout';
import { BLOCK_SIZE, trialsInBlock } from './rng';
import { SketchSet } from './sketch';

/** One block of a run: what the accumulator needs from it. */
export type BlockResult = {
	block: number;
	n: number;
	/** per group of the layout, n × cycles values, cycle-major; [] when not sent (sketch mode) */
	groups: Float64Array[];
	/** sketch mode: the sum of each series over the block's trials */
	sums?: Float64Array;
	/** per variant (0: the reference): each trial's first cycle with the runway cell below 0, or -1 */
	runwayOut: (Int32Array | null)[];
	/** per variant, per event: each trial's first cycle at which it holds, or -1 */
	events: Int32Array[][];
	/** with actuals (SPEC §4.6): each trial's log-likelihood of the actuals, in the reference */
	logLikelihood?: Float64Array;
	/** sketch mode, the first SENSITIVITY_BLOCKS blocks: the reference's sample cells and the outcome */
	sensitivity?: { inputs: Float64Array[]; outcome: Float64Array };
};

export type BlockBatch = { ok: true; results: BlockResult[] } | { ok: false; failure: BlockFailure };

/**
 * A run's first preview covers this many trials: block 0's first ones, run on their own (as a run
 * of that many trials would run them). A tenth of a block is quick to run and to summarize in a
 * worker, so an edit shows on the charts within ~250 ms on two cores (250 trials took ~350–420 ms: on
 * the page, a new run's first trials share the cores with the page's own work and the JIT). Its
 * percentiles are rough (a 5th percentile within about ±2.2 points of probability, one standard
 * error) until the next preview, a block or more, replaces them.
 */
export const FIRST_PREVIEW_TRIALS = 100;

/** Sketch mode: blocks whose values still come back, so a long run can show exact previews. */
export const PREVIEW_BLOCKS = 8;

/**
 * Sketch mode: the sensitivity (SPEC §4.5) rests on the first this many blocks (100,000 trials):
 * its ranks need every trial's input, which a large run cannot keep for all trials.
 */
export const SENSITIVITY_BLOCKS = 100;

export class RunSession {
	/** per variant, 0 the reference */
	private readonly runners: BlockRunner[];
	private readonly layout: RunLayout;
	private sketch: SketchSet | null;

	/** Arrays for the next block, per group: handed back by the caller, or this session's own when it keeps none. */
	private spare: Float64Array[] | undefined;

	/**
	 * `keepsValues`: the caller keeps each block's arrays (a worker transferring them away), so
	 * in exact mode each block needs arrays of its own — new ones, or ones handed back to `run`.
	 */
	constructor(
		readonly spec: RunSpec,
		private readonly keepsValues = false
	) {
		// a run smaller than a block compiles for its own trials (each expression node keeps that many values)
		const capacity = Math.max(1, trialsInBlock(0, spec.trials));
		this.runners = [spec.plan, ...spec.variants.map((v) => v.plan)].map((plan) => new BlockRunner(plan, spec.seed, capacity));
		this.layout = runLayout(spec);
		this.sketch = spec.quantiles === 'sketch' ? new SketchSet(this.layout.series) : null;
	}

	/**
	 * Runs the given blocks in order; stops at the first failure. `recycled`: arrays of an earlier
	 * block that the caller has done with, to write the next block into instead of allocating.
	 */
	run(blocks: number[], recycled?: Float64Array[]): BlockBatch {
		if (recycled) this.spare = recycled;
		const out: BlockResult[] = [];
		for (const block of blocks) {
			const outcome = this.runBlock(block, trialsInBlock(block, this.spec.trials), this.spare ?? []);
			if (!outcome.ok) return outcome;
			const result = outcome.result;
			// In sketch mode the first blocks' values go back too, for previews of a long run.
			const preview = this.sketch !== null && block < PREVIEW_BLOCKS;
			const kept = (this.keepsValues && !this.sketch) || preview;
			this.spare = kept ? undefined : result.groups;
			out.push(this.sketch ? this.fold(result, this.sketch, preview) : result);
		}
		return { ok: true, results: out };
	}

	/**
	 * Block 0's first `n` trials alone, as a run of `n` trials gives them (`firstTrialsReport`
	 * makes its report): written into new arrays, the run's own blocks untouched.
	 */
	firstTrials(n: number): { ok: true; result: BlockResult } | { ok: false; failure: BlockFailure } {
		return this.runBlock(0, Math.min(n, this.spec.trials, BLOCK_SIZE), []);
	}

	private runBlock(block: number, n: number, spare: Float64Array[]): { ok: true; result: BlockResult } | { ok: false; failure: BlockFailure } {
		const { spec, layout } = this;
		const groups: Float64Array[] = new Array(layout.groups.length);
		const runwayOut: (Int32Array | null)[] = [];
		const events: Int32Array[][] = [];
		const intoFor = (v: number) => layout.cellGroup[v].map((g) => (g < 0 ? undefined : spare[g]));
		const reference = this.runners[0].run(block, n, intoFor(0));
		if (!reference.ok) return { ok: false, failure: { ...reference.failure, variant: 0 } };
		const ref = reference.value;
		layout.cellGroup[0].forEach((g, cell) => (groups[g] = ref.values[cell]));
		runwayOut.push(ref.runwayOut);
		events.push(ref.events);
		let logLikelihood: Float64Array | undefined;
		if (spec.plan.actuals.length > 0) {
			logLikelihood = new Float64Array(n);
			for (const actual of spec.plan.actuals) {
				const offset = spec.plan.cells[actual.cell].kind === 'sample' ? 0 : actual.cycle * n;
				addLogLikelihood(logLikelihood, ref.values[actual.cell], offset, n, actual.value, actual.sd);
			}
		}
		if (layout.funding >= 0) {
			const cycles = spec.plan.horizon + 1;
			const reuse = spare[layout.funding];
			const needs = reuse && reuse.length === n * cycles ? reuse : new Float64Array(n * cycles);
			groups[layout.funding] = fundingNeeds(ref.values[spec.plan.runway!], n, cycles, spec.fundingThrough!, needs);
		}
		for (let v = 1; v < this.runners.length; v++) {
			const reached = spec.variants[v - 1].reached;
			const outcome = this.runners[v].run(block, n, intoFor(v), { values: ref.values, reached });
			if (!outcome.ok) return { ok: false, failure: { ...outcome.failure, variant: v } };
			const own = outcome.value;
			layout.cellGroup[v].forEach((g, cell) => {
				if (g < 0) return;
				groups[g] = own.values[cell];
				const d = layout.deltaGroup[v][cell];
				const a = own.values[cell];
				const b = ref.values[cell];
				const reuse = spare[d];
				const diff = reuse && reuse.length === a.length ? reuse : new Float64Array(a.length);
				for (let i = 0; i < a.length; i++) diff[i] = a[i] - b[i];
				groups[d] = diff;
			});
			runwayOut.push(own.runwayOut);
			events.push(own.events);
		}
		return { ok: true, result: { block, n, groups, runwayOut, events, ...(logLikelihood ? { logLikelihood } : {}) } };
	}

	/** Sums each series of the block and adds its values to the histograms; drops the values unless `keep`. */
	private fold(result: BlockResult, sketch: SketchSet, keep: boolean): BlockResult {
		const { layout, spec } = this;
		const sums = new Float64Array(sketch.series);
		const { n } = result;
		layout.groups.forEach((group, g) => {
			const values = result.groups[g];
			const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
			for (let t = 0; t < group.cycles; t++) {
				const offset = t * n;
				let sum = 0;
				for (let i = 0; i < n; i++) sum += values[offset + i];
				sums[layout.offsets[g] + t] = sum;
				sketch.add(layout.offsets[g] + t, values, offset, n, words);
			}
		});
		let sensitivity: BlockResult['sensitivity'];
		if (spec.sensitivity && result.block < SENSITIVITY_BLOCKS) {
			const inputs = spec.plan.cells.flatMap((cell, c) => (cell.kind === 'sample' ? [result.groups[layout.cellGroup[0][c]].slice(0, n)] : []));
			sensitivity = { inputs, outcome: sensitivityOutcome(spec, result, layout) };
		}
		return { ...result, groups: keep ? result.groups : [], sums, sensitivity };
	}

	/** The histograms of every block this session ran (sketch mode), handed over once. */
	takeSketch(): Int32Array | null {
		const counts = this.sketch?.counts() ?? null;
		this.sketch = null;
		return counts;
	}
}

/**
 * Each trial's outcome for the sensitivity (SPEC §4.5): 1 if it runs out of money by the
 * horizon, else 0; or the chosen cell's value at the chosen cycle.
 */
export function sensitivityOutcome(spec: RunSpec, result: Pick<BlockResult, 'n' | 'groups' | 'runwayOut'>, layout: RunLayout): Float64Array {
	const target = spec.sensitivity!;
	const { n } = result;
	const outcome = new Float64Array(n);
	if (target.kind === 'runway') {
		const out = result.runwayOut[0]!;
		for (let i = 0; i < n; i++) outcome[i] = out[i] >= 0 ? 1 : 0;
	} else {
		const values = result.groups[layout.cellGroup[0][target.cell]];
		const offset = spec.plan.cells[target.cell].kind === 'sample' ? 0 : target.cycle * n;
		outcome.set(values.subarray(offset, offset + n));
	}
	return outcome;
}
