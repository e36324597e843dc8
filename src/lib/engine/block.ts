// Runs one block of trials through every cycle. The block is the unit of random streams: its draws
// depend only on (seed, block index, cell), never on which worker runs it or what ran before.
import { compile, constantProblems, type BlockState, type Compiled } from './language/compile';
import type { RunMeta } from './accumulator';
import type { Plan } from './plan';
import { BLOCK_SIZE, NO_STREAM, randomStream } from './rng';
import { applyRanks, targetRanks } from './correlations';

/** A scenario run beside the reference on the same trials (SPEC §4.3). */
export type PlannedVariant = {
	/** the scenario's name, or `NAME=EXPR` for a --vary variant */
	name: string;
	/** what it changes, as written: `{cell: expr}`, `{'cell.init': expr}` */
	overrides: Record<string, string>;
	plan: Plan;
	/** per cell: whether anything the variant changes reaches it; the others equal the reference's, trial by trial */
	reached: boolean[];
};

/** What a run's report answers besides the cells: SPEC §4.4 and §4.5. */
export type SensitivityTarget = { kind: 'runway' } | { kind: 'cell'; cell: number; cycle: number };

/** Everything a runner needs: plain data, safe to send to a worker. */
export type RunSpec = {
	/** the reference */
	plan: Plan;
	trials: number;
	seed: number;
	meta: RunMeta;
	/** exact: keep every value; sketch: log-bucket histograms, for runs too large to keep (sketch.ts) */
	quantiles: 'exact' | 'sketch';
	/** compared scenarios, run on the same trials; [] without --compare or --vary */
	variants: PlannedVariant[];
	/** the last cycle the funding need keeps the runway cell ≥ 0 through; null without a runway cell */
	fundingThrough: number | null;
	/** the outcome of the sensitivity; null when the notebook has nothing to explain */
	sensitivity: SensitivityTarget | null;
};

/** The values of one block: per cell, `n` trials (sample cells) or `n × (horizon + 1)` cycle-major. */
export type BlockValues = {
	block: number;
	n: number;
	/** per cell of the plan; a cell a variant does not reach holds the reference's array */
	values: Float64Array[];
	/** per trial, the first cycle at which the runway cell is below 0, or -1 if it never is */
	runwayOut: Int32Array | null;
	/** per event of the plan, per trial: the first cycle at which it holds, or -1 */
	events: Int32Array[];
};

/** A value that is not a number, or an invalid distribution parameter, met while running. */
export type BlockFailure = {
	block: number;
	/** the cell, or -1 when an event's condition failed (`event`) */
	cell: number;
	event?: number;
	/** the variant it happened in (0: the reference) */
	variant?: number;
	cycle: number;
	trials: number;
	message: string;
};

export type BlockOutcome = { ok: true; value: BlockValues } | { ok: false; failure: BlockFailure };

/** A variant's run of a block: the reference's values of the same block, and which cells to compute. */
export type SharedBlock = { values: Float64Array[]; reached: boolean[] };

/** Compiles a plan once and runs any block of it. */
export class BlockRunner {
	private readonly state: BlockState;
	private readonly compiled: { expr: Compiled; init: Compiled | null }[];
	private readonly events: Compiled[];
	private readonly zeros: Float64Array;

	/**
	 * `capacity`: the most trials a block of this run has (BLOCK_SIZE, or a smaller run's trials).
	 * Every node of the compiled expressions keeps an array of that many values.
	 */
	constructor(
		private readonly plan: Plan,
		private readonly seed: number,
		private readonly capacity = BLOCK_SIZE
	) {
		if (!Number.isInteger(capacity) || capacity < 1 || capacity > BLOCK_SIZE) throw new RangeError(`a block holds 1 to ${BLOCK_SIZE} trials, not ${capacity}`);
		this.zeros = new Float64Array(capacity);
		this.state = { n: 0, t: 0, rng: NO_STREAM, values: [], before: [], issue: null, epoch: 0 };
		const cellIndex = new Map(plan.cells.map((c, i) => [c.name, i]));
		// sample cells hold one value per trial for the whole block: arithmetic of them alone is
		// computed once a block (compile.ts), not at every cycle
		const fixedCells = new Set(plan.cells.flatMap((c, i) => (c.kind === 'sample' ? [i] : [])));
		const ctx = { state: this.state, capacity, cellIndex, fixedCells };
		this.compiled = plan.cells.map((cell) => ({
			expr: compile(cell.expr, ctx),
			init: cell.init ? compile(cell.init, ctx) : null
		}));
		this.events = plan.events.map((event) => compile(event.expr, ctx));
	}

	/**
	 * Compile-time problems (an invalid constant distribution parameter) as messages per cell: the
	 * first of each expression, init before formula.
	 */
	static check(plan: Plan): { cell: number; message: string }[] {
		return plan.cells.flatMap((cell, i) =>
			[cell.init, cell.expr].flatMap((expr) => (expr ? constantProblems(expr).slice(0, 1).map((p) => ({ cell: i, message: p.message })) : []))
		);
	}

	/** The sizes of a block's arrays: per cell, n (sample cells) or n × (horizon + 1). */
	arraySizes(n: number): number[] {
		const cycles = this.plan.horizon + 1;
		return this.plan.cells.map((cell) => (cell.kind === 'sample' ? n : n * cycles));
	}

