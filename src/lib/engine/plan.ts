// Turns a parsed notebook into a plan: every expression parsed and checked, the cells in an order
// that respects their current-cycle dependencies, and every problem reported with file, line and
// cell. A plan is plain data (it crosses worker boundaries); blocks compile it where they run.
import { parseExpression, references, selfAsPrevious, walk, type Expr } from './language/expression';
import { assertNever } from './assertNever';
import { targetFactor } from './correlations';
import type { NamedCell, Notebook, NotebookError, Result, ScheduleCell } from './types';

export type PlannedCell = {
	name: string;
	/** a schedule is planned as the formula it stands for (a chain of conditions on t) */
	kind: Exclude<NamedCell['kind'], 'schedule'>;
	line: number;
	/** sample: the draw; formula: the formula; stock: the formula for t ≥ 1 */
	expr: Expr;
	/** stocks only: the value at t = 0 */
	init: Expr | null;
};

export type Plan = {
	file: string;
	title: string;
	cycle: string;
	horizon: number;
	/** every named cell in file order; indexes below refer to this list */
	cells: PlannedCell[];
	/** sample cells, dependencies first */
	sampleOrder: number[];
	/** formula cells and stocks, dependencies first (stocks' own names and lags excluded) */
	cycleOrder: number[];
	runway: number | null;
	/** SPEC §4.2: conditions observed at every cycle, in file order */
	events: PlannedEvent[];
	/** SPEC §4.6: each measured value with the sd of its measurement */
	actuals: PlannedActual[];
	/** SPEC §4.7: the correlated sample cells and the Cholesky factor of their targets; absent or null without */
	correlation?: PlannedCorrelation | null;
};

/** Sample cells whose draws are paired by Iman–Conover reordering (correlations.ts). */
export type PlannedCorrelation = { cells: number[]; factor: number[][] };

/** One measurement: cell (index) at cycle was `value`, measured with sd `sd`. */
export type PlannedActual = { cell: number; cycle: number; value: number; sd: number };

/** A named condition on the cells at a cycle (true when non-zero); it observes and never draws. */
export type PlannedEvent = { name: string; line: number; expr: Expr };

export function planNotebook(notebook: Notebook): Result<Plan> {
	const named = notebook.cells.filter((c): c is NamedCell => c.kind === 'sample' || c.kind === 'formula' || c.kind === 'stock' || c.kind === 'schedule');
	const names = new Set(named.map((c) => c.name));
	const kindOf = new Map(named.map((c) => [c.name, c.kind]));
	const errors: NotebookError[] = [];
	const at = (cell: NamedCell, message: string): NotebookError => ({ file: notebook.file, line: cell.line, cell: cell.name, code: 'expression', message });

	const parsed = (cell: NamedCell, source: string, what: string): Expr | null => {
		const result = parseExpression(source, names);
		if (result.ok) return result.value;
		for (const problem of result.errors) errors.push(at(cell, `${what}: ${problem.message}`));
		return null;
	};
	const onlySamples = (cell: NamedCell, expr: Expr | null, what: string) => {
		if (!expr) return;
		const { current, lagged } = references(expr);
		if (lagged.size > 0) errors.push(at(cell, `${what} is drawn once per trial: prev and delay have no meaning there`));
		for (const name of current) {
			if (kindOf.get(name) !== 'sample')
				errors.push(at(cell, `${what} may name only sample cells, but '${name}' is a ${kindOf.get(name)} cell`));
		}
	};

	const cells: PlannedCell[] = [];
	for (const cell of named) {
		if (cell.kind === 'schedule') {
			cells.push({ name: cell.name, kind: 'formula', line: cell.line, expr: scheduleExpr(cell, names, errors, notebook.file)!, init: null });
		} else if (cell.kind === 'sample') {
			const expr = parsed(cell, cell.sample, 'sample');
			onlySamples(cell, expr, 'sample');
			cells.push({ name: cell.name, kind: cell.kind, line: cell.line, expr: expr!, init: null });
		} else if (cell.kind === 'formula') {
			cells.push({ name: cell.name, kind: cell.kind, line: cell.line, expr: parsed(cell, cell.formula, 'formula')!, init: null });
		} else {
			const init = parsed(cell, cell.init, 'init');
			onlySamples(cell, init, 'init');
			const formula = parsed(cell, cell.formula, 'formula');
			cells.push({ name: cell.name, kind: cell.kind, line: cell.line, expr: formula ? selfAsPrevious(formula, cell.name) : formula!, init });
		}
	}
	const events: PlannedEvent[] = [];
	for (const event of notebook.events) {
		const result = parseExpression(event.condition, names);
		const where = { file: notebook.file, line: event.line, cell: null, code: 'expression' as const };
		if (!result.ok) {
			for (const problem of result.errors) errors.push({ ...where, message: `event '${event.name}': ${problem.message}` });
		} else if (draws(result.value)) {
			errors.push({ ...where, message: `event '${event.name}': a condition observes, it may not draw — put the draw in a sample cell and name that cell` });
		} else events.push({ name: event.name, line: event.line, expr: result.value });
	}
	for (const [i, cell] of cells.entries()) {
		for (const expr of [cell.expr, cell.init]) {
			if (!expr) continue;
			for (const problem of delayProblems(expr, kindOf)) errors.push(at(named[i], problem));
		}
	}
	const correlation = errors.length > 0 ? null : planCorrelations(notebook, cells, errors);
	if (errors.length > 0) return { ok: false, errors };

	const index = new Map(cells.map((c, i) => [c.name, i]));
	/** current-cycle dependencies (a stock's own name was already turned into a lag) */
	const dependencies = cells.map((cell) => {
		const { current } = references(cell.expr);
		return [...current].map((name) => index.get(name)!);
	});
	const samples = cells.map((_, i) => i).filter((i) => cells[i].kind === 'sample');
	const perCycle = cells.map((_, i) => i).filter((i) => cells[i].kind !== 'sample');
	const sampleOrder = topologicalOrder(samples, dependencies);
	const cycleOrder = topologicalOrder(perCycle, dependencies);
	for (const order of [sampleOrder, cycleOrder]) {
		if (order.ok) continue;
		const loop = order.loop.map((i) => cells[i].name);
		const first = cells[order.loop[0]];
		const hint = loop.length === 1 ? `use prev(${first.name}) or make it a stock with init` : 'break it with prev(), delay() or a stock';
		errors.push({
			file: notebook.file,
			line: first.line,
			cell: first.name,
			code: 'loop',
			message: `cells form a loop: ${loopText(loop)}; ${hint}`
		});
	}
	if (!sampleOrder.ok || !cycleOrder.ok) return { ok: false, errors };

	return {
		ok: true,
		value: {
			file: notebook.file,
			title: notebook.title,
			cycle: notebook.cycle,
			horizon: notebook.horizon,
			cells,
			sampleOrder: sampleOrder.order,
			cycleOrder: cycleOrder.order,
			runway: notebook.runway === null ? null : index.get(notebook.runway)!,
			events,
			actuals: (notebook.actuals ?? []).flatMap((actual) =>
				actual.points.map(({ cycle, value }) => ({ cell: index.get(actual.cell)!, cycle, value, sd: actual.sd ?? actual.noise! * Math.abs(value) }))
			),
			correlation
		}
	};
}

