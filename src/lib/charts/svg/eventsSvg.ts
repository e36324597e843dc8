// Events (SPEC §4.2) as an SVG string: for each event, the share of futures in which it has
// happened by each cycle, with a mark at its median first cycle.

import { curveStepAfter, line, scaleLinear } from 'd3';
import type { EventSummary } from '../../engine/types';
import { formatCycleName, formatCycles, formatPercent } from '../../format';
import { cycleTicks, round, seriesColor } from '../scales';
import { DEFAULT_WIDTH, LEGEND_ROW, axisX, axisY, el, gridLines, legend, legendRows, marks, svgDocument } from './svg';

export type EventsSvgOptions = { events: Record<string, EventSummary>; horizon: number; cycle: string; width?: number; height?: number; title?: string };

export function eventsSvg({ events, horizon, cycle, width = DEFAULT_WIDTH, height = 240, title }: EventsSvgOptions): string {
	const names = Object.keys(events);
	const items = [...names.map((name, i) => ({ mark: marks.line(seriesColor(i)), label: name })), { mark: marks.dot('#6b7280'), label: 'median first cycle (P50)' }];
	const left = 44;
	const right = width - 14;
	const top = legendRows(items, right - left) * LEGEND_ROW + 14;
	const bottom = height - 24;
	const x = scaleLinear().domain([0, horizon]).range([left, right]);
	const y = scaleLinear().domain([0, 1]).range([bottom, top]);
	const yTicks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, position: round(y(v)), label: formatPercent(v) }));
	const cycles = Array.from({ length: horizon + 1 }, (_, t) => t);
	const body = [
		legend(items, left, 2, right - left),
		gridLines(yTicks, left, right),
		...names.map((name, i) => {
			const e = events[name];
			const d =
				line<number>()
					.x((t) => x(t))
					.y((t) => y(e.byCycle[t] ?? 0))
					.curve(curveStepAfter)
					.digits(1)(cycles) ?? '';
			const median = e.p50 !== null && e.p50 <= horizon ? el('circle', { cx: round(x(e.p50)), cy: round(y(0.5)), r: 3.5, fill: seriesColor(i), stroke: '#ffffff', 'stroke-width': 1 }) : '';
			return el('g', {}, [el('path', { d, fill: 'none', stroke: seriesColor(i), 'stroke-width': 1.5, 'stroke-linejoin': 'round' }), median]);
		}),
		axisY(yTicks, left),
		axisX(cycleTicks(x, horizon, cycle, right - left), left, right, bottom)
	].join('');
	const when = formatCycleName(horizon, cycle);
	const description =
		`The share of futures in which each event has happened by each cycle. ` +
		names
			.map((name) => {
				const e = events[name];
				return `${name}: ${formatPercent(e.byCycle[horizon] ?? 0)} by ${when}, median first ${e.p50 === null ? 'never (beyond the horizon)' : formatCycles(e.p50, cycle)}`;
			})
			.join('; ') +
		'.';
	return svgDocument({ width, height, title: title ?? 'Events: chance by each cycle', description, body });
}
