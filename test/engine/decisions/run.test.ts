// SPEC §4 through the real run: prepareRun + runSpec, in this thread and on a pool of workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/lib/engine/language/distributions';
import { parseNotebook } from '../../../src/lib/engine/notebook/readNotebook';
import { parseOverrideFlag, type Override } from '../../../src/lib/engine/notebook/scenarios';
import { prepareRun, runSpec, type RunOptions } from '../../../src/lib/engine/simulate';
import { prepared, reportOf } from './helpers';
import type { NotebookError, Report } from '../../../src/lib/engine/types';
import { createNodePool } from '../../../src/lib/workers/nodeWorkers';
import type { WorkerPool } from '../../../src/lib/workers/pool';

const PAIRED = `format: 1
title: paired
horizon: 12
trials: 20000
seed: 11
runway: cash
cells:
  - name: x
    sample: normal(0, 1)
  - name: other
    sample: uniform(0, 1)
  - name: scaled
    formula: x * 10 + t
  - name: untouched
    formula: other * 100 + normal(0, 1)
  - name: cash
    init: 50 + 100 * other
    formula: cash - 10 + x
events:
  late: t >= 5
  low_cash: cash < 20
scenarios:
  doubled:
    x: normal(0, 2)
  poorer:
    cash: {init: 20 + 100 * other}
`;

const spec = (text: string, options: RunOptions = {}) => prepared(text, options);
const run = (text: string, options: RunOptions = {}) => reportOf(text, options);

function errorsOf(text: string, options: RunOptions): NotebookError[] {
	const parsed = parseNotebook(text, 'paired.yaml');
	if (!parsed.ok) return parsed.errors;
	const prepared = prepareRun(parsed.value, options);
	if (prepared.ok) {
		const result = runSpec(prepared.value);
		if (result.ok) throw new Error('expected an error');
		return result.errors;
	}
	return prepared.errors;
}

const set = (text: string): Override => {
	const parsed = parseOverrideFlag(text);
	if (!parsed.ok) throw new Error(parsed.errors[0].message);
	return parsed.value;
};

const LEVELS = [5, 10, 25, 50, 75, 90, 95] as const;

