// The engine's random streams step seedrandom's Alea themselves (rng.ts), and the distributions'
// block loops (`fill`) step it inline: both must give seedrandom's numbers, and `fill` exactly
// what as many calls of `sample` give, in the same order, leaving the stream at the same place.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { DISTRIBUTIONS } from '../../src/lib/engine/language/distributions';
import { randomStream, type RandomSource } from '../../src/lib/engine/rng';

describe('randomStream', () => {
	it("gives seedrandom's alea numbers, number for number", () => {
		for (const [seed, block, cell, part] of [
			[2026, 0, 'users', 'value'],
			[1, 99, 'cash', 'init'],
			[0, 12345, '#correlations', 'value'],
			[-7, 3, 'a cell with spaces', 'value']
		] as const) {
			const ours = randomStream(seed, block, cell, part);
			const theirs = seedrandom.alea(`${seed}/${block}/${cell}/${part}`);
			for (let i = 0; i < 200_000; i++) {
				const x = ours();
				const y = theirs();
				if (x !== y) expect(x, `${seed}/${block}/${cell}/${part}, number ${i}`).toBe(y);
			}
		}
	});
});

/** The same draws through n calls of `sample`. */
function sampled(name: string, rng: RandomSource, params: number[], n: number): Float64Array {
	const d = DISTRIBUTIONS[name];
	const [a, b = 0, c = 0] = params;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) out[i] = d.sample(rng, a, b, c);
	return out;
}

describe("the distributions' block loops (fill)", () => {
	const cases: [string, number[]][] = [
		['normal', [0, 0.02]],
		['normal', [-3, 7.5]],
		['normal', [5, 0]],
		['lognormal', [0.1, 0.3]],
		['uniform', [0.02, 0.06]],
		['uniform', [-1, -1]],
		['ci90', [1, 10]],
		['ci90', [-1, 10]],
		['ci90', [0, 0]],
		['ci90', [4, 4]]
	];
	for (const [name, params] of cases) {
		it(`${name}(${params.join(', ')}) gives what sample gives, in order, and leaves the stream where sample does`, () => {
			const fill = DISTRIBUTIONS[name].fill!;
			const [a, b = 0, c = 0] = params;
			for (const n of [1, 999, 1000, 2500]) {
				// an engine stream (stepped inline) and a plain function (called)
				const streams: [RandomSource, RandomSource][] = [
					[randomStream(2026, n, name), randomStream(2026, n, name)],
					[seedrandom.alea(`plain/${n}`), seedrandom.alea(`plain/${n}`)]
				];
				for (const [mine, reference] of streams) {
					// twice in a row: the second block starts where the first left the stream
					for (let round = 0; round < 2; round++) {
						const out = new Float64Array(n + 3).fill(-42);
						fill(mine, a, b, c, out, n);
						const expected = sampled(name, reference, params, n);
						expect(Array.from(out.subarray(0, n))).toEqual(Array.from(expected));
						expect(Array.from(out.subarray(n))).toEqual([-42, -42, -42]);
					}
					expect(mine()).toBe(reference());
				}
			}
		});
	}

	it('reach the normal tails (u near 0 and 1) exactly as sample does', () => {
		// a source of chosen uniforms, 0 included (drawn as 2^-53)
		const uniforms = [0, 2 ** -32, 1e-9, 0.0001, 0.074, 0.075, 0.0751, 0.5, 0.925, 0.9249, 0.9999, 1 - 2 ** -32];
		const source = () => {
			let k = 0;
			return () => uniforms[k++ % uniforms.length];
		};
		for (const name of ['normal', 'lognormal']) {
			const out = new Float64Array(uniforms.length);
			DISTRIBUTIONS[name].fill!(source(), 1, 2, 0, out, uniforms.length);
			expect(Array.from(out)).toEqual(Array.from(sampled(name, source(), [1, 2], uniforms.length)));
		}
	});
});
