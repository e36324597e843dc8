// `npm run bench`: the engine against a hand-written loop and against Squiggle (issue 5).
//
//   npm run bench                      the full benchmark, a table on stdout (progress on stderr)
//   npm run -s bench -- --json         the same figures as JSON on stdout
//   npm run bench -- --quick           a smoke run: few trials, 2 runs, scaling to 10k only
//   npm run bench -- --render FILE     the table of a report saved with --json, without running
//   npm run bench -- --decisions-only  only the Decisions section (issue 9); --no-decisions skips it
//   npm run bench -- --page            only the page (issue 14, bench/page.ts): cold load, edit → first chart, edit → done, 3 runs
//   options: --trials N  --runs N  --squiggle-trials N  --no-scaling  --mem-cap-mb N  --timeout-s N
//            --model NAME  only that model's table (social-network-mvp or growth-runway; scaling and
//                          Decisions run on social-network-mvp, so they run only with it)
//            --only A,B    only these implementations in the tables (bench/implementations.ts names:
//                          engine-thread, engine-pool-1, engine-pool-all, engine-figures, handwritten, squiggle)
//   npm run -s bench -- --help         this text
//   e.g. Squiggle's ratio alone: npm run -s bench -- --model growth-runway --only engine-figures,handwritten,squiggle --runs 3
//
// Every implementation runs in a child process of its own (bench/child.ts), one after another,
// so each peak memory figure (the child's maxRSS) is that implementation's alone and no two
// timings share the CPU. A child that dies, runs out of memory or passes the memory cap is
// reported as such; the rest of the benchmark goes on.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child';
import { renderPageBench, runPageBench } from './page';
import { HANDWRITTEN_SEED, HORIZON, IMPLEMENTATIONS, notebookFile, notebookPath, SEED, type ImplementationName, type ModelName } from './implementations';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const CYCLES = HORIZON + 1;
const DEFAULT_MODEL: ModelName = 'social-network-mvp';
/** the models of the main tables */
const TABLE_MODELS: readonly ModelName[] = ['social-network-mvp', 'growth-runway'];

type Options = {
	/** --model: only these models' tables; null: all */
	models: ModelName[] | null;
	/** --only: only these implementations in the tables; null: all */
	only: ImplementationName[] | null;
	json: boolean;
	quick: boolean;
	trials: number;
	runs: number;
	squiggleTrials: number;
	scaling: number[];
	/** the main tables and the scaling (false with --decisions-only) */
	main: boolean;
	/** the Decisions section (false with --no-decisions) */
	decisions: boolean;
	memCapMb: number;
	timeoutS: number;
	/** only the page benchmark (--page) */
	page: boolean;
	pageRuns: number;
};

function parseOptions(argv: string[]): Options {
	const quick = argv.includes('--quick');
	const value = (flag: string, fallback: number): number => {
		const at = argv.indexOf(flag);
		if (at < 0) return fallback;
		const n = Number(argv[at + 1]);
		if (!(Number.isInteger(n) && n > 0)) {
			process.stderr.write(`bench: invalid ${flag}: ${argv[at + 1]}\n`);
			process.exit(2);
		}
		return n;
	};
	const flags = ['--json', '--quick', '--no-scaling', '--decisions-only', '--no-decisions', '--page'];
	const known = new Set([...flags, '--trials', '--runs', '--squiggle-trials', '--mem-cap-mb', '--timeout-s', '--model', '--only']);
	for (let i = 0; i < argv.length; i++) {
		if (!known.has(argv[i])) {
			process.stderr.write(`bench: unknown option ${argv[i]}\n`);
			process.exit(2);
		}
		if (!flags.includes(argv[i])) i++;
	}
	const listed = (flag: string, allowed: readonly string[]): string[] | null => {
		const at = argv.indexOf(flag);
		if (at < 0) return null;
		const names = (argv[at + 1] ?? '').split(',');
		const unknown = names.filter((name) => !allowed.includes(name));
		if (unknown.length > 0) {
			process.stderr.write(`bench: ${flag}: unknown ${unknown.join(', ')}; one of ${allowed.join(', ')}\n`);
			process.exit(2);
		}
		return names;
	};
	const models = listed('--model', TABLE_MODELS) as ModelName[] | null;
	const only = listed('--only', IMPLEMENTATIONS) as ImplementationName[] | null;
	// scaling and Decisions run the default notebook: not when --model leaves it out
	const withDefault = models === null || models.includes(DEFAULT_MODEL);
	const trials = value('--trials', quick ? 2_000 : 100_000);
	return {
		models,
		only,
		json: argv.includes('--json'),
		quick,
		trials,
		runs: value('--runs', quick ? 2 : 5),
		squiggleTrials: value('--squiggle-trials', trials),
		main: !argv.includes('--decisions-only'),
		decisions: !argv.includes('--no-decisions') && withDefault,
		scaling: argv.includes('--no-scaling') || argv.includes('--decisions-only') || !withDefault ? [] : quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000],
		// A guard for a shared machine: a child whose resident memory passes this is stopped.
		memCapMb: value('--mem-cap-mb', 12_000),
		timeoutS: value('--timeout-s', 1_800),
		page: argv.includes('--page'),
		pageRuns: value('--runs', 3)
	};
}