type Ordering = { ok: true; order: number[] } | { ok: false; loop: number[] };

/**
 * Orders `nodes` so each comes after its dependencies (depth-first, keeping file order where it
 * can); dependencies outside `nodes` are already known. On a loop, returns the cells that form it.
 * Iterative (an explicit stack), so a chain of 20,000 cells orders like a chain of 3.
 */
function topologicalOrder(nodes: number[], dependencies: number[][]): Ordering {
	const inSet = new Set(nodes);
	const state = new Map<number, 'visiting' | 'done'>();
	const order: number[] = [];
	// the path being visited, and for each of its nodes the next dependency to look at
	const path: number[] = [];
	const next: number[] = [];
	for (const root of nodes) {
		if (state.has(root)) continue;
		state.set(root, 'visiting');
		path.push(root);
		next.push(0);
		while (path.length > 0) {
			const top = path.length - 1;
			const node = path[top];
			const deps = dependencies[node];
			if (next[top] < deps.length) {
				const dep = deps[next[top]++];
				if (!inSet.has(dep)) continue;
				const seen = state.get(dep);
				if (seen === 'done') continue;
				if (seen === 'visiting') return { ok: false, loop: path.slice(path.indexOf(dep)) };
				state.set(dep, 'visiting');
				path.push(dep);
				next.push(0);
			} else {
				path.pop();
				next.pop();
				state.set(node, 'done');
				order.push(node);
			}
		}
	}
	return { ok: true, order };
}

/** A loop's cells for a message: all of them, or the first and last few of a long one. */
function loopText(names: string[]): string {
	const cycle = [...names, names[0]];
	if (cycle.length <= 12) return cycle.join(' → ');
	return [...cycle.slice(0, 5), `… ${(cycle.length - 10).toLocaleString('en-US')} more …`, ...cycle.slice(-5)].join(' → ');
}

/** Whether an expression calls a distribution (a lag's k is not looked at: delayProblems does). */
function draws(expr: Expr): boolean {
	let found = false;
	walk(expr, (e) => {
		if (found) return false;
		if (e.kind === 'draw') found = true;
		else if (e.kind === 'lag') {
			if (e.fallback !== null && draws(e.fallback)) found = true;
			return false;
		}
	});
	return found;
}

/**
 * A schedule as the formula it stands for: at cycle t the expression of the largest key ≤ t, 0
 * before the first key (SPEC §4.8). Built as a balanced tree of conditions on t, `t >= k_m ?
 * (the steps from m) : (the steps before m)`, so its depth grows with log₂ of the steps, not with
 * their number. Both branches of a condition are evaluated, later steps first, as in the chain
 * `t >= k_n ? e_n : t >= k_(n−1) ? … : 0`: the same values and the same draws.
 */
