// A word-sized chart of one cell: its P10–P90 band and median, no axes.

import { area, line, scaleLinear } from 'd3';
import type { CellSummary } from '../engine/types';
import { valueDomain } from './scales';

export type SparklineOptions = { summary: CellSummary; width: number; height: number };

export type Sparkline = {
	width: number;
	height: number;
	/** P10–P90 area. */
	band: string;
	/** P50 line. */
	median: string;
};

/** Inset so the median's stroke is not clipped at the edges. */
const INSET = 1.5;

export function buildSparkline({ summary, width, height }: SparklineOptions): Sparkline {
	const cycles = summary.p50.map((_, t) => t);
	const last = Math.max(1, cycles.length - 1);
	const x = scaleLinear().domain([0, last]).range([INSET, Math.max(INSET + 1, width - INSET)]);
	// The domain is the band's own (no nice rounding: a sparkline shows shape, not values).
	const [lo, hi] = valueDomain([...summary.p10, ...summary.p90]);
	const y = scaleLinear()
		.domain(extentOf(summary, lo, hi))
		.range([Math.max(INSET + 1, height - INSET), INSET]);
	return {
		width,
		height,
		band:
			area<number>()
				.x((t) => x(t))
				.y0((t) => y(summary.p10[t]))
				.y1((t) => y(summary.p90[t]))
				.digits(1)(cycles) ?? '',
		median:
			line<number>()
				.x((t) => x(t))
				.y((t) => y(summary.p50[t]))
				.digits(1)(cycles) ?? ''
	};
}

/** The tight extent of the band, falling back to the padded nice domain when it is constant. */
function extentOf(summary: CellSummary, niceLo: number, niceHi: number): [number, number] {
	const values = [...summary.p10, ...summary.p90].filter(Number.isFinite);
	const lo = Math.min(...values);
	const hi = Math.max(...values);
	return hi > lo ? [lo, hi] : [niceLo, niceHi];
}
