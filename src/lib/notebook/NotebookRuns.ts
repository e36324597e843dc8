// Running a notebook's model for the page: the latest run wins. Starting a run aborts the one
// under way and drops every later reply of older runs; previews of the run under way follow
// `previewPolicy`. The runner and the clock are handed in, so this runs in tests as it does in
// the browser's pool. State goes to a `RunSink` (the session's reactive fields).
//
// Charts never blank: starting a run does not withdraw the preview on screen (an older run's
// counts). It stays, marked stale by its key, until the new run's first preview or its result
// replaces it; a run that fails, is cancelled or crashes withdraws it only when a complete
// report is there to fall back on.
import { blockCount } from '$lib/engine/rng';
import type { RunSpec } from '$lib/engine/block';
import { RunAborted, type Runner } from '$lib/engine/run/runner';
import type { NotebookError, Report, Result } from '$lib/engine/types';
import { previewPolicy, type PreviewOptions } from './previewPolicy';

export type RunState =
	| { kind: 'idle' }
	| { kind: 'running'; done: number; total: number; trials: number }
	| { kind: 'done'; trials: number; ms: number; workers: number }
	/** The notebook has errors and cannot run; they are shown on their cells. */
	| { kind: 'invalid' }
	/** The notebook failed while running (a value that is not a number, …); errors on their cells. */
	| { kind: 'failed' }
	| { kind: 'cancelled' }
	| { kind: 'crashed'; message: string };

/** A report and the model it belongs to (the session's `modelKey`). */
export type KeyedReport = { report: Report; key: string };
/** A run's errors and the model they belong to. */
export type KeyedErrors = { key: string; errors: NotebookError[] };

/** Where the runs' results go. */
export type RunSink = {
	state(state: RunState): void;
	/** the running run's preview; null when there is none (any more) */
	partial(report: KeyedReport | null): void;
	/** the last complete good report */
	complete(report: KeyedReport): void;
	/** the errors of the last run that failed; null after one that did not */
	runErrors(errors: KeyedErrors | null): void;
};

export class NotebookRuns {
	#id = 0;
	#controller: AbortController | null = null;
	/** A complete report has reached the sink (the fallback when a preview is withdrawn). */
	#hasComplete = false;

	constructor(
		/** the runner, asked for when the first run starts */
		private readonly runner: () => Runner,
		private readonly sink: RunSink,
		private readonly preview: PreviewOptions = {}
	) {}

	/**
	 * Runs `prepared` (the model of `key`) now, superseding any run under way. A notebook that
	 * cannot run only says so. Settles when the run has (its outcome is in the sink by then).
	 */
	async start(prepared: Result<RunSpec>, key: string): Promise<void> {
		const id = ++this.#id;
		this.#controller?.abort();
		this.#controller = null;
		if (!prepared.ok) {
			this.sink.state({ kind: 'invalid' });
			return;
		}
		const spec = prepared.value;
		const controller = new AbortController();
		this.#controller = controller;
		const current = () => id === this.#id;
		const trials = spec.trials;
		this.sink.state({ kind: 'running', done: 0, total: blockCount(trials), trials });
		const previewNow = previewPolicy(this.preview);
		let result: Result<Report>;
		try {
			result = await this.runner().run(spec, {
				signal: controller.signal,
				previews: true,
				onProgress: (progress) => {
					if (!current()) return;
					this.sink.state({ kind: 'running', done: progress.done, total: progress.total, trials });
					const report = previewNow(progress);
					if (report !== null && current()) this.sink.partial({ report, key });
				}
			});
		} catch (error) {
			if (!current()) return;
			this.#controller = null;
			this.#withdrawPreview();
			if (error instanceof RunAborted || (error as Error)?.name === 'AbortError') this.sink.state({ kind: 'cancelled' });
			else this.sink.state({ kind: 'crashed', message: (error as Error)?.message ?? String(error) });
			return;
		}
		if (!current()) return;
		this.#controller = null;
		if (result.ok) {
			this.sink.partial(null);
			this.sink.complete({ report: result.value, key });
			this.#hasComplete = true;
			this.sink.runErrors(null);
			const { trials: done, timing } = result.value;
			this.sink.state({ kind: 'done', trials: done, ms: timing.ms, workers: timing.workers });
		} else {
			this.#withdrawPreview();
			this.sink.runErrors({ key, errors: result.errors });
			this.sink.state({ kind: 'failed' });
		}
	}

	/** A run ended without a report: back to the last complete one, if any; else the preview stays. */
	#withdrawPreview(): void {
		if (this.#hasComplete) this.sink.partial(null);
	}

	/** Cancels the run under way, if any (its state becomes `cancelled`). */
	cancel(): void {
		this.#controller?.abort();
	}

	/** Aborts the run under way and ignores whatever it still says. */
	dispose(): void {
		this.#id++;
		this.#controller?.abort();
		this.#controller = null;
	}
}
