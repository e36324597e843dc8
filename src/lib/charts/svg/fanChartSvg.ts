// A fan chart as an SVG string: the page's geometry (buildFanChart) drawn with inline styles, a
// legend that names the series and each band's percentiles, the actuals as points with their
// percentile, and alt text with the figures at the horizon. Overlapping series (scenarios side by
// side, several cells) keep only their P25–P75 band filled and draw P5 and P95 as dashed edges, so
// colours never blend. The paired-difference chart of a comparison is a fan chart of the difference.
//
// The page draws the same string (FanChart.svelte, `onPage`) and adds only the hover readout: it
// lays the chart out with `layoutFanChart` to know where the cycles and the plot are.

import { buildFanChart, suggestLogScale, type FanChart, type FanSeries } from '../fanChart';
import { actualMarks, seriesFrom, shiftFanChart, type ActualMark, type ActualPoint } from '../actuals';
import { isSymbolUnit } from '../scales';
import type { DeltaSummary } from '../../engine/types';
import { formatCycleName, formatPercent, formatValue } from '../../format';
import {
	DEFAULT_WIDTH,
	INNER_OPACITY,
	OUTER_OPACITY,
	TEXT,
	axisX,
	axisY,
	el,
	gridLines,
	legend,
	legendHeight,
	marks,
	shifted,
	svgDocument,
	svgFile,
	text,
	type LegendItem,
	type SvgChild,
	type SvgNode,
	type Target
} from './svg';

export type FanChartSvgOptions = Target & {
	series: FanSeries[];
	horizon: number;
	/** The report's cycle text, such as "1 month". */
	cycle: string;
	width?: number;
	/** Height of the chart under its legend (the legend's rows add to the SVG's height). */
	height?: number;
	/** Stretch the y axis to 0 (a cash chart shows where zero is). */
	includeZero?: boolean;
	/** `auto` (the default): log where the values span orders of magnitude (`suggestLogScale`). */
	scale?: 'linear' | 'log' | 'auto';
	/** Colours of the series (scenarios keep theirs across charts); the palette by default. */
	colors?: string[];
	/** Measured values (SPEC §4.6), drawn as points with their percentile in the forecast beside them. */
	actuals?: ActualPoint[];
	/** The first cycle shown (a notebook rolled forward to its last actuals); 0 by default. */
	from?: number;
	/** A legend entry for the dashed zero line, such as "no change (0)". */
	zeroLabel?: string;
	/** Pixels at the right of the legend kept free (the page puts its buttons there). */
	legendInset?: number;
	/** The chart's title; "users and revenue over 36 cycles of 1 month" by default. */
	title?: string;
	/** Said after the figures in the alt text. */
	note?: string;
};

const GREY = '#6b7280';
/** The P25–P75 fill of overlapping series. */
const OVERLAP_OPACITY = 0.2;
const ACTUAL = { ink: '#23344d', outside: '#7d2e37', outsideFill: '#f3d6d9' };

/** A fan chart laid out: the chart (in its own coordinates, drawn `legendHeight` pixels down), its legend and actuals. */
export type FanLayout = {
	options: FanChartSvgOptions;
	chart: FanChart;
	width: number;
	/** The SVG's height: the legend's and the chart's. */
	height: number;
	legendHeight: number;
	legendItems: LegendItem[];
	overlap: boolean;
	scale: 'linear' | 'log';
	/** The first cycle shown. */
	from: number;
	actuals: ActualMark[];
};

/** The legend: one swatch per series (when there are several), then the median, the bands, the actuals. */
function fanLegend(chart: FanChart, overlap: boolean, actuals: boolean, zeroLabel: string | undefined): LegendItem[] {
	const color = overlap ? GREY : chart.series[0]?.color ?? GREY;
	const items: LegendItem[] = overlap ? chart.series.map((s) => ({ mark: marks.swatch(s.color), label: s.name, attrs: { 'data-testid': 'legend-series' } })) : [];
	items.push(
		{ mark: marks.line(color, undefined, 2), label: 'median (P50)' },
		{ mark: marks.band(color, overlap ? 0.3 : Math.round((INNER_OPACITY + OUTER_OPACITY) * 100) / 100), label: 'P25–P75' },
		overlap ? { mark: marks.line(color, '3 2', 1), label: 'P5 and P95' } : { mark: marks.band(color, OUTER_OPACITY), label: 'P5–P95' }
	);
	if (actuals) {
		items.push({
			mark: el('circle', { cx: 8, cy: 5.5, r: 3.5, fill: '#ffffff', stroke: ACTUAL.ink, 'stroke-width': 2 }),
			label: 'actual (its percentile in the forecast)',
			attrs: { 'data-testid': 'legend-actuals' }
		});
	}
	if (zeroLabel) items.push({ mark: marks.line(GREY, '4 3', 1), label: zeroLabel });
	return items;
}

