// What every request meets before a page or the notebook API sees it (src/hooks.server.ts), the
// same in dev (`vite dev`) and production (`node build`):
//  1. Host: only localhost, 127.0.0.1, [::1] or a name listed in SCALECAST_ALLOWED_HOSTS, so a
//     web page cannot reach the server under its own name (DNS rebinding) → 421.
//  2. Token: when SCALECAST_TOKEN is set, when the production server listens on a network
//     address, or when the request comes from another machine, the request must carry the token
//     (`Authorization: Bearer …`, `X-Scalecast-Token: …`, or the cookie that visiting
//     `/?token=…` sets) → 401; without a token configured, such requests are refused → 403.
//  3. Writes (any method but GET/HEAD/OPTIONS): only from the app's own pages (Sec-Fetch-Site
//     same-origin, or an Origin equal to the server's) → 403; only JSON → 415; no body larger
//     than the limit (BODY_SIZE_LIMIT, 2 MB) → 413.
// SvelteKit's own origin check covers form posts in production only; this covers dev and every
// content type.

import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopback } from './productionDefaults.js';
import { bodyLimit, tooLarge } from './limits';

export { isLoopback };

export const TOKEN_COOKIE = 'scalecast_token';
export const TOKEN_HEADER = 'x-scalecast-token';
const TOKEN_COOKIE_MAX_AGE = 60 * 60 * 24 * 30;

export type GuardEnv = Record<string, string | undefined>;

