import { describe, expect, test } from 'vitest';
import { actualMarks, percentileLabel, pointsOfSeries, seriesFrom, shiftFanChart, verdictOf } from '../../src/lib/charts/actuals';
import { buildFanChart, type FanChartOptions } from '../../src/lib/charts/fanChart';
import { CASH, USERS } from './fixtures';

const base: FanChartOptions = { series: [{ name: 'users', summary: USERS, unit: 'users' }], horizon: 6, cycle: '1 month', width: 400, height: 200 };
const POINTS = pointsOfSeries(['users'], [
	{ cell: 'users', cycle: 1, actual: 1150, percentile: 0.87 },
	{ cell: 'users', cycle: 2, actual: 1300, percentile: 0.72 },
	{ cell: 'users', cycle: 3, actual: 5000, percentile: 1 },
	{ cell: 'cash', cycle: 3, actual: 1, percentile: 0.5 }
]);

describe('actualMarks', () => {
	test('places each actual at its cycle and value, with its percentile beside it', () => {
		const chart = buildFanChart(base);
		const marks = actualMarks(chart, POINTS, { horizon: 6, cycle: '1 month', names: ['users'], units: ['users'] });
		expect(marks).toMatchSnapshot();
		// only the chart's own cells
		expect(marks.map((m) => m.cycle)).toEqual([1, 2, 3]);
		// on the same axes as the fan: an actual equal to the median sits on the median marker
		const [onMedian] = actualMarks(chart, [{ series: 0, cycle: 4, value: USERS.p50[4], percentile: 0.5 }], { horizon: 6, cycle: '1 month' });
		expect(onMedian.x).toBe(chart.at(4).x);
		expect(onMedian.y).toBe(chart.at(4).rows[0].y);
	});

	test('says where each actual falls: percentile, verdict, and a value off the chart held to its edge', () => {
		const marks = actualMarks(buildFanChart(base), POINTS, { horizon: 6, cycle: '1 month', names: ['users'], units: ['users'] });
		expect(marks.map((m) => [m.label, m.verdict])).toEqual([
			['P87', 'inside'],
			['P72', 'inside'],
			['>P99', 'above']
		]);
		expect(marks[2].clipped).toBe(true);
		expect(marks[2].y).toBe(buildFanChart(base).plot.top);
		expect(marks[0].title).toBe('users, month 1: actual 1.15k users — P87 of the forecast, inside the 90% band');
	});

	test('labels too close together are left to the tooltip', () => {
		const narrow = buildFanChart({ ...base, width: 170 });
		const marks = actualMarks(narrow, POINTS, { horizon: 6, cycle: '1 month' });
		expect(marks.map((m) => m.showLabel)).toEqual([true, false, true]);
	});

	test('on a log scale too', () => {
		const chart = buildFanChart({ ...base, scale: 'log' });
		const [mark] = actualMarks(chart, [{ series: 0, cycle: 2, value: USERS.p50[2], percentile: 0.5 }], { horizon: 6, cycle: '1 month' });
		expect(mark.y).toBe(chart.at(2).rows[0].y);
	});
});

describe('percentiles in words', () => {
	test('percentileLabel and verdictOf', () => {
		expect([0, 0.004, 0.05, 0.5, 0.766, 0.95, 0.996, 1].map(percentileLabel)).toEqual(['<P1', '<P1', 'P5', 'P50', 'P77', 'P95', '>P99', '>P99']);
		expect([0.01, 0.05, 0.5, 0.95, 0.99].map(verdictOf)).toEqual(['below', 'inside', 'inside', 'inside', 'above']);
	});
});

describe('rolled forward: the fan from cycle c on', () => {
	test('the axis starts at c and counts from the notebook start; hover and the actuals use the real cycles', () => {
		const from = 2;
		const chart = shiftFanChart(buildFanChart({ ...base, series: seriesFrom(base.series, from), horizon: 6 - from }), from, 6, '1 month');
		expect(chart.xTicks.map((t) => t.label)[0]).toBe('M2');
		expect(chart.xTicks.at(-1)!.label).toBe('M6');
		expect(chart.at(2).label).toBe('month 2');
		expect(chart.at(2).x).toBe(chart.plot.left);
		expect(chart.hover(chart.plot.right).cycle).toBe(6);
		expect(chart.at(4).rows[0].values.p50).toBe(USERS.p50[4]);
		const marks = actualMarks(chart, POINTS, { horizon: 6, cycle: '1 month', from });
		// the actual at cycle 1 lies before the view
		expect(marks.map((m) => m.cycle)).toEqual([2, 3]);
		expect(marks[0].x).toBe(chart.plot.left);
		expect({ xTicks: chart.xTicks, yDomain: chart.yDomain, median: chart.series[0].median }).toMatchSnapshot();
	});

	test('seriesFrom(series, 0) is the series itself', () => {
		const series = [{ name: 'cash', summary: CASH }];
		expect(seriesFrom(series, 0)).toBe(series);
		expect(seriesFrom(series, 4)[0].summary.p50).toEqual(CASH.p50.slice(4));
	});
});

describe('the cycle review in words', () => {
	test('runwayBeforeAfter says the P50 and the survival before → after', async () => {
		const { runwayBeforeAfter } = await import('../../src/lib/charts/review');
		const before = { cell: 'cash', p10: 10, p50: 12, p90: null, cashOutByCycle: [], survives: 0.32 };
		const after = { cell: 'cash', p10: 12, p50: null, p90: null, cashOutByCycle: [], survives: 0.66 };
		const words = runwayBeforeAfter(before, after, 24, '1 month');
		expect(words.p50).toEqual({ before: '12 months', after: 'beyond 24 months' });
		expect(words.words).toBe('P50 12 months → beyond 24 months; survive 24 months: 32% → 66%');
		expect(runwayBeforeAfter(before, before, 24, '1 month').words).toBe('P50 12 months, unchanged; survive 24 months: 32%, unchanged');
	});

	test('inputWords and rangeBars', async () => {
		const { inputWords, rangeBars } = await import('../../src/lib/charts/review');
		const prior = { p5: 0.05, p50: 0.2, p95: 0.45 };
		const posterior = { p5: 0.12, p50: 0.16, p95: 0.2 };
		expect(inputWords(prior, posterior)).toBe('planned 0.05–0.45, given the actuals 0.12–0.2');
		expect(inputWords({ p5: 15.47, p50: 20, p95: 24.5 }, { p5: 15.5, p50: 20, p95: 24.4 }, '$')).toBe('planned $15.5–$24.5, given the actuals $15.5–$24.4');
		expect(rangeBars(prior, posterior)).toEqual({ prior: { left: 0, width: 1, mid: 0.375 }, posterior: { left: 0.175, width: 0.2, mid: 0.275 } });
	});
});

describe('labels at the edges', () => {
	test('a point at the plot’s left or right edge has its label turned inwards, clear of the y ticks', () => {
		const chart = buildFanChart(base);
		const marks = actualMarks(chart, [0, 3, 6].map((cycle) => ({ series: 0, cycle, value: USERS.p50[cycle], percentile: 0.5 })), { horizon: 6, cycle: '1 month' });
		expect(marks.map((m) => m.labelAnchor)).toEqual(['start', 'middle', 'end']);
		expect(marks[0].labelX).toBeGreaterThan(marks[0].x);
		expect(marks[2].labelX).toBeLessThan(marks[2].x);
	});
});
