// The production server itself: the test run's production build (adapter-node plus Scalecast's
// defaults, test/support/app.ts), then `node build` on 127.0.0.1 with a random port, asked
// over HTTP. Shows what only the process can: where it listens by default, the CSP header on the
// page, adapter-node's body limit raised to the same 2 MB as dev, and the token when bound to a
// network. Requests go to 127.0.0.1 only.
import { randomBytes } from 'node:crypto';
import { cpSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { productionBuild, ROOT, startServer, type RunningServer } from '../support/app';
import { tempFolder } from '../support/tempFolder';

/** The production build of this test run (test/support/app.ts: built once, shared with the browser tests). */
let BUILD: string;
const notebooks = tempFolder('scalecast-prod-');
const servers: RunningServer[] = [];

beforeAll(async () => {
	BUILD = await productionBuild();
	for (const name of readdirSync(join(ROOT, 'simulations'))) if (name.endsWith('.yaml')) cpSync(join(ROOT, 'simulations', name), join(notebooks, name));
}, 600_000);

afterAll(() => {
	for (const server of servers) server.close();
});

/** `node build` over the copied notebooks with `env` (test/support/app.ts), ended after the tests. */
async function start(env: Record<string, string>): Promise<RunningServer> {
	const server = await startServer(BUILD, { SCALECAST_NOTEBOOKS_DIR: notebooks, ...env });
	servers.push(server);
	return server;
}

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** An HTTP request to 127.0.0.1:`port` (node:http, so the Host header can be anything). */
function ask(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
		if (options.body !== undefined && !options.chunked) headers['content-length'] = String(Buffer.byteLength(options.body));
		const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', (error: NodeJS.ErrnoException) => {
			// The server may answer 413 and close before the whole body is sent.
			if (error.code === 'EPIPE' || error.code === 'ECONNRESET') resolve({ status: -1, headers: {}, body: error.code });
			else reject(error);
		});
		if (options.body !== undefined) {
			if (options.chunked) {
				const data = Buffer.from(options.body);
				for (let at = 0; at < data.length; at += 65_536) req.write(data.subarray(at, at + 65_536));
			} else req.write(options.body);
		}
		req.end();
	});
}

describe('node build, defaults', () => {
	let server: RunningServer;
	let port: number;
	beforeAll(async () => {
		server = await start({});
		port = Number(server.url.port);
	});
	afterAll(() => {
		server.process.kill('SIGTERM');
	});

	test('listens on 127.0.0.1 when HOST is not set', () => {
		expect(server.url.hostname).toBe('127.0.0.1');
	});

	test('the page carries a Content-Security-Policy: nonces, no unsafe-eval, workers from self', async () => {
		const page = await ask(port, '/');
		expect(page.status).toBe(200);
		const csp = String(page.headers['content-security-policy']);
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).toContain("worker-src 'self' blob:");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toContain('unsafe-eval');
		const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
		expect(page.body).toContain(`nonce="${nonce}"`);
		expect(page.headers['x-content-type-options']).toBe('nosniff');
	});

	test('a foreign Host is refused with 421, listed ones pass', async () => {
		expect((await ask(port, '/api/notebooks', { headers: { host: 'rebind.evil.example' } })).status).toBe(421);
		expect((await ask(port, '/', { headers: { host: `evil.example:${port}` } })).status).toBe(421);
		expect((await ask(port, '/api/notebooks', { headers: { host: `localhost:${port}` } })).status).toBe(200);
	});

	test('cross-site writes are refused with 403 and create nothing; same-origin JSON works', async () => {
		const name = `x-${randomBytes(3).toString('hex')}.yaml`;
		const body = JSON.stringify({ name });
		for (const headers of <Record<string, string>[]>[
			{ origin: 'https://evil.example', 'content-type': 'text/plain' },
			{ origin: 'https://evil.example', 'content-type': 'application/json' },
			{ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }
		]) {
			expect((await ask(port, '/api/notebooks', { method: 'POST', headers, body })).status).toBe(403);
		}
		expect(readdirSync(notebooks)).not.toContain(name);
		const ok = await ask(port, '/api/notebooks', { method: 'POST', headers: { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, body });
		expect(ok.status).toBe(201);
		expect(readdirSync(notebooks)).toContain(name);
	});

	test('bodies: 1.5 MB goes through (adapter-node alone stops at 512 KB), 3 MB is 413 with the limit in words, chunked too', async () => {
		const headers = { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' };
		const medium = await ask(port, '/api/notebooks/growth-runway.yaml', { method: 'PUT', headers, body: JSON.stringify({ text: 'x'.repeat(1_500_000), baseVersion: 'stale' }) });
		expect(medium.status).toBe(409); // read and answered: the base version is stale
		const large = JSON.stringify({ text: 'x'.repeat(3_000_000), baseVersion: 'stale' });
		const declared = await ask(port, '/api/notebooks/growth-runway.yaml', { method: 'PUT', headers, body: large });
		expect(declared.status).toBe(413);
		expect(JSON.parse(declared.body)).toMatchObject({ kind: 'too-large', error: expect.stringContaining('limit of 2 MB') });
		const chunked = await ask(port, '/api/notebooks/growth-runway.yaml', { method: 'PUT', headers, body: large, chunked: true });
		expect([413, -1]).toContain(chunked.status);
		if (chunked.status === 413) expect(chunked.body).toContain('2 MB');
	});
});

describe('node build on a network address', () => {
	test('HOST=0.0.0.0 without SCALECAST_TOKEN does not start, and says why', async () => {
		const failed = await start({ HOST: '0.0.0.0' }).then(
			() => null,
			(error: { code?: number; output?: string }) => error
		);
		expect(failed?.code).toBe(1);
		expect(failed?.output).toMatch(/SCALECAST_TOKEN/);
	});

	test('HOST=0.0.0.0 with SCALECAST_TOKEN: every request needs the token (asked on 127.0.0.1 only)', async () => {
		const token = randomBytes(16).toString('hex');
		const server = await start({ HOST: '0.0.0.0', SCALECAST_TOKEN: token });
		try {
			const port = Number(server.url.port);
			expect(server.url.hostname).toBe('0.0.0.0');
			expect((await ask(port, '/api/notebooks')).status).toBe(401);
			expect((await ask(port, '/')).status).toBe(401);
			expect((await ask(port, '/api/notebooks', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
			const visit = await ask(port, `/?token=${token}`);
			expect(visit.status).toBe(303);
			expect(visit.headers.location).toBe('/');
			const cookie = String(visit.headers['set-cookie']).split(';')[0];
			expect((await ask(port, '/', { headers: { cookie } })).status).toBe(200);
		} finally {
			server.process.kill('SIGTERM');
		}
	});
});
