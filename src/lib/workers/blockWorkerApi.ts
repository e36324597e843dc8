// What a worker does, whatever the transport: run blocks of a run and hand back their results,
// transferring typed arrays rather than copying them. The run's session (compiled plan and, for
// large runs, histograms) is kept between calls of the same run.
import * as Comlink from 'comlink';
import type { RunSpec } from '../engine/block';
import { RunSession, type BlockBatch } from '../engine/session';
import { summarizeCell, type SeriesSummary } from '../engine/stats';

export type BlockWorkerApi = {
	/** a new run: its spec crosses once, and the session (compiled plan) is kept for its blocks */
	begin(runId: number, spec: RunSpec): void;
	/** `recycled`: a finished block's arrays, handed back (transferred) to be written over */
	runBlocks(runId: number, blocks: number[], recycled?: Float64Array[]): BlockBatch;
	/** sketch mode: this worker's histograms for the run (null if it ran none of its blocks) */
	takeSketch(runId: number): Int32Array | null;
	/** exact mode: summaries of some cells of a finished run (the report's statistics) */
	summarize(cells: Float64Array[], trials: number, sample: boolean[]): SeriesSummary[][];
};

export function createBlockWorkerApi(): BlockWorkerApi {
	let current: { runId: number; session: RunSession } | null = null;
	return {
		begin(runId, spec) {
			current = { runId, session: new RunSession(spec, true) };
		},
		runBlocks(runId, blocks, recycled) {
			if (current?.runId !== runId) throw new Error(`run ${runId} was not begun in this worker`);
			const batch = current.session.run(blocks, recycled);
			return Comlink.transfer(batch, batchBuffers(batch));
		},
		summarize(cells, trials, sample) {
			return cells.map((values, c) => summarizeCell(values, trials, sample[c]));
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
