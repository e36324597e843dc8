// The sensitivity (SPEC §4.5) as a tornado chart: one row per input, largest effect first, a bar
// from the mean outcome when the input is at or below its P10 to the mean when it is at or above
// its P90, and the Spearman correlation at the right.

import { scaleLinear } from 'd3';
import type { Sensitivity } from '../../engine/types';
import { formatPercent, formatValue } from '../../format';
import { isSymbolUnit, round, seriesColor, valueDomain, valueTicks } from '../scales';
import { CHAR_WIDTH, DEFAULT_WIDTH, GRID, INK, LEGEND_ROW, TEXT, axisX, el, legend, legendRows, marks, svgDocument, text } from './svg';

export type TornadoSvgOptions = {
	sensitivity: Sensitivity;
	/** The outcome cell's unit (not used for the runway outcome, which is a chance). */
	unit?: string;
	/** At most this many inputs, the largest effects. */
	limit?: number;
	width?: number;
	title?: string;
};

const LOW = seriesColor(0);
const HIGH = seriesColor(1);
const ROW = 24;

/** "the chance of running out by the horizon", or "revenue at cycle 12". */
export function outcomeName(outcome: string): string {
	if (outcome === 'runway') return 'chance of running out by the horizon';
	const at = outcome.lastIndexOf('@');
	return at > 0 ? `${outcome.slice(0, at)} at cycle ${outcome.slice(at + 1)}` : outcome;
}

export function tornadoSvg({ sensitivity, unit, limit = 12, width = DEFAULT_WIDTH, title }: TornadoSvgOptions): string {
	const inputs = sensitivity.inputs.slice(0, limit);
	const isRunway = sensitivity.outcome === 'runway';
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const fmt = (v: number) => (isRunway ? formatPercent(v) : formatValue(v, symbol));
	const items = [
		{ mark: marks.dot(LOW, true), label: 'input at or below its P10' },
		{ mark: marks.dot(HIGH), label: 'input at or above its P90' },
		{ mark: '', label: 'ρ: rank correlation' }
	];
	const labelWidth = Math.min(200, Math.max(60, Math.ceil(Math.max(0, ...inputs.map((i) => i.cell.length)) * CHAR_WIDTH + 12)));
	const left = labelWidth;
	const right = width - 56;
	const legendHeight = legendRows(items, right - left) * LEGEND_ROW + 8;
	const top = legendHeight + 18;
	const bottom = top + Math.max(1, inputs.length) * ROW;
	const height = bottom + 30;

	const domain = isRunway ? ([0, 1] as [number, number]) : valueDomain(inputs.flatMap((i) => [i.low.mean, i.high.mean]));
	const x = scaleLinear().domain(domain).range([left, right]);
	const ticks = isRunway
		? [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, position: round(x(v)), label: formatPercent(v) }))
		: valueTicks(x, right - left, symbol, 80);

	const rows = inputs.map((input, i) => {
		const cy = round(top + i * ROW + ROW / 2);
		const xl = round(x(input.low.mean));
		const xh = round(x(input.high.mean));
		return el('g', {}, [
			el('title', {}, `${input.cell}: ${outcomeName(sensitivity.outcome)} ${fmt(input.low.mean)} when ${input.cell} ≤ ${formatValue(input.low.upTo)}, ${fmt(input.high.mean)} when ≥ ${formatValue(input.high.from)}; ρ ${input.spearman.toFixed(2)}`),
			text(left - 8, cy, input.cell, { 'text-anchor': 'end', dy: '0.32em', fill: INK }),
			el('rect', { x: Math.min(xl, xh), y: round(cy - 5), width: Math.max(1, round(Math.abs(xh - xl))), height: 10, fill: '#9aa3b2', 'fill-opacity': 0.35 }),
			el('circle', { cx: xl, cy, r: 4.5, fill: '#ffffff', stroke: LOW, 'stroke-width': 1.8 }),
			el('circle', { cx: xh, cy, r: 4.5, fill: HIGH, stroke: HIGH, 'stroke-width': 1.8 }),
			text(width - 6, cy, `ρ ${input.spearman >= 0 ? ' ' : '−'}${Math.abs(input.spearman).toFixed(2)}`, { 'text-anchor': 'end', dy: '0.32em' })
		]);
	});
	const body = [
		legend(items, left, 2, right - left),
		text(left, top - 6, `mean ${outcomeName(sensitivity.outcome)}${unit && !symbol && !isRunway ? ` (${unit})` : ''}`, { fill: TEXT }),
		el(
			'g',
			{ stroke: GRID },
			ticks.map((t) => el('line', { x1: t.position, x2: t.position, y1: top, y2: bottom }))
		),
		...rows,
		inputs.length === 0 ? text(left, top + 14, 'no input varies') : '',
		axisX(ticks, left, right, bottom)
	].join('');
	const top3 = inputs
		.slice(0, 3)
		.map((i) => `${i.cell} (${fmt(i.low.mean)} at its low end, ${fmt(i.high.mean)} at its high end, ρ ${i.spearman.toFixed(2)})`)
		.join('; ');
	const description =
		`Tornado chart of which inputs move the ${outcomeName(sensitivity.outcome)}, largest effect first: for each input, the mean outcome over futures where the input is at or below its 10th percentile and at or above its 90th. ` +
		(inputs.length ? `Largest: ${top3}.` : 'No input varies.');
	return svgDocument({ width, height, title: title ?? `What moves the ${outcomeName(sensitivity.outcome)}`, description, body });
}
