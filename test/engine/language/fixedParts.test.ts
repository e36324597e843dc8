// compile.ts computes the parts of an expression that are plain arithmetic of sample cells once a
// block (CompileContext fixedCells, BlockState epoch): the same values as at every cycle, computed
// again when the block changes.
import { describe, expect, it } from 'vitest';
import { compile, type BlockState } from '../../../src/lib/engine/language/compile';
import { parseExpression, type Expr } from '../../../src/lib/engine/language/expression';

function parse(source: string, cells: string[]): Expr {
	const result = parseExpression(source, new Set(cells));
	if (!result.ok) throw new Error(result.errors[0].message);
	return result.value;
}

/** Cell s (index 0) is a sample cell, f (index 1) a formula with a value per cycle. */
function setup(source: string) {
	const s = Float64Array.from([1, 2, 3]);
	const f = [Float64Array.from([10, 20, 30]), Float64Array.from([40, 50, 60])];
	const state: BlockState = { n: 3, t: 0, rng: () => 0.5, values: [[s, s], f], before: [s, new Float64Array(3)], issue: null, epoch: 1 };
	const cellIndex = new Map([['s', 0], ['f', 1]]);
	const expr = parse(source, ['s', 'f']);
	const hoisted = compile(expr, { state, capacity: 3, cellIndex, fixedCells: new Set([0]) });
	const plain = compile(expr, { state, capacity: 3, cellIndex });
	return { s, f, state, hoisted, plain };
}

describe('parts of sample cells computed once a block', () => {
	it('give the values computed at every cycle, and follow a new block', () => {
		for (const source of ['(1 + s - 0.5) * f', 's * 2', 'max(s, 2) + f / (s + 1)', 's > 1 ? f : -s', 'not (s == 2) + t', 'prev(f) + sqrt(s)', 'f * normal(s, 0) + s ^ 2']) {
			const { s, state, hoisted, plain } = setup(source);
			for (const epoch of [1, 2]) {
				state.epoch = epoch;
				if (epoch === 2) s.set([7, -1, 0.25]);
				for (const t of [0, 1]) {
					state.t = t;
					expect(Array.from(hoisted.get()), `${source} at t = ${t}, block ${epoch}`).toEqual(Array.from(plain.get()));
					const out = new Float64Array(3);
					hoisted.into(out);
					expect(Array.from(out)).toEqual(Array.from(plain.get()));
				}
			}
		}
	});

	it('are computed once while the block lasts', () => {
		const { s, state, hoisted } = setup('(s + 1) * f');
		expect(Array.from(hoisted.get())).toEqual([20, 60, 120]);
		s.set([0, 0, 0]); // the same block (epoch): s + 1 is not computed again
		state.t = 1;
		expect(Array.from(hoisted.get())).toEqual([80, 150, 240]);
		state.epoch = 2;
		expect(Array.from(hoisted.get())).toEqual([40, 50, 60]);
	});
});
