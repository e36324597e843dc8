import { describe, expect, test } from 'vitest';
import { buildHistogram } from '../../src/lib/charts/histogram';

describe('buildHistogram', () => {
	test('buildHistogram(options) draws one bar per bin with a value axis', () => {
		expect(buildHistogram({ histogram: { edges: [0.02, 0.03, 0.04, 0.05, 0.06], counts: [10, 30, 40, 20] }, width: 240, height: 80 })).toMatchSnapshot();
	});

	test('bars are proportional to counts, the tallest fills the height, shares sum to 1', () => {
		const chart = buildHistogram({ histogram: { edges: [0, 1, 2, 3], counts: [1, 4, 2] }, width: 200, height: 100, unit: '$' });
		const [a, b, c] = chart.bars;
		expect(b.y).toBe(chart.margin.top);
		expect(b.height).toBe(chart.baseline - chart.margin.top);
		expect(a.height / b.height).toBeCloseTo(0.25, 2);
		expect(c.height / b.height).toBeCloseTo(0.5, 2);
		expect(chart.bars.reduce((s, bar) => s + bar.share, 0)).toBeCloseTo(1, 12);
		expect(a.label).toBe('$0 – $1');
		// Bars are in order and do not overlap.
		expect(a.x + a.width).toBeLessThanOrEqual(b.x);
		expect(b.x + b.width).toBeLessThanOrEqual(c.x);
	});

	test('a constant sample (edges [c, c]) gets one centred bar and a padded axis', () => {
		const chart = buildHistogram({ histogram: { edges: [5, 5], counts: [100] }, width: 200, height: 80 });
		expect(chart.bars).toHaveLength(1);
		const [bar] = chart.bars;
		expect(bar.width).toBeGreaterThan(1);
		expect(bar.x + bar.width / 2).toBeCloseTo(100, 0);
		expect(bar.label).toBe('5');
		expect(chart.xTicks.length).toBeGreaterThanOrEqual(2);
	});

	test('no draws at all gives zero-height bars, not NaN', () => {
		const chart = buildHistogram({ histogram: { edges: [0, 1, 2], counts: [0, 0] }, width: 100, height: 50 });
		expect(chart.bars.map((b) => b.height)).toEqual([0, 0]);
		expect(chart.bars.map((b) => b.share)).toEqual([0, 0]);
	});
});
