import { error } from '@sveltejs/kit';
import { readNotebook } from '$lib/notebook/notebookApi';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch }) => {
	const read = await readNotebook(params.name, fetch);
	if (!read.ok) error(read.status === 0 ? 503 : read.status, read.message);
	return { doc: read.value };
};
