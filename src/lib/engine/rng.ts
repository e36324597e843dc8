import seedrandom from 'seedrandom';

/** A source of uniform random numbers in [0, 1). Every sampler takes one as a parameter. */
export type RandomSource = () => number;

/**
 * Trials are cut into fixed blocks of this size. A block is the unit of random streams and of
 * scheduling, so results never depend on how blocks are spread over workers.
 */
export const BLOCK_SIZE = 1000;

/**
 * The random stream of one (seed, block, cell, part). Keyed by the cell's name, so a scenario that
 * changes one cell leaves every other cell's draws unchanged (common random numbers).
 * Alea is seedrandom's fastest generator with a period of ~2^116; being pure arithmetic on doubles
 * it gives the same numbers on every machine.
 */
export function randomStream(seed: number, block: number, cell: string, part: 'init' | 'value' = 'value'): RandomSource {
	return seedrandom.alea(`${seed}/${block}/${cell}/${part}`);
}

/** The source before a cell's stream is set: drawing from it is a bug, never a silent Math.random. */
export const NO_STREAM: RandomSource = () => {
	throw new Error('internal error: a draw before the random stream was set');
};
