// What a worker does, whatever the transport: run blocks of a run and hand back their values.
// The compiled plan is kept between calls of the same run, so each call costs only the blocks.
import { BlockRunner } from '../engine/block';
import { runBlocks, type BlockBatch, type RunSpec } from '../engine/block';

export type BlockWorkerApi = {
	runBlocks(runId: number, spec: RunSpec, blocks: number[]): BlockBatch;
};

export function createBlockWorkerApi(): BlockWorkerApi {
	let cached: { runId: number; runner: BlockRunner } | null = null;
	return {
		runBlocks(runId, spec, blocks) {
			if (cached?.runId !== runId) cached = { runId, runner: new BlockRunner(spec.plan, spec.seed) };
			return runBlocks(spec, blocks, cached.runner);
		}
	};
}

/** The typed arrays of a batch, to transfer rather than copy. */
export function batchBuffers(batch: BlockBatch): ArrayBuffer[] {
	if (!batch.ok) return [];
	return batch.values.flatMap((v) => [...v.values.map((a) => a.buffer as ArrayBuffer), ...(v.runwayOut ? [v.runwayOut.buffer as ArrayBuffer] : [])]);
}
