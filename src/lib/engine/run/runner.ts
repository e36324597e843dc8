// The one interface every way of running a notebook implements: in this thread (`inThreadRunner`),
// or over a pool of web workers or Node worker_threads (`WorkerPool`). Callers never branch on
// which: they hand over a prepared run and get its report, progress and previews on the way.
import type { RunSpec } from '../block';
import type { Report, Result } from '../types';

/** How far a run has come. `preview()` is the report so far, made only when asked for. */
export type RunProgress = {
	/** blocks done, and in all */
	done: number;
	total: number;
	/**
	 * trials a preview would cover: the blocks done without a gap from block 0 (sketch mode: at
	 * most the first PREVIEW_BLOCKS); before block 0 is in, a worker's first FIRST_PREVIEW_TRIALS
	 * when previews were asked for (`done` is then 0)
	 */
	trialsReady: number;
	elapsedMs: number;
	/**
	 * The report over `trialsReady` trials, exactly as a run of that many trials would give it.
	 * It is made in the caller's thread and costs about what a final report over those trials
	 * costs, so when to ask for one is the caller's policy.
	 */
	preview(): Report;
};

/** The part of an AbortSignal a runner uses (the engine is built without DOM or Node types). */
export type RunSignal = {
	readonly aborted: boolean;
	addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
	removeEventListener(type: 'abort', listener: () => void): void;
};

export type RunHandlers = {
	/** aborting rejects the run with RunAborted at once */
	signal?: RunSignal;
	onProgress?: (progress: RunProgress) => void;
	/**
	 * The caller will ask for previews: a pool then has one worker run and summarize the run's
	 * first FIRST_PREVIEW_TRIALS trials before any block, so the first preview (the one that shows
	 * an edit) comes early and costs the caller's thread nothing.
	 */
	previews?: boolean;
};

/**
 * Runs prepared notebooks. `run` resolves with the report or with the notebook's own errors (a
 * run error names cell, cycle and trials); it rejects only when the run is cancelled (RunAborted)
 * or the machinery fails (WorkerCrashed). Runs given while another is under way wait their turn.
 */
export interface Runner {
	run(spec: RunSpec, handlers?: RunHandlers): Promise<Result<Report>>;
	close(): void;
}

export class RunAborted extends Error {
	override name = 'AbortError';
}

export class WorkerCrashed extends Error {}
