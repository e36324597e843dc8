// The notebook format's keys and zod schemas (SPEC §1, §4.2). Every message is written for the
// notebook's author; `show` names the offending value.
import * as z from 'zod/mini';
import { groupDigits } from '../digits';
import { nameProblem } from '../language/names';
import type { CycleLength, CycleUnit } from '../types';

/** Values of the optional top-level keys when a notebook leaves them out. */
export const NOTEBOOK_DEFAULTS = { cycle: '1 month', horizon: 36, trials: 10_000, seed: 1 } as const;

export const TOP_LEVEL_KEYS = ['format', 'title', 'cycle', 'horizon', 'trials', 'seed', 'runway', 'cells', 'scenarios', 'events', 'correlations', 'actuals'];
export const NAMED_CELL_KEYS = ['name', 'sample', 'formula', 'init', 'schedule', 'unit', 'note', 'min', 'max'];
export const ALL_CELL_KEYS = ['md', 'chart', ...NAMED_CELL_KEYS];
/** The keys that decide what kind a cell is. */
export const KIND_KEYS = ['md', 'chart', 'sample', 'schedule', 'formula', 'init'];
export const OVERRIDE_KEYS = ['init', 'formula'];

export type PlainMap = Record<string, unknown>;

export const isPlainMap = (value: unknown): value is PlainMap =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** How a value is named in a message: `'text'`, 42, a list, a map, nothing. */
export function show(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'an empty value';
	if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a map';
	return String(value);
}

/** ` — did you mean 'x'?`, or '' without a suggestion. */
export { suggestionSuffix as suffix } from '../language/didYouMean';

function wholeNumber(key: string, lo: number, hi: number) {
	const message = (input: unknown) => {
		const digits = typeof input === 'string' && /^\d{1,3}([,_ ]\d{3})+$/.test(input.trim());
		const hint = digits ? ` (write it without separators: ${input.replace(/[^\d]/g, '')})` : '';
		return `${key} must be a whole number from ${groupDigits(lo)} to ${groupDigits(hi)}, not ${show(input)}${hint}`;
	};
	return z
		.number({ error: (issue) => message(issue.input) })
		.check(z.refine((v) => Number.isInteger(v) && v >= lo && v <= hi, { error: (issue) => message(issue.input) }));
}

const CYCLE_PATTERN = /^\s*(\d+)\s*(day|week|month|quarter)s?\s*$/i;

/** `2 weeks` → {count: 2, unit: 'week'}; null when it is not a cycle length. */
export function parseCycle(text: string): CycleLength | null {
	const match = CYCLE_PATTERN.exec(text);
	if (!match) return null;
	const count = Number(match[1]);
	if (count < 1 || !Number.isSafeInteger(count)) return null;
	return { count, unit: match[2].toLowerCase() as CycleUnit };
}

const cycleMessage = (input: unknown) =>
	`cycle must be a whole number ≥ 1 and a unit, such as '1 month' or '2 weeks' (day, week, month, quarter), not ${show(input)}`;

/** A map checked entry by entry elsewhere: a zod record would copy user keys such as `__proto__` into a plain object. */
const entryMap = (message: (input: unknown) => string) =>
	z.optional(z.custom<PlainMap | null>((value) => value === null || isPlainMap(value), { error: (issue) => message(issue.input) }));

export const notebookSchema = z.strictObject({
	format: z.literal(1, { error: (issue) => `format must be 1, not ${show(issue.input)} — this version reads format 1` }),
	title: z
		.string({ error: (issue) => `title must be text, not ${show(issue.input)}` })
		.check(z.refine((title) => title.trim() !== '', { error: 'title must not be empty' })),
	cycle: z.optional(
		z
			.string({ error: (issue) => cycleMessage(issue.input) })
			.check(z.refine((cycle) => parseCycle(cycle) !== null, { error: (issue) => cycleMessage(issue.input) }))
	),
	horizon: z.optional(wholeNumber('horizon', 1, 1000)),
	trials: z.optional(wholeNumber('trials', 1, 10_000_000)),
	seed: z.optional(wholeNumber('seed', 0, Number.MAX_SAFE_INTEGER)),
	runway: z.optional(z.nullable(z.string({ error: (issue) => `runway must be the name of a cell, not ${show(issue.input)}` }))),
	cells: z.array(z.unknown(), { error: (issue) => `cells must be a list of cells, not ${show(issue.input)}` }),
	scenarios: entryMap((input) => `scenarios must map scenario names to cell overrides, not ${show(input)}`),
	events: entryMap((input) => `events must map event names to conditions such as 'revenue >= costs', not ${show(input)}`),
	// SPEC §4.6: checked entry by entry (actuals.ts in this folder)
	actuals: entryMap((input) => `actuals must map cell names to measured values, e.g. users: {values: {1: 230}}, not ${show(input)}`),
	// SPEC §4.7: checked entry by entry (correlations.ts in this folder)
	correlations: z.optional(
		z.custom<unknown[] | null>((value) => value === null || Array.isArray(value), {
			error: (issue) => `correlations must be a list of pairs such as [viral_rate, activation_rate, 0.5], not ${show(issue.input)}`
		})
	)
});

