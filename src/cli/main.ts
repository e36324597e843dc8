// The command line of SPEC §2: run a notebook headless and print a summary, JSON or CSV.
// `main` does the work and returns the exit status; bin.ts wires it to the process.
import { constants } from 'node:fs';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile } from 'node:fs/promises';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatError } from '../lib/engine/notebook/formatError';
import { parseNotebook } from '../lib/engine/notebook/readNotebook';
import { parseOverrideFlag, type Override } from '../lib/engine/notebook/scenarios';
import { blockCount } from '../lib/engine/rng';
import { formatBytes, runMemory } from '../lib/engine/run/memory';
import { groupDigits } from '../lib/format';
import { MAX_TRIALS, prepareRun, type RunOptions } from '../lib/engine/simulate';
import type { NotebookError, Report } from '../lib/engine/types';
import { reportToCsv } from '../lib/reportCsv';
import { stampReport } from '../lib/report/stamps';
import { writeFileAtomic } from '../lib/server/writeFileAtomic';
import packageJson from '../../package.json' with { type: 'json' };
import { formatCalibration, lowEssWarning } from './calibrationSummary';
import { formatDecisions } from './decisionsSummary';
import { formatSummary } from './summary';
import { runWithProgress } from './runWithProgress';

const USAGE = `usage: npm run -s sim -- FILE [--scenario NAME] [--set NAME=EXPR]… [--compare NAME[,NAME…]|all]
                              [--vary NAME=EXPR]… [--sensitivity CELL@CYCLE|runway] [--funding-through T]
                              [--trials N] [--seed S] [--workers W] [--json PATH|-] [--csv PATH]
                              [--html PATH] [--md PATH]
       npm run -s sim -- diff OLD.json NEW.json [--json PATH|-]`;

/** Exit statuses of SPEC §2. */
const EXIT = { ok: 0, invalidNotebook: 1, badArguments: 2 } as const;

/** The exit status for errors: a request that does not fit the notebook is a bad argument. */
export function exitStatus(errors: readonly Pick<NotebookError, 'code'>[]): number {
	return errors.some((error) => error.code === 'usage') ? EXIT.badArguments : EXIT.invalidNotebook;
}

class UsageError extends Error {}

/** Half the machine's memory by default, or SCALECAST_MEMORY_GB: a run must leave room for the rest. */
function memoryLimit(): number {
	const asked = Number(process.env.SCALECAST_MEMORY_GB);
	return asked > 0 ? asked * 1e9 : totalmem() / 2;
}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
	if (text === undefined) return undefined;
	const value = Number(text.replaceAll('_', ''));
	if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
		throw new UsageError(`${flag} must be a whole number from ${groupDigits(min)} to ${groupDigits(max)}, not '${text}'`);
	return value;
}

function overrideFlags(flag: string, texts: string[] | undefined): Override[] {
	return (texts ?? []).map((text) => {
		const parsed = parseOverrideFlag(text);
		if (!parsed.ok) throw new UsageError(parsed.errors[0].message.replace(/^--set/, flag));
		return parsed.value;
	});
}

function sensitivityFlag(text: string | undefined): RunOptions['sensitivity'] {
	if (text === undefined) return undefined;
	if (text === 'runway') return { kind: 'runway' };
	const match = /^([A-Za-z][A-Za-z0-9_]*)@(\d+)$/.exec(text.trim());
	if (!match) throw new UsageError(`--sensitivity takes CELL@CYCLE (e.g. cash@24) or runway, not '${text}'`);
	return { kind: 'cell', cell: match[1], cycle: Number(match[2]) };
}

/** Output paths are checked before the run: a run is never thrown away for an unwritable file. */
async function checkWritable(flag: string, path: string | undefined): Promise<void> {
	if (path === undefined || path === '-') return;
	try {
		await access(dirname(path), constants.W_OK);
	} catch {
		throw new UsageError(`${flag} ${path}: cannot write in ${dirname(path)} (missing or not writable)`);
	}
}

/** Where the CLI writes: the process's streams in bin.ts, strings in tests. */
export interface Writer {
	write(text: string): unknown;
	isTTY?: boolean;
}
export interface CliIo {
	stdout: Writer;
	/** A progress bar is drawn when stderr is a terminal (`isTTY`). */
	stderr: Writer;
}

