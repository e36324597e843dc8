// Collects block results and turns them into a report. Blocks may arrive in any order; every
// statistic is computed over trials in block order, so the report does not depend on the order.
// Exact mode keeps every value; sketch mode (large runs) keeps per-block sums for exact means and
// merges the workers' histograms for percentiles (sketch.ts states the error bound). What a run
// keeps is laid out in groups of series (layout.ts): the reference's cells, the funding need, and
// each compared variant's reached cells with their paired differences.
import type { RunSpec } from './block';
import { runwayDelta, compareFirstCycles, summarizeDelta } from './decisions/comparison';
import { summarizeFirstCycles } from './decisions/events';
import { summarizeFunding } from './decisions/funding';
import {
	actualPercentile,
	normalizedWeights,
	posteriorCell,
	weightedFirstCycles,
	weightedFunding,
	weightedSensitivity,
	weightedSeries
} from './decisions/calibration';
import { sensitivity } from './decisions/sensitivity';
import { runLayout, type Group, type RunLayout } from './layout';
import { BLOCK_SIZE, blockCount, trialsInBlocks } from './rng';
import { PREVIEW_BLOCKS, SENSITIVITY_BLOCKS, sensitivityOutcome, type BlockResult } from './session';
import { SketchSet } from './sketch';
import { emptySummary, summarizeRunway, summarizeSeries, type SeriesSummary } from './stats';
import {
	PERCENTILES,
	type Calibration,
	type CalibrationPoint,
	type CellSummary,
	type Comparison,
	type DeltaSummary,
	type EventSummary,
	type FundingSummary,
	type Histogram,
	type Report,
	type Sensitivity
} from './types';

export type RunMeta = { title: string; scenario: string; seed: number; cycle: string; overrides: Record<string, string> };

/**
 * Runs with more values than this (trials × series) estimate percentiles with sketches instead
 * of keeping every value: 2^25 doubles is 256 MiB, ~25,000 trials of the default notebook. Past
 * that, keeping every value costs more in memory traffic than the model itself (bench/README.md),
 * while the sketch's 0.5 % is below the Monte Carlo error of most percentiles at such counts.
 */
export const EXACT_LIMIT = 2 ** 25;

export function quantileMode(spec: Pick<RunSpec, 'plan' | 'variants' | 'fundingThrough'>, trials: number): RunSpec['quantiles'] {
	return trials * runLayout(spec).series > EXACT_LIMIT ? 'sketch' : 'exact';
}

/** A sketch-mode run's exact accumulator of its first PREVIEW_BLOCKS blocks, for its previews; null in exact mode. */
export function sketchPreviewAccumulator(spec: RunSpec): Accumulator | null {
	return spec.quantiles === 'sketch' ? new Accumulator(spec, trialsInBlocks(PREVIEW_BLOCKS, spec.trials), 'exact') : null;
}

const LEVELS = PERCENTILES.map((p) => p / 100);

/**
 * How a group's series are summarized: a sample cell of the reference also gets its histogram;
 * the funding need is summarized apart (`none`), before its values are handed over.
 */
export type GroupKind = 'values' | 'histogram' | 'delta' | 'none';

/**
 * The statistics of one series: a cell's, or a paired difference's (with above and below); with
 * actuals, a reference cell's also in the posterior.
 */
export type GroupSummary = SeriesSummary & { above?: number; below?: number; posterior?: { mean: number; quantiles: number[] } };

/**
 * Summaries of each series of a group's values (consecutive runs of `trials` values); reorders
 * them. With `weights` (normalised, per trial) each series' posterior is summarized first.
 */
export function summarizeGroup(values: Float64Array, trials: number, kind: GroupKind, weights: Float64Array | null = null): GroupSummary[] {
	if (kind === 'none') return [];
	return Array.from({ length: values.length / trials }, (_, t) => {
		const series = values.subarray(t * trials, (t + 1) * trials);
		const posterior = weights ? { posterior: weightedSeries(series, weights) } : {};
		if (kind !== 'delta') return { ...summarizeSeries(series, kind === 'histogram'), ...posterior };
		const { mean, quantiles, above, below } = summarizeDelta(series);
		return { mean, quantiles, histogram: null, above, below };
	});
}

