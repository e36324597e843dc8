// The funding need (SPEC §4.4) as an SVG string: for each cycle k, the money that, added at k,
// keeps the runway cell at or above 0 through `through` in 50, 75, 90 and 95% of futures; below,
// the share of futures already out of money before k (for them any money comes too late).

import { area, line, scaleLinear } from 'd3';
import type { FundingSummary } from '../../engine/types';
import { formatCycleName, formatPercent, formatValue } from '../../format';
import { cycleTicks, isSymbolUnit, round, seriesColor, valueDomain, valueTicks } from '../scales';
import { AXIS, DEFAULT_WIDTH, LEGEND_ROW, TEXT, axisX, axisY, el, gridLines, legend, legendRows, marks, svgDocument, text } from './svg';

export type FundingSvgOptions = {
	funding: FundingSummary;
	horizon: number;
	cycle: string;
	/** The runway cell's unit ("$"). */
	unit?: string;
	width?: number;
	height?: number;
	title?: string;
};

/** The need's percentiles, drawn as lines: the higher the level, the more futures the money covers. */
export const FUNDING_LEVELS = [
	{ key: 'p50', label: 'P50', dash: undefined, width: 1.5 },
	{ key: 'p75', label: 'P75', dash: '6 2', width: 1 },
	{ key: 'p90', label: 'P90', dash: '3 2', width: 1.5 },
	{ key: 'p95', label: 'P95', dash: '1 2', width: 1.5 }
] as const;

const LATE = seriesColor(4);
const GAP = 22;

export function fundingSvg({ funding, horizon, cycle, unit, width = DEFAULT_WIDTH, height = 280, title }: FundingSvgOptions): string {
	const color = seriesColor(0);
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const items = [
		...FUNDING_LEVELS.map((l) => ({ mark: marks.line(color, l.dash, l.width), label: `${l.label}: enough in ${l.label.slice(1)}% of futures` })),
		{ mark: marks.band(LATE, 0.25), label: 'already out: too late' }
	];
	const values = FUNDING_LEVELS.flatMap((l) => funding[l.key].filter((v): v is number => v !== null));
	const yDomain = valueDomain(values, { includeZero: true });
	const probeTicks = valueTicks(scaleLinear().domain(yDomain).range([100, 0]), 100, symbol);
	const left = Math.max(44, Math.ceil(Math.max(...probeTicks.map((t) => t.label.length)) * 6.5 + 10));
	const right = width - 14;
	const legendHeight = legendRows(items, right - left) * LEGEND_ROW + 8;
	const top = legendHeight + (unit && !symbol ? 20 : 6);
	const bottom = height - 24;
	const upperBottom = top + (bottom - top - GAP) * 0.72;
	const lowerTop = upperBottom + GAP;

	const x = scaleLinear().domain([0, horizon]).range([left, right]);
	const y = scaleLinear().domain(yDomain).range([upperBottom, top]);
	const yLate = scaleLinear().domain([0, 1]).range([bottom, lowerTop]);
	const cycles = Array.from({ length: horizon + 1 }, (_, k) => k);
	const yTicks = valueTicks(y, upperBottom - top, symbol);
	const lateTicks = [0, 1].map((v) => ({ value: v, position: round(yLate(v)), label: formatPercent(v) }));

	const levelPath = (values: (number | null)[]) =>
		line<number>()
			.defined((k) => values[k] !== null && values[k] !== undefined)
			.x((k) => x(k))
			.y((k) => y(values[k] as number))
			.digits(1)(cycles) ?? '';
	const lateArea =
		area<number>()
			.x((k) => x(k))
			.y0(yLate(0))
			.y1((k) => yLate(funding.tooLate[k] ?? 0))
			.digits(1)(cycles) ?? '';

	const parts = [
		legend(items, left, 2, right - left),
		gridLines(yTicks, left, right),
		...FUNDING_LEVELS.map((l) =>
			el('path', { d: levelPath(funding[l.key]), fill: 'none', stroke: color, 'stroke-width': l.width, 'stroke-dasharray': l.dash, 'stroke-linejoin': 'round' })
		),
		el('path', { d: lateArea, fill: LATE, 'fill-opacity': 0.25 }),
		el('line', { x1: left, x2: right, y1: round(upperBottom), y2: round(upperBottom), stroke: AXIS }),
		text(left + 4, round(lowerTop) + 10, 'already out of money before this cycle', { fill: TEXT, 'font-size': 10 }),
		axisY([...yTicks, ...lateTicks], left),
		axisX(cycleTicks(x, horizon, cycle, right - left), left, right, bottom)
	];
	if (unit && !symbol) parts.push(text(0, top - 12, `↑ ${unit}`));
	if (funding.through < horizon) {
		const xt = round(x(funding.through));
		parts.push(
			el('line', { x1: xt, x2: xt, y1: top, y2: bottom, stroke: '#6b7280', 'stroke-dasharray': '2 2' }),
			text(xt - 3, top + 10, `through ${formatCycleName(funding.through, cycle)}`, { 'text-anchor': 'end', 'font-size': 10 })
		);
	}
	const v = (x: number | null) => (x === null ? 'too late' : formatValue(x, symbol) + (unit && !symbol ? ` ${unit}` : ''));
	const half = Math.round(funding.through / 2);
	const description =
		`Money that, added at each cycle and kept, holds the runway at or above 0 through ${formatCycleName(funding.through, cycle)} in 50, 75, 90 and 95% of futures. ` +
		`Added at the start: P50 ${v(funding.p50[0])}, P90 ${v(funding.p90[0])}. Added at ${formatCycleName(half, cycle)}: P50 ${v(funding.p50[half] ?? null)}, P90 ${v(funding.p90[half] ?? null)}, ` +
		`${formatPercent(funding.tooLate[half] ?? 0)} of futures already out of money by then. Assumes the money changes nothing else in the model.`;
	return svgDocument({ width, height, title: title ?? `Funding need through ${formatCycleName(funding.through, cycle)}`, description, body: parts.join('') });
}
