// Every request goes through the guard of src/lib/server/requestGuard.ts first: allowed Host,
// the token when one is needed, and writes only as JSON from the app's own pages, within the
// body limit. Then every response gets a few security headers (the page's Content-Security-Policy
// comes from kit.csp in svelte.config.js).
import type { Handle, ServerInit } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { appNotebookStore } from '$lib/server/appNotebookStore';
import { guardRequest, SECURITY_HEADERS } from '$lib/server/requestGuard';

/** Fills the list's cache in the background at start, so the first list does not parse every notebook. */
export const init: ServerInit = () => {
	void appNotebookStore().list();
};

export const handle: Handle = async ({ event, resolve }) => {
	let clientAddress: string | null = null;
	try {
		clientAddress = event.getClientAddress();
	} catch {
		// adapter-node with an ADDRESS_HEADER the request lacks: unknown
	}
	const refused = guardRequest({ request: event.request, url: event.url, clientAddress, dev });
	const response = refused ?? (await resolve(event));
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) {
			try {
				response.headers.set(name, value);
			} catch {
				// immutable headers (a fetched response passed through): leave them
			}
		}
	}
	return response;
};
