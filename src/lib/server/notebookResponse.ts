// JSON responses of the notebook API. Every refusal of the store maps to a 4xx with
// `{ kind, error }` (plus the details the page needs), never to a thrown 500.

import { json } from '@sveltejs/kit';
import type * as z from 'zod/mini';
import type { StoreError, StoreResult } from './notebookStore';
import { assertNever } from '$lib/engine/assertNever';
import { ENGLISH } from '$lib/engine/notebook/zodMessages';
import { BodyTooLarge, bodyLimit, inWords, readTextBounded, tooLarge } from './limits';

const STATUS: Record<StoreError['kind'], number> = {
	'invalid-name': 400,
	outside: 403,
	'not-found': 404,
	exists: 409,
	conflict: 409,
	invalid: 422,
	io: 500
};

export function storeErrorResponse(error: StoreError): Response {
	const status = STATUS[error.kind];
	switch (error.kind) {
		case 'conflict': {
			// The file's current text, so the page can show both versions; never more than a body
			// the API would accept (a file grown past the limit on disk is named, not sent).
			const size = Buffer.byteLength(error.currentText, 'utf8');
			const limit = bodyLimit();
			if (size > limit) {
				const message = `${error.message} (it is now ${inWords(size)}, more than the ${inWords(limit)} the page can load)`;
				return json({ kind: error.kind, error: message, conflict: { version: error.currentVersion, size } }, { status });
			}
			return json({ kind: error.kind, error: error.message, conflict: { text: error.currentText, version: error.currentVersion } }, { status });
		}
		case 'invalid':
			return json({ kind: error.kind, error: error.message, errors: error.errors }, { status });
		case 'invalid-name':
		case 'outside':
		case 'not-found':
		case 'exists':
		case 'io':
			return json({ kind: error.kind, error: error.message }, { status });
		default:
			return assertNever(error);
	}
}

/** `value` as JSON with `status`, or the store's refusal. */
export function storeResponse<T>(result: StoreResult<T>, status = 200): Response {
	return result.kind === 'ok' ? json(result.value, { status }) : storeErrorResponse(result);
}

/**
 * The request body checked against `schema`, or the response saying what is wrong: 413 when it is
 * larger than the body limit (`BODY_SIZE_LIMIT`, 2 MB by default), 400 when it is not JSON or not
 * the expected shape.
 */
export async function readBody<S extends z.ZodMiniType>(request: Request, schema: S): Promise<{ ok: true; body: z.infer<S> } | { ok: false; response: Response }> {
	const limit = bodyLimit();
	let text: string;
	try {
		text = await readTextBounded(request, limit);
	} catch (error) {
		if (error instanceof BodyTooLarge) return { ok: false, response: tooLarge(limit) };
		return { ok: false, response: badRequest('the request body could not be read') };
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return { ok: false, response: badRequest('the request body must be JSON') };
	}
	const parsed = schema.safeParse(data, ENGLISH);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
		return { ok: false, response: badRequest(`invalid request body: ${where}${issue.message}`) };
	}
	return { ok: true, body: parsed.data };
}

export function badRequest(message: string): Response {
	return json({ kind: 'bad-request', error: message }, { status: 400 });
}

