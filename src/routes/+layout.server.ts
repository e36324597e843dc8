import { listNotebooks } from '$lib/notebook/notebookApi';
import type { LayoutServerLoad } from './$types';

// The list of notebooks, loaded on the server for every page: the notebook route is rendered
// there (see +layout.ts), and the pages rendered in the browser fetch it as data.
export const load: LayoutServerLoad = async ({ fetch, depends }) => {
	depends('app:notebooks');
	const list = await listNotebooks(fetch);
	return list.ok
		? { notebooks: list.value.notebooks, trash: list.value.trash, listError: null }
		: { notebooks: [], trash: [], listError: list.message };
};