/** Runs the CLI on `argv` (the arguments after the program's name) and returns its exit status. */
export async function main(argv: string[], io: CliIo): Promise<number> {
	const { stdout, stderr } = io;
	if (argv[0] === 'diff') {
		const { diffCommand } = await import('./diff');
		return diffCommand(argv.slice(1), {
			stdout: (text) => stdout.write(text),
			stderr: (text) => stderr.write(text),
			readFile: (path) => readFile(path, 'utf8'),
			writeFile: (path, text) => writeFileAtomic(path, Buffer.from(text))
		});
	}
	let args;
	try {
		args = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				scenario: { type: 'string' },
				set: { type: 'string', multiple: true },
				compare: { type: 'string' },
				vary: { type: 'string', multiple: true },
				sensitivity: { type: 'string' },
				'funding-through': { type: 'string' },
				trials: { type: 'string' },
				seed: { type: 'string' },
				workers: { type: 'string' },
				json: { type: 'string' },
				csv: { type: 'string' },
				html: { type: 'string' },
				md: { type: 'string' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (error) {
		stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		return EXIT.badArguments;
	}
	if (args.values.help) {
		stdout.write(`${USAGE}\n`);
		return EXIT.ok;
	}
	let options;
	try {
		if (args.positionals.length !== 1) throw new UsageError(args.positionals.length === 0 ? 'no notebook file given' : `one notebook file at a time, not ${args.positionals.length}`);
		options = {
			file: args.positionals[0],
			trials: wholeNumber('--trials', args.values.trials, 1, MAX_TRIALS),
			seed: wholeNumber('--seed', args.values.seed, 0, Number.MAX_SAFE_INTEGER),
			// more workers than cores only costs memory
			workers: wholeNumber('--workers', args.values.workers, 1, Math.max(2, availableParallelism())),
			scenario: args.values.scenario,
			overrides: overrideFlags('--set', args.values.set),
			compare: args.values.compare === undefined ? undefined : args.values.compare.trim() === 'all' ? ('all' as const) : args.values.compare.split(',').map((name) => name.trim()).filter((name) => name !== ''),
			vary: overrideFlags('--vary', args.values.vary),
			sensitivity: sensitivityFlag(args.values.sensitivity),
			fundingThrough: wholeNumber('--funding-through', args.values['funding-through'], 1, 1000),
			json: args.values.json,
			csv: args.values.csv,
			html: args.values.html,
			md: args.values.md
		};
		if (options.md !== undefined && !options.md.endsWith('.md')) throw new UsageError(`--md must name a .md file, not '${options.md}'`);
		if (options.compare !== undefined && options.compare !== 'all' && options.compare.length === 0) throw new UsageError('--compare needs scenario names (a,b) or all');
		await checkWritable('--json', options.json);
		await checkWritable('--csv', options.csv);
		await checkWritable('--html', options.html);
		await checkWritable('--md', options.md);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		stderr.write(`scalecast: ${error.message}\n${USAGE}\n`);
		return EXIT.badArguments;
	}

	let bytes: Buffer;
	try {
		bytes = await readFile(options.file);
	} catch (error) {
		stderr.write(`scalecast: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
		return EXIT.badArguments;
	}
	const parsed = parseNotebook(bytes.toString('utf8'), options.file);
	if (!parsed.ok) return invalid(stderr, parsed.errors);
	const notebook = parsed.value;
	const { scenario, trials, seed, overrides, compare, vary, sensitivity, fundingThrough } = options;
	const prepared = prepareRun(notebook, { scenario, trials, seed, overrides, compare, vary, sensitivity, fundingThrough });
	if (!prepared.ok) return invalid(stderr, prepared.errors);
	const workers = Math.min(options.workers ?? availableParallelism(), blockCount(prepared.value.trials));
	const memory = runMemory(prepared.value, workers);
	const limit = memoryLimit();
	if (memory.bytes > limit) {
		stderr.write(
			`scalecast: this run would need about ${formatBytes(memory.bytes)} of memory (${memory.what}); the limit is ${formatBytes(limit)}. ` +
				`Run fewer trials, a shorter horizon or fewer workers, or raise the limit with SCALECAST_MEMORY_GB.\n`
		);
		return EXIT.badArguments;
	}

	const outcome = await runWithProgress(prepared.value, { workers, progress: stderr.isTTY === true });
	if (!outcome.ok) return invalid(stderr, outcome.errors);
	// SPEC §5: everything needed to tell reports apart and run one again
	const report = stampReport(outcome.value, {
		file: options.file,
		sha256: createHash('sha256').update(bytes).digest('hex'),
		version: packageJson.version,
		created: new Date()
	});

	stderr.write(lowEssWarning(report));
	// Files are replaced whole (write aside, then rename): a kill mid-write never leaves half a report.
	if (options.json === '-') stdout.write(`${JSON.stringify(report)}\n`);
	else {
		if (options.json) await writeFileAtomic(options.json, Buffer.from(`${JSON.stringify(report, null, 1)}\n`));
		stdout.write(formatSummary(report, notebook));
		stdout.write(formatDecisions(report, notebook));
		stdout.write(formatCalibration(report, notebook));
	}
	if (options.csv) await writeFileAtomic(options.csv, Buffer.from(reportToCsv(report)));
	// The report writers (markdown-it, d3) load only when asked for: the CLI starts without them.
	const writers = options.html || options.md ? await import('../lib/report') : null;
	if (options.html) await writeFileAtomic(options.html, Buffer.from(writers!.reportToHtml(report, notebook)));
	if (options.md) {
		const { reportToMarkdown, chartsLinkFor, chartsDirFor } = writers!;
		const { markdown, files } = reportToMarkdown(report, notebook, chartsLinkFor(options.md));
		const dir = chartsDirFor(options.md);
		await mkdir(dir, { recursive: true });
		for (const file of files) await writeFileAtomic(join(dir, file.name), Buffer.from(file.svg));
		await writeFileAtomic(options.md, Buffer.from(markdown));
	}
	return EXIT.ok;
}

function invalid(stderr: Writer, errors: NotebookError[]): number {
	for (const error of errors) stderr.write(`${formatError(error)}\n`);
	return exitStatus(errors);
}
