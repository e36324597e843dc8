// The state of one open notebook. The source of truth is its YAML text: every edit goes through
// the text helpers of $lib/notebookText, the text is read again (`readNotebook`, which gives every
// cell with its errors), and the model is run again. Running is `NotebookRuns` (latest run wins,
// previews), saving is `NotebookSaves`; this class holds their state for the page and keeps
// unsaved edits as drafts. The last good report stays on screen while a newer run is on its way
// or has failed.
import { browser } from '$app/environment';
import { readNotebook } from '$lib/engine/notebook/readNotebook';
import type { Runner } from '$lib/engine/run/runner';
import { prepareRun, type RunSpec } from '$lib/engine/simulate';
import type { Notebook, NotebookError, Report, Result } from '$lib/engine/types';
import {
	actualEntries,
	addScenario,
	deleteScenario,
	duplicateScenario,
	insertCell,
	moveCell,
	NotebookTextError,
	removeActual,
	removeCell,
	renameScenario,
	scenarioEntries,
	setActual,
	setActualNoise,
	setScenarioEntry,
	updateCellField,
	updateSetting,
	type ActualSpread,
	type CellData,
	type FieldValue,
	type NotebookSetting,
	type ScenarioEntry
} from '$lib/notebookText';
import { parseVary, varyName, type ViewState } from './viewState';
import { scenarioColor } from '$lib/charts/scales';
import { deleteDraft, loadDraft, saveDraft, type Draft } from './drafts';
import { errorsOnCells, type ErrorsOnCells } from './errorsOnCells';
import type { CellView } from '$lib/engine/notebook/cells';
import type { NotebookDocument } from './notebookApi';
import { NotebookRuns, type KeyedErrors, type KeyedReport, type RunState } from './NotebookRuns';
import { NotebookSaves, serverStore, type NotebookStore, type SaveState } from './NotebookSaves';
import { runPool } from './runPool';

export type { RunState } from './NotebookRuns';
export type { SaveState } from './NotebookSaves';

/** How long typing pauses before the model runs again. */
export const TYPING_PAUSE_MS = 400;

/** Where unsaved edits are kept (the browser's IndexedDB by default). */
export type DraftStore = {
	load(name: string): Promise<Draft | null>;
	save(name: string, draft: Draft): Promise<void>;
	delete(name: string): Promise<void>;
};

/** What the session works with; the browser's by default. */
export type SessionServices = {
	/** null: no runs (rendering on the server) */
	runner: (() => Runner) | null;
	store: NotebookStore;
	drafts: DraftStore | null;
};

const browserServices = (): SessionServices => ({
	runner: browser ? runPool : null,
	store: serverStore,
	drafts: browser ? { load: loadDraft, save: saveDraft, delete: deleteDraft } : null
});

export class NotebookSession {
	readonly name: string;
	/** The notebook's YAML text, as edited. */
	text = $state('');
	/** The text of the file as last read or saved, and its version token. */
	savedText = $state('');
	baseVersion = $state('');
	scenario = $state('base');
	/** Scenarios shown beside the reference (`?compare=`), as asked: unknown names are left out of runs. */
	compare = $state<string[]>([]);
	/** Variants of the reference typed in place, `NAME=EXPR` (`--vary`). */
	vary = $state<string[]>([]);
	/** The funding need's last cycle (`--funding-through`); null: the horizon. */
	fundingThrough = $state<number | null>(null);
	/** What the tornado explains: a cell at a cycle; null: the runway (or the engine's default). */
	sensitivityTarget = $state<{ cell: string; cycle: number } | null>(null);
	/** With actuals: the charts show the forecast given the actuals (the posterior) beside the plan. */
	givenActuals = $state(false);
	/** With actuals: the fan charts start at the last cycle with actuals and show the posterior (a view, not an edit). */
	rolledForward = $state(false);
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
	/** Puts a view into the page's URL (which then calls `setView`); without it, `setView` at once. */
	navigate: ((view: ViewState, options?: { replace?: boolean }) => void) | null = null;
	/** Called after a save that reached the server, so the list can show the new time. */
	onSaved: (() => void) | null = null;

