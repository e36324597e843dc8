// simulations/growth-runway.yaml written out by hand: plain scalar code over Float64Arrays, the
// yardstick for the engine (issue 5). Layout and order as in socialNetworkMvp.ts: a block of
// 1,000 trials at a time, all its trials at each cycle, every value stored cycle-major.
//
// Same model as the notebook: growth and churn drawn once per trial; users and cash are stocks
// (init at t = 0, formula from t = 1, with a fresh normal(0, 0.02) draw in users at every cycle
// from t = 1); revenue and costs are formulas at every cycle. Same samplers, same Alea streams per
// (seed, block, cell) consumed in the same order as the engine, so with the same seed the values
// match the engine's; the bench runs it on another seed, so its figures differ from the engine's
// by Monte Carlo error only (test/bench/handwritten.test.ts checks both). Left out, as in
// socialNetworkMvp.ts: parsing, per-draw parameter checks, NaN checks, per-block copies.
import { DISTRIBUTIONS } from '../../src/lib/engine/distributions';
import { BLOCK_SIZE, randomStream } from '../../src/lib/engine/rng';
import { summarizeSeries, type HandwrittenReport, type HandwrittenSeries } from './summarizeSeries';

export const GROWTH_RUNWAY_CELLS = ['growth', 'churn', 'users', 'revenue', 'costs', 'cash'] as const;

const HORIZON = 36;

const normal = DISTRIBUTIONS.normal.sample;
const uniform = DISTRIBUTIONS.uniform.sample;

export function simulateGrowthRunway(trials: number, seed: number): HandwrittenSeries {
	const cycles = HORIZON + 1;
	const growthS = new Float64Array(trials);
	const churnS = new Float64Array(trials);
	const usersS = new Float64Array(trials * cycles);
	const revenueS = new Float64Array(trials * cycles);
	const costsS = new Float64Array(trials * cycles);
	const cashS = new Float64Array(trials * cycles);
	const firstOut = new Int32Array(trials).fill(-1);

	for (let block = 0; block * BLOCK_SIZE < trials; block++) {
		const growthRng = randomStream(seed, block, 'growth');
		const churnRng = randomStream(seed, block, 'churn');
		const usersRng = randomStream(seed, block, 'users');
		const first = block * BLOCK_SIZE;
		const end = Math.min(trials, first + BLOCK_SIZE);
		// Samples: drawn once per trial.
		for (let i = first; i < end; i++) {
			growthS[i] = normal(growthRng, 0.08, 0.03, 0);
			churnS[i] = uniform(churnRng, 0.02, 0.06, 0);
		}
		// Cycles, all trials of the block at each; a stock's value at t − 1 is read back at k − trials.
		for (let i = first; i < end; i++) {
			usersS[i] = 3000;
			revenueS[i] = 3000 * 5;
			costsS[i] = 30000 + 3000 * 2;
			cashS[i] = 400000;
		}
		for (let t = 1; t < cycles; t++) {
			for (let i = first; i < end; i++) {
				const k = t * trials + i;
				const users = usersS[k - trials] * (1 + growthS[i] - churnS[i] + normal(usersRng, 0, 0.02, 0));
				const revenue = users * 5;
				const costs = 30000 + users * 2;
				const cash = cashS[k - trials] + revenue - costs;
				if (cash < 0 && firstOut[i] < 0) firstOut[i] = t;
				usersS[k] = users;
				revenueS[k] = revenue;
				costsS[k] = costs;
				cashS[k] = cash;
			}
		}
	}

	return {
		trials,
		horizon: HORIZON,
		cells: [
			{ name: 'growth', perCycle: false, values: growthS },
			{ name: 'churn', perCycle: false, values: churnS },
			{ name: 'users', perCycle: true, values: usersS },
			{ name: 'revenue', perCycle: true, values: revenueS },
			{ name: 'costs', perCycle: true, values: costsS },
			{ name: 'cash', perCycle: true, values: cashS }
		],
		runway: { cell: 'cash', firstOut }
	};
}

/** The full report: the model's run and then the engine's statistics over it. */
export function runGrowthRunway(trials: number, seed: number): HandwrittenReport {
	return summarizeSeries(simulateGrowthRunway(trials, seed));
}
