import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { bucketOf, MAX_MAGNITUDE, MIN_MAGNITUDE, RELATIVE_ACCURACY, SketchSet, valueOfBucket } from '../../src/lib/engine/sketch';
import { prepareRun, runSpec } from '../../src/lib/engine/simulate';
import { quantilesInPlace } from '../../src/lib/engine/stats';
import { createNodePool } from '../../src/lib/workers/nodeWorkers';

describe('bucketOf / valueOfBucket', () => {
	it('a bucket stands for every value in it within the relative accuracy', () => {
		fc.assert(
			fc.property(fc.double({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE, noNaN: true }), (x) => {
				const estimate = valueOfBucket(bucketOf(x));
				if (Math.abs(x) < MIN_MAGNITUDE) return estimate === 0;
				return Math.abs(estimate - x) <= RELATIVE_ACCURACY * Math.abs(x) * (1 + 1e-12);
			}),
			{ numRuns: 20000, seed: 42 }
		);
	});
	it('buckets are ordered like their values', () => {
		fc.assert(
			fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.double({ min: -1e12, max: 1e12, noNaN: true }), (a, b) =>
				a <= b ? bucketOf(a) <= bucketOf(b) : bucketOf(a) >= bucketOf(b)
			),
			{ numRuns: 20000, seed: 7 }
		);
	});
});

describe('SketchSet.quantiles', () => {
	it('estimates type-7 percentiles within the relative accuracy of the exact ones', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 400 }), (values) => {
				const sketch = new SketchSet(1);
				const data = Float64Array.from(values);
				sketch.add(0, data, 0, data.length);
				const levels = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95];
				const estimated = sketch.quantiles(0, levels, data.length);
				const exact = quantilesInPlace(data.slice(), levels);
				// both neighbouring order statistics are within α of theirs; so is the interpolation
				return exact.every((q, i) => {
					const h = (data.length - 1) * levels[i];
					const sorted = [...data].sort((a, b) => a - b);
					const scale = Math.max(Math.abs(sorted[Math.floor(h)]), Math.abs(sorted[Math.min(Math.floor(h) + 1, data.length - 1)]));
					return Math.abs(estimated[i] - q) <= RELATIVE_ACCURACY * scale + MIN_MAGNITUDE;
				});
			}),
			{ numRuns: 300, seed: 3 }
		);
	});
});

describe('sketch mode against exact mode on the default notebook', () => {
	const parsed = parseNotebook(readFileSync('simulations/social-network-mvp.yaml', 'utf8'), 'default');
	if (!parsed.ok) throw new Error('default notebook');
	// Three blocks, the last a part of one: sketches merged across blocks and across workers that
	// share them unevenly. The sketch's accuracy is relative and holds at any number of trials.
	const spec = (quantiles: 'exact' | 'sketch') => {
		const prepared = prepareRun(parsed.value, { trials: 2100, seed: 8, quantiles });
		if (!prepared.ok) throw new Error(prepared.errors[0].message);
		return prepared.value;
	};
	const exactRun = runSpec(spec('exact'));
	const sketchRun = runSpec(spec('sketch'));
	if (!exactRun.ok || !sketchRun.ok) throw new Error('run failed');
	const [exact, sketch] = [exactRun.value, sketchRun.value];

	it('percentiles agree within 0.5 % (relative), means to rounding, runway exactly', () => {
		for (const [name, e] of Object.entries(exact.cells)) {
			const s = sketch.cells[name];
			for (const key of ['p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'] as const) {
				for (let t = 0; t <= exact.horizon; t++) {
					expect(Math.abs(s[key][t] - e[key][t])).toBeLessThanOrEqual(RELATIVE_ACCURACY * Math.abs(e[key][t]) * 1.0001 + 1e-9);
				}
			}
			for (let t = 0; t <= exact.horizon; t++) expect(s.mean[t]).toBeCloseTo(e.mean[t], Math.max(0, 8 - Math.ceil(Math.log10(Math.abs(e.mean[t]) + 1))));
		}
		expect(sketch.runway).toEqual(exact.runway);
	});

	it('gives identical results with 1 and 2 workers', async () => {
		const pools = await Promise.all([createNodePool(1), createNodePool(2)]);
		try {
			const [one, two] = await Promise.all(pools.map((p) => p.run(spec('sketch'))));
			if (!one.ok || !two.ok) throw new Error('run failed');
			expect(two.value.cells).toEqual(one.value.cells);
			expect(two.value.cells).toEqual(sketch.cells);
			expect(two.value.runway).toEqual(one.value.runway);
		} finally {
			pools.forEach((p) => p.close());
		}
	});
});
