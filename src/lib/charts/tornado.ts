// What drives an outcome (SPEC §4.5): one bar per input from its low-decile mean outcome to its
// high-decile mean, around the overall mean, largest swing first. Pure geometry.
import { scaleLinear } from 'd3';
import type { Sensitivity } from '../engine/types';
import { formatNumber, formatPercent, formatValue } from '../format';
import { isSymbolUnit, round, valueTicks, type Tick } from './scales';

export type TornadoOptions = {
	sensitivity: Sensitivity;
	/** The outcome's mean over all trials: the bars' centre line. */
	mean: number;
	/** The outcome is a share (the runway: the chance of running out), shown as %. */
	share?: boolean;
	unit?: string;
	width: number;
	/** At most this many inputs. */
	limit?: number;
	rowHeight?: number;
};

export type TornadoBar = {
	cell: string;
	y: number;
	height: number;
	/** From the overall mean to the low-decile mean, and to the high-decile mean. */
	low: { x: number; width: number; value: string; color: string };
	high: { x: number; width: number; value: string; color: string };
	spearman: string;
	/** Said in words: "growth: low (≤ 0.04) 82%, high (≥ 0.12) 31%". */
	title: string;
};

export type Tornado = {
	width: number;
	height: number;
	plot: { left: number; right: number; top: number; bottom: number };
	meanX: number;
	bars: TornadoBar[];
	xTicks: Tick[];
	/** The outcome's mean, formatted. */
	meanText: string;
};

/** Not the scenarios' colours (blue, orange, …): a bar's colour says low or high, never which scenario. */
export const TORNADO_LOW = '#7b6fb0';
export const TORNADO_HIGH = '#c9a227';

export function buildTornado({ sensitivity, mean, share = false, unit, width, limit = 10, rowHeight = 22 }: TornadoOptions): Tornado {
	const inputs = sensitivity.inputs.slice(0, limit);
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const show = (v: number) => (share ? formatPercent(v) : formatValue(v, symbol));
	const left = Math.max(80, Math.min(200, Math.max(0, ...inputs.map((i) => i.cell.length)) * 7 + 16));
	const top = 18;
	const height = top + Math.max(1, inputs.length) * rowHeight + 24;
	const plot = { left, right: Math.max(left + 1, width - 56), top, bottom: height - 24 };
	const values = [mean, ...inputs.flatMap((i) => [i.low.mean, i.high.mean])].filter(Number.isFinite);
	let lo = Math.min(...values);
	let hi = Math.max(...values);
	if (share) [lo, hi] = [Math.max(0, lo), Math.min(1, hi)];
	if (hi - lo < 1e-12) [lo, hi] = [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1];
	const x = scaleLinear().domain([lo, hi]).nice().range([plot.left, plot.right]);
	const meanX = round(x(mean));
	const segment = (v: number, color: string) => {
		const at = x(v);
		return { x: round(Math.min(at, x(mean))), width: round(Math.max(1, Math.abs(at - x(mean)))), value: show(v), color };
	};
	const bars = inputs.map((input, i) => ({
		cell: input.cell,
		y: round(top + i * rowHeight + 3),
		height: rowHeight - 6,
		low: segment(input.low.mean, TORNADO_LOW),
		high: segment(input.high.mean, TORNADO_HIGH),
		spearman: formatNumber(input.spearman),
		title: `${input.cell}: lowest tenth (≤ ${formatNumber(input.low.upTo)}) ${show(input.low.mean)}, highest tenth (≥ ${formatNumber(input.high.from)}) ${show(input.high.mean)}; rank correlation ${formatNumber(input.spearman)}`
	}));
	const ticks = share
		? x.ticks(Math.max(2, Math.floor((plot.right - plot.left) / 80))).map((v) => ({ value: v, position: round(x(v)), label: formatPercent(v) }))
		: valueTicks(x, plot.right - plot.left, symbol, 80);
	return { width, height, plot, meanX, bars, xTicks: ticks, meanText: show(mean) };
}
