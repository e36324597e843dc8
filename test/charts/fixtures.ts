import type { CellSummary, RunwaySummary } from '../../src/lib/engine/types';

/** A summary whose percentiles sit at fixed offsets (times `spread`) around the median. */
export function summaryAround(median: number[], spread: number[] | number): CellSummary {
	const s = (t: number) => (typeof spread === 'number' ? spread : spread[t]);
	const at = (k: number) => median.map((m, t) => m + k * s(t));
	return { mean: at(0.1), p5: at(-2), p10: at(-1.5), p25: at(-0.7), p50: at(0), p75: at(0.8), p90: at(1.7), p95: at(2.3) };
}

/** Every percentile equal to `values`. */
export function constantSummary(values: number[]): CellSummary {
	return { mean: values, p5: values, p10: values, p25: values, p50: values, p75: values, p90: values, p95: values };
}

/** Users growing from 1000 with widening uncertainty, over 6 cycles. */
export const USERS = summaryAround([1000, 1100, 1250, 1400, 1600, 1800, 2050], [0, 40, 80, 120, 160, 200, 250]);

/** Cash burning down through zero over 6 cycles. */
export const CASH = summaryAround([500_000, 420_000, 330_000, 230_000, 120_000, 10_000, -110_000], [0, 15_000, 30_000, 45_000, 60_000, 75_000, 90_000]);

/** Runway of CASH: nobody out before cycle 3; 55% out by cycle 6. */
export const RUNWAY: RunwaySummary = {
	cell: 'cash',
	p10: 4,
	p50: 6,
	p90: null,
	cashOutByCycle: [0, 0, 0, 0.02, 0.1, 0.3, 0.55],
	survives: 0.45
};
