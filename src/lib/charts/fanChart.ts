// A fan chart of one or more cells over the cycles: the P5–P95 band, the P25–P75 band and the
// median line of each, on shared axes. Pure: options in, path strings and ticks out.

import { area, line, scaleLinear, scaleLog } from 'd3';
import type { CellSummary } from '../engine/types';
import { formatCycleName, formatCycleTick, formatValue } from '../format';
import { commonUnit, cycleTicks, isSymbolUnit, round, seriesColor, valueDomain, valueTicks, type Margin, type Tick } from './scales';

export type FanSeries = { name: string; summary: CellSummary; unit?: string };

export type FanChartOptions = {
	series: FanSeries[];
	/** The last cycle: summaries have horizon + 1 points. */
	horizon: number;
	/** The report's cycle text, such as "1 month"; x ticks count its unit ("M6"). */
	cycle: string;
	width: number;
	height: number;
	margin?: Partial<Margin>;
	/** Stretch the y domain to 0 (a cash chart shows where zero is). */
	includeZero?: boolean;
	/** The y scale; `log` needs positive values (others sit at the bottom edge). Linear by default. */
	scale?: 'linear' | 'log';
};

export type FanChartSeries = {
	name: string;
	unit: string | undefined;
	color: string;
	/** P5–P95 area. */
	outer: string;
	/** P25–P75 area. */
	inner: string;
	/** P50 line. */
	median: string;
	/** The P5 and P95 lines: the outer band's edges, drawn instead of its fill when series overlap. */
	low: string;
	high: string;
};

/** What the tooltip shows at one cycle. */
export type FanHover = {
	cycle: number;
	/** Pixel x of that cycle. */
	x: number;
	/** "M6", as on the axis. */
	tick: string;
	/** "month 6". */
	label: string;
	rows: {
		name: string;
		color: string;
		/** Pixel y of the median, for a marker. */
		y: number;
		values: { p5: number; p25: number; p50: number; p75: number; p95: number };
		/** The same values formatted, with the series' unit when it is a symbol ("$340k"). */
		text: { p5: string; p25: string; p50: string; p75: string; p95: string };
		/** The series' unit when it is a word ("users"), said once for the row; else null. */
		unit: string | null;
	}[];
};

export type FanChart = {
	width: number;
	height: number;
	margin: Margin;
	/** The plot area in pixels. */
	plot: { left: number; right: number; top: number; bottom: number };
	yDomain: [number, number];
	scale: 'linear' | 'log';
	series: FanChartSeries[];
	xTicks: Tick[];
	yTicks: Tick[];
	/** A word unit shared by all series ("users"), shown once over the y axis; symbols go on the ticks. */
	yLabel: string | null;
	/** Pixel y of the value 0, or null when 0 is outside the y domain. */
	zeroY: number | null;
	/** The nearest cycle to pixel x (clamped to 0 … horizon) and its percentiles. */
	hover: (x: number) => FanHover;
	/** The same for a cycle (rounded and clamped), for keyboard navigation. */
	at: (cycle: number) => FanHover;
};

export const FAN_MARGIN: Margin = { top: 8, right: 14, bottom: 24, left: 40 };

const HOVER_KEYS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;

/**
 * Whether a log scale reads better: every value positive and the P5–P95 range spanning two orders
 * of magnitude or more (users growing from thousands to millions sit flat on a linear axis).
 */
export function suggestLogScale(series: FanSeries[]): boolean {
	let lo = Infinity;
	let hi = -Infinity;
	for (const { summary } of series) {
		for (const v of summary.p5) if (Number.isFinite(v)) lo = Math.min(lo, v);
		for (const v of summary.p95) if (Number.isFinite(v)) hi = Math.max(hi, v);
	}
	return lo > 0 && hi / lo >= 100;
}

/** A positive log domain [10^a, 10^b] around the positive values, and its ticks: powers of ten, with 2 and 5 between when few. */
function logAxis(values: number[]): { domain: [number, number]; ticks: number[] } {
	const positive = values.filter((v) => Number.isFinite(v) && v > 0);
	const lo = positive.length > 0 ? Math.min(...positive) : 1;
	const hi = positive.length > 0 ? Math.max(...positive) : 10;
	const a = Math.floor(Math.log10(lo));
	const b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
	const ticks: number[] = [];
	for (let k = a; k <= b; k++) {
		const p = 10 ** k;
		ticks.push(p);
		if (b - a <= 3 && k < b) ticks.push(2 * p, 5 * p);
	}
	return { domain: [10 ** a, 10 ** b], ticks };
}

