// Compiles an expression tree into closures that work on a whole block of trials at once: each
// node fills a typed array of the block's trials, so the interpreter's cost is paid once per node
// per cycle, not once per trial. Loops are written out per operator, and per function in the
// registry (functions.ts), so each stays monomorphic.
import { DISTRIBUTIONS, type DistributionName } from './distributions';
import { assertNever } from '../assertNever';
import type { BinaryOp, Expr, ExpressionProblem } from './expression';
import { MATH_FUNCTIONS, type BinaryLoop, type MathName, type Quaternary, type TernaryLoop, type UnaryLoop } from './functions';
import type { RandomSource } from '../rng';

/** A parameter of a distribution that was invalid for some trial, kept for the error message. */
export type DrawIssue = { dist: string; param: string; value: number };
/** Another invalid argument met while running (a capacity built-in's, a delay's k): its message. */
export type RunIssue = { message: string };

/** What compiled expressions read while a block runs. One per plan instance, reused for every block. */
export type BlockState = {
	/** trials in the current block (≤ capacity) */
	n: number;
	t: number;
	rng: RandomSource;
	/** values[cell][t]: the cell's values at cycle t (sample cells: the same array at every t) */
	values: Float64Array[][];
	/** each cell's value before the start: a stock's init, a sample's value, 0 for a formula */
	before: Float64Array[];
	/** the first invalid distribution parameter or argument met while evaluating the current cell */
	issue: DrawIssue | RunIssue | null;
	/**
	 * Changes whenever the fixed cells (CompileContext `fixedCells`) hold a new block's values:
	 * what is computed from them alone is computed again only then.
	 */
	epoch?: number;
};

/**
 * A compiled expression. `get()` returns the block's values (its own scratch buffer, or a cell's
 * values where they already live); `into(out)` writes them straight into `out`, which saves a copy
 * for the expression at the root of a cell.
 */
export type Compiled = { constant: number | null; get: () => Float64Array; into: (out: Float64Array) => void };

export type CompileContext = {
	state: BlockState;
	capacity: number;
	cellIndex: ReadonlyMap<string, number>;
	/**
	 * Where to note a distribution whose parameters are constant and invalid. Its draw still
	 * compiles, checking each trial, so a run that skipped `constantProblems` fails as a run error.
	 */
	problems?: ExpressionProblem[];
	/**
	 * Cells whose values are the same at every cycle of a block (sample cells), set once the block
	 * has drawn them, before anything reads them. A part of an expression that is plain arithmetic
	 * of these cells and numbers (no t, prev or delay, draw or checked function: nothing that
	 * draws or notes an issue) has the same values at every cycle: it is computed once a block, at
	 * the first cycle that needs it, when `state.epoch` has changed. Without it, every cycle.
	 */
	fixedCells?: ReadonlySet<number>;
};

export function compile(expr: Expr, ctx: CompileContext): Compiled {
	if (!ctx.fixedCells) return compileNode(expr, ctx);
	return compileNode(expr, { ...ctx, fixed: { cells: ctx.fixedCells, known: new Map() } });
}

/** The fixed cells, and which nodes are fixed (memo: a question about a node asks about its whole subtree). */
type FixedParts = { cells: ReadonlySet<number>; known: Map<Expr, boolean> };

/** Whether `expr` is plain arithmetic of fixed cells and numbers (see CompileContext `fixedCells`). */
function isFixed(expr: Expr, ctx: CompileContext, fixed: FixedParts): boolean {
	const known = fixed.known.get(expr);
	if (known !== undefined) return known;
	let result: boolean;
	switch (expr.kind) {
		case 'number':
			result = true;
			break;
		case 'cell':
			result = fixed.cells.has(ctx.cellIndex.get(expr.name)!);
			break;
		case 'negate':
		case 'not':
			result = isFixed(expr.arg, ctx, fixed);
			break;
		case 'binary':
			result = isFixed(expr.left, ctx, fixed) && isFixed(expr.right, ctx, fixed);
			break;
		case 'conditional':
			result = isFixed(expr.test, ctx, fixed) && isFixed(expr.then, ctx, fixed) && isFixed(expr.otherwise, ctx, fixed);
			break;
		case 'math':
			result = MATH_FUNCTIONS[expr.fn].compute.shape !== 'checked' && expr.args.every((a) => isFixed(a, ctx, fixed));
			break;
		case 't':
		case 'lag':
		case 'draw':
			result = false;
			break;
		default:
			return assertNever(expr);
	}
	fixed.known.set(expr, result);
	return result;
}

