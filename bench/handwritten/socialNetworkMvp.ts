// bench/models/social-network-mvp-v1.yaml (the first default notebook) written out by hand: plain scalar code over Float64Arrays,
// the practical speed limit for the model in JavaScript, the yardstick for the engine (issue 5).
//
// Same model as the notebook, cell for cell (45 named cells): samples drawn once per trial,
// stocks with init at t = 0 and their formula from t = 1, prev() of a formula 0 at t = 0,
// delay(x, k) 0 while t < k, a fresh lognormal draw in paid and organic sign-ups at every cycle
// (t = 0 included, as the engine does).
//
// Layout: a block of 1,000 trials at a time; within it, cycle by cycle, all trials at each cycle,
// every cell computed in registers and stored once, in one Float64Array per cell, cycle-major:
// the layout of the engine's Accumulator, so both allocate the same memory and summarize it the
// same way. Values at t − 1 (prev, stocks) and t − k (delay) are read back from those arrays. A side
// effect of this order: the draws come from the engine's own streams (Alea per seed, block and
// cell, DISTRIBUTIONS' samplers) in the engine's order, so with the same seed the values match
// the engine's. The bench runs it on another seed, so its figures differ from the engine's by
// Monte Carlo error only (test/bench/handwritten.test.ts checks both).
//
// What it leaves out, because the engine pays for them and a hand-written loop need not: parsing
// and compiling expressions, validating distribution parameters at every draw (here they are
// constants known to be valid), checking every value for NaN or ±Infinity, and copying each
// block's values into the run's columns.
import { DISTRIBUTIONS } from '../../src/lib/engine/language/distributions';
import { BLOCK_SIZE, randomStream } from '../../src/lib/engine/rng';
import { cellColumns, summarizeSeries, type HandwrittenReport, type HandwrittenSeries } from './summarizeSeries';

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
	// columns[cell][t]: every trial's value at cycle t (a sample cell has one column), views of one
	// array per cell, cycle-major, as the engine's Accumulator allocates them
	const columns = new Map<string, Float64Array[]>();
	for (const name of SOCIAL_NETWORK_MVP_CELLS) columns.set(name, cellColumns(SAMPLE_CELLS.has(name) ? 1 : cycles, trials));
	const sample = (name: (typeof SOCIAL_NETWORK_MVP_CELLS)[number]) => columns.get(name)![0];
	const perCycle = (name: (typeof SOCIAL_NETWORK_MVP_CELLS)[number]) => columns.get(name)!;

	const viralRateS = sample('viral_rate'), activationRateS = sample('activation_rate'), monthlyChurnS = sample('monthly_churn');
	const cacS = sample('cac'), requestsS = sample('requests_per_user_day'), peakFactorS = sample('peak_factor');
	const serverCapacityS = sample('server_capacity'), targetUtilisationS = sample('target_utilisation');
	const ticketRateS = sample('ticket_rate'), overheadS = sample('overhead'), arpuS = sample('arpu');
	const roundClosesS = sample('round_closes'), roundMonthS = sample('round_month'), roundSizeS = sample('round_size');

	const marketingSpendC = perCycle('marketing_spend'), paidSignupsC = perCycle('paid_signups');
	const organicSignupsC = perCycle('organic_signups'), signupsC = perCycle('signups');
	const registeredUsersC = perCycle('registered_users'), activeUsersC = perCycle('active_users');
	const peakRpsC = perCycle('peak_rps'), hasLoadBalancerC = perCycle('has_load_balancer'), hasCacheC = perCycle('has_cache');
	const hasShardingC = perCycle('has_sharding'), serversC = perCycle('servers'), dbShardsC = perCycle('db_shards');
	const migrationCostC = perCycle('migration_cost'), cloudCostC = perCycle('cloud_cost'), ticketsC = perCycle('tickets');
	const hasTicketingC = perCycle('has_ticketing'), supportStaffC = perCycle('support_staff'), ticketingFeeC = perCycle('ticketing_fee');
	const engOpeningsC = perCycle('eng_openings'), backendEngineersC = perCycle('backend_engineers');
	const communityOpeningsC = perCycle('community_openings'), communityManagersC = perCycle('community_managers');
	const devopsEngineersC = perCycle('devops_engineers'), teamSizeC = perCycle('team_size'), payrollC = perCycle('payroll');
	const seedRoundC = perCycle('seed_round'), fundedC = perCycle('funded'), revenueC = perCycle('revenue');
	const grossBurnC = perCycle('gross_burn'), netBurnC = perCycle('net_burn'), cashC = perCycle('cash');

	// A formula's value before the start is 0 (prev at t = 0, delay while t < k).
	const zeros = new Float64Array(trials);
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

		// Cycles, all trials of the block at each.
		for (let t = 0; t < cycles; t++) {
			const rampUp = Math.min(1, t / 12);
			// values at t − 1 (prev, stocks) and t − k (delay); stocks' values before the start are
			// their inits, handled where they are read
			const hadLoadBalancerP = t > 0 ? hasLoadBalancerC[t - 1] : zeros;
			const hadCacheP = t > 0 ? hasCacheC[t - 1] : zeros;
			const hadShardingP = t > 0 ? hasShardingC[t - 1] : zeros;
			const hadTicketingP = t > 0 ? hasTicketingC[t - 1] : zeros;
			const wasFundedP = t > 0 ? fundedC[t - 1] : zeros;
			const activeUsersP = t > 0 ? activeUsersC[t - 1] : zeros;
			const registeredUsersP = t > 0 ? registeredUsersC[t - 1] : zeros;
			const cashP = t > 0 ? cashC[t - 1] : zeros;
			const engOpeningsD3 = t >= 3 ? engOpeningsC[t - 3] : zeros;
			const communityOpeningsD2 = t >= 2 ? communityOpeningsC[t - 2] : zeros;
			const hasShardingD3 = t >= 3 ? hasShardingC[t - 3] : zeros;
			const marketingSpendT = marketingSpendC[t], paidSignupsT = paidSignupsC[t], organicSignupsT = organicSignupsC[t];
			const signupsT = signupsC[t], registeredUsersT = registeredUsersC[t], activeUsersT = activeUsersC[t];
			const peakRpsT = peakRpsC[t], hasLoadBalancerT = hasLoadBalancerC[t], hasCacheT = hasCacheC[t];
			const hasShardingT = hasShardingC[t], serversT = serversC[t], dbShardsT = dbShardsC[t];
			const migrationCostT = migrationCostC[t], cloudCostT = cloudCostC[t], ticketsT = ticketsC[t];
			const hasTicketingT = hasTicketingC[t], supportStaffT = supportStaffC[t], ticketingFeeT = ticketingFeeC[t];
			const engOpeningsT = engOpeningsC[t], backendEngineersT = backendEngineersC[t];
			const communityOpeningsT = communityOpeningsC[t], communityManagersT = communityManagersC[t];
			const devopsEngineersT = devopsEngineersC[t], teamSizeT = teamSizeC[t], payrollT = payrollC[t];
			const seedRoundT = seedRoundC[t], fundedT = fundedC[t], revenueT = revenueC[t];
			const grossBurnT = grossBurnC[t], netBurnT = netBurnC[t], cashT = cashC[t];

			for (let i = first; i < end; i++) {
				const viralRate = viralRateS[i], activationRate = activationRateS[i], monthlyChurn = monthlyChurnS[i];
				const cac = cacS[i], serverCapacity = serverCapacityS[i], targetUtilisation = targetUtilisationS[i];
				const roundSize = roundSizeS[i];
				const hadLoadBalancer = hadLoadBalancerP[i], hadCache = hadCacheP[i], hadSharding = hadShardingP[i];
				const previousActiveUsers = t > 0 ? activeUsersP[i] : 200;

				// Money first: marketing and hiring depend on `funded`
				const seedRound = roundClosesS[i] === 1 && t === roundMonthS[i] ? roundSize : 0;
				const funded = wasFundedP[i] !== 0 || seedRound > 0 ? 1 : 0;
				// Users
				const marketingSpend = funded !== 0 ? roundSize / 80 : 3000;
				const paidSignups = (marketingSpend / cac) * lognormal(paidRng, 0, 0.15, 0);
				const organicSignups = previousActiveUsers * viralRate * lognormal(organicRng, 0, 0.25, 0);
				const signups = paidSignups + organicSignups;
				const registeredUsers = t > 0 ? registeredUsersP[i] + signups : 500;
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
				const hasTicketing = hadTicketingP[i] !== 0 || tickets > 400 ? 1 : 0;
				const supportStaff = tickets < 400 ? 0 : Math.ceil(tickets / 700);
				const ticketingFee = hasTicketing !== 0 ? 60 * (supportStaff + 2) : 0;
				// Team
				const engOpenings = funded !== 0 ? Math.min(8, 3 + Math.floor(activeUsers / 75000)) : 1;
				const backendEngineers = engOpeningsD3[i];
				const communityOpenings = Math.floor(activeUsers / 40000);
				const communityManagers = communityOpeningsD2[i];
				const devopsEngineers = hasShardingD3[i];
				const teamSize = 2 + backendEngineers + communityManagers + devopsEngineers + supportStaff;
				const payroll =
					2 * 5000 + backendEngineers * 13500 + devopsEngineers * 15000 + communityManagers * 6500 + supportStaff * 4500;
				// Money
				const revenue = activeUsers * arpuS[i] * rampUp;
				const grossBurn =
					payroll + cloudCost + migrationCost + ticketingFee + marketingSpend + overheadS[i] + (funded !== 0 ? 4000 : 0);
				const netBurn = grossBurn - revenue;
				const cash = t > 0 ? cashP[i] - netBurn + seedRound : 400000;
				if (cash < 0 && firstOut[i] < 0) firstOut[i] = t;

				marketingSpendT[i] = marketingSpend;
				paidSignupsT[i] = paidSignups;
				organicSignupsT[i] = organicSignups;
				signupsT[i] = signups;
				registeredUsersT[i] = registeredUsers;
				activeUsersT[i] = activeUsers;
				peakRpsT[i] = peakRps;
				hasLoadBalancerT[i] = hasLoadBalancer;
				hasCacheT[i] = hasCache;
				hasShardingT[i] = hasSharding;
				serversT[i] = servers;
				dbShardsT[i] = dbShards;
				migrationCostT[i] = migrationCost;
				cloudCostT[i] = cloudCost;
				ticketsT[i] = tickets;
				hasTicketingT[i] = hasTicketing;
				supportStaffT[i] = supportStaff;
				ticketingFeeT[i] = ticketingFee;
				engOpeningsT[i] = engOpenings;
				backendEngineersT[i] = backendEngineers;
				communityOpeningsT[i] = communityOpenings;
				communityManagersT[i] = communityManagers;
				devopsEngineersT[i] = devopsEngineers;
				teamSizeT[i] = teamSize;
				payrollT[i] = payroll;
				seedRoundT[i] = seedRound;
				fundedT[i] = funded;
				revenueT[i] = revenue;
				grossBurnT[i] = grossBurn;
				netBurnT[i] = netBurn;
				cashT[i] = cash;
			}
		}
	}

	return {
		trials,
		horizon: HORIZON,
		cells: SOCIAL_NETWORK_MVP_CELLS.map((name) => ({ name, columns: columns.get(name)! })),
		runway: { cell: 'cash', firstOut }
	};
}

/** The full report: the model's run and then the engine's statistics over it. */
export function runSocialNetworkMvp(trials: number, seed: number): HandwrittenReport {
	return summarizeSeries(simulateSocialNetworkMvp(trials, seed));
}
