// Which names a notebook may give its cells (SPEC §1, "Names"). Shared by the notebook reader and
// the expression parser so both agree on what is reserved. The function names come from the
// registry (functions.ts).
import { FUNCTIONS, reservedFunctionNames, type FunctionRegistry } from './functions';

/** The values the language names: written constants (the cycle index `t` is not one of them). */
export const CONSTANTS: Readonly<Record<string, number>> = Object.freeze(
	Object.assign(Object.create(null) as Record<string, number>, { pi: Math.PI, e: Math.E, true: 1, false: 0 })
);

/**
 * The functions a cell may not take as its name: every one the language had in format 1. A later
 * function is not reserved; a notebook that names a cell like it keeps the cell (SPEC §4.8).
 */
export const FUNCTION_NAMES: readonly string[] = reservedFunctionNames(FUNCTIONS);

/**
 * Constants, the cycle index and the operators written as words. (`mod` is one too, `a mod b`,
 * and reserved as a function.)
 */
export const KEYWORD_NAMES: readonly string[] = [...Object.keys(CONSTANTS), 't', 'and', 'or', 'not', 'to', 'in'];

/**
 * Properties of every JavaScript object. A cell with one of these names would meet inherited
 * values in any plain-object lookup, so they are reserved. The written list is the part we rely on;
 * the engine's own prototype is added in case it has more.
 */
export const OBJECT_PROTOTYPE_NAMES: readonly string[] = [
	...new Set([
		'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
		'toLocaleString', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
		'__lookupSetter__',
		...Object.getOwnPropertyNames(Object.prototype)
	])
];

/**
 * Names mathjs's parser reads as values, never as a name: a cell called `NaN` could never be
 * referenced (its name in a formula is the number NaN), so these are refused too.
 */
export const PARSER_VALUE_NAMES: readonly string[] = ['NaN', 'Infinity', 'null', 'undefined'];

/** Every name a cell may not take. Case-sensitive, like the names themselves. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...FUNCTION_NAMES, ...KEYWORD_NAMES, ...PARSER_VALUE_NAMES, ...OBJECT_PROTOTYPE_NAMES]);

/** Letters, digits and `_`, starting with a letter (ASCII only, so every font and keyboard agrees). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Why `name` cannot name a cell, or null when it can. `functions` is the registry whose format-1
 * names are reserved (tests pass their own).
 */
export function nameProblem(name: string, functions: FunctionRegistry = FUNCTIONS): string | null {
	if (name === '') return 'a name must not be empty';
	if (!NAME_PATTERN.test(name)) {
		return /^[A-Za-z]/.test(name)
			? `name '${name}' may use only letters, digits and '_'`
			: `name '${name}' must start with a letter`;
	}
	const functionNames = functions === FUNCTIONS ? FUNCTION_NAMES : reservedFunctionNames(functions);
	if (functionNames.includes(name) || KEYWORD_NAMES.includes(name)) {
		return `'${name}' is a built-in name of the expression language — pick another name`;
	}
	if (PARSER_VALUE_NAMES.includes(name)) {
		return `'${name}' is read as a value in formulas, never as a cell's name, so nothing could refer to this cell — pick another name`;
	}
	if (RESERVED_NAMES.has(name) || name in Object.prototype) {
		return `'${name}' is reserved (every JavaScript object has it) — pick another name`;
	}
	return null;
}
