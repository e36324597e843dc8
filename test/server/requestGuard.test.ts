// The guard every request meets (src/hooks.server.ts → src/lib/server/requestGuard.ts), called
// in-process the way `vite dev` calls it (dev: true, where SvelteKit's own origin check is off),
// in front of the real API handlers and a temporary notebook directory.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { handle } from '../../src/hooks.server';
import { guardRequest, hostAllowed } from '../../src/lib/server/requestGuard';
import { bodyLimit, inWords, parseBytes, readTextBounded, BodyTooLarge } from '../../src/lib/server/limits';
import { applyProductionDefaults, isLoopback } from '../../src/lib/server/productionDefaults.js';
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

const ORIGIN = 'http://localhost:5173';
const ENV_KEYS = ['SCALECAST_NOTEBOOKS_DIR', 'SCALECAST_TOKEN', 'SCALECAST_ALLOWED_HOSTS', 'HOST', 'BODY_SIZE_LIMIT'] as const;
let saved: Record<string, string | undefined>;
let dir: string;

beforeEach(async () => {
	saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
	for (const key of ENV_KEYS) delete process.env[key];
	dir = await mkdtemp(join(tmpdir(), 'scalecast-guard-'));
	await writeFile(join(dir, 'a.yaml'), VALID);
	process.env.SCALECAST_NOTEBOOKS_DIR = dir;
});

afterEach(async () => {
	for (const key of ENV_KEYS) {
		if (saved[key] === undefined) delete process.env[key];
		else process.env[key] = saved[key];
	}
	await rm(dir, { recursive: true, force: true });
});

type Route = (event: never) => Response | Promise<Response>;

/** A request through the hook to `route` (as SvelteKit would: the hook decides, then the handler runs). */
async function send(
	route: Route,
	path: string,
	init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null; params?: Record<string, string>; clientAddress?: string } = {}
): Promise<Response> {
	const url = new URL(path, ORIGIN);
	const headers = { host: url.host, ...init.headers };
	const request = new Request(url, { method: init.method ?? 'GET', headers, body: init.body ?? null, duplex: 'half' } as RequestInit);
	const event = { request, url, params: init.params ?? {}, getClientAddress: () => init.clientAddress ?? '127.0.0.1' };
	return handle({ event: event as never, resolve: (async (e: never) => route(e)) as never });
}

