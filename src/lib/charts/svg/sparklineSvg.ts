// A word-sized chart of one cell as an SVG string, on buildSparkline's geometry: the P10–P90 band
// and the median, no axes.

import { buildSparkline } from '../sparkline';
import type { CellSummary } from '../../engine/types';
import { PALETTE } from '../scales';
import { el, svgDocument, type Target, svgFile, type SvgNode } from './svg';

export type SparklineSvgOptions = Target & {
	summary: CellSummary;
	width?: number;
	height?: number;
	color?: string;
	/** Its accessible name, such as "users, P10–P90 and median over 36 months". */
	title?: string;
};

/** The chart as a tree (the page patches its DOM from it); `sparklineSvg` writes it as a file. */
export function sparklineTree({ summary, width = 120, height = 28, color = PALETTE[0], title = 'P10–P90 band and median over the cycles', onPage }: SparklineSvgOptions): SvgNode {
	const chart = buildSparkline({ summary, width, height });
	return svgDocument({
		width,
		height,
		title,
		description: 'the shape only: no axes',
		onPage,
		body: [
			el('path', { class: 'band', d: chart.band, fill: color, 'fill-opacity': 0.22 }),
			el('path', { class: 'median', d: chart.median, fill: 'none', stroke: color, 'stroke-width': 1.25, 'stroke-linejoin': 'round', 'stroke-linecap': 'round' })
		]
	});
}

export function sparklineSvg(options: SparklineSvgOptions): string {
	return svgFile(sparklineTree(options));
}
