// The state of one open notebook. The source of truth is its YAML text: every edit goes through
// the text helpers of $lib/notebookText, the text is parsed again, and the model is run again in
// web workers. The latest edit wins: each run gets a rising id and replies to older runs are
// dropped. The last good report stays on screen while a newer run is on its way or has failed.
import { browser } from '$app/environment';
import { blockCount } from '$lib/engine/accumulator';
import { parseNotebook } from '$lib/engine/parseNotebook';
import { prepareRun, type RunSpec } from '$lib/engine/simulate';
import type { Notebook, NotebookError, Report, Result } from '$lib/engine/types';
import {
	insertCell,
	moveCell,
	NotebookTextError,
	removeCell,
	updateCellField,
	updateSetting,
	type CellData,
	type FieldValue,
	type NotebookSetting
} from '$lib/notebookText';
import { RunAborted } from '$lib/workers/pool';
import { notebookView, placeErrors } from './cellViews';
import { deleteDraft, loadDraft, saveDraft, type Draft } from './drafts';
import { createNotebook, saveNotebook, type NotebookDocument } from './notebookApi';
import { runPool } from './runPool';

/** How long typing pauses before the model runs again. */
export const TYPING_PAUSE_MS = 400;

export type RunState =
	| { kind: 'idle' }
	| { kind: 'running'; done: number; total: number; trials: number }
	| { kind: 'done'; trials: number; ms: number; workers: number }
	/** The notebook has errors and cannot run; they are shown on their cells. */
	| { kind: 'invalid' }
	/** The notebook failed while running (a value that is not a number, …); errors on their cells. */
	| { kind: 'failed' }
	| { kind: 'cancelled' }
	| { kind: 'crashed'; message: string };

export type SaveState =
	| { kind: 'idle' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: number }
	/** The file changed on disk since it was opened: theirs is what it holds now, mine what I tried to save. */
	| { kind: 'conflict'; theirs: { text: string; version: string }; mine: string }
	| { kind: 'invalid'; errors: NotebookError[] }
	| { kind: 'failed'; message: string };

/** A report and the model it belongs to (see `modelKey`). */
type KeyedReport = { report: Report; key: string };

export class NotebookSession {
	readonly name: string;
	/** The notebook's YAML text, as edited. */
	text = $state('');
	/** The text of the file as last read or saved, and its version token. */
	savedText = $state('');
	baseVersion = $state('');
	scenario = $state('base');
	/** Run on every edit, or only on demand (the Run button, Shift+Enter). */
	autoRun = $state(true);
	run = $state.raw<RunState>({ kind: 'idle' });
	save = $state.raw<SaveState>({ kind: 'idle' });
	/** Unsaved edits found in the browser when the notebook was opened, offered back. */
	draftOffer = $state.raw<Draft | null>(null);
	/** Why the last edit could not be made (text helpers refused it). */
	editError = $state<string | null>(null);
	/** The text before the last structural edit (add, move, delete), for Undo. */
	undo = $state.raw<{ label: string; text: string } | null>(null);
	/** Called after a save that reached the server, so the list can show the new time. */
	onSaved: (() => void) | null = null;

	#complete = $state.raw<KeyedReport | null>(null);
	#partial = $state.raw<KeyedReport | null>(null);
	#runErrors = $state.raw<{ key: string; errors: NotebookError[] } | null>(null);
	#runId = 0;
	#controller: AbortController | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#requestedKey: string | null = null;

