// Issue 14, the notebook list and saving as people use them: a save of a notebook the CLI would
// refuse keeps the text and says so (in the answer and in the list); Duplicate gives a new title;
// New notebook can start from a small starter; names with characters a file cannot have become
// safe file names; an empty name says why.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as collection from '../../src/routes/api/notebooks/+server';
import * as item from '../../src/routes/api/notebooks/[name]/+server';
import { safeNotebookName } from '$lib/server/notebookName';
import { NotebookStore } from '$lib/server/notebookStore';
import { STARTER_NOTEBOOK, STARTER_TEMPLATE } from '$lib/server/starterNotebook';
import { parseNotebook } from '$lib/engine/notebook/readNotebook';
import { prepareRun } from '$lib/engine/simulate';

const VALID = `format: 1
title: Social network MVP
horizon: 12
trials: 100
cells:
  - name: burn
    sample: uniform(1, 2)
  - name: cash
    init: 100
    formula: cash - burn
`;

let dir: string;
const previousDir = process.env.SCALECAST_NOTEBOOKS_DIR;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'scalecast-list-'));
	await writeFile(join(dir, 'a.yaml'), VALID);
	process.env.SCALECAST_NOTEBOOKS_DIR = dir;
});

afterEach(async () => {
	if (previousDir === undefined) delete process.env.SCALECAST_NOTEBOOKS_DIR;
	else process.env.SCALECAST_NOTEBOOKS_DIR = previousDir;
	await rm(dir, { recursive: true, force: true });
});

type Handler = (event: never) => Response | Promise<Response>;

async function call(handler: Handler, params: Record<string, string>, body?: unknown): Promise<{ status: number; data: any }> {
	const request = new Request('http://localhost/api/notebooks', {
		method: body === undefined ? 'GET' : 'POST',
		body: body === undefined ? undefined : JSON.stringify(body),
		headers: { 'content-type': 'application/json' }
	});
	const response = await handler({ params, request } as never);
	return { status: response.status, data: await response.json() };
}

async function list(): Promise<{ name: string; title: string; error?: string }[]> {
	return (await call(collection.GET, {})).data.notebooks;
}

