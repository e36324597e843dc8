// simulations/social-network-mvp.yaml written out by hand: plain scalar code over Float64Arrays,
// the practical speed limit for the model in JavaScript, the yardstick for the engine (issue 5).
//
// Same model as the notebook, cell for cell (45 named cells): samples drawn once per trial,
// stocks with init at t = 0 and their formula from t = 1, prev() of a formula 0 at t = 0,
// delay(x, k) 0 while t < k, a fresh lognormal draw in paid and organic sign-ups at every cycle
// (t = 0 included, as the engine does).
//
// Layout: a block of 1,000 trials at a time; within it, cycle by cycle, all trials at each cycle,
// every cell computed in registers and stored once, cycle-major (index t · trials + i), the
// layout the statistics need. Values at t − 1 (prev, stocks) and t − k (delay) are read back
// from those columns. (Writing one trial through all its cycles instead scatters its stores over
// 31 × 37 columns at once; MEASURED_SCATTER.) A side effect of this order: the draws come from
// the engine's own streams (Alea per seed, block and cell, DISTRIBUTIONS' samplers) in the
// engine's order, so with the same seed the values match the engine's. The bench runs it on
// another seed, so its figures differ from the engine's by Monte Carlo error only
// (test/bench/handwritten.test.ts checks both).
//
// What it leaves out, because the engine pays for them and a hand-written loop need not: parsing
// and compiling expressions, validating distribution parameters at every draw (here they are
// constants known to be valid), checking every value for NaN or ±Infinity, and copying each
// block's values into the run's columns.
import { DISTRIBUTIONS } from '../../src/lib/engine/distributions';
import { BLOCK_SIZE, randomStream } from '../../src/lib/engine/rng';
import { summarizeSeries, type HandwrittenReport, type HandwrittenSeries } from './summarizeSeries';

/** The notebook's named cells in file order; kept in sync with the YAML by test/bench/handwritten.test.ts. */
export const SOCIAL_NETWORK_MVP_CELLS = [
	'viral_rate', 'activation_rate', 'monthly_churn', 'cac', 'marketing_spend', 'paid_signups',
	'organic_signups', 'signups', 'registered_users', 'active_users', 'requests_per_user_day',
	'peak_factor', 'server_capacity', 'target_utilisation', 'peak_rps', 'has_load_balancer',
	'has_cache', 'has_sharding', 'servers', 'db_shards', 'migration_cost', 'cloud_cost',
	'ticket_rate', 'tickets', 'has_ticketing', 'support_staff', 'ticketing_fee', 'eng_openings',
	'backend_engineers', 'community_openings', 'community_managers', 'devops_engineers',
	'team_size', 'payroll', 'overhead', 'arpu', 'round_closes', 'round_month', 'round_size',
	'seed_round', 'funded', 'revenue', 'gross_burn', 'net_burn', 'cash'
] as const;

const SAMPLE_CELLS = new Set([
	'viral_rate', 'activation_rate', 'monthly_churn', 'cac', 'requests_per_user_day', 'peak_factor',
	'server_capacity', 'target_utilisation', 'ticket_rate', 'overhead', 'arpu', 'round_closes',
	'round_month', 'round_size'
]);

const HORIZON = 36;

const normal = DISTRIBUTIONS.normal.sample;
const lognormal = DISTRIBUTIONS.lognormal.sample;
const uniform = DISTRIBUTIONS.uniform.sample;
const pert = DISTRIBUTIONS.pert.sample;
const triangular = DISTRIBUTIONS.triangular.sample;
const bernoulli = DISTRIBUTIONS.bernoulli.sample;
const ci90 = DISTRIBUTIONS.ci90.sample;

/** round() of the notebook language: halves away from zero. */
function round(x: number): number {
	const r = Math.round(Math.abs(x));
	return x < 0 ? -r : r;
}

