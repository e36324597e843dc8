import { describe, expect, test } from 'vitest';
import { buildFanChart, suggestLogScale } from '../../src/lib/charts/fanChart';
import { buildEventsChart, eventWords } from '../../src/lib/charts/events';
import { buildFundingChart, dilution, fundingAt } from '../../src/lib/charts/funding';
import { buildSurvivalChart, runwayDeltaWords } from '../../src/lib/charts/runway';
import { cellTable, cellTableTsv } from '../../src/lib/charts/table';
import { buildTornado } from '../../src/lib/charts/tornado';
import type { EventSummary, FundingSummary, Sensitivity } from '../../src/lib/engine/types';
import { CASH, RUNWAY, USERS, summaryAround } from './fixtures';

const GROWTH = summaryAround([1000, 3000, 10_000, 30_000, 100_000, 300_000, 1_000_000], [0, 200, 700, 2000, 7000, 20_000, 70_000]);

const FUNDING: FundingSummary = {
	through: 6,
	p50: [0, 0, 20_000, 60_000, 110_000, null, null],
	p75: [40_000, 50_000, 70_000, 100_000, 150_000, null, null],
	p90: [90_000, 95_000, 110_000, 140_000, null, null, null],
	p95: [120_000, 125_000, 140_000, 170_000, null, null, null],
	tooLate: [0, 0, 0, 0.02, 0.1, 0.3, 0.55]
};

const SENSITIVITY: Sensitivity = {
	outcome: 'runway',
	inputs: [
		{ cell: 'growth', spearman: -0.6, low: { upTo: 0.04, mean: 0.9 }, high: { from: 0.12, mean: 0.2 } },
		{ cell: 'churn', spearman: 0.3, low: { upTo: 0.02, mean: 0.4 }, high: { from: 0.06, mean: 0.7 } }
	]
};

const EVENT: EventSummary = { byCycle: [0, 0, 0.1, 0.3, 0.5, 0.7, 0.8], p10: 2, p50: 4, p90: null, never: 0.2 };

describe('fan chart scale', () => {
	test('suggestLogScale: positive values over two orders of magnitude, never with values ≤ 0', () => {
		expect(suggestLogScale([{ name: 'users', summary: GROWTH }])).toBe(true);
		expect(suggestLogScale([{ name: 'users', summary: USERS }])).toBe(false);
		expect(suggestLogScale([{ name: 'cash', summary: CASH }])).toBe(false);
	});

	test('a log scale has power-of-ten ticks, no zero line, and keeps the bands ordered', () => {
		const chart = buildFanChart({ series: [{ name: 'users', summary: GROWTH }], horizon: 6, cycle: '1 month', width: 400, height: 200, scale: 'log' });
		expect(chart.scale).toBe('log');
		expect(chart.yDomain).toEqual([1000, 10_000_000]);
		expect(chart.yTicks.map((t) => t.label)).toEqual(['1k', '10k', '100k', '1M', '10M']);
		expect(chart.zeroY).toBeNull();
		const ys = chart.yTicks.map((t) => t.position);
		// equal steps per decade
		expect(Math.abs(ys[0] - ys[1] - (ys[1] - ys[2]))).toBeLessThan(0.2);
		expect({ median: chart.series[0].median, low: chart.series[0].low, high: chart.series[0].high }).toMatchSnapshot();
	});
});

describe('cell table', () => {
	test('cycles × P10/P50/P90/mean, formatted with the unit; TSV with full numbers', () => {
		const table = cellTable(CASH, '1 month', '$');
		expect(table.header).toEqual(['cycle', 'P10', 'P50', 'P90', 'mean']);
		expect(table.rows).toHaveLength(7);
		expect(table.rows[1]).toEqual({ cycle: 1, tick: 'M1', values: ['$398k', '$420k', '$446k', '$422k'] });
		const tsv = cellTableTsv('cash', CASH).split('\n');
		expect(tsv[0]).toBe('cycle\tcash P10\tcash P50\tcash P90\tcash mean');
		expect(tsv[2]).toBe('1\t397500\t420000\t445500\t421500');
	});
});

