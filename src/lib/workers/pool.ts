// A pool of W workers running the blocks of one run at a time (a Runner). Blocks are handed out one
// by one and merged by block index, so the report is the same for any W. The pool is
// transport-agnostic: web workers and Node worker_threads differ only in the factory that makes a
// WorkerHandle. Which run is wanted (superseding) and when to preview are the caller's policy.
import * as Comlink from 'comlink';
import type { Remote } from 'comlink';
import { Accumulator, sketchPreviewAccumulator, type GroupSummary } from '../engine/accumulator';
import type { BlockFailure } from '../engine/block';
import type { RunSpec } from '../engine/block';
import { FIRST_PREVIEW_TRIALS, type BlockBatch } from '../engine/session';
import { failureError } from '../engine/simulate';
import { BLOCK_SIZE, blockCount } from '../engine/rng';
import { RunAborted, WorkerCrashed, type RunHandlers, type Runner } from '../engine/run/runner';
import type { Report, Result } from '../engine/types';
import type { BlockWorkerApi } from './blockWorkerApi';

export type WorkerHandle = {
	api: Remote<BlockWorkerApi>;
	/**
	 * Calls `listener` when the worker dies or fails outside a call (at once if it already has);
	 * returns the way to stop listening. comlink never settles a pending call of a worker that is
	 * gone, so every call listens for this while it is pending (`guarded`).
	 */
	onFailure(listener: (error: Error) => void): () => void;
	terminate(): void;
};

export type WorkerFactory = () => WorkerHandle;

/** The failure side of a WorkerHandle: `fail` once from the transport's events, `onFailure` for calls. */
export function failureSignal(): { fail: (error: Error) => void; onFailure: WorkerHandle['onFailure'] } {
	const listeners = new Set<(error: Error) => void>();
	let failure: Error | null = null;
	return {
		fail: (error) => {
			if (failure) return;
			failure = error;
			for (const listener of listeners) listener(error);
			listeners.clear();
		},
		onFailure: (listener) => {
			if (failure) {
				listener(failure);
				return () => {};
			}
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}

/**
 * A call to a worker that rejects if the worker dies first. It listens only while pending: racing
 * the call against a long-lived "failed" promise would keep every result alive with the worker.
 */
function guarded<T>(worker: WorkerHandle, call: Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const stop = worker.onFailure(reject);
		call.then(
			(value) => {
				stop();
				resolve(value);
			},
			(error) => {
				stop();
				reject(error);
			}
		);
	});
}

type ActiveRun = { abort(reason: Error): void };

/** At most this much memory is kept between runs for the next to reuse. */
const SPARE_BYTES = 768 * 2 ** 20;

/**
 * A worker busy with a block of a run that was cancelled or superseded finishes it (the reply is
 * dropped) and then takes the next run's blocks: its compiled code is warm, where a new worker
 * would load and warm up for most of a second. A block that is not back within this long is cut
 * short: the worker is replaced.
 */
const DRAIN_MS = 1000;

export class WorkerPool implements Runner {
	/** null: not started yet, or replaced; started on first use */
	private workers: (WorkerHandle | null)[];
	private runCount = 0;
	private active: ActiveRun | null = null;
	/** settles when the run under way (if any) has; runs wait for it in turn */
	private idle: Promise<unknown> = Promise.resolve();
	/**
	 * The value arrays of the last run, kept for the next to write over (`Accumulator`'s
	 * `allocate`): a page runs the same notebook again and again, and fresh memory is slow to
	 * write the first time. What the next run does not take is let go when it starts.
	 */
	private spareValues: Float64Array[] = [];
	/** per worker: settles when it is free of a block of a run that is over (or was replaced) */
	private draining: (Promise<void> | null)[];

	constructor(
		private readonly factory: WorkerFactory,
		readonly size: number
	) {
		this.workers = Array.from({ length: size }, () => null);
		this.draining = Array.from({ length: size }, () => null);
		for (let index = 0; index < size; index++) this.worker(index); // start warming up now
	}

