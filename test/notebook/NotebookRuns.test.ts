import { describe, expect, it } from 'vitest';
import type { RunSpec } from '$lib/engine/block';
import { RunAborted, type RunHandlers, type RunProgress, type Runner } from '$lib/engine/run/runner';
import type { NotebookError, Report, Result } from '$lib/engine/types';
import { NotebookRuns, type KeyedErrors, type KeyedReport, type RunSink, type RunState } from '$lib/notebook/NotebookRuns';
import { previewPolicy } from '$lib/notebook/previewPolicy';

const spec = (trials: number) => ({ trials }) as unknown as RunSpec;
const report = (label: string, trials = 1000) => ({ title: label, trials, timing: { ms: 5, workers: 2 } }) as unknown as Report;

/** A runner whose runs the test settles by hand. */
class FakeRunner implements Runner {
	calls: { spec: RunSpec; handlers: RunHandlers; resolve: (r: Result<Report>) => void; reject: (e: unknown) => void }[] = [];
	run(spec: RunSpec, handlers: RunHandlers = {}): Promise<Result<Report>> {
		return new Promise((resolve, reject) => {
			handlers.signal?.addEventListener('abort', () => reject(new RunAborted('aborted')));
			this.calls.push({ spec, handlers, resolve, reject });
		});
	}
	close(): void {}
}

/** Records what reaches the sink. */
function recorder() {
	const seen = { states: [] as RunState[], partial: null as KeyedReport | null, complete: null as KeyedReport | null, runErrors: null as KeyedErrors | null };
	const sink: RunSink = {
		state: (state) => seen.states.push(state),
		partial: (report) => (seen.partial = report),
		complete: (report) => (seen.complete = report),
		runErrors: (errors) => (seen.runErrors = errors)
	};
	return { seen, sink, last: () => seen.states[seen.states.length - 1] };
}

const runError: NotebookError = { file: 'f', line: 3, cell: 'users', code: 'run', message: 'users is not a number' };

describe('NotebookRuns: the latest run wins', () => {
	it('aborts the run under way when another starts, and ignores the older reply', async () => {
		const runner = new FakeRunner();
		const { seen, sink, last } = recorder();
		const runs = new NotebookRuns(() => runner, sink);
		const first = runs.start({ ok: true, value: spec(2000) }, 'one');
		const second = runs.start({ ok: true, value: spec(3000) }, 'two');
		expect(runner.calls).toHaveLength(2);
		expect(runner.calls[0].handlers.signal?.aborted).toBe(true);
		expect(runner.calls[1].handlers.signal?.aborted).toBe(false);
		// the older run still reports progress and a result: nobody listens
		runner.calls[0].handlers.onProgress?.({ done: 1, total: 2, trialsReady: 1000, elapsedMs: 1, preview: () => report('old') });
		runner.calls[1].resolve({ ok: true, value: report('new', 3000) });
		await Promise.all([first, second]);
		expect(seen.complete).toEqual({ report: report('new', 3000), key: 'two' });
		expect(last()).toEqual({ kind: 'done', trials: 3000, ms: 5, workers: 2 });
		expect(seen.states.some((s) => s.kind === 'cancelled')).toBe(false);
		expect(seen.states.filter((s) => s.kind === 'running' && s.trials === 2000)).toHaveLength(1); // only its start
	});

	it('keeps a failed run\'s errors with the model they belong to, and the last good report', async () => {
		const runner = new FakeRunner();
		const { seen, sink, last } = recorder();
		const runs = new NotebookRuns(() => runner, sink);
		const good = runs.start({ ok: true, value: spec(1000) }, 'good');
		runner.calls[0].resolve({ ok: true, value: report('good') });
		await good;
		const bad = runs.start({ ok: true, value: spec(1000) }, 'bad');
		runner.calls[1].resolve({ ok: false, errors: [runError] });
		await bad;
		expect(last()).toEqual({ kind: 'failed' });
		expect(seen.runErrors).toEqual({ key: 'bad', errors: [runError] });
		expect(seen.complete?.key).toBe('good');
		// a good run clears them
		const again = runs.start({ ok: true, value: spec(1000) }, 'good');
		runner.calls[2].resolve({ ok: true, value: report('good') });
		await again;
		expect(seen.runErrors).toBeNull();
	});

	it('says invalid without running a notebook that cannot run', async () => {
		const runner = new FakeRunner();
		const { sink, last } = recorder();
		await new NotebookRuns(() => runner, sink).start({ ok: false, errors: [runError] }, 'x');
		expect(runner.calls).toHaveLength(0);
		expect(last()).toEqual({ kind: 'invalid' });
	});

	it('says cancelled when cancelled, and crashed with the message when the runner fails', async () => {
		const runner = new FakeRunner();
		const { sink, last } = recorder();
		const runs = new NotebookRuns(() => runner, sink);
		const cancelled = runs.start({ ok: true, value: spec(1000) }, 'a');
		runs.cancel();
		await cancelled;
		expect(last()).toEqual({ kind: 'cancelled' });
		const crashed = runs.start({ ok: true, value: spec(1000) }, 'a');
		runner.calls[1].reject(new Error('a worker died'));
		await crashed;
		expect(last()).toEqual({ kind: 'crashed', message: 'a worker died' });
	});

	it('after dispose, ignores the run under way', async () => {
		const runner = new FakeRunner();
		const { seen, sink } = recorder();
		const runs = new NotebookRuns(() => runner, sink);
		const run = runs.start({ ok: true, value: spec(1000) }, 'a');
		runs.dispose();
		await run;
		expect(runner.calls[0].handlers.signal?.aborted).toBe(true);
		expect(seen.states.map((s) => s.kind)).toEqual(['running']);
	});

	it('shows a preview of the run under way and drops it when the run ends', async () => {
		const runner = new FakeRunner();
		const { seen, sink } = recorder();
		let now = 0;
		const runs = new NotebookRuns(() => runner, sink, { everyMs: 250, unlessDueMs: 1000, clock: () => now });
		const run = runs.start({ ok: true, value: spec(100_000) }, 'k');
		now = 300;
		runner.calls[0].handlers.onProgress?.({ done: 2, total: 100, trialsReady: 2000, elapsedMs: 300, preview: () => report('preview', 2000) });
		expect(seen.partial).toEqual({ report: report('preview', 2000), key: 'k' });
		runner.calls[0].resolve({ ok: true, value: report('final', 100_000) });
		await run;
		expect(seen.partial).toBeNull();
	});
});

