// Scenarios (SPEC §1) and `--set` overrides (SPEC §4.1): reading them from the file, and applying
// them to a notebook. Both replace cells the same way (`overrideCell`).
import { didYouMeanSuffix } from '../language/didYouMean';
import type { CellOverride, NamedCell, Notebook, NotebookError, Result } from '../types';
import { checkExpression } from './check';
import { EXPRESSION_EXAMPLES, isPlainMap, OVERRIDE_KEYS, show, type PlainMap } from './schema';
import { keyLineOf, lineOf, report, type Path, type ReadContext } from './yamlLines';

/** The named cells of a notebook being read: each with its index, and its cell when it has no errors. */
export type DeclaredCells = Map<string, { index: number; cell: NamedCell | null }>;

/**
 * `cell` with a scenario's override applied, or why the override does not fit the cell's kind.
 * Shared by the reader (to report it at its line) and `applyScenario`.
 */
function overrideCell(cell: NamedCell, override: CellOverride, scenario: string): NamedCell | string {
	if (typeof override === 'string') {
		if (cell.kind === 'sample') return { ...cell, sample: override };
		if (cell.kind === 'schedule') return asFormula(cell, override);
		return { ...cell, formula: override };
	}
	const { init, formula } = override;
	if (init === undefined && formula === undefined) {
		return `scenario '${scenario}' gives cell '${cell.name}' neither init nor formula`;
	}
	switch (cell.kind) {
		case 'sample':
			return `scenario '${scenario}' gives sample cell '${cell.name}' ${init === undefined ? 'a formula' : 'an init'} — a sample cell takes a new sample expression, e.g. ${cell.name}: normal(0.04, 0.02)`;
		case 'formula':
			return init !== undefined
				? `scenario '${scenario}' gives cell '${cell.name}' an init, but '${cell.name}' is a formula, not a stock — give it a new formula only`
				: { ...cell, formula: formula as string };
		case 'stock':
			return { ...cell, init: init ?? cell.init, formula: formula ?? cell.formula };
		case 'schedule':
			return init !== undefined
				? `scenario '${scenario}' gives cell '${cell.name}' an init, but '${cell.name}' is a schedule, not a stock — give it a new formula only`
				: asFormula(cell, formula as string);
	}
}

/** A schedule replaced by an expression (a scenario, --set): a formula cell of the same name and hints. */
function asFormula(cell: Extract<NamedCell, { kind: 'schedule' }>, formula: string): NamedCell {
	const { schedule: _schedule, kind: _kind, ...rest } = cell;
	return { ...rest, kind: 'formula', formula };
}

/** The top-level `scenarios:` map. An override's error belongs to the cell it names. */
export function readScenarios(
	context: ReadContext,
	raw: PlainMap,
	declared: DeclaredCells
): { scenarios: Notebook['scenarios']; scenarioLines: Notebook['scenarioLines'] } {
	const scenarios: Notebook['scenarios'] = Object.create(null);
	const scenarioLines: Notebook['scenarioLines'] = Object.create(null);
	for (const [scenario, rawOverrides] of Object.entries(raw)) {
		const line = keyLineOf(context, ['scenarios'], scenario);
		if (scenario.trim() === '') {
			report(context, line, null, 'a scenario needs a name');
			continue;
		}
		if (scenario === 'base') {
			report(context, line, null, `'base' is the notebook itself — give the scenario another name`);
			continue;
		}
		if (scenario in Object.prototype) {
			report(context, line, null, `scenario name '${scenario}' is reserved (every JavaScript object has it) — pick another name`);
			continue;
		}
		// An empty scenario (every override commented out) is the base notebook under another name.
		if (rawOverrides !== null && !isPlainMap(rawOverrides)) {
			report(context, lineOf(context, ['scenarios', scenario]), null, `scenario '${scenario}' must map cell names to new expressions, not ${show(rawOverrides)}`);
			continue;
		}
		const overrides: Record<string, CellOverride> = Object.create(null);
		for (const [name, rawOverride] of Object.entries(rawOverrides ?? {})) {
			const at = ['scenarios', scenario, name];
			const overrideLine = keyLineOf(context, ['scenarios', scenario], name);
			if (overrideLine !== null) scenarioLines[`${scenario}/${name}`] = overrideLine;
			const target = declared.get(name);
			if (target === undefined) {
				report(context, overrideLine, null, `unknown cell '${name}' in scenario '${scenario}'${didYouMeanSuffix(name, declared.keys())}`);
				continue;
			}
			context.cellIndex = target.index;
			try {
				const override = readOverride(context, rawOverride, at, scenario, name);
				if (override === null) continue;
				if (target.cell) {
					const applied = overrideCell(target.cell, override, scenario);
					if (typeof applied === 'string') {
						report(context, overrideLine, name, applied);
						continue;
					}
				}
				overrides[name] = override;
			} finally {
				context.cellIndex = null;
			}
		}
		scenarios[scenario] = overrides;
	}
	return { scenarios, scenarioLines };
}