/**
 * The report of a run's first trials alone (block 0, or its start: `RunSession.firstTrials`),
 * exactly as a run of that many trials gives it. A worker makes it for the page's first preview
 * of a run, which then costs the page's thread nothing (summarizing every series is most of a
 * preview's cost). The values are copied, not reordered.
 */
export function firstTrialsReport(spec: RunSpec, first: BlockResult): Report {
	if (first.block !== 0) throw new Error(`a first-trials report is of block 0, not ${first.block}`);
	const accumulator = new Accumulator(spec, first.n, 'exact');
	accumulator.add(first);
	return accumulator.report(spec.meta, { ms: 0, workers: 1 });
}

/**
 * What is computed from the trials' values as they are, before they are summarized (which
 * reorders them) or handed over: the sensitivity's ranks, the funding need, the calibration.
 */
type FromValues = {
	sensitivity: Sensitivity | null;
	funding: FundingSummary | null;
	calibration: {
		weights: Float64Array;
		ess: number;
		points: CalibrationPoint[];
		funding: FundingSummary | null;
		sensitivity: Sensitivity | null;
	} | null;
};

/** One series' statistics as the report needs them, from exact summaries or the sketch. */
type SeriesStats = { mean: number; quantiles: number[]; above: number; below: number };

export class Accumulator {
	private readonly layout: RunLayout;
	/**
	 * exact mode: per group, one array of every trial's value at every cycle, cycle-major;
	 * series[g][t] is the view of cycle t. One allocation per group keeps start-up cheap (large
	 * buffers are zeroed lazily) and lets a group move to a worker whole.
	 */
	private readonly groupValues: Float64Array[] | null;
	private readonly series: Float64Array[][] | null;
	/** sketch mode: each block's per-series sums, and the merged histograms */
	private readonly blockSums: Float64Array[] = [];
	private readonly sketch: SketchSet | null;
	/** per variant (0: the reference) */
	private readonly firstOut: (Int32Array | null)[];
	private readonly events: Int32Array[][];
	/** sketch mode: the first trials' inputs and outcome for the sensitivity */
	private readonly sensitivityTrials: { inputs: Float64Array[]; outcome: Float64Array } | null;
	private readonly received: boolean[];
	private contiguous = 0;
	/** the groups' arrays went to `takeGroups` or `spareGroups` */
	private groupsHandedOver = false;
	/** the final report, kept: the series are handed over (or reordered) to make it, so once */
	private finalReport: Report | null = null;
	/** exact mode: what is computed from the values before they are handed over to be summarized */
	private finalFromValues: FromValues | null = null;
	/** with actuals: each trial's log-likelihood of them */
	private readonly logLikelihood: Float64Array | null;

	constructor(
		private readonly spec: RunSpec,
		readonly trials: number = spec.trials,
		readonly mode: RunSpec['quantiles'] = spec.quantiles,
		/**
		 * Where the groups' arrays come from: new ones by default; a pool may hand back those of
		 * an earlier run (`spareGroups`), whose memory is already mapped — writing hundreds of MB
		 * of fresh pages costs the page's thread most of a second per run. Every value is written
		 * by its block before it is read, so what an array held before does not matter.
		 */
		allocate: (length: number) => Float64Array = (length) => new Float64Array(length)
	) {
		const { plan } = spec;
		this.layout = runLayout(spec);
		const { groups } = this.layout;
		this.groupValues = mode === 'exact' ? groups.map((group) => allocate(group.cycles * trials)) : null;
		this.series =
			this.groupValues &&
			this.groupValues.map((values, g) => Array.from({ length: groups[g].cycles }, (_, t) => values.subarray(t * trials, (t + 1) * trials)));
		this.sketch = mode === 'sketch' ? new SketchSet(this.layout.series) : null;
		const variants = 1 + spec.variants.length;
		this.firstOut = Array.from({ length: variants }, () => (plan.runway === null ? null : new Int32Array(trials)));
		this.events = Array.from({ length: variants }, () => plan.events.map(() => new Int32Array(trials)));
		const kept = trialsInBlocks(SENSITIVITY_BLOCKS, trials);
		this.sensitivityTrials =
			mode === 'sketch' && spec.sensitivity
				? { inputs: plan.cells.filter((cell) => cell.kind === 'sample').map(() => new Float64Array(kept)), outcome: new Float64Array(kept) }
				: null;
		this.logLikelihood = plan.actuals.length > 0 ? new Float64Array(trials) : null;
		this.received = new Array(blockCount(trials)).fill(false);
	}

