// SPEC §4.6 through the real run: actuals, their percentiles, the effective sample size and the
// posterior, against closed forms within Monte Carlo error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizedWeights, weightedFirstCycles, weightedQuantiles } from '../../../src/lib/engine/decisions/calibration';
import { normalQuantile } from '../../../src/lib/engine/language/distributions';
import { parseNotebook } from '../../../src/lib/engine/notebook/readNotebook';
import { prepareRun, runSpec, type RunOptions } from '../../../src/lib/engine/simulate';
import { prepared, reportOf } from './helpers';
import type { Report } from '../../../src/lib/engine/types';
import { createNodePool } from '../../../src/lib/workers/nodeWorkers';
import type { WorkerPool } from '../../../src/lib/workers/pool';

const normalCdf = (x: number) => {
	// Abramowitz & Stegun 26.2.17 is enough for a test's expected value (error < 7.5e-8)
	const t = 1 / (1 + 0.2316419 * Math.abs(x));
	const d = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
	const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
	return x >= 0 ? 1 - p : p;
};

/** A normal prior for mu, a cell that reads it, and a measurement of that cell at cycle 1. */
const conjugate = (actual: number, sd: number, trials = 40000) => `format: 1
title: conjugate normal
horizon: 3
trials: ${trials}
seed: 7
runway: cash
cells:
  - name: mu
    sample: normal(10, 2)
  - name: level
    formula: mu
  - name: cash
    init: 100
    formula: cash - 20 + mu
actuals:
  level:
    values: {1: ${actual}}
    sd: ${sd}
`;

const spec = (text: string, options: RunOptions = {}) => prepared(text, options);
const run = (text: string, options: RunOptions = {}) => reportOf(text, options);

describe('calibration (SPEC §4.6)', () => {
	// Prior mu ~ normal(10, 2), observed 13 with sd 1: posterior precision 1/4 + 1 = 1.25,
	// mean (10/4 + 13) / 1.25 = 12.4, sd √(1/1.25) ≈ 0.894.
	const report = run(conjugate(13, 1));
	const calibration = report.calibration!;
	const [m, s] = [12.4, Math.sqrt(1 / 1.25)];

	it('a normal prior observed with normal error has the conjugate normal posterior', () => {
		const posterior = calibration.posterior.cells.mu;
		// importance sampling: the posterior rests on about `ess` trials
		const ess = calibration.ess;
		expect(Math.abs(posterior.mean[0] - m)).toBeLessThan((4 * s) / Math.sqrt(ess));
		for (const p of [5, 25, 50, 75, 95] as const) {
			const q = normalQuantile(p / 100);
			const density = Math.exp(-q * q / 2) / Math.sqrt(2 * Math.PI);
			const se = (s * Math.sqrt(((p / 100) * (1 - p / 100)) / ess)) / density;
			expect(Math.abs(posterior[`p${p}`][0] - (m + s * q))).toBeLessThan(4 * se);
		}
		// and the cells that read it follow: level = mu
		expect(calibration.posterior.cells.level.p50[2]).toBe(posterior.p50[0]);
	});

	it('the effective sample size is (Σw)² / Σw², here close to its expectation for normal weights', () => {
		// With prior normal(10, 2) and likelihood normal(13, 1): E[w]² / E[w²] · n, from the Gaussian integrals.
		const [m0, s0, y, sd, n] = [10, 2, 13, 1, 40000];
		const ew = Math.exp(-((y - m0) ** 2) / (2 * (s0 ** 2 + sd ** 2))) * Math.sqrt(sd ** 2 / (s0 ** 2 + sd ** 2));
		const ew2 = Math.exp(-((y - m0) ** 2) / (2 * (s0 ** 2 + sd ** 2 / 2))) * Math.sqrt(sd ** 2 / 2 / (s0 ** 2 + sd ** 2 / 2));
		const expected = (n * ew * ew) / ew2;
		expect(Math.abs(calibration.ess / expected - 1)).toBeLessThan(0.05);
	});

	it("each actual's percentile is where it falls in the forecast's distribution", () => {
		const [point] = calibration.points;
		expect(point).toMatchObject({ cell: 'level', cycle: 1, actual: 13 });
		const p = normalCdf((13 - 10) / 2);
		expect(Math.abs(point.percentile - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 40000));
	});

	it('the posterior runway, events, funding and sensitivity are there; the prior report is unchanged', () => {
		const prior = run(conjugate(13, 1).replace(/actuals:[\s\S]*$/, ''));
		expect(report.cells).toEqual(prior.cells);
		expect(report.runway).toEqual(prior.runway);
		expect(calibration.posterior.runway!.survives).toBeGreaterThan(report.runway!.survives);
		expect(calibration.posterior.funding!.p50).toHaveLength(4);
		expect(calibration.posterior.sensitivity!.inputs[0].cell).toBe('mu');
		expect(calibration.inputs).toEqual([
			{ cell: 'mu', prior: { p5: prior.cells.mu.p5[0], p50: prior.cells.mu.p50[0], p95: prior.cells.mu.p95[0] }, posterior: expect.any(Object) }
		]);
		expect(calibration.inputs[0].posterior.p95 - calibration.inputs[0].posterior.p5).toBeLessThan(prior.cells.mu.p95[0] - prior.cells.mu.p5[0]);
	});

	it('actuals far outside the forecast: weights that would all underflow give no NaN and a tiny ess', () => {
		const far = run(conjugate(1e6, 1, 2000)).calibration!;
		expect(Number.isFinite(far.ess)).toBe(true);
		expect(far.ess).toBeLessThan(1.5);
		expect(far.points[0].percentile).toBe(1);
		for (const value of Object.values(far.posterior.cells).flatMap((c) => [...c.mean, ...c.p50])) expect(Number.isNaN(value)).toBe(false);
	});

	it('without actuals, calibration is null', () => {
		expect(run(conjugate(13, 1, 1000).replace(/actuals:[\s\S]*$/, '')).calibration).toBeNull();
	});
});

