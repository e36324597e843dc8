import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { appNotebookStore } from '$lib/server/appNotebookStore';
import { readBody, storeErrorResponse, storeResponse } from '$lib/server/notebookResponse';
import type { RequestHandler } from './$types';

/** 200 `{ notebooks: NotebookSummary[], trash: TrashedNotebook[] }` */
export const GET: RequestHandler = async () => {
	const store = appNotebookStore();
	const [notebooks, trash] = await Promise.all([store.list(), store.listTrash()]);
	if (notebooks.kind !== 'ok') return storeErrorResponse(notebooks);
	return json({ notebooks: notebooks.value, trash: trash.kind === 'ok' ? trash.value : [] });
};

const CreateBody = z.object({
	name: z.string(),
	/** Duplicate this notebook (a byte-for-byte copy). */
	from: z.string().optional(),
	/** Copy this template, retitled (default: the store's default template). */
	template: z.string().optional()
});

/** `{ name, from? , template? }` → 201 `NotebookDocument` */
export const POST: RequestHandler = async ({ request }) => {
	const read = await readBody(request, CreateBody);
	if (!read.ok) return read.response;
	const { name, from, template } = read.body;
	const store = appNotebookStore();
	const result = from !== undefined ? await store.duplicate(from, name) : await store.create(name, template);
	return storeResponse(result, 201);
};
