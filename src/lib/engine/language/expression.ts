// Formulas are untrusted input. They are parsed once with mathjs's parser (>= 15.2.0), checked
// against an allow-list of node types and names, and turned into the small tree below. Nothing
// is ever handed to mathjs's `evaluate`: the engine compiles this tree itself (compile.ts). Which
// functions exist, their arity and argument rules come from the registry (functions.ts).
// mathjs's number-only build: the same parser, without BigNumber, Complex, matrices and units
// (its full build spends ~0.3 s creating those for the parser's dependencies at start).
import { create, parseDependencies, type MathNode } from 'mathjs/number';
import { assertNever } from '../assertNever';
import type { ErrorCode, Result } from '../types';
import { didYouMeanSuffix } from './didYouMean';
import type { DistributionName } from './distributions';
import { availableFunction, arityProblem, FUNCTIONS, type FunctionEntry, type FunctionRegistry, type LagEntry, type MathName } from './functions';
import { CONSTANTS } from './names';

const { parse } = create({ parseDependencies });

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '>' | '<=' | '>=' | '==' | '!=' | 'and' | 'or';

export type Expr =
	| { kind: 'number'; value: number }
	| { kind: 'cell'; name: string } // a cell's current-cycle value
	| { kind: 't' }
	| { kind: 'negate'; arg: Expr }
	| { kind: 'not'; arg: Expr }
	| { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
	| { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr }
	| { kind: 'math'; fn: MathName; args: Expr[] }
	| { kind: 'draw'; dist: DistributionName; args: Expr[] }
	/**
	 * x at t − lag; before the start, `fallback` or x's value before the start. prev(x) is lag 1.
	 * With `steps` (delay(x, k), k an expression of sample cells: SPEC §4.8) each trial rounds its
	 * own k, and `lag` is unused (0).
	 */
	| { kind: 'lag'; cell: string; lag: number; fallback: Expr | null; steps?: Expr };

/** A formula that does not parse or names what is not there; the message says what to write instead. */
export type ExpressionProblem = { code: Extract<ErrorCode, 'expression'>; message: string };

type Parsed<T = Expr> = Result<T, ExpressionProblem>;

const BINARY: Record<string, BinaryOp> = {
	add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^',
	smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=', equal: '==', unequal: '!=',
	and: 'and', or: 'or'
};

/** What to write instead of an operator the language does not have. */
const OPERATOR_ADVICE: Record<string, string> = {
	mod: "write mod(a, b) instead of 'a mod b' or 'a % b'",
	to: "units are not supported: write plain numbers ('to' / 'in' convert units)",
	factorial: "'!' (factorial) is not supported",
	xor: "'xor' is not supported: write (a or b) and not (a and b)",
	bitAnd: "'&' is not supported: write 'and'",
	bitOr: "'|' is not supported: write 'or'",
	bitNot: "'~' is not supported: write 'not'"
};

function ok<T>(value: T): Parsed<T> {
	return { ok: true, value };
}

function fail<T = Expr>(message: string): Parsed<T> {
	return { ok: false, errors: [{ code: 'expression', message }] };
}

/**
 * What to write instead of a spreadsheet's or another language's function (any case): `if(…)`,
 * `sum(…)`, `AND(…)`, `rand()`. Only for names that are neither a cell nor a function here.
 */
const CALL_ADVICE: Record<string, string> = {
	if: "there is no if(…): write 'condition ? then : else', e.g. t >= 3 ? 1 : 0",
	iif: "there is no iif(…): write 'condition ? then : else', e.g. t >= 3 ? 1 : 0",
	ifs: "there is no ifs(…): chain conditions, 'a ? x : b ? y : z', or use a schedule: cell for steps by cycle",
	sum: "there is no sum(…): add the terms, a + b + c",
	average: 'there is no average(…): write (a + b) / 2',
	avg: 'there is no avg(…): write (a + b) / 2',
	mean: 'there is no mean(…): write (a + b) / 2',
	and: "write 'a and b', not and(a, b)",
	or: "write 'a or b', not or(a, b)",
	not: "write 'not a', not not(a)",
	rand: 'there is no rand(): write a distribution, e.g. uniform(0, 1) — in a sample: cell it is drawn once per trial, in a formula anew every cycle',
	random: 'there is no random(): write a distribution, e.g. uniform(0, 1) — in a sample: cell it is drawn once per trial, in a formula anew every cycle',
	randbetween: 'there is no randbetween(…): write a distribution, e.g. uniform(lo, hi), or round(uniform(lo, hi)) for a whole number',
	lookup: 'there is no lookup(…): for a value that steps by cycle, write a schedule: cell, e.g. schedule: {0: 2, 6: 4}',
	choose: 'there is no choose(…): for a value that steps by cycle, write a schedule: cell; else chain conditions with ? :',
	vlookup: 'there is no vlookup(…): for a value that steps by cycle, write a schedule: cell'
};

/** The same for names written without a call: `TRUE`, `FALSE`, `AND`. */
const SPELLING_ADVICE: Record<string, string> = {
	true: "write 'true' (or 1) in lower case",
	false: "write 'false' (or 0) in lower case",
	and: "write 'and' in lower case: a and b",
	or: "write 'or' in lower case: a or b",
	not: "write 'not' in lower case: not a"
};

/** What a formula may name: the notebook's cells, and the functions of `functions` they leave free. */
type Scope = { cells: ReadonlySet<string>; functions: FunctionRegistry };

function isBuiltInValue(name: string): boolean {
	return Object.hasOwn(CONSTANTS, name) || name === 't';
}

/**
 * Parses one expression into the engine's tree. `cellNames` are the notebook's named cells; a cell
 * wins over a function of the same name added after format 1 (SPEC §4.8). `functions` is the
 * registry (tests pass their own). A problem comes back as a value, with a message that says what
 * to write instead.
 */
export function parseExpression(source: string, cellNames: ReadonlySet<string>, functions: FunctionRegistry = FUNCTIONS): Parsed {
	const tooLarge = sizeProblem(source);
	if (tooLarge !== null) return fail(tooLarge);
	let root: MathNode;
	try {
		root = parse(source);
	} catch (error) {
		// mathjs's parser is recursive descent: a chain of thousands of '^', unary '-' or '?' can
		// still exhaust the stack below the bracket limit. The tree would be over the depth limit.
		if (isStackOverflow(error)) return fail(tooDeep(null));
		return fail(`syntax error: ${(error as Error).message}`);
	}
	const depth = treeDepth(root);
	if (depth > LIMITS.depth) return fail(tooDeep(depth));
	return convert(root, { cells: cellNames, functions });
}

/**
 * How large a formula may be (SPEC, Extensions). mathjs's parser and the engine's walks over a
 * formula's tree recurse once per level, so both are bounded before they run:
 * - `length`: characters in one expression;
 * - `brackets`: nesting of ( [ {, checked before parsing (each level costs mathjs ~25 frames);
 * - `depth`: levels of the parsed tree, checked before converting it. A chain of operators counts
 *   one level per operator (a + b + c is two levels), as mathjs builds it.
 * Everything that walks an `Expr` recursively (convert, selfAsPrevious, compile and the compiled
 * closures) is bounded by `depth`; walks that are not recursive (references, the planner's) are
 * not. Arguments of one call are a list, not a nesting: max() of 10,000 arguments is one level.
 */
export const LIMITS = Object.freeze({ length: 20_000, brackets: 50, depth: 400 });

const formatCount = (n: number) => n.toLocaleString('en-US');

function tooDeep(depth: number | null): string {
	const levels = depth === null ? `more than ${formatCount(LIMITS.depth)} levels` : `${formatCount(depth)} levels`;
	return `formula nested too deeply: ${levels}; the limit is ${formatCount(LIMITS.depth)} (each operator of a chain such as a + b + c counts one level) — split it into cells`;
}

/** Too long or too deeply bracketed to hand to the parser: the message, or null. One pass, no allocation. */
function sizeProblem(source: string): string | null {
	if (source.length > LIMITS.length)
		return `formula too long: ${formatCount(source.length)} characters; the limit is ${formatCount(LIMITS.length)} — split it into cells`;
	let depth = 0;
	let deepest = 0;
	for (let i = 0; i < source.length; i++) {
		const c = source.charCodeAt(i);
		if (c === 40 || c === 91 || c === 123) {
			// ( [ {
			if (++depth > deepest) deepest = depth;
		} else if (c === 41 || c === 93 || c === 125) depth--; // ) ] }
	}
	if (deepest > LIMITS.brackets)
		return `formula nested too deeply: ${formatCount(deepest)} levels of brackets; the limit is ${formatCount(LIMITS.brackets)} — split it into cells`;
	return null;
}

function isStackOverflow(error: unknown): boolean {
	// V8: RangeError "Maximum call stack size exceeded"; SpiderMonkey: InternalError "too much recursion"
	return error instanceof Error && (error instanceof RangeError || error.name === 'InternalError') && /call stack|recursion/i.test(error.message);
}

/** The depth of mathjs's tree (a leaf is 1), without recursion. */
function treeDepth(root: MathNode): number {
	let deepest = 0;
	const nodes: MathNode[] = [root];
	const depths: number[] = [1];
	while (nodes.length > 0) {
		const node = nodes.pop()!;
		const depth = depths.pop()!;
		if (depth > deepest) deepest = depth;
		node.forEach((child: MathNode) => {
			nodes.push(child);
			depths.push(depth + 1);
		});
	}
	return deepest;
}

/** Converts nodes in order; the first problem stops it, as everywhere in the parser. */
function convertAll(nodes: readonly MathNode[], scope: Scope): Parsed<Expr[]> {
	const out: Expr[] = [];
	for (const node of nodes) {
		const converted = convert(node, scope);
		if (!converted.ok) return converted;
		out.push(converted.value);
	}
	return ok(out);
}

/** Recursive, one level per level of mathjs's tree: bounded by `LIMITS.depth`, checked before. */
function convert(node: MathNode, scope: Scope): Parsed {
	// mathjs's node classes are typed loosely; read their fields through this view.
	const n = node as MathNode & Record<string, any>;
	switch (node.type) {
		case 'ConstantNode': {
			// true and false are 1 and 0, as in every comparison's result
			if (typeof n.value === 'boolean') return ok({ kind: 'number', value: n.value ? 1 : 0 });
			if (typeof n.value !== 'number') return fail(`only numbers are allowed, not ${JSON.stringify(String(n.value))}`);
			if (!Number.isFinite(n.value))
				return fail(Number.isNaN(n.value) ? "'NaN' is not allowed: every value must be a finite number" : 'a number beyond ±1.8e308 (or Infinity) is not allowed: every value must be a finite number');
			return ok({ kind: 'number', value: n.value });
		}
		case 'SymbolNode':
			return symbol(n.name as string, scope);
		case 'ParenthesisNode':
			return convert(n.content, scope);
		case 'ConditionalNode': {
			const parts = convertAll([n.condition, n.trueExpr, n.falseExpr], scope);
			if (!parts.ok) return parts;
			const [test, then, otherwise] = parts.value;
			return ok({ kind: 'conditional', test, then, otherwise });
		}
		case 'OperatorNode':
			return operator(n, scope);
		case 'FunctionNode':
			return call(n, scope);
		case 'AssignmentNode':
			return fail("assignments are not allowed: a cell's formula is an expression; name the cell instead");
		case 'FunctionAssignmentNode':
			return fail('function definitions are not allowed');
		case 'AccessorNode':
			return fail('property access (a.b or a[b]) is not allowed');
		case 'ArrayNode':
		case 'IndexNode':
		case 'RangeNode':
		case 'ObjectNode':
			return fail('matrices, ranges and objects are not allowed: write one number per cell');
		case 'BlockNode':
			return fail("one expression per cell: ';' and line breaks between expressions are not allowed");
		default:
			return fail(`'${node.type}' is not allowed in a formula`);
	}
}

function symbol(name: string, { cells, functions }: Scope): Parsed {
	if (name === 't') return ok({ kind: 't' });
	if (Object.hasOwn(CONSTANTS, name)) return ok({ kind: 'number', value: CONSTANTS[name] });
	if (cells.has(name)) return ok({ kind: 'cell', name });
	if (availableFunction(name, cells, functions)) return fail(`'${name}' is a function: call it, e.g. ${name}(…)`);
	if (Object.hasOwn(SPELLING_ADVICE, name.toLowerCase())) return fail(SPELLING_ADVICE[name.toLowerCase()]);
	return fail(`unknown name '${name}'${didYouMeanSuffix(name, cells)}`);
}

function operator(n: Record<string, any>, scope: Scope): Parsed {
	const args: MathNode[] = n.args;
	if (n.implicit) {
		const [a, b] = args.map((arg) => arg.toString());
		return fail(`implicit multiplication is not allowed: write '${a} * ${b}'`);
	}
	if (n.isPercentage) return fail(`'%' is not supported: write ${args[0].toString()} / 100`);
	if (n.fn === 'unaryMinus' || n.fn === 'not') {
		const arg = convert(args[0], scope);
		if (!arg.ok) return arg;
		return ok({ kind: n.fn === 'not' ? 'not' : 'negate', arg: arg.value });
	}
	if (n.fn === 'unaryPlus') return convert(args[0], scope);
	const op = BINARY[n.fn as string];
	if (op && args.length === 2) {
		const operands = convertAll(args, scope);
		if (!operands.ok) return operands;
		const [left, right] = operands.value;
		return ok({ kind: 'binary', op, left, right });
	}
	const advice = OPERATOR_ADVICE[n.fn as string];
	return fail(advice ?? `operator '${n.op}' is not allowed`);
}

function call(n: Record<string, any>, scope: Scope): Parsed {
	if (n.fn.type !== 'SymbolNode') return fail('only calls of the built-in functions are allowed, e.g. max(a, b)');
	const name: string = n.fn.name;
	const argNodes: MathNode[] = n.args;
	const { cells, functions } = scope;
	const entry = availableFunction(name, cells, functions);
	if (entry === null) {
		if (cells.has(name) || isBuiltInValue(name)) return fail(`'${name}' is not a function: write '${name} * (…)' to multiply`);
		const lower = name.toLowerCase();
		if (Object.hasOwn(CALL_ADVICE, lower)) return fail(CALL_ADVICE[lower]);
		const lowered = availableFunction(lower, cells, functions);
		if (lowered !== null) return fail(`unknown function '${name}': names are case-sensitive — write ${lowered.usage}`);
		const known = Object.values(functions).filter((f) => !cells.has(f.name)).map((f) => f.name);
		return fail(`unknown function '${name}'${didYouMeanSuffix(name, known)}`);
	}
	const wrongCount = arityProblem(entry, argNodes.length);
	if (wrongCount !== null) return fail(wrongCount);
	return callOf(entry, argNodes, scope);
}

/** The node of a call whose argument count was checked, by the kind of function. */
function callOf(entry: FunctionEntry, argNodes: MathNode[], scope: Scope): Parsed {
	switch (entry.kind) {
		case 'lag':
			return lag(entry, argNodes, scope);
		case 'math':
		case 'draw': {
			const args = convertAll(argNodes, scope);
			if (!args.ok) return args;
			return entry.kind === 'math'
				? ok({ kind: 'math', fn: entry.name as MathName, args: args.value })
				: ok({ kind: 'draw', dist: entry.name as DistributionName, args: args.value });
		}
		default:
			return assertNever(entry);
	}
}

/**
 * prev(x, d?) and delay(x, k, d?): x must be a cell's name; k a constant whole number ≥ 1, or
 * (SPEC §4.8) an expression of constants and sample cells, rounded per trial (the planner checks
 * that it names only sample cells and draws nothing).
 */
function lag(entry: LagEntry, args: MathNode[], scope: Scope): Parsed {
	const target = args[0] as MathNode & { name?: string };
	if (target.type !== 'SymbolNode' || !scope.cells.has(target.name!))
		return fail(`the first argument of ${entry.name} must be a cell's name: ${entry.usage}`);
	let steps = 1;
	let stepsExpr: Expr | undefined;
	if (entry.stepsArgument !== null) {
		const k = convert(args[entry.stepsArgument], scope);
		if (!k.ok) return k;
		if (k.value.kind === 'number') {
			if (!Number.isInteger(k.value.value) || k.value.value < 1)
				return fail(`the ${entry.name} k must be a whole number ≥ 1, not ${k.value.value}, e.g. ${entry.name}(${target.name}, 3)`);
			steps = k.value.value;
		} else {
			steps = 0;
			stepsExpr = k.value;
		}
	}
	const fallbackNode = args[entry.fallbackArgument];
	const fallback = fallbackNode ? convert(fallbackNode, scope) : null;
	if (fallback && !fallback.ok) return fallback;
	const node: Expr = { kind: 'lag', cell: target.name!, lag: steps, fallback: fallback ? fallback.value : null };
	if (stepsExpr) node.steps = stepsExpr;
	return ok(node);
}

/** The sub-expressions of a node, in the order they are written (a lag: its fallback, then its k). */
export function children(e: Expr): readonly Expr[] {
	switch (e.kind) {
		case 'number':
		case 't':
		case 'cell':
			return [];
		case 'negate':
		case 'not':
			return [e.arg];
		case 'binary':
			return [e.left, e.right];
		case 'conditional':
			return [e.test, e.then, e.otherwise];
		case 'math':
		case 'draw':
			return e.args;
		case 'lag':
			return e.fallback ? (e.steps ? [e.fallback, e.steps] : [e.fallback]) : e.steps ? [e.steps] : [];
		default:
			return assertNever(e);
	}
}

/**
 * Calls `visit` on every node of `expr`, parents first, children in written order, without
 * recursion. `visit` returning false skips the node's children.
 */
export function walk(expr: Expr, visit: (e: Expr) => boolean | void): void {
	const stack: Expr[] = [expr];
	while (stack.length > 0) {
		const e = stack.pop()!;
		if (visit(e) === false) continue;
		const below = children(e);
		for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]);
	}
}

