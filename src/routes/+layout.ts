import { listNotebooks } from '$lib/notebook/notebookApi';
import type { LayoutLoad } from './$types';

// The notebook page runs the model in web workers and keeps drafts in IndexedDB: it lives in the
// browser. Rendering it on the server would show a page without results first, then replace it.
export const ssr = false;

export const load: LayoutLoad = async ({ fetch, depends }) => {
	depends('app:notebooks');
	const list = await listNotebooks(fetch);
	return list.ok
		? { notebooks: list.value.notebooks, trash: list.value.trash, listError: null }
		: { notebooks: [], trash: [], listError: list.message };
};
