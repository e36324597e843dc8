import { Accumulator, blockCount } from '../lib/engine/accumulator';
import { BlockRunner } from '../lib/engine/block';
import { failureError, runBlocks, type RunSpec } from '../lib/engine/simulate';
import type { Report, Result } from '../lib/engine/types';
import { ProgressBar } from './progressBar';

/** Runs a prepared notebook in this process, drawing a progress bar on stderr when asked. */
export async function runWithProgress(spec: RunSpec, options: { workers?: number; progress: boolean }): Promise<Result<Report>> {
	const started = Date.now();
	const total = blockCount(spec.trials);
	const bar = options.progress ? new ProgressBar(total) : null;
	const accumulator = new Accumulator(spec.plan, spec.trials);
	const runner = new BlockRunner(spec.plan, spec.seed);
	for (let block = 0; block < total; block++) {
		const batch = runBlocks(spec, [block], runner);
		if (!batch.ok) {
			bar?.clear();
			return { ok: false, errors: [failureError(spec.plan, batch.failure, spec.trials)] };
		}
		accumulator.add(batch.values[0]);
		bar?.update(block + 1);
	}
	bar?.clear();
	return { ok: true, value: accumulator.report(spec.meta, { ms: Date.now() - started, workers: 1 }) };
}
