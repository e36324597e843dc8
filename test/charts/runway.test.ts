import { describe, expect, test } from 'vitest';
import { buildRunwayChart, runOutAtCycle, runwayHeadline } from '../../src/lib/charts/runway';
import type { RunwaySummary } from '../../src/lib/engine/types';
import { RUNWAY } from './fixtures';

const base = { runway: RUNWAY, horizon: 6, cycle: '1 month', width: 400, height: 200 };

describe('buildRunwayChart', () => {
	test('buildRunwayChart(options) draws the cumulative line, per-cycle bars, axes and headline', () => {
		expect(buildRunwayChart(base)).toMatchSnapshot();
	});

	test('the per-cycle chances sum to 1 − survives', () => {
		const chart = buildRunwayChart(base);
		const sum = chart.perCycle.bars.reduce((s, b) => s + b.chance, 0);
		expect(sum).toBeCloseTo(1 - RUNWAY.survives, 12);
		expect(runOutAtCycle([0.1, 0.1, 0.4, 1])).toEqual([0.1, 0, 0.30000000000000004, 0.6]);
	});

	test('one bar per cycle, centred on its cycle, inside the plot', () => {
		const chart = buildRunwayChart(base);
		expect(chart.perCycle.bars.map((b) => b.cycle)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		for (const [i, bar] of chart.perCycle.bars.entries()) {
			expect(bar.x).toBeGreaterThanOrEqual(chart.plot.left);
			expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right);
			expect(bar.x + bar.width / 2).toBeCloseTo(chart.xTicks[i].position, 0);
		}
		// The tallest bar (cycle 6, 25%) is the tallest drawn; none reach above the panel.
		const tallest = chart.perCycle.bars.reduce((a, b) => (b.height > a.height ? b : a));
		expect(tallest.cycle).toBe(6);
		expect(tallest.y).toBeGreaterThanOrEqual(chart.perCycle.top);
	});

	test('headline gives runway percentiles and the chance to survive the horizon', () => {
		expect(runwayHeadline(RUNWAY, 6, '1 month')).toEqual({
			p10: '4 months',
			p50: '6 months',
			p90: 'beyond 6 months',
			survives: '45%',
			runsOut: '55%',
			horizon: '6 months'
		});
		expect(runwayHeadline({ ...RUNWAY, p10: 10.5 }, 36, '2 weeks').p10).toBe('21 weeks');
	});

	test('markers show the runway percentiles within the horizon only', () => {
		const chart = buildRunwayChart(base);
		expect(chart.markers.map((m) => m.label)).toEqual(['P10', 'P50']);
		expect(chart.markers[1].x).toBe(chart.xTicks[6].position);
	});

	test('a runway nobody runs out of draws flat, with a non-degenerate bar scale', () => {
		const never: RunwaySummary = { cell: 'cash', p10: null, p50: null, p90: null, cashOutByCycle: [0, 0], survives: 1 };
		const chart = buildRunwayChart({ ...base, runway: never, horizon: 1 });
		expect(chart.perCycle.bars.map((b) => b.height)).toEqual([0, 0]);
		expect(chart.perCycle.yTicks.at(-1)!.value).toBeGreaterThan(0);
		expect(chart.cumulative.line).not.toContain('NaN');
		expect(chart.markers).toEqual([]);
		expect(chart.headline.survives).toBe('100%');
		expect(chart.headline.p50).toBe('beyond 1 month');
	});

	test('everyone out at cycle 0 is one full bar', () => {
		const broke: RunwaySummary = { cell: 'cash', p10: 0, p50: 0, p90: 0, cashOutByCycle: [1, 1, 1], survives: 0 };
		const chart = buildRunwayChart({ ...base, runway: broke, horizon: 2 });
		expect(chart.perCycle.bars.map((b) => b.chance)).toEqual([1, 0, 0]);
		expect(chart.perCycle.bars[0].y).toBe(chart.perCycle.top);
		expect(chart.headline.p50).toBe('0 months');
		expect(chart.headline.survives).toBe('0%');
	});
});
