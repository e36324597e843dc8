import { resolve } from 'node:path';
import { NotebookStore } from './notebookStore';

const stores = new Map<string, NotebookStore>();

/**
 * The store the API endpoints use: `simulations/` of the working directory, or the directory in
 * `SCALECAST_NOTEBOOKS_DIR` (browser tests point it at a temporary copy). One store per directory,
 * so every request goes through the same queue of changes.
 */
export function appNotebookStore(): NotebookStore {
	const dir = resolve(process.env.SCALECAST_NOTEBOOKS_DIR || 'simulations');
	let store = stores.get(dir);
	if (store === undefined) {
		store = new NotebookStore({ dir });
		stores.set(dir, store);
	}
	return store;
}
