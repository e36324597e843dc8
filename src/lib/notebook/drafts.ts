// Unsaved edits, kept in the browser's IndexedDB on every edit so that a closed tab or a crash
// loses nothing. One entry per notebook file, with the version of the file the edits started from.
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

export type Draft = { text: string; baseVersion: string; savedAt: number };

let store: UseStore | null = null;
const drafts = () => (store ??= createStore('scalecast', 'drafts'));

// Writes go one after another, so a slow write never lands after a newer one.
let queue: Promise<unknown> = Promise.resolve();
function enqueue<T>(work: () => Promise<T>): Promise<T> {
	const next = queue.then(work, work);
	queue = next.catch(() => {});
	return next;
}

export function saveDraft(name: string, draft: Draft): Promise<void> {
	return enqueue(() => set(name, draft, drafts()));
}

export function deleteDraft(name: string): Promise<void> {
	return enqueue(() => del(name, drafts()));
}

export async function loadDraft(name: string): Promise<Draft | null> {
	const draft = await enqueue(() => get<Draft>(name, drafts()));
	return draft && typeof draft.text === 'string' && typeof draft.baseVersion === 'string' ? draft : null;
}

/** Moves a draft along with its notebook when the notebook is renamed. */
export async function moveDraft(from: string, to: string): Promise<void> {
	const draft = await loadDraft(from);
	if (draft === null) return;
	await saveDraft(to, draft);
	await deleteDraft(from);
}