export function layoutFanChart(options: FanChartSvgOptions): FanLayout {
	const { series, horizon, cycle, width = DEFAULT_WIDTH, height = 260, includeZero = false, colors, actuals = [], legendInset = 0 } = options;
	const scale = options.scale === 'log' || (options.scale !== 'linear' && suggestLogScale(series)) ? 'log' : 'linear';
	const from = Math.max(0, Math.min(options.from ?? 0, horizon - 1));
	const built = shiftFanChart(
		buildFanChart({ series: seriesFrom(series, from), horizon: horizon - from, cycle, width, height, includeZero, scale }),
		from,
		horizon,
		cycle
	);
	const chart = colors ? { ...built, series: built.series.map((s, i) => ({ ...s, color: colors[i] ?? s.color })) } : built;
	const overlap = series.length > 1;
	const points =
		actuals.length > 0 ? actualMarks(chart, actuals, { horizon, cycle, from, names: series.map((s) => s.name), units: series.map((s) => s.unit) }) : [];
	const legendItems = fanLegend(chart, overlap, points.length > 0, options.zeroLabel);
	const legendTall = legendHeight(legendItems, width - chart.plot.left - legendInset, 4);
	return { options, chart, width, height: height + legendTall, legendHeight: legendTall, legendItems, overlap, scale, from, actuals: points };
}

/** The actuals: a point each, its percentile beside it (unless too close to the last), its words as a tooltip. */
function actualsBody(points: ActualMark[], chart: FanChart, overlap: boolean): SvgChild {
	if (points.length === 0) return '';
	return el(
		'g',
		{ class: 'actuals', 'data-testid': 'actual-points' },
		points.map((p) => {
			const outside = p.verdict !== 'inside';
			const ink = outside ? ACTUAL.outside : ACTUAL.ink;
			return el('g', { class: outside ? 'actual outside' : 'actual', 'data-testid': 'actual-point', 'data-cycle': p.cycle, 'data-percentile': p.percentile, 'data-verdict': p.verdict }, [
				el('title', {}, p.title),
				el('circle', { cx: p.x, cy: p.y, r: 4, fill: outside ? ACTUAL.outsideFill : '#ffffff', stroke: overlap && !outside ? chart.series[p.series]?.color : ink, 'stroke-width': 2 }),
				p.showLabel
					? text(p.labelX, p.labelY, p.label, {
							'text-anchor': p.labelAnchor,
							'data-testid': 'actual-label',
							fill: ink,
							'font-size': 10,
							'font-weight': 600,
							'paint-order': 'stroke',
							stroke: '#ffffff',
							'stroke-width': 3,
							'stroke-linejoin': 'round'
						})
					: ''
			]);
		})
	);
}

