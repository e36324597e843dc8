// Export from the page (issue 13) and the notebook list and saving as people use them (issue 14),
// in headless Chromium over the production build: the export menu's HTML report opens offline
// (nothing fetched, no script), its JSON is a stamped report, its CSV has the header; a chart
// downloads as SVG and PNG; copy link; the page in print. Saving a notebook the CLI would refuse
// keeps the text and says so; New notebook from the starter with a non-ASCII name; Duplicate
// retitles; delete names the file when titles clash; an edit writes no needless quotes.
//
// Opening a page is most of a browser test's time (a renderer, the page's script, hydration, cold
// workers), so the steps share one page, in order, each going on from where the one before left
// it: another notebook by its link in the list, a reload only where a file written by hand must
// show in the list.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserApp, hasChromium, ROOT, shot, type BrowserApp } from '../support/app';
import { stepsInOrder } from '../support/steps';
import { isReport } from '$lib/report';

const TEST_TRIALS = 1000;
const SMALL = 'growth-runway.yaml';

describe.skipIf(!hasChromium)('export and the notebook list in headless Chromium', () => {
	let dir: string;
	let app: BrowserApp;
	let browser: Browser;
	let base: string;
	let context: BrowserContext;
	/** The page the steps share. */
	let page: Page;
	/** What the page downloads, and the printed PDF and its pages (the screenshots: SCALECAST_SHOTS); removed after. */
	let downloads: string;
	let printed: string;

	beforeAll(async () => {
		app = await browserApp({ trials: TEST_TRIALS });
		({ base, dir, browser } = app);
		downloads = await mkdtemp(join(tmpdir(), 'scalecast-downloads-'));
		printed = join(downloads, 'printed');
		await mkdir(printed);
		context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
	}, 600_000);

	afterAll(async () => {
		await context?.close();
		await app?.close();
		if (downloads) await rm(downloads, { recursive: true, force: true });
	});

	stepsInOrder();

	const runDone = (page: Page) => page.waitForSelector('[data-testid="run-status"][data-state="done"]', { timeout: 120_000 });
	const item = (page: Page, name: string) => page.locator(`[data-testid="notebook-item"][data-name="${name}"]`);

	/** Clicks `testId` in the export menu and saves what it downloads. */
	async function exported(page: Page, testId: string, nth = 0): Promise<{ download: Download; path: string; bytes: Buffer }> {
		if ((await page.getByTestId('export-html').count()) === 0) await page.getByTestId('export').click();
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).nth(nth).click()]);
		const path = join(downloads, download.suggestedFilename());
		await download.saveAs(path);
		return { download, path, bytes: await readFile(path) };
	}

	it('downloads the HTML report that opens offline, the JSON report and the CSV of the view', async () => {
		// (with the scenario in the address, for the link the next step copies)
		page = await context.newPage();
		page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
		await page.goto(`${base}/notebooks/${SMALL}?scenario=base`);
		await runDone(page);
		const fileText = await readFile(join(dir, SMALL), 'utf8');
		const sha256 = createHash('sha256').update(fileText).digest('hex');
		const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version as string;

		const html = await exported(page, 'export-html');
		expect(html.download.suggestedFilename()).toBe('growth-runway-report.html');
		const text = html.bytes.toString('utf8');
		expect(text).not.toMatch(/<script/i);
		expect(text).not.toMatch(/\s(src|href)="(?!#|data:)/i);
		expect(text).toContain('Growth and runway');
		expect(text).toContain(sha256);
		expect(text).toContain(SMALL);
		expect(text).toContain(version);

		// Opened with no network at all: the one request is the file itself, and it renders.
		const offline = await browser.newContext({ offline: true, javaScriptEnabled: false });
		try {
			const reader = await offline.newPage();
			const requests: string[] = [];
			reader.on('request', (request) => requests.push(request.url()));
			await reader.goto(`file://${html.path}`);
			await reader.waitForLoadState('load');
			expect(requests).toEqual([`file://${html.path}`]);
			expect(await reader.locator('h1').first().textContent()).toContain('Growth and runway');
			expect(await reader.locator('svg').count()).toBeGreaterThan(2);
			await reader.setViewportSize({ width: 1280, height: 900 });
			await shot(reader, 'export-report-first-screen');
		} finally {
			await offline.close();
		}

		const json = JSON.parse((await exported(page, 'export-json')).bytes.toString('utf8'));
		expect(isReport(json)).toBe(true);
		expect(json).toMatchObject({ title: 'Growth and runway', notebook: { file: SMALL, sha256 }, engine: { version }, trials: TEST_TRIALS, scenario: 'base' });
		expect(Date.now() - Date.parse(json.created)).toBeLessThan(120_000);

		const csv = (await exported(page, 'export-csv')).bytes.toString('utf8').split('\n');
		expect(csv[0]).toBe('cell,cycle,mean,p5,p10,p25,p50,p75,p90,p95');
		expect(csv.some((line) => line.startsWith('cash,36,'))).toBe(true);
	});

	it('downloads a chart as SVG and as PNG, and copies the link to the view', async () => {
		// the menu is still open from the step before: opened again only if it is not
		if ((await page.getByTestId('export').getAttribute('aria-expanded')) !== 'true') await page.getByTestId('export').click();
		expect(await page.getByTestId('export-chart').count()).toBeGreaterThanOrEqual(2);
		await shot(page, 'export-menu');
		const svg = await exported(page, 'export-svg');
		expect(svg.download.suggestedFilename()).toMatch(/^growth-runway-.+\.svg$/);
		expect(svg.bytes.toString('utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="\d+" height="\d+"/);
		const png = await exported(page, 'export-png');
		expect(png.download.suggestedFilename()).toMatch(/\.png$/);
		expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		const width = png.bytes.readUInt32BE(16);
		expect(width).toBeGreaterThan(600); // drawn at twice the SVG's size

		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
		if ((await page.getByTestId('copy-link').count()) === 0) await page.getByTestId('export').click();
		await page.getByTestId('copy-link').click();
		await page.getByTestId('export-note').filter({ hasText: 'copied' }).waitFor();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
	});

	it('saves a notebook the CLI would refuse, keeps its text and says it has errors, on the page and in the list', async () => {
		const revenue = page.locator('[data-testid="cell"][data-name="revenue"]').getByTestId('expr-formula');
		await revenue.fill('users * prise');
		await page.getByTestId('unsaved').waitFor();
		await page.getByTestId('save').click();
		await expect.poll(async () => readFile(join(dir, SMALL), 'utf8'), { timeout: 30_000 }).toContain('formula: users * prise\n');
		await page.getByTestId('current-has-errors').waitFor({ timeout: 30_000 });
		expect(await page.getByTestId('current-has-errors').textContent()).toMatch(/prise/);
		await shot(page, 'export-saved-with-errors');
		expect(await item(page, SMALL).getByTestId('has-errors').count()).toBe(1);
		expect(await page.getByTestId('unsaved').count()).toBe(0);
		// and the header does not say a plain "Saved"
		expect(await page.getByTestId('saved').textContent()).toMatch(/^Saved .*, with 1 error$/);
		// the needless-quotes check rides along: the edited line is plain YAML
		expect(await readFile(join(dir, SMALL), 'utf8')).not.toMatch(/formula: "/);

		await revenue.fill('users * 5');
		await page.getByTestId('save').click();
		await page.getByTestId('current-has-errors').waitFor({ state: 'detached', timeout: 30_000 });
		expect(await item(page, SMALL).getByTestId('has-errors').count()).toBe(0);
	});

	it('prints without the sidebar and controls, formulas at full width (screenshots to look at)', async () => {
		// opened by its link in the list (in the page: no load); its cells in, the run is its own
		await item(page, 'social-network-mvp.yaml').locator('a').click();
		await page.waitForURL('**/notebooks/social-network-mvp.yaml');
		await page.locator('[data-testid="cell"][data-name="core_churn"]').waitFor();
		await runDone(page);
		await shot(page, 'export-page-1400');
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('aside.sidebar').isVisible()).toBe(false);
		expect(await page.getByTestId('save').isVisible()).toBe(false);
		expect(await page.getByTestId('export').isVisible()).toBe(false);
		// a formula's field is as wide as the text column, not a sliver
		await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
		const widths = await page.locator('textarea').evaluateAll((fields) => fields.map((f) => f.getBoundingClientRect().width).filter((w) => w > 0));
		expect(Math.min(...widths)).toBeGreaterThan(400);
		await shot(page, 'export-print-media-a4');
		const formulaCell = page.locator('[data-testid="cell"]').filter({ has: page.locator('textarea') }).nth(3);
		await formulaCell.scrollIntoViewIfNeeded();
		await shot(formulaCell, 'export-print-media-a4-cell');
		// page.pdf prints with the print media (emulated above, as Chromium's print does)
		await page.pdf({ path: join(printed, 'printed.pdf'), format: 'A4', printBackground: true });
		const pages = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '6', join(printed, 'printed.pdf'), join(printed, 'printed')]);
		if (pages.status === 0) expect(existsSync(join(printed, 'printed-1.png')) || existsSync(join(printed, 'printed-01.png'))).toBe(true);

		// back on the screen at 1400 for the steps after this one
		await page.emulateMedia({ media: null });
		await page.setViewportSize({ width: 1400, height: 900 });
	});

	it('Duplicate gives a new title; deleting names the file when two notebooks share a title', async () => {
		await item(page, SMALL).getByRole('button', { name: /^Actions for/ }).click();
		await item(page, SMALL).getByRole('button', { name: 'Duplicate' }).click();
		await page.waitForURL('**/notebooks/growth-runway-copy.yaml', { timeout: 60_000 });
		await item(page, 'growth-runway-copy.yaml').waitFor();
		expect(await item(page, 'growth-runway-copy.yaml').locator('.title').textContent()).toBe('Growth and runway (copy)');
		await runDone(page);

		// two files of the same title (written by hand): the undo toast says which one went
		await writeFile(join(dir, 'twin.yaml'), await readFile(join(dir, SMALL), 'utf8'));
		await page.reload();
		await item(page, 'twin.yaml').getByRole('button', { name: /^Actions for/ }).click();
		await item(page, 'twin.yaml').getByRole('button', { name: 'Delete' }).click();
		const toast = page.getByTestId('undo-delete');
		await toast.waitFor();
		expect(await toast.textContent()).toMatch(/Deleted “Growth and runway”\s\(twin\.yaml\)/);
	});

	it('New notebook: an empty name says why; "Übersicht €" from the starter becomes ubersicht.yaml', async () => {
		await page.getByTestId('new-notebook').click();
		await page.getByTestId('new-name').fill('   ');
		await page.getByTestId('create-notebook').click();
		await page.getByRole('alert').filter({ hasText: 'Type a name' }).waitFor();

		const options = await page.getByTestId('new-template').locator('option').allTextContents();
		expect(options[0]).toMatch(/Starter \(10 cells\)/);
		expect(options).toContain('Social network MVP');
		await shot(page.getByTestId('notebook-list'), 'export-new-notebook-form');
		await page.getByTestId('new-name').fill('Übersicht €');
		await page.getByTestId('create-notebook').click();
		await page.waitForURL('**/notebooks/ubersicht.yaml', { timeout: 60_000 });
		await runDone(page);
		const text = await readFile(join(dir, 'ubersicht.yaml'), 'utf8');
		expect(text).toContain('title: Übersicht €\n');
		expect(text.split('\n').filter((line) => /^  - /.test(line)).length).toBe(10);
		expect(await page.getByTestId('title').inputValue()).toBe('Übersicht €');
	});
});