describe('comparing scenarios (SPEC §4.3)', () => {
	const report = run(PAIRED, { compare: ['doubled', 'poorer'] });
	const doubled = report.comparison!.scenarios.doubled;
	const n = 20000;

	it('a scenario that doubles a normal input gives paired differences distributed as that input', () => {
		// Common random numbers: x(doubled) = 2z, x(base) = z, so d = z ~ normal(0, 1) trial by trial.
		const d = doubled.delta.cells.x;
		for (const p of LEVELS) {
			const q = normalQuantile(p / 100);
			// sd of a sample quantile: √(p(1 − p)/n) / φ(q)
			const se = Math.sqrt((p / 100) * (1 - p / 100) / n) / (Math.exp(-q * q / 2) / Math.sqrt(2 * Math.PI));
			expect(Math.abs(d[`p${p}`][0] - q)).toBeLessThan(4 * se);
		}
		expect(Math.abs(d.mean[0])).toBeLessThan(4 / Math.sqrt(n));
		expect(Math.abs(d.above[0] - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
		expect(d.above[0] + d.below[0]).toBe(1);
		// and the cells that read x move with it: scaled = 10x + t, so d = 10z at every cycle
		expect(doubled.delta.cells.scaled.p50[7]).toBeCloseTo(10 * d.p50[0], 9);
	});

	it('a cell that nothing in the scenario reaches has d = 0 in every trial', () => {
		for (const name of ['other', 'untouched']) {
			const d = doubled.delta.cells[name];
			for (const key of ['mean', 'p5', 'p50', 'p95', 'above', 'below'] as const) expect(new Set(d[key])).toEqual(new Set([0]));
			expect(doubled.cells[name]).toEqual(report.cells[name]);
		}
	});

	it("each scenario has its own statistics, equal to a run of that scenario alone", () => {
		const alone = run(PAIRED, { scenario: 'doubled' });
		expect(doubled.cells).toEqual(alone.cells);
		expect(doubled.runway).toEqual(alone.runway);
		expect(doubled.events).toEqual(alone.events);
		expect(doubled.overrides).toEqual({ x: 'normal(0, 2)' });
	});

	it('runway and events: the shares of trials where they come later, earlier or the same, paired', () => {
		// A lower init of cash: every trial runs out at the same cycle or earlier, never later.
		const poorer = report.comparison!.scenarios.poorer;
		expect(poorer.overrides).toEqual({ 'cash.init': '20 + 100 * other' });
		expect(poorer.delta.runway!.longer).toBe(0);
		expect(poorer.delta.runway!.shorter).toBeGreaterThan(0.5);
		expect(poorer.delta.runway!.longer + poorer.delta.runway!.shorter + poorer.delta.runway!.same).toBeCloseTo(1, 12);
		expect(poorer.delta.runway!.survives).toBeCloseTo(poorer.runway!.survives - report.runway!.survives, 12);
		expect(poorer.delta.events.low_cash.later).toBe(0);
		expect(poorer.delta.events.late).toEqual({ earlier: 0, later: 0, same: 1 });
	});

	it('--compare all compares every other scenario; --vary adds variants named NAME=EXPR', () => {
		const all = run(PAIRED, { compare: 'all', trials: 2000 });
		expect(Object.keys(all.comparison!.scenarios)).toEqual(['doubled', 'poorer']);
		expect(all.comparison!.reference).toBe('base');
		const fromBear = run(PAIRED, { scenario: 'doubled', compare: 'all', trials: 2000 });
		expect(Object.keys(fromBear.comparison!.scenarios)).toEqual(['base', 'poorer']);
		const varied = run(PAIRED, { vary: [set('x=normal(0, 3)'), set('cash.init=10')], trials: 2000 });
		expect(Object.keys(varied.comparison!.scenarios)).toEqual(['x=normal(0, 3)', 'cash.init=10']);
		expect(varied.comparison!.scenarios['cash.init=10'].overrides).toEqual({ 'cash.init': '10' });
	});

	it('only the cells an override reaches run again', () => {
		const s = spec(PAIRED, { compare: ['doubled'] });
		expect(s.variants[0].reached).toEqual([true, false, true, false, true]);
	});

	it('without --compare or --vary, comparison is null', () => {
		expect(run(PAIRED, { trials: 1000 }).comparison).toBeNull();
	});
});

describe('overrides (SPEC §4.1)', () => {
	it('--set replaces a cell for every run of the invocation and is listed in the report', () => {
		const report = run(PAIRED, { overrides: [set('x=normal(5, 0)')], compare: ['poorer'], trials: 1000 });
		expect(report.overrides).toEqual({ x: 'normal(5, 0)' });
		expect(report.cells.x.p5[0]).toBe(5);
		expect(report.comparison!.scenarios.poorer.cells.x.p95[0]).toBe(5);
		expect(run(PAIRED, { trials: 1000 }).overrides).toEqual({});
	});

	it('bad requests are usage errors naming the flag and the cell', () => {
		const cases: [RunOptions, RegExp][] = [
			[{ overrides: [set('usres=1')] }, /unknown cell 'usres' in --set/],
			[{ overrides: [set('x=normal(0, -1)')] }, /--set x=normal\(0, -1\): invalid sd/],
			[{ overrides: [set('x=nope + 1')] }, /--set x=nope \+ 1: .*unknown name 'nope'/],
			[{ vary: [set('scaled=x *')] }, /--vary scaled=x \*/],
			[{ compare: ['bare'] }, /--compare: unknown scenario 'bare'/],
			[{ compare: ['base'] }, /'base' is the reference already/],
			[{ fundingThrough: 13 }, /--funding-through must be a whole number from 1 to the horizon \(12\)/],
			[{ sensitivity: { kind: 'cell', cell: 'scald', cycle: 3 } }, /--sensitivity: unknown cell 'scald' — did you mean 'scaled'/],
			[{ sensitivity: { kind: 'cell', cell: 'scaled', cycle: 30 } }, /the cycle must be a whole number from 0 to the horizon/]
		];
		for (const [options, message] of cases) {
			const errors = errorsOf(PAIRED, { ...options, trials: 1000 });
			expect(errors.map((e) => e.message).join('\n')).toMatch(message);
			expect(errors.every((e) => e.code === 'usage')).toBe(true);
		}
	});
});

describe('events (SPEC §4.2)', () => {
	const report = run(PAIRED, { trials: 2000 });

	it('byCycle is the share of trials in which the condition has held by t; pK percentiles of the first cycle', () => {
		expect(report.events.late.byCycle).toEqual(Array.from({ length: 13 }, (_, t) => (t >= 5 ? 1 : 0)));
		expect(report.events.late).toMatchObject({ p10: 5, p50: 5, p90: 5, never: 0 });
		// cash_t = init − 10t + Σx: low_cash has held by t exactly when cash fell below 20 at some cycle ≤ t
		const low = report.events.low_cash;
		expect(low.byCycle.every((v, t) => t === 0 || v >= low.byCycle[t - 1])).toBe(true);
		expect(low.never).toBeCloseTo(1 - low.byCycle[12], 12);
	});

	it('a condition may not draw, and a failing condition names the event', () => {
		const drawing = PAIRED.replace('late: t >= 5', 'late: normal(0, 1) > 0');
		expect(errorsOf(drawing, {})[0].message).toMatch(/event 'late': a condition observes, it may not draw/);
		const failing = PAIRED.replace('late: t >= 5', 'late: sqrt(3 - t) >= 0');
		const [error] = errorsOf(failing, { trials: 1000 });
		expect(error.code).toBe('run');
		expect(error.line).toBe(20);
		expect(error.message).toMatch(/event 'late': the condition is not a finite number.*first at cycle 4/);
	});
});

describe('funding need (SPEC §4.4)', () => {
	// cash_t = c0 − b·t with c0 ~ uniform(0, 100), b = 5: need_k = max(0, 5T − c0) unless c0 − 5(k − 1) < 0.
	const LINEAR = `format: 1
title: linear burn
horizon: 36
trials: 20000
seed: 5
runway: cash
cells:
  - name: c0
    sample: uniform(0, 100)
  - name: cash
    init: c0
    formula: cash - 5
`;
	const report = run(LINEAR);
	const n = 20000;

	it('a linear burn gives funding needs in closed form', () => {
		const funding = report.funding!;
		expect(funding.through).toBe(36);
		// need = 180 − c0 ~ uniform(80, 180) for k ≤ 1 (never too late): P50 = 130, P90 = 170
		const se = (p: number) => (100 * Math.sqrt((p * (1 - p)) / n));
		expect(Math.abs(funding.p50[0]! - 130)).toBeLessThan(4 * se(0.5));
		expect(Math.abs(funding.p90[0]! - 170)).toBeLessThan(4 * se(0.9));
		// too late at k: c0 < 5(k − 1), share 5(k − 1)/100
		for (const k of [5, 11, 15]) expect(Math.abs(funding.tooLate[k] - (5 * (k - 1)) / 100)).toBeLessThan(4 * Math.sqrt(0.25 / n));
		expect(funding.p50[12]).toBeNull(); // more than half are too late by then
	});

	it('--funding-through T keeps the money lasting through T only', () => {
		const through = run(LINEAR, { fundingThrough: 10, trials: 2000 }).funding!;
		expect(through.through).toBe(10);
		// need = max(0, 50 − c0): half the trials need nothing; P90 = 50 − P10(c0) = 40
		expect(Math.abs(through.p90[0]! - 40)).toBeLessThan(4 * 100 * Math.sqrt(0.09 / 2000));
		expect(through.p50[0]!).toBeLessThan(4 * 100 * Math.sqrt(0.25 / 2000));
		expect(through.p90[11]).toBeNull();
	});

	it('sketch mode estimates the percentiles within the sketch bound; tooLate stays exact', () => {
		const exact = run(LINEAR, { trials: 5000 }).funding!;
		const sketched = run(LINEAR, { trials: 5000, quantiles: 'sketch' }).funding!;
		expect(sketched.tooLate).toEqual(exact.tooLate);
		for (let k = 0; k <= 36; k++) {
			for (const key of ['p50', 'p75', 'p90', 'p95'] as const) {
				const [a, b] = [exact[key][k], sketched[key][k]];
				if (a === null) expect(b).toBeNull();
				else expect(Math.abs(b! - a)).toBeLessThanOrEqual(0.005 * Math.abs(a) + 1e-9);
			}
		}
	});
});

describe('sensitivity (SPEC §4.5)', () => {
	const LINEAR_OUTCOME = `format: 1
title: linear outcome
horizon: 3
trials: 20000
seed: 3
cells:
  - name: a
    sample: uniform(0, 1)
  - name: b
    sample: uniform(0, 1)
  - name: fixed
    sample: 4
  - name: y
    formula: 3 * a + b
`;
	it('a linear outcome ranks its inputs by weight; constant inputs are left out', () => {
		const report = run(LINEAR_OUTCOME);
		const s = report.sensitivity!;
		expect(s.outcome).toBe('y@3');
		expect(s.inputs.map((i) => i.cell)).toEqual(['a', 'b']);
		// low.mean = E[y | a ≤ 0.1] = 3·0.05 + 0.5; high.mean = 3·0.95 + 0.5
		const [a] = s.inputs;
		expect(Math.abs(a.low.mean - 0.65)).toBeLessThan(0.05);
		expect(Math.abs(a.high.mean - 3.35)).toBeLessThan(0.05);
		expect(a.spearman).toBeGreaterThan(s.inputs[1].spearman);
	});

	it('the default outcome is running out by the horizon when there is a runway', () => {
		const s = run(PAIRED, { trials: 4000 }).sensitivity!;
		expect(s.outcome).toBe('runway');
		// cash falls faster when x is low: the trials with low x run out more often
		expect(s.inputs.find((i) => i.cell === 'x')!.spearman).toBeLessThan(0);
	});

	it('--sensitivity CELL@CYCLE explains that cell at that cycle', () => {
		expect(run(PAIRED, { sensitivity: { kind: 'cell', cell: 'scaled', cycle: 4 }, trials: 2000 }).sensitivity!.inputs[0].cell).toBe('x');
	});
});

describe('the same report for any number of workers', () => {
	let pools: WorkerPool[];
	beforeAll(async () => {
		pools = [await createNodePool(1), await createNodePool(2)];
	});
	afterAll(() => pools.forEach((pool) => pool.close()));

	const strip = (r: Report) => ({ ...r, timing: null });

	for (const quantiles of ['exact', 'sketch'] as const) {
		it(`a comparison with funding, events and sensitivity (${quantiles})`, async () => {
			const s = spec(PAIRED, { compare: 'all', vary: [set('x=0')], trials: 6500, quantiles });
			const inThread = runSpec(s);
			const [one, two] = await Promise.all(pools.map((pool) => pool.run(s)));
			if (!inThread.ok || !one.ok || !two.ok) throw new Error('a run failed');
			expect(strip(one.value)).toEqual(strip(inThread.value));
			expect(strip(two.value)).toEqual(strip(inThread.value));
		});
	}
});
