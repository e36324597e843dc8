// The request body limit of the notebook API, one number for dev (`vite dev`) and production
// (`node build`): `BODY_SIZE_LIMIT`, adapter-node's own variable and syntax (`2M`, `512K`, bytes,
// `Infinity`), 2 MB when unset. The production entry sets the same default for adapter-node
// (see productionDefaults.js), so both refuse the same bodies with the same 413.

export const DEFAULT_BODY_LIMIT = '2M';

/** `512K`, `2M`, `1G`, `1048576`, `Infinity` → bytes (adapter-node's parse_as_bytes); NaN when unreadable. */
export function parseBytes(value: string): number {
	const text = value.trim();
	if (text === 'Infinity') return Infinity;
	const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(text);
	if (!m) return NaN;
	const multiplier = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
	return Math.floor(Number(m[1]) * multiplier);
}

/** The body limit in bytes, from `BODY_SIZE_LIMIT` (2 MB when unset or unreadable). */
export function bodyLimit(env: Record<string, string | undefined> = process.env): number {
	const raw = env.BODY_SIZE_LIMIT;
	const parsed = raw === undefined || raw === '' ? NaN : parseBytes(raw);
	return Number.isNaN(parsed) || parsed <= 0 ? parseBytes(DEFAULT_BODY_LIMIT) : parsed;
}

/** 2097152 → "2 MB", 524288 → "512 KB", 1500 → "1,500 bytes". */
export function inWords(bytes: number): string {
	if (!Number.isFinite(bytes)) return 'no limit';
	const units: [number, string][] = [
		[1024 ** 3, 'GB'],
		[1024 ** 2, 'MB'],
		[1024, 'KB']
	];
	for (const [size, unit] of units) {
		if (bytes >= size) {
			const value = bytes / size;
			return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
		}
	}
	return `${bytes.toLocaleString('en')} bytes`;
}

export function tooLargeMessage(limit: number, size?: number): string {
	const got = size === undefined ? '' : ` (this one is ${inWords(size)})`;
	return `the request body is larger than the limit of ${inWords(limit)}${got}; a notebook must be smaller than that to be saved here (the limit is set by BODY_SIZE_LIMIT)`;
}

/** The 413 answer of the API. */
export function tooLarge(limit: number, size?: number): Response {
	return new Response(JSON.stringify({ kind: 'too-large', error: tooLargeMessage(limit, size), limit }), {
		status: 413,
		headers: { 'content-type': 'application/json' }
	});
}

export class BodyTooLarge extends Error {
	constructor(readonly limit: number) {
		super(tooLargeMessage(limit));
	}
}

/**
 * The request body as text, read at most `limit` bytes: more throws `BodyTooLarge` (whatever
 * Content-Length said, so a chunked or lying request is cut off too). adapter-node's own 413
 * (its BODY_SIZE_LIMIT while streaming) becomes the same `BodyTooLarge`.
 */
export async function readTextBounded(request: Request, limit: number = bodyLimit()): Promise<string> {
	const declared = Number(request.headers.get('content-length'));
	if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge(limit);
	if (request.body === null) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				await reader.cancel().catch(() => {});
				throw new BodyTooLarge(limit);
			}
			chunks.push(value);
		}
	} catch (error) {
		if (error instanceof BodyTooLarge) throw error;
		if ((error as { status?: number } | null)?.status === 413) throw new BodyTooLarge(limit);
		throw error;
	}
	return Buffer.concat(chunks, size).toString('utf8');
}
