// The benchmark's hand-written loops must be the notebooks' models, or comparing their speed with
// the engine's means nothing. Two kinds of evidence: on another seed, every statistic checked
// agrees with the engine's within Monte Carlo error; on the engine's seed, the reports are equal
// value for value (the loops draw from the engine's streams in the engine's order).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROWTH_RUNWAY_CELLS, runGrowthRunway, simulateGrowthRunway } from '../../bench/handwritten/growthRunway';
import { runSocialNetworkMvp, simulateSocialNetworkMvp, SOCIAL_NETWORK_MVP_CELLS } from '../../bench/handwritten/socialNetworkMvp';
import { summarizeSeries, type HandwrittenSeries } from '../../bench/handwritten/summarizeSeries';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { simulate } from '../../src/lib/engine/simulate';
import type { Notebook, Report } from '../../src/lib/engine/types';

const TRIALS = 4000;
const ENGINE_SEED = 2026;
const OTHER_SEED = 7;
/** every comparison allows 4 standard errors: a false alarm has odds of about 1 in 16,000 */
const Z = 4;

function notebook(file: string): Notebook {
	const parsed = parseNotebook(readFileSync(file, 'utf8'), file);
	if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
	return parsed.value;
}

function engineReport(nb: Notebook, trials: number, seed: number, scenario = 'base'): Report {
	const report = simulate(nb, { trials, seed, scenario });
	if (!report.ok) throw new Error(report.errors.map((e) => e.message).join('; '));
	return report.value;
}

function namedCells(nb: Notebook): string[] {
	return nb.cells.flatMap((c) => (c.kind === 'sample' || c.kind === 'formula' || c.kind === 'stock' ? [c.name] : []));
}

/**
 * Where the hand-written run disagrees with the engine's report beyond Monte Carlo error:
 * - the share of trials out of money by each cycle (survival at the horizon included): a
 *   difference of two independent proportions, standard error √(p(1−p)(1/n₁ + 1/n₂)) with p pooled;
 * - the median of each key cell at the last cycle, compared in probability: the share of
 *   hand-written values below the engine's median is 1/2 up to the error of both samples' order
 *   statistics, √(¼/n₁ + ¼/n₂), whatever the cell's distribution. A cell with ties at the median
 *   (a count of people or servers) passes when the shares below and at-or-below bracket 1/2.
 */
function disagreements(engine: Report, hand: HandwrittenSeries, keyCells: string[]): string[] {
	const problems: string[] = [];
	const n1 = engine.trials;
	const n2 = hand.trials;
	const handReport = summarizeSeries(structuredClone(hand));
	const a = engine.runway!.cashOutByCycle;
	const b = handReport.runway!.cashOutByCycle;
	for (let t = 0; t < a.length; t++) {
		const p = (a[t] * n1 + b[t] * n2) / (n1 + n2);
		const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
		if (Math.abs(a[t] - b[t]) > Z * se) problems.push(`out of money by cycle ${t}: engine ${a[t]}, hand-written ${b[t]} (se ${se.toFixed(4)})`);
	}
	const last = hand.horizon;
	const se = Math.sqrt(0.25 / n1 + 0.25 / n2);
	for (const name of keyCells) {
		const cell = hand.cells.find((c) => c.name === name)!;
		const values = cell.columns[last];
		const m = engine.cells[name].p50[last];
		let below = 0;
		let atOrBelow = 0;
		for (const v of values) {
			if (v < m) below++;
			if (v <= m) atOrBelow++;
		}
		const lo = below / n2;
		const hi = atOrBelow / n2;
		if (hi < 0.5 - Z * se || lo > 0.5 + Z * se) {
			problems.push(`${name} at cycle ${last}: ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)}% of hand-written values lie below the engine's median ${m}`);
		}
	}
	return problems;
}

describe('bench/handwritten/socialNetworkMvp', () => {
	const nb = notebook('bench/models/social-network-mvp-v1.yaml');
	const keyCells = ['active_users', 'registered_users', 'servers', 'cloud_cost', 'team_size', 'payroll', 'cash'];

	it('computes the notebook’s 45 named cells, in file order', () => {
		expect(SOCIAL_NETWORK_MVP_CELLS).toEqual(namedCells(nb));
		expect(simulateSocialNetworkMvp(10, 1).cells.map((c) => c.name)).toEqual(namedCells(nb));
	});

	it('simulateSocialNetworkMvp(4000, 7) agrees with the engine’s report on seed 2026 within Monte Carlo error', () => {
		const engine = engineReport(nb, TRIALS, ENGINE_SEED);
		const hand = simulateSocialNetworkMvp(TRIALS, OTHER_SEED);
		expect(disagreements(engine, hand, keyCells)).toEqual([]);
	});

	it('the agreement check tells another model apart: the bear scenario', () => {
		const bear = engineReport(nb, TRIALS, ENGINE_SEED, 'bear');
		const hand = simulateSocialNetworkMvp(TRIALS, OTHER_SEED);
		expect(disagreements(bear, hand, keyCells).length).toBeGreaterThan(0);
	});

	it('runSocialNetworkMvp(2500, 2026) equals the engine’s report value for value (same streams, same order)', () => {
		// Pins every cell at every cycle. If the engine changes how it consumes random streams, this
		// fails while the Monte Carlo comparison above still holds; update the loop's draw order.
		const engine = engineReport(nb, 2500, ENGINE_SEED);
		const hand = runSocialNetworkMvp(2500, ENGINE_SEED);
		expect(hand.cells).toEqual(engine.cells);
		expect(hand.runway).toEqual(engine.runway);
		expect(hand.histograms).toEqual(engine.histograms);
	});
});

describe('bench/handwritten/growthRunway', () => {
	const nb = notebook('simulations/growth-runway.yaml');
	const keyCells = ['users', 'revenue', 'cash'];

	it('computes the notebook’s named cells, in file order', () => {
		expect(GROWTH_RUNWAY_CELLS).toEqual(namedCells(nb));
		expect(simulateGrowthRunway(10, 1).cells.map((c) => c.name)).toEqual(namedCells(nb));
	});

	it('simulateGrowthRunway(4000, 7) agrees with the engine’s report on seed 2026 within Monte Carlo error', () => {
		const engine = engineReport(nb, TRIALS, ENGINE_SEED);
		const hand = simulateGrowthRunway(TRIALS, OTHER_SEED);
		expect(disagreements(engine, hand, keyCells)).toEqual([]);
	});

	it('runGrowthRunway(2500, 2026) equals the engine’s report value for value (same streams, same order)', () => {
		const engine = engineReport(nb, 2500, ENGINE_SEED);
		const hand = runGrowthRunway(2500, ENGINE_SEED);
		expect(hand.cells).toEqual(engine.cells);
		expect(hand.runway).toEqual(engine.runway);
		expect(hand.histograms).toEqual(engine.histograms);
	});
});
