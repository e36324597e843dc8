// Saving a notebook's text to its file through the notebook API, which refuses to overwrite a
// file that changed since the version we started from (a conflict) and refuses an invalid
// notebook. The API is handed in (`NotebookStore`), so this runs in tests with a fake one.
import type { NotebookError } from '$lib/engine/types';
import { createNotebook, saveNotebook, type ApiResult, type NotebookDocument } from './notebookApi';

export type SaveState =
	| { kind: 'idle' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: number }
	/** The file changed on disk since it was opened: theirs is what it holds now, mine what I tried to save. */
	| { kind: 'conflict'; theirs: { text: string; version: string }; mine: string }
	| { kind: 'invalid'; errors: NotebookError[] }
	| { kind: 'failed'; message: string };

/** The calls of the notebook API that saving makes. */
export type NotebookStore = {
	save(name: string, text: string, baseVersion: string): Promise<ApiResult<{ version: string }>>;
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
			this.#set({ kind: 'saved', at: this.clock() });
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

	dismiss(): void {
		if (this.#state.kind !== 'saving' && this.#state.kind !== 'conflict') this.#set({ kind: 'idle' });
	}

	/** A draft's edits started from `version`: the next save says so (and meets any conflict). */
	startFrom(version: string): void {
		this.baseVersion = version;
	}
}
