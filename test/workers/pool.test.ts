import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { prepareRun, runSpec, type RunOptions } from '../../src/lib/engine/simulate';
import type { Report } from '../../src/lib/engine/types';
import { bundleWorker, createNodePool, nodeWorker } from '../../src/lib/workers/nodeWorkers';
import { createBlockWorkerApi } from '../../src/lib/workers/blockWorkerApi';
import { FIRST_PREVIEW_TRIALS } from '../../src/lib/engine/session';
import { RunAborted, WorkerCrashed, type RunProgress } from '../../src/lib/engine/run/runner';
import { WorkerPool } from '../../src/lib/workers/pool';

function read(file: string) {
	const parsed = parseNotebook(readFileSync(`simulations/${file}`, 'utf8'), file);
	if (!parsed.ok) throw new Error(`${file} does not parse`);
	return parsed.value;
}
/** The default notebook (events, scenarios, sensitivity, funding): where equal reports are checked. */
const rich = read('social-network-mvp.yaml');
/** A dozen cells: the pool's mechanics (progress, previews, turns, faults) at a tenth of the cost. */
const small = read('growth-runway.yaml');

function spec(options: RunOptions, notebook = small) {
	const prepared = prepareRun(notebook, options);
	if (!prepared.ok) throw new Error(prepared.errors[0].message);
	return prepared.value;
}

function report(result: Awaited<ReturnType<WorkerPool['run']>>): Report {
	if (!result.ok) throw new Error(result.errors[0].message);
	return result.value;
}

const results = (r: Report) => ({ cells: r.cells, runway: r.runway, histograms: r.histograms });

/** A hash of everything in a block's results, typed arrays by their bytes (toEqual compares ~4M values one by one: seconds). */
function digest(batch: unknown): string {
	const hash = createHash('sha256');
	const walk = (value: unknown): void => {
		if (ArrayBuffer.isView(value)) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
		else if (Array.isArray(value)) value.forEach(walk);
		else if (value !== null && typeof value === 'object') for (const [key, v] of Object.entries(value)) (hash.update(key), walk(v));
		else hash.update(String(value));
	};
	walk(batch);
	return hash.digest('hex');
}

