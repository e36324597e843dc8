import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/lib/engine/notebook/readNotebook';
import { applyOverrides, applyScenario, parseOverrideFlag } from '../../../src/lib/engine/notebook/scenarios';
import type { Notebook } from '../../../src/lib/engine/types';

const parsed = parseNotebook(
	[
		'format: 1',
		'title: T',
		'cells:',
		'  - name: growth',
		'    sample: normal(0.08, 0.03)',
		'  - name: users',
		'    init: 1000',
		'    formula: users * (1 + growth)',
		'  - name: costs',
		'    formula: 40000',
		'scenarios:',
		'  bear:',
		'    growth: 0.01'
	].join('\n'),
	'f.yaml'
);
if (!parsed.ok) throw new Error(parsed.errors[0].message);
const notebook = parsed.value;
const cell = (n: Notebook, name: string) => n.cells.find((c) => 'name' in c && c.name === name);

describe('parseOverrideFlag(text)', () => {
	it('splits NAME=EXPR and NAME.init=EXPR at the first =', () => {
		expect(parseOverrideFlag('users=500')).toEqual({ ok: true, value: { name: 'users', part: 'value', expr: '500' } });
		expect(parseOverrideFlag(' users.init = 2 * 3 ')).toEqual({ ok: true, value: { name: 'users', part: 'init', expr: '2 * 3' } });
		expect(parseOverrideFlag('on=users >= 3 ? 1 : 0')).toEqual({ ok: true, value: { name: 'on', part: 'value', expr: 'users >= 3 ? 1 : 0' } });
	});

	it('says what is missing, with code usage', () => {
		const message = (text: string) => {
			const result = parseOverrideFlag(text);
			if (result.ok) throw new Error('expected an error');
			expect(result.errors[0].code).toBe('usage');
			return result.errors[0].message;
		};
		expect(message('users')).toBe("--set needs NAME=EXPR (or NAME.init=EXPR for a stock's init), not 'users'");
		expect(message('=3')).toBe("--set '=3' names no cell — write NAME=EXPR");
		expect(message('users.init=')).toBe("--set 'users.init=' gives no expression — write users.init=EXPR");
	});
});

describe('applyOverrides(notebook, overrides)', () => {
	it('replaces a sample, a formula, a stock\'s formula and a stock\'s init, leaving the notebook given unchanged', () => {
		const before = structuredClone(notebook);
		const result = applyOverrides(notebook, [
			{ name: 'growth', part: 'value', expr: '0.1' },
			{ name: 'costs', part: 'value', expr: '50000' },
			{ name: 'users', part: 'value', expr: 'users * 2' },
			{ name: 'users', part: 'init', expr: '10' }
		]);
		if (!result.ok) throw new Error(result.errors[0].message);
		expect(cell(result.value, 'growth')).toMatchObject({ kind: 'sample', sample: '0.1' });
		expect(cell(result.value, 'costs')).toMatchObject({ kind: 'formula', formula: '50000' });
		expect(cell(result.value, 'users')).toMatchObject({ kind: 'stock', init: '10', formula: 'users * 2' });
		expect(notebook).toEqual(before);
		expect(applyOverrides(notebook, [])).toEqual({ ok: true, value: notebook });
	});

	it('applies on top of a scenario', () => {
		const bear = applyScenario(notebook, 'bear');
		if (!bear.ok) throw new Error('bear');
		const result = applyOverrides(bear.value, [{ name: 'costs', part: 'value', expr: '1' }]);
		expect(result.ok && cell(result.value, 'growth')).toMatchObject({ sample: '0.01' });
		expect(result.ok && cell(result.value, 'costs')).toMatchObject({ formula: '1' });
	});

	it('rejects an unknown cell with did-you-mean, and .init on a cell that is not a stock, with code usage', () => {
		const result = applyOverrides(notebook, [
			{ name: 'usres', part: 'value', expr: '1' },
			{ name: 'costs', part: 'init', expr: '1' },
			{ name: 'growth', part: 'init', expr: '1' }
		]);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => [e.code, e.cell, e.message])).toEqual([
			['usage', null, "unknown cell 'usres' in --set — did you mean 'users'?"],
			['usage', 'costs', "--set costs.init: 'costs' is a formula cell, not a stock — only a stock has an init; write --set costs=EXPR"],
			['usage', 'growth', "--set growth.init: 'growth' is a sample cell, not a stock — only a stock has an init; write --set growth=EXPR"]
		]);
	});
});