function scheduleExpr(cell: ScheduleCell, names: ReadonlySet<string>, errors: NotebookError[], file: string): Expr | null {
	const steps: { at: number; expr: Expr }[] = [];
	let failed = false;
	for (const step of cell.schedule) {
		const result = parseExpression(step.expr, names);
		if (!result.ok) {
			failed = true;
			for (const problem of result.errors)
				errors.push({ file, line: step.line, cell: cell.name, code: 'expression', message: `schedule at cycle ${step.at}: ${problem.message}` });
			continue;
		}
		steps.push({ at: step.at, expr: result.value });
	}
	if (failed) return null;
	if (steps.length === 0 || steps[0].at !== 0) steps.unshift({ at: 0, expr: { kind: 'number', value: 0 } });
	// steps[lo … hi], in increasing order of cycle, the first one holding from cycle 0 on (recursion depth: log₂)
	const tree = (lo: number, hi: number): Expr => {
		if (lo === hi) return steps[lo].expr;
		const mid = (lo + hi + 1) >> 1;
		const test: Expr = { kind: 'binary', op: '>=', left: { kind: 't' }, right: { kind: 'number', value: steps[mid].at } };
		return { kind: 'conditional', test, then: tree(mid, hi), otherwise: tree(lo, mid - 1) };
	};
	return tree(0, steps.length - 1);
}

/** SPEC §4.8: the k of a delay may name only sample cells, and may not draw. */
function delayProblems(expr: Expr, kindOf: ReadonlyMap<string, NamedCell['kind']>): string[] {
	const problems: string[] = [];
	walk(expr, (e) => {
		if (e.kind !== 'lag') return;
		if (e.fallback) problems.push(...delayProblems(e.fallback, kindOf));
		if (e.steps) {
			const { current, lagged } = references(e.steps);
			if (lagged.size > 0 || draws(e.steps)) problems.push(`the k of delay(${e.cell}, k) is drawn once per trial: it may name sample cells and constants, not draw or look back — put the draw in a sample cell`);
			for (const name of current) {
				if (kindOf.get(name) !== 'sample')
					problems.push(`the k of delay(${e.cell}, k) may name only sample cells (one k per trial), but '${name}' is a ${kindOf.get(name)} cell`);
			}
			if (hasT(e.steps)) problems.push(`the k of delay(${e.cell}, k) may not depend on t: it is one number per trial`);
		}
		return false; // the fallback was looked at above; the k is not a place for delays' own checks
	});
	return problems;
}

/** Whether an expression reads t (a lag's fallback and k are not looked at). */
function hasT(expr: Expr): boolean {
	let found = false;
	walk(expr, (e) => {
		if (found) return false;
		if (e.kind === 't') found = true;
		return e.kind !== 'lag';
	});
	return found;
}

/**
 * SPEC §4.7: the correlated cells and the factor of their targets. Each must be a sample cell whose
 * expression names no other cell; the targets must form a valid correlation matrix.
 */
function planCorrelations(notebook: Notebook, cells: PlannedCell[], errors: NotebookError[]): PlannedCorrelation | null {
	const pairs = notebook.correlations ?? [];
	if (pairs.length === 0) return null;
	const index = new Map(cells.map((c, i) => [c.name, i]));
	const members: number[] = [];
	const error = (line: number, cell: string, message: string) => errors.push({ file: notebook.file, line, cell, code: 'schema', message });
	let failed = false;
	for (const pair of pairs) {
		for (const name of [pair.a, pair.b]) {
			const i = index.get(name);
			if (i === undefined) {
				error(pair.line, name, `correlations: unknown cell '${name}'`);
				failed = true;
				continue;
			}
			const cell = cells[i];
			if (cell.kind !== 'sample') {
				error(pair.line, name, `correlations: '${name}' is a ${cell.kind} cell — only sample cells (drawn once per trial) can be correlated`);
				failed = true;
				continue;
			}
			const named = [...references(cell.expr).current];
			if (named.length > 0) {
				error(pair.line, name, `correlations: '${name}' names ${named.map((n) => `'${n}'`).join(', ')} — a correlated cell must be drawn on its own (its expression may name no other cell); correlate '${named[0]}' instead`);
				failed = true;
				continue;
			}
			if (!members.includes(i)) members.push(i);
		}
	}
	if (failed) return null;
	members.sort((x, y) => x - y);
	const position = new Map(members.map((cell, k) => [cell, k]));
	const matrix: number[][] = members.map((_, a) => members.map((__, b) => (a === b ? 1 : 0)));
	for (const pair of pairs) {
		const a = position.get(index.get(pair.a)!)!;
		const b = position.get(index.get(pair.b)!)!;
		matrix[a][b] = matrix[b][a] = pair.target;
	}
	const factor = targetFactor(matrix);
	if (factor === null) {
		const names = members.map((i) => cells[i].name);
		error(pairs[0].line, names[0], `correlations: the targets between ${names.map((n) => `'${n}'`).join(', ')} are not a valid correlation matrix (not positive definite: they contradict each other, e.g. a and b strongly alike, b and c too, but a and c opposed) — loosen one`);
		return null;
	}
	return { cells: members, factor };
}