/** `inner`, computed once per `state.epoch` into a buffer of its own. */
function oncePerBlock(inner: Compiled, capacity: number, state: BlockState): Compiled {
	const buffer = new Float64Array(capacity);
	let epoch: number | undefined;
	const get = () => {
		if (epoch !== state.epoch || epoch === undefined) {
			inner.into(buffer);
			epoch = state.epoch;
		}
		return buffer;
	};
	return {
		constant: null,
		get,
		into: (out) => {
			const values = get();
			for (let i = 0; i < state.n; i++) out[i] = values[i];
		}
	};
}

/** Never called: compiling draws nothing. */
const NO_DRAWS: RandomSource = () => NaN;

/**
 * The problems an expression has before any trial runs: a distribution whose parameters are
 * constant (after folding) and invalid, e.g. normal(0, -1). Messages as in `invalid sd in
 * normal(mean, sd): mean = 0, sd = -1`, in the order the compiler meets them.
 */
export function constantProblems(expr: Expr): ExpressionProblem[] {
	const problems: ExpressionProblem[] = [];
	const state: BlockState = { n: 0, t: 0, rng: NO_DRAWS, values: [], before: [], issue: null };
	compile(expr, { state, capacity: 1, cellIndex: new Map(), problems });
	return problems;
}

function constant(value: number, capacity: number): Compiled {
	const buffer = new Float64Array(capacity).fill(value);
	return { constant: value, get: () => buffer, into: (out) => out.fill(value) };
}

/** A node whose values live elsewhere (a cell's, t's): `into` copies them. */
function view(get: () => Float64Array): Compiled {
	return {
		constant: null,
		get,
		into: (out) => {
			const values = get();
			out.set(values.length === out.length ? values : values.subarray(0, out.length));
		}
	};
}

/** A node that computes its values: `into` writes them; `get` writes them to its own scratch. */
function computed(capacity: number, into: (out: Float64Array) => void): Compiled {
	const scratch = new Float64Array(capacity);
	return {
		constant: null,
		get: () => {
			into(scratch);
			return scratch;
		},
		into
	};
}

/**
 * Recursive, as are the closures it builds (each node's `get` calls its operands'): both are
 * bounded by `LIMITS.depth` of a parsed expression (expression.ts), plus the log₂ of a schedule's
 * steps (plan.ts). A function's arguments are a list, not a nesting.
 */
function compileNode(expr: Expr, ctx: CompileContext & { fixed?: FixedParts }): Compiled {
	const { state, capacity, fixed } = ctx;
	// the largest fixed parts: computed once a block (a number folds; a cell is a view already)
	if (fixed && expr.kind !== 'number' && expr.kind !== 'cell' && isFixed(expr, ctx, fixed)) {
		const inner = compileNode(expr, { ...ctx, fixed: undefined });
		return inner.constant !== null ? inner : oncePerBlock(inner, capacity, state);
	}
	switch (expr.kind) {
		case 'number':
			return constant(expr.value, capacity);
		case 't': {
			const buffer = new Float64Array(capacity);
			let filledFor = -1;
			return view(() => {
				if (filledFor !== state.t) buffer.fill((filledFor = state.t));
				return buffer;
			});
		}
		case 'cell': {
			const index = ctx.cellIndex.get(expr.name)!;
			return view(() => state.values[index][state.t]);
		}
		case 'lag':
			return lag(expr, ctx);
		case 'negate':
			return unary(compileNode(expr.arg, ctx), capacity, state, (a, out, n) => {
				for (let i = 0; i < n; i++) out[i] = -a[i];
			}, (x) => -x);
		case 'not':
			return unary(compileNode(expr.arg, ctx), capacity, state, (a, out, n) => {
				for (let i = 0; i < n; i++) { const x = a[i]; out[i] = (x === 0 ? 1 : 0) + (x - x); }
			}, (x) => (x === 0 ? 1 : 0) + (x - x));
		case 'binary':
			return binary(expr.op, compileNode(expr.left, ctx), compileNode(expr.right, ctx), capacity, state);
		case 'conditional':
			return conditional(expr, ctx);
		case 'math':
			return math(expr.fn, expr.args.map((a) => compileNode(a, ctx)), ctx);
		case 'draw':
			return draw(expr.dist, expr.args.map((a) => compileNode(a, ctx)), ctx);
		default:
			return assertNever(expr);
	}
}