function readOverride(context: ReadContext, raw: unknown, at: Path, scenario: string, name: string): CellOverride | null {
	const where = `scenario '${scenario}' for cell '${name}'`;
	if (!isPlainMap(raw)) return checkExpression(context, raw, at, name, `the override of '${name}' in scenario '${scenario}'`, 'normal(0.04, 0.02)');
	// {init?, formula?}: unknown keys first, then each expression, as `check` reports a map's issues
	let failed = false;
	for (const key of Object.keys(raw)) {
		if (OVERRIDE_KEYS.includes(key)) continue;
		report(context, keyLineOf(context, at, key), name, `unknown key '${key}' in ${where}${didYouMeanSuffix(key, OVERRIDE_KEYS)}`);
		failed = true;
	}
	const override: { init?: string; formula?: string } = {};
	for (const key of ['init', 'formula'] as const) {
		if (raw[key] === undefined) continue;
		const text = checkExpression(context, raw[key], [...at, key], name, `${key} in ${where}`, EXPRESSION_EXAMPLES[key]);
		if (text === null) failed = true;
		else override[key] = text;
	}
	return failed ? null : override;
}

/** The index in `notebook.cells` of each named cell. */
function namedCellIndex(notebook: Notebook): Map<string, number> {
	const indexByName = new Map<string, number>();
	notebook.cells.forEach((cell, index) => {
		if (cell.kind !== 'md' && cell.kind !== 'chart') indexByName.set(cell.name, index);
	});
	return indexByName;
}

/**
 * The notebook with scenario `scenario`'s overrides applied. `base` is the notebook itself; an
 * unknown scenario, an unknown cell or an override that does not fit its cell is an error.
 */
export function applyScenario(notebook: Notebook, scenario: string): Result<Notebook> {
	if (scenario === 'base') return { ok: true, value: notebook };
	const known = Object.keys(notebook.scenarios);
	if (!Object.hasOwn(notebook.scenarios, scenario)) {
		const list = ['base', ...known].map((name) => `'${name}'`).join(', ');
		const message = `unknown scenario '${scenario}'${didYouMeanSuffix(scenario, ['base', ...known])} (known: ${list})`;
		return { ok: false, errors: [{ file: notebook.file, line: null, cell: null, code: 'usage', message }] };
	}
	const indexByName = namedCellIndex(notebook);
	const cells = notebook.cells.slice();
	const errors: NotebookError[] = [];
	for (const [name, override] of Object.entries(notebook.scenarios[scenario])) {
		const key = `${scenario}/${name}`;
		const line = Object.hasOwn(notebook.scenarioLines, key) ? notebook.scenarioLines[key] : null;
		const index = indexByName.get(name);
		if (index === undefined) {
			const message = `unknown cell '${name}' in scenario '${scenario}'${didYouMeanSuffix(name, indexByName.keys())}`;
			errors.push({ file: notebook.file, line, cell: null, code: 'schema', message });
			continue;
		}
		const applied = overrideCell(cells[index] as NamedCell, override, scenario);
		if (typeof applied === 'string') errors.push({ file: notebook.file, line, cell: name, code: 'schema', message: applied });
		else cells[index] = applied;
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { ...notebook, cells } };
}

/** One `--set` (SPEC §4.1): `NAME=EXPR` replaces the cell's value, `NAME.init=EXPR` a stock's init. */
export type Override = { name: string; part: 'value' | 'init'; expr: string };

const usage = (message: string, cell: string | null = null, file = ''): NotebookError => ({ file, line: null, cell, code: 'usage', message });

/** Splits the text of one `--set` at its first `=`: `users=500`, `users.init=500`. */
export function parseOverrideFlag(text: string): Result<Override> {
	const at = text.indexOf('=');
	if (at < 0) return { ok: false, errors: [usage(`--set needs NAME=EXPR (or NAME.init=EXPR for a stock's init), not '${text}'`)] };
	let name = text.slice(0, at).trim();
	const expr = text.slice(at + 1).trim();
	let part: Override['part'] = 'value';
	if (name.endsWith('.init')) {
		name = name.slice(0, -'.init'.length).trim();
		part = 'init';
	}
	if (name === '') return { ok: false, errors: [usage(`--set '${text}' names no cell — write NAME=EXPR`)] };
	if (expr === '') {
		return { ok: false, errors: [usage(`--set '${text}' gives no expression — write ${name}${part === 'init' ? '.init' : ''}=EXPR`, name)] };
	}
	return { ok: true, value: { name, part, expr } };
}

/**
 * The notebook with `--set` overrides applied, in order, as a scenario entry would apply them: the
 * new sample of a sample cell, the new formula of a formula cell or a stock, or (`.init`) a stock's
 * new init. An unknown cell, or `.init` on a cell that is not a stock, is a usage error.
 * The expressions are checked when the notebook is planned.
 */
export function applyOverrides(notebook: Notebook, overrides: readonly Override[]): Result<Notebook> {
	if (overrides.length === 0) return { ok: true, value: notebook };
	const indexByName = namedCellIndex(notebook);
	const cells = notebook.cells.slice();
	const errors: NotebookError[] = [];
	for (const { name, part, expr } of overrides) {
		const index = indexByName.get(name);
		if (index === undefined) {
			errors.push(usage(`unknown cell '${name}' in --set${didYouMeanSuffix(name, indexByName.keys())}`, null, notebook.file));
			continue;
		}
		const cell = cells[index] as NamedCell;
		if (part === 'init' && cell.kind !== 'stock') {
			const message = `--set ${name}.init: '${name}' is a ${cell.kind} cell, not a stock — only a stock has an init; write --set ${name}=EXPR`;
			errors.push(usage(message, name, notebook.file));
			continue;
		}
		const applied = overrideCell(cell, part === 'init' ? { init: expr } : expr, '--set');
		if (typeof applied === 'string') errors.push(usage(applied, name, notebook.file));
		else cells[index] = applied;
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { ...notebook, cells } };
}