const notebooks = async () => (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();

describe('writes only from the app’s own pages, only JSON (dev handling)', () => {
	test('a cross-site form-encoded POST (a no-cors fetch or a form) is refused with 403 and creates nothing', async () => {
		for (const headers of <Record<string, string>[]>[
			{ origin: 'https://evil.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
			{ origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			{ origin: 'null', 'content-type': 'text/plain' },
			{ 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }
		]) {
			const response = await send(collection.POST, '/api/notebooks', { method: 'POST', headers, body: JSON.stringify({ name: 'pwned.yaml' }) });
			expect(response.status).toBe(403);
			expect(await response.json()).toMatchObject({ kind: 'cross-site', error: expect.stringContaining('refused') });
		}
		expect(await notebooks()).toEqual(['a.yaml']);
	});

	test('cross-site PUT, DELETE and restore are refused and change nothing', async () => {
		const cross = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
		const put = await send(item.PUT, '/api/notebooks/a.yaml', {
			method: 'PUT',
			params: { name: 'a.yaml' },
			headers: { ...cross, 'content-type': 'application/json' },
			body: JSON.stringify({ text: VALID.replace('Plan A', 'Pwned'), baseVersion: 'x' })
		});
		expect(put.status).toBe(403);
		expect((await send(item.DELETE, '/api/notebooks/a.yaml', { method: 'DELETE', params: { name: 'a.yaml' }, headers: cross })).status).toBe(403);
		expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe(VALID);
		// Delete for real (same origin), then a cross-site restore with no body and no content type.
		expect((await send(item.DELETE, '/api/notebooks/a.yaml', { method: 'DELETE', params: { name: 'a.yaml' }, headers: { origin: ORIGIN } })).status).toBe(200);
		expect((await send(restore.POST, '/api/notebooks/a.yaml/restore', { method: 'POST', params: { name: 'a.yaml' }, headers: { origin: 'https://evil.example' } })).status).toBe(403);
		expect(await notebooks()).toEqual([]);
		expect((await send(restore.POST, '/api/notebooks/a.yaml/restore', { method: 'POST', params: { name: 'a.yaml' }, headers: { 'sec-fetch-site': 'same-origin', origin: ORIGIN } })).status).toBe(200);
		expect(await notebooks()).toEqual(['a.yaml']);
	});

	test('a same-origin JSON POST goes through; a same-origin non-JSON body is 415', async () => {
		const ok = await send(collection.POST, '/api/notebooks', {
			method: 'POST',
			headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'b.yaml' })
		});
		expect(ok.status).toBe(201);
		const plain = await send(collection.POST, '/api/notebooks', { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'c.yaml' }) });
		expect(plain.status).toBe(415);
		const untyped = await send(collection.POST, '/api/notebooks', { method: 'POST', headers: { origin: ORIGIN, 'content-length': '17' }, body: JSON.stringify({ name: 'c.yaml' }) });
		expect(untyped.status).toBe(415);
		expect(await notebooks()).toEqual(['a.yaml', 'b.yaml']);
	});

	test('the same host under another scheme (adapter-node assumes https; a proxy may end TLS) is the same server', () => {
		const url = new URL('https://127.0.0.1:3000/api/notebooks');
		const request = new Request(url, { method: 'DELETE', headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' } });
		expect(guardRequest({ request, url, clientAddress: '127.0.0.1', dev: false, env: {} })).toBeNull();
		const other = new Request(url, { method: 'DELETE', headers: { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' } });
		expect(guardRequest({ request: other, url, clientAddress: '127.0.0.1', dev: false, env: {} })?.status).toBe(403);
	});

	test('reads are not affected, and every response carries the security headers', async () => {
		const response = await send(collection.GET, '/api/notebooks', { headers: { 'sec-fetch-site': 'cross-site' } });
		expect(response.status).toBe(200);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
	});
});

describe('Host header (DNS rebinding)', () => {
	test('a foreign Host is refused with 421, for reads and writes; the file is untouched', async () => {
		const read = await send(item.GET, '/api/notebooks/a.yaml', { params: { name: 'a.yaml' }, headers: { host: 'rebind.evil.example:5173' } });
		expect(read.status).toBe(421);
		expect(await read.json()).toMatchObject({ kind: 'misdirected', error: expect.stringContaining('SCALECAST_ALLOWED_HOSTS') });
		const { version } = await (await send(item.GET, '/api/notebooks/a.yaml', { params: { name: 'a.yaml' } })).json();
		const put = await send(item.PUT, '/api/notebooks/a.yaml', {
			method: 'PUT',
			params: { name: 'a.yaml' },
			headers: { host: 'rebind.evil.example:5173', origin: 'http://rebind.evil.example:5173', 'content-type': 'application/json' },
			body: JSON.stringify({ text: VALID.replace('Plan A', 'Pwned'), baseVersion: version })
		});
		expect(put.status).toBe(421);
		expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe(VALID);
		const page = await send(() => new Response('page'), '/', { headers: { host: 'evil.example' } });
		expect(page.status).toBe(421);
		expect(page.headers.get('content-type')).toMatch(/text\/plain/);
	});

	test('localhost, 127.0.0.1 and [::1] on any port pass; other names only when listed in SCALECAST_ALLOWED_HOSTS', () => {
		for (const host of ['localhost', 'localhost:5173', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST']) expect(hostAllowed(host, {})).toBe(true);
		for (const host of ['evil.example', '127.0.0.1.nip.io', '0.0.0.0:3000', '192.168.1.10:3000', '[::2]']) expect(hostAllowed(host, {})).toBe(false);
		const env = { SCALECAST_ALLOWED_HOSTS: 'scalecast.example.com, team-box:3000' };
		expect(hostAllowed('scalecast.example.com', env)).toBe(true);
		expect(hostAllowed('scalecast.example.com:443', env)).toBe(true);
		expect(hostAllowed('team-box:3000', env)).toBe(true);
		expect(hostAllowed('team-box:3001', env)).toBe(false);
		expect(hostAllowed('evil.example', env)).toBe(false);
	});
});

describe('token when on a network', () => {
	const networkEnv = { HOST: '0.0.0.0', SCALECAST_TOKEN: 'correct horse battery staple' };
	const at = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
		const url = new URL(path, 'http://localhost:3000');
		return { request: new Request(url, { method, headers: { host: url.host, ...headers } }), url };
	};

	test('production bound to a network address: no token 401, a wrong token 401, the right one passes (header, bearer, cookie)', () => {
		const check = (headers: Record<string, string>) => guardRequest({ ...at('/api/notebooks', headers), clientAddress: '10.0.0.7', dev: false, env: networkEnv });
		expect(check({})?.status).toBe(401);
		expect(check({ authorization: 'Bearer wrong' })?.status).toBe(401);
		expect(check({ authorization: 'Bearer correct horse battery staple' })).toBeNull();
		expect(check({ 'x-scalecast-token': 'correct horse battery staple' })).toBeNull();
		expect(check({ cookie: 'a=b; scalecast_token=correct%20horse%20battery%20staple' })).toBeNull();
	});

	test('visiting /?token=… sets an HttpOnly cookie and takes the token out of the address', async () => {
		const response = guardRequest({ ...at('/notebooks/a.yaml?token=correct%20horse%20battery%20staple&x=1'), clientAddress: '10.0.0.7', dev: false, env: networkEnv });
		expect(response?.status).toBe(303);
		expect(response?.headers.get('location')).toBe('/notebooks/a.yaml?x=1');
		expect(response?.headers.get('set-cookie')).toMatch(/^scalecast_token=correct%20horse%20battery%20staple; Path=\/; HttpOnly; SameSite=Lax/);
		expect(response?.headers.get('set-cookie')).not.toMatch(/Secure/);
		expect(guardRequest({ ...at('/?token=nope'), clientAddress: '10.0.0.7', dev: false, env: networkEnv })?.status).toBe(401);
	});

	test('a request from another machine needs the token even on a loopback HOST, and is refused when none is configured', async () => {
		expect(guardRequest({ ...at('/'), clientAddress: '192.168.1.20', dev: true, env: {} })?.status).toBe(403);
		expect(guardRequest({ ...at('/'), clientAddress: '192.168.1.20', dev: false, env: { HOST: '127.0.0.1', SCALECAST_TOKEN: 't' } })?.status).toBe(401);
		expect(guardRequest({ ...at('/'), clientAddress: '::ffff:127.0.0.1', dev: false, env: { HOST: '127.0.0.1' } })).toBeNull();
		expect(guardRequest({ ...at('/'), clientAddress: '::1', dev: true, env: {} })).toBeNull();
		// Through the hook as well, with the real handler behind it.
		const response = await send(collection.GET, '/api/notebooks', { clientAddress: '192.168.1.20' });
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ kind: 'forbidden', error: expect.stringContaining('SCALECAST_TOKEN') });
	});

	test('the production defaults: 127.0.0.1 and 2M unless set; a network HOST without a token does not start', () => {
		const env: Record<string, string | undefined> = {};
		expect(applyProductionDefaults(env)).toBeNull();
		expect(env).toEqual({ HOST: '127.0.0.1', BODY_SIZE_LIMIT: '2M' });
		expect(applyProductionDefaults({ HOST: '0.0.0.0' })).toMatch(/SCALECAST_TOKEN/);
		expect(applyProductionDefaults({ HOST: '0.0.0.0', SCALECAST_TOKEN: 'x' })).toBeNull();
		expect(applyProductionDefaults({ HOST: '::1' })).toBeNull();
		expect(applyProductionDefaults({ SOCKET_PATH: '/run/scalecast.sock' })).toBeNull();
		for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host)).toBe(true);
		for (const host of ['0.0.0.0', '::', '192.168.0.2', 'example.com']) expect(isLoopback(host)).toBe(false);
	});
});

describe('body limit', () => {
	test('2 MB by default, BODY_SIZE_LIMIT as adapter-node reads it, said in words', () => {
		expect(bodyLimit({})).toBe(2 * 1024 * 1024);
		expect(bodyLimit({ BODY_SIZE_LIMIT: '512K' })).toBe(512 * 1024);
		expect(bodyLimit({ BODY_SIZE_LIMIT: 'nonsense' })).toBe(2 * 1024 * 1024);
		expect(parseBytes('Infinity')).toBe(Infinity);
		expect(inWords(2 * 1024 * 1024)).toBe('2 MB');
		expect(inWords(1536 * 1024)).toBe('1.5 MB');
	});

	test('a declared Content-Length over the limit is 413 with the limit in words, before the body is read', async () => {
		const response = await send(item.PUT, '/api/notebooks/a.yaml', {
			method: 'PUT',
			params: { name: 'a.yaml' },
			headers: { origin: ORIGIN, 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) }
		});
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({ kind: 'too-large', error: expect.stringContaining('limit of 2 MB'), limit: 2097152 });
	});

	test('a body that streams past the limit without a Content-Length (chunked) is 413 too, and nothing is written', async () => {
		process.env.BODY_SIZE_LIMIT = '64K';
		const { version } = await (await send(item.GET, '/api/notebooks/a.yaml', { params: { name: 'a.yaml' } })).json();
		const huge = JSON.stringify({ text: `${VALID}# ${'x'.repeat(200_000)}\n`, baseVersion: version });
		const chunks = new TextEncoder().encode(huge);
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				for (let at = 0; at < chunks.length; at += 16_384) controller.enqueue(chunks.slice(at, at + 16_384));
				controller.close();
			}
		});
		const response = await send(item.PUT, '/api/notebooks/a.yaml', { method: 'PUT', params: { name: 'a.yaml' }, headers: { origin: ORIGIN, 'content-type': 'application/json' }, body });
		expect(response.status).toBe(413);
		expect((await response.json()).error).toContain('limit of 64 KB');
		expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe(VALID);
	});

	test('adapter-node’s own 413 while streaming becomes the same answer', async () => {
		const failing = new ReadableStream({ pull: (controller) => controller.error(Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT'), { status: 413 })) });
		const request = new Request('http://localhost/api', { method: 'PUT', body: failing, duplex: 'half' } as RequestInit);
		await expect(readTextBounded(request, 1024)).rejects.toBeInstanceOf(BodyTooLarge);
	});

	test('a 409 echoes the file’s current text, but not when the file has grown past the limit', async () => {
		process.env.BODY_SIZE_LIMIT = '64K';
		const big = `${VALID}# ${'y'.repeat(100_000)}\n`;
		await writeFile(join(dir, 'a.yaml'), big);
		const body = JSON.stringify({ text: VALID, baseVersion: 'stale' });
		const response = await send(item.PUT, '/api/notebooks/a.yaml', { method: 'PUT', params: { name: 'a.yaml' }, headers: { origin: ORIGIN, 'content-type': 'application/json' }, body });
		expect(response.status).toBe(409);
		const text = await response.text();
		expect(text.length).toBeLessThan(1000);
		expect(JSON.parse(text)).toMatchObject({ kind: 'conflict', conflict: { version: expect.any(String), size: big.length } });
		await writeFile(join(dir, 'a.yaml'), VALID.replace('Plan A', 'Plan C'));
		const small = await send(item.PUT, '/api/notebooks/a.yaml', { method: 'PUT', params: { name: 'a.yaml' }, headers: { origin: ORIGIN, 'content-type': 'application/json' }, body });
		expect(await small.json()).toMatchObject({ kind: 'conflict', conflict: { text: VALID.replace('Plan A', 'Plan C') } });
	});
});
