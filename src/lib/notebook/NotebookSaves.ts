// Saving a notebook's text to its file through the notebook API, which refuses to overwrite a
// file that changed since the version we started from (a conflict). A notebook with errors is
// saved all the same — typed work is never lost — and the state says so (`saved` with `errors`:
// the file is written, and the CLI would refuse it). The API is handed in (`NotebookStore`), so
// this runs in tests with a fake one.
import type { NotebookError } from '$lib/engine/types';
import { createNotebook, saveNotebook, type ApiResult, type NotebookDocument } from './notebookApi';

export type SaveState =
	| { kind: 'idle' }
	| { kind: 'saving' }
	/**
	 * Written to the file. `errors` (with `errorCount`, all of them) when the notebook has errors the
	 * CLI would refuse it for: saved, but not a notebook that runs.
	 */
	| { kind: 'saved'; at: number; errors?: NotebookError[]; errorCount?: number }
	/** The file changed on disk since it was opened: theirs is what it holds now, mine what I tried to save. */
	| { kind: 'conflict'; theirs: { text: string; version: string }; mine: string }
	/** Refused for its errors, not written (a server of an older version answers 422). */
	| { kind: 'invalid'; errors: NotebookError[] }
	| { kind: 'failed'; message: string };

/** A save's answer: the new version, and whether the notebook is valid (`valid: false` with its errors). */
export type SaveAnswer = { version: string; valid?: boolean; errors?: NotebookError[]; errorCount?: number };

/** The calls of the notebook API that saving makes. */
export type NotebookStore = {
	save(name: string, text: string, baseVersion: string): Promise<ApiResult<SaveAnswer>>;
	create(name: string): Promise<ApiResult<Pick<NotebookDocument, 'name' | 'version'>>>;
};

/** The notebook API of the server. */
export const serverStore: NotebookStore = { save: saveNotebook, create: createNotebook };

/** The file as last read or saved: its text and its version token. */
export type SavedFile = { text: string; version: string };

/** Where saving's state goes (the session's reactive fields). */
export type SaveSink = {
	state(state: SaveState): void;
	/** the file now holds `text` at `version` */
	saved(file: SavedFile): void;
};

export class NotebookSaves {
	#state: SaveState = { kind: 'idle' };
	#lastSavedErrors: NotebookError[] = [];
	/** the version the next save says it started from */
	baseVersion: string;

	constructor(
		private readonly name: string,
		baseVersion: string,
		private readonly store: NotebookStore,
		private readonly sink: SaveSink,
		private readonly clock: () => number = Date.now
	) {
		this.baseVersion = baseVersion;
	}

	get state(): SaveState {
		return this.#state;
	}

	#set(state: SaveState): void {
		this.#state = state;
		this.sink.state(state);
	}

	/** Saves `text` over the version we started from. Resolves true when it was saved. */
	async save(text: string): Promise<boolean> {
		if (this.#state.kind === 'saving') return false;
		this.#set({ kind: 'saving' });
		const result = await this.store.save(this.name, text, this.baseVersion);
		if (result.ok) {
			this.baseVersion = result.value.version;
			this.sink.saved({ text, version: result.value.version });
			const state = savedState(result.value, this.clock());
			this.#lastSavedErrors = state.errors ?? [];
			this.#set(state);
			return true;
		}
		if (result.status === 409 && result.conflict) this.#set({ kind: 'conflict', theirs: result.conflict, mine: text });
		else if (result.status === 422) this.#set({ kind: 'invalid', errors: result.errors ?? [] });
		else this.#set({ kind: 'failed', message: result.message });
		return false;
	}

	/** Conflict: overwrite the file with `text`, knowing what it holds now. */
	async keepMine(text: string): Promise<boolean> {
		if (this.#state.kind !== 'conflict') return false;
		this.baseVersion = this.#state.theirs.version;
		this.#set({ kind: 'idle' });
		return this.save(text);
	}

	/** Conflict: the file as it is now, to continue from (the caller takes its text); null without a conflict. */
	takeTheirs(): SavedFile | null {
		if (this.#state.kind !== 'conflict') return null;
		const theirs = this.#state.theirs;
		this.#set({ kind: 'idle' });
		this.baseVersion = theirs.version;
		this.sink.saved(theirs);
		return theirs;
	}

	/** Conflict: saves `text` as a new notebook `name` (the caller then takes theirs here). */
	async copyMine(name: string, text: string): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
		if (this.#state.kind !== 'conflict') return { ok: false, message: 'there is no conflict to resolve' };
		const created = await this.store.create(name);
		if (!created.ok) return { ok: false, message: created.message };
		const saved = await this.store.save(created.value.name, text, created.value.version);
		if (!saved.ok) return { ok: false, message: saved.message };
		return { ok: true, name: created.value.name };
	}

	/** An edit makes a message about the last save old news. */
	edited(): void {
		const kind = this.#state.kind;
		if (kind === 'saved' || kind === 'invalid' || kind === 'failed') this.#set({ kind: 'idle' });
	}

	/** The errors of the file as last saved from here (empty: valid, or not saved from here yet). */
	get savedErrors(): NotebookError[] {
		return this.#lastSavedErrors;
	}

	dismiss(): void {
		if (this.#state.kind !== 'saving' && this.#state.kind !== 'conflict') this.#set({ kind: 'idle' });
	}

	/** A draft's edits started from `version`: the next save says so (and meets any conflict). */
	startFrom(version: string): void {
		this.baseVersion = version;
	}
}

/** The state after a save that wrote the file: with the errors when the server says it is invalid. */
export function savedState(answer: SaveAnswer, at: number): Extract<SaveState, { kind: 'saved' }> {
	if (answer.valid !== false) return { kind: 'saved', at };
	const errors = answer.errors ?? [];
	return { kind: 'saved', at, errors, errorCount: Math.max(answer.errorCount ?? 0, errors.length, 1) };
}

/** "Saved, with 3 errors: the CLI will not run it until they are fixed", or null when valid. */
export function savedWithErrorsMessage(state: SaveState): string | null {
	if (state.kind !== 'saved' || state.errorCount === undefined) return null;
	const count = state.errorCount;
	return `Saved, with ${count} error${count === 1 ? '' : 's'}: the file is written, but the CLI will not run it until ${count === 1 ? 'it is' : 'they are'} fixed`;
}