function unary(arg: Compiled, capacity: number, state: BlockState, loop: UnaryLoop, fold: (x: number) => number): Compiled {
	if (arg.constant !== null) return constant(fold(arg.constant), capacity);
	return computed(capacity, (out) => loop(arg.get(), out, state.n));
}

// A non-finite value met anywhere inside an expression reaches the cell as NaN (SPEC §1: a
// non-finite value in any trial is an error naming the cell and cycle). + − * and negation carry
// NaN and ±Infinity on their own. Every operator that could turn one into a finite number —
// comparisons and logic (Infinity > 5 is not 1), '/' (1 / Infinity is not 0), '^' (NaN ^ 0 is
// not 1), min/max/clamp/exp (functions.ts) — adds (x − x) for each operand: 0 when x is finite,
// NaN when it is NaN or ±Infinity. Branch-free, and the loops stay monomorphic.
//
// + − * (the most met) go four trials a step: V8 checks each typed array again at every access
// after a store, and fewer steps cost fewer of the loop's own checks (~35% faster here).
const BINARY_LOOPS: Record<BinaryOp, BinaryLoop> = {
	'+': (a, b, o, n) => {
		let i = 0;
		for (; i + 4 <= n; i += 4) { o[i] = a[i] + b[i]; o[i + 1] = a[i + 1] + b[i + 1]; o[i + 2] = a[i + 2] + b[i + 2]; o[i + 3] = a[i + 3] + b[i + 3]; }
		for (; i < n; i++) o[i] = a[i] + b[i];
	},
	'-': (a, b, o, n) => {
		let i = 0;
		for (; i + 4 <= n; i += 4) { o[i] = a[i] - b[i]; o[i + 1] = a[i + 1] - b[i + 1]; o[i + 2] = a[i + 2] - b[i + 2]; o[i + 3] = a[i + 3] - b[i + 3]; }
		for (; i < n; i++) o[i] = a[i] - b[i];
	},
	'*': (a, b, o, n) => {
		let i = 0;
		for (; i + 4 <= n; i += 4) { o[i] = a[i] * b[i]; o[i + 1] = a[i + 1] * b[i + 1]; o[i + 2] = a[i + 2] * b[i + 2]; o[i + 3] = a[i + 3] * b[i + 3]; }
		for (; i < n; i++) o[i] = a[i] * b[i];
	},
	'/': (a, b, o, n) => { for (let i = 0; i < n; i++) { const y = b[i]; o[i] = a[i] / y + (y - y); } },
	'^': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = Math.pow(x, y) + (x - x) + (y - y); } },
	'<': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x < y ? 1 : 0) + (x - x) + (y - y); } },
	'>': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x > y ? 1 : 0) + (x - x) + (y - y); } },
	'<=': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x <= y ? 1 : 0) + (x - x) + (y - y); } },
	'>=': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x >= y ? 1 : 0) + (x - x) + (y - y); } },
	'==': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x === y ? 1 : 0) + (x - x) + (y - y); } },
	'!=': (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x !== y ? 1 : 0) + (x - x) + (y - y); } },
	and: (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x !== 0 && y !== 0 ? 1 : 0) + (x - x) + (y - y); } },
	or: (a, b, o, n) => { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; o[i] = (x !== 0 || y !== 0 ? 1 : 0) + (x - x) + (y - y); } }
};

function binary(op: BinaryOp, left: Compiled, right: Compiled, capacity: number, state: BlockState): Compiled {
	const loop = BINARY_LOOPS[op];
	if (left.constant !== null && right.constant !== null) {
		const a = new Float64Array([left.constant]);
		const b = new Float64Array([right.constant]);
		const o = new Float64Array(1);
		loop(a, b, o, 1);
		return constant(o[0], capacity);
	}
	return computed(capacity, (out) => loop(left.get(), right.get(), out, state.n));
}