	/** Trials in the blocks received without a gap from block 0: what a partial report covers. */
	get trialsReady(): number {
		return trialsInBlocks(this.contiguous, this.trials);
	}

	get complete(): boolean {
		return this.contiguous === this.received.length;
	}

	add(result: BlockResult): void {
		const offset = result.block * BLOCK_SIZE;
		const { n } = result;
		if (this.series) {
			this.series.forEach((target, g) => {
				const values = result.groups[g];
				for (let t = 0; t < target.length; t++) target[t].set(values.subarray(t * n, (t + 1) * n), offset);
			});
		} else {
			this.blockSums[result.block] = result.sums!;
		}
		result.runwayOut.forEach((out, v) => out && this.firstOut[v]!.set(out, offset));
		result.events.forEach((events, v) => events.forEach((first, e) => this.events[v][e].set(first, offset)));
		if (this.logLikelihood && result.logLikelihood) this.logLikelihood.set(result.logLikelihood, offset);
		if (this.sensitivityTrials && result.sensitivity) {
			const kept = this.sensitivityTrials;
			result.sensitivity.inputs.forEach((values, k) => kept.inputs[k].set(values, offset));
			kept.outcome.set(result.sensitivity.outcome, offset);
		}
		this.received[result.block] = true;
		while (this.contiguous < this.received.length && this.received[this.contiguous]) this.contiguous++;
	}

	/**
	 * The groups' arrays this accumulator still holds, for another run to write over: call it
	 * only once this run is over (cancelled, failed, or its report made), as nothing is read after.
	 */
	spareGroups(): Float64Array[] {
		if (!this.groupValues || this.groupsHandedOver) return [];
		this.groupsHandedOver = true;
		return this.groupValues;
	}

	/** Sketch mode: adds a worker's histograms (integer counts: the order does not matter). */
	mergeSketch(counts: Int32Array): void {
		this.sketch!.merge(counts);
	}

	/**
	 * Exact mode, all blocks in: the groups' values (each its series one after another, of
	 * `trials` values each) for summarizing elsewhere (`summarizeGroup`, e.g. spread over
	 * workers) and `finish`. Hands the arrays over: the final report needs only their summaries.
	 * The funding need is summarized here (its statistics are not a cell's).
	 */
	takeGroups(): { values: Float64Array[]; kinds: GroupKind[]; trials: number; weights: (Float64Array | null)[] } | null {
		if (!this.groupValues || !this.complete || this.finalReport || this.groupsHandedOver) return null;
		this.groupsHandedOver = true;
		const fromValues = (this.finalFromValues = this.fromValues(this.trials));
		const weights = fromValues.calibration?.weights ?? null;
		return {
			values: this.groupValues,
			kinds: this.layout.groups.map((group) => this.kindOf(group)),
			trials: this.trials,
			weights: this.layout.groups.map((group) => (group.kind === 'cell' && group.variant === 0 ? weights : null))
		};
	}

	/** The final report from the summaries of `takeGroups()`'s groups, in the same order (sketch mode: null). */
	finish(summaries: GroupSummary[][] | null, meta: RunMeta, timing: Report['timing']): Report {
		this.finalReport = this.build(meta, timing, this.trials, summaries, this.finalFromValues ?? this.fromValues(this.trials));
		return this.finalReport;
	}

	/**
	 * The report over the trials ready so far, summarized in this thread. A partial report works
	 * on copies so later blocks still land where they belong; the final one on the series in place.
	 */
	report(meta: RunMeta, timing: Report['timing']): Report {
		if (this.finalReport) return { ...this.finalReport, timing };
		if (this.complete) {
			const taken = this.takeGroups();
			const summaries = taken ? taken.values.map((v, g) => summarizeGroup(v, taken.trials, taken.kinds[g], taken.weights[g])) : null;
			return this.finish(summaries, meta, timing);
		}
		const trials = this.trialsReady;
		const fromValues = this.fromValues(trials);
		const summaries = this.series
			? this.series.map((series, g) => {
					const copy = new Float64Array(series.length * trials);
					series.forEach((values, t) => copy.set(values.subarray(0, trials), t * trials));
					const group = this.layout.groups[g];
					const weights = group.kind === 'cell' && group.variant === 0 ? (fromValues.calibration?.weights ?? null) : null;
					return summarizeGroup(copy, trials, this.kindOf(group), weights);
				})
			: null;
		return this.build(meta, timing, trials, summaries, fromValues);
	}

