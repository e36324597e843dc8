// Actuals on the notebook page in a real browser (issue 11, SPEC §4.6): actuals entered on a cell
// appear as points with their percentile on the fan chart, survive save and reload (comments
// kept), an invalid one shows its error on the cell, the posterior view changes the runway panel,
// and the fans roll forward to the last cycle with actuals. The app's production server over a
// temporary copy of simulations/ plus test/fixtures/actuals-page.yaml, in headless Chromium
// (Debian's `chromium`) with playwright-core; skipped, and says so, without it.
// Screenshots (SCALECAST_SHOTS=folder) are named actuals-*.png.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserApp, type BrowserApp, hasChromium, ROOT, shot } from '../support/app';

/** Small runs keep the suite quick on two cores; the notebooks' own 10,000 would take seconds each. */
const TEST_TRIALS = 1000;
const EXAMPLE = 'onboarding-initiative.yaml';
const FIXTURE = 'actuals-page.yaml';

describe.skipIf(!hasChromium)('actuals on the notebook page in headless Chromium', () => {
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
		await app?.close();
	});

	// The test starts from the fixture as shipped (it saves its edits).
	beforeEach(async () => {
		if (dir) await writeFile(join(dir, FIXTURE), await readFile(join(ROOT, 'test/fixtures', FIXTURE), 'utf8'));
	});

	afterEach(async () => {
		await context?.close();
	});

	/** Console errors and uncaught exceptions of the page, to be none at the end of each test. */
	let problems: string[] = [];

	async function open(path: string, width = 1400, height = 900): Promise<Page> {
		context = await browser.newContext({ viewport: { width, height } });
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
		const page = await context.newPage();
		problems = [];
		page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
		});
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
	const fileText = () => readFile(join(dir, FIXTURE), 'utf8');
	async function save(page: Page) {
		await page.getByTestId('save').click();
		await page.getByTestId('saved').waitFor({ timeout: 15_000 });
	}


	const chartCell = (page: Page, i: number) => page.locator('[data-testid="cell"][data-kind="chart"]').nth(i);
	const points = (page: Page) => chartCell(page, 0).locator('[data-testid="actual-point"]');
	/** Close-ups, to look at: the cycle review, the users cell with its actuals, the users fan, the runway panel. */
	async function shots(page: Page, name: string) {
		await shot(page.getByTestId('cycle-review'), `actuals-${name}-review`);
		await shot(cell(page, 'users'), `actuals-${name}-users`);
		await shot(chartCell(page, 0), `actuals-${name}-fan`);
		await shot(chartCell(page, 1), `actuals-${name}-runway`);
	}

	// One test, one page that goes from step to step (opening a page costs seconds of the browser's
	// CPU, a step a fraction): the actuals as shipped are read first, the edits come after.

	it('draws the actuals as points with their percentiles; given the actuals: the posterior beside the plan on the fans, the runway panel before and after, the inputs taught; rolled forward from the last actual; at 800 px; an invalid actual shows its error on its cell, fixing or removing it clears the error; one entered on the cell joins them, survives save and reload, comments kept; the example notebook with actuals', async () => {
		// The actuals as shipped: points with their percentiles.
		const page = await open(`/notebooks/${FIXTURE}`);
		const review = page.getByTestId('cycle-review');
		expect(await review.textContent()).toContain('3 actuals of users, up to month 3');
		expect(await page.getByTestId('ess').textContent()).toMatch(/^\d/);
		expect(await points(page).count()).toBe(3);
		for (const label of await chartCell(page, 0).getByTestId('actual-label').allTextContents()) expect(label).toMatch(/^(P\d+|<P1|>P99)$/);
		expect(await chartCell(page, 0).getByTestId('legend-actuals').count()).toBe(1);
		const users = cell(page, 'users');
		expect(await users.getByTestId('actual-row').count()).toBe(3);
		expect(await users.getByTestId('actual-percentile').first().textContent()).toMatch(/P\d+ · inside the 90% band/);
		await shot(page, 'actuals-1400');
		await shots(page, '1400');

		// Given the actuals: the posterior beside the plan on the fans, the runway panel before and
		// after, the inputs taught.
		const panel = page.getByTestId('runway-panel');
		expect(await panel.getAttribute('data-posterior')).toBe('false');
		const survivesBefore = await panel.getByTestId('runway-survives').textContent();
		const p50Before = await panel.getByTestId('runway-p50').textContent();
		expect(await page.getByTestId('runway-before-after').textContent()).toMatch(/P50 .+ → .+; survive 24 months: \d+% → \d+%/);

		await page.getByTestId('posterior-toggle').click();
		await expect.poll(() => panel.getAttribute('data-posterior')).toBe('true');
		expect(`${await panel.getByTestId('runway-survives').textContent()} ${await panel.getByTestId('runway-p50').textContent()}`).not.toBe(`${survivesBefore} ${p50Before}`);
		expect(await panel.getByTestId('runway-planned').textContent()).toBe(`planned ${survivesBefore}`);
		expect(await panel.getByTestId('runway-prior-line').count()).toBe(1);
		// the users fan: the posterior and the plan, both named
		const fan = chartCell(page, 0).getByTestId('fan-chart');
		expect(await fan.getAttribute('data-series')).toBe('2');
		expect(await chartCell(page, 0).getByTestId('legend-series').allTextContents()).toEqual(['users given the actuals', 'users as planned']);
		expect(await points(page).count()).toBe(3);
		expect(await chartCell(page, 0).getByTestId('chart-posterior-toggle').getAttribute('aria-pressed')).toBe('true');
		// what the actuals teach about the inputs
		expect(await page.locator('[data-testid="input-posterior"][data-cell="growth"]').count()).toBe(1);
		expect(await cell(page, 'growth').getByTestId('input-given').textContent()).toMatch(/^planned .+–.+, given the actuals .+–.+/);
		await shot(page, 'actuals-posterior-1400');
		await shots(page, 'posterior-1400');

		// rolled forward: the fans start at the last cycle with actuals
		await page.getByTestId('roll-forward').click();
		await expect.poll(() => fan.getAttribute('data-from')).toBe('3');
		expect(await chartCell(page, 0).getByTestId('rolled-forward-note').textContent()).toContain('From month 3');
		expect(await points(page).count()).toBe(1);
		await shots(page, 'rolled-1400');
		await page.getByTestId('roll-forward').click();
		await expect.poll(() => fan.getAttribute('data-from')).toBe('0');
		// off again: the plan
		await page.getByTestId('posterior-toggle').click();
		await expect.poll(() => panel.getAttribute('data-posterior')).toBe('false');
		expect(await panel.getByTestId('runway-survives').textContent()).toBe(survivesBefore);

		// At 800 px, given the actuals (screenshots); then the plan at 1400 px again.
		await resize(page, 800);
		await page.getByTestId('posterior-toggle').click();
		await expect.poll(() => panel.getAttribute('data-posterior')).toBe('true');
		await shot(page, 'actuals-800');
		await shots(page, '800');
		await page.getByTestId('posterior-toggle').click();
		await expect.poll(() => panel.getAttribute('data-posterior')).toBe('false');
		await resize(page, 1400);

		// An invalid actual shows its error on its cell; fixing or removing it clears the error.
		await users.getByTestId('actual-new-cycle').fill('30');
		await users.getByTestId('actual-new-value').fill('2000');
		await users.getByTestId('actual-add').click();
		await expect.poll(() => users.getByTestId('cell-error').count(), { timeout: 15_000 }).toBe(1);
		expect(await users.getByTestId('cell-error').textContent()).toContain('must be a whole number from 0 to the horizon (24)');
		expect(await page.getByTestId('notebook-errors').count()).toBe(0);
		await users.locator('[data-testid="actual-row"][data-cycle="30"] [data-testid="actual-remove"]').click();
		await expect.poll(() => users.getByTestId('cell-error').count(), { timeout: 15_000 }).toBe(0);
		// a value that is not a number is written as typed, and named on the cell
		const value2 = users.locator('[data-testid="actual-row"][data-cycle="2"] [data-testid="actual-value"]');
		await value2.fill('lots');
		await value2.press('Enter');
		await expect.poll(() => users.getByTestId('cell-error').textContent(), { timeout: 15_000 }).toContain("the value at cycle 2 must be a finite number, not 'lots'");
		await value2.fill('1165');
		await value2.press('Enter');
		// The model is again the one last run. The page runs a model once: it runs again only if it
		// had started on the invalid one (a timer the typing may have cleared). Either way the error
		// goes, and the charts show the report of this model, nothing stale.
		await expect.poll(() => users.getByTestId('cell-error').count(), { timeout: 15_000 }).toBe(0);
		await expect.poll(() => page.locator('[data-testid="cell"][data-kind="chart"] .chart.stale').count(), { timeout: 30_000 }).toBe(0);
		await runDone(page);
		// the measurement's sd: absolute instead of relative, converted at the last value
		await rerun(page, () => users.getByTestId('actual-spread-mode').selectOption('sd'));
		expect(await users.getByTestId('actual-spread').inputValue()).toBe('25');

		// One entered on the cell joins them, survives save and reload, comments kept (the edits of
		// the step above are saved with it).
		await rerun(page, async () => {
			await users.getByTestId('actual-new-cycle').fill('4');
			await users.getByTestId('actual-new-value').fill('1350');
			await users.getByTestId('actual-add').click();
		});
		expect(await points(page).count()).toBe(4);
		expect(await points(page).nth(3).getAttribute('data-cycle')).toBe('4');
		expect(await review.textContent()).toContain('4 actuals of users, up to month 4');
		await save(page);
		const text = await fileText();
		expect(text).toMatch(/values: \{ ?1: 1080, 2: 1165, 3: 1255, 4: 1350 ?\}/);
		expect(text).toContain('# from the dashboard');
		expect(text).toContain('# the monthly growth we planned with');

		await reload(page);
		expect(await points(page).count()).toBe(4);
		expect(await cell(page, 'users').getByTestId('actual-row').count()).toBe(4);
		expect(await cell(page, 'users').locator('[data-testid="actual-row"][data-cycle="4"] [data-testid="actual-value"]').inputValue()).toBe('1350');
		// a first actual of another cell, from its "Record actuals"
		await cell(page, 'cash').getByTestId('actuals-open').click();
		await rerun(page, async () => {
			await cell(page, 'cash').getByTestId('actual-new-cycle').fill('1');
			await cell(page, 'cash').getByTestId('actual-new-value').fill('360000');
			await cell(page, 'cash').getByTestId('actual-new-value').press('Enter');
		});
		expect(await review.textContent()).toContain('5 actuals of users, cash');
		expect(await page.getByTestId('runway-panel').locator('[data-testid="actual-point"]').count()).toBe(1);

		// The example notebook with actuals, in the same page.
		await go(page, `/notebooks/${EXAMPLE}`);
		expect(await page.getByTestId('cycle-review').count()).toBe(1);
		expect(await page.locator('[data-testid="actual-point"]').count()).toBeGreaterThanOrEqual(6);
		await shot(page, 'actuals-example-1400');
		await shot(page.getByTestId('cycle-review'), 'actuals-example-review');
		await shot(page.locator('[data-testid="actual-points"]').first().locator('xpath=ancestor::*[@data-testid="cell"]'), 'actuals-example-fan');
	});
});
