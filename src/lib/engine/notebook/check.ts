// Validates one part of the file with a zod schema and reports every issue at its line.
import type * as z from 'zod/mini';
import { didYouMean } from '../language/didYouMean';
import { expressionText, isPlainMap } from './schema';
import { keyLineOf, lineOf, report, valueAt, type Path, type ReadContext } from './yamlLines';
import { ENGLISH } from './zodMessages';

/**
 * English messages for an issue without one of its own (every schema here has its own), and no
 * compiling of object schemas with `new Function`: each schema checks a handful of values per file.
 */
const PARSE: z.core.ParseContext<z.core.$ZodIssue> = { ...ENGLISH, jitless: true };

/** How unknown and missing keys of one map are reported. */
export type Scope = {
	cell: string | null;
	/** Keys to suggest for an unknown key. */
	keys: readonly string[];
	unknownKey: (key: string, suggestion: string | null) => string;
	missingKey: (key: string) => string;
};

/**
 * Validates `value` (found at `at` in the file) with `schema`, reporting every issue at its line.
 * A missing key that an unknown key looks like (`formla` for `formula`) is not reported twice.
 * Returns the parsed value, or null when there were issues; `suggested` receives the suggestions made.
 */
export function check<T>(
	context: ReadContext,
	schema: z.ZodMiniType<T>,
	value: unknown,
	at: Path,
	scope: Scope,
	suggested = new Set<string>()
): T | null {
	const parsed = schema.safeParse(value, PARSE);
	if (parsed.success) return parsed.data;
	const issues = parsed.error.issues;
	for (const issue of issues) {
		if (issue.code !== 'unrecognized_keys') continue;
		const mapPath = [...at, ...(issue.path as (string | number)[])];
		for (const key of issue.keys) {
			const suggestion = didYouMean(key, scope.keys);
			if (suggestion !== null) suggested.add(suggestion);
			report(context, keyLineOf(context, mapPath, key), scope.cell, scope.unknownKey(key, suggestion));
		}
	}
	for (const issue of issues) {
		if (issue.code === 'unrecognized_keys') continue;
		const path = issue.path as (string | number)[];
		const parent = valueAt(value, path.slice(0, -1));
		const key = path[path.length - 1];
		if (path.length > 0 && isPlainMap(parent) && !Object.hasOwn(parent, key)) {
			if (!suggested.has(String(key))) {
				report(context, lineOf(context, [...at, ...path.slice(0, -1)]), scope.cell, scope.missingKey(String(key)));
			}
			continue;
		}
		report(context, lineOf(context, [...at, ...path]), scope.cell, issue.message);
	}
	return null;
}

/** The text of the expression `value` found at `at` (`expressionText`), or null with its problem reported at its line. */
export function checkExpression(context: ReadContext, value: unknown, at: Path, cell: string | null, label: string, example: string): string | null {
	const result = expressionText(value, label, example);
	if (result.ok) return result.text;
	report(context, lineOf(context, at), cell, result.message);
	return null;
}