	private kindOf(group: Group): GroupKind {
		if (group.kind === 'funding') return 'none';
		if (group.kind === 'delta') return 'delta';
		return group.kind === 'cell' && group.variant === 0 && this.spec.plan.cells[group.cell].kind === 'sample' ? 'histogram' : 'values';
	}

	/** Assembles a report from per-group summaries (exact mode) or the sketch. */
	private build(
		meta: RunMeta,
		timing: Report['timing'],
		trials: number,
		summaries: GroupSummary[][] | null,
		fromValues: FromValues
	): Report {
		const { plan } = this.spec;
		const { layout } = this;
		const cycles = plan.horizon + 1;
		const stats = (g: number, t: number): SeriesStats => {
			if (summaries) {
				const s = summaries[g][t];
				return { mean: s.mean, quantiles: s.quantiles, above: s.above ?? 0, below: s.below ?? 0 };
			}
			return this.sketchStats(layout.offsets[g] + t, trials);
		};
		/** A cell's summary over cycles from a group; a constant (sample) series repeated. */
		const summaryOf = <S extends CellSummary>(g: number, make: () => S, fill: (summary: S, t: number, s: SeriesStats) => void): S => {
			const summary = make();
			const count = layout.groups[g].cycles;
			for (let t = 0; t < cycles; t++) fill(summary, t, stats(g, Math.min(t, count - 1)));
			return summary;
		};
		const cellFill = (summary: CellSummary, t: number, s: SeriesStats) => {
			summary.mean[t] = s.mean;
			PERCENTILES.forEach((p, i) => (summary[`p${p}`][t] = s.quantiles[i]));
		};

		const cells: Record<string, CellSummary> = {};
		const histograms: Record<string, Histogram> = {};
		plan.cells.forEach((cell, c) => {
			const g = layout.cellGroup[0][c];
			cells[cell.name] = summaryOf(g, () => emptySummary(cycles), cellFill);
			if (cell.kind === 'sample') {
				histograms[cell.name] = summaries ? summaries[g][0].histogram! : this.sketchHistogram(cells[cell.name], layout.offsets[g], trials);
			}
		});
		const runwayOf = (v: number) => (plan.runway === null ? null : summarizeRunway(plan.cells[plan.runway].name, this.firstOut[v]!.subarray(0, trials), plan.horizon));
		const eventsOf = (v: number): Record<string, EventSummary> =>
			Object.fromEntries(plan.events.map((event, e) => [event.name, summarizeFirstCycles(this.events[v][e].subarray(0, trials), plan.horizon)]));

		let comparison: Comparison | null = null;
		if (this.spec.variants.length > 0) {
			comparison = { reference: meta.scenario, scenarios: {} };
			this.spec.variants.forEach((variant, k) => {
				const v = k + 1;
				const own: Record<string, CellSummary> = {};
				const delta: Record<string, DeltaSummary> = {};
				plan.cells.forEach((cell, c) => {
					const g = layout.cellGroup[v][c];
					own[cell.name] = g < 0 ? cells[cell.name] : summaryOf(g, () => emptySummary(cycles), cellFill);
					const d = layout.deltaGroup[v][c];
					delta[cell.name] =
						d < 0
							? { ...emptySummary(cycles), above: new Array(cycles).fill(0), below: new Array(cycles).fill(0) }
							: summaryOf(d, () => ({ ...emptySummary(cycles), above: new Array<number>(cycles).fill(0), below: new Array<number>(cycles).fill(0) }), (summary, t, s) => {
									cellFill(summary, t, s);
									summary.above[t] = s.above;
									summary.below[t] = s.below;
								});
				});
				const firstOut = this.firstOut[v];
				comparison!.scenarios[variant.name] = {
					overrides: variant.overrides,
					cells: own,
					runway: runwayOf(v),
					events: eventsOf(v),
					delta: {
						cells: delta,
						runway: firstOut ? runwayDelta(firstOut.subarray(0, trials), this.firstOut[0]!.subarray(0, trials)) : null,
						events: Object.fromEntries(
							plan.events.map((event, e) => [event.name, compareFirstCycles(this.events[v][e].subarray(0, trials), this.events[0][e].subarray(0, trials))])
						)
					}
				};
			});
		}

		return {
			format: 1,
			title: meta.title,
			scenario: meta.scenario,
			trials,
			seed: meta.seed,
			horizon: plan.horizon,
			cycle: meta.cycle,
			overrides: meta.overrides,
			cells,
			runway: runwayOf(0),
			events: eventsOf(0),
			comparison,
			funding: fromValues.funding,
			sensitivity: fromValues.sensitivity,
			calibration: fromValues.calibration && summaries ? this.calibration(fromValues.calibration, summaries, cells, trials) : null,
			histograms,
			quantiles: this.mode,
			timing
		};
	}

