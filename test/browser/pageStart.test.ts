// The notebook page as a new user meets it (issue 14, "The page"): the charts never blank while a
// run streams, the Cycle control says what it changes, and the page paints at once on a cold
// load. The app's production server over a temporary copy of simulations/ at 1,000 trials (the
// streaming test opens a copy of the default notebook at its own 4,000), in headless Chromium;
// skipped, and says so, when /usr/bin/chromium is not installed. The Cycle control is tried on the
// streaming test's page (opening a page is most of a browser test's time); the cold load has its
// own, as it must.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserApp, hasChromium, shot, type BrowserApp } from '../support/app';
import { stepsInOrder } from '../support/steps';

/** Small runs keep the suite quick on two cores. */
const TRIALS = 1_000;
/**
 * Four blocks, two per worker: the first run goes on for blocks after its first preview (a
 * worker's first 100 trials), when the edit comes, committed with Enter, so its run starts at
 * once (the test checks that the edit's run took over from the first).
 */
const STREAMING_TRIALS = 4_000;
const DEFAULT = 'social-network-mvp.yaml';
const STREAMING = 'streaming.yaml';

describe.skipIf(!hasChromium)('the notebook page from its start', () => {
	let app: BrowserApp;
	let browser: Browser;
	let base: string;

	beforeAll(async () => {
		app = await browserApp({ trials: TRIALS });
		({ base, browser } = app);
		const text = await readFile(join(app.dir, DEFAULT), 'utf8');
		await writeFile(join(app.dir, STREAMING), text.replace(/^trials: \d+$/m, `trials: ${STREAMING_TRIALS}`));
	}, 600_000);

	afterAll(async () => {
		await app?.close();
	});

	async function newPage(context: BrowserContext): Promise<Page> {
		const page = await context.newPage();
		page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
		return page;
	}
	// reduced motion: the dimming of stale charts applies at once (no transition to catch)
	const newContext = () => browser.newContext({ viewport: { width: 1400, height: 900 }, reducedMotion: 'reduce' });

	const runDone = (page: Page) => page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 120_000 });
	const cell = (page: Page, name: string) => page.locator(`[data-testid="cell"][data-name="${name}"]`);

	describe('one page: a first run that streams, then the Cycle control', () => {
		let context: BrowserContext;
		/** The page the two steps share. */
		let page: Page;

		afterAll(async () => {
			await context?.close();
		});

		stepsInOrder();

		it('keeps the charts drawn, dimmed, when an edit comes while the first run streams', async () => {
			context = await newContext();
			page = await newPage(context);
			// All in the page, from its start, so that nothing hangs on the test's round trips to it (a
			// page busy with a run can take seconds to answer each): every state the run status takes;
			// the state when the first chart is drawn; an edit of core_churn typed into its field and
			// committed with Enter the moment that first preview is in, so it always comes while the
			// first run streams; the first animation frame after it with the charts marked stale (one
			// snapshot, taken the moment the charts are stale: the new run's first preview replaces
			// them as soon as it is in); and from the first chart on, every moment a chart says
			// "running…" instead of drawing.
			await page.addInitScript(() => {
				type Stale = { stale: number; medians: number; opacity: number; afterMs: number };
				const record = { states: [] as (string | null)[], atFirstChart: null as string | null, blanked: 0, snapshot: null as Stale | null, stop: () => {} };
				(window as unknown as { stream: typeof record }).stream = record;
				const charts = () => [...document.querySelectorAll('[data-testid="cell"][data-kind="chart"]')];
				const snapshot = (editedAt: number) => {
					const dimmed = charts().flatMap((c) => [...c.querySelectorAll('.chart.stale')]);
					if (dimmed.length === 0) return requestAnimationFrame(() => snapshot(editedAt));
					record.snapshot = {
						stale: charts().filter((c) => c.querySelector('.chart.stale')).length,
						medians: charts().filter((c) => c.querySelector('path.median')).length,
						opacity: Number(getComputedStyle(dimmed[0]).opacity),
						afterMs: performance.now() - editedAt
					};
				};
				const edit = () => {
					const field = document.querySelector<HTMLTextAreaElement>('[data-testid="cell"][data-name="core_churn"] [data-testid="expr-sample"]')!;
					field.focus();
					field.select();
					field.value = 'uniform(0.04, 0.10)';
					field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: field.value }));
					field.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'Enter' }));
					const editedAt = performance.now();
					requestAnimationFrame(() => snapshot(editedAt));
				};
				const observer = new MutationObserver(() => {
					const state = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') ?? null;
					if (state !== record.states.at(-1)) record.states.push(state);
					if (record.atFirstChart === null) {
						if (!document.querySelector('[data-testid="cell"][data-kind="chart"] path.median')) return;
						record.atFirstChart = state;
						edit();
					}
					if (document.querySelector('[data-testid="cell"][data-kind="chart"] .pending')) record.blanked++;
				});
				record.stop = () => observer.disconnect();
				document.addEventListener('DOMContentLoaded', () =>
					observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state'] })
				);
			});
			type Record = { states: (string | null)[]; atFirstChart: string | null; blanked: number; snapshot: { stale: number; medians: number; opacity: number; afterMs: number } | null };
			const record = () => page.evaluate(() => (window as unknown as { stream: Record }).stream);

			await page.goto(`${base}/notebooks/${STREAMING}`);
			// the first run's first preview: charts drawn while it still runs
			await page.waitForSelector('[data-testid="cell"][data-kind="chart"] path.median', { timeout: 60_000 });
			const charts = page.locator('[data-testid="cell"][data-kind="chart"]');
			const chartCount = await charts.count();
			expect(chartCount).toBeGreaterThanOrEqual(5);

			// right after the edit: the last preview is still drawn, marked stale (dimmed)
			await page.waitForFunction(() => (window as unknown as { stream: Record }).stream.snapshot !== null, undefined, { timeout: 60_000 });
			const { atFirstChart, snapshot: seen } = await record();
			expect(atFirstChart).toBe('running');
			expect(seen!.afterMs).toBeLessThan(5_000);
			expect(seen!.stale).toBe(chartCount);
			expect(seen!.medians).toBeGreaterThanOrEqual(chartCount - 1);
			expect(seen!.opacity).toBeLessThan(1);

			await runDone(page);
			expect(await charts.locator('.chart.stale').count()).toBe(0);
			const { blanked, states } = await record();
			expect(blanked).toBe(0);
			expect(await charts.locator('.pending').count()).toBe(0);
			// the edit's run took over from the first while it streamed: the first never finished
			expect(states.filter((state) => state !== 'idle' && state !== 'running')).toEqual(['done']);
			expect(await cell(page, 'core_churn').getByTestId('expr-sample').inputValue()).toBe('uniform(0.04, 0.10)');
			await page.evaluate(() => (window as unknown as { stream: { stop: () => void } }).stream.stop());
		}, 180_000);

		it('asks before the Cycle control changes what the plan means, and Cancel keeps the cycle', async () => {
			// the default notebook by its link in the list (in the page, no load): a fresh session
			await page.locator(`[data-testid="notebook-item"][data-name="${DEFAULT}"] a`).click();
			await page.waitForURL(`**/notebooks/${DEFAULT}`);
			// the title and the notebook's view change together (the streaming copy has the same cells)
			await page.waitForFunction((name) => document.title.startsWith(`${name} ·`), DEFAULT);
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
			await shot(page, 'cycle-confirm-1400');
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

	describe('a cold load', () => {
		let context: BrowserContext;

		afterEach(async () => {
			await context?.close();
		});

		it('paints the list and the notebook as text at once on a cold load, charts pending, then draws them', async () => {
			// Without JavaScript: what the server sends is the page's first paint.
			context = await browser.newContext({ viewport: { width: 1400, height: 900 }, javaScriptEnabled: false });
			const bare = await context.newPage();
			const response = await bare.goto(`${base}/notebooks/${DEFAULT}`);
			expect(response?.status()).toBe(200);
			expect(await bare.getByTestId('notebook-list').textContent()).toContain('Growth and runway');
			expect(await bare.locator('h1').first().textContent()).toContain('Social network MVP');
			expect(await bare.locator('main').textContent()).toContain('Two founders launch a social app');
			const cells = bare.locator('[data-testid="cell"]');
			expect(await cells.count()).toBeGreaterThan(20);
			expect(await cell(bare, 'core_churn').count()).toBe(1);
			expect(await bare.locator('[data-testid="cell"][data-kind="chart"] .pending').count()).toBeGreaterThanOrEqual(5);
			expect(await bare.locator('#boot-shell').isVisible()).toBe(false);
			// `/` renders in the browser: without JavaScript, the static shell of app.html shows at once
			await bare.goto(`${base}/`);
			expect(await bare.locator('#boot-shell').isVisible()).toBe(true);
			expect(await bare.locator('#boot-shell').textContent()).toContain('Loading the notebook…');
			await context.close();

			// With it: the same page comes to life, runs, and draws every chart; no errors on the way.
			context = await newContext();
			const page = await newPage(context);
			const problems: string[] = [];
			page.on('pageerror', (error) => problems.push(error.message));
			page.on('console', (message) => {
				if (message.type() === 'error' || /hydrat/i.test(message.text())) problems.push(message.text());
			});
			await page.goto(`${base}/notebooks/${DEFAULT}`);
			// The browser runs only the pages under test: none of its own WebUI (the omnibox popups each
			// new window preloads cost a renderer and ~2 s of CPU per context; test/support/app.ts).
			const cdp = await browser.newBrowserCDPSession();
			const { targetInfos } = await cdp.send('Target.getTargets');
			await cdp.detach();
			expect(targetInfos.filter((target) => target.url.startsWith('chrome://')).map((target) => target.url)).toEqual([]);
			// (on a busy machine the first paint may come after the load event)
			const fcp = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: 30_000 });
			expect(await fcp.jsonValue()).toBeGreaterThan(0);
			await runDone(page);
			expect(await page.locator('#boot-shell').isVisible()).toBe(false);
			const charts = page.locator('[data-testid="cell"][data-kind="chart"]');
			expect(await charts.locator('.pending').count()).toBe(0);
			expect(await charts.locator('path.median').count()).toBeGreaterThanOrEqual(5);
			// the page works after hydration: an edit runs again
			await cell(page, 'core_churn').getByTestId('expr-sample').fill('uniform(0.04, 0.10)');
			await page.getByTestId('unsaved').waitFor({ timeout: 5_000 });
			await page.waitForSelector('[data-testid="run-status"][data-state="running"]', { timeout: 10_000 });
			await runDone(page);
			expect(problems).toEqual([]);
		}, 180_000);
	});
});