/** The plot of a laid-out fan chart: grid, bands (all outer under all inner), zero line, medians, axes, actuals. */
function fanBody({ chart, overlap, actuals }: FanLayout): SvgChild[] {
	const { plot } = chart;
	const parts: SvgChild[] = [gridLines(chart.yTicks, plot.left, plot.right)];
	if (overlap) {
		for (const s of chart.series) parts.push(el('path', { class: 'inner', d: s.inner, fill: s.color, 'fill-opacity': OVERLAP_OPACITY }));
		for (const s of chart.series) {
			for (const d of [s.low, s.high]) {
				parts.push(el('path', { class: 'edge', d, fill: 'none', stroke: s.color, 'stroke-width': 1, 'stroke-dasharray': '3 2', 'stroke-opacity': 0.85 }));
			}
		}
	} else {
		for (const s of chart.series) parts.push(el('path', { class: 'outer', d: s.outer, fill: s.color, 'fill-opacity': OUTER_OPACITY }));
		for (const s of chart.series) parts.push(el('path', { class: 'inner', d: s.inner, fill: s.color, 'fill-opacity': INNER_OPACITY }));
	}
	// At the bottom edge the x axis already marks zero.
	if (chart.zeroY !== null && chart.zeroY !== plot.bottom) {
		parts.push(el('line', { class: 'zero', x1: plot.left, x2: plot.right, y1: chart.zeroY, y2: chart.zeroY, stroke: GREY, 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
	}
	for (const s of chart.series) {
		parts.push(el('path', { class: 'median', d: s.median, fill: 'none', stroke: s.color, 'stroke-width': 1.5, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' }));
	}
	if (chart.yLabel) parts.push(text(0, plot.top - 10, `↑ ${chart.yLabel}`, { fill: TEXT }));
	parts.push(axisY(chart.yTicks, plot.left), axisX(chart.xTicks, plot.left, plot.right, plot.bottom), actualsBody(actuals, chart, overlap));
	return parts;
}

/** "P50 $1.2M (P5 $800k – P95 $2M)" of a summary at cycle t, with its unit. */
function figures(s: FanSeries, t: number): string {
	const symbol = isSymbolUnit(s.unit) ? s.unit : undefined;
	const word = s.unit && !symbol ? ` ${s.unit}` : '';
	const v = (x: number) => formatValue(x, symbol);
	return `median ${v(s.summary.p50[t])}${word} (P5 ${v(s.summary.p5[t])} to P95 ${v(s.summary.p95[t])})`;
}

/** The SVG of a laid-out fan chart, with its title and alt text. */
export function drawFanChart(layout: FanLayout, title: string, description: string): SvgNode {
	const { chart, width, height, legendHeight: dy, legendItems, options } = layout;
	return svgDocument({
		width,
		height,
		title,
		description: layout.scale === 'log' ? `${description} Log scale.` : description,
		onPage: options.onPage,
		body: [legend(legendItems, chart.plot.left, 2, width - chart.plot.left - (options.legendInset ?? 0), { 'data-testid': 'fan-legend' }), shifted(dy, fanBody(layout))]
	});
}

/** The words of a fan chart: its title and its alt text with the figures at the horizon. */
export function fanChartWords(options: FanChartSvgOptions): { title: string; description: string } {
	const { series, horizon, cycle } = options;
	const names = series.map((s) => s.name).join(', ');
	const when = formatCycleName(horizon, cycle);
	const at = series.map((s) => `${s.name} at ${when}: ${figures(s, horizon)}`).join('; ');
	return {
		title: options.title ?? `${names} over ${horizon} cycles of ${cycle}`,
		description: `Fan chart of ${names}: the median line with the P25–P75 and P5–P95 bands of the trials at each cycle. ${at}.${options.note ? ' ' + options.note : ''}`
	};
}

export function fanChartSvg(options: FanChartSvgOptions): string {
	const { title, description } = fanChartWords(options);
	return svgFile(drawFanChart(layoutFanChart(options), title, description));
}

export type DeltaFanSvgOptions = Target & {
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
	/** The difference's colour (the scenario's); the palette's first by default. */
	color?: string;
	title?: string;
};

/** The paired difference of a cell between a scenario and the reference, around a zero line. */
export function deltaFanSvg(options: DeltaFanSvgOptions): string {
	const { name, delta, unit, scenario, reference, horizon, cycle } = options;
	const series: FanSeries[] = [{ name: `${scenario} − ${reference}`, summary: delta, unit }];
	const title = options.title ?? `${name}: ${scenario} minus ${reference}, trial by trial`;
	const when = formatCycleName(horizon, cycle);
	const description =
		`Fan chart of the paired difference of ${name} between ${scenario} and ${reference} in the same futures (0: no change). ` +
		`At ${when}: ${figures(series[0], horizon)}; ${name} is higher in ${scenario} in ${formatPercent(delta.above[horizon] ?? 0)} of futures and lower in ${formatPercent(delta.below[horizon] ?? 0)}.`;
	const layout = layoutFanChart({
		series,
		horizon,
		cycle,
		width: options.width,
		height: options.height ?? 200,
		includeZero: true,
		scale: 'linear',
		colors: options.color ? [options.color] : undefined,
		zeroLabel: 'no change (0)',
		onPage: options.onPage
	});
	return svgFile(drawFanChart(layout, title, description));
}