	private fromValues(trials: number): FromValues {
		if (!this.series) return { sensitivity: this.sketchSensitivity(), funding: this.funding(trials), calibration: null };
		// Everything here reads the values without reordering them, except the funding need's
		// own summary, which comes last.
		const calibration = this.calibrationFromValues(trials);
		return { sensitivity: this.exactSensitivity(trials, null), calibration, funding: this.funding(trials) };
	}

	/** SPEC §4.6 from the kept values: weights, each actual's percentile, the posterior funding need and sensitivity. */
	private calibrationFromValues(trials: number): FromValues['calibration'] {
		const { plan } = this.spec;
		if (!this.logLikelihood || !this.series) return null;
		const { weights, ess } = normalizedWeights(this.logLikelihood.subarray(0, trials));
		const points = plan.actuals.map((actual) => {
			const series = this.series![this.layout.cellGroup[0][actual.cell]];
			const values = series[Math.min(actual.cycle, series.length - 1)].subarray(0, trials);
			return { cell: plan.cells[actual.cell].name, cycle: actual.cycle, actual: actual.value, percentile: actualPercentile(values, actual.value) };
		});
		const funding =
			this.layout.funding < 0
				? null
				: weightedFunding(this.series[this.layout.funding].map((values) => values.subarray(0, trials)), weights, this.spec.fundingThrough!);
		return { weights, ess, points, funding, sensitivity: this.exactSensitivity(trials, weights) };
	}

	/** The calibration section from the posterior summaries of the reference's cells. */
	private calibration(from: NonNullable<FromValues['calibration']>, summaries: GroupSummary[][], prior: Record<string, CellSummary>, trials: number): Calibration {
		const { plan } = this.spec;
		const cycles = plan.horizon + 1;
		const cells: Record<string, CellSummary> = {};
		plan.cells.forEach((cell, c) => {
			cells[cell.name] = posteriorCell(summaries[this.layout.cellGroup[0][c]].map((s) => s.posterior!), cycles);
		});
		const range = (s: CellSummary) => ({ p5: s.p5[0], p50: s.p50[0], p95: s.p95[0] });
		const { weights } = from;
		return {
			points: from.points,
			ess: from.ess,
			posterior: {
				cells,
				runway:
					plan.runway === null
						? null
						: (() => {
								const { byCycle, p10, p50, p90, never } = weightedFirstCycles(this.firstOut[0]!.subarray(0, trials), weights, plan.horizon);
								return { cell: plan.cells[plan.runway].name, p10, p50, p90, cashOutByCycle: byCycle, survives: never };
							})(),
				events: Object.fromEntries(plan.events.map((event, e) => [event.name, weightedFirstCycles(this.events[0][e].subarray(0, trials), weights, plan.horizon)])),
				funding: from.funding,
				sensitivity: from.sensitivity
			},
			inputs: plan.cells.flatMap((cell) => (cell.kind === 'sample' ? [{ cell: cell.name, prior: range(prior[cell.name]), posterior: range(cells[cell.name]) }] : []))
		};
	}

