// simulations/growth-runway.yaml written out by hand: plain scalar code over Float64Arrays, the
// yardstick for the engine (issue 5). Layout and order as in socialNetworkMvp.ts: a block of
// 1,000 trials at a time, all its trials at each cycle, one Float64Array per cell, cycle-major.
//
// Same model as the notebook: growth and churn drawn once per trial; users and cash are stocks
// (init at t = 0, formula from t = 1, with a fresh normal(0, 0.02) draw in users at every cycle
// from t = 1); revenue and costs are formulas at every cycle. Same samplers, same Alea streams per
// (seed, block, cell) consumed in the same order as the engine, so with the same seed the values
// match the engine's; the bench runs it on another seed, so its figures differ from the engine's
// by Monte Carlo error only (test/bench/handwritten.test.ts checks both). Left out, as in
// socialNetworkMvp.ts: parsing, per-draw parameter checks, NaN checks, per-block copies.
import { DISTRIBUTIONS } from '../../src/lib/engine/language/distributions';
import { BLOCK_SIZE, randomStream } from '../../src/lib/engine/rng';
import { cellColumns, summarizeSeries, type HandwrittenReport, type HandwrittenSeries } from './summarizeSeries';

export const GROWTH_RUNWAY_CELLS = ['growth', 'churn', 'users', 'revenue', 'costs', 'cash'] as const;

const HORIZON = 36;

const normal = DISTRIBUTIONS.normal.sample;
const uniform = DISTRIBUTIONS.uniform.sample;

export function simulateGrowthRunway(trials: number, seed: number): HandwrittenSeries {
	const cycles = HORIZON + 1;
	const growthS = new Float64Array(trials);
	const churnS = new Float64Array(trials);
	// usersC[t][i]: trial i at cycle t, views of one array per cell as in the engine's Accumulator
	const usersC = cellColumns(cycles, trials);
	const revenueC = cellColumns(cycles, trials);
	const costsC = cellColumns(cycles, trials);
	const cashC = cellColumns(cycles, trials);
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
		// Cycle 0: the stocks' inits.
		for (let i = first; i < end; i++) {
			usersC[0][i] = 3000;
			revenueC[0][i] = 3000 * 5;
			costsC[0][i] = 30000 + 3000 * 2;
			cashC[0][i] = 400000;
		}
		// Cycles 1…36, all trials of the block at each.
		for (let t = 1; t < cycles; t++) {
			const usersP = usersC[t - 1], cashP = cashC[t - 1];
			const usersT = usersC[t], revenueT = revenueC[t], costsT = costsC[t], cashT = cashC[t];
			for (let i = first; i < end; i++) {
				const users = usersP[i] * (1 + growthS[i] - churnS[i] + normal(usersRng, 0, 0.02, 0));
				const revenue = users * 5;
				const costs = 30000 + users * 2;
				const cash = cashP[i] + revenue - costs;
				if (cash < 0 && firstOut[i] < 0) firstOut[i] = t;
				usersT[i] = users;
				revenueT[i] = revenue;
				costsT[i] = costs;
				cashT[i] = cash;
			}
		}
	}

	return {
		trials,
		horizon: HORIZON,
		cells: [
			{ name: 'growth', columns: [growthS] },
			{ name: 'churn', columns: [churnS] },
			{ name: 'users', columns: usersC },
			{ name: 'revenue', columns: revenueC },
			{ name: 'costs', columns: costsC },
			{ name: 'cash', columns: cashC }
		],
		runway: { cell: 'cash', firstOut }
	};
}

/** The full report: the model's run and then the engine's statistics over it. */
export function runGrowthRunway(trials: number, seed: number): HandwrittenReport {
	return summarizeSeries(simulateGrowthRunway(trials, seed));
}
