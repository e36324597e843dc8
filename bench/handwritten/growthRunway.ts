// simulations/growth-runway.yaml written out by hand: one trial at a time, every cell a local
// variable, every value stored in a Float64Array; the yardstick for the engine (issue 5).
//
// Same model as the notebook: growth and churn drawn once per trial; users and cash are stocks
// (init at t = 0, formula from t = 1, with a fresh normal(0, 0.02) draw in users at every cycle
// from t = 1); revenue and costs are formulas at every cycle. Same samplers and the same kind of
// random source as the engine (one Alea stream per block of 1,000 trials and cell), consumed
// trial by trial rather than cycle by cycle, so results agree within Monte Carlo error, not bit
// for bit. Left out, as in socialNetworkMvp.ts: parsing, per-draw parameter checks, NaN checks.
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
		const end = Math.min(trials, (block + 1) * BLOCK_SIZE);
		for (let i = block * BLOCK_SIZE; i < end; i++) {
			const growth = normal(growthRng, 0.08, 0.03, 0);
			const churn = uniform(churnRng, 0.02, 0.06, 0);
			growthS[i] = growth;
			churnS[i] = churn;
			let users = 3000;
			let cash = 400000;
			let out = -1;
			for (let t = 0; t < cycles; t++) {
				if (t > 0) users = users * (1 + growth - churn + normal(usersRng, 0, 0.02, 0));
				const revenue = users * 5;
				const costs = 30000 + users * 2;
				if (t > 0) cash = cash + revenue - costs;
				if (out < 0 && cash < 0) out = t;
				const k = t * trials + i;
				usersS[k] = users;
				revenueS[k] = revenue;
				costsS[k] = costs;
				cashS[k] = cash;
			}
			firstOut[i] = out;
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