function conditional(expr: Extract<Expr, { kind: 'conditional' }>, ctx: CompileContext): Compiled {
	const { state, capacity } = ctx;
	const test = compileNode(expr.test, ctx);
	const then = compileNode(expr.then, ctx);
	const otherwise = compileNode(expr.otherwise, ctx);
	// Both branches are evaluated for every trial, so each branch draws the same random numbers
	// whatever the test: the draws of one trial never depend on another's path. An invalid value in
	// the branch not taken does not reach the cell. A test that is not finite (NaN, ±Infinity)
	// takes no branch: the value is NaN.
	return computed(capacity, (out) => {
		const c = test.get();
		const a = then.get();
		const b = otherwise.get();
		for (let i = 0; i < state.n; i++) {
			const x = c[i];
			out[i] = (x !== 0 ? a[i] : b[i]) + (x - x);
		}
	});
}

function lag(expr: Extract<Expr, { kind: 'lag' }>, ctx: CompileContext): Compiled {
	const { state } = ctx;
	const index = ctx.cellIndex.get(expr.cell)!;
	const fallback = expr.fallback ? compileNode(expr.fallback, ctx) : null;
	if (expr.steps) return uncertainLag(expr.cell, index, compileNode(expr.steps, ctx), fallback, ctx);
	const steps = expr.lag;
	return view(() => {
		if (state.t >= steps) return state.values[index][state.t - steps];
		return fallback ? fallback.get() : state.before[index];
	});
}

/**
 * delay(x, k) with k an expression of sample cells (SPEC §4.8): each trial rounds its k (halves away
 * from zero) and reads x at t − k; a k outside 1 … horizon is a run error naming the cell.
 */
function uncertainLag(cell: string, index: number, steps: Compiled, fallback: Compiled | null, ctx: CompileContext): Compiled {
	const { state, capacity } = ctx;
	return computed(capacity, (out) => {
		const k = steps.get();
		const series = state.values[index];
		const horizon = series.length - 1;
		const before = fallback ? fallback.get() : state.before[index];
		const t = state.t;
		for (let i = 0; i < state.n; i++) {
			const raw = k[i];
			const whole = raw < 0 ? -Math.round(-raw) : Math.round(raw);
			if (!(whole >= 1 && whole <= horizon)) {
				out[i] = NaN;
				if (state.issue === null)
					state.issue = { message: `delay(${cell}, k): k = ${raw}${whole === raw ? '' : ` rounds to ${whole}, which is`} outside 1 … ${horizon} (the horizon)` };
				continue;
			}
			out[i] = t >= whole ? series[t - whole][i] : before[i];
		}
	});
}

/** A math function of the registry: its fold for constant arguments, else its own loop. */
function math(fn: MathName, args: Compiled[], ctx: CompileContext): Compiled {
	const { capacity, state } = ctx;
	const compute = MATH_FUNCTIONS[fn].compute;
	switch (compute.shape) {
		case 'unary':
			return unary(args[0], capacity, state, compute.loop, compute.fold);
		case 'pairwise':
			return pairwise(compute.fold, compute.loop, args, capacity, state);
		case 'ternary':
			return ternary(compute.fold, compute.loop, args, capacity, state);
		case 'checked':
			return checked(fn, compute.fold, compute.problem, args, ctx);
		default:
			return assertNever(compute);
	}
}

/**
 * f folded left over the arguments, f(f(a, b), c)…, as one node: max() of 10,000 arguments is one
 * loop over them, not 10,000 nested nodes. Arguments are evaluated once each, in written order.
 */
function pairwise(f: (a: number, b: number) => number, loop: BinaryLoop, args: Compiled[], capacity: number, state: BlockState): Compiled {
	if (args.length === 1) return args[0];
	if (args.every((a) => a.constant !== null)) return constant(args.slice(1).reduce((acc, a) => f(acc, a.constant!), args[0].constant!), capacity);
	const [first, second] = args;
	if (args.length === 2) return computed(capacity, (out) => loop(first.get(), second.get(), out, state.n));
	return computed(capacity, (out) => {
		const n = state.n;
		loop(first.get(), second.get(), out, n);
		// each loop reads a[i] and b[i] before writing o[i]: `out` can be both
		for (let k = 2; k < args.length; k++) loop(out, args[k].get(), out, n);
	});
}

