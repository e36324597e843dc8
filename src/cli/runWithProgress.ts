import { availableParallelism } from 'node:os';
import { blockCount } from '../lib/engine/accumulator';
import type { RunSpec } from '../lib/engine/block';
import { runSpec } from '../lib/engine/simulate';
import type { Report, Result } from '../lib/engine/types';
import { createNodePool } from '../lib/workers/nodeWorkers';
import { ProgressBar } from './progressBar';

/**
 * Runs a prepared notebook with W Node workers (default: the machine's cores), drawing a progress
 * bar on stderr when asked. One worker, or a run of one block, runs in this thread: same engine,
 * same numbers, no worker start-up.
 */
export async function runWithProgress(spec: RunSpec, options: { workers?: number; progress: boolean }): Promise<Result<Report>> {
	const total = blockCount(spec.trials);
	const workers = Math.min(options.workers ?? availableParallelism(), total);
	const bar = options.progress ? new ProgressBar(total) : null;
	try {
		if (workers <= 1) return runSpec(spec, (done) => bar?.update(done));
		const pool = await createNodePool(workers);
		try {
			return await pool.run(spec, { onProgress: (done) => bar?.update(done) });
		} finally {
			pool.close();
		}
	} finally {
		bar?.clear();
	}
}