	/** The cells and settings as the page shows them (read even when the notebook has errors). */
	readonly view = $derived(notebookView(this.text));
	readonly parsed = $derived.by(() => parseNotebook(this.text, this.name));
	readonly notebook = $derived<Notebook | null>(this.parsed.ok ? this.parsed.value : null);
	/** The chosen scenario while the notebook has it, else `base`. */
	readonly activeScenario = $derived(
		this.notebook !== null && this.scenario !== 'base' && Object.hasOwn(this.notebook.scenarios, this.scenario) ? this.scenario : 'base'
	);
	readonly prepared = $derived.by((): Result<RunSpec> => {
		const parsed = this.parsed;
		return parsed.ok ? prepareRun(parsed.value, { scenario: this.activeScenario }) : parsed;
	});
	/**
	 * What a report depends on: the named cells, the settings and the scenario, not the prose or
	 * the charts. Editing a Markdown cell does not run the model again.
	 */
	readonly modelKey = $derived(modelKeyOf(this.notebook, this.activeScenario, this.text));
	readonly errors = $derived<NotebookError[]>(
		!this.prepared.ok ? this.prepared.errors : this.#runErrors?.key === this.modelKey ? this.#runErrors.errors : []
	);
	readonly placedErrors = $derived(placeErrors(this.view.ok ? this.view.value.cells : [], this.errors));
	/** The report on screen: the running run's partial one, else the last complete good one. */
	readonly report = $derived<Report | null>((this.#partial ?? this.#complete)?.report ?? null);
	/** The report on screen belongs to an older version of the model. */
	readonly stale = $derived.by(() => {
		const shown = this.#partial ?? this.#complete;
		return shown !== null && shown.key !== this.modelKey;
	});
	readonly partial = $derived(this.#partial !== null);
	readonly dirty = $derived(this.text !== this.savedText);

	constructor(doc: NotebookDocument) {
		this.name = doc.name;
		this.text = doc.text;
		this.savedText = doc.text;
		this.baseVersion = doc.version;
	}

	/** Starts the first run and looks for unsaved edits of an earlier visit. */
	async open(): Promise<void> {
		this.runNow();
		const draft = await loadDraft(this.name).catch(() => null);
		if (draft === null) return;
		if (draft.text === this.savedText) void deleteDraft(this.name);
		else if (draft.text !== this.text) this.draftOffer = draft;
	}

	dispose(): void {
		clearTimeout(this.#timer);
		this.#runId++;
		this.#controller?.abort();
	}

	// -------------------------------------------------------------------------------------------
	// Editing

	/**
	 * Replaces the text; `typing` waits for a pause before running again. `undo` offers the text
	 * before this edit back; any other edit withdraws the offer (undoing would drop it too).
	 */
	edit(next: string, { typing = false, undo = null }: { typing?: boolean; undo?: { label: string; text: string } | null } = {}): void {
		if (next === this.text) return;
		this.text = next;
		this.undo = undo;
		this.editError = null;
		if (this.save.kind === 'saved' || this.save.kind === 'invalid' || this.save.kind === 'failed') this.save = { kind: 'idle' };
		this.#keepDraft();
		if (this.autoRun) this.#schedule(typing ? TYPING_PAUSE_MS : 0);
	}

	#change(change: (text: string) => string, options: { typing?: boolean; undoLabel?: string } = {}): void {
		const before = this.text;
		let next: string;
		try {
			next = change(before);
		} catch (error) {
			if (!(error instanceof NotebookTextError)) throw error;
			this.editError = error.message;
			return;
		}
		this.edit(next, { typing: options.typing, undo: options.undoLabel ? { label: options.undoLabel, text: before } : null });
	}

	/** Sets a field of the cell at `index` (`null` removes it). */
	setCellField(index: number, field: string, value: FieldValue, { typing = true } = {}): void {
		this.#change((text) => updateCellField(text, index, field, value), { typing });
	}

	setSetting(key: NotebookSetting, value: string | number | null): void {
		this.#change((text) => updateSetting(text, key, value));
	}

	addCell(at: number, cell: CellData): void {
		this.#change((text) => insertCell(text, at, cell), { undoLabel: 'Cell added' });
	}

	moveCell(from: number, to: number): void {
		this.#change((text) => moveCell(text, from, to));
	}

	deleteCell(index: number): void {
		this.#change((text) => removeCell(text, index), { undoLabel: 'Cell deleted' });
	}

	undoLast(): void {
		const undo = this.undo;
		if (undo === null) return;
		this.undo = null;
		this.edit(undo.text);
	}

	setScenario(scenario: string): void {
		this.scenario = scenario;
		if (this.autoRun) this.#schedule(0);
	}

	setAutoRun(autoRun: boolean): void {
		this.autoRun = autoRun;
		if (autoRun) this.#schedule(0);
	}

	// -------------------------------------------------------------------------------------------
	// Running

	#schedule(ms: number): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			if (this.modelKey !== this.#requestedKey) this.runNow();
		}, ms);
	}

