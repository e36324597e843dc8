// Issue 14, the CLI under hostile sizes and values: what used to end in "internal error: Maximum
// call stack size exceeded" (exit 70) or in a silently finite number is an error naming the file,
// line and cell (exit 1), or runs. Notebooks are written to a temporary folder, not kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import type { Report } from '../../src/lib/engine/types';
import { tempFolder } from '../support/tempFolder';

type Outcome = { code: number; stdout: string; stderr: string };

/** Runs the CLI's `main` in this process, as bin.ts does, with stdout and stderr caught in strings. */
async function sim(...args: string[]): Promise<Outcome> {
	let stdout = '';
	let stderr = '';
	const code = await main(args, { stdout: { write: (text) => (stdout += text) }, stderr: { write: (text) => (stderr += text) } });
	return { code, stdout, stderr };
}

const folder = tempFolder('scalecast-hostile-');

/** Writes a notebook with these cells (YAML lines, indented as list items) and returns its path. */
function notebook(name: string, cells: string, { horizon = 3, trials = 200 } = {}): string {
	const path = join(folder, `${name}.yaml`);
	writeFileSync(path, `format: 1\ntitle: ${name}\ncycle: 1 month\nhorizon: ${horizon}\ntrials: ${trials}\nseed: 1\ncells:\n${cells}`);
	return path;
}

const terms = (count: number, term: string, separator: string) => Array.from({ length: count }, () => term).join(separator);
const BASE = '  - name: a\n    sample: uniform(1, 2)\n';

describe('hostile sizes', () => {
	it('a 100 kB formula (a+a+…, 50,000 terms) is refused naming the cell, exit 1', async () => {
		const file = notebook('long', `${BASE}  - name: total\n    formula: ${terms(50_000, 'a', '+')}\n`);
		const { code, stderr } = await sim(file, '--workers', '1');
		expect(stderr).toBe(`${file}:10: cell 'total': formula: formula too long: 99,999 characters; the limit is 20,000 — split it into cells\n`);
		expect(code).toBe(1);
	});

	it('max() of 30,000 arguments is refused as too long; of 9,000 it runs', async () => {
		const wide = notebook('wide', `${BASE}  - name: top\n    formula: max(${terms(30_000, 'a', ',')})\n`);
		const refused = await sim(wide, '--workers', '1');
		expect(refused.stderr).toMatch(/:10: cell 'top': formula: formula too long: 60,004 characters; the limit is 20,000 — split it into cells\n$/);
		expect(refused.code).toBe(1);

		const fits = notebook('wide-fits', `${BASE}  - name: top\n    formula: max(${terms(9_000, 'a', ',')}) - a\n`);
		const { code, stdout } = await sim(fits, '--workers', '1', '--json', '-');
		expect(code).toBe(0);
		const report: Report = JSON.parse(stdout);
		expect(report.cells.top.p95).toEqual([0, 0, 0, 0]);
	});

	it('a formula nested too deeply is refused naming the cell, exit 1 (brackets, chains, powers, unary minus)', async () => {
		const cases = {
			brackets: `${'('.repeat(5_000)}a${')'.repeat(5_000)}`,
			sum: terms(1_000, 'a', ' + '),
			powers: terms(6_000, 'a', '^'),
			negation: `${'-'.repeat(19_000)}a`
		};
		for (const [name, formula] of Object.entries(cases)) {
			const file = notebook(`deep-${name}`, `${BASE}  - name: ${name}\n    formula: '${formula}'\n`);
			const { code, stderr } = await sim(file, '--workers', '1');
			expect(stderr, name).toMatch(new RegExp(`^${file}:10: cell '${name}': formula: formula nested too deeply: .*; the limit is (50|400)\\b.* — split it into cells\\n$`));
			expect(code, name).toBe(1);
		}
	});

	it('a chain of 20,000 cells plans and runs', async () => {
		const cells = ['  - name: c0\n    formula: 1\n'];
		for (let i = 1; i < 20_000; i++) cells.push(`  - name: c${i}\n    formula: c${i - 1} + 1\n`);
		const file = notebook('chain', cells.join(''), { horizon: 1, trials: 10 });
		const { code, stdout, stderr } = await sim(file, '--workers', '1', '--json', '-');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const report: Report = JSON.parse(stdout);
		expect(report.cells.c19999.mean).toEqual([20_000, 20_000]);
	});

	it('a loop of 20,000 cells is named briefly, exit 1', async () => {
		const cells = ['  - name: c0\n    formula: c19999 + 1\n'];
		for (let i = 1; i < 20_000; i++) cells.push(`  - name: c${i}\n    formula: c${i - 1} + 1\n`);
		const file = notebook('loop', cells.join(''), { horizon: 1, trials: 10 });
		const { code, stderr } = await sim(file, '--workers', '1');
		expect(stderr).toBe(`${file}:8: cell 'c0': cells form a loop: c0 → c19999 → c19998 → c19997 → c19996 → … 19,991 more … → c4 → c3 → c2 → c1 → c0; break it with prev(), delay() or a stock\n`);
		expect(code).toBe(1);
	});
});

describe('hostile values', () => {
	// each hid a non-finite value behind a finite one; now the run stops naming the cell and cycle
	const HIDDEN = ['sqrt(-1)^0', '(1/0) > 5 ? 1 : 2', 'max(0, log(0))', 'exp(log(0))', '1 / (1/0)', 'clamp(1/0, 0, 1)'];

	it.each(HIDDEN)('%s in any trial is an error naming the cell and the cycle, exit 1', async (hidden) => {
		// from cycle 2 on, and in the trials where a > 1.5 only
		const file = notebook('hidden', `${BASE}  - name: hit\n    formula: 't >= 2 and a > 1.5 ? (${hidden}) : a'\n`);
		const { code, stdout, stderr } = await sim(file, '--workers', '1', '--json', '-');
		expect(stdout).toBe('');
		expect(stderr).toMatch(new RegExp(`^${file}:10: cell 'hit': formula: the value is not a finite number .*first at cycle 2, in \\d+ of 200 trials`));
		expect(code).toBe(1);
	});

	it('an invalid value in the branch not taken does not reach the cell (SPEC §1)', async () => {
		const file = notebook('untaken', `${BASE}  - name: safe\n    formula: 'a > 5 ? max(0, log(a - 5)) : a'\n`);
		const { code, stdout } = await sim(file, '--workers', '1', '--json', '-');
		expect(code).toBe(0);
		const report: Report = JSON.parse(stdout);
		expect(report.cells.safe.mean.every(Number.isFinite)).toBe(true);
	});

	it('a written number beyond ±1.8e308 is refused naming the cell, exit 1', async () => {
		const file = notebook('huge', `${BASE}  - name: huge\n    formula: '1e400 > 5 ? 1 : 2'\n`);
		const { code, stderr } = await sim(file, '--workers', '1');
		expect(stderr).toMatch(/:10: cell 'huge': formula: a number beyond ±1\.8e308 \(or Infinity\) is not allowed/);
		expect(code).toBe(1);
	});

	it.each(['NaN', 'Infinity', 'null', 'undefined'])('a cell named %s is refused, exit 1', async (name) => {
		// quoted: YAML reads a bare null as no value
		const file = notebook(`name-${name}`, `${BASE}  - name: '${name}'\n    formula: a + 1\n`);
		const { code, stderr } = await sim(file, '--workers', '1');
		expect(stderr).toContain(`:10: cell '${name}': '${name}' is read as a value in formulas, never as a cell's name, so nothing could refer to this cell — pick another name`);
		expect(code).toBe(1);
	});
});
