// The implementations the benchmark compares, each behind one interface: prepare once (parse the
// notebook, start workers), then run the whole model any number of times. Only `run` is timed.
// Each implementation's code is imported only when it is prepared, so a child process that runs
// one of them holds only that one in memory (Squiggle's library alone is tens of MB).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunOptions, RunSpec } from '../src/lib/engine/simulate';
import type { Notebook, Report } from '../src/lib/engine/types';
import type { HandwrittenSeries } from './handwritten/summarizeSeries';

/**
 * `default-notebook` is simulations/social-network-mvp.yaml as it is today (with its events and
 * scenarios), for the Decisions rows; `social-network-mvp` is its frozen first version.
 */
export const MODELS = ['social-network-mvp', 'growth-runway', 'default-notebook'] as const;
export type ModelName = (typeof MODELS)[number];

export const IMPLEMENTATIONS = [
	'engine-thread',
	'engine-pool-1',
	'engine-pool-all',
	'engine-figures',
	'handwritten',
	'squiggle',
	// Decisions (issue 9), all on a pool of all cores, percentiles as prepareRun chooses them for a user:
	'decisions-compare-all', // --compare all: the reference and every scenario in one run
	'decisions-separate', // k + 1 plain runs, one after another: base and each scenario
	'decisions-plain', // one plain run: events, funding need and sensitivity (today's default)
	'decisions-bare' // the same run without the new statistics: no events, funding need or sensitivity
] as const;
export type ImplementationName = (typeof IMPLEMENTATIONS)[number];

/** What every implementation reports, so a reader can see they compute the same model. */
export type RunwayFigures = {
	p10: number | null;
	p50: number | null;
	/** the share of trials out of money at or before the horizon */
	outByHorizon: number;
	/** the median of the runway cell (cash) at the horizon */
	cashP50: number;
};

/** Times (ms) of the parts of one run, when an implementation can tell them apart. */
export type RunParts = Record<string, number>;

export type PreparedImplementation = {
	/** workers used (1 for code that runs in this thread) */
	workers: number;
	/** engine: 'exact' or 'sketch' percentiles, as prepareRun chose them for this trial count */
	quantiles?: string;
	/** engine runs per timed run (decisions-separate: k + 1); 1 when absent */
	runs?: number;
	run(): Promise<{ figures: RunwayFigures; parts?: RunParts }>;
	close(): void;
};

export const HORIZON = 36;
/** the notebooks' seed, used by the engine and Squiggle */
export const SEED = 2026;
/**
 * The hand-written models draw from the engine's streams in the engine's order, so on the same
 * seed they would print the engine's figures digit for digit; another seed shows two independent
 * runs of one model agreeing within Monte Carlo error.
 */
export const HANDWRITTEN_SEED = 2027;

/**
 * The notebook each model runs, relative to the repository. The social network is the first
 * version of the default notebook, frozen in bench/models/ so that the hand-written loop
 * (handwritten/socialNetworkMvp.ts) and the published figures keep describing the same model.
 */
export function notebookFile(model: ModelName): string {
	if (model === 'social-network-mvp') return 'bench/models/social-network-mvp-v1.yaml';
	if (model === 'default-notebook') return 'simulations/social-network-mvp.yaml';
	return `simulations/${model}.yaml`;
}

export function notebookPath(model: ModelName): string {
	return fileURLToPath(new URL(`../${notebookFile(model)}`, import.meta.url));
}

function figuresOf(report: Pick<Report, 'cells' | 'runway'>): RunwayFigures {
	const runway = report.runway!;
	return {
		p10: runway.p10,
		p50: runway.p50,
		outByHorizon: runway.cashOutByCycle[runway.cashOutByCycle.length - 1],
		cashP50: report.cells[runway.cell].p50[runway.cashOutByCycle.length - 1]
	};
}

async function readModel(model: ModelName): Promise<Notebook> {
	const { parseNotebook } = await import('../src/lib/engine/notebook/readNotebook');
	const file = notebookPath(model);
	const notebook = parseNotebook(readFileSync(file, 'utf8'), file);
	if (!notebook.ok) throw new Error(notebook.errors.map((e) => e.message).join('; '));
	return notebook.value;
}

async function engineSpec(model: ModelName, trials: number, quantiles?: RunSpec['quantiles'], options: RunOptions = {}, notebook?: Notebook): Promise<RunSpec> {
	const { prepareRun } = await import('../src/lib/engine/simulate');
	const spec = prepareRun(notebook ?? (await readModel(model)), { ...options, trials, seed: SEED, quantiles });
	if (!spec.ok) throw new Error(spec.errors.map((e) => e.message).join('; '));
	return spec.value;
}

/**
 * A prepared run without the statistics of issue 9: no compared scenarios, no funding need, no
 * sensitivity and no events — the report of before them, on the same plan and trials.
 */
export function withoutDecisionStatistics(spec: RunSpec): RunSpec {
	return { ...spec, fundingThrough: null, sensitivity: null, variants: [], plan: { ...spec.plan, events: [] } };
}

/** prepareRun's choice of exact or sketched percentiles, where the engine has one. */
function quantileModeOf(spec: RunSpec): string | undefined {
	const mode = (spec as { quantiles?: unknown }).quantiles;
	return typeof mode === 'string' ? mode : undefined;
}

