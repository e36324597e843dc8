// The engine's one pure entry point. `prepareRun` checks a notebook and fixes the run's settings;
// a RunSession does the work for any set of blocks; `simulate` runs everything in-process. Worker
// runners use the same session and accumulator and differ only in transport.
import { Accumulator, quantileMode, sketchPreviewAccumulator } from './accumulator';
import { BlockRunner, type BlockFailure, type PlannedVariant, type SensitivityTarget } from './block';
import { reachedCells } from './decisions/reach';
import { didYouMeanSuffix } from './language/didYouMean';
import { applyOverrides, applyScenario, type Override } from './notebook/scenarios';
import { planNotebook, type Plan } from './plan';
import type { RunSpec } from './block';
import { RunAborted, type RunHandlers, type Runner } from './run/runner';
import { RunSession } from './session';
export type { RunSpec } from './block';
import { BLOCK_SIZE, blockCount, trialsInBlock } from './rng';
import type { Notebook, NotebookError, Report, Result } from './types';

export type RunOptions = {
	scenario?: string;
	trials?: number;
	seed?: number;
	/** how percentiles are computed; by default exact unless the run is too large to keep */
	quantiles?: RunSpec['quantiles'];
	/** `--set` (SPEC §4.1): applied on top of the scenario, to every run of the invocation */
	overrides?: readonly Override[];
	/** `--compare` (SPEC §4.3): scenarios run beside the reference on the same trials */
	compare?: readonly string[] | 'all';
	/** `--vary`: variants of the reference with one override each */
	vary?: readonly Override[];
	/** `--funding-through` (SPEC §4.4); the horizon by default */
	fundingThrough?: number;
	/** `--sensitivity` (SPEC §4.5); the runway by default, else the last named cell at the horizon */
	sensitivity?: { kind: 'runway' } | { kind: 'cell'; cell: string; cycle: number };
};

export const MAX_TRIALS = 10_000_000;

const usage = (notebook: Notebook, message: string, cell: string | null = null): NotebookError => ({ file: notebook.file, line: null, cell, code: 'usage', message });

/** How an override is written in a report: `{cell: expr}` or `{'cell.init': expr}`. */
function written(overrides: readonly Override[]): Record<string, string> {
	return Object.fromEntries(overrides.map((o) => [o.part === 'init' ? `${o.name}.init` : o.name, o.expr]));
}

/**
 * A notebook with a scenario and overrides applied, planned and checked. Problems in an
 * override's expression are the request's (code `usage`), naming the flag and the cell.
 */
function planVariant(notebook: Notebook, scenario: string, overrides: readonly Override[], flag: string): Result<Plan> {
	const applied = applyScenario(notebook, scenario);
	if (!applied.ok) return applied;
	const overridden = applyOverrides(applied.value, overrides);
	if (!overridden.ok) return overridden;
	const planned = planNotebook(overridden.value);
	const plan = planned.ok ? planned.value : null;
	const problems = plan
		? BlockRunner.check(plan).map((p): NotebookError => ({ file: plan.file, line: plan.cells[p.cell].line, cell: plan.cells[p.cell].name, code: 'expression', message: p.message }))
		: planned.ok ? [] : planned.errors;
	if (problems.length > 0) {
		const byFlag = new Map(overrides.map((o) => [o.name, o]));
		const errors = problems.map((error) => {
			const override = error.cell === null ? undefined : byFlag.get(error.cell);
			if (!override) return error;
			return usage(notebook, `${flag} ${override.name}${override.part === 'init' ? '.init' : ''}=${override.expr}: ${error.message}`, error.cell);
		});
		return { ok: false, errors };
	}
	return { ok: true, value: plan! };
}

