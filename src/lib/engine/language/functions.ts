// The one registry of the expression language's built-in functions (SPEC §1): math, time and
// distributions. Everything else derives from it: the names a cell may not take (names.ts), the
// parser's allow-list and its messages (expression.ts), and the compiler (compile.ts), which
// switches exhaustively over an entry's `kind` and a math function's `compute.shape`.
//
// Adding a function is one entry here (a distribution: one entry in distributions.ts) plus its
// tests. Give it `since: <the first notebook format that has it>`; a name added after format 1 is
// not reserved, so a notebook that already uses it as a cell name keeps working (SPEC §4.8).
import { assertNever } from '../assertNever';
import { DISTRIBUTIONS, type Distribution, type DistributionName } from './distributions';
import { erlangAgents, erlangAgentsProblem, erlangSl, erlangSlProblem, usl, uslNodes, uslNodesProblem, uslProblem } from './capacity';

/** The notebook format this version of the language reads. */
export const LANGUAGE_FORMAT = 1;

/** One loop per function over a block's trials: `out[i] = f(a[i])` for i < n. */
export type UnaryLoop = (a: Float64Array, out: Float64Array, n: number) => void;
export type BinaryLoop = (a: Float64Array, b: Float64Array, out: Float64Array, n: number) => void;
export type TernaryLoop = (a: Float64Array, b: Float64Array, c: Float64Array, out: Float64Array, n: number) => void;

/**
 * How the compiler computes a math function: `fold` for constant arguments (computed once, at
 * compile time), `loop` for a block of trials. Each function has its own loop, written out, so the
 * call inside stays monomorphic and inlined: one shared loop calling `f(a[i])` would be megamorphic
 * and several times slower.
 * - unary: f(x);
 * - pairwise: f(a, b), folded left over the arguments: min(a, b, c) = min(min(a, b), c);
 * - ternary: f(a, b, c);
 * - checked: f(a, b, c, d), whose arguments can be invalid: `problem` says why (a run error naming
 *   the cell, or an expression error when the arguments are constant). These functions loop inside
 *   (Erlang C, the USL's search), so one shared loop calling them costs nothing that matters.
 */
export type MathCompute =
	| { shape: 'unary'; fold: (x: number) => number; loop: UnaryLoop }
	| { shape: 'pairwise'; fold: (a: number, b: number) => number; loop: BinaryLoop }
	| { shape: 'ternary'; fold: (a: number, b: number, c: number) => number; loop: TernaryLoop }
	| { shape: 'checked'; fold: Quaternary; problem: (a: number, b: number, c: number, d: number) => string | null };

export type Quaternary = (a: number, b: number, c: number, d: number) => number;

type EntryBase<N extends string = string> = {
	name: N;
	/** the first notebook format whose language has this function */
	since: number;
	/** how many arguments it takes: [min, max] */
	arity: readonly [number, number];
	/** how to call it, for messages and help: 'clamp(x, lo, hi)' */
	usage: string;
};

/** A math function of its arguments' current values. */
export type MathEntry<N extends string = string> = EntryBase<N> & { kind: 'math'; compute: MathCompute };

/**
 * A time function: a cell's value some cycles back. Its first argument must be a cell's name; the
 * number of cycles is 1, or the argument at `stepsArgument`, a constant whole number ≥ 1; the
 * optional argument at `fallbackArgument` is the value before the start.
 */
export type LagEntry<N extends string = string> = EntryBase<N> & {
	kind: 'lag';
	stepsArgument: number | null;
	fallbackArgument: number;
};

/** A draw from a distribution of distributions.ts, anew for every trial and cycle. */
export type DrawEntry<N extends string = string> = EntryBase<N> & { kind: 'draw'; dist: Distribution };

export type FunctionEntry = MathEntry | LagEntry | DrawEntry;

/** A registry of functions by name. Tests may pass their own to the parser and to `nameProblem`. */
export type FunctionRegistry = Readonly<Record<string, FunctionEntry>>;

// ---------------------------------------------------------------------------------------------
// Math

/** Rounds halves away from zero (SPEC §1), unlike Math.round which rounds them up. */
function roundHalfAway(x: number): number {
	const r = Math.round(Math.abs(x));
	return x < 0 ? -r : r;
}

/** mathjs's mod: the result has the sign of the divisor. mod(x, 0) is an error (non-finite). */
function mod(x: number, y: number): number {
	return y === 0 ? NaN : x - y * Math.floor(x / y);
}

