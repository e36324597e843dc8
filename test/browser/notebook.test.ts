// The notebook page in a real browser: the app's production server over a temporary copy of simulations/,
// driven in headless Chromium (Debian's `chromium`) with playwright-core. Skipped, and says so,
// when /usr/bin/chromium is not installed.
//
// Opening a page is most of a browser test's time (a renderer, the page's script, hydration, cold
// workers: 2-3 s on two cores), so the steps share one browser profile and one page, in order,
// each going on from where the step before left it: a reload or a closed tab only where that is
// what a step checks, another notebook by its link in the list. The profile is fresh at the first.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserApp, hasChromium, type BrowserApp } from '../support/app';
import { stepsInOrder } from '../support/steps';

/** Small runs keep the suite quick on two cores; the notebooks' own 10,000 would take seconds each. */
const TEST_TRIALS = 1000;
const DEFAULT = 'social-network-mvp.yaml';
const SMALL = 'growth-runway.yaml';

describe.skipIf(!hasChromium)('the notebook page in headless Chromium', () => {
	let dir: string;
	let app: BrowserApp;
	let browser: Browser;
	let base: string;
	let context: BrowserContext;
	/** The page the steps share. */
	let page: Page;

	beforeAll(async () => {
		app = await browserApp({ trials: TEST_TRIALS });
		({ base, dir, browser } = app);
		context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	}, 600_000);

	afterAll(async () => {
		await context?.close();
		await app?.close();
	});

	stepsInOrder();

	async function newPage(): Promise<Page> {
		const opened = await context.newPage();
		opened.on('pageerror', (error) => console.error(`page error: ${error.message}`));
		return opened;
	}

	const runDone = (page: Page) => page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 60_000 });
	/** The run of the model as it is now is done: no chart left stale by an edit (an older run's `done` does not count). */
	const settled = (page: Page) =>
		page.waitForFunction(
			() => document.querySelector('[data-testid="run-status"][data-state="done"]') !== null && document.querySelector('.stale') === null,
			undefined,
			{ timeout: 60_000 }
		);
	const cell = (page: Page, name: string) => page.locator(`[data-testid="cell"][data-name="${name}"]`);
	const item = (page: Page, name: string) => page.locator(`[data-testid="notebook-item"][data-name="${name}"]`);
	const medianOf = (page: Page, chartIndex: number) =>
		page.locator('[data-testid="cell"][data-kind="chart"]').nth(chartIndex).locator('path.median').first().getAttribute('d');

	/** The text of `name`'s unsaved edits that the page keeps in IndexedDB, or null. */
	const draftText = (page: Page, name: string) =>
		page.evaluate(
			(name) =>
				new Promise<string | null>((resolve, reject) => {
					const request = indexedDB.open('scalecast');
					request.onupgradeneeded = () => request.transaction?.abort(); // not made yet: the app makes it
					request.onerror = () => reject(request.error);
					request.onsuccess = () => {
						const db = request.result;
						const get = db.transaction('drafts').objectStore('drafts').get(name);
						get.onsuccess = () => resolve((get.result as { text?: string } | undefined)?.text ?? null);
						get.onerror = () => reject(get.error);
						db.close();
					};
				}),
			name
		);

	// --- The default notebook, opened at / in the fresh profile.

	it('opens the default notebook at / and draws its charts from the run', async () => {
		page = await newPage();
		await page.goto(`${base}/`);
		await page.waitForURL(`**/notebooks/${DEFAULT}`);
		await runDone(page);

		const list = page.getByTestId('notebook-list');
		await list.getByText('Social network MVP').first().waitFor();
		const shipped = (await readdir(dir)).filter((file) => file.endsWith('.yaml')).length;
		expect(await list.locator('[data-testid="notebook-item"]').count()).toBe(shipped);

		const charts = page.locator('[data-testid="cell"][data-kind="chart"]');
		expect(await charts.count()).toBeGreaterThanOrEqual(5);
		const medians = await charts.locator('path.median').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''));
		expect(medians.length).toBeGreaterThanOrEqual(5);
		for (const d of medians) expect(d).toMatch(/^M[\d.-]+,[\d.-]+(L[\d.-]+,[\d.-]+){10,}/);
		const runwayBars = page.getByTestId('runway-panel').first().locator('svg rect.bar');
		expect(await runwayBars.evaluateAll((bars) => bars.filter((bar) => Number(bar.getAttribute('height')) > 0).length)).toBeGreaterThan(0);
		expect(await page.locator('[data-testid="histogram"] svg rect').count()).toBeGreaterThan(10);
		expect(await page.locator('[data-testid="sparkline"] path.median').count()).toBeGreaterThan(10);
		expect(await page.getByTestId('run-status').textContent()).toContain(`${TEST_TRIALS.toLocaleString('en-US')} trials`);

		// Trials set in the header edit the notebook and run again with them.
		await page.getByTestId('setting-trials').fill('500');
		await page.getByTestId('setting-trials').press('Enter');
		await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toContain('500 trials in');
		await page.getByTestId('unsaved').waitFor();
	});

	it('switches scenario and the runway headline follows', async () => {
		const headline = async () => (await page.getByTestId('runway-panel').first().textContent()) ?? '';
		const base = await headline();
		await page.getByTestId('setting-scenario').selectOption('bear');
		await expect.poll(headline, { timeout: 60_000 }).not.toBe(base);
		await runDone(page);
	});

	it('refuses to save over a file changed on disk and shows the conflict', async () => {
		const path = join(dir, DEFAULT);
		const theirs = (await readFile(path, 'utf8')).replace('title: Social network MVP', 'title: Changed on disk');
		await writeFile(path, theirs);

		await cell(page, 'core_churn').getByTestId('expr-sample').fill('uniform(0.04, 0.10)');
		await page.getByTestId('save').click();
		const conflict = page.getByTestId('conflict');
		await conflict.waitFor({ timeout: 30_000 });
		expect((await page.getByTestId('conflict-theirs').allTextContents()).join('\n')).toContain('title: Changed on disk');
		expect((await page.getByTestId('conflict-mine').allTextContents()).join('\n')).toContain('uniform(0.04, 0.10)');
		expect(await readFile(path, 'utf8')).toBe(theirs);
		expect(await page.getByTestId('unsaved').count()).toBe(1);

		// Keeping mine overwrites, now knowingly.
		await page.getByTestId('keep-mine').click();
		await page.getByTestId('saved').waitFor({ timeout: 30_000 });
		const saved = await readFile(path, 'utf8');
		expect(saved).toContain('uniform(0.04, 0.10)');
		expect(saved).toContain('title: Social network MVP');
	});

	// --- The small notebook, from its link in the list; nothing of it edited in this profile yet.

	it('keeps a saved edit after a reload', async () => {
		// opened by its link in the list (in the page: no load); its cells in, the run is its own
		await item(page, SMALL).locator('a').click();
		await page.waitForURL(`**/notebooks/${SMALL}`);
		await cell(page, 'growth').waitFor();
		await runDone(page);
		expect(await page.getByTestId('unsaved').count()).toBe(0);
		await cell(page, 'users').getByTestId('expr-init').fill('4200');
		await page.getByTestId('unsaved').waitFor();
		await page.keyboard.press('Control+s');
		await page.getByTestId('saved').waitFor({ timeout: 30_000 });

		const onDisk = await readFile(join(dir, SMALL), 'utf8');
		expect(onDisk).toContain('init: 4200');
		expect(onDisk).toContain('formula: users * (1 + growth - churn + normal(0, 0.02))');

		await page.reload();
		await runDone(page);
		expect(await cell(page, 'users').getByTestId('expr-init').inputValue()).toBe('4200');
		expect(await page.getByTestId('unsaved').count()).toBe(0);
		expect(await page.getByTestId('draft-offer').count()).toBe(0);
	});

	it('offers unsaved edits back after the tab was closed', async () => {
		await cell(page, 'churn').getByTestId('expr-sample').fill('uniform(0.03, 0.05)');
		await page.getByTestId('unsaved').waitFor();
		// the edit is in IndexedDB before the tab goes
		await expect.poll(() => draftText(page, SMALL), { timeout: 10_000 }).toContain('uniform(0.03, 0.05)');
		await page.close();

		page = await newPage();
		await page.goto(`${base}/notebooks/${SMALL}`);
		await page.getByTestId('draft-offer').waitFor({ timeout: 30_000 });
		await page.getByTestId('restore-draft').click();
		expect(await cell(page, 'churn').getByTestId('expr-sample').inputValue()).toBe('uniform(0.03, 0.05)');
		await page.getByTestId('unsaved').waitFor();
		// the restored edits run (the steps after this one go on from their results)
		await settled(page);
	});

	it('re-runs when an input changes and the charts follow', async () => {
		const usersBefore = await medianOf(page, 0);
		const figureBefore = await cell(page, 'users').getByTestId('value-figures').textContent();

		await cell(page, 'growth').getByTestId('expr-sample').fill('normal(0.15, 0.03)');
		await expect.poll(() => medianOf(page, 0), { timeout: 60_000 }).not.toBe(usersBefore);
		await runDone(page);
		expect(await cell(page, 'users').getByTestId('value-figures').textContent()).not.toBe(figureBefore);
		expect(await page.locator('[data-testid="cell-error"]').count()).toBe(0);
	});

	it('shows a broken formula\'s error on its own cell while the other charts stay', async () => {
		const usersBefore = await medianOf(page, 0);

		await cell(page, 'revenue').getByTestId('expr-formula').fill('users * price');
		const error = cell(page, 'revenue').getByTestId('cell-error');
		await error.waitFor({ timeout: 60_000 });
		expect(await error.textContent()).toContain("'price'");
		await page.waitForSelector('[data-testid="run-status"][data-state="invalid"]');

		// Only that cell has an error, and the last good charts are still drawn.
		expect(await page.locator('[data-testid="cell-error"]').count()).toBe(1);
		expect(await medianOf(page, 0)).toBe(usersBefore);
		expect(await page.locator('[data-testid="fan-chart"] path.median').count()).toBeGreaterThanOrEqual(4);
		expect(await cell(page, 'users').getByTestId('sparkline').count()).toBe(1);

		// Fixing it runs again and clears the error.
		await cell(page, 'revenue').getByTestId('expr-formula').fill('users * 6');
		await error.waitFor({ state: 'detached', timeout: 60_000 });
		await runDone(page);
	});

	it('shows the progress of a long run and cancels it, keeping the last results', async () => {
		const before = await medianOf(page, 0);
		const trials = page.getByTestId('setting-trials');
		await trials.fill('3000000');
		await trials.press('Enter');
		await page.getByTestId('progress').waitFor({ timeout: 30_000 });
		await page.getByTestId('cancel').click();
		await page.waitForSelector('[data-testid="run-status"][data-state="cancelled"]', { timeout: 5_000 });
		expect(await page.getByTestId('progress').count()).toBe(0);
		expect(await medianOf(page, 0)).toBe(before);
	});

	// --- The list, and a notebook written by hand.

	it('creates, renames, deletes and restores notebooks from the list', async () => {
		const exists = (name: string) => existsSync(join(dir, name));

		await page.getByTestId('new-notebook').click();
		await page.locator('#new-name').fill('plan-b');
		await page.getByRole('button', { name: 'Create', exact: true }).click();
		await page.waitForURL('**/notebooks/plan-b.yaml');
		await runDone(page);
		expect(exists('plan-b.yaml')).toBe(true);
		expect(await item(page, 'plan-b.yaml').textContent()).toContain('plan-b');

		await item(page, 'plan-b.yaml').getByRole('button', { name: /^Actions for/ }).click();
		await item(page, 'plan-b.yaml').getByRole('button', { name: 'Rename' }).click();
		await item(page, 'plan-b.yaml').locator('input').fill('plan-c');
		await item(page, 'plan-b.yaml').getByRole('button', { name: 'Rename' }).click();
		await page.waitForURL('**/notebooks/plan-c.yaml');
		expect(exists('plan-c.yaml')).toBe(true);
		expect(exists('plan-b.yaml')).toBe(false);

		await item(page, 'plan-c.yaml').getByRole('button', { name: /^Actions for/ }).click();
		await item(page, 'plan-c.yaml').getByRole('button', { name: 'Delete' }).click();
		const undo = page.getByTestId('undo-delete');
		await undo.waitFor();
		await page.waitForURL(`**/notebooks/${DEFAULT}`);
		expect(exists('plan-c.yaml')).toBe(false);
		expect(await item(page, 'plan-c.yaml').count()).toBe(0);

		await undo.getByRole('button', { name: 'Undo' }).click();
		await page.waitForURL('**/notebooks/plan-c.yaml');
		expect(exists('plan-c.yaml')).toBe(true);
		await item(page, 'plan-c.yaml').waitFor();
	});

	it('never runs a script written in a Markdown cell', async () => {
		const name = 'xss.yaml';
		await writeFile(
			join(dir, name),
			[
				'format: 1',
				'title: Hostile prose',
				'horizon: 6',
				'trials: 1000',
				'cells:',
				'  - md: |',
				'      # Hello',
				'      <script>window.__pwned = 1</script>',
				'      <img src=x onerror="window.__pwned=2">',
				'      [click](javascript:window.__pwned=3)',
				'  - name: x',
				'    sample: normal(1, 0.1)',
				''
			].join('\n')
		);
		// loaded by its address: the server renders it, then the page hydrates it
		await page.goto(`${base}/notebooks/${name}`);
		await runDone(page);
		const markdown = page.getByTestId('markdown').first();
		expect(await markdown.textContent()).toContain('<script>window.__pwned = 1</script>');
		expect(await markdown.locator('script, img').count()).toBe(0);
		expect(await markdown.locator('a[href^="javascript:"]').count()).toBe(0);
		await page.waitForTimeout(200);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	});
});
