import * as z from 'zod/mini';
import { appNotebookStore } from '$lib/server/appNotebookStore';
import { safeNotebookName } from '$lib/server/notebookName';
import { readBody, storeErrorResponse, storeResponse } from '$lib/server/notebookResponse';
import type { RequestHandler } from './$types';

/** 200 `{ name, text, version, modified }` */
export const GET: RequestHandler = async ({ params }) => {
	return storeResponse(await appNotebookStore().read(params.name));
};

const SaveBody = z.object({ text: z.string(), baseVersion: z.string() });

/**
 * `{ text, baseVersion }` → 200 `{ name, version, modified, valid, errors, errorCount }` (saved, valid
 * or not: `valid: false` lists what the CLI would refuse it for) | 409 `{ conflict: { text, version } }`
 */
export const PUT: RequestHandler = async ({ params, request }) => {
	const read = await readBody(request, SaveBody);
	if (!read.ok) return read.response;
	return storeResponse(await appNotebookStore().save(params.name, read.body.text, read.body.baseVersion));
};

const PatchBody = z.object({ rename: z.string() });

/** `{ rename: newName }` → 200 `{ name, text, version, modified }` of the renamed notebook (a safe file name made from what was typed) */
export const PATCH: RequestHandler = async ({ params, request }) => {
	const read = await readBody(request, PatchBody);
	if (!read.ok) return read.response;
	const safe = safeNotebookName(read.body.rename);
	if (!safe.ok) return storeErrorResponse({ kind: 'invalid-name', name: read.body.rename, message: safe.message });
	return storeResponse(await appNotebookStore().rename(params.name, safe.name));
};

/** 200 `{ name, trashed, deletedAt }`: moved into `.trash/`, undone by POST …/restore */
export const DELETE: RequestHandler = async ({ params }) => {
	return storeResponse(await appNotebookStore().delete(params.name));
};