function ternary(f: (a: number, b: number, c: number) => number, loop: TernaryLoop, args: Compiled[], capacity: number, state: BlockState): Compiled {
	const [x, y, z] = args;
	if (x.constant !== null && y.constant !== null && z.constant !== null) return constant(f(x.constant, y.constant, z.constant), capacity);
	return computed(capacity, (out) => loop(x.get(), y.get(), z.get(), out, state.n));
}

/**
 * A function whose arguments can be invalid (SPEC §4.8's built-ins). Constant arguments fold once;
 * invalid constant ones are noted as a problem of the expression and still compile to a per-trial
 * check, so a run that skipped `constantProblems` fails as a run error naming the cell.
 */
function checked(name: string, f: Quaternary, check: (a: number, b: number, c: number, d: number) => string | null, args: Compiled[], ctx: CompileContext): Compiled {
	const { capacity, state } = ctx;
	// the registry's name labels the reason, so the function's name is written in one place
	const problem = (a: number, b: number, c: number, d: number) => {
		const reason = check(a, b, c, d);
		return reason === null ? null : `${name}: ${reason}`;
	};
	const [w, x, y, z] = args;
	if (args.every((a) => a.constant !== null)) {
		const message = problem(w.constant!, x.constant!, y.constant!, z.constant!);
		if (message === null) return constant(f(w.constant!, x.constant!, y.constant!, z.constant!), capacity);
		ctx.problems?.push({ code: 'expression', message });
	}
	return computed(capacity, (out) => {
		const a = w.get(), b = x.get(), c = y.get(), d = z.get();
		for (let i = 0; i < state.n; i++) {
			const message = problem(a[i], b[i], c[i], d[i]);
			if (message === null) out[i] = f(a[i], b[i], c[i], d[i]);
			else {
				out[i] = NaN;
				if (state.issue === null) state.issue = { message };
			}
		}
	});
}

function draw(name: DistributionName, args: Compiled[], ctx: CompileContext): Compiled {
	const { capacity, state } = ctx;
	const dist = DISTRIBUTIONS[name];
	const [pa, pb, pc] = [args[0], args[1] ?? constant(0, capacity), args[2] ?? constant(0, capacity)];
	let constantValid = false;
	if (args.every((a) => a.constant !== null)) {
		const values = [pa.constant!, pb.constant!, pc.constant!];
		const bad = dist.invalidParam(values[0], values[1], values[2]);
		constantValid = bad === null;
		if (bad !== null) {
			const shown = dist.params.map((p, i) => `${p} = ${values[i]}`).join(', ');
			ctx.problems?.push({ code: 'expression', message: `invalid ${bad} in ${name}(${dist.params.join(', ')}): ${shown}` });
		}
	}
	const sample = dist.sample;
	if (constantValid) {
		// Constant parameters were checked above: draw without checking each trial.
		const [a, b, c] = [pa.constant!, pb.constant!, pc.constant!];
		// the distribution's own loop over the block, where it has one (the same draws, in order)
		const fill = dist.fill;
		if (fill) return computed(capacity, (out) => fill(state.rng, a, b, c, out, state.n));
		return computed(capacity, (out) => {
			const rng = state.rng;
			for (let i = 0; i < state.n; i++) out[i] = sample(rng, a, b, c);
		});
	}
	const invalidParam = dist.invalidParam;
	return computed(capacity, (out) => {
		const a = pa.get(), b = pb.get(), c = pc.get();
		const rng = state.rng;
		for (let i = 0; i < state.n; i++) {
			const bad = invalidParam(a[i], b[i], c[i]);
			if (bad === null) {
				out[i] = sample(rng, a[i], b[i], c[i]);
			} else {
				out[i] = NaN;
				if (state.issue === null) state.issue = { dist: name, param: bad, value: [a[i], b[i], c[i]][dist.params.indexOf(bad)] };
			}
		}
	});
}
