// The app as the browser and server tests use it: ONE production build per test run (vite build
// with adapter-node, into .scratch/), made by whichever test file asks first, while the others
// wait for it; then ONE `node build` server per test process, on 127.0.0.1, over a notebooks
// folder of its own that each browser test file fills afresh when it starts. A production server
// starts in a fraction of a second and serves bundled pages, where a dev server per file would
// start cold and transform every module on first request.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The environment of a child: this one without vitest's variables or the server's settings. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.startsWith('VITEST') || ['NODE_ENV', 'HOST', 'PORT', 'BODY_SIZE_LIMIT', 'SCALECAST_TOKEN', 'SCALECAST_ALLOWED_HOSTS', 'ORIGIN'].includes(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/** A key of everything a build reads: the sources, the configs and the lock file, by name, size and time. */
function sourceKey(): string {
	const hash = createHash('sha256');
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else {
				const stat = statSync(path);
				hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
			}
		}
	};
	walk(join(ROOT, 'src'));
	if (existsSync(join(ROOT, 'static'))) walk(join(ROOT, 'static'));
	for (const file of ['svelte.config.js', 'vite.config.ts', 'package-lock.json']) hash.update(readFileSync(join(ROOT, file)));
	return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `vite build` into `work` (its build/ and kit/ folders); rejects with its output when it fails. */
function viteBuild(work: string): Promise<void> {
	const child = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: ROOT,
		env: childEnv({ NODE_ENV: 'production', SCALECAST_BUILD_OUT: join(work, 'build'), SCALECAST_KIT_OUT: join(work, 'kit') }),
		stdio: ['ignore', 'pipe', 'pipe']
	});
	// a build left running by a run that ends early (a filtered run, ^C) must not outlive it
	const stop = () => child.kill();
	process.once('exit', stop);
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk));
	const timer = setTimeout(() => child.kill(), 400_000);
	return new Promise((resolve, reject) => {
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			process.off('exit', stop);
			if (code === 0) resolve();
			else reject(new Error(`vite build failed (${code ?? signal}):\n${output}`));
		});
	});
}

/** Process `pid` has ended (or never was). */
function processEnded(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}

/** The process that took `lock` has ended without releasing it (killed mid-build). */
function lockOwnerGone(lock: string): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
	} catch {
		return false; // just taken: its pid is being written
	}
	return processEnded(pid);
}

/**
 * The folder of a production build of the current sources, built now unless a build of exactly
 * these sources is there (another test file of this run made it, the run's sequencer started it,
 * or an earlier run). A lock directory makes concurrent builders wait for one build instead of
 * building twice. The build runs as a child process, never blocking the caller's thread.
 */
export async function productionBuild(): Promise<string> {
	const key = sourceKey();
	const work = join(ROOT, '.scratch', `app-${key}`);
	const out = join(work, 'build');
	const done = join(work, 'done');
	const lock = join(ROOT, '.scratch', `app-${key}.lock`);
	mkdirSync(join(ROOT, '.scratch'), { recursive: true });
	for (let waited = 0; !existsSync(done); waited += 500) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
		} catch {
			if (waited > 400_000) throw new Error(`waited ${waited / 1000} s for another build of the app (${lock})`);
			if (lockOwnerGone(lock)) rmSync(lock, { recursive: true, force: true });
			await sleep(500);
			continue;
		}
		try {
			if (existsSync(done)) break;
			// Builds of other sources older than an hour are dropped (a younger one may still be
			// serving another test file of a run during which the sources changed).
			for (const name of readdirSync(join(ROOT, '.scratch'))) {
				const path = join(ROOT, '.scratch', name);
				if (!name.startsWith('app-') || name.endsWith('.lock') || path === work) continue;
				if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
			}
			await viteBuild(work);
			writeFileSync(done, new Date().toISOString());
		} finally {
			rmSync(lock, { recursive: true, force: true });
		}
	}
	return out;
}

export type RunningServer = { url: URL; process: ChildProcess; log: () => string; close: () => void };

/**
 * Node exits when its stdin, a pipe from this process, ends: a server of a test process that is
 * killed (a timeout, ^C) does not live on. Loaded before the server with --import.
 */
const EXIT_WITH_PARENT = "data:text/javascript,process.stdin.on('end',()=>process.exit(0)).resume()";

/**
 * `node build` of `build` with `env`; resolves when it says where it listens, rejects when it exits
 * first (the error has its exit `code` and its `output`). It ends when this process does, however
 * this process ends.
 */
