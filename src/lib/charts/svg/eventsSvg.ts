// An event (SPEC §4.2) as an SVG string, on the page's geometry (buildEventsChart): the share of
// futures in which it has happened by each cycle, one curve per scenario, a mark at its median
// first cycle.

import { buildEventsChart } from '../events';
import type { EventSummary } from '../../engine/types';
import { formatCycleName, formatCycles, formatPercent } from '../../format';
import { seriesColor } from '../scales';
import { DEFAULT_WIDTH, LEGEND_ROW, axisX, axisY, el, gridLines, legend, legendRows, marks, svgDocument } from './svg';

export type EventsSvgOptions = {
	/** The event's name. */
	event: string;
	/** One curve per scenario: the reference first. */
	curves: { scenario: string; summary: EventSummary }[];
	horizon: number;
	cycle: string;
	width?: number;
	height?: number;
	title?: string;
};

export function eventsSvg({ event, curves, horizon, cycle, width = DEFAULT_WIDTH, height = 220, title }: EventsSvgOptions): string {
	const input = curves.map((c, i) => ({ scenario: c.scenario, color: seriesColor(i), summary: c.summary }));
	const probe = buildEventsChart({ curves: input, horizon, cycle, width, height });
	const items = [
		...probe.curves.map((c) => ({ mark: marks.line(c.color, c.dash ?? undefined), label: curves.length > 1 ? c.scenario : `${event}: happened by this cycle` })),
		{ mark: marks.dot('#6b7280'), label: 'median first cycle (P50)' }
	];
	const legendHeight = legendRows(items, width - probe.plot.left) * LEGEND_ROW + 6;
	const chart = buildEventsChart({ curves: input, horizon, cycle, width, height: height - legendHeight });
	const { plot } = chart;
	const plotParts = [
		gridLines(chart.yTicks, plot.left, plot.right),
		...chart.curves.map((c) =>
			el('g', {}, [
				el('path', { d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 1.5, 'stroke-dasharray': c.dash, 'stroke-linejoin': 'round' }),
				c.median ? el('circle', { cx: c.median.x, cy: Math.round(((plot.top + plot.bottom) / 2) * 10) / 10, r: 3.5, fill: c.color, stroke: '#ffffff', 'stroke-width': 1 }) : ''
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
		height,
		title: title ?? `${event}: chance by each cycle`,
		description,
		body: legend(items, plot.left, 2, width - plot.left) + el('g', { transform: `translate(0,${legendHeight})` }, plotParts)
	});
}