	/** Runs the current model now, superseding any run under way. */
	runNow(): void {
		clearTimeout(this.#timer);
		const id = ++this.#runId;
		this.#controller?.abort();
		this.#controller = null;
		this.#partial = null;
		const key = this.modelKey;
		this.#requestedKey = key;
		const prepared = this.prepared;
		if (!prepared.ok) {
			this.run = { kind: 'invalid' };
			return;
		}
		if (!browser) return;
		const spec = prepared.value;
		const controller = new AbortController();
		this.#controller = controller;
		this.run = { kind: 'running', done: 0, total: blockCount(spec.trials), trials: spec.trials };
		const current = () => id === this.#runId;
		runPool()
			.run(spec, {
				signal: controller.signal,
				partialEveryMs: 250,
				// a short run goes straight to its final report: rendering previews would slow it down
				partialUnlessDueMs: 1000,
				onProgress: (done, total) => {
					if (current()) this.run = { kind: 'running', done, total, trials: spec.trials };
				},
				onPartial: (report) => {
					if (current()) this.#partial = { report, key };
				}
			})
			.then(
				(result) => {
					if (!current()) return;
					this.#controller = null;
					this.#partial = null;
					if (result.ok) {
						this.#complete = { report: result.value, key };
						this.#runErrors = null;
						this.run = { kind: 'done', trials: result.value.trials, ms: result.value.timing.ms, workers: result.value.timing.workers };
					} else {
						this.#runErrors = { key, errors: result.errors };
						this.run = { kind: 'failed' };
					}
				},
				(error: unknown) => {
					if (!current()) return;
					this.#controller = null;
					this.#partial = null;
					if (error instanceof RunAborted || (error as Error)?.name === 'AbortError') this.run = { kind: 'cancelled' };
					else this.run = { kind: 'crashed', message: (error as Error)?.message ?? String(error) };
				}
			);
	}

	cancel(): void {
		this.#controller?.abort();
	}

	// -------------------------------------------------------------------------------------------
	// Saving

	async saveNow(): Promise<void> {
		if (this.save.kind === 'saving') return;
		const text = this.text;
		this.save = { kind: 'saving' };
		const result = await saveNotebook(this.name, text, this.baseVersion);
		if (result.ok) {
			this.baseVersion = result.value.version;
			this.savedText = text;
			this.save = { kind: 'saved', at: Date.now() };
			this.#keepDraft();
			this.onSaved?.();
		} else if (result.status === 409 && result.conflict) {
			this.save = { kind: 'conflict', theirs: result.conflict, mine: text };
		} else if (result.status === 422) {
			this.save = { kind: 'invalid', errors: result.errors ?? [] };
		} else {
			this.save = { kind: 'failed', message: result.message };
		}
	}

	/** Conflict: overwrite the file with my text, knowing what it holds now. */
	async keepMine(): Promise<void> {
		if (this.save.kind !== 'conflict') return;
		this.baseVersion = this.save.theirs.version;
		this.save = { kind: 'idle' };
		await this.saveNow();
	}

	/** Conflict: drop my edits and continue from the file as it is now. */
	takeTheirs(): void {
		if (this.save.kind !== 'conflict') return;
		const theirs = this.save.theirs;
		this.save = { kind: 'idle' };
		this.savedText = theirs.text;
		this.baseVersion = theirs.version;
		this.undo = null;
		this.edit(theirs.text);
		this.#keepDraft();
	}

	/** Conflict: save my text as a new notebook `name`, and take theirs here. */
	async copyMine(name: string): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
		if (this.save.kind !== 'conflict') return { ok: false, message: 'there is no conflict to resolve' };
		const mine = this.text;
		const created = await createNotebook(name);
		if (!created.ok) return { ok: false, message: created.message };
		const saved = await saveNotebook(created.value.name, mine, created.value.version);
		if (!saved.ok) return { ok: false, message: saved.message };
		this.takeTheirs();
		this.onSaved?.();
		return { ok: true, name: created.value.name };
	}

	dismissSaveMessage(): void {
		if (this.save.kind !== 'saving' && this.save.kind !== 'conflict') this.save = { kind: 'idle' };
	}

	// -------------------------------------------------------------------------------------------
	// Drafts

	restoreDraft(): void {
		const draft = this.draftOffer;
		if (draft === null) return;
		this.draftOffer = null;
		// Saving later sends the version the draft started from: if the file changed since, the
		// save shows the conflict instead of overwriting.
		this.baseVersion = draft.baseVersion;
		this.edit(draft.text);
	}

	discardDraft(): void {
		this.draftOffer = null;
		this.#keepDraft();
	}

	#keepDraft(): void {
		if (!browser) return;
		const work = this.text === this.savedText && this.draftOffer === null
			? deleteDraft(this.name)
			: this.text === this.savedText
				? Promise.resolve()
				: saveDraft(this.name, { text: this.text, baseVersion: this.baseVersion, savedAt: Date.now() });
		work.catch((error) => console.warn(`could not keep the unsaved edits of ${this.name} in the browser:`, error));
	}
}

/** The parts of a notebook that a report depends on, as a string to compare. */
function modelKeyOf(notebook: Notebook | null, scenario: string, text: string): string {
	if (notebook === null) return `text:${text}`;
	const cells = notebook.cells.flatMap((cell) => {
		if (cell.kind === 'md' || cell.kind === 'chart') return [];
		const { line: _line, note: _note, unit: _unit, min: _min, max: _max, ...model } = cell;
		return [model];
	});
	const { horizon, trials, seed, cycle, runway } = notebook;
	const overrides = scenario === 'base' ? null : notebook.scenarios[scenario];
	return JSON.stringify({ cells, horizon, trials, seed, cycle, runway, scenario, overrides });
}
