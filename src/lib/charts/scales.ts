// Shared pieces of the chart builders: rounding, value domains and ticks, cycle ticks, palette.
// Pure: no DOM, no Svelte. Every pixel number leaves here rounded to 0.1 px so snapshots stay stable.

import { scaleLinear, type ScaleLinear } from 'd3';
import { formatCycleTick, formatValue, parseCycleText } from '../format';

export type Margin = { top: number; right: number; bottom: number; left: number };

/** A tick on an axis: its pixel position and its label. */
export type Tick = { value: number; position: number; label: string };

/** Calm, distinguishable series colours; the first is the muted blue of single-series charts. */
export const PALETTE = ['#3f6f9f', '#c07a3e', '#4f8f6a', '#8a6aae', '#b0545e', '#5f7f8f'] as const;

/** Colour of the i-th series, cycling through the palette. */
export function seriesColor(i: number): string {
	return PALETTE[i % PALETTE.length];
}

/** Colour of the i-th scenario shown (0: the reference), the same on every chart of the page. */
export function scenarioColor(i: number): string {
	return seriesColor(i);
}

/** `x` rounded to 0.1 (pixels), without a negative zero. */
export function round(x: number): number {
	const r = Math.round(x * 10) / 10;
	return r === 0 ? 0 : r;
}

/**
 * A nice value domain covering `values`. A constant (or empty) set gets padding so the scale is
 * not degenerate: all zeros → [0, 1]; a constant c → c ± 10% of |c|. `includeZero` stretches the
 * domain to 0, as a cash chart needs to show where zero is.
 */
export function valueDomain(values: Iterable<number>, { includeZero = false } = {}): [number, number] {
	let lo = Infinity;
	let hi = -Infinity;
	for (const v of values) {
		if (!Number.isFinite(v)) continue;
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	if (lo > hi) [lo, hi] = [0, 1];
	if (includeZero) {
		lo = Math.min(lo, 0);
		hi = Math.max(hi, 0);
	}
	if (lo === hi) {
		if (lo === 0) [lo, hi] = [0, 1];
		else {
			const pad = Math.abs(lo) * 0.1;
			// Keep a positive constant's domain on its side of zero unless zero was asked for.
			[lo, hi] = [lo - pad, hi + pad];
		}
	}
	const nice = scaleLinear().domain([lo, hi]).nice().domain();
	return [nice[0], nice[1]];
}

/** About one tick per `spacing` pixels of axis, labelled with `formatValue` and the unit. */
export function valueTicks(y: ScaleLinear<number, number>, length: number, unit?: string, spacing = 40): Tick[] {
	const count = Math.max(2, Math.floor(length / spacing));
	return y.ticks(count).map((value) => ({ value, position: round(y(value)), label: formatValue(value, unit) }));
}

// Steps between cycle ticks, in the cycle's own unit, that read naturally: a week, a month of
// days, a quarter of weeks (13), a half year of months, a year of quarters.
const NICE_STEPS: Record<string, number[]> = {
	day: [1, 7, 30, 60, 90, 180, 365, 730, 1825],
	week: [1, 2, 4, 13, 26, 52, 104, 260],
	month: [1, 2, 3, 6, 12, 24, 36, 60, 120],
	quarter: [1, 2, 4, 8, 20, 40],
	cycle: [1, 2, 5, 10, 20, 50, 100, 200, 500]
};

/**
 * Ticks at whole cycles 0 … horizon, at most about one per `spacing` pixels, every step a nice
 * span of the cycle's unit (see `formatCycleTick`: "M6" is six months after the start).
 */
export function cycleTicks(x: ScaleLinear<number, number>, horizon: number, cycle: string, length: number, spacing = 48): Tick[] {
	const maxTicks = Math.max(2, Math.floor(length / spacing));
	const parsed = parseCycleText(cycle);
	const count = parsed?.count ?? 1;
	// A step must be a whole number of cycles: with "2 months", 6 months is 3 cycles, 3 months is not.
	const steps = NICE_STEPS[parsed?.unit ?? 'cycle'].filter((s) => s % count === 0).map((s) => s / count);
	if (steps[0] !== 1) steps.unshift(1);
	let step = steps.find((s) => Math.floor(horizon / s) + 1 <= maxTicks);
	if (step === undefined) {
		step = steps[steps.length - 1];
		while (Math.floor(horizon / step) + 1 > maxTicks) step *= 2;
	}
	const ticks: Tick[] = [];
	for (let t = 0; t <= horizon; t += step) ticks.push({ value: t, position: round(x(t)), label: formatCycleTick(t, cycle) });
	return ticks;
}

/**
 * Whether a unit is a symbol that `formatValue` attaches to each number ("$340k", "12%"). Word
 * units ("users", "per month") are said once, in an axis label or a header, not on every number.
 */
export function isSymbolUnit(unit: string | undefined): boolean {
	return unit === '$' || unit === '€' || unit === '£' || unit === '%';
}

/** The shared unit of some series, or undefined when they differ (ticks then show bare numbers). */
export function commonUnit(units: (string | undefined)[]): string | undefined {
	const first = units[0];
	return units.every((u) => u === first) ? first : undefined;
}
