import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { Report } from '../../src/lib/engine/types';
import { tempFolder } from '../support/tempFolder';

const DEFAULT = 'simulations/social-network-mvp.yaml';
const fixture = (name: string) => `test/fixtures/${name}.yaml`;
/** Files the CLI writes, removed after the tests. */
const TEMP = tempFolder('scalecast-cli-');

type Outcome = { code: number; stdout: string; stderr: string };

/** Runs the CLI's `main` in this process, as bin.ts does, with stdout and stderr caught in strings. */
async function sim(...args: string[]): Promise<Outcome> {
	let stdout = '';
	let stderr = '';
	const code = await main(args, { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) } });
	return { code, stdout, stderr };
}

/** `sim` of the same arguments once per file: runs of the default notebook cost a second or more each. */
const runs = new Map<string, Promise<Outcome>>();
function simOnce(...args: string[]): Promise<Outcome> {
	const key = JSON.stringify(args);
	if (!runs.has(key)) runs.set(key, sim(...args));
	return runs.get(key)!;
}

/** Runs the real bin (bin/scalecast.js → the bundle in dist/cli/, rebuilt first if stale) in a child process. */
async function spawnBin(...args: string[]): Promise<Outcome> {
	try {
		const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/scalecast.js', ...args], { maxBuffer: 64 * 1024 * 1024 });
		return { code: 0, stdout, stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

// SPEC §5: `created` and `timing` are the only fields that may differ between two runs of one invocation
const withoutTiming = (report: Report) => ({ ...report, timing: undefined, created: undefined });

describe('npm run sim -- FILE --json -', () => {
	it('prints a report that keeps SPEC §3 for the default notebook', async () => {
		const { code, stdout } = await simOnce(DEFAULT, '--trials', '2000', '--seed', '11', '--json', '-');
		expect(code).toBe(0);
		const report: Report = JSON.parse(stdout); // stdout holds the report and nothing else
		expect(report).toMatchObject({ format: 1, title: 'Social network MVP', scenario: 'base', trials: 2000, seed: 11, horizon: 36, cycle: '1 month' });
		const notebookNames = [...readFileSync(DEFAULT, 'utf8').matchAll(/^\s+- name: (\w+)/gm)].map((m) => m[1]);
		expect(Object.keys(report.cells).sort()).toEqual(notebookNames.sort());
		for (const summary of Object.values(report.cells)) {
			const series = [summary.p5, summary.p10, summary.p25, summary.p50, summary.p75, summary.p90, summary.p95];
			for (const values of [summary.mean, ...series]) expect(values).toHaveLength(37);
			for (let t = 0; t <= 36; t++) {
				for (let k = 1; k < series.length; k++) expect(series[k][t]).toBeGreaterThanOrEqual(series[k - 1][t]);
			}
		}
		const runway = report.runway!;
		expect(runway.cell).toBe('cash');
		expect(runway.cashOutByCycle).toHaveLength(37);
		for (let t = 1; t <= 36; t++) expect(runway.cashOutByCycle[t]).toBeGreaterThanOrEqual(runway.cashOutByCycle[t - 1]);
		expect(runway.cashOutByCycle[36]).toBeCloseTo(1 - runway.survives, 12);
		// A real distribution: some trials run out, some survive.
		expect(runway.survives).toBeGreaterThan(0.05);
		expect(runway.survives).toBeLessThan(0.95);
	});

	it('matches the fixed-seed snapshot of the default notebook', async () => {
		const { stdout } = await simOnce(DEFAULT, '--trials', '2000', '--seed', '11', '--json', '-');
		const report: Report = JSON.parse(stdout);
		// Medians at a few cycles and the runway pin the model and the engine; full precision.
		const medians = Object.fromEntries(Object.entries(report.cells).map(([name, s]) => [name, [0, 12, 24, 36].map((t) => s.p50[t])]));
		expect({ medians, runway: report.runway }).toMatchSnapshot();
	});

	// 2,100 trials: three blocks, the last a part of one, which two workers share unevenly
	it('gives identical cells and runway for --workers 1 and --workers 2', async () => {
		const [one, two] = await Promise.all(
			['1', '2'].map((w) => simOnce(DEFAULT, '--trials', '2100', '--seed', '5', '--workers', w, '--json', '-'))
		);
		const [a, b]: Report[] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
		expect(a.timing.workers).toBe(1);
		expect(b.timing.workers).toBe(2);
		expect(withoutTiming(b)).toEqual(withoutTiming(a));
	});

	it('runs a scenario and writes JSON and CSV files with a readable summary on stdout', async () => {
		const dir = mkdtempSync(join(TEMP, 'run-'));
		const { code, stdout } = await sim(DEFAULT, '--scenario', 'bear', '--trials', '1000', '--json', join(dir, 'r.json'), '--csv', join(dir, 'r.csv'));
		expect(code).toBe(0);
		expect(stdout).toMatch(/scenario bear, 1,000 trials/);
		expect(stdout).toMatch(/Runway \(cash below 0\): P10 \d+ months/);
		expect(stdout).toMatch(/Chance of running out by cycle 36: \d+%/);
		expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).scenario).toBe('bear');
		const csv = readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n');
		expect(csv[0]).toBe('cell,cycle,mean,p5,p10,p25,p50,p75,p90,p95');
		const cells = [...readFileSync(DEFAULT, 'utf8').matchAll(/^\s+- name: (\w+)/gm)].length;
		expect(csv).toHaveLength(1 + cells * 37);
	});
});

describe.concurrent('an invalid notebook exits 1 naming file, line and cell, and runs nothing', () => {
	it.each([
		['loop', 4, 'revenue', /cells form a loop: revenue → users → revenue/],
		['unknown-name', 4, 'users', /unknown name 'growht' — did you mean 'growth'\?/],
		['negative-sd', 4, 'growth', /invalid sd in normal\(mean, sd\)/],
		['assignment', 4, 'users', /assignments are not allowed/],
		['duplicate', 6, 'users', /duplicate/i],
		['reach-js', 4, 'users', /syntax error|property access|not allowed/]
	])('%s', async (name, line, cell, message) => {
		const { code, stdout, stderr } = await sim(fixture(name), '--json', '-');
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toContain(`${fixture(name)}:${line}: cell '${cell}'`);
		expect(stderr).toMatch(message);
	});

	it('an attempt to reach JavaScript never runs it, in either form', async () => {
		const { code, stderr } = await sim(fixture('reach-js'));
		expect(code).toBe(1); // not 3: process.exit(3) never ran
		expect(stderr).toMatch(/cell 'sneaky': .*property access/);
	});

	it('a failure while running names the cell, the parameter, the first cycle and the trials', async () => {
		const { code, stderr } = await sim(fixture('runtime-error'), '--trials', '1500');
		expect(code).toBe(1);
		expect(stderr).toMatch(/runtime-error\.yaml:7: cell 'noise': .*invalid sd = -1 in normal\(\), first at cycle 6, in 1000 of 1000 trials/);
	});
});

describe.concurrent('bad arguments exit 2 at once', () => {
	it.each([
		[['--trials', 'abc'], /--trials must be a whole number from 1 to 10,000,000, not 'abc'/],
		[['--trials', '0'], /--trials must be a whole number/],
		[['--trials', '1e12'], /--trials must be a whole number/],
		[['--trials', '2.5'], /--trials must be a whole number/],
		[['--seed=-1'], /--seed must be a whole number/],
		[['--workers', '0'], /--workers must be a whole number/],
		[['--scenario', 'moon'], /unknown scenario 'moon' \(known: 'base', /],
		[['--frobnicate'], /Unknown option '--frobnicate'/]
	])('%j', async (args, message) => {
		const { code, stderr } = await sim(DEFAULT, ...args);
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
	});

	it('a missing file', async () => {
		const { code, stderr } = await sim('simulations/nope.yaml');
		expect(code).toBe(2);
		expect(stderr).toMatch(/cannot read simulations\/nope\.yaml: ENOENT/);
	});
});

describe('decisions (SPEC §4)', () => {
	const FILE = fixture('decisions');

	it('--compare all prints the comparison table, the funding need, the sensitivity and the events', async () => {
		const { code, stdout } = await sim(FILE, '--compare', 'all');
		expect(code).toBe(0);
		expect(stdout).toMatch(/Compared with base, trial by trial/);
		expect(stdout).toMatch(/^doubled .*longer in \d+%, shorter in \d+% of futures/m);
		expect(stdout).toMatch(/^poorer .*longer in 0%, shorter in \d+% of futures.*cash −\$/m);
		expect(stdout).toMatch(/Funding need: money added at cycle k that keeps cash ≥ 0 through cycle 12/);
		expect(stdout).toMatch(/Assumes the money changes nothing else in the model/);
		expect(stdout).toMatch(/What drives the chance of running out by cycle 12/);
		expect(stdout).toMatch(/^late +100% +5 months/m);
	});

	it('--json - gives overrides, events, comparison, funding and sensitivity', async () => {
		const { code, stdout } = await sim(FILE, '--compare', 'doubled', '--vary', 'other=0.5', '--set', 'x=normal(0, 1.5)', '--json', '-');
		expect(code).toBe(0);
		const report: Report = JSON.parse(stdout);
		expect(report.overrides).toEqual({ x: 'normal(0, 1.5)' });
		expect(Object.keys(report.comparison!.scenarios)).toEqual(['doubled', 'other=0.5']);
		expect(Object.keys(report.events)).toEqual(['late', 'low_cash']);
		expect(report.funding!.through).toBe(12);
		expect(report.sensitivity!.outcome).toBe('runway');
	});

	it('a CSV of a comparison adds the scenario as a first column', async () => {
		const dir = mkdtempSync(join(TEMP, 'run-'));
		const { code } = await sim(FILE, '--compare', 'all', '--csv', join(dir, 'c.csv'));
		expect(code).toBe(0);
		const lines = readFileSync(join(dir, 'c.csv'), 'utf8').trim().split('\n');
		expect(lines[0]).toBe('scenario,cell,cycle,mean,p5,p10,p25,p50,p75,p90,p95');
		expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(['base', 'doubled', 'poorer']));
		expect(lines).toHaveLength(1 + 3 * 4 * 13);
	});

	it.each([
		[['--set', 'usres=1'], /unknown cell 'usres' in --set/],
		[['--set', 'x'], /--set needs NAME=EXPR/],
		[['--set', 'x=normal(0, -1)'], /--set x=normal\(0, -1\): .*invalid sd/],
		[['--vary', 'scaled=x *'], /--vary scaled=x \*: /],
		[['--compare', 'bare'], /--compare: unknown scenario 'bare'/],
		[['--compare', ','], /--compare needs scenario names/],
		[['--sensitivity', 'cash'], /--sensitivity takes CELL@CYCLE/],
		[['--sensitivity', 'cahs@3'], /--sensitivity: unknown cell 'cahs' — did you mean 'cash'/],
		[['--funding-through', '13'], /--funding-through must be a whole number from 1 to the horizon \(12\)/],
		[['--json', 'no/such/dir/r.json'], /--json no\/such\/dir\/r\.json: cannot write/],
		[['--workers', '256'], /--workers must be a whole number from 1 to/]
	])('exits 2 for %j, naming the flag', async (args, message) => {
		const { code, stderr, stdout } = await sim(FILE, ...args);
		expect(stderr).toMatch(message);
		expect(code).toBe(2);
		expect(stdout).toBe('');
	});
});

describe('reports to keep, share and compare (SPEC §5)', () => {
	const FILE = fixture('decisions');

	it('every JSON report is stamped: the notebook file and its sha256, the engine version, the time', async () => {
		const { stdout } = await sim(FILE, '--json', '-');
		const report = JSON.parse(stdout);
		const sha256 = createHash('sha256').update(readFileSync(FILE)).digest('hex');
		expect(report.notebook).toEqual({ file: FILE, sha256 });
		expect(report.engine).toEqual({ version: JSON.parse(readFileSync('package.json', 'utf8')).version });
		expect(Date.parse(report.created)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('--html writes one self-contained file; --md writes Markdown with its charts beside it', async () => {
		const dir = mkdtempSync(join(TEMP, 'run-'));
		const { code } = await sim(FILE, '--compare', 'all', '--html', join(dir, 'r.html'), '--md', join(dir, 'r.md'));
		expect(code).toBe(0);
		const html = readFileSync(join(dir, 'r.html'), 'utf8');
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/\s(src|href)="(?!#)/);
		expect(html).toMatch(/Decisions fixture/);
		const markdown = readFileSync(join(dir, 'r.md'), 'utf8');
		const links = [...markdown.matchAll(/\]\(([^)#]+\.svg)\)/g)].map((m) => m[1]);
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) expect(existsSync(join(dir, link))).toBe(true);
	});

	it('diff of two runs that differ by a --set names the override and the cells that moved; a non-report exits 2', async () => {
		const dir = mkdtempSync(join(TEMP, 'run-'));
		await sim(FILE, '--json', join(dir, 'a.json'));
		await sim(FILE, '--set', 'x=normal(3, 1)', '--json', join(dir, 'b.json'));
		const { code, stdout } = await sim('diff', join(dir, 'a.json'), join(dir, 'b.json'));
		expect(code).toBe(0);
		expect(stdout).toMatch(/\+ x=normal\(3, 1\)/);
		expect(stdout).toMatch(/^\s+scaled\s/m);
		const notReport = await sim('diff', join(dir, 'a.json'), FILE);
		expect(notReport.code).toBe(2);
		expect(notReport.stderr).toMatch(/not a report/);
	});
});

describe('the cycle review (SPEC §4.6)', () => {
	it('prints each actual with its percentile and verdict, the effective sample size, and the runway before and after', async () => {
		const { code, stdout, stderr } = await sim(fixture('actuals'));
		expect(code).toBe(0);
		expect(stderr).toBe('');
		expect(stdout).toMatch(/Cycle review: the actuals against the forecast/);
		expect(stdout).toMatch(/^users +1 +1\.12k +1\.08k \(1\.01k–1\.15k\) +\d+% +inside the 90% band/m);
		expect(stdout).toMatch(/The re-plan rests on an effective [\d,]+ of 10,000 trials\./);
		expect(stdout).toMatch(/Runway before → after the actuals: P10 \d+ months → \d+ months/);
		expect(stdout).toMatch(/^growth +0\.0788 \(0\.0133–0\.145\) per month +0\.1\d+ \(0\.\d+–0\.\d+\) per month$/m);
	});

	it('--json - has calibration; actuals far outside the forecast warn on stderr', async () => {
		const { code, stdout, stderr } = await sim(fixture('actuals'), '--set', 'growth=uniform(-2, 2)', '--trials', '2000', '--json', '-');
		expect(code).toBe(0);
		const report: Report = JSON.parse(stdout);
		expect(report.calibration!.points.map((p) => p.cycle)).toEqual([1, 2, 3]);
		expect(report.calibration!.ess).toBeLessThan(100);
		expect(stderr).toMatch(/warning: the re-plan rests on an effective [\d.]+ trials \(below 100\): the actuals lie far outside the forecast/);
	});
});

describe('memory is estimated before a run', () => {
	it('a run larger than the limit is refused at once, saying how much it needs and what to lower', async () => {
		const before = process.env.SCALECAST_MEMORY_GB;
		process.env.SCALECAST_MEMORY_GB = '0.005';
		try {
			const { code, stderr, stdout } = await sim(fixture('decisions'), '--trials', '1000000');
			expect(code).toBe(2);
			expect(stdout).toBe('');
			expect(stderr).toMatch(/this run would need about [\d.]+ MB of memory \(histograms of \d+ series in each of \d threads\); the limit is 5 MB\. Run fewer trials/);
		} finally {
			if (before === undefined) delete process.env.SCALECAST_MEMORY_GB;
			else process.env.SCALECAST_MEMORY_GB = before;
		}
	});
});

describe('the real bin (bin/scalecast.js, the built CLI)', () => {
	it('exits 0 and prints on stdout the report and nothing else, the same as main in-process, its workers prebuilt', async () => {
		const [spawned, inProcess] = await Promise.all([
			spawnBin(DEFAULT, '--trials', '2100', '--seed', '5', '--workers', '2', '--json', '-'),
			simOnce(DEFAULT, '--trials', '2100', '--seed', '5', '--workers', '1', '--json', '-')
		]);
		expect(spawned.code).toBe(0);
		expect(spawned.stdout.endsWith('}\n')).toBe(true);
		expect(spawned.stdout.split('\n')).toHaveLength(2); // one line of JSON, then the final newline
		const report: Report = JSON.parse(spawned.stdout);
		expect(report.timing.workers).toBe(2);
		expect(withoutTiming(report)).toEqual(withoutTiming(JSON.parse(inProcess.stdout)));
	});

	it('exits 1 for an invalid notebook, with nothing on stdout', async () => {
		const { code, stdout, stderr } = await spawnBin(fixture('loop'), '--json', '-');
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/cells form a loop/);
	});

	it('stops quietly when its reader stops early (`| head`)', async () => {
		// a reader that takes the first chunk of a long report (~310 kB at 200 trials: more than a pipe holds) and closes the pipe
		const child = spawn(process.execPath, ['bin/scalecast.js', DEFAULT, '--trials', '200', '--json', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
		child.stdout.once('data', () => child.stdout.destroy());
		const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
		expect(stderr).toBe('');
		expect(code).toBe(0);
	});

	it('exits 2 for bad arguments', async () => {
		const { code, stdout, stderr } = await spawnBin(DEFAULT, '--trials', 'abc');
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toMatch(/--trials must be a whole number/);
	});
});