export type GuardInput = {
	request: Request;
	url: URL;
	/** The peer's address, when known. */
	clientAddress: string | null;
	/** `vite dev`: HOST is not the server's address there, so it does not count. */
	dev: boolean;
	env?: GuardEnv;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The response that refuses (or redirects) the request, or null to let it through. */
export function guardRequest(input: GuardInput): Response | null {
	const env = input.env ?? process.env;
	return checkHost(input, env) ?? checkToken(input, env) ?? checkWrite(input, env);
}

/** `example.com:5173` → `example.com`; `[::1]:3000` → `[::1]`. */
export function hostName(host: string): string {
	const h = host.trim().toLowerCase();
	if (h.startsWith('[')) {
		const end = h.indexOf(']');
		return end === -1 ? h : h.slice(0, end + 1);
	}
	const colon = h.lastIndexOf(':');
	return colon === -1 ? h : h.slice(0, colon);
}

/** Names (`host`, or `host:port` for one port only) from SCALECAST_ALLOWED_HOSTS, split on commas or spaces. */
export function allowedHosts(env: GuardEnv): string[] {
	return (env.SCALECAST_ALLOWED_HOSTS ?? '')
		.split(/[\s,]+/)
		.map((entry) => entry.trim().toLowerCase())
		.filter((entry) => entry !== '');
}

export function hostAllowed(host: string, env: GuardEnv): boolean {
	const h = host.trim().toLowerCase();
	const name = hostName(h);
	if (isLoopback(name)) return true;
	return allowedHosts(env).some((entry) => entry === h || entry === name);
}

function checkHost({ request, url }: GuardInput, env: GuardEnv): Response | null {
	const host = request.headers.get('host') ?? url.host;
	if (hostAllowed(host, env)) return null;
	return refusal(
		url,
		421,
		'misdirected',
		`This Scalecast server does not answer to the host name ${JSON.stringify(hostName(host))}. ` +
			'It answers to localhost; to serve it under another name (e.g. behind a reverse proxy), list that name in SCALECAST_ALLOWED_HOSTS.'
	);
}

/** Whether this request must carry the token, and why not allowed at all when none is configured. */
function tokenRequired({ clientAddress, dev }: GuardInput, env: GuardEnv): boolean {
	if (env.SCALECAST_TOKEN) return true;
	if (!dev && env.HOST && !isLoopback(env.HOST)) return true;
	return clientAddress !== null && clientAddress !== '' && !isLoopback(clientAddress);
}

function sameSecret(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** The token the request carries: header, bearer, or cookie; null when none. */
export function presentedToken(request: Request): string | null {
	const header = request.headers.get(TOKEN_HEADER);
	if (header) return header.trim();
	const auth = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
	if (auth) return auth[1].trim();
	for (const part of (request.headers.get('cookie') ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq !== -1 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}

function checkToken(input: GuardInput, env: GuardEnv): Response | null {
	if (!tokenRequired(input, env)) return null;
	const { request, url } = input;
	const expected = env.SCALECAST_TOKEN;
	if (!expected) {
		return refusal(
			url,
			403,
			'forbidden',
			'This Scalecast server serves this machine only. To share it on a network, start it with SCALECAST_TOKEN set (see "Running it for a team" in the README).'
		);
	}
	const fromQuery = url.searchParams.get('token');
	if (fromQuery !== null && (request.method === 'GET' || request.method === 'HEAD')) {
		if (!sameSecret(fromQuery, expected)) return refusal(url, 401, 'unauthorized', 'The token in the address is not this server’s token.');
		// Keep the token in a cookie and take it out of the address bar (and history, and referrers).
		const clean = new URL(url);
		clean.searchParams.delete('token');
		const secure = servedOverHttps(input, env) ? '; Secure' : '';
		return new Response(null, {
			status: 303,
			headers: {
				location: `${clean.pathname}${clean.search}${clean.hash}`,
				'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(expected)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${TOKEN_COOKIE_MAX_AGE}${secure}`,
				'cache-control': 'no-store',
				'referrer-policy': 'no-referrer'
			}
		});
	}
	const given = presentedToken(request);
	if (given !== null && sameSecret(given, expected)) return null;
	return refusal(
		url,
		401,
		'unauthorized',
		'This Scalecast server needs its token: open the link with ?token=… that whoever runs it gave you, or send the header "Authorization: Bearer <token>".',
		{ 'www-authenticate': 'Bearer realm="scalecast"' }
	);
}

/**
 * Whether the browser reached us over https. adapter-node calls every request https unless ORIGIN
 * or PROTOCOL_HEADER tell it otherwise, so there only those are believed.
 */
function servedOverHttps({ url, dev }: GuardInput, env: GuardEnv): boolean {
	if (dev) return url.protocol === 'https:';
	if (env.ORIGIN) return env.ORIGIN.startsWith('https:');
	return Boolean(env.PROTOCOL_HEADER) && url.protocol === 'https:';
}

/**
 * Whether `origin` (an Origin header) is this server: the origin SvelteKit computed, or the same
 * host as the Host header (the scheme may differ: adapter-node assumes https unless told, and a
 * proxy may end TLS). Either way the page that sent it was served by this server.
 */
function ownOrigin(origin: string, request: Request, url: URL): boolean {
	if (origin === url.origin) return true;
	let parsed: URL;
	try {
		parsed = new URL(origin);
	} catch {
		return false;
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
	const host = (request.headers.get('host') ?? url.host).trim().toLowerCase();
	return parsed.host === host || parsed.host === url.host;
}

function checkWrite({ request, url }: GuardInput, env: GuardEnv): Response | null {
	if (SAFE_METHODS.has(request.method)) return null;
	const site = request.headers.get('sec-fetch-site');
	const origin = request.headers.get('origin');
	// Browsers send Sec-Fetch-Site (on localhost and https) and Origin with every write; a request
	// with neither does not come from a web page (curl, a script) and cannot be a cross-site one.
	if (site !== null ? site !== 'same-origin' : origin !== null && !ownOrigin(origin, request, url)) {
		const from = origin !== null && origin !== 'null' ? ` from ${origin}` : '';
		return refusal(url, 403, 'cross-site', `Cross-site request${from} refused: notebooks can only be changed from this server’s own pages.`);
	}
	const type = request.headers.get('content-type');
	const mime = type?.split(';')[0].trim().toLowerCase() ?? null;
	const length = request.headers.get('content-length');
	const hasBody = (length !== null && length.trim() !== '0') || request.headers.has('transfer-encoding');
	if ((mime !== null && mime !== 'application/json') || (mime === null && hasBody)) {
		return refusal(url, 415, 'unsupported-media-type', 'The request body must be JSON, sent as Content-Type: application/json.');
	}
	const limit = bodyLimit(env);
	const declared = length === null ? NaN : Number(length);
	if (Number.isFinite(declared) && declared > limit) return tooLarge(limit, declared);
	return null;
}

/** A refusal: JSON `{ kind, error }` for the API, plain text for pages. */
function refusal(url: URL, status: number, kind: string, message: string, headers: Record<string, string> = {}): Response {
	const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
	return new Response(api ? JSON.stringify({ kind, error: message }) : `${message}\n`, {
		status,
		headers: { 'content-type': api ? 'application/json' : 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }
	});
}

/** Headers added to every response. */
export const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY'
};