	private worker(index: number): WorkerHandle {
		let handle = this.workers[index];
		if (!handle) {
			handle = this.workers[index] = this.factory();
		}
		return handle;
	}

	/**
	 * Drops a worker that died, failed or is busy with a run that is over; its replacement starts
	 * when next needed, so a cancel settles at once.
	 */
	private replace(index: number): void {
		this.workers[index]?.terminate();
		this.workers[index] = null;
		setTimeout(() => this.workers.length > 0 && this.worker(index), 0);
	}

	/**
	 * Runs every block of `spec` once the run before it has settled. Resolves with the report, or
	 * with the notebook's error when a block fails; rejects with RunAborted when cancelled (also
	 * while waiting) and with WorkerCrashed when a worker dies.
	 */
	run(spec: RunSpec, handlers: RunHandlers = {}): Promise<Result<Report>> {
		const turn = this.idle.then(() => {
			if (this.workers.length === 0) throw new RunAborted('the pool was closed');
			if (handlers.signal?.aborted) throw new RunAborted('the run was cancelled');
			return this.runNow(spec, handlers);
		});
		// A waiting run that is cancelled rejects at once, without waiting for its turn.
		const cancelled = new Promise<never>((_, reject) => {
			const onAbort = () => reject(new RunAborted('the run was cancelled'));
			if (handlers.signal?.aborted) onAbort();
			handlers.signal?.addEventListener('abort', onAbort, { once: true });
			turn.finally(() => handlers.signal?.removeEventListener('abort', onAbort)).catch(() => {});
		});
		this.idle = turn.catch(() => {});
		return Promise.race([turn, cancelled]);
	}