// A non-finite argument makes the result NaN wherever the function could hide it (max(0, -Infinity)
// is not 0, exp(-Infinity) is not 0, pow(NaN, 0) is not 1): adding (x − x) is 0 for a finite x,
// NaN for NaN and ±Infinity (compile.ts does the same for the operators).

function clamp(x: number, lo: number, hi: number): number {
	return (lo > hi ? NaN : x < lo ? lo : x > hi ? hi : x) + (x - x) + (lo - lo) + (hi - hi);
}

function finiteMin(a: number, b: number) {
	return (a < b ? a : b) + (a - a) + (b - b);
}
function finiteMax(a: number, b: number) {
	return (a > b ? a : b) + (a - a) + (b - b);
}
function finitePow(x: number, y: number) {
	return Math.pow(x, y) + (x - x) + (y - y);
}
function finiteExp(x: number) {
	return Math.exp(x) + (x - x);
}

const MATH = {
	min: {
		name: 'min', since: 1, arity: [1, Infinity], usage: 'min(a, b, …)', kind: 'math',
		compute: { shape: 'pairwise', fold: finiteMin, loop: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = finiteMin(a[i], b[i]); } }
	},
	max: {
		name: 'max', since: 1, arity: [1, Infinity], usage: 'max(a, b, …)', kind: 'math',
		compute: { shape: 'pairwise', fold: finiteMax, loop: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = finiteMax(a[i], b[i]); } }
	},
	abs: {
		name: 'abs', since: 1, arity: [1, 1], usage: 'abs(x)', kind: 'math',
		compute: { shape: 'unary', fold: Math.abs, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.abs(a[i]); } }
	},
	ceil: {
		name: 'ceil', since: 1, arity: [1, 1], usage: 'ceil(x)', kind: 'math',
		compute: { shape: 'unary', fold: Math.ceil, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.ceil(a[i]); } }
	},
	floor: {
		name: 'floor', since: 1, arity: [1, 1], usage: 'floor(x)', kind: 'math',
		compute: { shape: 'unary', fold: Math.floor, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.floor(a[i]); } }
	},
	round: {
		name: 'round', since: 1, arity: [1, 1], usage: 'round(x)', kind: 'math',
		compute: { shape: 'unary', fold: roundHalfAway, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = roundHalfAway(a[i]); } }
	},
	sqrt: {
		name: 'sqrt', since: 1, arity: [1, 1], usage: 'sqrt(x)', kind: 'math',
		compute: { shape: 'unary', fold: Math.sqrt, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.sqrt(a[i]); } }
	},
	exp: {
		name: 'exp', since: 1, arity: [1, 1], usage: 'exp(x)', kind: 'math',
		compute: { shape: 'unary', fold: finiteExp, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = finiteExp(a[i]); } }
	},
	log: {
		name: 'log', since: 1, arity: [1, 1], usage: 'log(x)', kind: 'math',
		compute: { shape: 'unary', fold: Math.log, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log(a[i]); } }
	},
	log10: {
		name: 'log10', since: 1, arity: [1, 1], usage: 'log10(x)', kind: 'math',
		compute: { shape: 'unary', fold: Math.log10, loop: (a, o, n) => { for (let i = 0; i < n; i++) o[i] = Math.log10(a[i]); } }
	},
	pow: {
		name: 'pow', since: 1, arity: [2, 2], usage: 'pow(x, y)', kind: 'math',
		compute: { shape: 'pairwise', fold: finitePow, loop: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = finitePow(a[i], b[i]); } }
	},
	mod: {
		name: 'mod', since: 1, arity: [2, 2], usage: 'mod(x, y)', kind: 'math',
		compute: { shape: 'pairwise', fold: mod, loop: (a, b, o, n) => { for (let i = 0; i < n; i++) o[i] = mod(a[i], b[i]); } }
	},
	clamp: {
		name: 'clamp', since: 1, arity: [3, 3], usage: 'clamp(x, lo, hi)', kind: 'math',
		compute: { shape: 'ternary', fold: clamp, loop: (a, l, h, o, n) => { for (let i = 0; i < n; i++) o[i] = clamp(a[i], l[i], h[i]); } }
	}
} as const satisfies { [N in string]: MathEntry<N> };

