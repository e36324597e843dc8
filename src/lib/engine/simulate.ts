// The engine's one pure entry point. `prepareRun` checks a notebook and fixes the run's settings;
// a RunSession does the work for any set of blocks; `simulate` runs everything in-process. Worker
// runners use the same session and accumulator and differ only in transport.
import { Accumulator, blockCount, quantileMode, trialsInBlock } from './accumulator';
import { BlockRunner, type BlockFailure } from './block';
import { applyScenario } from './parseNotebook';
import { planNotebook, type Plan } from './plan';
import type { RunSpec } from './block';
import { RunSession } from './session';
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

/** Runs every block of a prepared run in this thread, telling `onProgress` the blocks done. */
export function runSpec(spec: RunSpec, onProgress?: (done: number, total: number) => void): Result<Report> {
	const started = Date.now();
	const total = blockCount(spec.trials);
	const accumulator = new Accumulator(spec.plan, spec.trials, spec.quantiles);
	const session = new RunSession(spec);
	for (let block = 0; block < total; block++) {
		const batch = session.run([block]);
		if (!batch.ok) return { ok: false, errors: [failureError(spec.plan, batch.failure, spec.trials)] };
		accumulator.add(batch.values[0]);
		onProgress?.(block + 1, total);
	}
	const sketch = session.takeSketch();
	if (sketch) accumulator.mergeSketch(sketch);
	return { ok: true, value: accumulator.report(spec.meta, { ms: Date.now() - started, workers: 1 }) };
}
