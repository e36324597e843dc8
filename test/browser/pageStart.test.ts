// The notebook page as a new user meets it (issue 14, "The page"): the charts never blank while a
// run streams, the Cycle control says what it changes, and the page paints at once on a cold
// load. The app's production server over a temporary copy of simulations/ at 20,000 trials, in
// headless Chromium; skipped, and says so, when /usr/bin/chromium is not installed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserApp, hasChromium, type BrowserApp } from '../support/app';

/** Long enough that the first run streams previews for a while on two cores. */
const TRIALS = 20_000;
const DEFAULT = 'social-network-mvp.yaml';

describe.skipIf(!hasChromium)('the notebook page from its start', () => {
	let app: BrowserApp;
	let browser: Browser;
	let base: string;
	let context: BrowserContext;

	beforeAll(async () => {
		app = await browserApp({ prefix: 'scalecast-pagestart-', trials: TRIALS });
		({ base, browser } = app);
	}, 600_000);

	afterAll(async () => {
		await app?.close();
	});

	afterEach(async () => {
		await context?.close();
	});

	async function newPage(): Promise<Page> {
		context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		const page = await context.newPage();
		page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
		return page;
	}

	const runDone = (page: Page) => page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 120_000 });
	const cell = (page: Page, name: string) => page.locator(`[data-testid="cell"][data-name="${name}"]`);

	it('keeps the charts drawn, dimmed, when an edit comes while the first run streams', async () => {
		const page = await newPage();
		await page.goto(`${base}/notebooks/${DEFAULT}`);
		// the first run's first preview: charts drawn while it still runs
		await page.waitForSelector('[data-testid="cell"][data-kind="chart"] path.median', { timeout: 60_000 });
		expect(await page.getByTestId('run-status').getAttribute('data-state')).toBe('running');
		const charts = page.locator('[data-testid="cell"][data-kind="chart"]');
		const chartCount = await charts.count();
		expect(chartCount).toBeGreaterThanOrEqual(5);

		// From now on, record every moment a chart says "running…" instead of drawing.
		await page.evaluate(() => {
			const w = window as unknown as { blanked: number };
			w.blanked = 0;
			const check = () => {
				if (document.querySelector('[data-testid="cell"][data-kind="chart"] .pending')) w.blanked++;
			};
			new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
		});
		await cell(page, 'core_churn').getByTestId('expr-sample').fill('uniform(0.04, 0.10)');
		// right after the edit: the last preview is still drawn, marked stale (dimmed)
		await page.waitForSelector('[data-testid="cell"][data-kind="chart"] .chart.stale', { timeout: 5_000 });
		expect(await charts.locator('.chart.stale').count()).toBe(chartCount);
		expect(await charts.locator('path.median').count()).toBeGreaterThanOrEqual(chartCount - 1);
		const opacity = await charts.locator('.chart.stale').first().evaluate((el) => Number(getComputedStyle(el).opacity));
		expect(opacity).toBeLessThan(1);

		await runDone(page);
		expect(await charts.locator('.chart.stale').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { blanked: number }).blanked)).toBe(0);
		expect(await charts.locator('.pending').count()).toBe(0);
	}, 180_000);
	it('asks before the Cycle control changes what the plan means, and Cancel keeps the cycle', async () => {
		const page = await newPage();
		await page.goto(`${base}/notebooks/${DEFAULT}`);
		await runDone(page);
		// the cycle sits with the horizon as the model's time, apart from trials and seed
		const modelTime = page.getByTestId('model-time');
		expect(await modelTime.getByTestId('setting-cycle-count').count()).toBe(1);
		expect(await modelTime.getByTestId('setting-trials').count()).toBe(0);
		expect(await modelTime.textContent()).toMatch(/model time/i);

		const count = page.getByTestId('setting-cycle-count');
		await count.fill('2');
		await count.press('Enter');
		const confirm = page.getByTestId('cycle-confirm');
		await confirm.waitFor({ timeout: 5_000 });
		expect(await confirm.textContent()).toContain(
			'This changes the length of every cycle: amounts written per cycle (salaries, churn, growth) now mean per 2 months; the horizon becomes 72 months (was 36 months).'
		);
		await page.screenshot({ path: '.scratch/cycle-confirm-1400.png' });
		expect(await page.getByTestId('unsaved').count()).toBe(0);

		await page.getByTestId('cycle-confirm-cancel').click();
		expect(await confirm.count()).toBe(0);
		expect(await count.inputValue()).toBe('1');
		expect(await page.getByTestId('unsaved').count()).toBe(0);
		expect(await page.getByTestId('run-status').getAttribute('data-state')).toBe('done');

		// a change of unit asks as well; confirmed, the file says the new cycle and the model runs again
		await page.getByTestId('setting-cycle-unit').selectOption('week');
		await confirm.waitFor({ timeout: 5_000 });
		expect(await confirm.textContent()).toContain('now mean per week; the horizon becomes 36 weeks (was 36 months)');
		await page.getByTestId('cycle-confirm-ok').click();
		expect(await confirm.count()).toBe(0);
		await page.getByTestId('unsaved').waitFor({ timeout: 5_000 });
		expect(await page.getByTestId('setting-cycle-unit').inputValue()).toBe('week');
		await runDone(page);
	}, 180_000);
});