describe('weighted statistics', () => {
	it('weighted percentiles invert the weighted empirical distribution', () => {
		const values = new Float64Array([3, 1, 2, 4]);
		const weights = new Float64Array([0.1, 0.2, 0.3, 0.4]);
		// sorted 1 (0.2), 2 (0.3), 3 (0.1), 4 (0.4): cumulative 0.2, 0.5, 0.6, 1
		expect(weightedQuantiles(values, weights, [0.1, 0.2, 0.5, 0.55, 0.6, 0.61, 1])).toEqual([1, 1, 2, 3, 3, 4, 4]);
	});

	it('normalised weights sum to 1, and the ess of equal weights is n', () => {
		const { weights, ess } = normalizedWeights(new Float64Array([-3, -3, -3, -3]));
		expect([...weights]).toEqual([0.25, 0.25, 0.25, 0.25]);
		expect(ess).toBeCloseTo(4, 12);
	});

	it('weighted first cycles count never as +∞', () => {
		const summary = weightedFirstCycles(new Int32Array([2, -1, 0]), new Float64Array([0.5, 0.3, 0.2]), 3);
		expect(summary.byCycle).toEqual([0.2, 0.2, 0.7, 0.7]);
		expect(summary.never).toBeCloseTo(0.3, 12);
		expect(summary).toMatchObject({ p10: 0, p50: 2, p90: null });
	});
});

describe('bad actuals are errors naming the cell', () => {
	const withActuals = (actuals: string) => `format: 1
title: bad
horizon: 3
cells:
  - name: users
    sample: 1
actuals:
${actuals}
`;
	it.each([
		['  usres:\n    values: {1: 2}', /actuals: unknown cell 'usres' — did you mean 'users'/],
		['  users:\n    values: {4: 2}', /actuals of 'users': cycle '4' must be a whole number from 0 to the horizon \(3\)/],
		['  users:\n    values: {1: 2}\n    noise: 0.1\n    sd: 3', /actuals of 'users': give noise \(relative sd\) or sd \(absolute\), not both/],
		['  users:\n    values: {1: .nan}', /actuals of 'users': the value at cycle 1 must be a finite number/],
		['  users:\n    values: {1: 2}\n    sd: -1', /actuals of 'users': sd must be a number > 0/]
	])('%s', (actuals, message) => {
		const parsed = parseNotebook(withActuals(actuals), 'bad.yaml');
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) {
			expect(parsed.errors.map((e) => e.message).join('\n')).toMatch(message);
			expect(parsed.errors[0].line).toBeGreaterThanOrEqual(7);
		}
	});
});

describe('the same calibration for any number of workers', () => {
	let pools: WorkerPool[];
	beforeAll(async () => {
		pools = [await createNodePool(1), await createNodePool(2)];
	});
	afterAll(() => pools.forEach((pool) => pool.close()));

	it('posterior and points identical in this thread and on 1 or 2 workers', async () => {
		const s = spec(conjugate(12, 1.5, 5500));
		const inThread = runSpec(s);
		const [one, two] = await Promise.all(pools.map((pool) => pool.run(s)));
		if (!inThread.ok || !one.ok || !two.ok) throw new Error('a run failed');
		expect(one.value.calibration).toEqual(inThread.value.calibration);
		expect(two.value.calibration).toEqual(inThread.value.calibration);
	});
});
