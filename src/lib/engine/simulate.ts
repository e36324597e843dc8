// The engine's one pure entry point. `prepareRun` checks a notebook and fixes the run's settings;
// a RunSession does the work for any set of blocks; `simulate` runs everything in-process. Worker
// runners use the same session and accumulator and differ only in transport.
import { Accumulator, blockCount, quantileMode, trialsInBlock } from './accumulator';
import { BlockRunner, type BlockFailure } from './block';
import { applyScenario } from './notebook/scenarios';
import { planNotebook, type Plan } from './plan';
import type { RunSpec } from './block';
import { RunAborted, type RunHandlers, type Runner } from './run/runner';
import { PREVIEW_BLOCKS, RunSession } from './session';
export type { RunSpec } from './block';
import { BLOCK_SIZE } from './rng';
import type { Notebook, NotebookError, Report, Result } from './types';

export type RunOptions = {
	scenario?: string;
	trials?: number;
	seed?: number;
	/** how percentiles are computed; by default exact unless the run is too large to keep */
	quantiles?: RunSpec['quantiles'];
};


export const MAX_TRIALS = 10_000_000;

export function prepareRun(notebook: Notebook, options: RunOptions = {}): Result<RunSpec> {
	const scenario = options.scenario ?? 'base';
	const applied = applyScenario(notebook, scenario);
	if (!applied.ok) return applied;
	const planned = planNotebook(applied.value);
	if (!planned.ok) return planned;
	const plan = planned.value;
	const problems = BlockRunner.check(plan);
	if (problems.length > 0) {
		return {
			ok: false,
			errors: problems.map((p) => ({ file: plan.file, line: plan.cells[p.cell].line, cell: plan.cells[p.cell].name, code: 'expression', message: p.message }))
		};
	}
	const trials = options.trials ?? notebook.trials;
	const seed = options.seed ?? notebook.seed;
	return {
		ok: true,
		value: {
			plan,
			trials,
			seed,
			meta: { title: notebook.title, scenario, seed, cycle: notebook.cycle },
			quantiles: options.quantiles ?? quantileMode(plan, trials)
		}
	};
}

/** Turns a block's failure into the error the user sees: cell, line, cycle and how many trials. */
export function failureError(plan: Plan, failure: BlockFailure, trials: number): NotebookError {
	const cell = plan.cells[failure.cell];
	const first = failure.block * BLOCK_SIZE;
	const size = trialsInBlock(failure.block, trials);
	return {
		file: plan.file,
		line: cell.line,
		cell: cell.name,
		code: 'run',
		message: `${failure.message}, first at cycle ${failure.cycle}, in ${failure.trials} of ${size} trials (trials ${first + 1}–${first + size})`
	};
}

/** Runs a notebook in this thread. */
export function simulate(notebook: Notebook, options: RunOptions = {}): Result<Report> {
	const prepared = prepareRun(notebook, options);
	return prepared.ok ? runSpec(prepared.value) : prepared;
}

/**
 * Runs every block of a prepared run in this thread, telling `handlers.onProgress` after each
 * block. Throws RunAborted when `handlers.signal` is aborted between blocks.
 */
export function runSpec(spec: RunSpec, handlers: RunHandlers = {}): Result<Report> {
	const started = Date.now();
	const total = blockCount(spec.trials);
	const accumulator = new Accumulator(spec.plan, spec.trials, spec.quantiles);
	const preview = spec.quantiles === 'sketch' ? new Accumulator(spec.plan, Math.min(spec.trials, PREVIEW_BLOCKS * BLOCK_SIZE), 'exact') : null;
	const session = new RunSession(spec);
	for (let block = 0; block < total; block++) {
		if (handlers.signal?.aborted) throw new RunAborted('the run was cancelled');
		const batch = session.run([block]);
		if (!batch.ok) return { ok: false, errors: [failureError(spec.plan, batch.failure, spec.trials)] };
		accumulator.add(batch.values[0]);
		if (preview && batch.values[0].values.length > 0) preview.add(batch.values[0]);
		if (handlers.onProgress && block + 1 < total) {
			const source = preview ?? accumulator;
			handlers.onProgress({
				done: block + 1,
				total,
				trialsReady: source.trialsReady,
				elapsedMs: Date.now() - started,
				preview: () => source.report(spec.meta, { ms: Date.now() - started, workers: 1 })
			});
		}
	}
	const sketch = session.takeSketch();
	if (sketch) accumulator.mergeSketch(sketch);
	const report = accumulator.report(spec.meta, { ms: Date.now() - started, workers: 1 });
	handlers.onProgress?.({ done: total, total, trialsReady: spec.trials, elapsedMs: Date.now() - started, preview: () => report });
	return { ok: true, value: report };
}

/** The Runner that runs in the caller's thread: no worker start-up, same numbers. */
export function inThreadRunner(): Runner {
	return {
		run: async (spec, handlers) => runSpec(spec, handlers),
		close: () => {}
	};
}
