// Runs one block of trials through every cycle. The block is the unit of random streams: its draws
// depend only on (seed, block index, cell), never on which worker runs it or what ran before.
import { compile, constantProblems, type BlockState, type Compiled } from './language/compile';
import type { RunMeta } from './accumulator';
import type { Plan } from './plan';
import { BLOCK_SIZE, randomStream } from './rng';

/** Everything a runner needs: plain data, safe to send to a worker. */
export type RunSpec = {
	plan: Plan;
	trials: number;
	seed: number;
	meta: RunMeta;
	/** exact: keep every value; sketch: log-bucket histograms, for runs too large to keep (sketch.ts) */
	quantiles: 'exact' | 'sketch';
};

/** The values of one block: per cell, `n` trials (sample cells) or `n × (horizon + 1)` cycle-major. */
export type BlockValues = {
	block: number;
	n: number;
	values: Float64Array[];
	/** sketch mode: the sum of each series over the block's trials, in place of `values` */
	sums?: Float64Array;
	/** per trial, the first cycle at which the runway cell is below 0, or -1 if it never is */
	runwayOut: Int32Array | null;
};

/** A value that is not a number, or an invalid distribution parameter, met while running. */
export type BlockFailure = { block: number; cell: number; cycle: number; trials: number; message: string };

export type BlockOutcome = { ok: true; value: BlockValues } | { ok: false; failure: BlockFailure };

/** Compiles a plan once and runs any block of it. */
export class BlockRunner {
	private readonly state: BlockState;
	private readonly compiled: { expr: Compiled; init: Compiled | null }[];
	private readonly zeros = new Float64Array(BLOCK_SIZE);

	constructor(
		private readonly plan: Plan,
		private readonly seed: number
	) {
		this.state = { n: 0, t: 0, rng: Math.random, values: [], before: [], issue: null };
		const cellIndex = new Map(plan.cells.map((c, i) => [c.name, i]));
		const ctx = { state: this.state, capacity: BLOCK_SIZE, cellIndex };
		this.compiled = plan.cells.map((cell) => ({
			expr: compile(cell.expr, ctx),
			init: cell.init ? compile(cell.init, ctx) : null
		}));
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
	 * Runs one block of n trials, writing the values into `into` when its arrays have the sizes
	 * of `arraySizes(n)` (arrays reused from an earlier block), else into new arrays.
	 */
	run(block: number, n: number, into?: Float64Array[]): BlockOutcome {
		const { plan, state, compiled, seed } = this;
		const cycles = plan.horizon + 1;
		state.n = n;
		state.issue = null;
		const sizes = this.arraySizes(n);
		const values = into && into.every((a, i) => a.length === sizes[i]) ? into : sizes.map((size) => new Float64Array(size));
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
			let bad = 0;
			for (let i = 0; i < n; i++) if (out[i] - out[i] !== 0) bad++;
			if (bad === 0) return null;
			const what = part === 'init' ? 'init' : plan.cells[cell].kind;
			const issue = state.issue as BlockState['issue'];
			const message = issue
				? `${what}: invalid ${issue.param} = ${issue.value} in ${issue.dist}()`
				: `${what}: the value is not a finite number (a division by 0, sqrt or log of a negative number, or an overflow)`;
			return { block, cell, cycle: t, trials: bad, message };
		};

		// Each cell draws from its own stream; a stock's init has one apart from its formula's.
		const streams = plan.cells.map((cell) => randomStream(seed, block, cell.name));
		for (const cell of plan.sampleOrder) {
			state.rng = streams[cell];
			const failure = evaluate(cell, compiled[cell].expr, 0, 'value');
			if (failure) return { ok: false, failure };
		}
		for (const [i, cell] of plan.cells.entries()) {
			if (cell.kind !== 'stock') continue;
			state.rng = randomStream(seed, block, cell.name, 'init');
			const failure = evaluate(i, compiled[i].init!, 0, 'init');
			if (failure) return { ok: false, failure };
		}
		for (let t = 0; t < cycles; t++) {
			for (const cell of plan.cycleOrder) {
				if (t === 0 && plan.cells[cell].kind === 'stock') continue;
				state.rng = streams[cell];
				const failure = evaluate(cell, compiled[cell].expr, t, 'value');
				if (failure) return { ok: false, failure };
			}
		}
		return { ok: true, value: { block, n, values, runwayOut: plan.runway === null ? null : runwayOut(values[plan.runway], n, cycles, plan.cells[plan.runway].kind === 'sample') } };
	}
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
