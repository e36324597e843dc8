// A histogram of a sample cell's draws as an SVG string, on buildHistogram's geometry: a bar per
// bin (its range and share of the draws as its tooltip) over a value axis.

import { buildHistogram } from '../histogram';
import type { Histogram } from '../../engine/types';
import { formatPercent, groupDigits } from '../../format';
import { PALETTE } from '../scales';
import { DEFAULT_WIDTH, axisX, el, svgDocument, type Target, svgFile, type SvgNode } from './svg';

export type HistogramSvgOptions = Target & {
	histogram: Histogram;
	unit?: string;
	width?: number;
	height?: number;
	/** The chart's title: "Histogram of the draws" by default. */
	title?: string;
};

/** The chart as a tree (the page patches its DOM from it); `histogramSvg` writes it as a file. */
export function histogramTree({ histogram, unit, width = DEFAULT_WIDTH, height = 120, title = 'Histogram of the draws', onPage }: HistogramSvgOptions): SvgNode {
	const chart = buildHistogram({ histogram, width, height, unit });
	const total = histogram.counts.reduce((a, b) => a + b, 0);
	const peak = chart.bars.reduce((best, bar) => (bar.count > best.count ? bar : best), chart.bars[0] ?? { count: 0, label: '', share: 0 });
	const description = `${groupDigits(total)} draws in ${chart.bars.length} bins${peak.count > 0 ? `; the most in ${peak.label} (${formatPercent(peak.share)})` : ''}.`;
	return svgDocument({
		width,
		height,
		title,
		description,
		onPage,
		body: [
			el(
				'g',
				{ fill: PALETTE[0], 'fill-opacity': 0.55 },
				chart.bars.map((bar) => el('rect', { x: bar.x, y: bar.y, width: bar.width, height: bar.height }, el('title', {}, `${bar.label}: ${formatPercent(bar.share)} of draws`)))
			),
			axisX(chart.xTicks, chart.margin.left, chart.width - chart.margin.right, chart.baseline, 15)
		]
	});
}

export function histogramSvg(options: HistogramSvgOptions): string {
	return svgFile(histogramTree(options));
}
