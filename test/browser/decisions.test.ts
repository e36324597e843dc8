// Decisions on the notebook page in a real browser (issue 12): the view in the URL, scenarios side
// by side with their paired differences, overrides edited on their cells, scenarios created,
// renamed and deleted, the funding need, the tornado and the events. The app's production server over a
// temporary copy of simulations/ plus test/fixtures/scenario-page.yaml, in headless Chromium
// (Debian's `chromium`) with playwright-core. Skipped, and says so, when chromium is missing.
// Screenshots (SCALECAST_SHOTS=folder) are named decisions-*.png.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserApp, type BrowserApp, hasChromium, shot, withEveryCellRendered } from '../support/app';

/** Small runs keep the suite quick on two cores; the notebooks' own 10,000 would take seconds each. */
const TEST_TRIALS = 1000;
const DEFAULT = 'social-network-mvp.yaml';
const SMALL = 'growth-runway.yaml';
const FIXTURE = 'scenario-page.yaml';

describe.skipIf(!hasChromium)('decisions on the notebook page in headless Chromium', () => {
	let dir: string;
	let app: BrowserApp;
	let browser: Browser;
	let base: string;
	let context: BrowserContext;

	beforeAll(async () => {
		app = await browserApp({ trials: TEST_TRIALS, fixtures: [FIXTURE] });
		({ base, dir, browser } = app);
	}, 600_000);

	afterAll(async () => {
		await context?.close();
		await app?.close();
	});

	afterEach(async () => {
		for (const page of context?.pages() ?? []) await page.close();
	});

	/** Console errors and uncaught exceptions of the page, to be none at the end of each test. */
	let problems: string[] = [];

	/** Console errors and uncaught exceptions of `page` go to `problems`. */
	function listen(page: Page): void {
		page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
		});
	}

	/**
	 * A page at `path`, its first run done, in the file's one context (made by the first test:
	 * each new context compiles the page's JS anew, where a second page of one context finds it in
	 * the context's cache). The first test only reads the fixture, so the second starts from the
	 * files as shipped and no drafts. Each test goes on in its page (`go`) from step to step.
	 */
	async function open(path: string): Promise<Page> {
		if (!context) {
			context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
			await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
		}
		const page = await context.newPage();
		problems = [];
		listen(page);
		await go(page, path);
		return page;
	}

	/** Navigates `page` to `path` (a load of that URL, as a link would) and waits for its first run. */
	async function go(page: Page, path: string): Promise<void> {
		await page.goto(`${base}${path}`);
		await runDone(page);
		await watchRuns(page);
	}

	/** The page at another width, once the charts have taken it (they follow their frames' size). */
	async function resize(page: Page, width: number, height = 900): Promise<void> {
		await page.setViewportSize({ width, height });
		await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
	}

	/** Counts the runs that start on the page (the status turning to `running`), in window.__runs. */
	async function watchRuns(page: Page): Promise<void> {
		await page.evaluate(() => {
			const w = window as unknown as { __runs: number };
			w.__runs = 0;
			new MutationObserver((records) => {
				for (const r of records) if ((r.target as Element).getAttribute?.('data-state') === 'running') w.__runs++;
			}).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
		});
	}

	async function reload(page: Page): Promise<void> {
		await page.reload();
		await runDone(page);
		await watchRuns(page);
	}

	afterEach(() => {
		expect(problems).toEqual([]);
	});

	const runDone = (page: Page) => page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 60_000 });
	/** Waits for the run that an action starts, and for it to end. */
	async function rerun(page: Page, action: () => Promise<unknown>): Promise<void> {
		const runs = () => page.evaluate(() => (window as unknown as { __runs: number }).__runs);
		const before = await runs();
		await action();
		await expect.poll(runs, { timeout: 30_000 }).toBeGreaterThan(before);
		await runDone(page);
	}
	const cell = (page: Page, name: string) => page.locator(`[data-testid="cell"][data-name="${name}"]`);
	const chart = (page: Page, i: number) => page.locator('[data-testid="cell"][data-kind="chart"]').nth(i);
	const search = (page: Page) => new URL(page.url()).searchParams;
	const fileText = () => readFile(join(dir, FIXTURE), 'utf8');
	async function save(page: Page) {
		await page.getByTestId('save').click();
		await page.getByTestId('saved').waitFor({ timeout: 15_000 });
	}

	// Two tests, each one page that goes from step to step (opening a page costs seconds of the
	// browser's CPU, a step a fraction): the first reads the fixture as shipped; the second edits and
	// saves it.

	it('shows the decisions and keeps the view in the URL: the default notebook with ?compare=bear (bear beside base on the charts, the runway difference in words, tornado, funding need, events); the fixture with ?compare=bear (each event by cycle with its median per scenario; compared scenarios overlaid, the paired difference as its own fan with the chance above 0; log scale and table on demand); the funding need and the tornado respond (through cycle, pre-money dilution, a cell at a cycle, an input scrolls to its cell); choices push history, back/forward and reload restore them, a link opens the same view', async () => {
		// The default notebook with ?compare=bear: bear beside base on the charts, the runway
		// difference in words, tornado, funding need, events.
		const page = await open(`/notebooks/${DEFAULT}?compare=bear`);
		const fans = page.locator('[data-testid="cell"][data-kind="chart"] [data-testid="fan-chart"]');
		expect(await fans.count()).toBeGreaterThanOrEqual(3);
		// every fan overlays base and bear, with a legend naming them and the bands' percentiles
		for (const legend of await page.locator('[data-testid="cell"][data-kind="chart"] [data-testid="fan-legend"]').all()) {
			const text = await legend.textContent();
			expect(text).toContain('base');
			expect(text).toContain('bear');
			expect(text).toContain('P25–P75');
			expect(text).toContain('P5 and P95');
		}
		const words = page.getByTestId('runway-delta-words').first();
		expect(await words.textContent()).toMatch(/In bear the runway is shorter than in base in \d+(\.\d+)?% of trials, longer in/);
		expect(await page.getByTestId('survival-chart').locator('path').count()).toBe(2);
		expect(await page.getByTestId('tornado-row').count()).toBeGreaterThan(1);
		expect(await page.getByTestId('funding-chart').locator('path[data-level]').count()).toBe(4);
		expect(await page.getByTestId('funding-assumption').textContent()).toContain('Assumes the money changes nothing else in the model');
		const text = await readFile(join(dir, DEFAULT), 'utf8');
		if (/^events:/m.test(text)) expect(await page.getByTestId('event-chart').count()).toBeGreaterThan(0);
		await shot(page, 'decisions-default-1400');

		// The fixture with ?compare=bear: each event by cycle with its median, per scenario.
		await go(page, `/notebooks/${FIXTURE}?compare=bear`);
		const events = page.getByTestId('events-panel');
		expect(await events.getByTestId('event-chart').count()).toBe(2);
		expect(await events.locator('[data-event="big"] path').count()).toBe(2);
		const eventText = await events.textContent();
		expect(eventText).toMatch(/base: median first at \d+ months/);
		expect(eventText).toContain('bear: ');
		expect(eventText).toMatch(/In bear: earlier than in base in \d+(\.\d+)?% of trials, later in/);

		// The compared scenarios overlaid; the paired difference as its own fan with the chance above
		// 0; log scale and table on demand.
		const users = chart(page, 0);
		expect(await users.locator('[data-testid="legend-series"]').allTextContents()).toEqual(['base', 'bear']);
		expect(await users.locator('path.median').count()).toBe(2);
		// users span orders of magnitude: log scale, automatically; the toggle turns it off
		expect(await users.getByTestId('fan-chart').getAttribute('data-scale')).toBe('log');
		await users.getByTestId('log-toggle').click();
		expect(await users.getByTestId('fan-chart').getAttribute('data-scale')).toBe('linear');

		await users.getByTestId('delta-toggle').click();
		const delta = users.getByTestId('delta-chart');
		await delta.waitFor();
		expect(await delta.locator('h4').textContent()).toBe('users: bear − base');
		expect(await delta.getByTestId('delta-words').textContent()).toMatch(/higher in bear than in base in\s+\d+(\.\d+)?%\s+of trials \(the chance above 0\), lower in\s+\d/);
		expect(await delta.locator('line.zero').count()).toBe(1);

		await users.getByTestId('table-toggle').first().click();
		const table = users.getByTestId('cell-table');
		expect(await table.locator('tbody tr').count()).toBe(25);
		expect(await table.locator('thead th').allTextContents()).toEqual(['cycle', 'P10', 'P50', 'P90', 'mean']);
		await table.getByTestId('copy-table').click();
		const copied = await page.evaluate(() => navigator.clipboard.readText());
		expect(copied.split('\n')[0]).toBe('cycle\tbase P10\tbase P50\tbase P90\tbase mean');
		expect(copied.split('\n')).toHaveLength(27);

		// The funding need and the tornado, on the base with nothing compared (the chart's view above
		// stays: the panels do not depend on it).
		await rerun(page, () => page.locator('[data-testid="compare-toggle"][data-scenario="bear"]').click());
		expect(page.url()).toBe(`${base}/notebooks/${FIXTURE}`);
		const funding = page.getByTestId('funding-panel');
		expect(await funding.locator('path[data-level]').count()).toBe(4);
		const p50 = () => funding.locator('path[data-level="p50"]').getAttribute('d');
		const before = await p50();
		await rerun(page, async () => {
			await funding.getByTestId('funding-through').fill('8');
			await funding.getByTestId('funding-through').press('Enter');
		});
		expect(await p50()).not.toBe(before);
		expect(await funding.textContent()).toContain('through month 8');
		expect(await funding.getByTestId('dilution-row').count()).toBe(0);
		await funding.getByTestId('pre-money').fill('2M');
		expect(await funding.getByTestId('dilution-row').textContent()).toMatch(/dilution\s*\d+(\.\d+)?%/);

		const tornado = page.getByTestId('tornado-panel');
		expect(await tornado.getByTestId('tornado-outcome').textContent()).toContain('the chance of running out of cash');
		expect(await tornado.getByTestId('tornado-row').count()).toBe(2);
		await tornado.getByTestId('tornado-cell').selectOption('cash');
		await tornado.getByTestId('tornado-cycle').fill('12');
		await rerun(page, () => tornado.getByTestId('tornado-apply').click());
		expect(await tornado.getByTestId('tornado-outcome').textContent()).toContain('cash at month 12');

		// picking a cycle on a fan chart explains that cell there
		const slider = chart(page, 0).locator('[role="slider"]');
		const box = (await slider.boundingBox())!;
		await rerun(page, async () => {
			await slider.hover({ position: { x: box.width - 20, y: box.height / 2 } });
			await slider.click({ position: { x: box.width - 20, y: box.height / 2 } });
		});
		expect(await tornado.getByTestId('tornado-outcome').textContent()).toMatch(/users at month 2[34]/);

		await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
		await tornado.locator('[data-testid="tornado-row"][data-cell="growth"] text.name').click();
		await expect.poll(() => cell(page, 'growth').evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);

		// The view in the URL (the panels' settings above are not part of it): choices push history,
		// back/forward and reload restore them, a link opens the same view.
		expect(page.url()).toBe(`${base}/notebooks/${FIXTURE}`);
		await rerun(page, () => page.locator('[data-testid="compare-toggle"][data-scenario="bear"]').click());
		expect(search(page).get('compare')).toBe('bear');
		expect(await page.locator('[data-testid="legend-series"]').first().textContent()).toContain('base');

		await rerun(page, () => page.getByTestId('setting-scenario').selectOption('lean'));
		expect(search(page).get('scenario')).toBe('lean');
		expect(search(page).get('compare')).toBe('bear');
		expect(await page.getByTestId('runway-delta-words').first().textContent()).toContain('In bear the runway is shorter than in lean');

		await rerun(page, () => page.goBack());
		expect(search(page).get('scenario')).toBeNull();
		expect(await page.getByTestId('setting-scenario').inputValue()).toBe('base');
		expect(await page.getByTestId('runway-delta-words').first().textContent()).toContain('than in base');

		await rerun(page, () => page.goForward());
		expect(await page.getByTestId('setting-scenario').inputValue()).toBe('lean');

		await reload(page);
		expect(await page.getByTestId('setting-scenario').inputValue()).toBe('lean');
		expect(await page.locator('[data-testid="compare-toggle"][data-scenario="bear"]').getAttribute('aria-pressed')).toBe('true');

		// a variant typed in place joins the comparison and the URL
		await rerun(page, async () => {
			await page.getByTestId('vary-input').fill('what if hires = 4');
			await page.getByTestId('vary-add').click();
		});
		expect(search(page).getAll('vary')).toEqual(['hires=4']);
		expect(await page.getByTestId('runway-delta-words').count()).toBe(2);

		// the link, opened in a page of its own
		const link = page.url();
		const other = await context.newPage();
		listen(other);
		await other.goto(link);
		await runDone(other);
		expect(await other.getByTestId('setting-scenario').inputValue()).toBe('lean');
		expect(await other.getByTestId('vary-chip').textContent()).toContain('hires=4');
		expect(await other.getByTestId('runway-delta-words').count()).toBe(2);
	});

	it('reads at 1400 px and at 800 px (screenshots with SCALECAST_SHOTS); edits an override where it shows: that scenario changes, the base does not; revert gives the cell back to the base; creates, renames, duplicates and deletes scenarios on the page; each survives a reload, comments kept', async () => {
		// Bear against base and lean, read at 1400 px and at 800 px.
		const page = await open(`/notebooks/${FIXTURE}?scenario=bear&compare=base,lean`);
		for (const width of [1400, 800]) {
			await resize(page, width);
			// every cell laid out: one off screen is skipped, and its contents could not overflow
			const size = await withEveryCellRendered(page, () => page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth })));
			expect(size.view).toBe(width);
			expect(size.doc).toBeLessThanOrEqual(size.view);
			await shot(page, `decisions-${width}`);
		}
		await resize(page, 1400);

		// An override edited where it shows, bear against base (lean no longer compared).
		await rerun(page, () => page.locator('[data-testid="compare-toggle"][data-scenario="lean"]').click());
		expect(search(page).get('scenario')).toBe('bear');
		expect(search(page).get('compare')).toBe('base');
		const growth = cell(page, 'growth');
		expect(await growth.getByTestId('override-badge').textContent()).toBe('bear');
		expect(await growth.getByTestId('base-expr').textContent()).toBe('normal(0.25, 0.05)');
		expect(await growth.getByTestId('expr-sample').inputValue()).toBe('normal(0.12, 0.05)');
		expect(await cell(page, 'price').getByTestId('override-state').getAttribute('data-overridden')).toBe('false');

		// The base's users (the compared series) stay; bear's move.
		const users = chart(page, 0);
		const medians = () => users.locator('path.median').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
		const [bearBefore, baseBefore] = await medians();
		await rerun(page, async () => {
			await growth.getByTestId('expr-sample').fill('normal(0.05, 0.02)');
			await growth.getByTestId('expr-sample').press('Enter');
		});
		const [bearAfter, baseAfter] = await medians();
		expect(bearAfter).not.toBe(bearBefore);
		expect(baseAfter).toBe(baseBefore);
		await save(page);
		let text = await fileText();
		expect(text).toMatch(/ {4}growth: normal\(0\.05, 0\.02\) +# half the growth/);
		expect(text).toContain('    sample: normal(0.25, 0.05)');
		expect(text).toContain('# The pessimistic case.');

		// An override made on a cell that had none, then reverted.
		await cell(page, 'hires').getByTestId('add-override').click();
		await cell(page, 'hires').getByTestId('override-badge').waitFor();
		await rerun(page, () => cell(page, 'hires').getByTestId('expr-formula').fill('3'));
		await rerun(page, () => growth.getByTestId('revert-override').click());
		expect(await growth.getByTestId('override-state').getAttribute('data-overridden')).toBe('false');
		expect(await growth.getByTestId('expr-sample').inputValue()).toBe('normal(0.25, 0.05)');
		await save(page);
		text = await fileText();
		expect(text).toMatch(/bear:\n {4}hires: 3\n/);
		expect(text).not.toContain('growth: normal(0.05');

		// Scenarios created, renamed, duplicated and deleted, from the base with nothing compared.
		await rerun(page, () => page.locator('[data-testid="compare-toggle"][data-scenario="base"]').click());
		await rerun(page, () => page.getByTestId('setting-scenario').selectOption('base'));
		expect(page.url()).toBe(`${base}/notebooks/${FIXTURE}`);
		const names = () => page.getByTestId('setting-scenario').locator('option').allTextContents();
		await page.getByTestId('manage-scenarios').click();
		await page.getByTestId('new-scenario-name').fill('hot');
		await rerun(page, () => page.getByTestId('create-scenario').click());
		expect(search(page).get('scenario')).toBe('hot');
		await save(page);
		await reload(page);
		expect(await names()).toContain('hot');
		expect(await page.getByTestId('setting-scenario').inputValue()).toBe('hot');

		await page.getByTestId('manage-scenarios').click();
		const row = page.locator('[data-testid="scenario-row"][data-scenario="hot"]');
		await row.getByTestId('scenario-name').fill('warm');
		await rerun(page, () => row.getByTestId('scenario-name').press('Enter'));
		expect(search(page).get('scenario')).toBe('warm');
		await page.locator('[data-testid="scenario-row"][data-scenario="bear"]').getByTestId('duplicate-scenario').click();
		await page.locator('[data-testid="scenario-row"][data-scenario="bear-2"]').waitFor();
		await save(page);
		await reload(page);
		expect(await names()).toEqual(['base', 'bear', 'bear-2', 'lean', 'warm']);

		await page.getByTestId('manage-scenarios').click();
		await rerun(page, () => page.locator('[data-testid="scenario-row"][data-scenario="warm"]').getByTestId('delete-scenario').click());
		expect(search(page).get('scenario')).toBeNull();
		await page.locator('[data-testid="scenario-row"][data-scenario="bear-2"]').getByTestId('delete-scenario').click();
		await save(page);
		await reload(page);
		expect(await names()).toEqual(['base', 'bear', 'lean']);
		const saved = await fileText();
		expect(saved).toContain('# The pessimistic case.');
		expect(saved).toContain('# How fast we grow.');
	});
});
