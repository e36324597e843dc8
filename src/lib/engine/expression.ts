// Formulas are untrusted input. They are parsed once with mathjs's parser (>= 15.2.0), checked
// against an allow-list of node types and names, and turned into the small tree below. Nothing
// is ever handed to mathjs's `evaluate`: the engine compiles this tree itself (compile.ts).
import { create, parseDependencies, type MathNode } from 'mathjs';
import { assertNever } from './assertNever';
import { didYouMean } from './didYouMean';
import { DISTRIBUTIONS } from './distributions';

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
	| { kind: 'math'; fn: MathFunction; args: Expr[] }
	| { kind: 'draw'; dist: string; args: Expr[] }
	/** x at t − lag; before the start, `fallback` or x's value before the start. prev(x) is lag 1. */
	| { kind: 'lag'; cell: string; lag: number; fallback: Expr | null };

/** Math functions and how many arguments each takes ([min, max]). */
export const MATH_FUNCTIONS = {
	min: [1, Infinity],
	max: [1, Infinity],
	abs: [1, 1],
	ceil: [1, 1],
	floor: [1, 1],
	round: [1, 1],
	sqrt: [1, 1],
	exp: [1, 1],
	log: [1, 1],
	log10: [1, 1],
	pow: [2, 2],
	mod: [2, 2],
	clamp: [3, 3]
} as const;
export type MathFunction = keyof typeof MATH_FUNCTIONS;

const BINARY: Record<string, BinaryOp> = {
	add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^',
	smaller: '<', larger: '>', smallerEq: '<=', largerEq: '>=', equal: '==', unequal: '!=',
	and: 'and', or: 'or'
};

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E, true: 1, false: 0 };

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

export class ExpressionError extends Error {}

function fail(message: string): never {
	throw new ExpressionError(message);
}

function isBuiltInValue(name: string): boolean {
	return Object.hasOwn(CONSTANTS, name) || name === 't';
}

/**
 * Parses one expression into the engine's tree. `cellNames` are the notebook's named cells.
 * Throws ExpressionError with a message that says what to write instead.
 */
export function parseExpression(source: string, cellNames: ReadonlySet<string>): Expr {
	let root: MathNode;
	try {
		root = parse(source);
	} catch (error) {
		fail(`syntax error: ${(error as Error).message}`);
	}
	return convert(root, cellNames);
}