	private runNow(spec: RunSpec, handlers: RunHandlers): Promise<Result<Report>> {
		const runId = ++this.runCount;
		const started = Date.now();
		const total = blockCount(spec.trials);
		const accumulator = new Accumulator(spec, spec.trials, spec.quantiles, (length) => this.takeSpare(length));
		this.spareValues = [];
		const preview = sketchPreviewAccumulator(spec);
		const failures: BlockFailure[] = [];
		const busy = new Set<number>();
		let next = 0;
		let done = 0;
		let finished = false;
		const spare: (Float64Array[] | undefined)[] = [];
		/** per busy worker, its block's call */
		const calls: Promise<unknown>[] = [];
		let completing = false;
		/** workers that have this run's spec: it crosses to each worker once per run */
		const begun = new Set<WorkerHandle>();

		return new Promise<Result<Report>>((resolve, reject) => {
			const finish = (settle: () => void) => {
				if (finished) return;
				finished = true;
				handlers.signal?.removeEventListener('abort', onAbort);
				if (this.active === run) this.active = null;
				this.keepSpares(accumulator.spareGroups());
				settle();
			};
			const abort = (reason: Error) =>
				finish(() => {
					reject(reason);
					// Busy workers are still computing a block nobody wants: the next run waits for
					// them (DRAIN_MS at most), or runs on the others meanwhile.
					for (const index of busy) this.drain(index, calls[index]);
					busy.clear();
				});
			const run: ActiveRun = { abort };
			const onAbort = () => abort(new RunAborted('the run was cancelled'));
			if (handlers.signal?.aborted) return onAbort();
			handlers.signal?.addEventListener('abort', onAbort, { once: true });
			this.active = run;

			const complete = async () => {
				if (completing) return;
				completing = true;
				if (failures.length > 0) {
					// The lowest failing block: all blocks before it ran, whatever W was.
					const first = failures.reduce((a, b) => (b.block < a.block ? b : a));
					return finish(() => resolve({ ok: false, errors: [failureError(spec, first)] }));
				}
				if (spec.quantiles === 'sketch') {
					try {
						// a worker still finishing a block of an earlier run ran none of this one's
						const sketches = await Promise.all(
							this.freeWorkers().map((index) => {
								const w = this.worker(index);
								return guarded(w, w.api.takeSketch(runId));
							})
						);
						if (finished) return;
						for (const counts of sketches) if (counts) accumulator.mergeSketch(counts);
					} catch (error) {
						return finish(() => reject(new WorkerCrashed(`a worker failed while handing over its results: ${(error as Error).message}`)));
					}
				}
				let report: Report;
				try {
					report = await this.summarize(accumulator, spec, () => ({ ms: Date.now() - started, workers: this.size }));
				} catch (error) {
					return finish(() => reject(new WorkerCrashed(`a worker failed while summarizing the results: ${(error as Error).message}`)));
				}
				handlers.onProgress?.({ done: total, total, trialsReady: spec.trials, elapsedMs: Date.now() - started, preview: () => report });
				finish(() => resolve({ ok: true, value: report }));
			};

			const dispatch = (index: number) => {
				if (finished) return;
				if (failures.length > 0 || next >= total) {
					if (busy.size === 0) void complete();
					return;
				}
				const block = next++;
				const worker = this.worker(index);
				busy.add(index);
				// The worker's last block arrays, copied into the accumulator by now, go back to be
				// written over: no allocation of a new block's worth of memory per block.
				const recycled = spare[index];
				spare[index] = undefined;
				begin(worker);
				const call: Promise<BlockBatch> = worker.api.runBlocks(
					runId,
					[block],
					recycled && Comlink.transfer(recycled, recycled.map((a) => a.buffer as ArrayBuffer))
				);
				const guardedCall = guarded(worker, call);
				calls[index] = guardedCall;
				guardedCall.then(
					(batch) => {
						if (finished) return; // a reply to a run that is over
						busy.delete(index);
						if (!batch.ok) failures.push(batch.failure);
						else {
							const result = batch.results[0];
							accumulator.add(result);
							if (preview && result.groups.length > 0) preview.add(result);
							if (result.groups.length > 0) spare[index] = result.groups;
							done++;
							if (!accumulator.complete) reportProgress();
						}
						dispatch(index);
					},
					(error: unknown) => {
						if (finished) return;
						busy.delete(index);
						this.replace(index);
						const message = error instanceof Error ? error.message : String(error);
						finish(() => reject(new WorkerCrashed(`a worker failed while running trials ${block * BLOCK_SIZE + 1}…: ${message}`)));
					}
				);
			};
			// comlink delivers one worker's calls in order, so the spec arrives before the blocks.
			const begin = (worker: WorkerHandle) => {
				if (begun.has(worker)) return;
				begun.add(worker);
				void worker.api.begin(runId, spec);
			};
			const timing = () => ({ ms: Date.now() - started, workers: this.size });
			// Sketch mode keeps its histograms in the workers until the end; previews come from the
			// first blocks' values, which come back whole (session.ts), summarized exactly.
			const reportProgress = () => {
				const source = preview ?? accumulator;
				handlers.onProgress?.({
					done,
					total,
					trialsReady: source.trialsReady,
					elapsedMs: Date.now() - started,
					preview: () => source.report(spec.meta, timing())
				});
			};
			// When previews are wanted, one worker first runs and summarizes the run's first
			// FIRST_PREVIEW_TRIALS trials on their own, then takes block 0: the first preview comes
			// before any whole block, and costs this thread nothing. The other workers wait for it
			// (a few tens of ms): on a machine with few cores they would halve its speed.
			const firstPreview = (index: number): Promise<unknown> => {
				const worker = this.worker(index);
				begin(worker);
				const made = guarded(worker, worker.api.firstPreview(runId, FIRST_PREVIEW_TRIALS));
				made.then(
					(report) => {
						const source = preview ?? accumulator;
						if (finished || report === null || source.trialsReady >= report.trials) return;
						handlers.onProgress?.({ done, total, trialsReady: report.trials, elapsedMs: Date.now() - started, preview: () => ({ ...report, timing: timing() }) });
					},
					() => {} // a worker that died fails its next call, a block of the run
				);
				dispatch(index);
				return made.catch(() => {});
			};
			const whenFree = (index: number, start: () => unknown) => {
				const draining = this.draining[index];
				if (draining) void draining.then(start);
				else start();
			};
			const startOthers = (except: number | null) => {
				for (const index of this.workers.keys()) if (index !== except) whenFree(index, () => dispatch(index));
			};
			if (handlers.previews === true && total > 1) {
				// a worker free now makes it (one still finishing a block of an earlier run would delay it)
				const previewer = Math.max(0, this.draining.findIndex((draining) => draining === null));
				whenFree(previewer, () => firstPreview(previewer).then(() => startOthers(previewer)));
			} else startOthers(null);
		});
	}

