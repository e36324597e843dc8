// Which names a notebook may give its cells (SPEC §1, "Names"). Shared by the parser and the
// expression compiler so both agree on what is reserved.

/** The functions of the expression language. */
export const FUNCTION_NAMES: readonly string[] = [
	// math
	'min', 'max', 'abs', 'ceil', 'floor', 'round', 'sqrt', 'exp', 'log', 'log10', 'pow', 'mod', 'clamp',
	// time
	'prev', 'delay',
	// distributions
	'normal', 'lognormal', 'uniform', 'triangular', 'pert', 'beta', 'gamma', 'poisson', 'bernoulli',
	'binomial', 'ci90'
];

/** Constants, the cycle index and the operators written as words. */
export const KEYWORD_NAMES: readonly string[] = ['t', 'pi', 'e', 'true', 'false', 'and', 'or', 'not', 'mod', 'to', 'in'];

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

/** Every name a cell may not take. Case-sensitive, like the names themselves. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...FUNCTION_NAMES, ...KEYWORD_NAMES, ...OBJECT_PROTOTYPE_NAMES]);

/** Letters, digits and `_`, starting with a letter (ASCII only, so every font and keyboard agrees). */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Why `name` cannot name a cell, or null when it can. */
export function nameProblem(name: string): string | null {
	if (name === '') return 'a name must not be empty';
	if (!NAME_PATTERN.test(name)) {
		return /^[A-Za-z]/.test(name)
			? `name '${name}' may use only letters, digits and '_'`
			: `name '${name}' must start with a letter`;
	}
	if (FUNCTION_NAMES.includes(name) || KEYWORD_NAMES.includes(name)) {
		return `'${name}' is a built-in name of the expression language — pick another name`;
	}
	if (RESERVED_NAMES.has(name) || name in Object.prototype) {
		return `'${name}' is reserved (every JavaScript object has it) — pick another name`;
	}
	return null;
}