/** Every value of every cell at every cycle of `trials` trials. */
export function simulateSocialNetworkMvp(trials: number, seed: number): HandwrittenSeries {
	const cycles = HORIZON + 1;
	const store = new Map<string, Float64Array>();
	for (const name of SOCIAL_NETWORK_MVP_CELLS) store.set(name, new Float64Array(SAMPLE_CELLS.has(name) ? trials : trials * cycles));
	const column = (name: (typeof SOCIAL_NETWORK_MVP_CELLS)[number]) => store.get(name)!;

	const viralRateS = column('viral_rate'), activationRateS = column('activation_rate'), monthlyChurnS = column('monthly_churn');
	const cacS = column('cac'), requestsS = column('requests_per_user_day'), peakFactorS = column('peak_factor');
	const serverCapacityS = column('server_capacity'), targetUtilisationS = column('target_utilisation');
	const ticketRateS = column('ticket_rate'), overheadS = column('overhead'), arpuS = column('arpu');
	const roundClosesS = column('round_closes'), roundMonthS = column('round_month'), roundSizeS = column('round_size');

	const marketingSpendS = column('marketing_spend'), paidSignupsS = column('paid_signups');
	const organicSignupsS = column('organic_signups'), signupsS = column('signups');
	const registeredUsersS = column('registered_users'), activeUsersS = column('active_users');
	const peakRpsS = column('peak_rps'), hasLoadBalancerS = column('has_load_balancer'), hasCacheS = column('has_cache');
	const hasShardingS = column('has_sharding'), serversS = column('servers'), dbShardsS = column('db_shards');
	const migrationCostS = column('migration_cost'), cloudCostS = column('cloud_cost'), ticketsS = column('tickets');
	const hasTicketingS = column('has_ticketing'), supportStaffS = column('support_staff'), ticketingFeeS = column('ticketing_fee');
	const engOpeningsS = column('eng_openings'), backendEngineersS = column('backend_engineers');
	const communityOpeningsS = column('community_openings'), communityManagersS = column('community_managers');
	const devopsEngineersS = column('devops_engineers'), teamSizeS = column('team_size'), payrollS = column('payroll');
	const seedRoundS = column('seed_round'), fundedS = column('funded'), revenueS = column('revenue');
	const grossBurnS = column('gross_burn'), netBurnS = column('net_burn'), cashS = column('cash');

	const firstOut = new Int32Array(trials).fill(-1);

	for (let block = 0; block * BLOCK_SIZE < trials; block++) {
		const stream = (cell: string) => randomStream(seed, block, cell);
		const viralRng = stream('viral_rate'), activationRng = stream('activation_rate'), churnRng = stream('monthly_churn');
		const cacRng = stream('cac'), requestsRng = stream('requests_per_user_day'), peakFactorRng = stream('peak_factor');
		const capacityRng = stream('server_capacity'), ticketRateRng = stream('ticket_rate'), overheadRng = stream('overhead');
		const arpuRng = stream('arpu'), roundClosesRng = stream('round_closes'), roundMonthRng = stream('round_month');
		const roundSizeRng = stream('round_size'), paidRng = stream('paid_signups'), organicRng = stream('organic_signups');
		const first = block * BLOCK_SIZE;
		const end = Math.min(trials, first + BLOCK_SIZE);

		// Samples: drawn once per trial.
		for (let i = first; i < end; i++) {
			viralRateS[i] = Math.min(0.6, Math.max(0, normal(viralRng, 0.25, 0.1, 0)));
			activationRateS[i] = pert(activationRng, 0.25, 0.4, 0.6);
			monthlyChurnS[i] = uniform(churnRng, 0.05, 0.12, 0);
			cacS[i] = ci90(cacRng, 2, 10, 0);
			requestsS[i] = ci90(requestsRng, 150, 600, 0);
			peakFactorS[i] = uniform(peakFactorRng, 2, 4, 0);
			serverCapacityS[i] = ci90(capacityRng, 100, 300, 0);
			targetUtilisationS[i] = 0.6;
			ticketRateS[i] = ci90(ticketRateRng, 0.003, 0.015, 0);
			overheadS[i] = ci90(overheadRng, 1500, 5000, 0);
			arpuS[i] = ci90(arpuRng, 0.2, 1.0, 0);
			roundClosesS[i] = bernoulli(roundClosesRng, 0.65, 0, 0);
			roundMonthS[i] = round(triangular(roundMonthRng, 8, 12, 18));
			roundSizeS[i] = ci90(roundSizeRng, 1500000, 3500000, 0);
		}

		// Cycles, all trials of the block at each. Values at t − 1 (prev, stocks) and t − k
		// (delay) are read back from the columns, at k − trials and k − k·trials.
		for (let t = 0; t < cycles; t++) {
			const rampUp = Math.min(1, t / 12);
			for (let i = first; i < end; i++) {
				const k = t * trials + i;
				const p = k - trials; // the same trial at t − 1
				const viralRate = viralRateS[i], activationRate = activationRateS[i], monthlyChurn = monthlyChurnS[i];
				const cac = cacS[i], serverCapacity = serverCapacityS[i], targetUtilisation = targetUtilisationS[i];
				const roundSize = roundSizeS[i];
				// prev(x) before the start: a stock's init, a formula's 0
				const hadLoadBalancer = t > 0 ? hasLoadBalancerS[p] : 0;
				const hadCache = t > 0 ? hasCacheS[p] : 0;
				const hadSharding = t > 0 ? hasShardingS[p] : 0;
				const hadTicketing = t > 0 ? hasTicketingS[p] : 0;
				const wasFunded = t > 0 ? fundedS[p] : 0;
				const previousActiveUsers = t > 0 ? activeUsersS[p] : 200;

				// Money first: marketing and hiring depend on `funded`
				const seedRound = roundClosesS[i] === 1 && t === roundMonthS[i] ? roundSize : 0;
				const funded = wasFunded !== 0 || seedRound > 0 ? 1 : 0;
				// Users
				const marketingSpend = funded !== 0 ? roundSize / 80 : 3000;
				const paidSignups = (marketingSpend / cac) * lognormal(paidRng, 0, 0.15, 0);
				const organicSignups = previousActiveUsers * viralRate * lognormal(organicRng, 0, 0.25, 0);
				const signups = paidSignups + organicSignups;
				const registeredUsers = t > 0 ? registeredUsersS[p] + signups : 500;
				const activeUsers = t > 0 ? previousActiveUsers * (1 - monthlyChurn) + signups * activationRate : 200;
				// Infrastructure
				const peakRps = ((activeUsers * requestsS[i]) / 86400) * peakFactorS[i];
				const hasLoadBalancer = hadLoadBalancer !== 0 || peakRps > serverCapacity * targetUtilisation ? 1 : 0;
				const hasCache = hadCache !== 0 || peakRps > 300 ? 1 : 0;
				const hasSharding = hadSharding !== 0 || peakRps > 2500 ? 1 : 0;
				const servers =
					hasLoadBalancer !== 0
						? Math.ceil(peakRps / (serverCapacity * targetUtilisation * (hasCache !== 0 ? 1.5 : 1))) + 2
						: 1;
				const dbShards = hasSharding !== 0 ? Math.max(2, Math.ceil(peakRps / 1500)) : 1;
				const migrationCost =
					(hasLoadBalancer !== 0 && hadLoadBalancer === 0 ? 2000 : 0) +
					(hasCache !== 0 && hadCache === 0 ? 8000 : 0) +
					(hasSharding !== 0 && hadSharding === 0 ? 60000 : 0);
				const cloudCost =
					servers * 180 +
					(hasLoadBalancer !== 0 ? 25 : 0) +
					(hasCache !== 0 ? 300 : 0) +
					dbShards * (hasLoadBalancer !== 0 ? 600 : 60) +
					activeUsers * 0.01;
				// Support
				const tickets = activeUsers * ticketRateS[i];
				const hasTicketing = hadTicketing !== 0 || tickets > 400 ? 1 : 0;
				const supportStaff = tickets < 400 ? 0 : Math.ceil(tickets / 700);
				const ticketingFee = hasTicketing !== 0 ? 60 * (supportStaff + 2) : 0;
				// Team: delay(x, k) is x at t − k, and 0 (a formula's value before the start) while t < k
				const engOpenings = funded !== 0 ? Math.min(8, 3 + Math.floor(activeUsers / 75000)) : 1;
				const backendEngineers = t >= 3 ? engOpeningsS[k - 3 * trials] : 0;
				const communityOpenings = Math.floor(activeUsers / 40000);
				const communityManagers = t >= 2 ? communityOpeningsS[k - 2 * trials] : 0;
				const devopsEngineers = t >= 3 ? hasShardingS[k - 3 * trials] : 0;
				const teamSize = 2 + backendEngineers + communityManagers + devopsEngineers + supportStaff;
				const payroll =
					2 * 5000 + backendEngineers * 13500 + devopsEngineers * 15000 + communityManagers * 6500 + supportStaff * 4500;
				// Money
				const revenue = activeUsers * arpuS[i] * rampUp;
				const grossBurn =
					payroll + cloudCost + migrationCost + ticketingFee + marketingSpend + overheadS[i] + (funded !== 0 ? 4000 : 0);
				const netBurn = grossBurn - revenue;
				const cash = t > 0 ? cashS[p] - netBurn + seedRound : 400000;
				if (cash < 0 && firstOut[i] < 0) firstOut[i] = t;

				marketingSpendS[k] = marketingSpend;
				paidSignupsS[k] = paidSignups;
				organicSignupsS[k] = organicSignups;
				signupsS[k] = signups;
				registeredUsersS[k] = registeredUsers;
				activeUsersS[k] = activeUsers;
				peakRpsS[k] = peakRps;
				hasLoadBalancerS[k] = hasLoadBalancer;
				hasCacheS[k] = hasCache;
				hasShardingS[k] = hasSharding;
				serversS[k] = servers;
				dbShardsS[k] = dbShards;
				migrationCostS[k] = migrationCost;
				cloudCostS[k] = cloudCost;
				ticketsS[k] = tickets;
				hasTicketingS[k] = hasTicketing;
				supportStaffS[k] = supportStaff;
				ticketingFeeS[k] = ticketingFee;
				engOpeningsS[k] = engOpenings;
				backendEngineersS[k] = backendEngineers;
				communityOpeningsS[k] = communityOpenings;
				communityManagersS[k] = communityManagers;
				devopsEngineersS[k] = devopsEngineers;
				teamSizeS[k] = teamSize;
				payrollS[k] = payroll;
				seedRoundS[k] = seedRound;
				fundedS[k] = funded;
				revenueS[k] = revenue;
				grossBurnS[k] = grossBurn;
				netBurnS[k] = netBurn;
				cashS[k] = cash;
			}
		}
	}

	return {
		trials,
		horizon: HORIZON,
		cells: SOCIAL_NETWORK_MVP_CELLS.map((name) => ({ name, perCycle: !SAMPLE_CELLS.has(name), values: store.get(name)! })),
		runway: { cell: 'cash', firstOut }
	};
}

/** The full report: the model's run and then the engine's statistics over it. */
export function runSocialNetworkMvp(trials: number, seed: number): HandwrittenReport {
	return summarizeSeries(simulateSocialNetworkMvp(trials, seed));
}
