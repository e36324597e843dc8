import { describe, expect, test } from 'vitest';
import type { Report } from '../../src/lib/engine/types';
import { reportToHtml } from '../../src/lib/report/html';
import { TEXT, makeReport, notebook } from './fixtures';

describe('reportToHtml', () => {
	const report = makeReport({ compare: ['bear'], set: ['churn=uniform(0.03, 0.06)'] });
	const html = reportToHtml(report, notebook());

	test('is self-contained: no script, no external src or href, nothing to fetch', () => {
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/\son\w+=/i); // no event handler attributes
		const refs = [...html.matchAll(/\s(?:src|href|xlink:href|srcset|action)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
		expect(refs.length).toBeGreaterThan(0); // the contents links
		for (const ref of refs) expect(ref).toMatch(/^#[\w-]+$/);
		expect(html).not.toMatch(/url\(|@import|<link|<img|<iframe|<object|<embed/i);
		// The prose's <script> is shown as text; its link and image become text.
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('the guide <span class="url">(https://example.com/guide)</span>');
		expect(html).toContain('[image: a logo]');
	});

	test('in-page links point at headings that exist', () => {
		const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
		for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids.has(target)).toBe(true);
	});

	test('shows the stamps and settings', () => {
		expect(html).toContain('simulations/tiny-shop.yaml');
		expect(html).toContain('ab'.repeat(32));
		expect(html).toContain('Scalecast 0.1.0');
		expect(html).toContain('2026-01-02T03:04:05.000Z');
		expect(html).toContain('churn=uniform(0.03, 0.06)');
		expect(html).toContain('seed 7');
		expect(html).toContain('--set');
	});

	test('reads as a memo: title, question, headline, prose and charts in order, then the decisions', () => {
		const headings = [...html.matchAll(/<h([1-6])[^>]*>([^<]*)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`);
		expect(headings).toEqual([
			'h1 Tiny shop',
			'h2 The question',
			'h2 Headline',
			'h2 The plan',
			'h3 Money',
			'h2 Scenarios compared',
			'h3 bear against base',
			'h2 What moves the outcome',
			'h2 Events',
			'h2 Funding need',
			'h2 All cells'
		]);
		expect(html).toContain('Does the cash last two years?');
		expect(html).toMatch(/chance of running out of cash by month 24/);
		expect(html).toContain('runway P10');
		expect(html).toContain('provided the money changes nothing else in the model');
		expect(html).toMatch(/longer in \d+(\.\d)?%, shorter in \d+(\.\d)?% of futures/);
		expect(html).toContain('breakeven');
	});

	test('every chart is an <svg> with a <title>, alt text, and a caption, inside a figure', () => {
		const svgs = [...html.matchAll(/<svg\b[^>]*>([\s\S]*?)<\/svg>/g)];
		// customers, revenue+costs, cash, runway, still with money by scenario, bear difference, tornado, events, funding
		expect(svgs.length).toBe(9);
		for (const [whole, inner] of svgs) {
			expect(whole).toMatch(/^<svg[^>]* role="img"[^>]* aria-label="[^"]{20,}"/);
			expect(inner).toMatch(/^<title>[^<]+<\/title><desc>[^<]+<\/desc>/);
		}
		expect((html.match(/<figure>/g) ?? []).length).toBe(9);
		expect((html.match(/<figcaption>/g) ?? []).length).toBe(9);
	});

	test('is well-formed enough: tags balance, print CSS keeps charts whole', () => {
		for (const tag of ['html', 'head', 'body', 'main', 'figure', 'table', 'svg', 'g', 'section', 'div', 'p', 'ul', 'dl']) {
			const open = (html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length;
			const close = (html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length;
			expect([tag, open]).toEqual([tag, close]);
		}
		expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
		expect(html).toMatch(/@media print[\s\S]*figure[^{]*\{[^}]*break-inside: avoid/);
		expect(html).toContain("default-src 'none'");
	});

	test('without a notebook it still shows the stamps, headline and runway chart', () => {
		const bare = reportToHtml(makeReport({ trials: 500 }), null);
		expect(bare).toContain('ab'.repeat(32));
		expect(bare).toContain('Headline');
		expect(bare).toMatch(/<svg[^>]*aria-label="Runway/);
		expect(bare).not.toMatch(/<script/i);
	});

	test('a notebook without a runway cell: no runway or funding, the sensitivity of the last cell', () => {
		const text = TEXT.replace('runway: cash\n', '').replace('  - chart: runway\n', '');
		const report = makeReport({ trials: 500 }, text);
		expect(report.runway).toBeNull();
		const page = reportToHtml(report, notebook(text));
		expect(page).toContain('names no runway cell');
		expect(page).not.toContain('<h2 id="funding-need">');
		expect(page).toMatch(/What moves the cash at cycle 24/);
		expect(page).not.toMatch(/NaN|undefined|Infinity/);
	});

	test('calibration, when the report has it, is a table of where the actuals fell', () => {
		const calibrated = { ...makeReport({ trials: 300 }), calibration: { points: [{ cell: 'customers', cycle: 2, actual: 320, percentile: 0.62 }], ess: 140.5, posterior: {} } } as unknown as Report;
		const page = reportToHtml(calibrated, notebook());
		expect(page).toContain('<h2 id="calibration-against-actuals">Calibration against actuals</h2>');
		expect(page).toMatch(/<code>customers<\/code><\/th><td class="num">month 2<\/td><td class="num">320 customers<\/td><td class="num">62%<\/td>/);
	});
});
