// Snapshots of the SVG renderers on fixed summaries, numbers rounded to one decimal so that a
// last-digit change in d3's arithmetic does not break them; plus the properties every chart keeps.
import { describe, expect, test } from 'vitest';
import { deltaFanSvg, eventsSvg, fanChartSvg, fundingSvg, histogramSvg, runwaySvg, sparklineSvg, survivalSvg, tornadoSvg } from '../../../src/lib/charts/svg';
import type { DeltaSummary, EventSummary, FundingSummary, Sensitivity } from '../../../src/lib/engine/types';
import { CASH, RUNWAY, USERS, summaryAround } from '../fixtures';

/** The users' fan over six months spanning two orders of magnitude: a log scale, automatically. */
const VIRAL = summaryAround([100, 300, 900, 2_700, 8_000, 24_000, 70_000], [0, 100, 300, 900, 2_500, 8_000, 25_000]);

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
	delta: deltaFanSvg({ name: 'cash', delta: DELTA, unit: '$', scenario: 'bear', reference: 'base', horizon: 6, cycle: '1 month' }),
	actuals: fanChartSvg({
		series: [{ name: 'users', summary: USERS, unit: 'users' }],
		horizon: 6,
		cycle: '1 month',
		actuals: [
			{ series: 0, cycle: 1, value: 1100, percentile: 0.52 },
			{ series: 0, cycle: 2, value: 1500, percentile: 0.97 },
			{ series: 0, cycle: 3, value: 1390, percentile: 0.46 }
		]
	}),
	rolledForward: fanChartSvg({ series: [{ name: 'users', summary: USERS, unit: 'users' }], horizon: 6, cycle: '1 month', from: 3, width: 400 }),
	log: fanChartSvg({ series: [{ name: 'users', summary: VIRAL, unit: 'users' }], horizon: 6, cycle: '1 month', width: 400, height: 200 }),
	runwayGiven: runwaySvg({ runway: { ...RUNWAY, cashOutByCycle: RUNWAY.cashOutByCycle.map((p) => p * 0.5), survives: 1 - (1 - RUNWAY.survives) * 0.5 }, prior: RUNWAY, horizon: 6, cycle: '1 month' }),
	survival: survivalSvg({
		curves: [
			{ scenario: 'base', runway: RUNWAY },
			{ scenario: 'bear', runway: { ...RUNWAY, cashOutByCycle: RUNWAY.cashOutByCycle.map((p) => Math.min(1, p * 1.5)), survives: 0.2 } }
		],
		horizon: 6,
		cycle: '1 month'
	}),
	histogram: histogramSvg({ histogram: { edges: [0.02, 0.03, 0.04, 0.05, 0.06], counts: [10, 30, 40, 20] }, unit: 'per month', width: 240, height: 80, title: 'Histogram of the draws of growth' }),
	sparkline: sparklineSvg({ summary: USERS, width: 120, height: 28, title: 'users: P10–P90 band and median over 6 months' })
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
			// classes and test ids are hooks for the page and its tests; every style is an attribute
			expect(svg).not.toMatch(/<script|<style|style=|href=|url\(|NaN|undefined|Infinity/);
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

	test('the fan chart draws the page geometry, under its legend', async () => {
		const { buildFanChart } = await import('../../../src/lib/charts/fanChart');
		const page = buildFanChart({ series: [{ name: 'users', summary: USERS, unit: 'users' }], horizon: 6, cycle: '1 month', width: 640, height: 260 });
		expect(charts.fan).toContain(`d="${page.series[0].median}"`);
		expect(charts.fan).toContain(`d="${page.series[0].outer}"`);
		expect(charts.fan).toMatch(/<\/g><g transform="translate\(0,\d+\)">/);
	});

	test('overlapping series: P25–P75 filled, P5 and P95 dashed edges, a swatch per series', () => {
		expect((charts.fanTwo.match(/class="edge"/g) ?? []).length).toBe(4);
		expect(charts.fanTwo).not.toContain('class="outer"');
		expect(charts.fanTwo).toContain('>P5 and P95<');
		expect((charts.fanTwo.match(/data-testid="legend-series"/g) ?? []).length).toBe(2);
	});

	test('a scale that spans orders of magnitude is logarithmic, ticks at powers of ten', () => {
		expect(charts.log).toMatch(/>100</);
		expect(charts.log).toMatch(/>10k</);
		expect(charts.log).toContain('Log scale.');
		expect(charts.fan).not.toContain('Log scale.');
	});

	test('actuals: a point each with its percentile and its words, the ones outside the 90% band marked', () => {
		expect((charts.actuals.match(/data-testid="actual-point"/g) ?? []).length).toBe(3);
		expect(charts.actuals).toContain('data-verdict="above"');
		expect(charts.actuals).toMatch(/<title>users, month 2: actual 1\.5k users — P97 of the forecast, above the 90% band<\/title>/);
		expect(charts.actuals).toContain('>actual (its percentile in the forecast)<');
		expect(charts.fan).not.toContain('actual');
	});

	test('rolled forward: the x axis starts at the cycle given', () => {
		expect(charts.rolledForward).toMatch(/text-anchor="middle"[^>]*><text x="\d+" y="[\d.]+">M3</);
		expect(charts.rolledForward).not.toContain('>M0<');
	});

	test('given the actuals, the runway draws the plan dashed beside it', () => {
		expect(charts.runwayGiven).toContain('data-testid="runway-prior-line"');
		expect(charts.runwayGiven).toContain('>as planned<');
	});

	test('on the page: the same marks, without the tooltip title, the description and the background', () => {
		const options = { series: [{ name: 'users', summary: USERS, unit: 'users' }], horizon: 6, cycle: '1 month' };
		const page = fanChartSvg({ ...options, onPage: true });
		expect(page).not.toMatch(/<title>|<desc>|<rect width/);
		expect(page).toMatch(/aria-label="users over 6 cycles of 1 month\. Fan chart of users/);
		const marks = (svg: string) => svg.replace(/^<svg[^>]*>(<title>.*<\/title><desc>.*<\/desc><rect[^>]*>)?/, '').trim();
		expect(marks(page)).toBe(marks(charts.fan));
		const tornado = tornadoSvg({ sensitivity: SENSITIVITY, mean: 0.55, onPage: true });
		expect(tornado).toMatch(/role="group"/);
		expect((tornado.match(/class="name"[^>]*role="link" tabindex="0"/g) ?? []).length).toBe(3);
		expect(charts.tornado).not.toContain('role="link"');
	});
});
