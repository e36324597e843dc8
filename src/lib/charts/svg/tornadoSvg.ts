// The sensitivity (SPEC §4.5) as a tornado chart, on the page's geometry (buildTornado): one row
// per input, largest effect first, bars from the outcome's overall mean to its mean when the input
// is in its lowest tenth (≤ P10) and in its highest tenth (≥ P90), the rank correlation at the right.

import { buildTornado, TORNADO_HIGH, TORNADO_LOW } from '../tornado';
import type { Sensitivity } from '../../engine/types';
import { formatPercent, formatValue } from '../../format';
import { isSymbolUnit } from '../scales';
import { DEFAULT_WIDTH, GRID, INK, MONO, TEXT, axisX, el, legend, legendHeight, marks, shifted, svgDocument, text, type Target, svgFile, type SvgNode } from './svg';

/** The colour of an input's name where it is a link (on the page). */
const LINK = '#2b5c8a';

export type TornadoSvgOptions = Target & {
	sensitivity: Sensitivity;
	/**
	 * The outcome's mean over all trials, the bars' centre: for the runway, the chance of running
	 * out by the horizon (1 − survives); for CELL@CYCLE, the cell's mean at that cycle. Estimated
	 * from the largest input's two ends when not given.
	 */
	mean?: number;
	/** The outcome is a share, shown as % (the runway's chance of running out); by default when the outcome is the runway. */
	share?: boolean;
	/** The outcome cell's unit (not used for the runway outcome, which is a chance). */
	unit?: string;
	/** At most this many inputs, the largest effects. */
	limit?: number;
	width?: number;
	title?: string;
};

/** "the chance of running out by the horizon", or "revenue at cycle 12". */
export function outcomeName(outcome: string): string {
	if (outcome === 'runway') return 'chance of running out by the horizon';
	const at = outcome.lastIndexOf('@');
	return at > 0 ? `${outcome.slice(0, at)} at cycle ${outcome.slice(at + 1)}` : outcome;
}

/**
 * On the page (`onPage`) each input's name is a link (role and tab stop) that the page's component
 * follows to the input's cell; the root is then a group, not an image, so the links are reachable.
 */
/** The chart as a tree (the page patches its DOM from it); `tornadoSvg` writes it as a file. */
export function tornadoTree({ sensitivity, mean, share = sensitivity.outcome === 'runway', unit, limit = 12, width = DEFAULT_WIDTH, title, onPage }: TornadoSvgOptions): SvgNode {
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const fmt = (v: number) => (share ? formatPercent(v) : formatValue(v, symbol));
	const first = sensitivity.inputs[0];
	const centre = mean ?? (first ? (first.low.mean + first.high.mean) / 2 : 0);
	const chart = buildTornado({ sensitivity, mean: centre, share, unit, width, limit, rowHeight: 24 });
	const items = [
		{ mark: marks.swatch(TORNADO_LOW), label: 'input in its lowest tenth (≤ P10)' },
		{ mark: marks.swatch(TORNADO_HIGH), label: 'in its highest tenth (≥ P90)' },
		{ mark: marks.line('#6b7280', undefined, 1), label: `mean over all futures: ${chart.meanText}` }
	];
	const dy = legendHeight(items, width - chart.plot.left);
	const { plot } = chart;
	const rows = chart.bars.map((bar) => {
		const cy = bar.y + bar.height / 2;
		return el('g', { class: 'row', 'data-testid': 'tornado-row', 'data-cell': bar.cell }, [
			el('title', {}, bar.title),
			text(plot.left - 8, cy, bar.cell, {
				class: 'name',
				'text-anchor': 'end',
				dy: '0.32em',
				fill: INK,
				'font-family': MONO,
				...(onPage ? { role: 'link', tabindex: 0, fill: LINK } : {})
			}),
			el('rect', { x: bar.low.x, y: bar.y, width: bar.low.width, height: bar.height, fill: bar.low.color, 'fill-opacity': 0.75 }),
			el('rect', { x: bar.high.x, y: bar.y, width: bar.high.width, height: bar.height, fill: bar.high.color, 'fill-opacity': 0.75 }),
			text(width - 6, cy, `ρ ${bar.spearman}`, { 'text-anchor': 'end', dy: '0.32em' })
		]);
	});
	const plotParts = [
		text(plot.left, plot.top - 6, `mean ${outcomeName(sensitivity.outcome)}${unit && !symbol && !share ? ` (${unit})` : ''}`, { fill: TEXT }),
		el(
			'g',
			{ stroke: GRID },
			chart.xTicks.map((t) => el('line', { x1: t.position, x2: t.position, y1: plot.top, y2: plot.bottom }))
		),
		...rows,
		el('line', { x1: chart.meanX, x2: chart.meanX, y1: plot.top - 2, y2: plot.bottom, stroke: '#6b7280', 'stroke-width': 1 }),
		chart.bars.length === 0 ? text(plot.left, plot.top + 14, 'no input varies') : '',
		axisX(chart.xTicks, plot.left, plot.right, plot.bottom)
	];
	const top3 = sensitivity.inputs
		.slice(0, 3)
		.map((i) => `${i.cell} (${fmt(i.low.mean)} in its lowest tenth, ${fmt(i.high.mean)} in its highest, ρ ${i.spearman.toFixed(2)})`)
		.join('; ');
	const description =
		`Tornado chart of which inputs move the ${outcomeName(sensitivity.outcome)}, largest effect first: for each input, the mean outcome over futures where the input is in its lowest tenth and in its highest tenth, against the mean over all futures (${chart.meanText}). ` +
		(sensitivity.inputs.length ? `Largest: ${top3}.` : 'No input varies.');
	return svgDocument({
		width,
		height: chart.height + dy,
		title: title ?? `What moves the ${outcomeName(sensitivity.outcome)}`,
		description,
		onPage,
		role: onPage && chart.bars.length > 0 ? 'group' : 'img',
		body: [legend(items, plot.left, 2, width - plot.left), shifted(dy, plotParts)]
	});
}

export function tornadoSvg(options: TornadoSvgOptions): string {
	return svgFile(tornadoTree(options));
}
