import { describe, expect, test } from 'vitest';
import { stampReport } from '../../src/lib/report/stamps';
import { isReport } from '../../src/lib/report/validate';
import { makeReport } from './fixtures';

describe('stampReport', () => {
	const report = makeReport({ trials: 200 });

	test('adds notebook {file, sha256}, engine {version} and created (ISO 8601) without changing the report', () => {
		const { notebook: _n, engine: _e, created: _c, ...bare } = report;
		const stamped = stampReport(bare, { file: 'simulations/x.yaml', sha256: 'AB'.repeat(32), version: '1.2.3', created: new Date(Date.UTC(2026, 2, 4, 5, 6, 7)) });
		expect(stamped.notebook).toEqual({ file: 'simulations/x.yaml', sha256: 'ab'.repeat(32) });
		expect(stamped.engine).toEqual({ version: '1.2.3' });
		expect(stamped.created).toBe('2026-03-04T05:06:07.000Z');
		expect(Object.keys(stamped).slice(0, 5)).toEqual(['format', 'title', 'notebook', 'engine', 'created']);
		const { notebook: _n2, engine: _e2, created: _c2, ...rest } = stamped;
		expect(rest).toEqual(bare);
		expect(bare).not.toHaveProperty('notebook');
		expect(isReport(JSON.parse(JSON.stringify(stamped)))).toBe(true);
	});

	test('replaces stamps already there', () => {
		const again = stampReport(report, { file: 'b.yaml', sha256: 'cd'.repeat(32), version: '2.0.0', created: '2027-01-01T00:00:00.000Z' });
		expect(again.notebook.file).toBe('b.yaml');
		expect(again.engine.version).toBe('2.0.0');
		expect(again.created).toBe('2027-01-01T00:00:00.000Z');
	});
});
