// The command line of SPEC §2: run a notebook headless and print a summary, JSON or CSV.
// `main` does the work and returns the exit status; bin.ts wires it to the process.
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatError } from '../lib/engine/notebook/formatError';
import { parseNotebook } from '../lib/engine/notebook/readNotebook';
import { MAX_TRIALS, prepareRun } from '../lib/engine/simulate';
import type { Report } from '../lib/engine/types';
import { reportToCsv } from '../lib/reportCsv';
import { formatSummary } from './summary';
import { runWithProgress } from './runWithProgress';

const USAGE = `usage: npm run -s sim -- FILE [--scenario NAME] [--trials N] [--seed S] [--workers W]
                              [--json PATH|-] [--csv PATH]`;

/** Exit statuses of SPEC §2. */
const EXIT = { ok: 0, invalidNotebook: 1, badArguments: 2 } as const;

class UsageError extends Error {}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
	if (text === undefined) return undefined;
	const value = Number(text.replaceAll('_', ''));
	if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max)
		throw new UsageError(`${flag} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not '${text}'`);
	return value;
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
	let args;
	try {
		args = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				scenario: { type: 'string' },
				trials: { type: 'string' },
				seed: { type: 'string' },
				workers: { type: 'string' },
				json: { type: 'string' },
				csv: { type: 'string' },
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
			workers: wholeNumber('--workers', args.values.workers, 1, 256),
			scenario: args.values.scenario,
			json: args.values.json,
			csv: args.values.csv
		};
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		stderr.write(`scalecast: ${error.message}\n${USAGE}\n`);
		return EXIT.badArguments;
	}

	let text: string;
	try {
		text = await readFile(options.file, 'utf8');
	} catch (error) {
		stderr.write(`scalecast: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
		return EXIT.badArguments;
	}
	const parsed = parseNotebook(text, options.file);
	if (!parsed.ok) return invalid(stderr, parsed.errors);
	const notebook = parsed.value;
	if (options.scenario !== undefined && options.scenario !== 'base' && !Object.hasOwn(notebook.scenarios, options.scenario)) {
		const known = ['base', ...Object.keys(notebook.scenarios)].join(', ');
		stderr.write(`scalecast: ${basename(options.file)} has no scenario '${options.scenario}' (it has: ${known})\n`);
		return EXIT.badArguments;
	}
	const prepared = prepareRun(notebook, { scenario: options.scenario, trials: options.trials, seed: options.seed });
	if (!prepared.ok) return invalid(stderr, prepared.errors);

	const outcome = await runWithProgress(prepared.value, { workers: options.workers, progress: stderr.isTTY === true });
	if (!outcome.ok) return invalid(stderr, outcome.errors);
	const report: Report = outcome.value;

	if (options.json === '-') stdout.write(`${JSON.stringify(report)}\n`);
	else {
		if (options.json) await writeFile(options.json, `${JSON.stringify(report, null, 1)}\n`);
		stdout.write(formatSummary(report, notebook));
	}
	if (options.csv) await writeFile(options.csv, reportToCsv(report));
	return EXIT.ok;
}

function invalid(stderr: Writer, errors: { file: string; line: number | null; cell: string | null; message: string }[]): number {
	for (const error of errors) stderr.write(`${formatError(error)}\n`);
	return EXIT.invalidNotebook;
}
