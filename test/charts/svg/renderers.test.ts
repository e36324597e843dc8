// Snapshots of the SVG renderers on fixed summaries, numbers rounded to one decimal so that a
// last-digit change in d3's arithmetic does not break them; plus the properties every chart keeps.
import { describe, expect, test } from 'vitest';
import { deltaFanSvg, eventsSvg, fanChartSvg, fundingSvg, runwaySvg, tornadoSvg } from '../../../src/lib/charts/svg';
import type { DeltaSummary, EventSummary, FundingSummary, Sensitivity } from '../../../src/lib/engine/types';
import { CASH, RUNWAY, USERS, summaryAround } from '../fixtures';

/** The SVG with every decimal number rounded to one place, one element per line. */
function rounded(svg: string): string {
	return svg.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10)).replace(/></g, '>\n<');
}

const FUNDING: FundingSummary = {
	through: 6,
	p50: [0, 0, 10_000, 40_000, null, null, null],
	p75: [60_000, 60_000, 80_000, 120_000, null, null, null],
	p90: [110_000, 110_000, 130_000, null, null, null, null],
	p95: [150_000, 150_000, null, null, null, null, null],
	tooLate: [0, 0, 0, 0.02, 0.1, 0.3, 0.55]
};

const SENSITIVITY: Sensitivity = {
	outcome: 'runway',
	inputs: [
		{ cell: 'round_closes', spearman: -0.8, low: { upTo: 0, mean: 0.98 }, high: { from: 1, mean: 0.16 } },
		{ cell: 'growth', spearman: -0.3, low: { upTo: 0.02, mean: 0.7 }, high: { from: 0.12, mean: 0.35 } },
		{ cell: 'churn', spearman: 0.1, low: { upTo: 0.02, mean: 0.45 }, high: { from: 0.06, mean: 0.6 } }
	]
};

const EVENTS: Record<string, EventSummary> = {
	breakeven: { byCycle: [0, 0, 0.1, 0.3, 0.5, 0.6, 0.7], p10: 2, p50: 4, p90: null, never: 0.3 },
	'series_a_ready': { byCycle: [0, 0, 0, 0, 0.05, 0.1, 0.2], p10: 5, p50: null, p90: null, never: 0.8 }
};

const DELTA: DeltaSummary = {
	...summaryAround([0, -5_000, -20_000, -40_000, -60_000, -80_000, -100_000], [0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000]),
	above: [0, 0.1, 0.05, 0.05, 0.04, 0.03, 0.02],
	below: [0, 0.6, 0.9, 0.93, 0.95, 0.96, 0.97]
};

const charts = {
	fan: fanChartSvg({ series: [{ name: 'users', summary: USERS, unit: 'users' }], horizon: 6, cycle: '1 month' }),
	fanTwo: fanChartSvg({
		series: [
			{ name: 'revenue', summary: USERS, unit: '$' },
			{ name: 'costs', summary: summaryAround([900, 950, 1000, 1100, 1200, 1300, 1400], 50), unit: '$' }
		],
		horizon: 6,
		cycle: '1 month',
		width: 480
	}),
	cash: fanChartSvg({ series: [{ name: 'cash', summary: CASH, unit: '$' }], horizon: 6, cycle: '1 month', includeZero: true }),
	runway: runwaySvg({ runway: RUNWAY, horizon: 6, cycle: '1 month' }),
	funding: fundingSvg({ funding: FUNDING, horizon: 6, cycle: '1 month', unit: '$' }),
	tornado: tornadoSvg({ sensitivity: SENSITIVITY, mean: 0.55 }),
	events: eventsSvg({ event: 'breakeven', curves: [{ scenario: 'base', summary: EVENTS.breakeven }, { scenario: 'bear', summary: EVENTS.series_a_ready }], horizon: 6, cycle: '1 month' }),
	event: eventsSvg({ event: 'breakeven', curves: [{ scenario: 'base', summary: EVENTS.breakeven }], horizon: 6, cycle: '1 month' }),
	delta: deltaFanSvg({ name: 'cash', delta: DELTA, unit: '$', scenario: 'bear', reference: 'base', horizon: 6, cycle: '1 month' })
};

describe('SVG chart renderers', () => {
	for (const [name, svg] of Object.entries(charts)) {
		test(`${name}: snapshot`, () => {
			expect(rounded(svg)).toMatchSnapshot();
		});

		test(`${name}: a standalone, accessible SVG with inline styles and nothing external`, () => {
			expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" role="img" aria-label="[^"]{30,}"/);
			expect(svg).toMatch(/<title>[^<]+<\/title><desc>[^<]+<\/desc>/);
			expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
			expect(svg).not.toMatch(/<script|<style|class=|href=|url\(|NaN|undefined|Infinity/);
			const open = (svg.match(/<g[\s>]/g) ?? []).length;
			expect((svg.match(/<\/g>/g) ?? []).length).toBe(open);
		});
	}

	test('legends name the percentiles of each band', () => {
		expect(charts.fan).toContain('>median (P50)<');
		expect(charts.fan).toContain('>P25–P75<');
		expect(charts.fan).toContain('>P5–P95<');
		expect(charts.fanTwo).toContain('>revenue<');
		expect(charts.fanTwo).toContain('>costs<');
		expect(charts.runway).toContain('>runway P10 / P50 / P90<');
		expect(charts.funding).toContain('>P90: enough in 90% of futures<');
		expect(charts.tornado).toContain('>input in its lowest tenth (≤ P10)<');
		expect(charts.events).toContain('>bear<');
		expect(charts.event).toContain('>breakeven: happened by this cycle<');
		expect(charts.delta).toContain('>no change (0)<');
	});

	test('alt text carries the figures: units, horizon values, runway percentiles', () => {
		expect(charts.fan).toMatch(/aria-label="[^"]*users at month 6: median 2.05k users \(P5 1.55k to P95 2.63k\)/);
		expect(charts.cash).toMatch(/median −\$110k/);
		expect(charts.runway).toMatch(/Runway P10 4 months, P50 6 months, P90 beyond 6 months; 45% survive all 6 months/);
		expect(charts.tornado).toMatch(/Largest: round_closes \(98% in its lowest tenth, 16% in its highest/);
		expect(charts.events).toMatch(/base: 70% by month 6, median first 4 months; bear: 20% by month 6, median first beyond the horizon/);
		expect(charts.delta).toMatch(/higher in bear in 2% of futures and lower in 97%/);
		expect(charts.funding).toMatch(/Added at the start: P50 \$0, P90 \$110k/);
	});

	test('units: a symbol goes on the ticks, a word over the axis', () => {
		expect(charts.cash).toMatch(/>\$400k</);
		expect(charts.fan).toContain('>↑ users<');
	});

	test('the fan chart draws the same paths as the page geometry', async () => {
		const { buildFanChart } = await import('../../../src/lib/charts/fanChart');
		const svg = charts.fan;
		// Same bands and median, given the same plot box: the legend takes the top margin, the unit sits 12 px over the plot.
		const top = Number(/<text x="0" y="([\d.]+)"[^>]*>↑ users<\/text>/.exec(svg)![1]) + 12;
		const page = buildFanChart({ series: [{ name: 'users', summary: USERS, unit: 'users' }], horizon: 6, cycle: '1 month', width: 640, height: 260, margin: { top } });
		expect(svg).toContain(`d="${page.series[0].median}"`);
		expect(svg).toContain(`d="${page.series[0].outer}"`);
	});
});
