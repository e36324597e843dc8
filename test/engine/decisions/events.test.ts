import { describe, expect, it } from 'vitest';
import { firstCycles, summarizeFirstCycles } from '../../../src/lib/engine/decisions/events';
import { summarizeRunway } from '../../../src/lib/engine/stats';
import { draws, proportionSE } from './helpers';

describe('SPEC §4.2: an event is true when non-zero; firstCycles finds its first cycle per trial', () => {
	it('reads a cycle-major block values[t·n + i]; -1 when it never holds; NaN does not hold', () => {
		// 3 trials × 4 cycles
		const values = Float64Array.from([
			0, 0, NaN, // t = 0
			0, 2, 0, // t = 1
			-1, 0, 0, // t = 2
			1, 1, 0 // t = 3
		]);
		expect(Array.from(firstCycles(values, 3, 4))).toEqual([2, 1, -1]);
	});
	it('reuses `out`, resetting it', () => {
		const out = Int32Array.from([7, 7]);
		expect(firstCycles(Float64Array.from([0, 1, 0, 0]), 2, 2, out)).toBe(out);
		expect(Array.from(out)).toEqual([-1, 0]);
	});
});

describe('SPEC §4.2: "pK: the K-th percentile (type 7) of the first cycle …, a trial where it never holds counting as +∞, null where not finite"', () => {
	it('never-trials give null percentiles where they are not finite, and `never` their fraction', () => {
		// sorted: 1, 4, ∞ ×3: P10 = 1 + 0.4·3 = 2.2; P50 (h = 2) = ∞; P90 = ∞
		expect(summarizeFirstCycles(Int32Array.from([-1, 4, -1, 1, -1]), 5)).toEqual({
			byCycle: [0, 0.2, 0.2, 0.2, 0.4, 0.4],
			p10: 1 + 0.4 * 3,
			p50: null,
			p90: null,
			never: 0.6
		});
		// interpolating towards +∞ is not finite either: h = 0.9 between 3 and ∞
		expect(summarizeFirstCycles(Int32Array.from([3, -1]), 5).p90).toBeNull();
		expect(summarizeFirstCycles(Int32Array.from([-1, -1]), 3)).toEqual({ byCycle: [0, 0, 0, 0], p10: null, p50: null, p90: null, never: 1 });
	});
	it('"byCycle[t]: the fraction of trials in which the condition has held at some cycle ≤ t": geometric first cycles within 4 standard errors', () => {
		// The condition holds with chance q at each cycle, independently: P(first ≤ t) = 1 − (1 − q)^(t+1).
		const n = 50_000;
		const cycles = 11;
		const q = 0.15;
		const u = draws(n * cycles, 17, 'condition', 'uniform', 0, 1);
		const cond = u.map((x) => (x < q ? 1 : 0));
		const s = summarizeFirstCycles(firstCycles(cond, n, cycles), cycles - 1);
		for (let t = 0; t < cycles; t++) {
			const p = 1 - (1 - q) ** (t + 1);
			expect(Math.abs(s.byCycle[t] - p)).toBeLessThan(4 * proportionSE(p, n));
		}
		const never = (1 - q) ** cycles; // ≈ 0.167 > 0.1, so P90 is +∞
		expect(Math.abs(s.never - never)).toBeLessThan(4 * proportionSE(never, n));
		expect(s.p90).toBeNull();
		expect(s.p50).toBe(4); // median of a geometric(0.15) from 0: P(≤3) = 0.478, P(≤4) = 0.556, far from 0.5
	});
});

describe('SPEC §4.2: "The runway is the event \'runway cell < 0\', reported as in §3"', () => {
	it('summarizeRunway is summarizeFirstCycles under §3\'s names', () => {
		const first = Int32Array.from([2, 3, -1, -1, 0, 7, 7, 1]);
		const e = summarizeFirstCycles(first, 8);
		expect(summarizeRunway('cash', first, 8)).toEqual({ cell: 'cash', p10: e.p10, p50: e.p50, p90: e.p90, cashOutByCycle: e.byCycle, survives: e.never });
	});
});
