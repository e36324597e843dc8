import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffCommand } from '../../src/cli/diff';
import { diffReports, formatDiff, type ReportDiff } from '../../src/lib/report/diff';
import { isReport } from '../../src/lib/report/validate';
import { tempFolder } from '../support/tempFolder';
import { TEXT, makeReport } from './fixtures';

const dir = tempFolder('scalecast-diff-');
function save(name: string, json: unknown): string {
	const path = join(dir, name);
	writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
	return path;
}

async function run(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await diffCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readFile: (p) => readFile(p, 'utf8') });
	return { code, stdout, stderr };
}

describe('diff of two reports', () => {
	const base = makeReport();
	const churned = makeReport({ set: ['churn=uniform(0.05, 0.09)'] });

	test('names the override and the cells that moved, largest relative moves first', () => {
		const diff = diffReports(base, churned);
		expect(diff.overrides).toEqual({ added: [{ name: 'churn', expr: 'uniform(0.05, 0.09)' }], removed: [], changed: [] });
		expect(diff.sameNotebook).toBe(true);
		expect(diff.settings.seed.same).toBe(true);
		expect(diff.cycles).toEqual([0, 6, 12, 24]);
		const moved = new Set(diff.cells.moves.map((m) => m.cell));
		for (const cell of ['churn', 'customers', 'revenue', 'costs', 'cash']) expect(moved.has(cell)).toBe(true);
		expect(moved.has('growth')).toBe(false); // untouched by the override, same draws
		const scores = diff.cells.moves.map((m) => m.score);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
		expect(diff.headline.find((m) => m.name === 'survives')!.change).toBeLessThan(0);

		const text = formatDiff(diff, { names: ['a.json', 'b.json'] });
		expect(text).toContain('+ churn=uniform(0.05, 0.09)');
		expect(text).toMatch(/notebook\s+simulations\/tiny-shop.yaml \(same file, same sha256\)/);
		expect(text).toMatch(/\n {2}customers +month 24 /);
		expect(text).toMatch(/runway P50/);
		expect(text).toMatch(/\(cell, cycle\) pairs? unchanged/);
	});

	test('a report against itself: nothing moved', () => {
		const diff = diffReports(base, base);
		expect(diff.cells.moves).toEqual([]);
		expect(diff.headline.every((m) => m.change === 0 || m.old === m.new)).toBe(true);
		expect(formatDiff(diff)).toContain('no cell moved');
	});

	test('reports of different notebook versions: cells added and removed, events, settings', () => {
		const v2 = TEXT.replace('  - name: revenue\n', '  - name: fees\n    formula: customers * 1\n    unit: $\n  - name: revenue\n')
			.replace('formula: 12000 + customers * 4', 'formula: 12000 + customers * 4 + fees')
			.replace(/ {2}- name: churn\n {4}sample: uniform\(0.02, 0.05\)\n {4}unit: per month\n/, '')
			.replace('growth - churn', 'growth - 0.03')
			.replace('horizon: 24', 'horizon: 30');
		const other = { ...makeReport({ trials: 1000, seed: 9 }, v2), notebook: { file: 'simulations/tiny-shop.yaml', sha256: 'cd'.repeat(32) } };
		const diff = diffReports(base, other);
		expect(diff.cells.added).toEqual(['fees']);
		expect(diff.cells.removed).toEqual(['churn']);
		expect(diff.sameNotebook).toBe(false);
		expect(diff.settings.trials).toEqual({ old: 2000, new: 1000, same: false });
		expect(diff.cycles).toEqual([0, 6, 12, 24]); // the shorter horizon
		const text = formatDiff(diff);
		expect(text).toContain('added (only in new): fees');
		expect(text).toContain('removed (only in old): churn');
		expect(text).toMatch(/sha256 differs \(abababababab → cdcdcdcdcdcd\)/);
		expect(text).toContain('2,000 → 1,000');
		expect(text).toMatch(/seed +7 → 9/);
	});

	test('compared scenarios added and removed', () => {
		const diff = diffReports(base, makeReport({ compare: ['bear'] }));
		expect(diff.scenarios.added).toEqual(['bear']);
		expect(formatDiff(diff)).toContain('+ bear   (compared only in new)');
	});
});

describe('diffCommand (sim -- diff OLD NEW)', () => {
	const a = save('a.json', makeReport());
	const b = save('b.json', makeReport({ set: ['churn=uniform(0.05, 0.09)'] }));

	test('prints the table and exits 0 for two reports', async () => {
		const { code, stdout, stderr } = await run(a, b);
		expect(code).toBe(0);
		expect(stderr).toBe('');
		expect(stdout).toContain(`Reports: ${a} (old) → ${b} (new)`);
		expect(stdout).toContain('+ churn=uniform(0.05, 0.09)');
	});

	test('--json - prints the diff as JSON only', async () => {
		const { code, stdout } = await run(a, b, '--json', '-');
		expect(code).toBe(0);
		const diff: ReportDiff = JSON.parse(stdout);
		expect(diff.overrides.added[0].name).toBe('churn');
		expect(diff.cells.moves.length).toBeGreaterThan(0);
	});

	test('exits 2 for a file that is not a report, not JSON, missing, or bad arguments', async () => {
		const notReport = save('not-report.json', { format: 1, title: 'x' });
		const notJson = save('not-json.json', 'format: 1\ntitle: x\n');
		for (const [args, message] of [
			[[a, notReport], /not-report.json: not a report/],
			[[notJson, b], /not-json.json: not a report \(not JSON\)/],
			[[a, join(dir, 'missing.json')], /missing.json: no such file/],
			[[a], /needs two reports/],
			[[a, b, '--bogus'], /bogus/]
		] as const) {
			const { code, stdout, stderr } = await run(...args);
			expect(code).toBe(2);
			expect(stdout).toBe('');
			expect(stderr).toMatch(message);
		}
	});

	test('isReport tells a report from other JSON', () => {
		expect(isReport(JSON.parse(JSON.stringify(makeReport({ trials: 100 }))))).toBe(true);
		expect(isReport({})).toBe(false);
		expect(isReport([])).toBe(false);
		expect(isReport(null)).toBe(false);
	});
});