// ---------------------------------------------------------------------------------------------
// Children

type ChildOutcome =
	| { ok: true; result: ChildResult; observedPeakBytes: number }
	| { ok: false; reason: string; observedPeakBytes: number; elapsedMs: number };

/** Resident memory of a process from /proc (Linux); null elsewhere or once it is gone. */
function residentBytes(pid: number): number | null {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : null;
	} catch {
		return null;
	}
}

function runChild(
	impl: ImplementationName,
	model: ModelName,
	trials: number,
	runs: number,
	options: Options,
	warmupTrials = trials,
	quantiles?: 'exact'
): Promise<ChildOutcome> {
	const args = ['--expose-gc', '--import', 'tsx', CHILD, impl, model, String(trials), String(runs)];
	if (warmupTrials !== trials) args.push('--warmup-trials', String(warmupTrials));
	if (quantiles) args.push('--quantiles', quantiles);
	progress(`${impl} · ${model} · ${trials.toLocaleString('en-US')} trials · ${runs} run${runs === 1 ? '' : 's'} …`);
	const started = performance.now();
	// node --import tsx rather than the tsx CLI: the CLI runs the script in a second process, and
	// the memory guard below must watch the process that does the work.
	const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
	let observedPeakBytes = 0;
	let stopped: string | null = null;
	const capBytes = options.memCapMb * 1e6;
	const watch = setInterval(() => {
		const rss = child.pid ? residentBytes(child.pid) : null;
		if (rss === null) return;
		observedPeakBytes = Math.max(observedPeakBytes, rss);
		if (rss > capBytes && !stopped) {
			stopped = `stopped by the bench: resident memory passed the cap of ${formatMb(capBytes)} MB (--mem-cap-mb)`;
			child.kill('SIGKILL');
		}
	}, 100);
	const timer = setTimeout(() => {
		stopped = `stopped by the bench after ${options.timeoutS} s (--timeout-s)`;
		child.kill('SIGKILL');
	}, options.timeoutS * 1000);

	return new Promise((resolve) => {
		child.on('close', (code, signal) => {
			clearInterval(watch);
			clearTimeout(timer);
			const elapsedMs = performance.now() - started;
			if (code === 0 && !stopped) {
				try {
					const result = JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
					progress(`  median ${formatSeconds(median(result.timesMs))} s, peak ${formatMb(result.maxRssBytes)} MB`);
					return resolve({ ok: true, result, observedPeakBytes });
				} catch {
					stopped = 'the child printed no result';
				}
			}
			const lastError = stderr.trim().split('\n').filter((line) => !line.startsWith('npm warn')).slice(-3).join(' | ');
			const reason =
				stopped ??
				(signal
					? `the process died (${signal}${signal === 'SIGKILL' ? ', likely out of memory' : ''})`
					: `the process failed (exit ${code})${lastError ? `: ${lastError}` : ''}`);
			progress(`  ${reason}`);
			resolve({ ok: false, reason, observedPeakBytes, elapsedMs });
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Figures

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

type Row = {
	impl: ImplementationName;
	label: string;
	ok: boolean;
	failure?: string;
	trials: number;
	workers?: number;
	quantiles?: string;
	medianMs?: number;
	minMs?: number;
	timesMs?: number[];
	/** trials × (horizon + 1) cycles per second of median time */
	trialCyclesPerSecond?: number;
	peakRssBytes?: number;
	baselineRssBytes?: number;
	/** median CPU time per run of the whole process (worker threads included) */
	cpuMs?: number;
	/** median minor page faults per run */
	pageFaults?: number;
	/** hand-written: median time of the model evaluation and of the statistics */
	partsMs?: Record<string, number>;
	runway?: { p10: number | null; p50: number | null; outByHorizon: number; cashP50: number };
	/** Squiggle run on fewer trials than the others: its time scaled linearly to theirs */
	scaledFromTrials?: number;
	/** engine runs per timed run (decisions-separate: k + 1) */
	engineRuns?: number;
};

function rowOf(impl: ImplementationName, label: string, outcome: ChildOutcome, scaleTo?: number): Row {
	if (!outcome.ok) {
		return { impl, label, ok: false, failure: outcome.reason, trials: scaleTo ?? 0, peakRssBytes: outcome.observedPeakBytes || undefined };
	}
	const r = outcome.result;
	const factor = scaleTo && scaleTo !== r.trials ? scaleTo / r.trials : 1;
	const medianMs = median(r.timesMs) * factor;
	const partNames = [...new Set(r.parts.flatMap((p) => Object.keys(p)))];
	return {
		impl,
		label,
		ok: true,
		trials: r.trials,
		workers: r.workers,
		quantiles: r.quantiles,
		medianMs,
		minMs: Math.min(...r.timesMs) * factor,
		timesMs: r.timesMs,
		trialCyclesPerSecond: (r.trials * CYCLES) / (median(r.timesMs) / 1000),
		cpuMs: median(r.cpuMs) * factor,
		pageFaults: median(r.pageFaults),
		peakRssBytes: r.maxRssBytes,
		baselineRssBytes: r.baselineRssBytes,
		partsMs: partNames.length ? Object.fromEntries(partNames.map((n) => [n, median(r.parts.map((p) => p[n]))])) : undefined,
		runway: r.figures,
		scaledFromTrials: factor !== 1 ? r.trials : undefined,
		engineRuns: r.engineRuns
	};
}

const LABELS: Record<ImplementationName, (workers: number) => string> = {
	'engine-thread': () => 'engine, 1 core (in-thread runSpec)',
	'engine-pool-1': () => 'engine, pool of 1 worker',
	'engine-pool-all': (w) => `engine, all cores (pool of ${w})`,
	'engine-figures': () => "engine, 1 core, Squiggle's figures only",
	handwritten: () => 'hand-written loop',
	squiggle: () => 'Squiggle 0.10',
	'decisions-compare-all': () => '--compare all, one run',
	'decisions-separate': () => 'k + 1 separate plain runs',
	'decisions-plain': () => 'plain run (events, funding need, sensitivity)',
	'decisions-bare': () => 'plain run without the new statistics'
};

/** The Decisions section (issue 9): what a comparison and the new statistics cost. */
type DecisionsBench = { model: ModelName; workers: number; scenarios: string[]; rows: Row[]; ratios: Ratio[] };

const DECISIONS_MODEL: ModelName = 'default-notebook';
const DECISIONS: ImplementationName[] = ['decisions-compare-all', 'decisions-separate', 'decisions-plain', 'decisions-bare'];

/** The scenarios of a notebook, as `--compare all` runs them (besides the base). */
async function scenariosOf(model: ModelName): Promise<string[]> {
	const { parseNotebook } = await import('../src/lib/engine/notebook/readNotebook');
	const file = notebookPath(model);
	const notebook = parseNotebook(readFileSync(file, 'utf8'), file);
	return notebook.ok ? Object.keys(notebook.value.scenarios) : [];
}

async function decisionsBench(options: Options, workersAll: number): Promise<DecisionsBench> {
	const scenarios = await scenariosOf(DECISIONS_MODEL);
	const rows: Row[] = [];
	for (const impl of DECISIONS) {
		// percentiles as prepareRun chooses them for a user (no --quantiles): the run a user gets
		const outcome = await runChild(impl, DECISIONS_MODEL, options.trials, options.runs, options);
		rows.push(rowOf(impl, LABELS[impl](workersAll), outcome));
	}
	const by = (impl: ImplementationName) => rows.find((r) => r.impl === impl);
	const k1 = `(k + 1 = ${scenarios.length + 1} separate runs)`;
	const ratios: Ratio[] = [
		{ name: `compare all ÷ ${k1}, wall`, value: ratio(by('decisions-compare-all'), by('decisions-separate')) },
		{ name: `compare all ÷ ${k1}, CPU`, value: cpuRatio(by('decisions-compare-all'), by('decisions-separate')) },
		{ name: 'plain ÷ plain without the new statistics, wall', value: ratio(by('decisions-plain'), by('decisions-bare')) },
		{ name: 'plain ÷ plain without the new statistics, CPU', value: cpuRatio(by('decisions-plain'), by('decisions-bare')) }
	];
	return { model: DECISIONS_MODEL, workers: workersAll, scenarios, rows, ratios };
}

type Ratio = { name: string; value: number | null; note?: string };

type ModelBench = { model: ModelName; rows: Row[]; ratios: Ratio[] };

function ratio(a: Row | undefined, b: Row | undefined): number | null {
	return a?.ok && b?.ok && a.medianMs && b.medianMs ? a.medianMs / b.medianMs : null;
}
function cpuRatio(a: Row | undefined, b: Row | undefined): number | null {
	return a?.ok && b?.ok && a.cpuMs && b.cpuMs ? a.cpuMs / b.cpuMs : null;
}

/** A target of issue 5: `value` the measured figure (a ratio, or MB), `shown` as printed. */
type Target = { name: string; met: boolean | null; value: number | null; shown: string };

// ---------------------------------------------------------------------------------------------
// Formatting

function progress(message: string) {
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
function formatSeconds(ms: number): string {
	const s = ms / 1000;
	return s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s >= 1 ? s.toFixed(2) : s.toFixed(3);
}
function formatMb(bytes: number): string {
	return Math.round(bytes / 1e6).toLocaleString('en-US');
}
function formatRate(perSecond: number): string {
	return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M` : `${(perSecond / 1e3).toFixed(0)} k`;
}
function formatRatio(x: number | null): string {
	return x === null ? 'n/a' : x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(2)}×`;
}
function formatPercentile(x: number | null | undefined): string {
	return x === undefined ? '' : x === null ? `> ${HORIZON}` : String(x);
}
/** A text table; a row given as { first, rest } prints `rest` across the columns after the first (a failure). */
type TableRow = string[] | { first: string; rest: string };

function table(header: string[], rows: TableRow[], rightAligned: boolean[]): string {
	const cellsOf = (r: TableRow) => (Array.isArray(r) ? r : [r.first]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (cellsOf(r)[i] ?? '').length)));
	const line = (r: TableRow) =>
		Array.isArray(r)
			? r.map((c, i) => (rightAligned[i] ? (c ?? '').padStart(widths[i]) : (c ?? '').padEnd(widths[i]))).join('  ').trimEnd()
			: `${rightAligned[0] ? r.first.padStart(widths[0]) : r.first.padEnd(widths[0])}  ${r.rest}`;
	return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
	if (process.argv.includes('--help')) {
		// the usage is this file's opening comment
		const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
		const usage = source.split('\n').filter((line, i, all) => all.slice(0, i + 1).every((l) => l.startsWith('//')));
		process.stdout.write(usage.map((line) => line.replace(/^\/\/ ?/, '')).join('\n') + '\n');
		return;
	}
	const renderAt = process.argv.indexOf('--render');
	if (renderAt >= 0) {
		// print the table of a report saved with --json, without running anything
		process.stdout.write(render(JSON.parse(readFileSync(process.argv[renderAt + 1], 'utf8')) as BenchReport) + '\n');
		return;
	}
	const options = parseOptions(process.argv.slice(2));
	if (options.page) {
		// the notebook's own 10,000 trials, as a user opens it
		const page = await runPageBench({ trials: 10_000, runs: options.pageRuns, progress });
		process.stdout.write(options.json ? JSON.stringify({ page }, null, 2) + '\n' : renderPageBench(page).join('\n') + '\n');
		return;
	}
	const workersAll = availableParallelism();
	const machine = {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: workersAll,
		memoryGb: +(totalmem() / 1e9).toFixed(1),
		platform: `${process.platform} ${process.arch}`,
		node: process.version,
		loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
		loadAverageAtEnd: [] as number[]
	};
	const startedAt = new Date().toISOString();
	progress(`${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')}`);

	const models: { model: ModelName; impls: ImplementationName[] }[] = [
		{ model: 'social-network-mvp', impls: ['engine-thread', 'engine-pool-1', 'engine-pool-all', 'handwritten'] },
		{ model: 'growth-runway', impls: ['engine-thread', 'engine-pool-1', 'engine-pool-all', 'engine-figures', 'handwritten', 'squiggle'] }
	];
	const benches: ModelBench[] = [];
	const chosen = models.filter(({ model }) => options.models === null || options.models.includes(model));
	for (const { model, impls } of options.main ? chosen : []) {
		const rows: Row[] = [];
		for (const impl of impls.filter((name) => options.only === null || options.only.includes(name))) {
			const trials = impl === 'squiggle' ? options.squiggleTrials : options.trials;
			// The engine computes exact percentiles here, the same report work as the hand-written loop.
			const outcome = await runChild(impl, model, trials, options.runs, options, trials, impl.startsWith('engine') ? 'exact' : undefined);
			const workers = outcome.ok ? outcome.result.workers : impl === 'engine-pool-all' ? workersAll : 1;
			rows.push(rowOf(impl, LABELS[impl](workers), outcome, impl === 'squiggle' ? options.trials : undefined));
		}
		const by = (impl: ImplementationName) => rows.find((r) => r.impl === impl);
		const ratios: Ratio[] = [
			{ name: 'engine 1 core ÷ hand-written', value: ratio(by('engine-thread'), by('handwritten')) },
			{ name: 'engine pool of 1 ÷ hand-written', value: ratio(by('engine-pool-1'), by('handwritten')) },
			{ name: `engine all cores ÷ hand-written`, value: ratio(by('engine-pool-all'), by('handwritten')) },
			{ name: `speed-up, pool of ${workersAll} over pool of 1`, value: ratio(by('engine-pool-1'), by('engine-pool-all')) }
		];
		if (by('squiggle')) {
			const note = by('squiggle')?.scaledFromTrials ? `Squiggle ran ${by('squiggle')!.scaledFromTrials} samples, time scaled linearly` : undefined;
			ratios.push({ name: 'Squiggle ÷ engine 1 core', value: ratio(by('squiggle'), by('engine-thread')), note });
			if (by('engine-figures')) {
				ratios.push({ name: 'Squiggle ÷ engine 1 core, the same figures', value: ratio(by('squiggle'), by('engine-figures')), note });
				// on a shared machine the CPU times are the steadier figures: both run on one core
				ratios.push({ name: 'the same on CPU time', value: cpuRatio(by('squiggle'), by('engine-figures')), note });
			}
			ratios.push({ name: 'Squiggle ÷ engine all cores', value: ratio(by('squiggle'), by('engine-pool-all')), note });
		}
		const figures = by('engine-figures');
		const handwritten = by('handwritten');
		if (figures?.partsMs?.model && handwritten?.partsMs?.model) {
			// the model alone on both sides: the figures row's statistics are a few, the hand-written loop's a full report
			ratios.push({ name: "engine 1 core, Squiggle's figures, model ÷ hand-written model", value: figures.partsMs.model / handwritten.partsMs.model });
		}
		// with --only, the ratios of rows not run say nothing
		benches.push({ model, rows, ratios: options.only === null ? ratios : ratios.filter((r) => r.value !== null) });
	}

	// Scaling: the default notebook on all cores, percentiles as the engine chooses them for a user.
	const scaling: Row[] = [];
	for (const trials of options.scaling) {
		// Above 100k one run, warmed up on 10k: a 1M run takes minutes and the JIT is warm after any size.
		const big = trials > 100_000;
		const outcome = await runChild('engine-pool-all', DEFAULT_MODEL, trials, big ? 1 : options.runs, options, big ? 10_000 : trials);
		const row = rowOf('engine-pool-all', LABELS['engine-pool-all'](workersAll), outcome);
		row.trials = trials;
		scaling.push(row);
	}
	// Decisions (issue 9): --compare all against k + 1 runs; the new statistics against a plain run
	const decisions = options.decisions ? await decisionsBench(options, workersAll) : undefined;
	machine.loadAverageAtEnd = loadavg().map((x) => +x.toFixed(2));

	// Targets of issue 5
	const social = benches.find((b) => b.model === DEFAULT_MODEL);
	const growth = benches.find((b) => b.model === 'growth-runway');
	const targets: Target[] = [];
	if (social || growth) targets.push(...targetsOf(social, growth, scaling, options, workersAll));

	const report: BenchReport = {
		startedAt,
		machine,
		settings: {
			trials: options.trials,
			squiggleTrials: options.squiggleTrials,
			runs: options.runs,
			cycles: CYCLES,
			seed: SEED,
			handwrittenSeed: HANDWRITTEN_SEED,
			quick: options.quick,
			memCapMb: options.memCapMb
		},
		models: benches,
		scaling: { model: DEFAULT_MODEL, rows: scaling },
		decisions,
		// a partial run (--model, --only) shows only the targets it measured
		targets: options.models === null && options.only === null ? targets : targets.filter((t) => t.value !== null)
	};

	if (options.json) {
		process.stdout.write(JSON.stringify(report, null, 2) + '\n');
		return;
	}
	process.stdout.write(render(report) + '\n');
}

/** The targets of issue 5, from the main tables and the scaling. */
function targetsOf(social: ModelBench | undefined, growth: ModelBench | undefined, scaling: Row[], options: Options, workersAll: number): Target[] {
	const ratioOf = (bench: ModelBench | undefined, name: string) => bench?.ratios.find((r) => r.name === name)?.value ?? null;
	const targets: Target[] = [];
	const both = [social, growth].filter((bench) => bench !== undefined);
	for (const bench of both) {
		const x = ratioOf(bench, 'engine 1 core ÷ hand-written');
		targets.push({ name: `engine on 1 core within 2× of the hand-written loop at ${options.trials.toLocaleString('en-US')} trials (${bench.model})`, met: x === null ? null : x <= 2, value: x, shown: formatRatio(x) });
	}
	{
		const x = ratioOf(growth, 'Squiggle ÷ engine 1 core');
		targets.push({ name: 'Squiggle at least 25× slower than the engine on 1 core, full report (growth-runway)', met: x === null ? null : x >= 25, value: x, shown: formatRatio(x) });
	}
	{
		const x = ratioOf(growth, 'Squiggle ÷ engine 1 core, the same figures');
		targets.push({ name: "Squiggle at least 25× slower than the engine on 1 core computing the same figures (growth-runway)", met: x === null ? null : x >= 25, value: x, shown: formatRatio(x) });
	}
	for (const bench of both) {
		const x = ratioOf(bench, `speed-up, pool of ${workersAll} over pool of 1`);
		const name = `${workersAll === 2 ? '2 workers' : `${workersAll} workers (the target is for 2)`} at least 1.7× faster than one (${bench.model})`;
		targets.push({ name, met: x === null ? null : x >= 1.7, value: x, shown: formatRatio(x) });
	}
	{
		const million = scaling.find((r) => r.trials === 1_000_000);
		if (million) {
			const peak = million.peakRssBytes;
			targets.push({
				name: '1M trials of the default notebook within 2 GB peak memory',
				met: million.ok ? peak! <= 2e9 : false,
				value: peak ? Math.round(peak / 1e6) : null,
				shown: million.ok ? `${formatMb(peak!)} MB` : `${million.failure}${peak ? `; ${formatMb(peak)} MB seen` : ''}`
			});
		} else {
			targets.push({ name: '1M trials of the default notebook within 2 GB peak memory', met: null, value: null, shown: 'not run (--quick or --no-scaling)' });
		}
	}
	return targets;
}

type BenchReport = {
	startedAt: string;
	machine: { cpu: string; cores: number; memoryGb: number; platform: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
	settings: { trials: number; squiggleTrials: number; runs: number; cycles: number; seed: number; handwrittenSeed: number; quick: boolean; memCapMb: number };
	models: ModelBench[];
	scaling: { model: ModelName; rows: Row[] };
	/** issue 9; absent with --no-decisions and in reports saved before it */
	decisions?: DecisionsBench;
	targets: Target[];
};

function render(report: BenchReport): string {
	const { machine, settings: options } = report;
	const workersAll = machine.cores;
	const out: string[] = [];
	out.push(`Scalecast benchmark, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC${options.quick ? ' (--quick: a smoke run, not a measurement)' : ''}`);
	out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.platform}, Node ${machine.node}`);
	out.push(`Load average (1, 5, 15 min) at start ${machine.loadAverageAtStart.join(' ')}, at end ${machine.loadAverageAtEnd.join(' ')}: other work shares these cores.`);
	out.push(
		`Each row: ${options.trials.toLocaleString('en-US')} trials × ${CYCLES} cycles (t = 0…${HORIZON}); median wall time of ${options.runs} run${options.runs === 1 ? '' : 's'} after 1 warm-up,`
	);
	out.push(
		'in a child process that runs only that implementation; peak = its maxRSS (Node and tsx alone take ~75 MB).'
	);
	out.push(
		`Engine and Squiggle use seed ${SEED}; the hand-written loops seed ${HANDWRITTEN_SEED} (on ${SEED} they repeat the engine's figures exactly).`
	);
	out.push('The engine is timed from a prepared RunSpec (parsing, ~ms, excluded); the pool from started, warm workers.');
	out.push('CPU s: CPU time of the whole process per run, worker threads included; above the wall time, cores ran in parallel,');
	out.push('below it, the process waited for a core.');

	for (const bench of report.models) {
		out.push('');
		out.push(`Model: ${notebookFile(bench.model)}`);
		const header = ['implementation', 'median s', 'min s', 'CPU s', 'trial-cycles/s', 'peak MB', 'runway P10', 'P50', `out by ${HORIZON}`, `cash P50 @${HORIZON}`];
		const rows = bench.rows.map((r) =>
			r.ok
				? [
						r.label + (r.scaledFromTrials ? ` (${r.scaledFromTrials.toLocaleString('en-US')} samples, scaled)` : ''),
						formatSeconds(r.medianMs!),
						formatSeconds(r.minMs!),
						formatSeconds(r.cpuMs!),
						formatRate(r.trialCyclesPerSecond!),
						formatMb(r.peakRssBytes!),
						formatPercentile(r.runway?.p10),
						formatPercentile(r.runway?.p50),
						`${(100 * r.runway!.outByHorizon).toFixed(1)}%`,
						Math.round(r.runway!.cashP50).toLocaleString('en-US')
					]
				: { first: r.label, rest: `FAILED: ${r.failure}${r.peakRssBytes ? ` (${formatMb(r.peakRssBytes)} MB seen)` : ''}` }
		);
		out.push(table(header, rows, [false, true, true, true, true, true, true, true, true, true]));
		out.push(
			'  minor page faults per run (median): ' +
				bench.rows.filter((r) => r.ok).map((r) => `${r.label.split(' (')[0]} ${Math.round(r.pageFaults! / 1000)}k`).join(', ')
		);
		for (const r of bench.rows) {
			if (r.partsMs) {
				const parts = Object.entries(r.partsMs).map(([name, ms]) => `${name} ${formatSeconds(ms)} s`).join(' + ');
				out.push(`  ${r.label}: ${parts} (statistics: the engine's own functions, as in its Accumulator)`);
			}
			if (r.quantiles && r.quantiles !== 'exact') out.push(`  ${r.label}: percentiles ${r.quantiles}`);
		}
		out.push('  ' + bench.ratios.map((x) => `${x.name} = ${formatRatio(x.value)}`).join('; '));
		for (const x of bench.ratios) if (x.note) out.push(`  (${x.note})`);
	}

	if (report.scaling.rows.length > 0) {
		out.push('');
		out.push(`Scaling: ${notebookFile(DEFAULT_MODEL)}, engine on all cores (pool of ${workersAll})`);
		const rows = report.scaling.rows.map((r) =>
			r.ok
				? [
						r.trials.toLocaleString('en-US'),
						formatSeconds(r.medianMs!),
						`${r.timesMs!.length}`,
						formatRate(r.trialCyclesPerSecond!),
						formatMb(r.peakRssBytes!),
						r.quantiles ?? ''
					]
				: { first: r.trials.toLocaleString('en-US'), rest: `FAILED: ${r.failure}${r.peakRssBytes ? ` (${formatMb(r.peakRssBytes)} MB seen)` : ''}` }
		);
		out.push(table(['trials', 'median s', 'runs', 'trial-cycles/s', 'peak MB', 'percentiles'], rows, [true, true, true, true, true, false]));
	}

	if (report.decisions) out.push('', ...renderDecisions(report.decisions));

	if (report.targets.length === 0) return out.join('\n');
	out.push('');
	out.push('Targets (issue 5)');
	for (const t of report.targets) out.push(`  ${t.met === null ? 'n/a ' : t.met ? 'PASS' : 'MISS'}  ${t.name}: ${t.shown}`);
	return out.join('\n');
}

function renderDecisions(d: DecisionsBench): string[] {
	const out: string[] = [];
	const k = d.scenarios.length;
	out.push(`Decisions: ${notebookFile(d.model)}, engine on all cores (pool of ${d.workers}); k = ${k} scenarios (${d.scenarios.join(', ')})`);
	const header = ['run', 'median s', 'min s', 'CPU s', 'peak MB', 'percentiles', 'runway P10', 'P50', `out by ${HORIZON}`];
	const rows = d.rows.map((r) =>
		r.ok
			? [
					r.label,
					formatSeconds(r.medianMs!),
					formatSeconds(r.minMs!),
					formatSeconds(r.cpuMs!),
					formatMb(r.peakRssBytes!),
					r.quantiles ?? '',
					formatPercentile(r.runway?.p10),
					formatPercentile(r.runway?.p50),
					`${(100 * r.runway!.outByHorizon).toFixed(1)}%`
				]
			: { first: r.label, rest: `FAILED: ${r.failure}${r.peakRssBytes ? ` (${formatMb(r.peakRssBytes)} MB seen)` : ''}` }
	);
	out.push(table(header, rows, [false, true, true, true, true, false, true, true, true]));
	const separate = d.rows.find((r) => r.impl === 'decisions-separate');
	if (separate?.partsMs) {
		const parts = Object.entries(separate.partsMs).map(([name, ms]) => `${name} ${formatSeconds(ms)} s`).join(', ');
		out.push(`  k + 1 separate runs, each (median): ${parts}; the row is their total, one after another on the same warm pool`);
	}
	out.push('  runway figures: the reference (base) in every row, the same trials; peak = the child\'s maxRSS');
	out.push('  ' + d.ratios.map((x) => `${x.name} = ${formatRatio(x.value)}`).join('; '));
	return out;
}

main().catch((error: unknown) => {
	process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
