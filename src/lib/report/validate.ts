// "Is this JSON a report?" (SPEC §3, §4, §5), for `diff`: the fields every report has, checked
// with zod. Lenient where reports of older versions differ (§4's fields and §5's stamps may be
// missing) and about fields it does not know, so that reports of other versions still compare.
import * as z from 'zod/mini';
import { ENGLISH } from '../engine/notebook/zodMessages';
import type { Report } from '../engine/types';

const num = z.nullable(z.number());
const series = z.array(num);
const cellSummary = z.looseObject({ mean: series, p5: series, p10: series, p25: series, p50: series, p75: series, p90: series, p95: series });
const runway = z.looseObject({ cell: z.string(), p10: num, p50: num, p90: num, cashOutByCycle: series, survives: z.number() });
const event = z.looseObject({ byCycle: series, p10: num, p50: num, p90: num, never: z.number() });

export const reportSchema = z.looseObject({
	format: z.literal(1),
	title: z.string(),
	scenario: z.string(),
	trials: z.number().check(z.int(), z.positive()),
	seed: z.number(),
	horizon: z.number().check(z.int(), z.nonnegative()),
	cycle: z.string(),
	cells: z.record(z.string(), cellSummary),
	runway: z.nullable(runway),
	overrides: z.optional(z.record(z.string(), z.string())),
	events: z.optional(z.record(z.string(), event)),
	comparison: z.optional(
		z.nullable(
			z.looseObject({ reference: z.string(), scenarios: z.record(z.string(), z.looseObject({ overrides: z.record(z.string(), z.string()) })) })
		)
	),
	notebook: z.optional(z.looseObject({ file: z.string(), sha256: z.string() })),
	engine: z.optional(z.looseObject({ version: z.string() })),
	created: z.optional(z.string())
});

/** Whether `json` (parsed) is a report this version can read. */
export function isReport(json: unknown): json is Report {
	return reportSchema.safeParse(json).success;
}

/** Why `json` is not a report, in a line (the first few problems); null when it is one. */
export function reportProblem(json: unknown): string | null {
	const result = reportSchema.safeParse(json, ENGLISH);
	if (result.success) return null;
	return result.error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length ? issue.path.join('.') : 'the file'}: ${issue.message}`)
		.join('; ');
}
