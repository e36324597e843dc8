// One implementation on one model in a process of its own, so its peak memory is its own:
//   node --expose-gc --import tsx bench/child.ts <impl> <model> <trials> <runs> [--warmup-trials N] [--quantiles exact|sketch]
// Runs a warm-up, then <runs> timed runs (a full GC before each, outside the timing), and writes
// one JSON line to stdout: ChildResult. bench/run.ts spawns it; it can also be run by hand.
import { IMPLEMENTATIONS, MODELS, prepareImplementation, type ImplementationName, type ModelName, type RunParts, type RunwayFigures } from './implementations';

export type ChildResult = {
	impl: ImplementationName;
	model: ModelName;
	trials: number;
	workers: number;
	quantiles?: string;
	/** engine runs per timed run (decisions-separate: k + 1) */
	engineRuns?: number;
	warmupTrials: number;
	warmupMs: number;
	/** wall time of each timed run */
	timesMs: number[];
	/** per timed run, the parts an implementation can time separately */
	parts: RunParts[];
	/** per timed run, CPU time of the whole process, worker threads included (user + system) */
	cpuMs: number[];
	/** per timed run, minor page faults: first touches of fresh memory, costly on some VMs */
	pageFaults: number[];
	/** process.resourceUsage().maxRSS at the end (bytes): the peak of this process and its worker threads */
	maxRssBytes: number;
	/** resident memory after start-up, before any run (bytes) */
	baselineRssBytes: number;
	figures: RunwayFigures;
};

function fail(message: string): never {
	process.stderr.write(`bench/child: ${message}\n`);
	process.exit(2);
}

async function main() {
	const [impl, model, trialsArg, runsArg, ...rest] = process.argv.slice(2);
	if (!IMPLEMENTATIONS.includes(impl as ImplementationName)) fail(`unknown implementation ${impl}; one of ${IMPLEMENTATIONS.join(', ')}`);
	if (!MODELS.includes(model as ModelName)) fail(`unknown model ${model}; one of ${MODELS.join(', ')}`);
	const trials = Number(trialsArg);
	const runs = Number(runsArg);
	if (!(Number.isInteger(trials) && trials > 0)) fail(`invalid trials: ${trialsArg}`);
	if (!(Number.isInteger(runs) && runs > 0)) fail(`invalid runs: ${runsArg}`);
	const warmupAt = rest.indexOf('--warmup-trials');
	const warmupTrials = warmupAt >= 0 ? Number(rest[warmupAt + 1]) : trials;
	if (!(Number.isInteger(warmupTrials) && warmupTrials > 0)) fail(`invalid --warmup-trials`);
	const quantilesAt = rest.indexOf('--quantiles');
	const quantiles = quantilesAt >= 0 ? rest[quantilesAt + 1] : undefined;
	if (quantiles !== undefined && quantiles !== 'exact' && quantiles !== 'sketch') fail(`invalid --quantiles: exact or sketch`);

	const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
	const baselineRssBytes = process.memoryUsage().rss;

	// The warm-up runs a separate preparation when its size differs (a 1M-trial run is warmed up
	// on a smaller one: the JIT and the workers are warm after any size).
	let warmupMs = 0;
	if (warmupTrials !== trials) {
		const warm = await prepareImplementation(impl as ImplementationName, model as ModelName, warmupTrials, quantiles);
		const started = performance.now();
		await warm.run();
		warmupMs = performance.now() - started;
		warm.close();
	}
	const prepared = await prepareImplementation(impl as ImplementationName, model as ModelName, trials, quantiles);
	if (warmupTrials === trials) {
		const started = performance.now();
		await prepared.run();
		warmupMs = performance.now() - started;
	}

	const timesMs: number[] = [];
	const parts: RunParts[] = [];
	const cpuMs: number[] = [];
	const pageFaults: number[] = [];
	let figures: RunwayFigures | null = null;
	for (let r = 0; r < runs; r++) {
		gc();
		const faultsBefore = process.resourceUsage().minorPageFault;
		const cpuBefore = process.cpuUsage();
		const started = performance.now();
		const outcome = await prepared.run();
		timesMs.push(performance.now() - started);
		const cpu = process.cpuUsage(cpuBefore);
		cpuMs.push((cpu.user + cpu.system) / 1000);
		pageFaults.push(process.resourceUsage().minorPageFault - faultsBefore);
		parts.push(outcome.parts ?? {});
		figures = outcome.figures;
	}
	prepared.close();

	const result: ChildResult = {
		impl: impl as ImplementationName,
		model: model as ModelName,
		trials,
		workers: prepared.workers,
		quantiles: prepared.quantiles,
		engineRuns: prepared.runs,
		warmupTrials,
		warmupMs,
		timesMs,
		parts,
		cpuMs,
		pageFaults,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
		baselineRssBytes,
		figures: figures!
	};
	process.stdout.write(JSON.stringify(result) + '\n');
	// worker threads that are shutting down must not keep the process alive
	process.exit(0);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench/child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
