// The capacity and staffing built-ins (SPEC §4.8) against published worked examples, and their
// argument checks.
import { describe, expect, it } from 'vitest';
import {
	erlangAgents,
	erlangAgentsProblem,
	erlangC,
	erlangSl,
	erlangSlProblem,
	usl,
	uslNodes,
	uslNodesProblem,
	uslPeak,
	uslPeakNodes,
	uslProblem
} from '../../../src/lib/engine/language/capacity';
import { compile, constantProblems, type BlockState } from '../../../src/lib/engine/language/compile';
import { parseExpression } from '../../../src/lib/engine/language/expression';

/** R's signif(x, 2). */
const signif2 = (x: number) => Number(x.toPrecision(2));

describe("Gunther's Universal Scalability Law", () => {
	// The SPEC SDM91 benchmark fit of the R package usl (S. Möding, README and tests/*.Rout.save of
	// github.com/smoeding/usl): alpha 0.0277285, beta 0.0001044, gamma 89.9952330;
	// scalability(u)(20) → 1100 and peak.scalability(u) → 97 (to 2 significant digits); with
	// alpha 0.001, beta 0.00001: 1800 and 320.
	const [alpha, beta, gamma] = [0.0277285, 0.0001044, 89.995233];

	it('reproduces the SPEC SDM91 fit', () => {
		expect(signif2(usl(20, alpha, beta, gamma))).toBe(1100);
		expect(signif2(usl(20, 0.001, 0.00001, gamma))).toBe(1800);
		expect(signif2(Math.sqrt((1 - alpha) / beta))).toBe(97);
		expect(uslPeakNodes(alpha, beta)).toBe(97);
		expect(signif2(uslPeakNodes(0.001, 0.00001))).toBe(320);
		expect(uslPeak(alpha, beta, gamma)).toBeCloseTo(usl(97, alpha, beta, gamma), 9);
		// the formula itself
		expect(usl(1, alpha, beta, gamma)).toBeCloseTo(gamma, 9);
		expect(usl(20, alpha, beta, gamma)).toBeCloseTo((gamma * 20) / (1 + alpha * 19 + beta * 20 * 19), 9);
	});

	it('usl_nodes is the smallest whole n ≥ 1 that carries the load (checked against a search)', () => {
		const search = (load: number, a: number, b: number, g: number) => {
			for (let n = 1; n <= 100000; n++) if (usl(n, a, b, g) >= load) return n;
			return NaN;
		};
		const cases: [number, number, number][] = [[alpha, beta, gamma], [0.05, 0.00002, 1200], [0, 0, 50], [0.1, 0, 10], [0.3, 0.01, 1]];
		for (const [a, b, g] of cases) {
			const top = uslPeak(a, b, g);
			const limit = Number.isFinite(top) ? top : 100 * g;
			for (let k = 0; k <= 60; k++) {
				const load = (limit * k) / 61;
				expect(uslNodes(load, a, b, g), `load ${load} with ${a}, ${b}, ${g}`).toBe(search(load, a, b, g));
			}
		}
		expect(uslNodes(1148, alpha, beta, gamma)).toBe(20);
		expect(uslNodes(1149, alpha, beta, gamma)).toBe(21);
		expect(uslNodes(0, alpha, beta, gamma)).toBe(1);
	});

	it('refuses a load above the peak, naming the peak', () => {
		expect(uslNodesProblem(1900, alpha, beta, gamma)).toBe(
			'load 1900 is above what the law can carry (its peak 1884 at n = 97) — adding nodes stops helping: shard, or lower alpha and beta'
		);
		expect(uslNodesProblem(1883, alpha, beta, gamma)).toBeNull();
		// beta = 0: the limit gamma/alpha is never reached
		expect(uslNodesProblem(100, 0.1, 0, 10)).toMatch(/its limit gamma\/alpha = 100/);
	});

	it('checks its arguments', () => {
		expect(uslProblem(-1, 0.1, 0.01, 1)).toBe('n (nodes) must be a number ≥ 0, not -1');
		expect(uslProblem(4, 1.5, 0.01, 1)).toBe('alpha (contention) must be from 0 to 1, not 1.5');
		expect(uslProblem(4, 0.1, -0.01, 1)).toBe('beta (coherency) must be a number ≥ 0, not -0.01');
		expect(uslProblem(4, 0.1, 0.01, 0)).toBe('gamma (throughput of one node) must be above 0, not 0');
		expect(uslNodesProblem(NaN, 0.1, 0.01, 1)).toBe('load must be a finite number, not NaN');
	});
});

