import { z } from 'zod';
import { appNotebookStore } from '$lib/server/appNotebookStore';
import { readBody, storeResponse } from '$lib/server/notebookResponse';
import type { RequestHandler } from './$types';

/** 200 `{ name, text, version, modified }` */
export const GET: RequestHandler = async ({ params }) => {
	return storeResponse(await appNotebookStore().read(params.name));
};

const SaveBody = z.object({ text: z.string(), baseVersion: z.string() });

/** `{ text, baseVersion }` → 200 `{ name, version, modified }` | 409 `{ conflict: { text, version } }` | 422 `{ errors }` */
export const PUT: RequestHandler = async ({ params, request }) => {
	const read = await readBody(request, SaveBody);
	if (!read.ok) return read.response;
	return storeResponse(await appNotebookStore().save(params.name, read.body.text, read.body.baseVersion));
};

const PatchBody = z.object({ rename: z.string() });

/** `{ rename: newName }` → 200 `{ name, text, version, modified }` of the renamed notebook */
export const PATCH: RequestHandler = async ({ params, request }) => {
	const read = await readBody(request, PatchBody);
	if (!read.ok) return read.response;
	return storeResponse(await appNotebookStore().rename(params.name, read.body.rename));
};

/** 200 `{ name, trashed, deletedAt }`: moved into `.trash/`, undone by POST …/restore */
export const DELETE: RequestHandler = async ({ params }) => {
	return storeResponse(await appNotebookStore().delete(params.name));
};
