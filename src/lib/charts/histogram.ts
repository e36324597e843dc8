// A histogram of a sample cell's draws: one bar per bin of the engine's `Histogram`, a value axis below.

import { scaleLinear } from 'd3';
import type { Histogram } from '../engine/types';
import { formatValue } from '../format';
import { isSymbolUnit, round, valueTicks, type Margin, type Tick } from './scales';

export type HistogramOptions = { histogram: Histogram; width: number; height: number; unit?: string; margin?: Partial<Margin> };

export type HistogramBar = {
	x: number;
	y: number;
	width: number;
	height: number;
	count: number;
	/** The bin's share of all draws, 0 … 1. */
	share: number;
	/** "$1.2k – $1.4k". */
	label: string;
};

export type HistogramChart = {
	width: number;
	height: number;
	margin: Margin;
	bars: HistogramBar[];
	xTicks: Tick[];
	/** Pixel y of the bars' base line. */
	baseline: number;
};

export const HISTOGRAM_MARGIN: Margin = { top: 4, right: 10, bottom: 20, left: 10 };

/** Gap between neighbouring bars, in pixels. */
const GAP = 1;

export function buildHistogram({ histogram, width, height, unit, margin }: HistogramOptions): HistogramChart {
	const m: Margin = { ...HISTOGRAM_MARGIN, ...margin };
	const left = m.left;
	const right = Math.max(left + 1, width - m.right);
	const top = m.top;
	const bottom = Math.max(top + 1, height - m.bottom);
	const { edges, counts } = histogram;
	const first = edges[0] ?? 0;
	const last = edges[edges.length - 1] ?? 0;
	const total = counts.reduce((a, b) => a + b, 0);
	const maxCount = Math.max(0, ...counts);

	// Every draw equal (the engine's edges [c, c]): pad the domain and centre one bar on c.
	const constant = !(last > first);
	const pad = first === 0 ? 1 : Math.abs(first) * 0.1;
	const x = scaleLinear()
		.domain(constant ? [first - pad, first + pad] : [first, last])
		.range([left, right]);
	const y = scaleLinear()
		.domain([0, maxCount || 1])
		.range([bottom, top]);
	const binWidth = (right - left) / Math.max(1, counts.length);

	const bars = counts.map((count, i) => {
		const x0 = constant ? x(first) - binWidth / 2 : x(edges[i]);
		const x1 = constant ? x(first) + binWidth / 2 : x(edges[i + 1]);
		const barWidth = Math.max(0.5, x1 - x0 - GAP);
		return {
			x: round(x0 + GAP / 2),
			y: round(y(count)),
			width: round(barWidth),
			height: round(bottom - y(count)),
			count,
			share: total > 0 ? count / total : 0,
			label: constant ? formatValue(first, unit) : binLabel(edges[i], edges[i + 1], unit)
		};
	});

	return {
		width,
		height,
		margin: m,
		bars,
		xTicks: valueTicks(x, right - left, isSymbolUnit(unit) ? unit : undefined, 70),
		baseline: round(bottom)
	};
}

/** "$1.2k – $1.4k" with a symbol unit; "0.02 – 0.03 per month" with a word unit. */
function binLabel(lo: number, hi: number, unit: string | undefined): string {
	if (isSymbolUnit(unit)) return `${formatValue(lo, unit)} – ${formatValue(hi, unit)}`;
	return formatValue(lo) + ' – ' + formatValue(hi, unit);
}
