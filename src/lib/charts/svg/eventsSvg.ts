// An event (SPEC §4.2) as an SVG string, on the page's geometry (buildEventsChart): the share of
// futures in which it has happened by each cycle, one curve per scenario, a dotted line at its
// median first cycle.

import { buildEventsChart } from '../events';
import type { EventSummary } from '../../engine/types';
import { formatCycleName, formatCycles, formatPercent } from '../../format';
import { seriesColor } from '../scales';
import { DEFAULT_WIDTH, axisX, axisY, el, gridLines, legend, legendHeight, marks, shifted, svgDocument, type Target, svgFile, type SvgNode } from './svg';

export type EventsSvgOptions = Target & {
	/** The event's name. */
	event: string;
	/** One curve per scenario: the reference first; each in its scenario's colour (the palette's by default). */
	curves: { scenario: string; summary: EventSummary; color?: string }[];
	horizon: number;
	cycle: string;
	width?: number;
	/** Height of the chart under its legend. */
	height?: number;
	title?: string;
};

/** The chart as a tree (the page patches its DOM from it); `eventsSvg` writes it as a file. */
export function eventsTree({ event, curves, horizon, cycle, width = DEFAULT_WIDTH, height = 170, title, onPage }: EventsSvgOptions): SvgNode {
	const input = curves.map((c, i) => ({ scenario: c.scenario, color: c.color ?? seriesColor(i), summary: c.summary }));
	const chart = buildEventsChart({ curves: input, horizon, cycle, width, height });
	const items = [
		...chart.curves.map((c) => ({ mark: marks.line(c.color, c.dash ?? undefined), label: curves.length > 1 ? c.scenario : `${event}: happened by this cycle` })),
		{ mark: marks.rule('#6b7280', '2 2'), label: 'median first cycle (P50)' }
	];
	const dy = legendHeight(items, width - chart.plot.left);
	const { plot } = chart;
	const plotParts = [
		gridLines(chart.yTicks, plot.left, plot.right),
		...chart.curves.map((c) =>
			el('g', {}, [
				el('path', { d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 1.5, 'stroke-dasharray': c.dash, 'stroke-linejoin': 'round' }),
				c.median ? el('line', { x1: c.median.x, x2: c.median.x, y1: plot.top, y2: plot.bottom, stroke: c.color, 'stroke-width': 1, 'stroke-dasharray': '2 2' }) : ''
			])
		),
		axisY(chart.yTicks, plot.left),
		axisX(chart.xTicks, plot.left, plot.right, plot.bottom)
	];
	const when = formatCycleName(horizon, cycle);
	const description =
		`The share of futures in which ${event} has happened by each cycle. ` +
		curves
			.map(({ scenario, summary }) => `${curves.length > 1 ? `${scenario}: ` : ''}${formatPercent(summary.byCycle[horizon] ?? 0)} by ${when}, median first ${summary.p50 === null ? 'beyond the horizon' : formatCycles(summary.p50, cycle)}`)
			.join('; ') +
		'.';
	return svgDocument({
		width,
		height: height + dy,
		title: title ?? `${event}: chance by each cycle`,
		description,
		onPage,
		body: [legend(items, plot.left, 2, width - plot.left), shifted(dy, plotParts)]
	});
}

export function eventsSvg(options: EventsSvgOptions): string {
	return svgFile(eventsTree(options));
}
