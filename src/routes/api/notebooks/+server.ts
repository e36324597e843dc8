import { json } from '@sveltejs/kit';
import * as z from 'zod/mini';
import { appNotebookStore } from '$lib/server/appNotebookStore';
import { safeNotebookName } from '$lib/server/notebookName';
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
	from: z.optional(z.string()),
	/** Copy this template, retitled (default: the store's default template). */
	template: z.optional(z.string())
});

/**
 * `{ name, from? , template? }` → 201 `NotebookDocument`. `name` is what was typed: a name with
 * characters a file name cannot have becomes a safe one (`Übersicht €` → `ubersicht.yaml`, titled
 * `Übersicht €`); the document says which. `template: ":starter"` is the built-in starter.
 */
export const POST: RequestHandler = async ({ request }) => {
	const read = await readBody(request, CreateBody);
	if (!read.ok) return read.response;
	const { name: typed, from, template } = read.body;
	const safe = safeNotebookName(typed);
	if (!safe.ok) return storeErrorResponse({ kind: 'invalid-name', name: typed, message: safe.message });
	const store = appNotebookStore();
	const title = typed.trim().replace(/\.ya?ml$/i, '').trim();
	const result = from !== undefined ? await store.duplicate(from, safe.name) : await store.create(safe.name, template, title);
	return storeResponse(result, 201);
};
