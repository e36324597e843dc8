import { describe, expect, test } from 'vitest';
import { buildFanChart, type FanChart, type FanChartOptions } from '../../src/lib/charts/fanChart';
import { CASH, USERS, constantSummary, summaryAround } from './fixtures';

const base: FanChartOptions = { series: [{ name: 'users', summary: USERS }], horizon: 6, cycle: '1 month', width: 400, height: 200 };

/** The chart without its hover functions, for snapshots. */
function plain({ hover: _hover, at: _at, ...rest }: FanChart) {
	return rest;
}

/** The y of each point of a path "Mx,yLx,y…", in order. */
function pathYs(d: string): number[] {
	return [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => Number(m[2]));
}

describe('buildFanChart', () => {
	test('buildFanChart(options) draws bands, median, ticks for one series', () => {
		expect(plain(buildFanChart(base))).toMatchSnapshot();
	});

	test('buildFanChart(options) shares axes between series and gives each a colour', () => {
		const chart = buildFanChart({
			...base,
			series: [
				{ name: 'users', summary: USERS },
				{ name: 'bear', summary: summaryAround([1000, 1020, 1050, 1080, 1100, 1130, 1150], 30) }
			]
		});
		expect(plain(chart)).toMatchSnapshot();
		expect(new Set(chart.series.map((s) => s.color)).size).toBe(2);
	});

	test('bands contain the median: y(p95) ≤ y(p75) ≤ y(p50) ≤ y(p25) ≤ y(p5) at every cycle', () => {
		const chart = buildFanChart({ ...base, series: [{ name: 'cash', summary: CASH, unit: '$' }] });
		const [s] = chart.series;
		const n = base.horizon + 1;
		// An area path runs along y1 (the high percentile) forwards, then y0 (the low one) backwards.
		const outer = pathYs(s.outer);
		const inner = pathYs(s.inner);
		const p95 = outer.slice(0, n);
		const p5 = outer.slice(n).reverse();
		const p75 = inner.slice(0, n);
		const p25 = inner.slice(n).reverse();
		const p50 = pathYs(s.median);
		for (let t = 0; t < n; t++) {
			expect(p95[t]).toBeLessThanOrEqual(p75[t]);
			expect(p75[t]).toBeLessThanOrEqual(p50[t]);
			expect(p50[t]).toBeLessThanOrEqual(p25[t]);
			expect(p25[t]).toBeLessThanOrEqual(p5[t]);
		}
		// And the hover's median marker sits on the median line.
		for (let t = 0; t < n; t++) expect(chart.at(t).rows[0].y).toBe(p50[t]);
	});

	test('hover(x) maps a pixel x to the nearest cycle, clamped to 0 … horizon', () => {
		const chart = buildFanChart(base);
		const { left, right } = chart.plot;
		const step = (right - left) / base.horizon;
		expect(chart.hover(left).cycle).toBe(0);
		expect(chart.hover(left + 2.4 * step).cycle).toBe(2);
		expect(chart.hover(left + 2.6 * step).cycle).toBe(3);
		expect(chart.hover(-50).cycle).toBe(0);
		expect(chart.hover(10_000).cycle).toBe(6);
		expect(chart.hover(left + 3 * step).x).toBeCloseTo(left + 3 * step, 0);
	});

	test('hover(x) returns the cycle and its formatted percentiles per series', () => {
		const chart = buildFanChart({ ...base, series: [{ name: 'cash', summary: CASH, unit: '$' }] });
		const hover = chart.hover(chart.plot.right);
		expect(hover.cycle).toBe(6);
		expect(hover.tick).toBe('M6');
		expect(hover.label).toBe('month 6');
		expect(hover.rows[0].values).toEqual({ p5: CASH.p5[6], p25: CASH.p25[6], p50: CASH.p50[6], p75: CASH.p75[6], p95: CASH.p95[6] });
		expect(hover.rows[0].text).toEqual({ p5: '−$290k', p25: '−$173k', p50: '−$110k', p75: '−$38k', p95: '$97k' });
	});

	test('a word unit is said once over the axis and per tooltip row; a symbol goes on every number', () => {
		const words = buildFanChart({ ...base, series: [{ name: 'users', summary: USERS, unit: 'users' }] });
		expect(words.yLabel).toBe('users');
		expect(words.yTicks.every((t) => !t.label.includes('users'))).toBe(true);
		expect(words.at(0).rows[0]).toMatchObject({ unit: 'users', text: { p50: '1k' } });

		const money = buildFanChart({ ...base, series: [{ name: 'cash', summary: CASH, unit: '$' }] });
		expect(money.yLabel).toBeNull();
		expect(money.yTicks.every((t) => t.label.includes('$'))).toBe(true);
		expect(money.at(0).rows[0]).toMatchObject({ unit: null, text: { p50: '$500k' } });

		// Series with different units share an axis of bare numbers.
		const mixed = buildFanChart({ ...base, series: [{ name: 'cash', summary: CASH, unit: '$' }, { name: 'users', summary: USERS, unit: 'users' }] });
		expect(mixed.yLabel).toBeNull();
		expect(mixed.yTicks.some((t) => t.label.includes('$'))).toBe(false);
	});

	test('the zero line is present iff 0 is in the y domain', () => {
		const positive = buildFanChart(base);
		expect(positive.yDomain[0]).toBeGreaterThan(0);
		expect(positive.zeroY).toBeNull();

		const crossing = buildFanChart({ ...base, series: [{ name: 'cash', summary: CASH, unit: '$' }] });
		expect(crossing.yDomain[0]).toBeLessThan(0);
		expect(crossing.zeroY).not.toBeNull();
		expect(crossing.zeroY!).toBeGreaterThan(crossing.plot.top);
		expect(crossing.zeroY!).toBeLessThan(crossing.plot.bottom);

		const stretched = buildFanChart({ ...base, includeZero: true });
		expect(stretched.yDomain[0]).toBe(0);
		expect(stretched.zeroY).toBe(stretched.plot.bottom);
	});

	test('x ticks are labelled by elapsed time in the cycle unit', () => {
		const labels = (cycle: string, horizon: number, width = 400) =>
			buildFanChart({ ...base, series: [{ name: 'c', summary: constantSummary(Array(horizon + 1).fill(1)) }], horizon, cycle, width }).xTicks.map(
				(t) => t.label
			);
		expect(labels('1 month', 36)).toEqual(['M0', 'M6', 'M12', 'M18', 'M24', 'M30', 'M36']);
		// Narrower: fewer, wider steps, still whole half-years and years.
		expect(labels('1 month', 36, 200)).toEqual(['M0', 'M24']);
		expect(labels('1 month', 36, 800)).toEqual(['M0', 'M3', 'M6', 'M9', 'M12', 'M15', 'M18', 'M21', 'M24', 'M27', 'M30', 'M33', 'M36']);
		expect(labels('1 week', 52)).toEqual(['W0', 'W13', 'W26', 'W39', 'W52']);
		expect(labels('1 quarter', 12)).toEqual(['Q0', 'Q2', 'Q4', 'Q6', 'Q8', 'Q10', 'Q12']);
		expect(labels('1 day', 90)).toEqual(['D0', 'D30', 'D60', 'D90']);
		// Two-month cycles: a tick every 6 months is every 3 cycles.
		expect(labels('2 months', 18)).toEqual(['M0', 'M6', 'M12', 'M18', 'M24', 'M30', 'M36']);
		expect(labels('3 months', 4)).toEqual(['M0', 'M3', 'M6', 'M9', 'M12']);
	});

	test('a constant series gets a non-degenerate, padded domain', () => {
		const chart = buildFanChart({ ...base, series: [{ name: 'rent', summary: constantSummary(Array(7).fill(5000)), unit: '$' }] });
		const [lo, hi] = chart.yDomain;
		expect(hi).toBeGreaterThan(lo);
		expect(lo).toBeLessThan(5000);
		expect(hi).toBeGreaterThan(5000);
		expect(chart.series[0].median).not.toContain('NaN');
		expect(chart.yTicks.length).toBeGreaterThanOrEqual(2);
		expect(chart.zeroY).toBeNull();
	});

	test('an all-zero series draws on [0, 1] with the zero line at the bottom', () => {
		const chart = buildFanChart({ ...base, series: [{ name: 'none', summary: constantSummary(Array(7).fill(0)) }] });
		expect(chart.yDomain).toEqual([0, 1]);
		expect(chart.zeroY).toBe(chart.plot.bottom);
		expect(new Set(pathYs(chart.series[0].median))).toEqual(new Set([chart.plot.bottom]));
		expect(plain(chart).series[0]).toMatchInlineSnapshot(`
			{
			  "color": "#3f6f9f",
			  "high": "M40,176L97.7,176L155.3,176L213,176L270.7,176L328.3,176L386,176",
			  "inner": "M40,176L97.7,176L155.3,176L213,176L270.7,176L328.3,176L386,176L386,176L328.3,176L270.7,176L213,176L155.3,176L97.7,176L40,176Z",
			  "low": "M40,176L97.7,176L155.3,176L213,176L270.7,176L328.3,176L386,176",
			  "median": "M40,176L97.7,176L155.3,176L213,176L270.7,176L328.3,176L386,176",
			  "name": "none",
			  "outer": "M40,176L97.7,176L155.3,176L213,176L270.7,176L328.3,176L386,176L386,176L328.3,176L270.7,176L213,176L155.3,176L97.7,176L40,176Z",
			  "unit": undefined,
			}
		`);
	});

	test('a horizon of 1 draws two points from edge to edge', () => {
		const chart = buildFanChart({ ...base, horizon: 1, series: [{ name: 'x', summary: summaryAround([10, 12], [0, 1]) }] });
		expect(chart.series[0].median).toBe(`M${chart.plot.left},${pathYs(chart.series[0].median)[0]}L${chart.plot.right},${pathYs(chart.series[0].median)[1]}`);
		expect(chart.xTicks.map((t) => t.label)).toEqual(['M0', 'M1']);
		expect(chart.hover(chart.plot.right - 1).cycle).toBe(1);
	});

	test('negative values (cash below zero) stay inside the plot and get signed labels', () => {
		const chart = buildFanChart({ ...base, series: [{ name: 'cash', summary: CASH, unit: '$' }] });
		for (const y of pathYs(chart.series[0].outer)) {
			expect(y).toBeGreaterThanOrEqual(chart.plot.top);
			expect(y).toBeLessThanOrEqual(chart.plot.bottom);
		}
		expect(chart.yTicks.some((t) => t.label.startsWith('−$'))).toBe(true);
	});
});
