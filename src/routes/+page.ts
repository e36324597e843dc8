import { redirect } from '@sveltejs/kit';
import { DEFAULT_NOTEBOOK } from '$lib/notebook/notebookApi';
import type { PageLoad } from './$types';

// `/` opens the default notebook, the README's example; the list of all of them is the sidebar.
export const load: PageLoad = async ({ parent }) => {
	const { notebooks } = await parent();
	if (notebooks.some((notebook) => notebook.name === DEFAULT_NOTEBOOK)) {
		redirect(307, `/notebooks/${encodeURIComponent(DEFAULT_NOTEBOOK)}`);
	}
	return {};
};