async function handwrittenModel(model: ModelName): Promise<(trials: number, seed: number) => HandwrittenSeries> {
	switch (model) {
		case 'social-network-mvp':
			return (await import('./handwritten/socialNetworkMvp')).simulateSocialNetworkMvp;
		case 'growth-runway':
			return (await import('./handwritten/growthRunway')).simulateGrowthRunway;
		default:
			throw new Error(`no hand-written loop of ${model}`);
	}
}

/**
 * `quantiles`: force the engine's percentile method ('exact' to do the hand-written loop's work);
 * by default the engine chooses, as for a user.
 */
export async function prepareImplementation(
	name: ImplementationName,
	model: ModelName,
	trials: number,
	quantiles?: RunSpec['quantiles']
): Promise<PreparedImplementation> {
	switch (name) {
		case 'engine-thread':
		case 'engine-pool-1':
		case 'engine-pool-all': {
			// One Runner type: in this thread, or a pool of one or all cores.
			const spec = await engineSpec(model, trials, quantiles);
			const { inThreadRunner } = await import('../src/lib/engine/simulate');
			const { createNodePool } = await import('../src/lib/workers/nodeWorkers');
			const workers = name === 'engine-pool-all' ? availableParallelism() : 1;
			const runner = name === 'engine-thread' ? inThreadRunner() : await createNodePool(workers);
			return {
				workers,
				quantiles: quantileModeOf(spec),
				run: async () => {
					const report = await runner.run(spec);
					if (!report.ok) throw new Error(report.errors.map((e) => e.message).join('; '));
					return { figures: figuresOf(report.value) };
				},
				close: () => runner.close()
			};
		}
		case 'handwritten': {
			const simulate = await handwrittenModel(model);
			const { summarizeSeries } = await import('./handwritten/summarizeSeries');
			return {
				workers: 1,
				run: async () => {
					// the same work as runSocialNetworkMvp / runGrowthRunway, timed in two parts
					const started = performance.now();
					const series = simulate(trials, HANDWRITTEN_SEED);
					const simulated = performance.now();
					const report = summarizeSeries(series);
					const parts = { model: simulated - started, statistics: performance.now() - simulated };
					return { figures: figuresOf(report), parts };
				},
				close: () => {}
			};
		}
		case 'squiggle': {
			if (model !== 'growth-runway') throw new Error(`Squiggle runs only growth-runway, not ${model}`);
			const { runSquiggleGrowthRunway } = await import('./squiggle/growthRunway');
			return {
				workers: 1,
				run: async () => {
					const result = await runSquiggleGrowthRunway(trials, SEED);
					return { figures: { p10: result.p10, p50: result.p50, outByHorizon: result.outByHorizon, cashP50: result.cashP50 } };
				},
				close: () => {}
			};
		}
		case 'engine-figures': {
			// The engine in this thread asked for Squiggle's figures only: the same work as the Squiggle model.
			const spec = await engineSpec(model, trials, quantiles);
			const { engineFigures } = await import('./engineFigures');
			const cash = spec.plan.cells[spec.plan.runway!].name;
			const cells = [...new Set(['users', cash])];
			return {
				workers: 1,
				quantiles: 'exact',
				run: async () => {
					const figures = engineFigures(spec, cells);
					const { p10, p50, outByHorizon, medians, parts } = figures;
					return { figures: { p10, p50, outByHorizon, cashP50: medians[cash] }, parts };
				},
				close: () => {}
			};
		}
		case 'decisions-compare-all':
		case 'decisions-plain':
		case 'decisions-bare':
		case 'decisions-separate': {
			const notebook = await readModel(model);
			const { createNodePool } = await import('../src/lib/workers/nodeWorkers');
			// One run, or (separate) the base and each scenario as plain runs, one after another.
			const specs: { name: string; spec: RunSpec }[] =
				name === 'decisions-separate'
					? await Promise.all(
							['base', ...Object.keys(notebook.scenarios)].map(async (scenario) => ({
								name: scenario,
								spec: await engineSpec(model, trials, quantiles, { scenario }, notebook)
							}))
						)
					: [{ name: 'run', spec: await engineSpec(model, trials, quantiles, name === 'decisions-compare-all' ? { compare: 'all' } : {}, notebook) }];
			if (name === 'decisions-bare') specs[0].spec = withoutDecisionStatistics(specs[0].spec);
			const workers = availableParallelism();
			const runner = await createNodePool(workers);
			const modes = [...new Set(specs.map((s) => quantileModeOf(s.spec)))];
			return {
				workers,
				quantiles: modes.join('/'),
				runs: specs.length,
				run: async () => {
					const parts: RunParts = {};
					let figures: RunwayFigures | null = null;
					for (const { name: part, spec } of specs) {
						const started = performance.now();
						const report = await runner.run(spec);
						if (!report.ok) throw new Error(report.errors.map((e) => e.message).join('; '));
						if (specs.length > 1) parts[part] = performance.now() - started;
						// the reference's figures (base): the same trials in every row
						figures ??= figuresOf(report.value);
					}
					return { figures: figures!, parts: specs.length > 1 ? parts : undefined };
				},
				close: () => runner.close()
			};
		}
		default: {
			const never: never = name;
			throw new Error(`unknown implementation ${String(never)}`);
		}
	}
}
