// A pool of W workers running the blocks of one run at a time. Blocks are handed out one by one
// and merged by block index, so the report is the same for any W. The pool is transport-agnostic:
// web workers and Node worker_threads differ only in the factory that makes a WorkerHandle.
import type { Remote } from 'comlink';
import { Accumulator, blockCount } from '../engine/accumulator';
import type { BlockFailure } from '../engine/block';
import type { RunSpec } from '../engine/block';
import type { BlockBatch } from '../engine/session';
import { failureError } from '../engine/simulate';
import { BLOCK_SIZE } from '../engine/rng';
import type { Report, Result } from '../engine/types';
import type { BlockWorkerApi } from './blockWorkerApi';

export type WorkerHandle = {
	api: Remote<BlockWorkerApi>;
	/**
	 * Rejects when the worker dies or fails outside a call. comlink never settles a pending call of
	 * a worker that is gone, so every call is raced against this.
	 */
	failed: Promise<never>;
	terminate(): void;
};

export type WorkerFactory = () => WorkerHandle;

export type RunHandlers = {
	signal?: AbortSignal;
	/** after each block: blocks done and in all */
	onProgress?: (done: number, total: number) => void;
	/** a report of the blocks done so far (from block 0 without a gap), at most every `partialEveryMs` */
	onPartial?: (report: Report) => void;
	partialEveryMs?: number;
};

export class RunAborted extends Error {
	override name = 'AbortError';
}

export class WorkerCrashed extends Error {}

type ActiveRun = { abort(reason: Error): void };

export class WorkerPool {
	/** null: not started yet, or replaced; started on first use */
	private workers: (WorkerHandle | null)[];
	private runCount = 0;
	private active: ActiveRun | null = null;

	constructor(
		private readonly factory: WorkerFactory,
		readonly size: number
	) {
		this.workers = Array.from({ length: size }, () => null);
		for (let index = 0; index < size; index++) this.worker(index); // start warming up now
	}

	private worker(index: number): WorkerHandle {
		let handle = this.workers[index];
		if (!handle) {
			handle = this.workers[index] = this.factory();
			handle.failed.catch(() => {}); // observed per call; never an unhandled rejection
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
	 * Runs every block of `spec`. Resolves with the report, or with the notebook's error when a
	 * block fails; rejects with RunAborted when cancelled or superseded by a newer run, and with
	 * WorkerCrashed when a worker dies.
	 */
	run(spec: RunSpec, handlers: RunHandlers = {}): Promise<Result<Report>> {
		this.active?.abort(new RunAborted('superseded by a newer run'));
		const runId = ++this.runCount;
		const started = Date.now();
		const total = blockCount(spec.trials);
		const accumulator = new Accumulator(spec.plan, spec.trials, spec.quantiles);
		const failures: BlockFailure[] = [];
		const busy = new Set<number>();
		let next = 0;
		let done = 0;
		let finished = false;
		let lastPartial = started;

		return new Promise<Result<Report>>((resolve, reject) => {
			const finish = (settle: () => void) => {
				if (finished) return;
				finished = true;
				handlers.signal?.removeEventListener('abort', onAbort);
				if (this.active === run) this.active = null;
				settle();
			};
			const abort = (reason: Error) =>
				finish(() => {
					reject(reason);
					// Busy workers are still computing a block nobody wants: replace them so the
					// pool is ready for the next run at once.
					for (const index of busy) this.replace(index);
					busy.clear();
				});
			const run: ActiveRun = { abort };
			const onAbort = () => abort(new RunAborted('the run was cancelled'));
			if (handlers.signal?.aborted) return onAbort();
			handlers.signal?.addEventListener('abort', onAbort, { once: true });
			this.active = run;

			const complete = async () => {
				if (failures.length > 0) {
					// The lowest failing block: all blocks before it ran, whatever W was.
					const first = failures.reduce((a, b) => (b.block < a.block ? b : a));
					return finish(() => resolve({ ok: false, errors: [failureError(spec.plan, first, spec.trials)] }));
				}
				if (spec.quantiles === 'sketch') {
					try {
						const sketches = await Promise.all(
							this.workers.map((_, index) => {
								const w = this.worker(index);
								return Promise.race([w.api.takeSketch(runId), w.failed]);
							})
						);
						if (finished) return;
						for (const counts of sketches) if (counts) accumulator.mergeSketch(counts);
					} catch (error) {
						return finish(() => reject(new WorkerCrashed(`a worker failed while handing over its results: ${(error as Error).message}`)));
					}
				}
				finish(() => resolve({ ok: true, value: accumulator.report(spec.meta, { ms: Date.now() - started, workers: this.size }) }));
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
				Promise.race([worker.api.runBlocks(runId, spec, [block]), worker.failed]).then(
					(batch) => {
						if (finished) return; // a reply to a run that is over
						busy.delete(index);
						if (!batch.ok) failures.push(batch.failure);
						else {
							accumulator.add(batch.values[0]);
							done++;
							handlers.onProgress?.(done, total);
							this.maybePartial(accumulator, spec, handlers, () => {
								const now = Date.now();
								if (now - lastPartial < (handlers.partialEveryMs ?? 250) || accumulator.complete) return null;
								lastPartial = now;
								return now - started;
							});
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
			for (let index = 0; index < this.workers.length; index++) dispatch(index);
		});
	}

	private maybePartial(accumulator: Accumulator, spec: RunSpec, handlers: RunHandlers, due: () => number | null) {
		// Sketch mode has no partial reports: the histograms stay in the workers until the end.
		if (!handlers.onPartial || accumulator.trialsReady === 0 || accumulator.mode === 'sketch') return;
		const elapsed = due();
		if (elapsed === null) return;
		handlers.onPartial(accumulator.report(spec.meta, { ms: elapsed, workers: this.size }));
	}

	close(): void {
		this.active?.abort(new RunAborted('the pool was closed'));
		for (const worker of this.workers) worker?.terminate();
		this.workers = [];
	}
}