describe('NotebookRuns: charts never blank', () => {
	const preview = (label: string, trials: number) => ({ done: 2, total: 100, trialsReady: trials, elapsedMs: 300, preview: () => report(label, trials) });

	it('keeps an older run\'s preview on screen until the new run\'s first preview arrives', async () => {
		const runner = new FakeRunner();
		const { seen, sink } = recorder();
		let now = 0;
		const runs = new NotebookRuns(() => runner, sink, { everyMs: 250, unlessDueMs: 1000, clock: () => now });
		const first = runs.start({ ok: true, value: spec(20_000) }, 'one');
		now = 300;
		runner.calls[0].handlers.onProgress?.(preview('first preview', 2000));
		expect(seen.partial).toEqual({ report: report('first preview', 2000), key: 'one' });
		// an edit while the first run streams: its preview stays (the session marks it stale by its key)
		const second = runs.start({ ok: true, value: spec(20_000) }, 'two');
		expect(seen.partial).toEqual({ report: report('first preview', 2000), key: 'one' });
		expect(seen.complete).toBeNull();
		now = 700;
		runner.calls[1].handlers.onProgress?.(preview('second preview', 2000));
		expect(seen.partial).toEqual({ report: report('second preview', 2000), key: 'two' });
		runner.calls[1].resolve({ ok: true, value: report('second', 20_000) });
		await Promise.all([first, second]);
		expect(seen.partial).toBeNull();
		expect(seen.complete).toEqual({ report: report('second', 20_000), key: 'two' });
	});

	it('keeps an older run\'s preview until the new run\'s result when the new one shows no preview', async () => {
		const runner = new FakeRunner();
		const { seen, sink } = recorder();
		let now = 0;
		const runs = new NotebookRuns(() => runner, sink, { everyMs: 250, unlessDueMs: 1000, clock: () => now });
		const first = runs.start({ ok: true, value: spec(20_000) }, 'one');
		now = 300;
		runner.calls[0].handlers.onProgress?.(preview('first preview', 2000));
		const second = runs.start({ ok: true, value: spec(1000) }, 'two');
		expect(seen.partial?.key).toBe('one');
		runner.calls[1].resolve({ ok: true, value: report('second', 1000) });
		await Promise.all([first, second]);
		expect(seen.partial).toBeNull();
		expect(seen.complete?.key).toBe('two');
	});

	it('keeps the preview on screen when a run ends without a report and none is complete; falls back to a complete one', async () => {
		const runner = new FakeRunner();
		const { seen, sink } = recorder();
		let now = 0;
		const runs = new NotebookRuns(() => runner, sink, { everyMs: 250, unlessDueMs: 1000, clock: () => now });
		const first = runs.start({ ok: true, value: spec(20_000) }, 'one');
		now = 300;
		runner.calls[0].handlers.onProgress?.(preview('first preview', 2000));
		// an invalid edit, then a cancelled run, then a failed one: the preview stays
		await runs.start({ ok: false, errors: [runError] }, 'broken');
		expect(seen.partial?.key).toBe('one');
		const cancelled = runs.start({ ok: true, value: spec(20_000) }, 'two');
		runs.cancel();
		await cancelled;
		expect(seen.partial?.key).toBe('one');
		const failed = runs.start({ ok: true, value: spec(20_000) }, 'three');
		runner.calls[2].resolve({ ok: false, errors: [runError] });
		await failed;
		expect(seen.partial?.key).toBe('one');
		// once a run is complete, a cancelled run's preview gives way to it
		const good = runs.start({ ok: true, value: spec(1000) }, 'good');
		runner.calls[3].resolve({ ok: true, value: report('good') });
		await good;
		const next = runs.start({ ok: true, value: spec(20_000) }, 'next');
		now = 2000;
		runner.calls[4].handlers.onProgress?.(preview('next preview', 2000));
		expect(seen.partial?.key).toBe('next');
		runs.cancel();
		await Promise.all([first, next]);
		expect(seen.partial).toBeNull();
		expect(seen.complete?.key).toBe('good');
	});
});