	/**
	 * The final report. In exact mode its statistics — most of the work after the blocks — are
	 * spread over the workers, whole cells to each (transferred, not copied), balanced by size.
	 */
	private async summarize(accumulator: Accumulator, spec: RunSpec, timing: () => Report['timing']): Promise<Report> {
		const taken = accumulator.takeGroups();
		if (!taken) return accumulator.report(spec.meta, timing());
		// spread over the workers not still finishing a block of an earlier run
		const free = this.freeWorkers();
		const shares: number[][] = free.map(() => []);
		const load = free.map(() => 0);
		taken.values.forEach((values, c) => {
			if (taken.kinds[c] === 'none') return;
			const w = load.indexOf(Math.min(...load));
			shares[w].push(c);
			load[w] += values.length;
		});
		const results = await Promise.all(
			shares.map((share, w) => {
				const worker = this.worker(free[w]);
				const groups = share.map((c) => taken.values[c]);
				const kinds = share.map((c) => taken.kinds[c]);
				const weights = share.map((c) => taken.weights[c]);
				return guarded(worker, worker.api.summarize(Comlink.transfer(groups, groups.map((a) => a.buffer as ArrayBuffer)), taken.trials, kinds, weights));
			})
		);
		const summaries: GroupSummary[][] = taken.kinds.map(() => []);
		shares.forEach((share, w) => share.forEach((c, k) => (summaries[c] = results[w].summaries[k])));
		const report = accumulator.finish(summaries, spec.meta, timing());
		// the arrays came back from the workers, and the ones summarized here are done with
		this.keepSpares([...results.flatMap((r) => r.groups), ...taken.values.filter((_, c) => taken.kinds[c] === 'none')]);
		return report;
	}

	/** The workers not finishing a block of a run that is over. */
	private freeWorkers(): number[] {
		return this.workers.map((_, index) => index).filter((index) => !this.draining[index]);
	}

	/** Lets worker `index` finish `call`, a block of a run that is over; replaces it if that takes over DRAIN_MS or fails. */
	private drain(index: number, call: Promise<unknown>): void {
		const worker = this.workers[index];
		let timer: ReturnType<typeof setTimeout> | undefined;
		const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DRAIN_MS)));
		const drained: Promise<void> = Promise.race([call.then(() => 'back' as const, () => 'failed' as const), late]).then((outcome) => {
			clearTimeout(timer);
			if (this.draining[index] === drained) this.draining[index] = null;
			if (outcome !== 'back' && this.workers[index] === worker) this.replace(index);
		});
		this.draining[index] = drained;
	}

	/** A spare array of `length` values from an earlier run, or a new one. */
	private takeSpare(length: number): Float64Array {
		const index = this.spareValues.findIndex((values) => values.length === length);
		return index < 0 ? new Float64Array(length) : this.spareValues.splice(index, 1)[0];
	}

	/** Keeps `arrays` for the next run, up to SPARE_BYTES in all. */
	private keepSpares(arrays: Float64Array[]): void {
		let bytes = this.spareValues.reduce((sum, values) => sum + values.byteLength, 0);
		for (const values of arrays) {
			if (values.byteLength === 0 || bytes + values.byteLength > SPARE_BYTES) continue; // detached, or too much
			this.spareValues.push(values);
			bytes += values.byteLength;
		}
	}

	close(): void {
		this.active?.abort(new RunAborted('the pool was closed'));
		for (const worker of this.workers) worker?.terminate();
		this.workers = [];
		this.draining = [];
		this.spareValues = [];
	}
}