export function buildFanChart({ series, horizon, cycle, width, height, margin, includeZero = false, scale = 'linear' }: FanChartOptions): FanChart {
	const unit = commonUnit(series.map((s) => s.unit));
	const yLabel = unit && !isSymbolUnit(unit) ? unit : null;
	// A word unit is written over the y axis, so it needs a line of room at the top.
	const top = margin?.top ?? (yLabel ? 20 : FAN_MARGIN.top);
	const bottom = Math.max(top + 1, height - (margin?.bottom ?? FAN_MARGIN.bottom));
	const cycles = Array.from({ length: horizon + 1 }, (_, t) => t);

	const values = series.flatMap(({ summary }) => [...summary.p5.slice(0, horizon + 1), ...summary.p95.slice(0, horizon + 1)]);
	const log = scale === 'log' ? logAxis(values) : null;
	const yDomain: [number, number] = log ? log.domain : valueDomain(values, { includeZero });
	const y = log ? scaleLog().domain(yDomain).range([bottom, top]).clamp(true) : scaleLinear().domain(yDomain).range([bottom, top]);
	const symbolUnit = isSymbolUnit(unit) ? unit : undefined;
	const yTicks = log
		? log.ticks.map((value) => ({ value, position: round(y(value)), label: formatValue(value, symbolUnit) }))
		: valueTicks(y as ReturnType<typeof scaleLinear<number, number>>, bottom - top, symbolUnit);
	// Unless given, the left margin fits the longest y label (about 6.5 px a character at 11 px).
	const left = margin?.left ?? Math.max(FAN_MARGIN.left, Math.ceil(Math.max(...yTicks.map((t) => t.label.length)) * 6.5 + 10));
	const m: Margin = { ...FAN_MARGIN, ...margin, left };
	const plot = { left, right: Math.max(left + 1, width - m.right), top, bottom };
	const x = scaleLinear().domain([0, horizon]).range([plot.left, plot.right]);

	const band = (lo: number[], hi: number[]) =>
		area<number>()
			.x((t) => x(t))
			.y0((t) => y(lo[t]))
			.y1((t) => y(hi[t]))
			.digits(1)(cycles) ?? '';
	const median = (values: number[]) =>
		line<number>()
			.x((t) => x(t))
			.y((t) => y(values[t]))
			.digits(1)(cycles) ?? '';

	const chartSeries: FanChartSeries[] = series.map(({ name, summary, unit }, i) => ({
		name,
		unit,
		color: seriesColor(i),
		outer: band(summary.p5, summary.p95),
		inner: band(summary.p25, summary.p75),
		median: median(summary.p50),
		low: median(summary.p5),
		high: median(summary.p95)
	}));

	const [lo, hi] = yDomain;
	const zeroY = !log && lo <= 0 && 0 <= hi ? round(y(0)) : null;

	const at = (cycleIndex: number): FanHover => {
		const t = Math.min(horizon, Math.max(0, Math.round(cycleIndex)));
		return {
			cycle: t,
			x: round(x(t)),
			tick: formatCycleTick(t, cycle),
			label: formatCycleName(t, cycle),
			rows: series.map(({ name, summary, unit }, i) => {
				const values = Object.fromEntries(HOVER_KEYS.map((k) => [k, summary[k][t]])) as FanHover['rows'][number]['values'];
				const symbol = isSymbolUnit(unit) ? unit : undefined;
				const text = Object.fromEntries(HOVER_KEYS.map((k) => [k, formatValue(summary[k][t], symbol)])) as FanHover['rows'][number]['text'];
				return { name, color: seriesColor(i), y: round(y(summary.p50[t])), values, text, unit: unit && !symbol ? unit : null };
			})
		};
	};
	const hover = (px: number): FanHover => at(x.invert(px));

	return {
		width,
		height,
		margin: m,
		plot,
		yDomain,
		scale: log ? 'log' : 'linear',
		series: chartSeries,
		xTicks: cycleTicks(x, horizon, cycle, plot.right - plot.left),
		yTicks,
		yLabel,
		zeroY,
		hover,
		at
	};
}
