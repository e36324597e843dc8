// The open notebook's session, shared with the cell components through Svelte's context.
import { getContext, setContext } from 'svelte';
import type { NotebookSession } from './NotebookSession.svelte';

const KEY = Symbol('notebook-session');

export function setSession(session: NotebookSession): void {
	setContext(KEY, session);
}

export function getSession(): NotebookSession {
	const session = getContext<NotebookSession | undefined>(KEY);
	if (session === undefined) throw new Error('getSession() outside a notebook view');
	return session;
}
