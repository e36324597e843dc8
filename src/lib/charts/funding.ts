// The funding need (SPEC §4.4) for the page: for each cycle k, the money that, added at k and
// kept, holds the runway cell at or above 0 through `through` in 50, 75, 90 and 95% of trials;
// below, the share of trials already out of money before k (for them any money is too late).
// With a pre-money valuation, an amount is also a dilution: amount / (pre-money + amount).
import { area, line, scaleLinear } from 'd3';
import type { FundingSummary } from '../engine/types';
import { formatCycleName, formatPercent, formatValue } from '../format';
import { cycleTicks, isSymbolUnit, round, seriesColor, valueDomain, valueTicks, type Tick } from './scales';

export const FUNDING_KEYS = ['p50', 'p75', 'p90', 'p95'] as const;
export type FundingKey = (typeof FUNDING_KEYS)[number];

/** One line per level: the higher the level, the more trials the money covers; dashes tell them apart. */
export const FUNDING_STYLE: Record<FundingKey, { label: string; dash: string | null; width: number }> = {
	p50: { label: 'P50', dash: null, width: 1.5 },
	p75: { label: 'P75', dash: '6 2', width: 1.25 },
	p90: { label: 'P90', dash: '3 2', width: 1.5 },
	p95: { label: 'P95', dash: '1 2', width: 1.5 }
};

export type FundingChartOptions = { funding: FundingSummary; horizon: number; cycle: string; unit?: string; width: number; height: number };

export type FundingChart = {
	plot: { left: number; right: number; top: number; bottom: number };
	/** The need's panel (upper) and the too-late panel (lower), in pixels. */
	need: { top: number; bottom: number; yTicks: Tick[] };
	late: { top: number; bottom: number; yTicks: Tick[]; area: string; color: string };
	lines: { key: FundingKey; label: string; dash: string | null; width: number; color: string; d: string }[];
	xTicks: Tick[];
	/** Pixel x of `through` when it is before the horizon. */
	throughX: number | null;
	/** Pixel x of cycle k, for a marker. */
	x: (k: number) => number;
	/** The nearest cycle to pixel x. */
	cycleAt: (px: number) => number;
};

const GAP = 20;

export function buildFundingChart({ funding, horizon, cycle, unit, width, height }: FundingChartOptions): FundingChart {
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const values = FUNDING_KEYS.flatMap((k) => funding[k].filter((v): v is number => v !== null));
	const yDomain = valueDomain(values, { includeZero: true });
	const probe = valueTicks(scaleLinear().domain(yDomain).range([100, 0]), 100, symbol);
	const left = Math.max(44, Math.ceil(Math.max(...probe.map((t) => t.label.length)) * 6.5 + 10));
	const plot = { left, right: Math.max(left + 1, width - 14), top: 8, bottom: Math.max(40, height - 24) };
	const upperBottom = plot.top + (plot.bottom - plot.top - GAP) * 0.72;
	const lowerTop = upperBottom + GAP;
	const x = scaleLinear().domain([0, horizon]).range([plot.left, plot.right]);
	const y = scaleLinear().domain(yDomain).range([upperBottom, plot.top]);
	const yLate = scaleLinear().domain([0, 1]).range([plot.bottom, lowerTop]);
	const cycles = Array.from({ length: horizon + 1 }, (_, k) => k);
	const color = seriesColor(0);
	const lines = FUNDING_KEYS.map((key) => ({
		key,
		...FUNDING_STYLE[key],
		color,
		d:
			line<number>()
				.defined((k) => funding[key][k] !== null && funding[key][k] !== undefined)
				.x((k) => x(k))
				.y((k) => y(funding[key][k] as number))
				.digits(1)(cycles) ?? ''
	}));
	return {
		plot,
		need: { top: plot.top, bottom: round(upperBottom), yTicks: valueTicks(y, upperBottom - plot.top, symbol) },
		late: {
			top: round(lowerTop),
			bottom: plot.bottom,
			yTicks: [0, 1].map((v) => ({ value: v, position: round(yLate(v)), label: formatPercent(v) })),
			area:
				area<number>()
					.x((k) => x(k))
					.y0(yLate(0))
					.y1((k) => yLate(funding.tooLate[k] ?? 0))
					.digits(1)(cycles) ?? '',
			color: seriesColor(4)
		},
		lines,
		xTicks: cycleTicks(x, horizon, cycle, plot.right - plot.left),
		throughX: funding.through < horizon ? round(x(funding.through)) : null,
		x: (k) => round(x(k)),
		cycleAt: (px) => Math.min(horizon, Math.max(0, Math.round(x.invert(px))))
	};
}

/** The dilution of raising `amount` at a pre-money valuation: amount / (pre-money + amount); null when not given. */
export function dilution(amount: number | null, preMoney: number | null): number | null {
	if (amount === null || preMoney === null || !Number.isFinite(amount) || !(preMoney > 0)) return null;
	if (amount <= 0) return 0;
	return amount / (preMoney + amount);
}

/** One row of the funding table at cycle k: each level's amount (and dilution), and the share too late. */
export function fundingAt(funding: FundingSummary, k: number, cycle: string, unit?: string, preMoney: number | null = null) {
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	const word = unit && !symbol ? ` ${unit}` : '';
	return {
		cycle: k,
		label: formatCycleName(k, cycle),
		tooLate: formatPercent(funding.tooLate[k] ?? 0),
		levels: FUNDING_KEYS.map((key) => {
			const amount = funding[key][k] ?? null;
			const d = dilution(amount, preMoney);
			return {
				key,
				label: FUNDING_STYLE[key].label,
				amount: amount === null ? 'too late' : formatValue(amount, symbol) + word,
				dilution: d === null ? null : formatPercent(d)
			};
		})
	};
}
