import { availableParallelism } from 'node:os';
import { blockCount } from '../lib/engine/rng';
import type { RunSpec } from '../lib/engine/block';
import type { Runner } from '../lib/engine/run/runner';
import { inThreadRunner } from '../lib/engine/simulate';
import type { Report, Result } from '../lib/engine/types';
import { ProgressBar } from './progressBar';

/**
 * Runs a prepared notebook with W Node workers (default: the machine's cores), drawing a progress
 * bar on stderr when asked. One worker, or a run of one block, runs in this thread: same engine,
 * same numbers, no worker start-up, and the pool (worker_threads, comlink) is not even loaded.
 */
export async function runWithProgress(spec: RunSpec, options: { workers?: number; progress: boolean }): Promise<Result<Report>> {
	const total = blockCount(spec.trials);
	const workers = Math.min(options.workers ?? availableParallelism(), total);
	const bar = options.progress ? new ProgressBar(total) : null;
	const runner: Runner = workers <= 1 ? inThreadRunner() : await (await import('../lib/workers/nodeWorkers')).createNodePool(workers);
	try {
		return await runner.run(spec, { onProgress: ({ done }) => bar?.update(done) });
	} finally {
		runner.close();
		bar?.clear();
	}
}
