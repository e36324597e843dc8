// The share of futures still with money at each cycle, one curve per scenario (the runway of a
// comparison), as an SVG string on the page's geometry (buildSurvivalChart).

import { buildSurvivalChart } from '../runway';
import type { RunwaySummary } from '../../engine/types';
import { formatCycleName, formatPercent } from '../../format';
import { seriesColor } from '../scales';
import { DEFAULT_WIDTH, axisX, axisY, el, gridLines, legend, legendHeight, marks, shifted, svgDocument, type Target, svgFile, type SvgNode } from './svg';

export type SurvivalSvgOptions = Target & {
	/** One curve per scenario: the reference first; each in its scenario's colour (the palette's by default). */
	curves: { scenario: string; runway: RunwaySummary; color?: string }[];
	horizon: number;
	cycle: string;
	width?: number;
	/** Height of the chart under its legend. */
	height?: number;
	title?: string;
};

/** The chart as a tree (the page patches its DOM from it); `survivalSvg` writes it as a file. */
export function survivalTree({ curves, horizon, cycle, width = DEFAULT_WIDTH, height = 180, title, onPage }: SurvivalSvgOptions): SvgNode {
	const input = curves.map((c, i) => ({ scenario: c.scenario, runway: c.runway, color: c.color ?? seriesColor(i) }));
	const chart = buildSurvivalChart({ curves: input, horizon, cycle, width, height });
	const { plot } = chart;
	const items = chart.curves.map((c) => ({ mark: marks.line(c.color, c.dash ?? undefined, 2), label: `${c.scenario}: ${c.survives} survive` }));
	const dy = legendHeight(items, width - plot.left);
	const body = [
		gridLines(chart.yTicks, plot.left, plot.right),
		...chart.curves.map((c) => el('path', { d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 2, 'stroke-dasharray': c.dash, 'stroke-linejoin': 'round' })),
		axisY(chart.yTicks, plot.left),
		axisX(chart.xTicks, plot.left, plot.right, plot.bottom)
	];
	const cell = curves[0]?.runway.cell ?? 'the runway cell';
	const description =
		`The share of futures in which ${cell} has not yet gone below 0, at each cycle, by scenario. At ${formatCycleName(horizon, cycle)}: ` +
		curves.map((c) => `${c.scenario} ${formatPercent(c.runway.survives)}`).join(', ') +
		'.';
	return svgDocument({
		width,
		height: height + dy,
		title: title ?? `Still with money, by scenario`,
		description,
		onPage,
		body: [legend(items, plot.left, 2, width - plot.left), shifted(dy, body)]
	});
}

export function survivalSvg(options: SurvivalSvgOptions): string {
	return svgFile(survivalTree(options));
}
