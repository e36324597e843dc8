// What a worker does, whatever the transport: run blocks of a run and hand back their results,
// transferring typed arrays rather than copying them. The run's session (compiled plan and, for
// large runs, histograms) is kept between calls of the same run.
import * as Comlink from 'comlink';
import type { RunSpec } from '../engine/block';
import { RunSession, type BlockBatch } from '../engine/session';

export type BlockWorkerApi = {
	runBlocks(runId: number, spec: RunSpec, blocks: number[]): BlockBatch;
	/** sketch mode: this worker's histograms for the run (null if it ran none of its blocks) */
	takeSketch(runId: number): Int32Array | null;
};

export function createBlockWorkerApi(): BlockWorkerApi {
	let current: { runId: number; session: RunSession } | null = null;
	return {
		runBlocks(runId, spec, blocks) {
			if (current?.runId !== runId) current = { runId, session: new RunSession(spec, true) };
			const batch = current.session.run(blocks);
			return Comlink.transfer(batch, batchBuffers(batch));
		},
		takeSketch(runId) {
			const counts = current?.runId === runId ? current.session.takeSketch() : null;
			return counts ? Comlink.transfer(counts, [counts.buffer as ArrayBuffer]) : null;
		}
	};
}

/** The typed arrays of a batch, to transfer rather than copy. */
function batchBuffers(batch: BlockBatch): ArrayBuffer[] {
	if (!batch.ok) return [];
	return batch.values.flatMap((v) => [...v.values, ...(v.sums ? [v.sums] : []), ...(v.runwayOut ? [v.runwayOut] : [])].map((a) => a.buffer as ArrayBuffer));
}