describe('Erlang C', () => {
	// Westbay Engineers, "The Erlang-C formula": 360 calls per half hour, 4 minutes each (A = 48
	// erlangs), 55 agents, target 15 s: chance of waiting 24.0 %, average speed of answer 8.2 s,
	// service level 84.6 %.
	it('reproduces the 360 calls per half hour example', () => {
		expect(erlangC(48, 55)).toBeCloseTo(0.2387, 4);
		expect(((erlangC(48, 55) * 4) / (55 - 48)) * 60).toBeCloseTo(8.2, 1);
		expect(erlangSl(360, 4 / 30, 55, 15 / 1800)).toBeCloseTo(0.846, 3);
	});

	// Call Centre Helper, "Erlang C formula – made simple": 100 calls in 30 minutes, 180 s each
	// (A = 10 erlangs), 80 % answered within 20 s: 11 agents 39 %, 12 → 64 %, 13 → 79.6 %, 14 → 88.8 %;
	// 14 agents needed.
	it('reproduces the 100 calls per half hour example', () => {
		const rate = 100 / 1800; // per second
		expect(erlangSl(rate, 180, 11, 20)).toBeCloseTo(0.39, 2);
		expect(erlangSl(rate, 180, 12, 20)).toBeCloseTo(0.64, 2);
		expect(erlangSl(rate, 180, 13, 20)).toBeCloseTo(0.796, 3);
		expect(erlangSl(rate, 180, 14, 20)).toBeCloseTo(0.888, 3);
		expect(erlangAgents(rate, 180, 20, 0.8)).toBe(14);
		// the units only need to agree: per hour and hours give the same
		expect(erlangAgents(200, 0.05, 20 / 3600, 0.8)).toBe(14);
	});

	it('is 0 without enough agents, and 1 with no traffic', () => {
		expect(erlangSl(10, 1, 10, 1)).toBe(0);
		expect(erlangSl(10, 1, 9, 1)).toBe(0);
		expect(erlangSl(0, 1, 1, 0)).toBe(1);
		expect(erlangAgents(0, 1, 0, 0.9)).toBe(0);
	});

	it('erlang_agents is the smallest count whose erlang_sl reaches the level', () => {
		for (const [rate, aht, wait, level] of [[3, 0.5, 0.1, 0.8], [120, 0.1, 0.01, 0.95], [0.2, 2, 0, 0.5], [900, 0.02, 0.005, 0.9]]) {
			const n = erlangAgents(rate, aht, wait, level);
			expect(erlangSl(rate, aht, n, wait)).toBeGreaterThanOrEqual(level);
			expect(erlangSl(rate, aht, n - 1, wait)).toBeLessThan(level);
		}
	});

	it('checks its arguments', () => {
		expect(erlangSlProblem(10, 0, 3, 1)).toBe('aht (handling time) must be above 0, not 0');
		expect(erlangSlProblem(-1, 1, 3, 1)).toBe('rate (arrivals per unit of time) must be a number ≥ 0, not -1');
		expect(erlangSlProblem(1, 1, 2.5, 1)).toBe('agents must be a whole number ≥ 0, not 2.5 — round it, e.g. ceil(…)');
		expect(erlangSlProblem(1, 1, 3, -1)).toBe('wait must be a number ≥ 0, not -1');
		expect(erlangAgentsProblem(1, 1, 1, 1)).toBe('level must be a chance above 0 and below 1, such as 0.8, not 1');
	});
});

describe('in the language', () => {
	function run(source: string, a: number[]) {
		const parsed = parseExpression(source, new Set(['a']));
		if (!parsed.ok) throw new Error(parsed.errors[0].message);
		const column = Float64Array.from(a);
		const state: BlockState = { n: a.length, t: 0, rng: () => 0.5, values: [[column]], before: [column], issue: null };
		const values = [...compile(parsed.value, { state, capacity: a.length, cellIndex: new Map([['a', 0]]) }).get()];
		return { values, issue: state.issue };
	}

	it('computes per trial, and an invalid argument is NaN with a message for the run error', () => {
		expect(run('usl_nodes(a, 0.0277285, 0.0001044, 89.995233)', [0, 1148, 1149]).values).toEqual([1, 20, 21]);
		const over = run('usl_nodes(a, 0.0277285, 0.0001044, 89.995233)', [100, 5000]);
		expect(over.values[0]).toBe(2);
		expect(over.values[1]).toBeNaN();
		expect(over.issue).toEqual({ message: expect.stringMatching(/^usl_nodes: load 5000 is above what the law can carry/) });
		expect(run('erlang_agents(a, 180, 20, 0.8)', [100 / 1800]).values).toEqual([14]);
	});

	it('folds constant calls, and reports invalid constant arguments before running', () => {
		const parsed = parseExpression('erlang_agents(1, 1, 1, 1)', new Set());
		expect(parsed.ok).toBe(true);
		if (parsed.ok) expect(constantProblems(parsed.value)).toEqual([{ code: 'expression', message: 'erlang_agents: level must be a chance above 0 and below 1, such as 0.8, not 1' }]);
		const folded = parseExpression('usl(20, 0.001, 0.00001, 89.995233)', new Set());
		if (folded.ok) expect(signif2(compile(folded.value, { state: { n: 1, t: 0, rng: () => 0.5, values: [], before: [], issue: null }, capacity: 1, cellIndex: new Map() }).constant!)).toBe(1800);
	});
});
