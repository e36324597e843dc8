// Actuals on a fan chart (SPEC §4.6): each measured value as a point at its cycle, with its
// percentile in the forecast beside it; and the "rolled forward" view of a fan chart, which starts
// its x axis at the last cycle with actuals. Pure: a built chart and points in, pixels out.

import { scaleLinear, scaleLog } from 'd3';
import type { CellSummary } from '../engine/types';
import { formatCycleName, formatCycleTick, formatValue } from '../format';
import type { FanChart, FanHover, FanSeries } from './fanChart';
import { cycleTicks, round } from './scales';

/** One actual to draw: on series `series` of the chart (its index), at `cycle`. */
export type ActualPoint = { series: number; cycle: number; value: number; percentile: number };

export type ActualMark = {
	series: number;
	cycle: number;
	value: number;
	percentile: number;
	x: number;
	/** Pixel y, held to the plot's edge when the value lies outside the y domain (`clipped`). */
	y: number;
	clipped: boolean;
	/** Inside the forecast's 90% band (P5 … P95), or above / below it. */
	verdict: 'inside' | 'above' | 'below';
	/** "P77": the percentile, written beside the point. */
	label: string;
	/** Whether the label is written (one too close to the previous label of its series is left to the tooltip). */
	showLabel: boolean;
	/** Where the label goes: above the point, or below when the point is near the top. */
	labelY: number;
	/** The label's x and anchor: centred over the point, or turned inwards at the plot's left and right edges (clear of the y ticks). */
	labelX: number;
	labelAnchor: 'start' | 'middle' | 'end';
	/** The point in words, for its tooltip and screen readers. */
	title: string;
};

/** A percentile as the page writes it: 0.766 → "P77"; the extremes "<P1" and ">P99". */
export function percentileLabel(percentile: number): string {
	const p = Math.round(percentile * 100);
	if (percentile < 0.01) return '<P1';
	if (percentile > 0.99) return '>P99';
	return `P${p}`;
}

export function verdictOf(percentile: number): ActualMark['verdict'] {
	return percentile < 0.05 ? 'below' : percentile > 0.95 ? 'above' : 'inside';
}

const VERDICT_WORDS: Record<ActualMark['verdict'], string> = {
	inside: 'inside the 90% band',
	above: 'above the 90% band',
	below: 'below the 90% band'
};

/** The y scale of a built fan chart. */
function yScaleOf(chart: FanChart) {
	const { top, bottom } = chart.plot;
	return chart.scale === 'log'
		? scaleLog().domain(chart.yDomain).range([bottom, top]).clamp(true)
		: scaleLinear().domain(chart.yDomain).range([bottom, top]);
}

/**
 * Where the actuals go on a built fan chart whose x axis runs from cycle `from` (0 unless rolled
 * forward) to `horizon`. Points before `from` or after `horizon` are left out. `names` and `units`
 * are the chart's series', for the words; `cycle` the report's cycle text.
 */
export function actualMarks(
	chart: FanChart,
	points: ActualPoint[],
	{ horizon, cycle, from = 0, names = [], units = [], labelSpacing = 28 }: { horizon: number; cycle: string; from?: number; names?: string[]; units?: (string | undefined)[]; labelSpacing?: number }
): ActualMark[] {
	const x = scaleLinear().domain([from, Math.max(from + 1, horizon)]).range([chart.plot.left, chart.plot.right]);
	const y = yScaleOf(chart);
	const [lo, hi] = chart.yDomain;
	const lastLabel = new Map<number, number>();
	return points
		.filter((p) => p.cycle >= from && p.cycle <= horizon && Number.isFinite(p.value))
		.sort((a, b) => a.series - b.series || a.cycle - b.cycle)
		.map((p) => {
			const clipped = p.value < lo || p.value > hi;
			const py = round(Math.min(chart.plot.bottom, Math.max(chart.plot.top, y(Math.min(hi, Math.max(lo, p.value))))));
			const px = round(x(p.cycle));
			const previous = lastLabel.get(p.series);
			const showLabel = previous === undefined || px - previous >= labelSpacing;
			if (showLabel) lastLabel.set(p.series, px);
			const unit = units[p.series];
			const name = names[p.series];
			const verdict = verdictOf(p.percentile);
			const label = percentileLabel(p.percentile);
			return {
				...p,
				x: px,
				y: py,
				clipped,
				verdict,
				label,
				showLabel,
				labelY: py - chart.plot.top < 16 ? round(py + 14) : round(py - 7),
				...(px - chart.plot.left < 14
					? { labelX: round(px + 5), labelAnchor: 'start' as const }
					: chart.plot.right - px < 14
						? { labelX: round(px - 5), labelAnchor: 'end' as const }
						: { labelX: px, labelAnchor: 'middle' as const }),
				title: `${name ? `${name}, ` : ''}${formatCycleName(p.cycle, cycle)}: actual ${formatValue(p.value, unit)} — ${label} of the forecast, ${VERDICT_WORDS[verdict]}`
			};
		});
}

/** A summary's cycles from `from` on (the rolled-forward view draws only those). */
export function summaryFrom(summary: CellSummary, from: number): CellSummary {
	const slice = (values: number[]) => values.slice(from);
	return {
		mean: slice(summary.mean),
		p5: slice(summary.p5),
		p10: slice(summary.p10),
		p25: slice(summary.p25),
		p50: slice(summary.p50),
		p75: slice(summary.p75),
		p90: slice(summary.p90),
		p95: slice(summary.p95)
	};
}

/** The series of a fan chart from cycle `from` on. */
export function seriesFrom(series: FanSeries[], from: number): FanSeries[] {
	return from <= 0 ? series : series.map((s) => ({ ...s, summary: summaryFrom(s.summary, from) }));
}

/**
 * A fan chart built from `seriesFrom(series, from)` over `horizon − from` cycles (`horizon` is the
 * notebook's), put back on the
 * real cycles: x ticks, the tooltip's cycle and its labels count from the notebook's start again.
 */
export function shiftFanChart(chart: FanChart, from: number, horizon: number, cycle: string): FanChart {
	if (from <= 0) return chart;
	const span = Math.max(1, horizon - from);
	const x = scaleLinear().domain([0, span]).range([chart.plot.left, chart.plot.right]);
	const xTicks = cycleTicks(x, span, cycle, chart.plot.right - chart.plot.left).map((tick) => ({
		value: tick.value + from,
		position: tick.position,
		label: formatCycleTick(tick.value + from, cycle)
	}));
	const shift = (hover: FanHover): FanHover => ({
		...hover,
		cycle: hover.cycle + from,
		tick: formatCycleTick(hover.cycle + from, cycle),
		label: formatCycleName(hover.cycle + from, cycle)
	});
	return {
		...chart,
		xTicks,
		hover: (px) => shift(chart.hover(px)),
		at: (c) => shift(chart.at(c - from))
	};
}

/** The points of a chart's series from the report's calibration, by cell name. */
export function pointsOfSeries(names: string[], points: { cell: string; cycle: number; actual: number; percentile: number }[]): ActualPoint[] {
	return points.flatMap((p) => {
		const series = names.indexOf(p.cell);
		return series < 0 ? [] : [{ series, cycle: p.cycle, value: p.actual, percentile: p.percentile }];
	});
}
