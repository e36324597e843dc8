// The cycle review in words (SPEC §4.6): the runway before and after the actuals, and what the
// actuals teach about an input ("planned 0.05–0.45, given the actuals 0.12–0.2").
import type { InputRange, RunwaySummary } from '../engine/types';
import { formatCycles, formatNumber, formatPercent, formatValue } from '../format';

/** Below this effective sample size the posterior rests on too few trials to trust. */
export const LOW_ESS = 100;

export type RunwayBeforeAfter = {
	p10: { before: string; after: string };
	p50: { before: string; after: string };
	survives: { before: string; after: string };
	/** "P50 12 months → 15 months", or "P50 12 months, unchanged" */
	words: string;
};

/** The runway's P10, P50 and chance of surviving the horizon, before (the plan) and after (given the actuals). */
export function runwayBeforeAfter(before: RunwaySummary, after: RunwaySummary, horizon: number, cycle: string): RunwayBeforeAfter {
	const when = (v: number | null) => formatCycles(v, cycle, horizon);
	const pair = (a: string, b: string) => ({ before: a, after: b });
	const p50 = pair(when(before.p50), when(after.p50));
	const survives = pair(formatPercent(before.survives), formatPercent(after.survives));
	const arrow = ({ before, after }: { before: string; after: string }) => (before === after ? `${before}, unchanged` : `${before} → ${after}`);
	return {
		p10: pair(when(before.p10), when(after.p10)),
		p50,
		survives,
		words: `P50 ${arrow(p50)}; survive ${formatCycles(horizon, cycle)}: ${arrow(survives)}`
	};
}

/** An input's 90% range as the page writes it: "0.0691–0.0877 per month", "$15.5–$24.5". */
export function rangeWords({ p5, p95 }: InputRange, unit?: string): string {
	const symbol = unit === '$' || unit === '€' || unit === '£' || unit === '%';
	if (symbol) return `${formatValue(p5, unit)}–${formatValue(p95, unit)}`;
	return `${formatNumber(p5)}–${formatNumber(p95)}${unit ? ` ${unit}` : ''}`;
}

/** "planned 0.05–0.45, given the actuals 0.12–0.2" (90% ranges). */
export function inputWords(prior: InputRange, posterior: InputRange, unit?: string): string {
	return `planned ${rangeWords(prior, unit)}, given the actuals ${rangeWords(posterior, unit)}`;
}

/** Where an input's ranges sit on a shared axis, as fractions 0 … 1 of a bar's width. */
export function rangeBars(prior: InputRange, posterior: InputRange): { prior: { left: number; width: number; mid: number }; posterior: { left: number; width: number; mid: number } } {
	const lo = Math.min(prior.p5, posterior.p5);
	const hi = Math.max(prior.p95, posterior.p95);
	const span = hi - lo || 1;
	const at = (v: number) => Math.round(((v - lo) / span) * 1000) / 1000;
	const bar = (r: InputRange) => ({ left: at(r.p5), width: Math.max(0.005, at(r.p95) - at(r.p5)), mid: at(r.p50) });
	return { prior: bar(prior), posterior: bar(posterior) };
}