function convert(node: MathNode, cells: ReadonlySet<string>): Expr {
	// mathjs's node classes are typed loosely; read their fields through this view.
	const n = node as MathNode & Record<string, any>;
	switch (node.type) {
		case 'ConstantNode': {
			if (typeof n.value !== 'number') fail(`only numbers are allowed, not ${JSON.stringify(String(n.value))}`);
			return { kind: 'number', value: n.value };
		}
		case 'SymbolNode':
			return symbol(n.name as string, cells);
		case 'ParenthesisNode':
			return convert(n.content, cells);
		case 'ConditionalNode':
			return {
				kind: 'conditional',
				test: convert(n.condition, cells),
				then: convert(n.trueExpr, cells),
				otherwise: convert(n.falseExpr, cells)
			};
		case 'OperatorNode':
			return operator(n, cells);
		case 'FunctionNode':
			return call(n, cells);
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

function symbol(name: string, cells: ReadonlySet<string>): Expr {
	if (name === 't') return { kind: 't' };
	if (Object.hasOwn(CONSTANTS, name)) return { kind: 'number', value: CONSTANTS[name] };
	if (cells.has(name)) return { kind: 'cell', name };
	if (Object.hasOwn(MATH_FUNCTIONS, name) || Object.hasOwn(DISTRIBUTIONS, name) || name === 'prev' || name === 'delay')
		fail(`'${name}' is a function: call it, e.g. ${name}(…)`);
	const suggestion = didYouMean(name, [...cells]);
	fail(`unknown name '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`);
}

function operator(n: Record<string, any>, cells: ReadonlySet<string>): Expr {
	const args: MathNode[] = n.args;
	if (n.implicit) {
		const [a, b] = args.map((arg) => arg.toString());
		fail(`implicit multiplication is not allowed: write '${a} * ${b}'`);
	}
	if (n.isPercentage) fail(`'%' is not supported: write ${args[0].toString()} / 100`);
	if (n.fn === 'unaryMinus') return { kind: 'negate', arg: convert(args[0], cells) };
	if (n.fn === 'unaryPlus') return convert(args[0], cells);
	if (n.fn === 'not') return { kind: 'not', arg: convert(args[0], cells) };
	const op = BINARY[n.fn as string];
	if (op && args.length === 2) return { kind: 'binary', op, left: convert(args[0], cells), right: convert(args[1], cells) };
	const advice = OPERATOR_ADVICE[n.fn as string];
	fail(advice ?? `operator '${n.op}' is not allowed`);
}

function call(n: Record<string, any>, cells: ReadonlySet<string>): Expr {
	if (n.fn.type !== 'SymbolNode') fail('only calls of the built-in functions are allowed, e.g. max(a, b)');
	const name: string = n.fn.name;
	const argNodes: MathNode[] = n.args;
	if (name === 'prev' || name === 'delay') return lag(name, argNodes, cells);
	if (Object.hasOwn(MATH_FUNCTIONS, name)) {
		const [lo, hi] = MATH_FUNCTIONS[name as MathFunction];
		checkArity(name, argNodes.length, lo, hi);
		return { kind: 'math', fn: name as MathFunction, args: argNodes.map((a) => convert(a, cells)) };
	}
	if (Object.hasOwn(DISTRIBUTIONS, name)) {
		const params = DISTRIBUTIONS[name].params;
		checkArity(`${name}(${params.join(', ')})`, argNodes.length, params.length, params.length);
		return { kind: 'draw', dist: name, args: argNodes.map((a) => convert(a, cells)) };
	}
	if (cells.has(name) || isBuiltInValue(name)) fail(`'${name}' is not a function: write '${name} * (…)' to multiply`);
	const suggestion = didYouMean(name, [...Object.keys(MATH_FUNCTIONS), ...Object.keys(DISTRIBUTIONS), 'prev', 'delay']);
	fail(`unknown function '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`);
}

function checkArity(name: string, count: number, lo: number, hi: number) {
	if (count >= lo && count <= hi) return;
	const expected = lo === hi ? `${lo}` : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`;
	fail(`${name} takes ${expected} argument${lo === 1 && hi === 1 ? '' : 's'}, not ${count}`);
}

function lag(name: 'prev' | 'delay', args: MathNode[], cells: ReadonlySet<string>): Expr {
	const usage = name === 'prev' ? 'prev(x) or prev(x, d)' : 'delay(x, k) or delay(x, k, d)';
	const [lo, hi] = name === 'prev' ? [1, 2] : [2, 3];
	if (args.length < lo || args.length > hi) fail(`write ${usage}`);
	const target = args[0] as MathNode & { name?: string };
	if (target.type !== 'SymbolNode' || !cells.has(target.name!)) fail(`the first argument of ${name} must be a cell's name: ${usage}`);
	let steps = 1;
	if (name === 'delay') {
		const k = args[1] as MathNode & { value?: unknown };
		if (k.type !== 'ConstantNode' || typeof k.value !== 'number' || !Number.isInteger(k.value) || k.value < 1)
			fail(`the delay k must be a whole number ≥ 1 written as a constant, e.g. delay(${target.name}, 3)`);
		steps = k.value as number;
	}
	const fallbackNode = args[name === 'prev' ? 1 : 2];
	return { kind: 'lag', cell: target.name!, lag: steps, fallback: fallbackNode ? convert(fallbackNode, cells) : null };
}

/** The cells an expression names, split by whether it needs their current-cycle value. */
export function references(expr: Expr): { current: Set<string>; lagged: Set<string> } {
	const current = new Set<string>();
	const lagged = new Set<string>();
	const visit = (e: Expr): void => {
		switch (e.kind) {
			case 'number':
			case 't':
				return;
			case 'cell':
				current.add(e.name);
				return;
			case 'negate':
			case 'not':
				return visit(e.arg);
			case 'binary':
				visit(e.left);
				return visit(e.right);
			case 'conditional':
				visit(e.test);
				visit(e.then);
				return visit(e.otherwise);
			case 'math':
			case 'draw':
				return e.args.forEach(visit);
			case 'lag':
				lagged.add(e.cell);
				if (e.fallback) visit(e.fallback);
				return;
			default:
				return assertNever(e);
		}
	};
	visit(expr);
	return { current, lagged };
}

/** The expression with every current-cycle reference to `cell` read at t − 1: a stock's own name. */
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
			case 'lag':
				return e.fallback ? { ...e, fallback: map(e.fallback) } : e;
			default:
				return assertNever(e);
		}
	};
	return map(expr);
}