describe('funding need', () => {
	test('draws a line per level (gaps where too late), the too-late area, and marks `through`', () => {
		const chart = buildFundingChart({ funding: { ...FUNDING, through: 4 }, horizon: 6, cycle: '1 month', unit: '$', width: 500, height: 260 });
		expect(chart.lines.map((l) => l.key)).toEqual(['p50', 'p75', 'p90', 'p95']);
		expect(chart.throughX).not.toBeNull();
		expect(chart.cycleAt(chart.x(3) + 1)).toBe(3);
		const { x: _x, cycleAt: _c, ...plain } = chart;
		expect(plain).toMatchSnapshot();
	});

	test('dilution = amount / (pre-money + amount); the row at a cycle says too late where null', () => {
		expect(dilution(2_000_000, 8_000_000)).toBeCloseTo(0.2);
		expect(dilution(0, 8_000_000)).toBe(0);
		expect(dilution(null, 8_000_000)).toBeNull();
		expect(dilution(1, null)).toBeNull();
		const row = fundingAt(FUNDING, 4, '1 month', '$', 1_000_000);
		expect(row.tooLate).toBe('10%');
		expect(row.levels.map((l) => [l.label, l.amount, l.dilution])).toEqual([
			['P50', '$110k', '10%'],
			['P75', '$150k', '13%'],
			['P90', 'too late', null],
			['P95', 'too late', null]
		]);
	});
});

describe('tornado', () => {
	test('one bar per input from the mean to its low and high means; labels as shares for the runway', () => {
		const chart = buildTornado({ sensitivity: SENSITIVITY, mean: 0.5, share: true, width: 500 });
		expect(chart.bars.map((b) => b.cell)).toEqual(['growth', 'churn']);
		const [growth] = chart.bars;
		// low decile of growth → more runs out: to the right of the mean; high → to the left
		expect(growth.low.x).toBe(chart.meanX);
		expect(growth.high.x + growth.high.width).toBeCloseTo(chart.meanX, 0);
		expect(growth.low.value).toBe('90%');
		expect(chart.meanText).toBe('50%');
		expect(chart).toMatchSnapshot();
	});
});

describe('events and survival', () => {
	test('an event curve per scenario, with its median first cycle', () => {
		const chart = buildEventsChart({
			curves: [
				{ scenario: 'base', color: '#3f6f9f', summary: EVENT },
				{ scenario: 'bear', color: '#c07a3e', summary: { ...EVENT, p50: null, never: 0.6 } }
			],
			horizon: 6,
			cycle: '1 month',
			width: 400,
			height: 150
		});
		expect(chart.curves[0].median?.text).toBe('4 months');
		expect(chart.curves[1].median).toBeNull();
		expect(chart.curves[1].dash).not.toBeNull();
		expect(chart).toMatchSnapshot();
		expect(eventWords(EVENT, '1 month', 6)).toBe('median first at 4 months; never in 20% of trials');
	});

	test('survival curves are 1 − cashOutByCycle; the paired runway difference in words', () => {
		const chart = buildSurvivalChart({ curves: [{ scenario: 'base', color: '#3f6f9f', runway: RUNWAY }], horizon: 6, cycle: '1 month', width: 400, height: 160 });
		expect(chart.curves[0].survives).toBe('45%');
		expect(chart).toMatchSnapshot();
		expect(runwayDeltaWords({ longer: 0.04, shorter: 0.38, same: 0.58, survives: -0.21 }, 'bear', 'base', 36, '1 month')).toBe(
			'In bear the runway is shorter than in base in 38% of trials, longer in 4% and the same in 58%, trial by trial; 21 points fewer survive 36 months.'
		);
	});
});
