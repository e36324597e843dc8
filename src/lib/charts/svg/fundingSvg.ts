// The funding need (SPEC §4.4) as an SVG string, on the page's geometry (buildFundingChart): for
// each cycle k, the money that, added at k and kept, holds the runway cell at or above 0 through
// `through` in 50, 75, 90 and 95% of futures; below, the share of futures already out of money
// before k (for them any money comes too late).

import { buildFundingChart, type FundingChart } from '../funding';
import type { FundingSummary } from '../../engine/types';
import { formatCycleName, formatPercent, formatValue } from '../../format';
import { isSymbolUnit } from '../scales';
import { AXIS, DEFAULT_WIDTH, TEXT, axisX, axisY, el, gridLines, legend, legendHeight, marks, shifted, svgDocument, text, type LegendItem, type Target, svgFile, type SvgNode } from './svg';

export type FundingSvgOptions = Target & {
	funding: FundingSummary;
	horizon: number;
	cycle: string;
	/** The runway cell's unit ("$"). */
	unit?: string;
	width?: number;
	/** Height of the chart under its legend. */
	height?: number;
	title?: string;
};

/** The chart laid out: its geometry (drawn `legendHeight` pixels down), for the page's hover line. */
export type FundingLayout = { chart: FundingChart; width: number; height: number; legendHeight: number; items: LegendItem[] };

export function layoutFunding({ funding, horizon, cycle, unit, width = DEFAULT_WIDTH, height = 250 }: FundingSvgOptions): FundingLayout {
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const chart = buildFundingChart({ funding, horizon, cycle, unit, width, height });
	const items: LegendItem[] = [
		...chart.lines.map((l) => ({ mark: marks.line(l.color, l.dash ?? undefined, l.width), label: `${l.label}: enough in ${l.label.slice(1)}% of futures` })),
		{ mark: marks.band(chart.late.color, 0.25), label: 'already out: too late' },
		...(unit && !symbol ? [{ mark: '', label: `amounts in ${unit}` }] : [])
	];
	const dy = legendHeight(items, width - chart.plot.left, 4);
	return { chart, width, height: height + dy, legendHeight: dy, items };
}

/** The chart as a tree (the page patches its DOM from it); `layout` when the caller has laid it out already (the page, for its hover line). */
export function fundingTree(options: FundingSvgOptions, layout: FundingLayout = layoutFunding(options)): SvgNode {
	const { funding, cycle, unit, title } = options;
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const { chart, width, height, legendHeight: dy, items } = layout;
	const { plot, need, late } = chart;
	const plotParts = [
		gridLines(need.yTicks, plot.left, plot.right),
		...chart.lines.map((l) =>
			el('path', { d: l.d, 'data-level': l.key, fill: 'none', stroke: l.color, 'stroke-width': l.width, 'stroke-dasharray': l.dash, 'stroke-linejoin': 'round' })
		),
		el('path', { d: late.area, fill: late.color, 'fill-opacity': 0.25 }),
		el('line', { x1: plot.left, x2: plot.right, y1: need.bottom, y2: need.bottom, stroke: AXIS }),
		text(plot.left + 4, late.top + 10, 'already out of money before this cycle', { fill: TEXT, 'font-size': 10 }),
		axisY([...need.yTicks, ...late.yTicks], plot.left),
		axisX(chart.xTicks, plot.left, plot.right, plot.bottom)
	];
	if (chart.throughX !== null) {
		plotParts.push(
			el('line', { x1: chart.throughX, x2: chart.throughX, y1: plot.top, y2: plot.bottom, stroke: '#6b7280', 'stroke-dasharray': '2 2' }),
			text(chart.throughX - 3, plot.top + 10, `through ${formatCycleName(funding.through, cycle)}`, { 'text-anchor': 'end', 'font-size': 10 })
		);
	}
	const v = (x: number | null) => (x === null ? 'too late' : formatValue(x, symbol) + (unit && !symbol ? ` ${unit}` : ''));
	const half = Math.round(funding.through / 2);
	const description =
		`Money that, added at each cycle and kept, holds the runway at or above 0 through ${formatCycleName(funding.through, cycle)} in 50, 75, 90 and 95% of futures. ` +
		`Added at the start: P50 ${v(funding.p50[0])}, P90 ${v(funding.p90[0])}. Added at ${formatCycleName(half, cycle)}: P50 ${v(funding.p50[half] ?? null)}, P90 ${v(funding.p90[half] ?? null)}, ` +
		`${formatPercent(funding.tooLate[half] ?? 0)} of futures already out of money by then. Assumes the money changes nothing else in the model.`;
	return svgDocument({
		width,
		height,
		title: title ?? `Funding need through ${formatCycleName(funding.through, cycle)}`,
		description,
		onPage: options.onPage,
		body: [legend(items, plot.left, 2, width - plot.left), shifted(dy, plotParts)]
	});
}

export function fundingSvg(options: FundingSvgOptions): string {
	return svgFile(fundingTree(options));
}