export function prepareRun(notebook: Notebook, options: RunOptions = {}): Result<RunSpec> {
	const scenario = options.scenario ?? 'base';
	const overrides = options.overrides ?? [];
	const planned = planVariant(notebook, scenario, overrides, '--set');
	if (!planned.ok) return planned;
	const plan = planned.value;

	const known = ['base', ...Object.keys(notebook.scenarios)];
	const compared = options.compare === 'all' ? known.filter((name) => name !== scenario) : (options.compare ?? []);
	const variants: PlannedVariant[] = [];
	const errors: NotebookError[] = [];
	for (const name of compared) {
		if (!known.includes(name)) {
			errors.push(usage(notebook, `--compare: unknown scenario '${name}'${didYouMeanSuffix(name, known)} (known: ${known.map((k) => `'${k}'`).join(', ')})`));
			continue;
		}
		if (name === scenario) {
			errors.push(usage(notebook, `--compare: '${name}' is the reference already — compare it with another scenario, or pick another with --scenario`));
			continue;
		}
		const variant = planVariant(notebook, name, overrides, '--set');
		if (!variant.ok) errors.push(...variant.errors);
		else variants.push({ name, overrides: scenarioOverrides(notebook, name), plan: variant.value, reached: reachedCells(plan, variant.value) });
	}
	for (const vary of options.vary ?? []) {
		const variant = planVariant(notebook, scenario, [...overrides, vary], '--vary');
		const name = `${vary.part === 'init' ? `${vary.name}.init` : vary.name}=${vary.expr}`;
		if (!variant.ok) errors.push(...variant.errors);
		else if (variants.some((v) => v.name === name)) errors.push(usage(notebook, `--vary ${name} is given twice`));
		else variants.push({ name, overrides: written([vary]), plan: variant.value, reached: reachedCells(plan, variant.value) });
	}

	let fundingThrough: number | null = null;
	if (plan.runway !== null) {
		fundingThrough = options.fundingThrough ?? plan.horizon;
		if (!Number.isInteger(fundingThrough) || fundingThrough < 1 || fundingThrough > plan.horizon)
			errors.push(usage(notebook, `--funding-through must be a whole number from 1 to the horizon (${plan.horizon}), not ${fundingThrough}`));
	} else if (options.fundingThrough !== undefined) {
		errors.push(usage(notebook, `--funding-through needs a runway cell: the notebook has no 'runway:'`));
	}
	const sensitivity = sensitivityTarget(notebook, plan, options.sensitivity, errors);
	if (errors.length > 0) return { ok: false, errors };

	const trials = options.trials ?? notebook.trials;
	const seed = options.seed ?? notebook.seed;
	const shape = { plan, variants, fundingThrough };
	return {
		ok: true,
		value: {
			...shape,
			trials,
			seed,
			meta: { title: notebook.title, scenario, seed, cycle: notebook.cycle, overrides: written(overrides) },
			// the posterior of actuals weighs every trial's values: such a run keeps them all
			quantiles: plan.actuals.length > 0 ? 'exact' : (options.quantiles ?? quantileMode(shape, trials)),
			sensitivity
		}
	};
}

/** A scenario's entries as a report writes them (`base`: none). */
function scenarioOverrides(notebook: Notebook, scenario: string): Record<string, string> {
	if (scenario === 'base') return {};
	return Object.fromEntries(
		Object.entries(notebook.scenarios[scenario]).flatMap(([name, override]): [string, string][] =>
			typeof override === 'string'
				? [[name, override]]
				: [...(override.formula !== undefined ? [[name, override.formula] as [string, string]] : []), ...(override.init !== undefined ? [[`${name}.init`, override.init] as [string, string]] : [])]
		)
	);
}