/** The cells an expression names, split by whether it needs their current-cycle value. */
export function references(expr: Expr): { current: Set<string>; lagged: Set<string> } {
	const current = new Set<string>();
	const lagged = new Set<string>();
	walk(expr, (e) => {
		if (e.kind === 'cell') current.add(e.name);
		else if (e.kind === 'lag') lagged.add(e.cell);
	});
	return { current, lagged };
}

/** The depth of an expression's tree (a leaf is 1), without recursion. */
export function exprDepth(expr: Expr): number {
	let deepest = 0;
	const nodes: Expr[] = [expr];
	const depths: number[] = [1];
	while (nodes.length > 0) {
		const e = nodes.pop()!;
		const depth = depths.pop()!;
		if (depth > deepest) deepest = depth;
		for (const child of children(e)) {
			nodes.push(child);
			depths.push(depth + 1);
		}
	}
	return deepest;
}

/**
 * The expression with every current-cycle reference to `cell` read at t − 1: a stock's own name.
 * Recursive, bounded by `LIMITS.depth` (a parsed expression is never deeper).
 */
export function selfAsPrevious(expr: Expr, cell: string): Expr {
	const map = (e: Expr): Expr => {
		switch (e.kind) {
			case 'number':
			case 't':
				return e;
			case 'cell':
				return e.name === cell ? { kind: 'lag', cell, lag: 1, fallback: null } : e;
			case 'negate':
			case 'not':
				return { ...e, arg: map(e.arg) };
			case 'binary':
				return { ...e, left: map(e.left), right: map(e.right) };
			case 'conditional':
				return { ...e, test: map(e.test), then: map(e.then), otherwise: map(e.otherwise) };
			case 'math':
			case 'draw':
				return { ...e, args: e.args.map(map) };
			case 'lag': {
				const mapped = e.fallback ? { ...e, fallback: map(e.fallback) } : { ...e };
				if (e.steps) mapped.steps = map(e.steps);
				return mapped;
			}
			default:
				return assertNever(e);
		}
	};
	return map(expr);
}
