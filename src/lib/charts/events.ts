// Events (SPEC §4.2) for the page: each event's chance of having happened by each cycle as a
// curve, one per scenario shown, with a marker at its median first cycle. Pure geometry.
import { line, scaleLinear } from 'd3';
import type { EventSummary } from '../engine/types';
import { formatCycles, formatPercent } from '../format';
import { cycleTicks, round, type Tick } from './scales';

export type EventCurveInput = { scenario: string; color: string; summary: EventSummary };

export type EventsChartOptions = { curves: EventCurveInput[]; horizon: number; cycle: string; width: number; height: number };

export type EventsChart = {
	plot: { left: number; right: number; top: number; bottom: number };
	curves: { scenario: string; color: string; d: string; dash: string | null; median: { x: number; text: string } | null; never: string }[];
	xTicks: Tick[];
	yTicks: Tick[];
};

const DASHES = [null, '6 3', '2 2', '8 3 2 3'];

export function buildEventsChart({ curves, horizon, cycle, width, height }: EventsChartOptions): EventsChart {
	const plot = { left: 44, right: Math.max(45, width - 14), top: 8, bottom: Math.max(20, height - 24) };
	const x = scaleLinear().domain([0, horizon]).range([plot.left, plot.right]);
	const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
	const cycles = Array.from({ length: horizon + 1 }, (_, t) => t);
	return {
		plot,
		curves: curves.map(({ scenario, color, summary }, i) => ({
			scenario,
			color,
			dash: DASHES[i % DASHES.length],
			d:
				line<number>()
					.x((t) => x(t))
					.y((t) => y(summary.byCycle[t] ?? 0))
					.digits(1)(cycles) ?? '',
			median: summary.p50 !== null && summary.p50 <= horizon ? { x: round(x(summary.p50)), text: formatCycles(summary.p50, cycle) } : null,
			never: formatPercent(summary.never)
		})),
		xTicks: cycleTicks(x, horizon, cycle, plot.right - plot.left),
		yTicks: [0, 0.5, 1].map((v) => ({ value: v, position: round(y(v)), label: formatPercent(v) }))
	};
}

/** "median first at 14 months; never in 21% of trials" */
export function eventWords(summary: EventSummary, cycle: string, horizon: number): string {
	const median = summary.p50 === null ? `not in half of the trials within ${formatCycles(horizon, cycle)}` : `median first at ${formatCycles(summary.p50, cycle)}`;
	return `${median}; never in ${formatPercent(summary.never)} of trials`;
}
