// A run compiles its formulas for a block's trials: every expression node keeps an array of that
// many values. A run smaller than a block (BLOCK_SIZE) compiles for its own trials, with the same
// values; the memory estimate counts those arrays before anything is allocated.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlockRunner } from '../../src/lib/engine/block';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { planNotebook } from '../../src/lib/engine/plan';
import { BLOCK_SIZE } from '../../src/lib/engine/rng';
import { runMemory } from '../../src/lib/engine/run/memory';
import { prepareRun } from '../../src/lib/engine/simulate';

function read(text: string, file: string) {
	const notebook = parseNotebook(text, file);
	if (!notebook.ok) throw new Error(notebook.errors[0].message);
	return notebook.value;
}

const DEFAULT = read(readFileSync('simulations/social-network-mvp.yaml', 'utf8'), 'social-network-mvp.yaml');

/** A hash of a block's values, every byte of every cell. */
function digest(values: Float64Array[]): string {
	const hash = createHash('sha256');
	for (const array of values) hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
	return hash.digest('hex');
}

describe("a run smaller than a block compiles for its own trials", () => {
	const plan = planNotebook(DEFAULT);
	if (!plan.ok) throw new Error(plan.errors[0].message);

	it('gives the same values as a runner compiled for a whole block, byte for byte', () => {
		for (const n of [1, 37, 300]) {
			const whole = new BlockRunner(plan.value, 2026).run(0, n);
			const own = new BlockRunner(plan.value, 2026, n).run(0, n);
			if (!whole.ok || !own.ok) throw new Error('the default notebook failed');
			expect(digest(own.value.values)).toBe(digest(whole.value.values));
		}
	});

	it('refuses a block larger than it was compiled for, and a capacity outside 1 to BLOCK_SIZE', () => {
		expect(() => new BlockRunner(plan.value, 1, 10).run(0, 11)).toThrow('a block of 11 trials in a runner compiled for 10');
		expect(() => new BlockRunner(plan.value, 1, 0)).toThrow(RangeError);
		expect(() => new BlockRunner(plan.value, 1, BLOCK_SIZE + 1)).toThrow(RangeError);
	});
});

describe('the memory estimate counts the compiled formulas', () => {
	// one formula of 3,000 arguments: 3,001 nodes, beside the input's 3 (uniform and its two bounds)
	const args = Array.from({ length: 3_000 }, () => 'x').join(', ');
	const wide = read(`format: 1\ntitle: wide\nhorizon: 1\ntrials: 10000\nseed: 1\ncells:\n  - name: x\n    sample: uniform(0, 1)\n  - name: y\n    formula: max(${args})\n`, 'wide.yaml');
	const nodes = 3 + 3_001;

	it("as nodes × a block's trials × 8 bytes in each worker, named when they dominate", () => {
		const spec = prepareRun(wide, { trials: 10_000 });
		if (!spec.ok) throw new Error(spec.errors[0].message);
		const estimate = runMemory(spec.value, 2);
		const compiled = 2 * nodes * BLOCK_SIZE * 8;
		expect(estimate.bytes).toBeGreaterThanOrEqual(compiled);
		expect(estimate.bytes).toBeLessThan(compiled * 1.1);
		expect(estimate.what).toBe('the compiled formulas: 3,004 expression nodes × 1,000 trials in each of 2 threads');
	});

	it("for a run smaller than a block, × its own trials", () => {
		const spec = prepareRun(wide, { trials: 10 });
		if (!spec.ok) throw new Error(spec.errors[0].message);
		expect(runMemory(spec.value, 2).bytes).toBeGreaterThanOrEqual(2 * nodes * 10 * 8);
		expect(runMemory(spec.value, 2).bytes).toBeLessThan(2 * nodes * 100 * 8);
	});
});
