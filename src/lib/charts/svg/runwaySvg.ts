// The runway distribution as an SVG string, on the page's geometry (buildRunwayChart): above, the
// chance of having run out by each cycle with the P10/P50/P90 marks; below, the chance of running
// out in each cycle. Given the actuals, the plan's curve is drawn beside it, dashed.

import { buildRunwayChart } from '../runway';
import type { RunwaySummary } from '../../engine/types';
import { formatCycleName, formatPercent } from '../../format';
import { AXIS, DEFAULT_WIDTH, TEXT, axisX, axisY, el, gridLines, legend, legendHeight, marks, shifted, svgDocument, text, type Target, svgFile, type SvgNode } from './svg';
import { seriesColor } from '../scales';

export type RunwaySvgOptions = Target & {
	runway: RunwaySummary;
	horizon: number;
	cycle: string;
	width?: number;
	/** Height of the chart under its legend. */
	height?: number;
	title?: string;
	/** The plan's runway beside `runway` (the runway given the actuals), as a dashed curve. */
	prior?: RunwaySummary | null;
};

const MARKER = '#6b7280';
const PRIOR = '#9aa1ab';

/** The chart as a tree (the page patches its DOM from it); `runwaySvg` writes it as a file. */
export function runwayTree({ runway, horizon, cycle, width = DEFAULT_WIDTH, height = 200, title, prior = null, onPage }: RunwaySvgOptions): SvgNode {
	const color = seriesColor(0);
	const items = [
		{ mark: marks.line(color), label: prior ? 'run out by this cycle, given the actuals' : 'run out by this cycle' },
		...(prior ? [{ mark: marks.line(PRIOR, '4 3'), label: 'as planned' }] : []),
		{ mark: marks.swatch(color), label: 'run out in this cycle' },
		{ mark: marks.rule(MARKER, '2 2'), label: 'runway P10 / P50 / P90' }
	];
	const chart = buildRunwayChart({ runway, horizon, cycle, width, height });
	const { plot, cumulative, perCycle, headline } = chart;
	const dy = legendHeight(items, width - plot.left, 8);
	const priorLine = prior ? buildRunwayChart({ runway: prior, horizon, cycle, width, height }).cumulative.line : null;
	const body = [
		gridLines(cumulative.yTicks, plot.left, plot.right),
		el('path', { d: cumulative.area, fill: color, 'fill-opacity': 0.1 }),
		el('path', { class: 'cumulative', d: cumulative.line, fill: 'none', stroke: color, 'stroke-width': 1.5, 'stroke-linejoin': 'round' }),
		priorLine
			? el(
					'path',
					{ class: 'cumulative prior', 'data-testid': 'runway-prior-line', d: priorLine, fill: 'none', stroke: PRIOR, 'stroke-width': 1.5, 'stroke-dasharray': '4 3', 'stroke-linejoin': 'round' },
					el('title', {}, 'as planned, before the actuals')
				)
			: '',
		...chart.markers.map((m) =>
			el('g', {}, [
				el('line', { x1: m.x, x2: m.x, y1: cumulative.top, y2: cumulative.bottom, stroke: MARKER, 'stroke-dasharray': '2 2' }),
				text(m.x + 3, cumulative.top + 10, m.label, { fill: TEXT, 'font-size': 10 })
			])
		),
		el(
			'g',
			{ fill: color, 'fill-opacity': 0.55 },
			perCycle.bars.filter((b) => b.height > 0).map((b) => el('rect', { class: 'bar', x: b.x, y: b.y, width: b.width, height: b.height }, el('title', {}, b.title)))
		),
		axisY([...cumulative.yTicks, ...perCycle.yTicks], plot.left),
		el('line', { x1: plot.left, x2: plot.right, y1: cumulative.bottom, y2: cumulative.bottom, stroke: AXIS }),
		axisX(chart.xTicks, plot.left, plot.right, plot.bottom)
	];
	const when = formatCycleName(horizon, cycle);
	const description =
		`When ${runway.cell} first goes below 0. Upper panel: the share of futures that have run out by each cycle, ${headline.runsOut} by ${when}; ` +
		`lower panel: the share that run out in each cycle. Runway P10 ${headline.p10}, P50 ${headline.p50}, P90 ${headline.p90}; ` +
		`${headline.survives} survive all ${headline.horizon}. Largest share in one cycle: ${formatPercent(Math.max(0, ...perCycle.bars.map((b) => b.chance)))}.` +
		(prior ? ` Given the actuals; as planned, ${formatPercent(1 - prior.survives)} had run out by ${when}.` : '');
	return svgDocument({
		width,
		height: height + dy,
		title: title ?? `Runway: when ${runway.cell} runs out`,
		description,
		onPage,
		body: [legend(items, plot.left, 2, width - plot.left), shifted(dy, body)]
	});
}

export function runwaySvg(options: RunwaySvgOptions): string {
	return svgFile(runwayTree(options));
}
