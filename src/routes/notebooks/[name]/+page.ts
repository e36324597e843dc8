import { error } from '@sveltejs/kit';
import { readNotebook } from '$lib/notebook/notebookApi';
import type { PageLoad } from './$types';

// Server-rendered (see ../../+layout.ts): the notebook as text paints at once, charts pending.
export const ssr = true;

export const load: PageLoad = async ({ params, fetch }) => {
	const read = await readNotebook(params.name, fetch);
	if (!read.ok) error(read.status === 0 ? 503 : read.status, read.message);
	return { doc: read.value };
};
