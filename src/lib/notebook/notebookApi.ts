// The page's calls to the notebook API (src/routes/api/notebooks). Every answer is a value:
// `ok` with the body, or the refusal with the server's message.
import type { NotebookError } from '$lib/engine/types';

export type NotebookSummary = { name: string; title: string; modified: string | null; version: string | null; error?: string };
export type TrashedNotebook = { name: string; trashed: string; deletedAt: string };
export type NotebookDocument = { name: string; text: string; version: string; modified: string };

export type ApiResult<T> =
	| { ok: true; value: T }
	| { ok: false; status: number; message: string; conflict?: { text: string; version: string }; errors?: NotebookError[] };

type Fetch = typeof fetch;

const url = (name?: string, suffix = '') => `/api/notebooks${name === undefined ? '' : `/${encodeURIComponent(name)}`}${suffix}`;

async function call<T>(fetcher: Fetch, input: string, init?: { method: string; body?: unknown }): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetcher(input, {
			method: init?.method ?? 'GET',
			headers: init?.body === undefined ? undefined : { 'content-type': 'application/json' },
			body: init?.body === undefined ? undefined : JSON.stringify(init.body)
		});
	} catch (error) {
		return { ok: false, status: 0, message: `the server cannot be reached (${(error as Error).message})` };
	}
	let body: Record<string, unknown> = {};
	try {
		body = await response.json();
	} catch {
		// an empty or non-JSON body: the status says enough
	}
	if (response.ok) return { ok: true, value: body as T };
	return {
		ok: false,
		status: response.status,
		message: typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`,
		conflict: body.conflict as { text: string; version: string } | undefined,
		errors: body.errors as NotebookError[] | undefined
	};
}

export const listNotebooks = (fetcher: Fetch = fetch) =>
	call<{ notebooks: NotebookSummary[]; trash: TrashedNotebook[] }>(fetcher, url());
export const readNotebook = (name: string, fetcher: Fetch = fetch) => call<NotebookDocument>(fetcher, url(name));
export const createNotebook = (name: string) => call<NotebookDocument>(fetch, url(), { method: 'POST', body: { name } });
export const duplicateNotebook = (from: string, name: string) => call<NotebookDocument>(fetch, url(), { method: 'POST', body: { name, from } });
export const saveNotebook = (name: string, text: string, baseVersion: string) =>
	call<{ name: string; version: string; modified: string }>(fetch, url(name), { method: 'PUT', body: { text, baseVersion } });
export const renameNotebook = (name: string, rename: string) => call<NotebookDocument>(fetch, url(name), { method: 'PATCH', body: { rename } });
export const deleteNotebook = (name: string) => call<TrashedNotebook>(fetch, url(name), { method: 'DELETE' });
export const restoreNotebook = (name: string) => call<NotebookDocument>(fetch, url(name, '/restore'), { method: 'POST' });

/** `My plan` → `My plan.yaml`; a name that already ends in .yaml is kept. */
export function asNotebookName(input: string): string {
	const name = input.trim();
	return /\.ya?ml$/i.test(name) ? name.replace(/\.yml$/i, '.yaml') : `${name}.yaml`;
}

/** `base.yaml`, `base-2.yaml`, … : the first that is not taken. */
export function freeName(base: string, taken: Iterable<string>): string {
	const names = new Set(taken);
	const stem = base.replace(/\.yaml$/, '');
	if (!names.has(`${stem}.yaml`)) return `${stem}.yaml`;
	for (let n = 2; ; n++) if (!names.has(`${stem}-${n}.yaml`)) return `${stem}-${n}.yaml`;
}

/** The notebook the app opens with, and the template of new ones. */
export const DEFAULT_NOTEBOOK = 'social-network-mvp.yaml';
