// The list endpoint under load: a 5 MB notebook among ordinary ones and 200 concurrent lists.
// Summaries are cached by file version, so the big notebook is parsed once (not once per list),
// every list answers, and a change on disk is still seen.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

const parses = vi.hoisted(() => ({ count: 0, bytes: 0 }));
vi.mock('../../src/lib/engine/notebook/readNotebook', async (importOriginal) => {
	const original = await importOriginal<typeof import('../../src/lib/engine/notebook/readNotebook')>();
	return {
		...original,
		readNotebook: (text: string, file: string) => {
			parses.count++;
			parses.bytes += text.length;
			return original.readNotebook(text, file);
		}
	};
});

// Test files share their worker's modules (vitest.config.ts): one that ran before may have
// imported the reader already, unmocked; these imports take fresh copies, with the mock.
vi.resetModules();
const { GET } = await import('../../src/routes/api/notebooks/+server');
const { NotebookStore } = await import('../../src/lib/server/notebookStore');

const ROOT = join(import.meta.dirname, '../..');
let dir: string;
let big: string;
const previousDir = process.env.SCALECAST_NOTEBOOKS_DIR;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'scalecast-list-'));
	const base = await readFile(join(ROOT, 'simulations/social-network-mvp.yaml'), 'utf8');
	const line = '      Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n';
	big = base.replace('cells:\n', `cells:\n  - md: |\n${line.repeat(Math.ceil(5e6 / line.length))}`).replace(/^title: .*$/m, 'title: Big plan');
	await writeFile(join(dir, 'big.yaml'), big);
	await copyFile(join(ROOT, 'simulations/social-network-mvp.yaml'), join(dir, 'social-network-mvp.yaml'));
	await copyFile(join(ROOT, 'simulations/growth-runway.yaml'), join(dir, 'growth-runway.yaml'));
	await writeFile(join(dir, 'broken.yaml'), 'format: 1\ntitle: Broken\ncells: [\n');
	process.env.SCALECAST_NOTEBOOKS_DIR = dir;
});

afterAll(async () => {
	if (previousDir === undefined) delete process.env.SCALECAST_NOTEBOOKS_DIR;
	else process.env.SCALECAST_NOTEBOOKS_DIR = previousDir;
	await rm(dir, { recursive: true, force: true });
});

const list = async () => {
	const response = await GET({} as never);
	return { status: response.status, data: await response.json() };
};

describe('GET /api/notebooks with a 5 MB notebook', () => {
	test('200 concurrent lists all answer, the big notebook parsed once; then 200 more without parsing', async () => {
		expect(big.length).toBeGreaterThan(5e6);
		parses.count = 0;
		const started = performance.now();
		const answers = await Promise.all(Array.from({ length: 200 }, () => list()));
		const cold = performance.now() - started;
		expect(answers.every((answer) => answer.status === 200)).toBe(true);
		for (const { data } of answers) {
			expect(data.notebooks.map((entry: { name: string }) => entry.name)).toEqual(['big.yaml', 'broken.yaml', 'growth-runway.yaml', 'social-network-mvp.yaml']);
			expect(data.notebooks[0]).toMatchObject({ title: 'Big plan', version: expect.any(String) });
			expect(data.notebooks[0].error).toBeUndefined();
			expect(data.notebooks[1]).toMatchObject({ title: 'broken.yaml', error: expect.stringContaining('YAML') });
		}
		expect(parses.count).toBe(4); // one per file, not 200 per file

		const again = performance.now();
		await Promise.all(Array.from({ length: 200 }, () => list()));
		const warm = performance.now() - again;
		expect(parses.count).toBe(4);
		console.log(`200 concurrent lists with a 5 MB notebook: ${Math.round(cold)} ms cold (parsing each file once), ${Math.round(warm)} ms from the cache`);
		// Before the cache one list took 1.2–1.6 s and 200 concurrent ones did not finish in 120 s.
		expect(cold).toBeLessThan(30_000);
		expect(warm).toBeLessThan(10_000);
	});

	test('a file changed on disk is seen by the next list; a save through the store needs no parse', async () => {
		await writeFile(join(dir, 'growth-runway.yaml'), (await readFile(join(dir, 'growth-runway.yaml'), 'utf8')).replace(/^title: .*$/m, 'title: Renamed outside'));
		const before = parses.count;
		const { data } = await list();
		expect(data.notebooks.find((entry: { name: string }) => entry.name === 'growth-runway.yaml')).toMatchObject({ title: 'Renamed outside' });
		expect(parses.count).toBe(before + 1);

		const store = new NotebookStore({ dir });
		const opened = await store.read('social-network-mvp.yaml');
		if (opened.kind !== 'ok') throw new Error(opened.message);
		const saved = await store.save('social-network-mvp.yaml', opened.value.text.replace(/^title: .*$/m, 'title: Saved here'), opened.value.version);
		expect(saved.kind).toBe('ok');
		const afterSave = parses.count;
		const listed = await store.list();
		if (listed.kind !== 'ok') throw new Error(listed.message);
		expect(listed.value.find((entry) => entry.name === 'social-network-mvp.yaml')).toMatchObject({ title: 'Saved here' });
		// The fresh store parses the three files it has not seen; the saved one it already checked.
		expect(parses.count - afterSave).toBe(3);
	});
});