	#complete = $state.raw<KeyedReport | null>(null);
	#partial = $state.raw<KeyedReport | null>(null);
	#runErrors = $state.raw<KeyedErrors | null>(null);
	#timer: ReturnType<typeof setTimeout> | undefined;
	#requestedKey: string | null = null;
	readonly #services: SessionServices;
	readonly #runs: NotebookRuns;
	readonly #saves: NotebookSaves;

	/** The notebook as read: every cell with its lines and errors, the settings, and the Notebook when valid. */
	readonly read = $derived.by(() => readNotebook(this.text, this.name));
	readonly notebook = $derived<Notebook | null>(this.read.notebook);
	/** The chosen scenario while the notebook has it, else `base`. */
	readonly activeScenario = $derived(
		this.notebook !== null && this.scenario !== 'base' && Object.hasOwn(this.notebook.scenarios, this.scenario) ? this.scenario : 'base'
	);
	/** The scenarios as written (read leniently, errors or not), for editing them in place. */
	readonly scenarioEntries = $derived(scenarioEntries(this.text));
	/** The compared scenarios that the notebook has, without the reference. */
	readonly activeCompare = $derived(
		this.notebook === null
			? []
			: this.compare.filter((name, i, all) => all.indexOf(name) === i && name !== this.activeScenario && (name === 'base' || Object.hasOwn(this.notebook!.scenarios, name)))
	);
	/** The variants that read as `NAME=EXPR` of a named cell. */
	readonly activeVary = $derived(this.vary.flatMap((text) => parseVary(text) ?? []));
	readonly #options = $derived.by(() => {
		const notebook = this.notebook;
		const horizon = notebook?.horizon ?? 0;
		const through = this.fundingThrough;
		const target = this.sensitivityTarget;
		const names = new Set(notebook?.cells.flatMap((c) => ('name' in c ? [c.name] : [])) ?? []);
		return {
			scenario: this.activeScenario,
			compare: this.activeCompare,
			vary: this.activeVary,
			fundingThrough: notebook?.runway && through !== null && through >= 1 && through <= horizon ? through : undefined,
			sensitivity: target && names.has(target.cell) && target.cycle >= 0 && target.cycle <= horizon ? { kind: 'cell' as const, ...target } : undefined
		};
	});
	readonly prepared = $derived.by((): Result<RunSpec> => {
		const notebook = this.notebook;
		return notebook !== null ? prepareRun(notebook, this.#options) : { ok: false, errors: this.read.errors };
	});
	/**
	 * What a report depends on: the named cells, the settings and the scenario, not the prose or
	 * the charts. Editing a Markdown cell does not run the model again.
	 */
	readonly modelKey = $derived(modelKeyOf(this.notebook, this.#options, this.text));
	readonly errors = $derived<NotebookError[]>(
		!this.prepared.ok ? this.prepared.errors : this.#runErrors?.key === this.modelKey ? this.#runErrors.errors : []
	);
	/** The errors on their cells, and the ones that belong to none; an error of a cell's actuals goes on that cell. */
	readonly placedErrors = $derived(placeActualErrors(errorsOnCells(this.read.cells, this.errors), this.read.cells));
	/** The actuals as written, errors and all, by cell (the tables on the cells). */
	readonly actualEntries = $derived(actualEntries(this.text));
	/** The report on screen: the running run's partial one, else the last complete good one. */
	readonly report = $derived<Report | null>((this.#partial ?? this.#complete)?.report ?? null);
	/** The scenarios on the charts, in order, each with its colour: the reference first. */
	readonly shownScenarios = $derived(
		[this.activeScenario, ...this.activeCompare, ...this.vary.flatMap((v) => varyName(v) ?? [])].map((name, i) => ({ name, color: scenarioColor(i), reference: i === 0 }))
	);
	/** The compared scenarios that the report on screen has results for, with their colours. */
	readonly compared = $derived.by(() => {
		const comparison = this.report?.comparison;
		if (!comparison) return [];
		return this.shownScenarios.flatMap((s) => (!s.reference && comparison.scenarios[s.name] ? [{ ...s, result: comparison.scenarios[s.name] }] : []));
	});
	/** The report on screen belongs to an older version of the model. */
	readonly stale = $derived.by(() => {
		const shown = this.#partial ?? this.#complete;
		return shown !== null && shown.key !== this.modelKey;
	});
	readonly partial = $derived(this.#partial !== null);
	/** The report's cycle review (SPEC §4.6), or null without actuals. */
	readonly calibration = $derived(this.report?.calibration ?? null);
	/** The last cycle with an actual, or null. */
	readonly lastActualCycle = $derived(
		this.calibration && this.calibration.points.length > 0 ? Math.max(...this.calibration.points.map((p) => p.cycle)) : null
	);
	/** The charts draw the posterior: asked for, and the report has one. */
	readonly showPosterior = $derived(this.calibration !== null && (this.givenActuals || this.rolledForward));
	/** The first cycle the fan charts show: the last cycle with actuals when rolled forward, else 0. */
	readonly viewFrom = $derived(
		this.rolledForward && this.report && this.lastActualCycle !== null && this.lastActualCycle < this.report.horizon ? this.lastActualCycle : 0
	);
	readonly dirty = $derived(this.text !== this.savedText);

	constructor(doc: NotebookDocument, services: SessionServices = browserServices()) {
		this.name = doc.name;
		this.text = doc.text;
		this.savedText = doc.text;
		this.baseVersion = doc.version;
		this.#services = services;
		this.#runs = new NotebookRuns(
			services.runner ?? noRunner,
			{
				state: (state) => (this.run = state),
				partial: (report) => (this.#partial = report),
				complete: (report) => (this.#complete = report),
				runErrors: (errors) => (this.#runErrors = errors)
			},
			// The first block's preview shows an edit on the charts at once; a run due to end within
			// 300 ms goes straight to its final report (a preview would arrive no sooner).
			{ everyMs: 250, unlessDueMs: 300 }
		);
		this.#saves = new NotebookSaves(doc.name, doc.version, services.store, {
			state: (state) => (this.save = state),
			saved: (file) => {
				this.savedText = file.text;
				this.baseVersion = file.version;
			}
		});
	}

	/** Starts the first run and looks for unsaved edits of an earlier visit. */
	async open(): Promise<void> {
		this.runNow();
		const drafts = this.#services.drafts;
		if (drafts === null) return;
		const draft = await drafts.load(this.name).catch(() => null);
		if (draft === null) return;
		if (draft.text === this.savedText) void drafts.delete(this.name);
		else if (draft.text !== this.text) this.draftOffer = draft;
	}

	dispose(): void {
		clearTimeout(this.#timer);
		this.#runs.dispose();
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
		this.#saves.edited();
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

	/** The view as the URL says: the reference, the compared scenarios and variants. */
	setView(view: ViewState): void {
		const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
		if (view.scenario === this.scenario && same(view.compare, this.compare) && same(view.vary, this.vary)) return;
		this.scenario = view.scenario;
		this.compare = view.compare;
		this.vary = view.vary;
		if (this.autoRun) this.#schedule(0);
	}

	/** The view now: reference, compared scenarios, variants. */
	get view(): ViewState {
		return { scenario: this.scenario, compare: [...this.compare], vary: [...this.vary] };
	}

	/** Asks for a view: through the URL when there is one, so back/forward and links keep it. */
	requestView(change: Partial<ViewState>, options: { replace?: boolean } = {}): void {
		const view = { ...this.view, ...change };
		if (this.navigate) this.navigate(view, options);
		else this.setView(view);
	}

	setFundingThrough(through: number | null): void {
		this.fundingThrough = through;
		if (this.autoRun) this.#schedule(0);
	}

	setSensitivityTarget(target: { cell: string; cycle: number } | null): void {
		this.sensitivityTarget = target;
		if (this.autoRun) this.#schedule(0);
	}

	// -------------------------------------------------------------------------------------------
	// Scenarios

	/** Scenario `scenario`'s entry for `cell`, as written, or null when it leaves the cell as the base has it. */
	overrideOf(scenario: string, cell: string): ScenarioEntry | null {
		if (scenario === 'base') return null;
		return this.scenarioEntries[scenario]?.[cell] ?? null;
	}

	/**
	 * Edits what scenario `scenario` gives cell `cell`: its new expression (`value`: a sample's
	 * sample, a formula's or stock's formula) or a stock's `init`. The base stays as it is.
	 */
	setOverride(scenario: string, cell: string, part: 'value' | 'init' | 'formula', expr: string, { typing = true } = {}): void {
		const current = this.overrideOf(scenario, cell);
		let next: ScenarioEntry;
		if (part === 'init') next = typeof current === 'string' ? { init: expr, formula: current } : { ...(current ?? {}), init: expr };
		else if (part === 'formula' && current !== null && typeof current !== 'string') next = { ...current, formula: expr };
		else next = expr;
		this.#change((text) => setScenarioEntry(text, scenario, cell, next), { typing });
	}

	/** Cell `cell` in scenario `scenario` is the base's again. */
	revertOverride(scenario: string, cell: string): void {
		this.#change((text) => setScenarioEntry(text, scenario, cell, null), { undoLabel: `${cell} reverted to the base in ${scenario}` });
	}

	createScenario(name: string, entries: Record<string, ScenarioEntry> = {}): boolean {
		return this.#changed((text) => addScenario(text, name, entries));
	}

	duplicateScenario(from: string, to: string): boolean {
		return this.#changed((text) => duplicateScenario(text, from, to));
	}

	renameScenario(from: string, to: string): boolean {
		const ok = this.#changed((text) => renameScenario(text, from, to));
		if (ok) {
			this.requestView(
				{ scenario: this.scenario === from ? to : this.scenario, compare: this.compare.map((name) => (name === from ? to : name)) },
				{ replace: true }
			);
		}
		return ok;
	}

	deleteScenario(name: string): boolean {
		const ok = this.#changed((text) => deleteScenario(text, name), `Scenario ${name} deleted`);
		if (ok) {
			this.requestView({ scenario: this.scenario === name ? 'base' : this.scenario, compare: this.compare.filter((n) => n !== name) }, { replace: true });
		}
		return ok;
	}

	/** Makes an edit; false (and `editError`) when the text helpers refused it. */
	#changed(change: (text: string) => string, undoLabel?: string): boolean {
		this.editError = null;
		this.#change(change, { undoLabel });
		return this.editError === null;
	}

	// -------------------------------------------------------------------------------------------
	// Actuals (SPEC §4.6)

	/** Sets cell `cell`'s actual at `cycle` (text as typed: a number, or an error the cell shows); `from` moves one from that cycle. */
	setActual(cell: string, cycle: number, value: number | string, options: { from?: number; typing?: boolean } = {}): boolean {
		return this.#changedTyping((text) => setActual(text, cell, cycle, value, { from: options.from }), options.typing ?? false);
	}

	removeActual(cell: string, cycle: number): boolean {
		this.editError = null;
		this.#change((text) => removeActual(text, cell, cycle), { undoLabel: `Actual of ${cell} removed` });
		return this.editError === null;
	}

	/** How cell `cell`'s measurements are uncertain: `{noise}`, `{sd}`, or null for the default. */
	setActualSpread(cell: string, spread: ActualSpread, { typing = true } = {}): boolean {
		return this.#changedTyping((text) => setActualNoise(text, cell, spread), typing);
	}

	setGivenActuals(on: boolean): void {
		this.givenActuals = on;
		if (!on) this.rolledForward = false;
	}

	setRolledForward(on: boolean): void {
		this.rolledForward = on;
		if (on) this.givenActuals = true;
	}

	#changedTyping(change: (text: string) => string, typing: boolean): boolean {
		this.editError = null;
		this.#change(change, { typing });
		return this.editError === null;
	}

	setAutoRun(autoRun: boolean): void {
		this.autoRun = autoRun;
		if (autoRun) this.#schedule(0);
	}

	// -------------------------------------------------------------------------------------------
	// Running

	#schedule(ms: number): void {
		clearTimeout(this.#timer);
		// no runs without a runner (rendering on the server): no timer either
		if (this.#services.runner === null) return;
		this.#timer = setTimeout(() => {
			if (this.modelKey !== this.#requestedKey) this.runNow();
		}, ms);
	}

	/** Runs the current model now, superseding any run under way. */
	runNow(): void {
		clearTimeout(this.#timer);
		this.#requestedKey = this.modelKey;
		const prepared = this.prepared;
		// Without a runner (rendering on the server) only an invalid notebook is said to be so.
		if (prepared.ok && this.#services.runner === null) return;
		void this.#runs.start(prepared, this.modelKey);
	}

	cancel(): void {
		this.#runs.cancel();
	}

	// -------------------------------------------------------------------------------------------
	// Saving

	async saveNow(): Promise<void> {
		if (await this.#saves.save(this.text)) {
			this.#keepDraft();
			this.onSaved?.();
		}
	}

	/** Conflict: overwrite the file with my text, knowing what it holds now. */
	async keepMine(): Promise<void> {
		if (await this.#saves.keepMine(this.text)) {
			this.#keepDraft();
			this.onSaved?.();
		}
	}

	/** Conflict: drop my edits and continue from the file as it is now. */
	takeTheirs(): void {
		const theirs = this.#saves.takeTheirs();
		if (theirs === null) return;
		this.undo = null;
		this.edit(theirs.text);
		this.#keepDraft();
	}

	/** Conflict: save my text as a new notebook `name`, and take theirs here. */
	async copyMine(name: string): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
		const copied = await this.#saves.copyMine(name, this.text);
		if (!copied.ok) return copied;
		this.takeTheirs();
		this.onSaved?.();
		return copied;
	}

	dismissSaveMessage(): void {
		this.#saves.dismiss();
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
		this.#saves.startFrom(draft.baseVersion);
		this.edit(draft.text);
	}

	discardDraft(): void {
		this.draftOffer = null;
		this.#keepDraft();
	}

	#keepDraft(): void {
		const drafts = this.#services.drafts;
		if (drafts === null) return;
		const work = this.text === this.savedText && this.draftOffer === null
			? drafts.delete(this.name)
			: this.text === this.savedText
				? Promise.resolve()
				: drafts.save(this.name, { text: this.text, baseVersion: this.baseVersion, savedAt: Date.now() });
		work.catch((error) => console.warn(`could not keep the unsaved edits of ${this.name} in the browser:`, error));
	}
}

/** The reader names the cell of an error in its actuals but no cell index: put it on that cell. */
function placeActualErrors(placed: ErrorsOnCells, cells: CellView[]): ErrorsOnCells {
	const byName = new Map<string, number>();
	for (const cell of cells) if (cell.kind === 'sample' || cell.kind === 'formula' || cell.kind === 'stock') byName.set(cell.name, cell.index);
	const general: NotebookError[] = [];
	const byCell = new Map(placed.byCell);
	for (const error of placed.general) {
		const index = error.cell !== null && error.message.startsWith('actuals of ') ? byName.get(error.cell) : undefined;
		if (index === undefined) general.push(error);
		else byCell.set(index, [...(byCell.get(index) ?? []), error]);
	}
	return general.length === placed.general.length ? placed : { byCell, general };
}

const noRunner = (): Runner => {
	throw new Error('this session has no runner');
};

/** The parts of a notebook that a report depends on, as a string to compare. */
function modelKeyOf(
	notebook: Notebook | null,
	options: { scenario: string; compare: string[]; vary: unknown[]; fundingThrough?: number; sensitivity?: unknown },
	text: string
): string {
	const { scenario, compare, vary, fundingThrough, sensitivity } = options;
	if (notebook === null) return `text:${text}`;
	const cells = notebook.cells.flatMap((cell) => {
		if (cell.kind === 'md' || cell.kind === 'chart') return [];
		const { line: _line, note: _note, unit: _unit, min: _min, max: _max, ...model } = cell;
		return [model];
	});
	const { horizon, trials, seed, cycle, runway } = notebook;
	const overrides = [scenario, ...compare].map((name) => (name === 'base' ? null : notebook.scenarios[name]));
	const events = notebook.events.map(({ name, condition }) => ({ name, condition }));
	const correlations = notebook.correlations?.map(({ a, b, target }) => ({ a, b, target }));
	const actuals = notebook.actuals?.map(({ line: _line, ...actual }) => actual);
	return JSON.stringify({ cells, horizon, trials, seed, cycle, runway, scenario, overrides, events, correlations, actuals, compare, vary, fundingThrough, sensitivity });
}
