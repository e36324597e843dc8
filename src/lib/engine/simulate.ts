// The engine's one pure entry point. `prepareRun` checks a notebook and fixes the run's settings;
// `runBlocks` does the work for any set of blocks; `simulate` runs everything in-process. Worker
// runners call the same two functions and differ only in transport.
import { Accumulator, blockCount, trialsInBlock, type RunMeta } from './accumulator';
import { BlockRunner, type BlockFailure, type BlockValues } from './block';
import { applyScenario } from './parseNotebook';
import { planNotebook, type Plan } from './plan';
import type { Notebook, NotebookError, Report, Result } from './types';

export type RunOptions = { scenario?: string; trials?: number; seed?: number };

/** Everything a runner needs: plain data, safe to send to a worker. */
export type RunSpec = { plan: Plan; trials: number; seed: number; meta: RunMeta };

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
			errors: problems.map((p) => ({ file: plan.file, line: plan.cells[p.cell].line, cell: plan.cells[p.cell].name, message: p.message }))
		};
	}
	const trials = options.trials ?? notebook.trials;
	const seed = options.seed ?? notebook.seed;
	return {
		ok: true,
		value: { plan, trials, seed, meta: { title: notebook.title, scenario, seed, cycle: notebook.cycle } }
	};
}

/** Turns a block's failure into the error the user sees: cell, line, cycle and how many trials. */
export function failureError(plan: Plan, failure: BlockFailure, trials: number): NotebookError {
	const cell = plan.cells[failure.cell];
	const first = failure.block * 1000;
	const size = trialsInBlock(failure.block, trials);
	return {
		file: plan.file,
		line: cell.line,
		cell: cell.name,
		message: `${failure.message}, first at cycle ${failure.cycle}, in ${failure.trials} of ${size} trials (trials ${first + 1}–${first + size})`
	};
}

export type BlockBatch = { ok: true; values: BlockValues[] } | { ok: false; failure: BlockFailure };

/** Runs the given blocks of a run, in order; stops at the first failure. */
export function runBlocks(spec: RunSpec, blocks: number[], runner = new BlockRunner(spec.plan, spec.seed)): BlockBatch {
	const values: BlockValues[] = [];
	for (const block of blocks) {
		const outcome = runner.run(block, trialsInBlock(block, spec.trials));
		if (!outcome.ok) return { ok: false, failure: outcome.failure };
		values.push(outcome.value);
	}
	return { ok: true, values };
}

/** Runs a notebook in this thread. */
export function simulate(notebook: Notebook, options: RunOptions = {}): Result<Report> {
	const started = Date.now();
	const prepared = prepareRun(notebook, options);
	if (!prepared.ok) return prepared;
	const spec = prepared.value;
	const accumulator = new Accumulator(spec.plan, spec.trials);
	const runner = new BlockRunner(spec.plan, spec.seed);
	for (let block = 0; block < blockCount(spec.trials); block++) {
		const batch = runBlocks(spec, [block], runner);
		if (!batch.ok) return { ok: false, errors: [failureError(spec.plan, batch.failure, spec.trials)] };
		accumulator.add(batch.values[0]);
	}
	return { ok: true, value: accumulator.report(spec.meta, { ms: Date.now() - started, workers: 0 }) };
}
