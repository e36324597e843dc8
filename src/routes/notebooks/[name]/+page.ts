import { browser } from '$app/environment';
import { error } from '@sveltejs/kit';
import { readNotebook } from '$lib/notebook/notebookApi';
import { runPool } from '$lib/notebook/runPool';
import type { PageLoad } from './$types';

// Server-rendered (see ../../+layout.ts): the notebook as text paints at once, charts pending.
export const ssr = true;

export const load: PageLoad = async ({ params, fetch }) => {
	// The workers start loading now, in their own threads, while the page hydrates: the first run
	// finds them ready instead of starting them.
	if (browser) runPool();
	const read = await readNotebook(params.name, fetch);
	if (!read.ok) error(read.status === 0 ? 503 : read.status, read.message);
	return { doc: read.value };
};