describe('saving a notebook the CLI would refuse', () => {
	test.each([
		['a broken formula', VALID.replace('cash - burn', 'cash - (burn'), /syntax error/],
		['an unknown name', VALID.replace('cash - burn', 'cash - brun'), /brun.*did you mean 'burn'/],
		['a loop', VALID.replace('init: 100\n    formula: cash - burn', 'formula: burn + loop\n  - name: loop\n    formula: cash * 2'), /loop|cycle|depend/i],
		['an unknown key', VALID.replace('formula: cash - burn', 'formla: cash - burn'), /formla/]
	])('%s: saved (200), valid: false with the errors, and the list says the file has errors', async (_what, text, message) => {
		const { data: opened } = await call(item.GET, { name: 'a.yaml' });
		const saved = await call(item.PUT, { name: 'a.yaml' }, { text, baseVersion: opened.version });
		expect(saved.status).toBe(200);
		expect(saved.data).toMatchObject({ valid: false, errorCount: expect.any(Number), version: expect.any(String) });
		expect(saved.data.errors.length).toBeGreaterThan(0);
		expect(saved.data.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(message);
		expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe(text);
		const entry = (await list()).find((n) => n.name === 'a.yaml');
		expect(entry).toMatchObject({ title: 'Social network MVP', error: expect.any(String) });
		// fixing it clears both
		const fixed = await call(item.PUT, { name: 'a.yaml' }, { text: VALID, baseVersion: saved.data.version });
		expect(fixed.data).toMatchObject({ valid: true, errors: [], errorCount: 0 });
		expect((await list()).find((n) => n.name === 'a.yaml')?.error).toBeUndefined();
	});

	test('an unreadable file is listed with its error even when it was not saved from the page', async () => {
		await writeFile(join(dir, 'b.yaml'), VALID.replace('cash - burn', 'cash - nope'));
		expect((await list()).find((n) => n.name === 'b.yaml')?.error).toMatch(/nope/);
	});
});

describe('Duplicate', () => {
	test('gives the copy a title of its own: "(copy)", then "(copy 2)"', async () => {
		const first = await call(collection.POST, {}, { name: 'a-copy.yaml', from: 'a.yaml' });
		expect(first).toMatchObject({ status: 201, data: { name: 'a-copy.yaml', text: VALID.replace('title: Social network MVP', 'title: Social network MVP (copy)') } });
		const second = await call(collection.POST, {}, { name: 'a-copy-2.yaml', from: 'a.yaml' });
		expect(second.data.text).toContain('title: Social network MVP (copy 2)\n');
		const titles = (await list()).map((n) => n.title);
		expect(new Set(titles).size).toBe(titles.length);
	});
});

describe('New notebook', () => {
	test('the starter is small, valid, runs as the CLI would, and takes the typed title', async () => {
		const parsed = parseNotebook(STARTER_NOTEBOOK, 'starter.yaml');
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.value.cells.length).toBeLessThanOrEqual(12);
		expect(prepareRun(parsed.value, { compare: 'all' }).ok).toBe(true);
		const created = await call(collection.POST, {}, { name: 'Plan für 2027', template: STARTER_TEMPLATE });
		expect(created).toMatchObject({ status: 201, data: { name: 'plan fur 2027.yaml', text: expect.stringContaining('title: Plan für 2027\n') } });
		expect(created.data.text.replace('title: Plan für 2027', 'title: Starter')).toBe(STARTER_NOTEBOOK);
	});

	test('an example notebook as template; without one the default template, as before', async () => {
		const example = await call(collection.POST, {}, { name: 'mine.yaml', template: 'a.yaml' });
		expect(example.data.text).toBe(VALID.replace('title: Social network MVP', 'title: mine'));
		const store = new NotebookStore({ dir });
		const starter = await store.create('s.yaml', STARTER_TEMPLATE);
		expect(starter).toMatchObject({ kind: 'ok', value: { text: STARTER_NOTEBOOK.replace('title: Starter', 'title: s') } });
	});

	test('"Übersicht €" becomes ubersicht.yaml, titled as typed; an empty name says why', async () => {
		const created = await call(collection.POST, {}, { name: 'Übersicht €.yaml', template: STARTER_TEMPLATE });
		expect(created).toMatchObject({ status: 201, data: { name: 'ubersicht.yaml', text: expect.stringContaining('title: Übersicht €\n') } });
		const empty = await call(collection.POST, {}, { name: '   ' });
		expect(empty).toMatchObject({ status: 400, data: { kind: 'invalid-name', error: expect.stringMatching(/type a name/) } });
		const nothingLeft = await call(collection.POST, {}, { name: '€€€' });
		expect(nothingLeft).toMatchObject({ status: 400, data: { kind: 'invalid-name', error: expect.stringMatching(/letters/) } });
	});

	test('rename makes a safe file name too; paths stay refused', async () => {
		const request = new Request('http://localhost/api/notebooks/a.yaml', { method: 'PATCH', body: JSON.stringify({ rename: 'Café Straße' }), headers: { 'content-type': 'application/json' } });
		const response = await item.PATCH({ params: { name: 'a.yaml' }, request } as never);
		expect(response.status).toBe(200);
		expect((await response.json()).name).toBe('cafe strasse.yaml');
		expect(await call(collection.POST, {}, { name: '../x.yaml' })).toMatchObject({ status: 400, data: { kind: 'invalid-name' } });
	});
});

describe('safeNotebookName', () => {
	test.each([
		['My plan', 'My plan.yaml'],
		['My plan.yaml', 'My plan.yaml'],
		['plan.yml', 'plan.yaml'],
		['Übersicht €', 'ubersicht.yaml'],
		['Ærø — Q3 plan', 'aero q3 plan.yaml'],
		['  Łódź: runway?  ', 'lodz runway.yaml'],
		['€ Plan', 'plan.yaml']
	])('%s → %s', (input, name) => {
		expect(safeNotebookName(input)).toEqual({ ok: true, name });
	});

	test.each(['', '   ', '.yaml', '€', '日本', '../x', 'a/b', '.hidden'])('%j is refused with a reason', (input) => {
		const result = safeNotebookName(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
	});
});
