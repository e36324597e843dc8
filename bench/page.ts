// `npm run bench -- --page`: the notebook page in headless Chromium (issue 14). A production build
// (`vite build`, the one the browser tests use, made if the sources changed) served by `node build`
// over a temporary copy of simulations/ at `trials` trials, and Debian's Chromium. Each run is a
// fresh browser context (empty cache, empty IndexedDB), so every load is a cold load:
//
//   first paint      first-contentful-paint of the default notebook's page
//   first chart      the first fan chart drawn (a median path), from navigation start
//   load → done      the first run finished (run status `done`)
//   edit → chart     typing a new range for `core_churn` → every chart drawn from the new model
//                    (no chart marked stale: the new run's first preview or its result); it
//                    includes the page's 400 ms typing pause
//   edit → done      the same edit → the new run finished
//
// Times are taken inside the page (performance.now, sampled every animation frame). Medians of
// `runs` runs; every run's figures are kept.
import { browserApp, hasChromium, CHROMIUM } from '../test/support/app';

export type PageRun = { firstPaintMs: number; firstChartMs: number; loadDoneMs: number; editChartMs: number; editDoneMs: number };
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
	// the moment of the edit: the first input event once the bench has armed it
	document.addEventListener('input', function () {
		if (window.__armed && marks.edit === undefined) marks.edit = performance.now();
	}, true);
})();`;

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function runPageBench(options: { trials: number; runs: number; progress?: (line: string) => void }): Promise<PageBench> {
	if (!hasChromium) return { skipped: `${CHROMIUM} is not installed (apt-get install chromium, or set CHROMIUM_PATH)` };
	const say = options.progress ?? (() => {});
	say(`page: production build and server (${options.trials.toLocaleString('en-US')} trials)…`);
	const app = await browserApp({ prefix: 'scalecast-bench-page-', trials: options.trials });
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
				await page.waitForFunction(() => (window as unknown as { __marks: Record<string, number> }).__marks.loadDone !== undefined, null, { timeout: 120_000 });
				const firstPaintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
				await page.evaluate(() => ((window as unknown as { __armed: boolean }).__armed = true));
				await page.locator('[data-testid="cell"][data-name="core_churn"] [data-testid="expr-sample"]').fill(`uniform(0.04, 0.${10 + i})`);
				await page.waitForFunction(() => (window as unknown as { __marks: Record<string, number> }).__marks.editDone !== undefined, null, { timeout: 120_000 });
				const marks = await page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);
				const run: PageRun = {
					firstPaintMs,
					firstChartMs: marks.firstChart,
					loadDoneMs: marks.loadDone,
					editChartMs: marks.editChart - marks.edit,
					editDoneMs: marks.editDone - marks.edit
				};
				runs.push(run);
				say(`page: run ${i + 1}: ${Object.entries(run).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
			} finally {
				await context.close();
			}
		}
	} finally {
		await app.close();
	}
	const pick = (key: keyof PageRun) => Math.round(median(runs.map((r) => r[key])));
	return {
		trials: options.trials,
		runs,
		median: { firstPaintMs: pick('firstPaintMs'), firstChartMs: pick('firstChartMs'), loadDoneMs: pick('loadDoneMs'), editChartMs: pick('editChartMs'), editDoneMs: pick('editDoneMs') }
	};
}

export function renderPageBench(bench: PageBench): string[] {
	if ('skipped' in bench) return ['Page (issue 14): skipped, ' + bench.skipped];
	const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
	const row = (label: string, key: keyof PageRun) => `  ${label.padEnd(16)}${ms(bench.median[key]).padStart(10)}    (${bench.runs.map((r) => ms(r[key])).join(', ')})`;
	return [
		`Page (issue 14): the default notebook in headless Chromium, ${bench.trials.toLocaleString('en-US')} trials, cold loads, median of ${bench.runs.length}`,
		row('first paint', 'firstPaintMs'),
		row('first chart', 'firstChartMs'),
		row('load → done', 'loadDoneMs'),
		row('edit → chart', 'editChartMs'),
		row('edit → done', 'editDoneMs'),
		'  edit = typing a new range for core_churn; edit → chart includes the page\'s 400 ms typing pause'
	];
}
