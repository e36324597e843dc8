// The runway distribution as an SVG string, on the page's geometry (buildRunwayChart): above, the
// chance of having run out by each cycle with the P10/P50/P90 marks; below, the chance of running
// out in each cycle.

import { buildRunwayChart } from '../runway';
import type { RunwaySummary } from '../../engine/types';
import { formatCycleName, formatPercent } from '../../format';
import { AXIS, DEFAULT_WIDTH, esc, LEGEND_ROW, TEXT, axisX, axisY, el, gridLines, legend, legendRows, marks, svgDocument, text } from './svg';
import { seriesColor } from '../scales';

export type RunwaySvgOptions = { runway: RunwaySummary; horizon: number; cycle: string; width?: number; height?: number; title?: string };

const MARKER = '#6b7280';

export function runwaySvg({ runway, horizon, cycle, width = DEFAULT_WIDTH, height = 230, title }: RunwaySvgOptions): string {
	const color = seriesColor(0);
	const items = [
		{ mark: marks.line(color), label: 'run out by this cycle' },
		{ mark: marks.swatch(color), label: 'run out in this cycle' },
		{ mark: marks.line(MARKER, '2 2', 1), label: 'runway P10 / P50 / P90' }
	];
	const legendHeight = legendRows(items, width - 44) * LEGEND_ROW + 8;
	const chart = buildRunwayChart({ runway, horizon, cycle, width, height, margin: { top: legendHeight + 6 } });
	const { plot, cumulative, perCycle, headline } = chart;
	const body = [
		legend(items, plot.left, 2, width - plot.left),
		gridLines(cumulative.yTicks, plot.left, plot.right),
		el('path', { d: cumulative.area, fill: color, 'fill-opacity': 0.1 }),
		el('path', { d: cumulative.line, fill: 'none', stroke: color, 'stroke-width': 1.5, 'stroke-linejoin': 'round' }),
		...chart.markers.map((m) =>
			el('g', {}, [
				el('line', { x1: m.x, x2: m.x, y1: cumulative.top, y2: cumulative.bottom, stroke: MARKER, 'stroke-dasharray': '2 2' }),
				text(m.x + 3, cumulative.top + 10, m.label, { fill: TEXT, 'font-size': 10 })
			])
		),
		el(
			'g',
			{ fill: color, 'fill-opacity': 0.55 },
			perCycle.bars.filter((b) => b.height > 0).map((b) => el('rect', { x: b.x, y: b.y, width: b.width, height: b.height }, el('title', {}, esc(b.title))))
		),
		axisY([...cumulative.yTicks, ...perCycle.yTicks], plot.left),
		el('line', { x1: plot.left, x2: plot.right, y1: cumulative.bottom, y2: cumulative.bottom, stroke: AXIS }),
		axisX(chart.xTicks, plot.left, plot.right, plot.bottom)
	].join('');
	const when = formatCycleName(horizon, cycle);
	const description =
		`When ${runway.cell} first goes below 0. Upper panel: the share of futures that have run out by each cycle, ${headline.runsOut} by ${when}; ` +
		`lower panel: the share that run out in each cycle. Runway P10 ${headline.p10}, P50 ${headline.p50}, P90 ${headline.p90}; ` +
		`${headline.survives} survive all ${headline.horizon}. Largest share in one cycle: ${formatPercent(Math.max(0, ...perCycle.bars.map((b) => b.chance)))}.`;
	return svgDocument({ width, height, title: title ?? `Runway: when ${runway.cell} runs out`, description, body });
}
