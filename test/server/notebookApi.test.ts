// The JSON endpoints under /api/notebooks, called as handlers with a temporary notebook directory.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as collection from '../../src/routes/api/notebooks/+server';
import * as item from '../../src/routes/api/notebooks/[name]/+server';
import * as restore from '../../src/routes/api/notebooks/[name]/restore/+server';

const VALID = `format: 1
title: Plan A
horizon: 12
trials: 100
cells:
  - name: burn
    sample: uniform(1, 2)
`;

let dir: string;
const previousDir = process.env.SCALECAST_NOTEBOOKS_DIR;

beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'scalecast-api-'));
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
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		headers: { 'content-type': 'application/json' }
	});
	const response = await handler({ params, request } as never);
	return { status: response.status, data: await response.json() };
}

describe('/api/notebooks', () => {
	test('GET lists the notebooks and the trash', async () => {
		const { status, data } = await call(collection.GET, {});
		expect(status).toBe(200);
		expect(data).toMatchObject({ notebooks: [{ name: 'a.yaml', title: 'Plan A', version: expect.any(String) }], trash: [] });
	});

	test('POST {name} creates, POST {name, from} duplicates, 409 on an existing name, 400 on a bad name or body', async () => {
		expect(await call(collection.POST, {}, { name: 'new.yaml' })).toMatchObject({ status: 201, data: { name: 'new.yaml', text: expect.stringContaining('title: new') } });
		expect(await call(collection.POST, {}, { name: 'copy.yaml', from: 'a.yaml' })).toMatchObject({ status: 201, data: { text: VALID.replace('title: Plan A', 'title: Plan A (copy)') } });
		expect(await call(collection.POST, {}, { name: 'a.yaml' })).toMatchObject({ status: 409, data: { kind: 'exists', error: expect.any(String) } });
		expect(await call(collection.POST, {}, { name: '../x.yaml' })).toMatchObject({ status: 400, data: { kind: 'invalid-name' } });
		expect(await call(collection.POST, {}, { nom: 'x.yaml' })).toMatchObject({ status: 400, data: { kind: 'bad-request' } });
		expect(await call(collection.POST, {}, 'not json')).toMatchObject({ status: 400, data: { kind: 'bad-request' } });
	});
});

describe('/api/notebooks/[name]', () => {
	test('GET returns text and version; 404 for a missing notebook', async () => {
		expect(await call(item.GET, { name: 'a.yaml' })).toMatchObject({ status: 200, data: { name: 'a.yaml', text: VALID, version: expect.any(String) } });
		expect(await call(item.GET, { name: 'nope.yaml' })).toMatchObject({ status: 404, data: { kind: 'not-found' } });
	});

	test('PUT saves: 200 {version}, 409 {conflict: {text, version}} on a stale base, 200 {valid: false, errors} when invalid (saved all the same)', async () => {
		const { data: opened } = await call(item.GET, { name: 'a.yaml' });
		const mine = VALID.replace('Plan A', 'Plan B');
		const saved = await call(item.PUT, { name: 'a.yaml' }, { text: mine, baseVersion: opened.version });
		expect(saved).toMatchObject({ status: 200, data: { version: expect.any(String) } });
		const stale = await call(item.PUT, { name: 'a.yaml' }, { text: VALID, baseVersion: opened.version });
		expect(stale).toMatchObject({ status: 409, data: { kind: 'conflict', conflict: { text: mine, version: saved.data.version } } });
		expect(saved.data).toMatchObject({ valid: true, errors: [] });
		const broken = VALID.replace('horizon: 12', 'horizon: 0');
		const invalid = await call(item.PUT, { name: 'a.yaml' }, { text: broken, baseVersion: saved.data.version });
		expect(invalid).toMatchObject({ status: 200, data: { valid: false, errors: [expect.objectContaining({ file: 'a.yaml', line: 3 })] } });
		expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe(broken);
		expect(await call(item.PUT, { name: 'a.yaml' }, { text: VALID })).toMatchObject({ status: 400, data: { kind: 'bad-request', error: expect.stringContaining('baseVersion') } });
	});

	test('PATCH {rename} renames; 409 onto an existing notebook', async () => {
		expect(await call(item.PATCH, { name: 'a.yaml' }, { rename: 'b.yaml' })).toMatchObject({ status: 200, data: { name: 'b.yaml', text: VALID } });
		await writeFile(join(dir, 'c.yaml'), VALID);
		expect(await call(item.PATCH, { name: 'b.yaml' }, { rename: 'c.yaml' })).toMatchObject({ status: 409, data: { kind: 'exists' } });
		expect((await readdir(dir)).sort()).toEqual(['b.yaml', 'c.yaml']);
	});

	test('DELETE moves to the trash and POST …/restore brings it back', async () => {
		expect(await call(item.DELETE, { name: 'a.yaml' })).toMatchObject({ status: 200, data: { name: 'a.yaml', trashed: expect.any(String) } });
		expect(await call(collection.GET, {})).toMatchObject({ data: { notebooks: [], trash: [{ name: 'a.yaml' }] } });
		expect(await call(restore.POST, { name: 'a.yaml' })).toMatchObject({ status: 200, data: { name: 'a.yaml', text: VALID } });
		expect(await call(restore.POST, { name: 'a.yaml' })).toMatchObject({ status: 409, data: { kind: 'exists' } });
	});

	test('a name that tries to leave the directory is a 400, not a 500', async () => {
		for (const name of ['../a.yaml', '..%2Fa.yaml', '.trash', '/etc/passwd']) {
			expect(await call(item.GET, { name })).toMatchObject({ status: 400, data: { kind: 'invalid-name' } });
		}
	});
});
