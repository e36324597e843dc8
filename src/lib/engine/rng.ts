import seedrandom from 'seedrandom';

/**
 * A source of uniform random numbers in [0, 1). Every sampler takes one as a parameter. The
 * engine's own streams (`randomStream`) also carry their generator's state as `alea`, so a loop
 * that draws a whole block can step the generator inline (distributions.ts `fill`): the same
 * numbers in the same order as calling the source, without a call per draw. Any other function
 * `() => number` is a source too; loops then call it.
 */
export type RandomSource = (() => number) & { readonly alea?: AleaState };

/**
 * Trials are cut into fixed blocks of this size. A block is the unit of random streams and of
 * scheduling, so results never depend on how blocks are spread over workers.
 */
export const BLOCK_SIZE = 1000;

/** The blocks of a run of `trials`. */
export function blockCount(trials: number): number {
	return Math.ceil(trials / BLOCK_SIZE);
}

/** Trials in block `block` of a run of `trials`: BLOCK_SIZE except for the last. */
export function trialsInBlock(block: number, trials: number): number {
	return Math.min(BLOCK_SIZE, trials - block * BLOCK_SIZE);
}

/** Trials in the first `blocks` blocks of a run of `trials`. */
export function trialsInBlocks(blocks: number, trials: number): number {
	return Math.min(trials, blocks * BLOCK_SIZE);
}

/**
 * The state of an Alea generator (Baagøe 2010, as in seedrandom's `alea`). One step, written out
 * wherever a loop steps it inline (and in `randomStream`):
 *
 *     t = 2091639 · s0 + c · 2^-32;  s0 = s1;  s1 = s2;  c = floor(t);  s2 = t − c;  → s2
 *
 * exactly seedrandom's `next`, which has c = t | 0: s0 ∈ [0, 1) and c ≥ 0 keep t in
 * [0, 2091640), where floor(t) and t | 0 are the same whole number. floor stays a double (one
 * instruction), where | 0 goes to an integer and back on the step's critical path: about twice
 * the speed for the generator alone. The same numbers on every machine.
 */
export type AleaState = { s0: number; s1: number; s2: number; c: number };

/** 2^-32 */
export const ALEA_SCALE = 2.3283064365386963e-10;

/**
 * The random stream of one (seed, block, cell, part). Keyed by the cell's name, so a scenario that
 * changes one cell leaves every other cell's draws unchanged (common random numbers).
 * Alea is seedrandom's fastest generator with a period of ~2^116; being pure arithmetic on doubles
 * it gives the same numbers on every machine. seedrandom seeds it (its state is copied out); the
 * stream steps that state itself, number for number as seedrandom's generator would.
 */
export function randomStream(seed: number, block: number, cell: string, part: 'init' | 'value' = 'value'): RandomSource {
	const seeded = seedrandom.alea(`${seed}/${block}/${cell}/${part}`, { state: true }).state() as AleaState;
	const alea: AleaState = { s0: seeded.s0, s1: seeded.s1, s2: seeded.s2, c: seeded.c };
	const next = () => {
		const t = 2091639 * alea.s0 + alea.c * ALEA_SCALE;
		alea.s0 = alea.s1;
		alea.s1 = alea.s2;
		const c = Math.floor(t);
		alea.c = c;
		return (alea.s2 = t - c);
	};
	return Object.assign(next, { alea });
}

/**
 * out[0 … n − 1] = the next n numbers of `rng`, in order: an engine stream's generator stepped
 * inline (no call per number), any other source called n times.
 */
export function fillUniforms(rng: RandomSource, out: Float64Array, n: number): void {
	const g = rng.alea;
	if (g === undefined) {
		for (let i = 0; i < n; i++) out[i] = rng();
		return;
	}
	let s0 = g.s0, s1 = g.s1, s2 = g.s2, c = g.c;
	for (let i = 0; i < n; i++) {
		const t = 2091639 * s0 + c * ALEA_SCALE;
		s0 = s1;
		s1 = s2;
		c = Math.floor(t);
		s2 = t - c;
		out[i] = s2;
	}
	g.s0 = s0;
	g.s1 = s1;
	g.s2 = s2;
	g.c = c;
}

/** The source before a cell's stream is set: drawing from it is a bug, never a silent Math.random. */
export const NO_STREAM: RandomSource = () => {
	throw new Error('internal error: a draw before the random stream was set');
};