export const EXPRESSION_EXAMPLES: Record<string, string> = {
	schedule: '3',
	sample: 'normal(0.08, 0.03)',
	formula: 'users * 1.1',
	init: '1000'
};

/**
 * The text of an expression, trimmed, or what is wrong with it: text, or a number or boolean that
 * YAML read as such (kept as its text). The one rule for every expression of the file: the cells'
 * schemas use it (`expression`), and the entries read one by one (schedule steps, events, scenario
 * overrides) call it directly, as a zod schema built for each of them would cost more than the check.
 */
export function expressionText(value: unknown, label: string, example: string): { ok: true; text: string } | { ok: false; message: string } {
	// finite numbers only, not NaN or ±Infinity (YAML's .nan, .inf)
	const valid = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
	if (!valid) return { ok: false, message: `${label} must be an expression such as ${example}, not ${show(value)}` };
	const text = String(value).trim();
	return text === '' ? { ok: false, message: `${label} must not be empty` } : { ok: true, text };
}

/** An expression of a cell, as a schema: `expressionText`, its problem as the issue. */
function expression(label: string, example: string) {
	return z.pipe(
		z.unknown(),
		z.transform((value, context) => {
			const result = expressionText(value, label, example);
			if (result.ok) return result.text;
			context.issues.push({ code: 'custom', message: result.message, input: value });
			return z.NEVER;
		})
	);
}

const cellExpression = (key: string) => expression(key, EXPRESSION_EXAMPLES[key]);

const nameSchema = z
	.string({ error: (issue) => `name must be text such as 'users', not ${show(issue.input)}` })
	.check(
		z.superRefine((name, context) => {
			const problem = nameProblem(name);
			if (problem !== null) context.addIssue({ code: 'custom', message: problem });
		})
	);

const hintShape = {
	unit: z.optional(z.string({ error: (issue) => `unit must be text such as 'per month', not ${show(issue.input)}` })),
	note: z.optional(z.string({ error: (issue) => `note must be text, not ${show(issue.input)}` })),
	min: z.optional(z.number({ error: (issue) => `min must be a number, not ${show(issue.input)}` })),
	max: z.optional(z.number({ error: (issue) => `max must be a number, not ${show(issue.input)}` }))
};

export const cellSchemas = {
	md: z.strictObject({ md: z.string({ error: (issue) => `md must be text, not ${show(issue.input)}` }) }),
	chart: z.strictObject({
		chart: z.union([z.string(), z.array(z.string())], {
			error: (issue) =>
				`chart must be a cell name, a list of cell names such as [users, cash], or runway — not ${show(issue.input)}`
		})
	}),
	sample: z.strictObject({ name: nameSchema, sample: cellExpression('sample'), ...hintShape }),
	formula: z.strictObject({ name: nameSchema, formula: cellExpression('formula'), ...hintShape }),
	stock: z.strictObject({ name: nameSchema, init: cellExpression('init'), formula: cellExpression('formula'), ...hintShape }),
	// SPEC §4.8: the map's keys and expressions are checked one by one (cells.ts), each at its line
	schedule: z.strictObject({
		name: nameSchema,
		schedule: z.custom<PlainMap>((value) => isPlainMap(value), {
			error: (issue) => `schedule must map cycles to expressions, such as {0: 1, 6: 3, 12: 5}, not ${show(issue.input)}`
		}),
		...hintShape
	})
};

export type CellKind = keyof typeof cellSchemas;
