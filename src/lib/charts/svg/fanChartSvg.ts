// A fan chart as an SVG string: the page's geometry (buildFanChart) drawn with inline styles, a
// legend that names the series and each band's percentiles, and alt text with the figures at the
// horizon. The paired-difference chart of a comparison is a fan chart of the difference.

import { buildFanChart, type FanChart, type FanSeries } from '../fanChart';
import { commonUnit, isSymbolUnit } from '../scales';
import type { DeltaSummary } from '../../engine/types';
import { formatCycleName, formatPercent, formatValue } from '../../format';
import {
	DEFAULT_WIDTH,
	INNER_OPACITY,
	LEGEND_ROW,
	OUTER_OPACITY,
	TEXT,
	axisX,
	axisY,
	el,
	gridLines,
	legend,
	legendRows,
	marks,
	svgDocument,
	text,
	type LegendItem
} from './svg';

export type FanChartSvgOptions = {
	series: FanSeries[];
	horizon: number;
	/** The report's cycle text, such as "1 month". */
	cycle: string;
	width?: number;
	height?: number;
	/** Stretch the y axis to 0 (a cash chart shows where zero is). */
	includeZero?: boolean;
	/** The chart's title; "users and revenue over 36 months" by default. */
	title?: string;
	/** Said after the figures in the alt text. */
	note?: string;
};

const GREY = '#6b7280';

/** The legend: one swatch per series (when there are several), then the bands and the median. */
function fanLegend(chart: FanChart, names: string[]): LegendItem[] {
	const color = names.length > 1 ? GREY : chart.series[0]?.color ?? GREY;
	const items: LegendItem[] = chart.series.map((s) => ({ mark: marks.swatch(s.color), label: s.name }));
	items.push(
		{ mark: marks.line(color), label: 'median (P50)' },
		{ mark: marks.band(color, Math.round((INNER_OPACITY + OUTER_OPACITY) * 100) / 100), label: 'P25–P75' },
		{ mark: marks.band(color, OUTER_OPACITY), label: 'P5–P95' }
	);
	return items;
}

/** The plot of a built fan chart: grid, bands (all outer under all inner), zero line, medians, axes. */
function fanBody(chart: FanChart): string {
	const { plot } = chart;
	const parts = [gridLines(chart.yTicks, plot.left, plot.right)];
	for (const s of chart.series) parts.push(el('path', { d: s.outer, fill: s.color, 'fill-opacity': OUTER_OPACITY }));
	for (const s of chart.series) parts.push(el('path', { d: s.inner, fill: s.color, 'fill-opacity': INNER_OPACITY }));
	if (chart.zeroY !== null && chart.zeroY !== plot.bottom) {
		parts.push(el('line', { x1: plot.left, x2: plot.right, y1: chart.zeroY, y2: chart.zeroY, stroke: GREY, 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
	}
	for (const s of chart.series) {
		parts.push(el('path', { d: s.median, fill: 'none', stroke: s.color, 'stroke-width': 1.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
	}
	if (chart.yLabel) parts.push(text(0, plot.top - 12, `↑ ${chart.yLabel}`, { fill: TEXT }));
	parts.push(axisY(chart.yTicks, plot.left), axisX(chart.xTicks, plot.left, plot.right, plot.bottom));
	return parts.join('');
}

/** A fan chart with a legend above the plot. */
function drawFan(options: FanChartSvgOptions, title: string, description: string, extraLegend: LegendItem[] = []): string {
	const { series, horizon, cycle, width = DEFAULT_WIDTH, height = 260, includeZero = false } = options;
	const unit = commonUnit(series.map((s) => s.unit));
	const yLabel = unit && !isSymbolUnit(unit) ? unit : null;
	// Lay the legend out against a provisional chart (its colours do not depend on the margin).
	const probe = buildFanChart({ series, horizon, cycle, width, height, includeZero });
	const items = [...fanLegend(probe, series.map((s) => s.name)), ...extraLegend];
	const legendHeight = legendRows(items, width - probe.plot.left) * LEGEND_ROW + 6;
	const top = legendHeight + (yLabel ? 20 : 8);
	const chart = buildFanChart({ series, horizon, cycle, width, height, includeZero, margin: { top } });
	return svgDocument({
		width,
		height,
		title,
		description,
		body: legend(items, chart.plot.left, 2, width - chart.plot.left) + fanBody(chart)
	});
}

/** "P50 $1.2M (P5 $800k – P95 $2M)" of a summary at cycle t, with its unit. */
function figures(s: FanSeries, t: number): string {
	const symbol = isSymbolUnit(s.unit) ? s.unit : undefined;
	const word = s.unit && !symbol ? ` ${s.unit}` : '';
	const v = (x: number) => formatValue(x, symbol);
	return `median ${v(s.summary.p50[t])}${word} (P5 ${v(s.summary.p5[t])} to P95 ${v(s.summary.p95[t])})`;
}

export function fanChartSvg(options: FanChartSvgOptions): string {
	const { series, horizon, cycle } = options;
	const names = series.map((s) => s.name).join(', ');
	const title = options.title ?? `${names} over ${horizon} cycles of ${cycle}`;
	const when = formatCycleName(horizon, cycle);
	const at = series.map((s) => `${s.name} at ${when}: ${figures(s, horizon)}`).join('; ');
	const description = `Fan chart of ${names}: the median line with the P25–P75 and P5–P95 bands of the trials at each cycle. ${at}.${options.note ? ' ' + options.note : ''}`;
	return drawFan(options, title, description);
}

export type DeltaFanSvgOptions = {
	/** The cell compared. */
	name: string;
	delta: DeltaSummary;
	unit?: string;
	/** The compared scenario and the reference: d = name(scenario) − name(reference). */
	scenario: string;
	reference: string;
	horizon: number;
	cycle: string;
	width?: number;
	height?: number;
	title?: string;
};

/** The paired difference of a cell between a scenario and the reference, around a zero line. */
export function deltaFanSvg(options: DeltaFanSvgOptions): string {
	const { name, delta, unit, scenario, reference, horizon, cycle } = options;
	const series: FanSeries[] = [{ name: `${name}: ${scenario} − ${reference}`, summary: delta, unit }];
	const title = options.title ?? `${name}: ${scenario} minus ${reference}, trial by trial`;
	const when = formatCycleName(horizon, cycle);
	const description =
		`Fan chart of the paired difference of ${name} between ${scenario} and ${reference} in the same futures (0: no change). ` +
		`At ${when}: ${figures(series[0], horizon)}; ${name} is higher in ${scenario} in ${formatPercent(delta.above[horizon] ?? 0)} of futures and lower in ${formatPercent(delta.below[horizon] ?? 0)}.`;
	return drawFan(
		{ series, horizon, cycle, width: options.width, height: options.height ?? 220, includeZero: true },
		title,
		description,
		[{ mark: marks.line(GREY, '4 3', 1), label: 'no change (0)' }]
	);
}