describe('previewPolicy: when a run under way shows a preview', () => {
	/** A progress whose preview counts its calls and takes `cost` ms of the fake clock. */
	function setup(options: { everyMs?: number; unlessDueMs?: number } = {}) {
		const clock = { now: 0 };
		const policy = previewPolicy({ ...options, clock: () => clock.now });
		let previews = 0;
		const at = (ms: number, done: number, total: number, trialsReady: number, cost = 0): boolean => {
			clock.now = ms;
			const progress: RunProgress = {
				done,
				total,
				trialsReady,
				elapsedMs: ms,
				preview: () => {
					previews++;
					clock.now += cost;
					return report(`preview of ${trialsReady}`, trialsReady);
				}
			};
			return policy(progress) !== null;
		};
		return { at, previews: () => previews };
	}

	it('waits for the trials ready to double since the last preview', () => {
		const { at } = setup();
		expect(at(300, 1, 100, 1000)).toBe(true);
		expect(at(600, 2, 100, 1999)).toBe(false);
		expect(at(900, 2, 100, 2000)).toBe(true);
		expect(at(1200, 3, 100, 3000)).toBe(false);
		expect(at(1500, 4, 100, 4000)).toBe(true);
	});

	it('shows the first as soon as there are trials to show (a worker\'s first 100, before any block), then one at most every 250 ms by default', () => {
		const { at } = setup();
		expect(at(60, 0, 100, 0)).toBe(false);
		expect(at(70, 0, 100, 100)).toBe(true);
		expect(at(330, 1, 100, 1000)).toBe(true);
		expect(at(400, 1, 100, 1000)).toBe(false);
	});

	it('shows the first as soon as a block is in, then one at most every 250 ms by default', () => {
		const { at } = setup();
		expect(at(60, 0, 100, 0)).toBe(false);
		expect(at(80, 1, 100, 1000)).toBe(true);
		expect(at(200, 2, 100, 2000)).toBe(false);
		expect(at(330, 2, 100, 2000)).toBe(true);
		expect(at(400, 8, 100, 8000)).toBe(false);
		expect(at(580, 8, 100, 8000)).toBe(true);
	});

	it('waits ten times the last preview\'s cost', () => {
		const { at } = setup();
		expect(at(300, 1, 100, 1000, 100)).toBe(true); // took 100 ms: the next not before 400 + 1000
		expect(at(1000, 4, 100, 4000)).toBe(false);
		expect(at(1399, 4, 100, 4000)).toBe(false);
		expect(at(1400, 4, 100, 4000)).toBe(true);
	});

	it('shows none when the run is projected to end within unlessDueMs, nor at the end', () => {
		const { at, previews } = setup({ unlessDueMs: 1000 });
		// 300 ms for 3 of 10 blocks: 700 ms to go
		expect(at(300, 3, 10, 3000)).toBe(false);
		// 300 ms for 1 of 10 blocks: 2,700 ms to go
		expect(at(300, 1, 10, 1000)).toBe(true);
		expect(at(5000, 10, 10, 10_000)).toBe(false);
		expect(previews()).toBe(1);
	});

	it('before any block is in, projects the rest as if the time so far were one block\'s', () => {
		const { at } = setup({ unlessDueMs: 300 });
		// a quick run: its first 100 trials in 20 ms, 4 blocks → ~80 ms to go: no preview
		expect(at(20, 0, 4, 100)).toBe(false);
		const slow = setup({ unlessDueMs: 300 });
		// 100 ms, 10 blocks → ~1 s to go: the preview shows
		expect(slow.at(100, 0, 10, 100)).toBe(true);
	});
});