	/**
	 * Runs one block of n trials, writing each cell's values into `into[cell]` when it has the
	 * size of `arraySizes(n)` (an array reused from an earlier block), else into a new array.
	 * With `shared` (a variant), only the reached cells are computed; the others are the
	 * reference's values of the same block.
	 */
	run(block: number, n: number, into: (Float64Array | undefined)[] = [], shared?: SharedBlock): BlockOutcome {
		const { plan, state, compiled, seed } = this;
		if (n > this.capacity) throw new RangeError(`a block of ${n} trials in a runner compiled for ${this.capacity}`);
		const cycles = plan.horizon + 1;
		state.n = n;
		state.issue = null;
		// a new block's sample values: what was computed once from the last block's is stale
		state.epoch = (state.epoch ?? 0) + 1;
		const sizes = this.arraySizes(n);
		const computes = (cell: number) => !shared || shared.reached[cell];
		const values = sizes.map((size, i) => {
			if (!computes(i)) return shared!.values[i];
			const reused = into[i];
			return reused && reused.length === size ? reused : new Float64Array(size);
		});
		state.values = plan.cells.map((cell, i) =>
			cell.kind === 'sample'
				? Array.from({ length: cycles }, () => values[i])
				: Array.from({ length: cycles }, (_, t) => values[i].subarray(t * n, (t + 1) * n))
		);
		state.before = plan.cells.map((cell, i) => (cell.kind === 'formula' ? this.zeros : state.values[i][0]));

		const evaluate = (cell: number, expr: Compiled, t: number, part: 'init' | 'value'): BlockFailure | null => {
			state.t = t;
			state.issue = null;
			const out = state.values[cell][t];
			expr.into(out);
			const bad = nonFinite(out, n);
			if (bad === 0) return null;
			const what = part === 'init' ? 'init' : plan.cells[cell].kind;
			const issue = state.issue as BlockState['issue'];
			const message = issue
				? 'message' in issue
					? `${what}: ${issue.message}`
					: `${what}: invalid ${issue.param} = ${issue.value} in ${issue.dist}()`
				: `${what}: the value is not a finite number (a division by 0, sqrt or log of a negative number, or an overflow)`;
			return { block, cell, cycle: t, trials: bad, message };
		};

		// Each cell draws from its own stream; a stock's init has one apart from its formula's.
		// Correlated cells (SPEC §4.7) name no other cell: they are drawn first, then paired anew by
		// Iman–Conover reordering (the same values, other trials), with the reorder's own stream per
		// (seed, block), before any sample cell that names them is drawn.
		const correlation = plan.correlation ?? null;
		const correlated = correlation === null ? [] : correlation.cells;
		for (const pass of correlation === null ? [false] : [true, false]) {
			for (const cell of plan.sampleOrder) {
				if (!computes(cell) || correlated.includes(cell) !== pass) continue;
				state.rng = randomStream(seed, block, plan.cells[cell].name);
				const failure = evaluate(cell, compiled[cell].expr, 0, 'value');
				if (failure) return { ok: false, failure };
			}
			if (pass && correlation !== null) {
				const ranks = targetRanks(n, correlation.factor, randomStream(seed, block, '#correlations'));
				correlated.forEach((cell, k) => {
					if (computes(cell)) applyRanks(values[cell], n, ranks[k]);
				});
			}
		}
		for (const [i, cell] of plan.cells.entries()) {
			if (cell.kind !== 'stock' || !computes(i)) continue;
			state.rng = randomStream(seed, block, cell.name, 'init');
			const failure = evaluate(i, compiled[i].init!, 0, 'init');
			if (failure) return { ok: false, failure };
		}
		const order = plan.cycleOrder.filter(computes);
		const streams = plan.cells.map((cell, i) => (computes(i) && cell.kind !== 'sample' ? randomStream(seed, block, cell.name) : NO_STREAM));
		const events = this.events.map(() => new Int32Array(n).fill(-1));
		const condition = new Float64Array(n);
		for (let t = 0; t < cycles; t++) {
			for (const cell of order) {
				if (t === 0 && plan.cells[cell].kind === 'stock') continue;
				state.rng = streams[cell];
				const failure = evaluate(cell, compiled[cell].expr, t, 'value');
				if (failure) return { ok: false, failure };
			}
			// Events observe the cells of cycle t once all of them are known.
			for (let e = 0; e < events.length; e++) {
				state.t = t;
				state.rng = NO_STREAM;
				this.events[e].into(condition);
				const bad = nonFinite(condition, n);
				if (bad > 0) {
					const message = `event '${plan.events[e].name}': the condition is not a finite number (a division by 0, sqrt or log of a negative number)`;
					return { ok: false, failure: { block, cell: -1, event: e, cycle: t, trials: bad, message } };
				}
				const first = events[e];
				for (let i = 0; i < n; i++) if (first[i] < 0 && condition[i] !== 0) first[i] = t;
			}
		}
		const runway = plan.runway === null ? null : runwayOut(values[plan.runway], n, cycles, plan.cells[plan.runway].kind === 'sample');
		return { ok: true, value: { block, n, values, runwayOut: runway, events } };
	}
}

/** How many of the first n values are NaN or infinite. */
function nonFinite(values: Float64Array, n: number): number {
	// Four at a time, one test for the four: x − x is 0 for a finite x and NaN otherwise, and a
	// NaN survives the sum. Counted one by one only once a NaN or infinity is there (a run error).
	let i = 0;
	for (; i + 4 <= n; i += 4) {
		const a = values[i], b = values[i + 1], c = values[i + 2], d = values[i + 3];
		if (a - a + (b - b) + (c - c) + (d - d) !== 0) break;
	}
	let bad = 0;
	for (; i < n; i++) if (values[i] - values[i] !== 0) bad++;
	return bad;
}

function runwayOut(values: Float64Array, n: number, cycles: number, constant: boolean): Int32Array {
	const out = new Int32Array(n).fill(-1);
	for (let i = 0; i < n; i++) {
		for (let t = 0; t < cycles; t++) {
			if (values[constant ? i : t * n + i] < 0) {
				out[i] = t;
				break;
			}
		}
	}
	return out;
}
