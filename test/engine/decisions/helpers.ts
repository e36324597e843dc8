// Draws for the decision statistics' tests, from the engine's own streams and samplers.
import { DISTRIBUTIONS } from '../../../src/lib/engine/language/distributions';
import { randomStream } from '../../../src/lib/engine/rng';

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
