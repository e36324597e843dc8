// The runway distribution: when the runway cell first goes below 0. Two panels on one cycle axis:
// above, the cumulative chance of having run out by each cycle (`cashOutByCycle`); below, bars of
// the chance of running out at each cycle (its differences). Plus the headline figures.

import { area, line, scaleLinear } from 'd3';
import type { RunwaySummary } from '../engine/types';
import { formatCycleName, formatCycles, formatPercent } from '../format';
import { cycleTicks, round, type Margin, type Tick } from './scales';

export type RunwayChartOptions = { runway: RunwaySummary; horizon: number; cycle: string; width: number; height: number; margin?: Partial<Margin> };

export type RunwayBar = {
	cycle: number;
	x: number;
	y: number;
	width: number;
	height: number;
	/** The chance of running out at this cycle (and not before). */
	chance: number;
	/** "month 6: 4.2% run out, 31% by then". */
	title: string;
};

export type RunwayPanelBox = { top: number; bottom: number; yTicks: Tick[] };

export type RunwayChart = {
	width: number;
	height: number;
	margin: Margin;
	plot: { left: number; right: number; top: number; bottom: number };
	/** Upper panel: the cumulative chance of having run out, 0 … 100%. */
	cumulative: RunwayPanelBox & { line: string; area: string };
	/** Lower panel: the chance of running out at each cycle. */
	perCycle: RunwayPanelBox & { bars: RunwayBar[] };
	xTicks: Tick[];
	/** Where the runway percentiles fall on the cycle axis (those within the horizon). */
	markers: { label: 'P10' | 'P50' | 'P90'; x: number }[];
	headline: RunwayHeadline;
};

export type RunwayHeadline = {
	/** "11 months", or "beyond 36 months" when the percentile is past the horizon. */
	p10: string;
	p50: string;
	p90: string;
	/** The chance to survive the horizon, "31%". */
	survives: string;
	/** The chance of running out within the horizon, "69%". */
	runsOut: string;
	/** "36 months": the horizon, for "survives 36 months". */
	horizon: string;
};

export const RUNWAY_MARGIN: Margin = { top: 8, right: 14, bottom: 24, left: 44 };

/** Vertical gap between the two panels, in pixels. */
const PANEL_GAP = 20;
/** The upper panel's share of the plot height. */
const UPPER_SHARE = 0.58;

/** The chance of running out at each cycle: the differences of `cashOutByCycle`. */
export function runOutAtCycle(cashOutByCycle: number[]): number[] {
	return cashOutByCycle.map((p, t) => Math.max(0, p - (t === 0 ? 0 : cashOutByCycle[t - 1])));
}

export function runwayHeadline(runway: RunwaySummary, horizon: number, cycle: string): RunwayHeadline {
	const when = (v: number | null) => formatCycles(v, cycle, horizon);
	return {
		p10: when(runway.p10),
		p50: when(runway.p50),
		p90: when(runway.p90),
		survives: formatPercent(runway.survives),
		runsOut: formatPercent(1 - runway.survives),
		horizon: formatCycles(horizon, cycle)
	};
}