describe('WorkerPool over Node worker_threads', () => {
	let pool: WorkerPool;
	beforeAll(async () => {
		pool = await createNodePool(2);
	});
	afterAll(() => pool.close());

	it('gives the same report as one thread, for any number of workers', async () => {
		// three blocks, the last a part of one, which two workers share unevenly
		const s = spec({ trials: 2100, seed: 3 }, rich);
		const inThread = runSpec(s);
		const pooled = report(await pool.run(s));
		const single = await createNodePool(1);
		try {
			expect(results(report(await single.run(s)))).toEqual(results(pooled));
		} finally {
			single.close();
		}
		expect(results(pooled)).toEqual(results(report(inThread)));
		expect(pooled.timing.workers).toBe(2);
	});

	it('reports progress after every block, ending at the total', async () => {
		const seen: [number, number][] = [];
		await pool.run(spec({ trials: 5000, seed: 1 }), { onProgress: ({ done, total }) => seen.push([done, total]) });
		expect(seen).toEqual([1, 2, 3, 4, 5].map((done) => [done, 5]));
	});

	/** Asks for a preview at every progress report before the last that has trials to show. */
	const previews = (into: Report[]) => ({ onProgress: (p: RunProgress) => p.done < p.total && p.trialsReady > 0 && into.push(p.preview()) });

	it("a worker's first preview is the report of a run of the run's first 100 trials (FIRST_PREVIEW_TRIALS), its blocks untouched", () => {
		const api = createBlockWorkerApi();
		const s = spec({ trials: 5000, seed: 9 }, rich);
		api.begin(1, s);
		const first = api.firstPreview(1, FIRST_PREVIEW_TRIALS)!;
		expect(first.trials).toBe(100);
		expect(results(first)).toEqual(results(report(runSpec(spec({ trials: 100, seed: 9 }, rich)))));
		const block = api.runBlocks(1, [0]);
		const alone = createBlockWorkerApi();
		alone.begin(1, s);
		expect(digest(block)).toBe(digest(alone.runBlocks(1, [0])));
	});

	it('a first preview of trials that fail is null (their block reports the failure)', () => {
		const api = createBlockWorkerApi();
		const failing = parseNotebook(readFileSync('test/fixtures/runtime-error.yaml', 'utf8'), 'runtime-error.yaml');
		if (!failing.ok) throw new Error('the fixture does not parse');
		api.begin(1, spec({ trials: 5000, seed: 1 }, failing.value));
		expect(api.firstPreview(1, FIRST_PREVIEW_TRIALS)).toBeNull();
		expect(api.runBlocks(1, [0]).ok).toBe(false);
	});

	it('previews on request, equal to full runs of the trials they cover', async () => {
		const partials: Report[] = [];
		const final = report(await pool.run(spec({ trials: 8000, seed: 9 }), previews(partials)));
		expect(partials.length).toBeGreaterThan(0);
		const first = partials[0];
		expect(first.trials).toBeLessThan(8000);
		expect(first.trials % 1000).toBe(0);
		// Streams are per block, so the first k blocks of a run are a run of k blocks.
		expect(results(first)).toEqual(results(report(runSpec(spec({ trials: first.trials, seed: 9 })))));
		expect(final.trials).toBe(8000);
	});

	it("with previews wanted, the first comes from a worker's first 100 trials before any block, then this thread's; each equal to a run of its trials", async () => {
		// one worker: it makes the first preview, then runs the blocks in order
		const single = await createNodePool(1);
		try {
			const partials: Report[] = [];
			const seen: number[] = [];
			const final = report(
				await single.run(spec({ trials: 2000, seed: 9 }, rich), {
					previews: true,
					onProgress: (p) => {
						seen.push(p.done);
						if (p.done < p.total && p.trialsReady > 0) partials.push(p.preview());
					}
				})
			);
			expect(seen).toEqual([0, 1, 2]);
			expect(partials.map((p) => p.trials)).toEqual([100, 1000]);
			for (const partial of partials) expect(results(partial)).toEqual(results(report(runSpec(spec({ trials: partial.trials, seed: 9 }, rich)))));
			expect(results(final)).toEqual(results(report(runSpec(spec({ trials: 2000, seed: 9 }, rich)))));
		} finally {
			single.close();
		}
	});

	it('previews a sketch-mode run from its first blocks, exactly', async () => {
		const partials: Report[] = [];
		const final = report(await pool.run(spec({ trials: 12000, seed: 9, quantiles: 'sketch' }), previews(partials)));
		expect(final.quantiles).toBe('sketch');
		expect(partials.length).toBeGreaterThan(0);
		for (const partial of partials) {
			expect(partial.quantiles).toBe('exact');
			expect(partial.trials).toBeLessThanOrEqual(8000);
		}
		const first = partials[0];
		expect(results(first)).toEqual(results(report(runSpec(spec({ trials: first.trials, seed: 9, quantiles: 'exact' })))));
	});

	it('stops within 100 ms of an abort and is ready for the next run at once', async () => {
		const controller = new AbortController();
		const running = pool.run(spec({ trials: 200000, seed: 4 }, rich), { signal: controller.signal });
		await new Promise((resolve) => setTimeout(resolve, 300));
		const abortedAt = performance.now();
		controller.abort();
		await expect(running).rejects.toBeInstanceOf(RunAborted);
		expect(performance.now() - abortedAt).toBeLessThan(100);
		const next = report(await pool.run(spec({ trials: 2000, seed: 4 })));
		expect(results(next)).toEqual(results(report(runSpec(spec({ trials: 2000, seed: 4 })))));
	});

	it('runs given at once take turns, each unchanged', async () => {
		const older = pool.run(spec({ trials: 5000, seed: 6 }));
		const newer = pool.run(spec({ trials: 3000, seed: 7 }));
		expect(results(report(await older))).toEqual(results(report(runSpec(spec({ trials: 5000, seed: 6 })))));
		expect(results(report(await newer))).toEqual(results(report(runSpec(spec({ trials: 3000, seed: 7 })))));
	});

	it('a run cancelled while it waits for its turn rejects at once; the one before it goes on', async () => {
		const controller = new AbortController();
		const first = pool.run(spec({ trials: 20000, seed: 6 }));
		const waiting = pool.run(spec({ trials: 3000, seed: 7 }), { signal: controller.signal });
		controller.abort();
		await expect(waiting).rejects.toBeInstanceOf(RunAborted);
		expect(report(await first).trials).toBe(20000);
	});

	it('a run writing over the arrays of the runs before it (finished, cancelled) gives the report of a fresh run, previews too', async () => {
		// one worker: blocks come back in order, so the run under test has previews for certain
		const single = await createNodePool(1);
		try {
			// two blocks, the second a part of one (a preview after the first)
			const trials = 1100;
			report(await single.run(spec({ trials, seed: 21 }, rich)));
			const controller = new AbortController();
			const cancelled = single.run(spec({ trials, seed: 22 }, rich), {
				signal: controller.signal,
				onProgress: ({ done }) => done === 1 && controller.abort()
			});
			await expect(cancelled).rejects.toBeInstanceOf(RunAborted);
			const partials: Report[] = [];
			const reused = report(await single.run(spec({ trials, seed: 23 }, rich), previews(partials)));
			expect(results(reused)).toEqual(results(report(runSpec(spec({ trials, seed: 23 }, rich)))));
			expect(partials.map((p) => p.trials)).toEqual([1000]);
			expect(results(partials[0])).toEqual(results(report(runSpec(spec({ trials: 1000, seed: 23 }, rich)))));
		} finally {
			single.close();
		}
	});

	it('rejects a run that was aborted before it started', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(pool.run(spec({ trials: 1000 }), { signal: controller.signal })).rejects.toBeInstanceOf(RunAborted);
	});
});