export function startServer(build: string, env: Record<string, string>): Promise<RunningServer> {
	const server = spawn(process.execPath, ['--import', EXIT_WITH_PARENT, build], { cwd: ROOT, env: childEnv({ PORT: '0', ...env }), stdio: ['pipe', 'pipe', 'pipe'] });
	let output = '';
	const log = () => output;
	const close = () => {
		if (server.exitCode === null) server.kill('SIGTERM');
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no "Listening on" within 30 s:\n${output}`)), 30_000);
		const seen = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /Listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({ url: new URL(match[1]), process: server, log, close });
			}
		};
		server.stdout?.on('data', seen);
		server.stderr?.on('data', seen);
		server.once('exit', (code) => {
			clearTimeout(timer);
			reject(Object.assign(new Error(`node build exited with ${code}:\n${output}`), { code, output }));
		});
	});
}

type ProcessApp = { server: RunningServer; dir: string };

/** This process's app server, once started. */
let processApp: Promise<ProcessApp> | undefined;

/** The folder of the app server of test process `pid`, in the system's temporary directory. */
const APP_FOLDER = 'scalecast-app-';

/**
 * Removes the folders of app servers whose test process has ended: vitest ends its workers
 * without their exit handlers (their servers end with them: stdin).
 */
function sweepEndedApps(): void {
	for (const name of readdirSync(tmpdir())) {
		const pid = name.startsWith(APP_FOLDER) ? Number(name.slice(APP_FOLDER.length)) : NaN;
		if (Number.isInteger(pid) && pid !== process.pid && processEnded(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
	}
}

/**
 * The app server of this test process, over a notebooks folder `dir` of its own: one server for
 * every browser test file the process runs (files share a worker's modules: vitest.config.ts).
 * Starting one costs ~2 s of CPU (the server bundle, then every notebook read for the list), and
 * its first pages render cold. It ends with the process; one that exited is started anew.
 */
function appOfThisProcess(): Promise<ProcessApp> {
	if (processApp) return processApp;
	const started = (async () => {
		const build = await productionBuild();
		sweepEndedApps();
		const dir = join(tmpdir(), `${APP_FOLDER}${process.pid}`, 'simulations');
		await mkdir(dir, { recursive: true });
		const server = await startServer(build, { HOST: '127.0.0.1', SCALECAST_NOTEBOOKS_DIR: dir });
		server.process.once('exit', () => processApp === started && (processApp = undefined));
		return { server, dir };
	})();
	processApp = started;
	started.catch(() => processApp === started && (processApp = undefined));
	return started;
}

/** Ends this process's app server and removes its folder. */
async function closeAppOfThisProcess(): Promise<void> {
	const app = await processApp?.catch(() => undefined);
	processApp = undefined;
	if (!app) return;
	if (app.server.process.exitCode === null && app.server.process.signalCode === null) {
		const exited = new Promise((resolve) => app.server.process.once('exit', resolve));
		app.server.close();
		await exited;
	}
	await rm(join(app.dir, '..'), { recursive: true, force: true });
}

/**
 * Runs `look` with every cell of `page` laid out and painted, as if on screen: the page skips
 * cells off screen (`content-visibility: auto`), whose contents then neither show in a whole-page
 * screenshot nor overflow the page.
 */
export async function withEveryCellRendered<T>(page: Page, look: () => Promise<T>): Promise<T> {
	const style = await page.addStyleTag({ content: '[data-testid="cell"] { content-visibility: visible !important; }' });
	try {
		return await look();
	} finally {
		await style.evaluate((element) => (element as Element).remove());
	}
}

/**
 * A screenshot for people to look at, `name`.png in the folder SCALECAST_SHOTS names; none when it
 * is unset. No assertion reads them, and each costs the browser CPU the suite would wait for
 * (~0.3 s a screen, seconds a whole page of the default notebook). A page is shot as its first
 * screen, or whole with SCALECAST_FULL_SHOTS=1; a locator as its element.
 */
export async function shot(target: Page | Locator, name: string): Promise<void> {
	const folder = process.env.SCALECAST_SHOTS;
	if (!folder) return;
	mkdirSync(folder, { recursive: true });
	const path = join(folder, `${name}.png`);
	if ('goto' in target && process.env.SCALECAST_FULL_SHOTS === '1') await withEveryCellRendered(target, () => target.screenshot({ path, fullPage: true }));
	else await target.screenshot({ path });
}

/** Debian's chromium; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
	console.warn(`test/browser: ${CHROMIUM} is not installed, so the browser tests are SKIPPED (apt-get install chromium, or set CHROMIUM_PATH)`);
}

/**
 * Chromium features turned off. Chromium keeps only the last --disable-features it is given, and
 * Playwright passes its own list before ours (playwright-core 1.65, chromiumSwitches.ts: paint
 * holding, the media router, optimization hints, … off for tests that behave the same each run),
 * so ours repeats that list; re-read it when playwright-core is upgraded. Then ours: headless
 * Chromium (156) opens every new context in a window of its own and preloads the window's
 * omnibox popups, WebUI pages in a "WebUI Top Renderer" of its own (the plain popup, and the AI
 * Mode one, omnibox_popup_aim.html, which only WebUIOmniboxAimPopup turns off): ~1.5-2.8 s of
 * CPU per context, no part of the page under test. With all four off, a trace of a context's
 * first load shows no chrome://omnibox-popup and no --top-chrome-webui renderer runs.
 */
const DISABLED_FEATURES = [
	// Playwright's
	'AvoidUnnecessaryBeforeUnloadCheckSync',
	'DestroyProfileOnBrowserClose',
	'HttpsUpgrades',
	'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay',
	'MediaRouter',
	'PaintHolding',
	'ThirdPartyStoragePartitioning',
	'AvoidCorsURLLoaderRestartOnRedirect',
	'TcpPortRandomizationWin',
	'OptimizationHints',
	'NetworkTimeServiceQuerying',
	'AimEnabled',
	'PreconnectToSearch',
	// ours
	'PreloadTopChromeWebUI',
	'WebUIOmniboxPopup',
	'WebUIOmniboxAimPopup',
	'WebUIOmniboxFullPopup'
];

/** How Chromium is started, for the tests and the page benchmark. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--disable-features=${DISABLED_FEATURES.join(',')}`];

/**
 * The tests add one V8 flag: no background threads for V8's compilers and garbage collector. On
 * two cores already shared by two test files, their servers and the unit tests, those threads
 * only contend; the JavaScript runs the same. A browser file takes ~10% less CPU (the decisions
 * file 42-44 → 38 s). Not for the page benchmark, which measures what people wait for.
 */
const TEST_ARGS = [...CHROMIUM_ARGS, '--js-flags=--single-threaded'];

export type BrowserApp = { base: string; dir: string; browser: Browser; close: () => Promise<void> };

/** The shared browsers of this process, by their launch arguments. */
const launched = new Map<string, Promise<Browser>>();

/**
 * One headless Chromium per test process, shared by the browser test files that process runs
 * (files share a worker's modules: vitest.config.ts). Starting one costs ~3.4 s of CPU, and each
 * file works in contexts of its own (own storage, own pages), closed by the file. Playwright ends
 * the browser when the process exits; a browser that crashed or was closed is launched anew.
 */
function sharedBrowser(args: string[]): Promise<Browser> {
	const key = args.join(' ');
	const known = launched.get(key);
	if (known) return known;
	const started = chromium.launch({ executablePath: CHROMIUM, args });
	launched.set(key, started);
	const forget = () => launched.get(key) === started && launched.delete(key);
	started.then((browser) => browser.on('disconnected', forget), forget);
	return started;
}

/** Closes the shared browsers and this process's app server (a script's end: tests leave them to the process's exit). */
export async function closeShared(): Promise<void> {
	const browsers = [...launched.values()];
	launched.clear();
	for (const browser of await Promise.all(browsers.map((b) => b.catch(() => null)))) await browser?.close();
	await closeAppOfThisProcess();
}

/** Removes everything in `folder`, trash included. */
async function emptyFolder(folder: string): Promise<void> {
	for (const entry of await readdir(folder)) await rm(join(folder, entry), { recursive: true, force: true });
}

/** A browserApp of this process is open (a process runs its test files one after another). */
let appOpen = false;

/**
 * The app over a fresh copy of simulations/ plus `fixtures` from test/fixtures/ (each notebook's
 * trials set to `trials`, so runs stay quick on two cores), and a headless Chromium: the tests'
 * (TEST_ARGS), or with `timed` as people run it (CHROMIUM_ARGS), for the page benchmark. Server
 * and browser are this process's (one each); the notebooks folder is emptied, its trash too, and
 * filled anew, so a test file sees nothing of the files before it. One at a time: `close` closes
 * the file's browser contexts, and then the next file may open.
 */
export async function browserApp(options: { trials: number; fixtures?: string[]; timed?: boolean }): Promise<BrowserApp> {
	if (appOpen) throw new Error('browserApp: one at a time in a process; close the open one first');
	appOpen = true;
	try {
		const [{ server, dir }, browser] = await Promise.all([appOfThisProcess(), sharedBrowser(options.timed ? CHROMIUM_ARGS : TEST_ARGS)]);
		await emptyFolder(dir);
		const notebooks = (await readdir(join(ROOT, 'simulations'))).filter((file) => file.endsWith('.yaml')).map((file) => join(ROOT, 'simulations', file));
		for (const path of [...notebooks, ...(options.fixtures ?? []).map((fixture) => join(ROOT, 'test/fixtures', fixture))]) {
			const text = await readFile(path, 'utf8');
			await writeFile(join(dir, basename(path)), text.replace(/^trials: \d+$/m, `trials: ${options.trials}`));
		}
		return {
			base: server.url.origin,
			dir,
			browser,
			close: async () => {
				await Promise.all(browser.contexts().map((context) => context.close()));
				await emptyFolder(dir);
				appOpen = false;
			}
		};
	} catch (error) {
		appOpen = false;
		throw error;
	}
}