// Capacity and staffing (SPEC §4.8), added after format 1: not reserved, a cell of the same name wins.
const CAPACITY = {
	usl: { name: 'usl', since: 2, arity: [4, 4], usage: 'usl(n, alpha, beta, gamma)', kind: 'math', compute: { shape: 'checked', fold: usl, problem: uslProblem } },
	usl_nodes: {
		name: 'usl_nodes', since: 2, arity: [4, 4], usage: 'usl_nodes(load, alpha, beta, gamma)', kind: 'math',
		compute: { shape: 'checked', fold: uslNodes, problem: uslNodesProblem }
	},
	erlang_sl: {
		name: 'erlang_sl', since: 2, arity: [4, 4], usage: 'erlang_sl(rate, aht, agents, wait)', kind: 'math',
		compute: { shape: 'checked', fold: erlangSl, problem: erlangSlProblem }
	},
	erlang_agents: {
		name: 'erlang_agents', since: 2, arity: [4, 4], usage: 'erlang_agents(rate, aht, wait, level)', kind: 'math',
		compute: { shape: 'checked', fold: erlangAgents, problem: erlangAgentsProblem }
	}
} as const satisfies { [N in string]: MathEntry<N> };

export type MathName = keyof typeof MATH | keyof typeof CAPACITY;

/** The math functions by name, for the compiler. */
export const MATH_FUNCTIONS: { readonly [N in MathName]: MathEntry<N> } = { ...MATH, ...CAPACITY };

// ---------------------------------------------------------------------------------------------
// Time

const TIME = {
	prev: { name: 'prev', since: 1, arity: [1, 2], usage: 'prev(x) or prev(x, d)', kind: 'lag', stepsArgument: null, fallbackArgument: 1 },
	delay: { name: 'delay', since: 1, arity: [2, 3], usage: 'delay(x, k) or delay(x, k, d)', kind: 'lag', stepsArgument: 1, fallbackArgument: 2 }
} as const satisfies { [N in string]: LagEntry<N> };

export type LagName = keyof typeof TIME;

// ---------------------------------------------------------------------------------------------
// Distributions: one entry per distribution of distributions.ts, its parameters its arguments.

function drawEntry(dist: Distribution): DrawEntry {
	const count = dist.params.length;
	return { name: dist.name, since: dist.since, arity: [count, count], usage: `${dist.name}(${dist.params.join(', ')})`, kind: 'draw', dist };
}

// ---------------------------------------------------------------------------------------------
// The registry

export type FunctionName = MathName | LagName | DistributionName;

/**
 * Every built-in function, by name, in the order "did you mean" prefers on a tie (math,
 * distributions, time). A null-prototype object, so a lookup of `constructor` or
 * `toString` finds nothing instead of a function of Object.prototype.
 */
export const FUNCTIONS: { readonly [N in FunctionName]: FunctionEntry } & FunctionRegistry = Object.freeze(
	Object.assign(
		Object.create(null) as Record<FunctionName, FunctionEntry>,
		MATH,
		Object.fromEntries(Object.values(DISTRIBUTIONS).map((d) => [d.name, drawEntry(d)])),
		TIME,
		CAPACITY
	)
);

/** The entry of `name` in `functions`, or null when there is none. */
export function lookupFunction(name: string, functions: FunctionRegistry = FUNCTIONS): FunctionEntry | null {
	return Object.hasOwn(functions, name) ? functions[name] : null;
}

/**
 * The function `name` calls in a notebook with these cell names, or null. A cell's name wins over
 * a function added after format 1 (SPEC §4.8): there the function is unavailable. (A format-1
 * function is reserved, so no cell can have its name.)
 */
export function availableFunction(name: string, cellNames: ReadonlySet<string>, functions: FunctionRegistry = FUNCTIONS): FunctionEntry | null {
	if (cellNames.has(name)) return null;
	return lookupFunction(name, functions);
}

/** The names of the functions a cell may not take: those the language had from format 1 on. */
export function reservedFunctionNames(functions: FunctionRegistry = FUNCTIONS): string[] {
	return Object.values(functions)
		.filter((f) => f.since <= 1)
		.map((f) => f.name);
}

/** The message for a call with the wrong number of arguments, or null when `count` fits. */
export function arityProblem(entry: FunctionEntry, count: number): string | null {
	const [lo, hi] = entry.arity;
	if (count >= lo && count <= hi) return null;
	switch (entry.kind) {
		case 'lag':
			return `write ${entry.usage}`;
		case 'math':
		case 'draw': {
			const expected = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
			const label = entry.kind === 'draw' ? entry.usage : entry.name;
			return `${label} takes ${expected} argument${lo === 1 && hi === 1 ? '' : 's'}, not ${count}`;
		}
		default:
			return assertNever(entry);
	}
}
