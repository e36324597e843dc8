// "Is this JSON a report?" (SPEC §3, §4, §5), for `diff`: the fields every report has, checked
// with zod. Lenient where reports of older versions differ (§4's fields and §5's stamps may be
// missing) and about fields it does not know, so that reports of other versions still compare.
import { z } from 'zod';
import type { Report } from '../engine/types';

const num = z.number().nullable();
const series = z.array(num);
const cellSummary = z.object({ mean: series, p5: series, p10: series, p25: series, p50: series, p75: series, p90: series, p95: series }).passthrough();
const runway = z
	.object({ cell: z.string(), p10: num, p50: num, p90: num, cashOutByCycle: series, survives: z.number() })
	.passthrough();
const event = z.object({ byCycle: series, p10: num, p50: num, p90: num, never: z.number() }).passthrough();

export const reportSchema = z
	.object({
		format: z.literal(1),
		title: z.string(),
		scenario: z.string(),
		trials: z.number().int().positive(),
		seed: z.number(),
		horizon: z.number().int().nonnegative(),
		cycle: z.string(),
		cells: z.record(z.string(), cellSummary),
		runway: runway.nullable(),
		overrides: z.record(z.string(), z.string()).optional(),
		events: z.record(z.string(), event).optional(),
		comparison: z
			.object({ reference: z.string(), scenarios: z.record(z.string(), z.object({ overrides: z.record(z.string(), z.string()) }).passthrough()) })
			.passthrough()
			.nullable()
			.optional(),
		notebook: z.object({ file: z.string(), sha256: z.string() }).passthrough().optional(),
		engine: z.object({ version: z.string() }).passthrough().optional(),
		created: z.string().optional()
	})
	.passthrough();

/** Whether `json` (parsed) is a report this version can read. */
export function isReport(json: unknown): json is Report {
	return reportSchema.safeParse(json).success;
}

/** Why `json` is not a report, in a line (the first few problems); null when it is one. */
export function reportProblem(json: unknown): string | null {
	const result = reportSchema.safeParse(json);
	if (result.success) return null;
	return result.error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length ? issue.path.join('.') : 'the file'}: ${issue.message}`)
		.join('; ');
}
