// `npm run -s sim -- diff OLD.json NEW.json [--json PATH|-]` (SPEC §5): what changed between two
// saved reports, as a readable table or as JSON. Exit 0 when both files are reports (however
// different), 2 when a file is missing, is not JSON or is not a report, or the arguments are wrong.
import { parseArgs } from 'node:util';
import type { Report } from '../lib/engine/types';
import { diffReports, formatDiff } from '../lib/report/diff';
import { reportProblem } from '../lib/report/validate';

export const DIFF_USAGE = 'usage: npm run -s sim -- diff OLD.json NEW.json [--json PATH|-]';

export type DiffIo = {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	readFile: (path: string) => Promise<string>;
	/** Needed only for `--json PATH` (not `-`). */
	writeFile?: (path: string, text: string) => Promise<void>;
};

const EXIT = { ok: 0, bad: 2 } as const;

/** A report read from `path`, or why not (one line). */
async function readReport(path: string, io: DiffIo): Promise<Report | string> {
	let text: string;
	try {
		text = await io.readFile(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${(error as Error).message})`;
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return `${path}: not a report (not JSON)`;
	}
	const problem = reportProblem(json);
	return problem === null ? (json as Report) : `${path}: not a report (${problem})`;
}

/**
 * Runs `diff` on `argv`, the arguments after `diff` (`['old.json', 'new.json', '--json', '-']`),
 * and returns the exit status.
 */
export async function diffCommand(argv: string[], io: DiffIo): Promise<number> {
	let args;
	try {
		args = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
	} catch (error) {
		io.stderr(`scalecast diff: ${(error as Error).message}\n${DIFF_USAGE}\n`);
		return EXIT.bad;
	}
	if (args.values.help) {
		io.stdout(`${DIFF_USAGE}\n`);
		return EXIT.ok;
	}
	if (args.positionals.length !== 2) {
		io.stderr(`scalecast diff: needs two reports, OLD and NEW, not ${args.positionals.length}\n${DIFF_USAGE}\n`);
		return EXIT.bad;
	}
	const json = args.values.json;
	if (json !== undefined && json !== '-' && !io.writeFile) {
		io.stderr(`scalecast diff: --json takes - (stdout) here\n${DIFF_USAGE}\n`);
		return EXIT.bad;
	}
	const [oldPath, newPath] = args.positionals;
	const reports = await Promise.all([readReport(oldPath, io), readReport(newPath, io)]);
	const problems = reports.filter((r): r is string => typeof r === 'string');
	if (problems.length > 0) {
		io.stderr(problems.map((p) => `scalecast diff: ${p}\n`).join(''));
		return EXIT.bad;
	}
	const [a, b] = reports as [Report, Report];
	const diff = diffReports(a, b);
	if (json !== undefined) {
		const text = `${JSON.stringify(diff, null, 1)}\n`;
		if (json === '-') io.stdout(text);
		else {
			try {
				await io.writeFile!(json, text);
			} catch (error) {
				io.stderr(`scalecast diff: --json ${json}: ${(error as Error).message}\n`);
				return EXIT.bad;
			}
			io.stdout(formatDiff(diff, { names: [oldPath, newPath] }));
		}
		return EXIT.ok;
	}
	io.stdout(formatDiff(diff, { names: [oldPath, newPath] }));
	return EXIT.ok;
}