export function buildRunwayChart({ runway, horizon, cycle, width, height, margin }: RunwayChartOptions): RunwayChart {
	const m: Margin = { ...RUNWAY_MARGIN, ...margin };
	const plot = { left: m.left, right: Math.max(m.left + 1, width - m.right), top: m.top, bottom: Math.max(m.top + 1, height - m.bottom) };
	const cumulativeValues = runway.cashOutByCycle.slice(0, horizon + 1);
	const chances = runOutAtCycle(cumulativeValues);
	const cycles = cumulativeValues.map((_, t) => t);

	// Half a cycle of room at each end so the first and last bars sit inside the plot.
	const x = scaleLinear()
		.domain([-0.5, horizon + 0.5])
		.range([plot.left, plot.right]);

	const plotHeight = plot.bottom - plot.top;
	const upperBottom = plot.top + Math.max(1, (plotHeight - PANEL_GAP) * UPPER_SHARE);
	const lowerTop = Math.min(plot.bottom - 1, upperBottom + PANEL_GAP);

	const yCumulative = scaleLinear().domain([0, 1]).range([upperBottom, plot.top]);
	const cumulativeTicks = [0, 0.5, 1].map((value) => ({ value, position: round(yCumulative(value)), label: formatPercent(value) }));

	const maxChance = Math.max(0, ...chances);
	const yPerCycle = scaleLinear()
		.domain([0, Math.max(maxChance, 0.01)])
		.nice(2)
		.range([plot.bottom, lowerTop]);
	const perCycleTop = yPerCycle.domain()[1];
	const perCycleTicks = [0, perCycleTop].map((value) => ({ value, position: round(yPerCycle(value)), label: formatPercent(value) }));

	const barWidth = Math.max(0.5, (x(1) - x(0)) * 0.8);
	const bars: RunwayBar[] = chances.map((chance, t) => ({
		cycle: t,
		x: round(x(t) - barWidth / 2),
		y: round(yPerCycle(chance)),
		width: round(barWidth),
		height: round(plot.bottom - yPerCycle(chance)),
		chance,
		title: `${formatCycleName(t, cycle)}: ${formatPercent(chance)} run out, ${formatPercent(cumulativeValues[t])} by then`
	}));

	const markers: RunwayChart['markers'] = [];
	for (const label of ['P10', 'P50', 'P90'] as const) {
		const value = runway[label === 'P10' ? 'p10' : label === 'P50' ? 'p50' : 'p90'];
		if (value !== null && value <= horizon) markers.push({ label, x: round(x(value)) });
	}

	return {
		width,
		height,
		margin: m,
		plot,
		cumulative: {
			top: plot.top,
			bottom: round(upperBottom),
			yTicks: cumulativeTicks,
			line:
				line<number>()
					.x((t) => x(t))
					.y((t) => yCumulative(cumulativeValues[t]))
					.digits(1)(cycles) ?? '',
			area:
				area<number>()
					.x((t) => x(t))
					.y0(upperBottom)
					.y1((t) => yCumulative(cumulativeValues[t]))
					.digits(1)(cycles) ?? ''
		},
		perCycle: { top: round(lowerTop), bottom: plot.bottom, yTicks: perCycleTicks, bars },
		xTicks: cycleTicks(x, horizon, cycle, plot.right - plot.left),
		markers,
		headline: runwayHeadline(runway, horizon, cycle)
	};
}

export type SurvivalCurveInput = { scenario: string; color: string; runway: RunwaySummary };

export type SurvivalChart = {
	plot: { left: number; right: number; top: number; bottom: number };
	curves: { scenario: string; color: string; d: string; dash: string | null; survives: string }[];
	xTicks: Tick[];
	yTicks: Tick[];
};

const SURVIVAL_DASHES = [null, '6 3', '2 2', '8 3 2 3'];

/** The share of trials still with money at each cycle (1 − cashOutByCycle), one step curve per scenario. */
export function buildSurvivalChart({ curves, horizon, cycle, width, height }: { curves: SurvivalCurveInput[]; horizon: number; cycle: string; width: number; height: number }): SurvivalChart {
	const plot = { left: 44, right: Math.max(45, width - 14), top: 8, bottom: Math.max(20, height - 24) };
	const x = scaleLinear().domain([0, horizon]).range([plot.left, plot.right]);
	const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
	const cycles = Array.from({ length: horizon + 1 }, (_, t) => t);
	return {
		plot,
		curves: curves.map(({ scenario, color, runway }, i) => ({
			scenario,
			color,
			dash: SURVIVAL_DASHES[i % SURVIVAL_DASHES.length],
			survives: formatPercent(runway.survives),
			d:
				line<number>()
					.x((t) => x(t))
					.y((t) => y(1 - (runway.cashOutByCycle[t] ?? 0)))
					.digits(1)(cycles) ?? ''
		})),
		xTicks: cycleTicks(x, horizon, cycle, plot.right - plot.left),
		yTicks: [0, 0.5, 1].map((v) => ({ value: v, position: round(y(v)), label: formatPercent(v) }))
	};
}

/**
 * The paired runway difference in words: "In bear the runway is shorter than in base in 38% of
 * trials, longer in 4% and the same in 58%, trial by trial; 21 points fewer survive 36 months."
 */
export function runwayDeltaWords(delta: { longer: number; shorter: number; same: number; survives: number }, scenario: string, reference: string, horizon: number, cycle: string): string {
	const points = Math.round(Math.abs(delta.survives) * 100);
	const survival =
		points === 0
			? `about as many survive ${formatCycles(horizon, cycle)}`
			: `${points} point${points === 1 ? '' : 's'} ${delta.survives < 0 ? 'fewer' : 'more'} survive ${formatCycles(horizon, cycle)}`;
	return `In ${scenario} the runway is shorter than in ${reference} in ${formatPercent(delta.shorter)} of trials, longer in ${formatPercent(delta.longer)} and the same in ${formatPercent(delta.same)}, trial by trial; ${survival}.`;
}
