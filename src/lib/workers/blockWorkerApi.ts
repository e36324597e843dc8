// What a worker does, whatever the transport: run blocks of a run and hand back their results,
// transferring typed arrays rather than copying them. The run's session (compiled plan and, for
// large runs, histograms) is kept between calls of the same run.
import * as Comlink from 'comlink';
import type { RunSpec } from '../engine/block';
import { RunSession, type BlockBatch } from '../engine/session';
import { firstTrialsReport, summarizeGroup, type GroupKind, type GroupSummary } from '../engine/accumulator';
import type { Report } from '../engine/types';

export type BlockWorkerApi = {
	/** a new run: its spec crosses once, and the session (compiled plan) is kept for its blocks */
	begin(runId: number, spec: RunSpec): void;
	/** `recycled`: a finished block's arrays, handed back (transferred) to be written over */
	runBlocks(runId: number, blocks: number[], recycled?: Float64Array[]): BlockBatch;
	/**
	 * The report of a run of the run's first `trials` trials (FIRST_PREVIEW_TRIALS): its first
	 * preview, made here, off the page's thread. null when one of them fails (its block says how).
	 */
	firstPreview(runId: number, trials: number): Report | null;
	/** sketch mode: this worker's histograms for the run (null if it ran none of its blocks) */
	takeSketch(runId: number): Int32Array | null;
	/**
	 * exact mode: summaries of some groups of a finished run (the report's statistics); with the
	 * posterior's weights where given. The groups' arrays go back (transferred) for another run.
	 */
	summarize(groups: Float64Array[], trials: number, kinds: GroupKind[], weights: (Float64Array | null)[]): { summaries: GroupSummary[][]; groups: Float64Array[] };
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
		firstPreview(runId, trials) {
			if (current?.runId !== runId) throw new Error(`run ${runId} was not begun in this worker`);
			const first = current.session.firstTrials(trials);
			return first.ok ? firstTrialsReport(current.session.spec, first.result) : null;
		},
		summarize(groups, trials, kinds, weights) {
			const summaries = groups.map((values, g) => summarizeGroup(values, trials, kinds[g], weights[g]));
			return Comlink.transfer({ summaries, groups }, groups.map((values) => values.buffer as ArrayBuffer));
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
	// a group may be the reference's array under another name: transfer each buffer once
	const arrays = batch.results.flatMap((r) => [
		...r.groups,
		...(r.sums ? [r.sums] : []),
		...r.runwayOut.filter((a) => a !== null),
		...r.events.flat(),
		...(r.sensitivity ? [...r.sensitivity.inputs, r.sensitivity.outcome] : []),
		...(r.logLikelihood ? [r.logLikelihood] : [])
	]);
	return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
