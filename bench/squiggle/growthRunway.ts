// simulations/growth-runway.yaml in Squiggle (@quri/squiggle-lang 0.10), for the benchmark of
// issue 5. Squiggle's sample-set distributions are arrays of samples combined index by index, so
// sample i of every set is one trial: growth and churn are drawn once (SampleSet.fromDist) and
// reused every month, which keeps each trial's own rate; the monthly wobble normal(0, 0.02) is a
// fresh set of samples at every step. The 36 months are a List.reduce over a record of sample sets.
//
// Runway: a 0/1 sample set `alive` (cash has not gone below 0 yet), via SampleSet.map with a
// lambda, since comparisons of sample sets are not elementwise operators in Squiggle; the count of
// cycles alive is then the first cycle out, or horizon + 1 for a trial that never runs out, which
// becomes 1e9 (standing for +∞) before `quantile` (type 7, as the engine's) and `cdf` (the exact
// share of samples ≤ x, for a sample set). Everything in the model can be expressed; the only
// workaround is that stand-in for +∞.
import { run, type SqValue } from '@quri/squiggle-lang';

export const SQUIGGLE_GROWTH_RUNWAY = `
horizon = 36
growth = SampleSet.fromDist(normal(0.08, 0.03))
churn = SampleSet.fromDist(uniform(0.02, 0.06))
start = {
  users: SampleSet.fromNumber(3000),
  cash: SampleSet.fromNumber(400000),
  alive: SampleSet.fromNumber(1),
  cyclesAlive: SampleSet.fromNumber(1)
}
step(s, t) = {
  users = s.users * (1 + growth - churn + normal(0, 0.02))
  revenue = users * 5
  costs = 30000 + users * 2
  cash = s.cash + revenue - costs
  alive = s.alive * SampleSet.map(cash, {|c| c < 0 ? 0 : 1})
  { users, cash, alive, cyclesAlive: s.cyclesAlive + alive }
}
end = List.reduce(List.upTo(1, horizon), start, step)
firstOut = SampleSet.map(end.cyclesAlive, {|k| k > horizon ? 1e9 : k})
{
  runwayP10: quantile(firstOut, 0.1),
  runwayP50: quantile(firstOut, 0.5),
  runwayP90: quantile(firstOut, 0.9),
  outByHorizon: cdf(firstOut, horizon),
  usersP50: quantile(end.users, 0.5),
  cashP50: quantile(end.cash, 0.5)
}
`;

const HORIZON = 36;

export type SquiggleRunway = {
	/** percentiles of the first month with cash < 0; null where it is +∞ (never runs out) */
	p10: number | null;
	p50: number | null;
	p90: number | null;
	/** the share of samples that ran out by month 36 */
	outByHorizon: number;
	/** medians at month 36, to compare with the engine's report */
	usersP50: number;
	cashP50: number;
};

function numberAt(result: SqValue, key: string): number {
	if (result.tag !== 'Dict') throw new Error(`Squiggle returned a ${result.tag}, not a record`);
	const value = result.value.get(key);
	if (!value || value.tag !== 'Number') throw new Error(`Squiggle's result has no number ${key}`);
	return value.value;
}

/** Runs the model with `sampleCount` samples (= trials) in this thread; rejects on a Squiggle error. */
export async function runSquiggleGrowthRunway(sampleCount: number, seed: number): Promise<SquiggleRunway> {
	const output = await run(SQUIGGLE_GROWTH_RUNWAY, {
		environment: { sampleCount, xyPointLength: 1000, seed: String(seed) }
	});
	const outcome = output.result;
	if (!outcome.ok) throw new Error(`Squiggle failed: ${outcome.value.toString()}`);
	const result = outcome.value.result;
	const finite = (x: number) => (x > HORIZON ? null : x);
	return {
		p10: finite(numberAt(result, 'runwayP10')),
		p50: finite(numberAt(result, 'runwayP50')),
		p90: finite(numberAt(result, 'runwayP90')),
		outByHorizon: numberAt(result, 'outByHorizon'),
		usersP50: numberAt(result, 'usersP50'),
		cashP50: numberAt(result, 'cashP50')
	};
}