	/** SPEC §4.4 over the first `trials` trials: exact from the kept needs, or from the sketch. */
	private funding(trials: number): FundingSummary | null {
		const { layout, spec } = this;
		if (layout.funding < 0) return null;
		const through = spec.fundingThrough!;
		const horizon = spec.plan.horizon;
		if (this.series) {
			// the final report reorders the kept needs in place; a partial one works on copies
			const needs = this.series[layout.funding].map((values) => (trials === this.trials ? values : values.slice(0, trials)));
			return summarizeFunding(needs, through, horizon);
		}
		// Sketch: need_k = +∞ exactly for the trials out of money before k, which the runway's
		// first cycles count exactly; a percentile whose ranks reach them is not finite.
		const firstOut = this.firstOut[0]!;
		const outBy = new Array<number>(horizon + 2).fill(0);
		for (let i = 0; i < trials; i++) if (firstOut[i] >= 0) outBy[firstOut[i] + 1]++;
		for (let k = 1; k <= horizon + 1; k++) outBy[k] += outBy[k - 1];
		const levels = [0.5, 0.75, 0.9, 0.95];
		const summary: FundingSummary = { through, p50: [], p75: [], p90: [], p95: [], tooLate: [] };
		for (let k = 0; k <= horizon; k++) {
			const late = outBy[k];
			summary.tooLate.push(late / trials);
			const finite = trials - late;
			const q = k <= through ? this.sketch!.quantiles(layout.offsets[layout.funding] + k, levels, trials) : levels.map(() => NaN);
			const value = (i: number) => (k <= through && Math.ceil((trials - 1) * levels[i]) < finite ? q[i] : null);
			summary.p50.push(value(0));
			summary.p75.push(value(1));
			summary.p90.push(value(2));
			summary.p95.push(value(3));
		}
		return summary;
	}

	/** Exact mode: the sensitivity over the first `trials` trials, from the kept values (not reordered); weighted with `weights`. */
	private exactSensitivity(trials: number, weights: Float64Array | null): Sensitivity | null {
		const { spec, layout } = this;
		if (!spec.sensitivity || !this.series) return null;
		const n = trials;
		const inputs = spec.plan.cells.flatMap((cell, c) =>
			cell.kind === 'sample' ? [{ cell: cell.name, values: this.series![layout.cellGroup[0][c]][0].subarray(0, n) }] : []
		);
		const groups = this.series.map((series) => series[0]); // only read for the outcome's cell, below
		const target = spec.sensitivity;
		const outcome =
			target.kind === 'runway'
				? sensitivityOutcome(spec, { n, groups, runwayOut: [this.firstOut[0]!.subarray(0, n)] }, layout)
				: this.series[layout.cellGroup[0][target.cell]][spec.plan.cells[target.cell].kind === 'sample' ? 0 : target.cycle].slice(0, n);
		return weights ? weightedSensitivity(inputs, outcome, weights, this.outcomeName()) : sensitivity(inputs, outcome, this.outcomeName());
	}

	/** Sketch mode: the sensitivity over the first trials kept for it. */
	private sketchSensitivity(): Sensitivity | null {
		const kept = this.sensitivityTrials;
		if (!kept) return null;
		const n = Math.min(this.trialsReady, kept.outcome.length);
		const samples = this.spec.plan.cells.filter((cell) => cell.kind === 'sample');
		return sensitivity(
			samples.map((cell, k) => ({ cell: cell.name, values: kept.inputs[k].subarray(0, n) })),
			kept.outcome.subarray(0, n),
			this.outcomeName()
		);
	}

	private outcomeName(): string {
		const target = this.spec.sensitivity!;
		return target.kind === 'runway' ? 'runway' : `${this.spec.plan.cells[target.cell].name}@${target.cycle}`;
	}

	private sketchStats(series: number, trials: number): SeriesStats {
		let sum = 0;
		for (let b = 0; b < blockCount(trials); b++) sum += this.blockSums[b][series];
		const { above, below } = this.sketch!.signCounts(series);
		return { mean: sum / trials, quantiles: this.sketch!.quantiles(series, LEVELS, trials), above: above / trials, below: below / trials };
	}

	private sketchHistogram(summary: CellSummary, series: number, trials: number): Histogram {
		const [lo, hi] = this.sketch!.quantiles(series, [0.01, 0.99], trials);
		if (!(hi > lo)) return { edges: [summary.p5[0], summary.p95[0]], counts: [trials] };
		const bins = 24;
		return {
			edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
			counts: this.sketch!.histogram(series, lo, hi, bins)
		};
	}
}
