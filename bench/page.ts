// `npm run bench -- --page`: the notebook page in headless Chromium (issue 14). A production build
// (`vite build`, the one the browser tests use, made if the sources changed) served by `node build`
// over a temporary copy of simulations/ at `trials` trials, and Debian's Chromium. Each run is a
// fresh browser context (empty cache, empty IndexedDB), so every load is a cold load:
//
//   first paint      first-contentful-paint of the default notebook's page
//   first chart      the first fan chart drawn (a median path), from navigation start
//   load → done      the first run finished (run status `done`)
//   edit → chart     a new range for `core_churn`, committed with Enter (the moment of the key
//                    press) → every chart drawn from the new model (no chart marked stale: the
//                    new run's first preview or its result)
//   edit → done      the same edit → the new run finished
//   compare: …       the same two, with the `bear` scenario compared (`?compare=bear`: every
//                    run computes both scenarios and their paired differences)
//
// Typing without Enter runs after the page's 400 ms typing pause; that pause is not in the figures.
// Times are taken inside the page (performance.now, sampled every animation frame). Medians of
// `runs` runs; every run's figures are kept.
import type { Page } from 'playwright-core';
import { browserApp, closeShared, hasChromium, CHROMIUM } from '../test/support/app';

export type PageRun = {
	firstPaintMs: number;
	firstChartMs: number;
	loadDoneMs: number;
	editChartMs: number;
	editDoneMs: number;
	compareEditChartMs: number;
	compareEditDoneMs: number;
};
const KEYS: (keyof PageRun)[] = ['firstPaintMs', 'firstChartMs', 'loadDoneMs', 'editChartMs', 'editDoneMs', 'compareEditChartMs', 'compareEditDoneMs'];
export type PageBench = { trials: number; runs: PageRun[]; median: PageRun } | { skipped: string };

const NOTEBOOK = 'social-network-mvp.yaml';

/** In the page from its start: every animation frame, when the first chart, the first run's end and an edit's chart and end show. */
const INIT = `(() => {
	const marks = {};
	window.__marks = marks;
	const chart = '[data-testid="cell"][data-kind="chart"]';
	function frame() {
		const now = performance.now();
		if (marks.firstChart === undefined && document.querySelector(chart + ' path.median')) marks.firstChart = now;
		const done = document.querySelector('[data-testid="run-status"][data-state="done"]') !== null;
		if (marks.loadDone === undefined && done) marks.loadDone = now;
		if (marks.edit !== undefined) {
			const stale = document.querySelector(chart + ' .chart.stale') !== null;
			const drawn = document.querySelector(chart + ' path.median') !== null;
			if (stale && marks.sawStale === undefined) marks.sawStale = now;
			if (marks.editChart === undefined && marks.sawStale !== undefined && !stale && drawn) marks.editChart = now;
			if (marks.editDone === undefined && marks.editChart !== undefined && done) marks.editDone = now;
		}
		requestAnimationFrame(frame);
	}
	requestAnimationFrame(frame);
	// the moment of the edit: the Enter that commits it, once the bench has armed it
	document.addEventListener('keydown', function (event) {
		if (window.__armed && event.key === 'Enter' && marks.edit === undefined) marks.edit = performance.now();
	}, true);
})();`;

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

type Marks = Record<string, number>;
const marksOf = (page: Page) => page.evaluate(() => (window as unknown as { __marks: Marks }).__marks);
const until = (page: Page, mark: string) =>
	page.waitForFunction((name) => (window as unknown as { __marks: Marks }).__marks[name] !== undefined, mark, { timeout: 120_000 });

/** Types `range` into core_churn and commits it with Enter: the times to the new charts and to the run's end. */
async function edit(page: Page, range: string): Promise<{ chart: number; done: number }> {
	await page.evaluate(() => ((window as unknown as { __armed: boolean }).__armed = true));
	const field = page.locator('[data-testid="cell"][data-name="core_churn"] [data-testid="expr-sample"]');
	await field.fill(range);
	await field.press('Enter');
	await until(page, 'editDone');
	const marks = await marksOf(page);
	return { chart: marks.editChart - marks.edit, done: marks.editDone - marks.edit };
}

export async function runPageBench(options: { trials: number; runs: number; progress?: (line: string) => void }): Promise<PageBench> {
	if (!hasChromium) return { skipped: `${CHROMIUM} is not installed (apt-get install chromium, or set CHROMIUM_PATH)` };
	const say = options.progress ?? (() => {});
	say(`page: production build and server (${options.trials.toLocaleString('en-US')} trials)…`);
	const app = await browserApp({ trials: options.trials, timed: true });
	const runs: PageRun[] = [];
	try {
		for (let i = 0; i < options.runs; i++) {
			const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
			try {
				const page = await context.newPage();
				// every animation frame from the start: when the first chart and the end of the first run show
				// (a string: tsx would wrap named functions in a helper the page does not have)
				await page.addInitScript(INIT);
				await page.goto(`${app.base}/notebooks/${NOTEBOOK}`);
				await until(page, 'loadDone');
				const firstPaintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
				const plain = await edit(page, `uniform(0.04, 0.${10 + i})`);
				const load = await marksOf(page);
				// the same edit with a scenario compared (a warm load of the same page)
				await page.goto(`${app.base}/notebooks/${NOTEBOOK}?compare=bear`);
				await until(page, 'loadDone');
				const compared = await edit(page, `uniform(0.05, 0.${10 + i})`);
				const run: PageRun = {
					firstPaintMs,
					firstChartMs: load.firstChart,
					loadDoneMs: load.loadDone,
					editChartMs: plain.chart,
					editDoneMs: plain.done,
					compareEditChartMs: compared.chart,
					compareEditDoneMs: compared.done
				};
				runs.push(run);
				say(`page: run ${i + 1}: ${Object.entries(run).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
			} finally {
				await context.close();
			}
		}
	} finally {
		await app.close();
		await closeShared();
	}
	const pick = (key: keyof PageRun) => Math.round(median(runs.map((r) => r[key])));
	return {
		trials: options.trials,
		runs,
		median: Object.fromEntries(KEYS.map((key) => [key, pick(key)])) as PageRun
	};
}

export function renderPageBench(bench: PageBench): string[] {
	if ('skipped' in bench) return ['Page (issue 14): skipped, ' + bench.skipped];
	const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
	const row = (label: string, key: keyof PageRun) => `  ${label.padEnd(24)}${ms(bench.median[key]).padStart(10)}    (${bench.runs.map((r) => ms(r[key])).join(', ')})`;
	return [
		`Page (issue 14): the default notebook in headless Chromium, ${bench.trials.toLocaleString('en-US')} trials, cold loads, median of ${bench.runs.length}`,
		row('first paint', 'firstPaintMs'),
		row('first chart', 'firstChartMs'),
		row('load → done', 'loadDoneMs'),
		row('edit → chart', 'editChartMs'),
		row('edit → done', 'editDoneMs'),
		row('compare: edit → chart', 'compareEditChartMs'),
		row('compare: edit → done', 'compareEditDoneMs'),
		'  edit = a new range for core_churn committed with Enter; compare = the same with ?compare=bear'
	];
}