describe('WorkerPool faults', () => {
	const faulty = new URL('./faultyWorker.ts', import.meta.url);

	/** A pool of the faulty worker that counts the workers it starts. */
	async function countingPool(size: number): Promise<{ pool: WorkerPool; started: () => number }> {
		const script = await bundleWorker(faulty);
		let started = 0;
		const pool = new WorkerPool(() => (started++, nodeWorker(script)), size);
		return { pool, started: () => started };
	}

	/** Starts a run of `trials` and supersedes it by the next as soon as its first block is in. */
	async function supersede(pool: WorkerPool, first: number, next: number): Promise<Report> {
		const controller = new AbortController();
		const superseded = pool.run(spec({ trials: 20000, seed: first }, rich), { signal: controller.signal, onProgress: () => controller.abort() });
		await expect(superseded).rejects.toBeInstanceOf(RunAborted);
		return report(await pool.run(spec({ trials: 3000, seed: next })));
	}

	it("a superseded run's busy workers finish their block, then run the next run's: no worker is started anew", async () => {
		const { pool, started } = await countingPool(2);
		try {
			const next = await supersede(pool, 4, 5);
			expect(results(next)).toEqual(results(report(runSpec(spec({ trials: 3000, seed: 5 })))));
			expect(started()).toBe(2);
		} finally {
			pool.close();
		}
	});

	it('a block of a superseded run that takes over a second is cut short: its worker is replaced, the next run unchanged', async () => {
		const { pool, started } = await countingPool(2);
		try {
			// seed 3: block 1 takes 3 s more; the next run goes on on the other worker meanwhile
			const next = await supersede(pool, 3, 5);
			expect(results(next)).toEqual(results(report(runSpec(spec({ trials: 3000, seed: 5 })))));
			await expect.poll(started, { timeout: 2500, interval: 50 }).toBe(3);
			const after = report(await pool.run(spec({ trials: 3000, seed: 7 })));
			expect(results(after)).toEqual(results(report(runSpec(spec({ trials: 3000, seed: 7 })))));
		} finally {
			pool.close();
		}
	});

	it('a worker that throws rejects the run with its message, and the pool goes on', async () => {
		const pool = await createNodePool(2, faulty);
		try {
			await expect(pool.run(spec({ trials: 5000, seed: 1 }))).rejects.toThrow(/boom in block 2/);
			const after = report(await pool.run(spec({ trials: 2000, seed: 5 })));
			expect(after.trials).toBe(2000);
		} finally {
			pool.close();
		}
	});

	it('a worker that dies rejects the run (never a hang), and the pool replaces it', async () => {
		const pool = await createNodePool(2, faulty);
		try {
			const error = await pool.run(spec({ trials: 5000, seed: 2 })).catch((e) => e);
			expect(error).toBeInstanceOf(WorkerCrashed);
			expect(error.message).toMatch(/exited \(code 137\)/);
			const after = report(await pool.run(spec({ trials: 3000, seed: 5 })));
			expect(results(after)).toEqual(results(report(runSpec(spec({ trials: 3000, seed: 5 })))));
		} finally {
			pool.close();
		}
	});
});