/** The sensitivity's outcome (SPEC §4.5): as asked, or the runway, or the last named cell at the horizon. */
function sensitivityTarget(notebook: Notebook, plan: Plan, asked: RunOptions['sensitivity'], errors: NotebookError[]): SensitivityTarget | null {
	if (plan.cells.length === 0) return null;
	if (!asked) return plan.runway !== null ? { kind: 'runway' } : { kind: 'cell', cell: plan.cells.length - 1, cycle: plan.horizon };
	if (asked.kind === 'runway') {
		if (plan.runway === null) errors.push(usage(notebook, `--sensitivity runway needs a runway cell: the notebook has no 'runway:' — write --sensitivity CELL@CYCLE`));
		return { kind: 'runway' };
	}
	const cell = plan.cells.findIndex((c) => c.name === asked.cell);
	if (cell < 0) {
		const names = plan.cells.map((c) => c.name);
		errors.push(usage(notebook, `--sensitivity: unknown cell '${asked.cell}'${didYouMeanSuffix(asked.cell, names)}`));
		return null;
	}
	if (!Number.isInteger(asked.cycle) || asked.cycle < 0 || asked.cycle > plan.horizon) {
		errors.push(usage(notebook, `--sensitivity ${asked.cell}@${asked.cycle}: the cycle must be a whole number from 0 to the horizon (${plan.horizon})`, asked.cell));
	}
	return { kind: 'cell', cell, cycle: asked.cycle };
}

/** Turns a block's failure into the error the user sees: cell (or event), line, cycle, how many trials and, in a comparison, which scenario. */
export function failureError(spec: RunSpec, failure: BlockFailure): NotebookError {
	const variant = failure.variant ? spec.variants[failure.variant - 1] : null;
	const plan = variant ? variant.plan : spec.plan;
	const where = failure.event !== undefined ? { line: plan.events[failure.event].line, cell: null } : { line: plan.cells[failure.cell].line, cell: plan.cells[failure.cell].name };
	const first = failure.block * BLOCK_SIZE;
	const size = trialsInBlock(failure.block, spec.trials);
	const scenario = variant ? `in scenario '${variant.name}': ` : '';
	return {
		file: plan.file,
		...where,
		code: 'run',
		message: `${scenario}${failure.message}, first at cycle ${failure.cycle}, in ${failure.trials} of ${size} trials (trials ${first + 1}–${first + size})`
	};
}

/** Runs a notebook in this thread. */
export function simulate(notebook: Notebook, options: RunOptions = {}): Result<Report> {
	const prepared = prepareRun(notebook, options);
	return prepared.ok ? runSpec(prepared.value) : prepared;
}

/**
 * Runs every block of a prepared run in this thread, telling `handlers.onProgress` after each
 * block. Throws RunAborted when `handlers.signal` is aborted between blocks.
 */
export function runSpec(spec: RunSpec, handlers: RunHandlers = {}): Result<Report> {
	const started = Date.now();
	const total = blockCount(spec.trials);
	const accumulator = new Accumulator(spec);
	const preview = sketchPreviewAccumulator(spec);
	const session = new RunSession(spec);
	for (let block = 0; block < total; block++) {
		if (handlers.signal?.aborted) throw new RunAborted('the run was cancelled');
		const batch = session.run([block]);
		if (!batch.ok) return { ok: false, errors: [failureError(spec, batch.failure)] };
		const result = batch.results[0];
		accumulator.add(result);
		if (preview && result.groups.length > 0) preview.add(result);
		if (handlers.onProgress && block + 1 < total) {
			const source = preview ?? accumulator;
			handlers.onProgress({
				done: block + 1,
				total,
				trialsReady: source.trialsReady,
				elapsedMs: Date.now() - started,
				preview: () => source.report(spec.meta, { ms: Date.now() - started, workers: 1 })
			});
		}
	}
	const sketch = session.takeSketch();
	if (sketch) accumulator.mergeSketch(sketch);
	const report = accumulator.report(spec.meta, { ms: Date.now() - started, workers: 1 });
	handlers.onProgress?.({ done: total, total, trialsReady: spec.trials, elapsedMs: Date.now() - started, preview: () => report });
	return { ok: true, value: report };
}

/** The Runner that runs in the caller's thread: no worker start-up, same numbers. */
export function inThreadRunner(): Runner {
	return {
		run: async (spec, handlers) => runSpec(spec, handlers),
		close: () => {}
	};
}
