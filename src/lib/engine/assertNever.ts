/** For exhaustive switches over a union's `kind`: a compile error when a case is missing. */
export function assertNever(value: never): never {
	throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
