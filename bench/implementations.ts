// The implementations the benchmark compares, each behind one interface: prepare once (parse the
// notebook, start workers), then run the whole model any number of times. Only `run` is timed.
// Each implementation's code is imported only when it is prepared, so a child process that runs
// one of them holds only that one in memory (Squiggle's library alone is tens of MB).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunSpec } from '../src/lib/engine/simulate';
import type { Report } from '../src/lib/engine/types';
import type { HandwrittenSeries } from './handwritten/summarizeSeries';

export const MODELS = ['social-network-mvp', 'growth-runway'] as const;
export type ModelName = (typeof MODELS)[number];

export const IMPLEMENTATIONS = ['engine-thread', 'engine-pool-1', 'engine-pool-all', 'engine-figures', 'handwritten', 'squiggle'] as const;
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
	return model === 'social-network-mvp' ? 'bench/models/social-network-mvp-v1.yaml' : `simulations/${model}.yaml`;
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

async function engineSpec(model: ModelName, trials: number, quantiles?: RunSpec['quantiles']): Promise<RunSpec> {
	const { parseNotebook } = await import('../src/lib/engine/notebook/readNotebook');
	const { prepareRun } = await import('../src/lib/engine/simulate');
	const file = notebookPath(model);
	const notebook = parseNotebook(readFileSync(file, 'utf8'), file);
	if (!notebook.ok) throw new Error(notebook.errors.map((e) => e.message).join('; '));
	const spec = prepareRun(notebook.value, { trials, seed: SEED, quantiles });
	if (!spec.ok) throw new Error(spec.errors.map((e) => e.message).join('; '));
	return spec.value;
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
		default: {
			const never: never = name;
			throw new Error(`unknown implementation ${String(never)}`);
		}
	}
}
