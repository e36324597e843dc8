// Draws for the decision statistics' tests, from the engine's own streams and samplers.
import { DISTRIBUTIONS } from '../../../src/lib/engine/language/distributions';
import { parseNotebook } from '../../../src/lib/engine/notebook/readNotebook';
import { randomStream } from '../../../src/lib/engine/rng';
import { prepareRun, runSpec, type RunOptions, type RunSpec } from '../../../src/lib/engine/simulate';
import type { Report } from '../../../src/lib/engine/types';

/** n draws of a distribution of the language from the stream (seed, block 0, cell). */
export function draws(n: number, seed: number, cell: string, name: string, a: number, b = 0, c = 0): Float64Array {
	const rng = randomStream(seed, 0, cell);
	const { sample } = DISTRIBUTIONS[name];
	return Float64Array.from({ length: n }, () => sample(rng, a, b, c));
}

/** The standard normal density. */
export const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** The standard error of a sample proportion near p over n trials. */
export const proportionSE = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

/** R's type 7 on a sorted copy: the definition. */
export function type7(values: ArrayLike<number>, p: number): number {
	const sorted = Float64Array.from(values).sort();
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	return lo + 1 < sorted.length && h !== lo ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

/** A notebook's text prepared for a run, or the errors that stopped it, thrown. */
export function prepared(text: string, options: RunOptions = {}, file = 'test.yaml'): RunSpec {
	const parsed = parseNotebook(text, file);
	if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
	const spec = prepareRun(parsed.value, options);
	if (!spec.ok) throw new Error(spec.errors.map((e) => e.message).join('\n'));
	return spec.value;
}

/** The report of a notebook's text run in this thread. */
export function reportOf(text: string, options: RunOptions = {}): Report {
	const result = runSpec(prepared(text, options));
	if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
	return result.value;
}
