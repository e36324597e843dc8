import { describe, it, expect } from 'vitest';
import { DISTRIBUTIONS, normalQuantile } from '../../../src/lib/engine/language/distributions';
import { randomStream, type RandomSource } from '../../../src/lib/engine/rng';

// ---------------------------------------------------------------------------------------------
// Reference CDFs, written independently of the samplers.

/** log Γ(x), x > 0: Lanczos (g = 7, n = 9; Godfrey's coefficients, as in Numerical Recipes 3rd
 * ed. §6.1), relative error about 1e-15. */
const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];
function logGamma(x: number): number {
	if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
	x -= 1;
	let a = LANCZOS[0];
	const t = x + 7.5;
	for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
	return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const FPMIN = 1e-300;

/** Regularized incomplete gamma [P(a, x), Q(a, x)]: Numerical Recipes 3rd ed. §6.2 — the series
 * below x < a + 1, the continued fraction (modified Lentz) above. */
function incompleteGamma(a: number, x: number): [number, number] {
	if (x <= 0) return [0, 1];
	const prefix = Math.exp(-x + a * Math.log(x) - logGamma(a));
	if (x < a + 1) {
		let ap = a;
		let del = 1 / a;
		let sum = del;
		for (let i = 0; i < 100_000; i++) {
			ap += 1;
			del *= x / ap;
			sum += del;
			if (Math.abs(del) < Math.abs(sum) * EPS) break;
		}
		const p = sum * prefix;
		return [p, 1 - p];
	}
	let b = x + 1 - a;
	let c = 1 / FPMIN;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < 100_000; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = b + an / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < EPS) break;
	}
	const q = prefix * h;
	return [1 - q, q];
}

/** Regularized incomplete beta I_x(a, b): Numerical Recipes 3rd ed. §6.4 (betacf, modified Lentz),
 * with the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly. */
function incompleteBeta(x: number, a: number, b: number): number {
	if (x <= 0) return 0;
	if (x >= 1) return 1;
	const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
	if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
	return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}
function betaContinuedFraction(x: number, a: number, b: number): number {
	const qab = a + b;
	const qap = a + 1;
	const qam = a - 1;
	let c = 1;
	let d = 1 - (qab * x) / qap;
	if (Math.abs(d) < FPMIN) d = FPMIN;
	d = 1 / d;
	let h = d;
	for (let m = 1; m < 100_000; m++) {
		const m2 = 2 * m;
		let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		h *= d * c;
		aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (Math.abs(d) < FPMIN) d = FPMIN;
		c = 1 + aa / c;
		if (Math.abs(c) < FPMIN) c = FPMIN;
		d = 1 / d;
		const del = d * c;
		h *= del;
		if (Math.abs(del - 1) < EPS) break;
	}
	return h;
}

/** Φ(x) through erfc(z) = Q(1/2, z²) (Abramowitz & Stegun 7.1.2 and 6.5.17): relative accuracy
 * near 1e-15 in both tails, far better than the 1e-7 a KS test at n = 20,000 needs. */
function normalCdf(x: number): number {
	const q = incompleteGamma(0.5, (x * x) / 2)[1] / 2;
	return x < 0 ? q : 1 - q;
}

const cdfs = {
	normal: (mean: number, sd: number) => (x: number) => normalCdf((x - mean) / sd),
	lognormal: (mu: number, sigma: number) => (x: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
	uniform: (lo: number, hi: number) => (x: number) => Math.min(1, Math.max(0, (x - lo) / (hi - lo))),
	triangular: (lo: number, mode: number, hi: number) => (x: number) =>
		x <= lo
			? 0
			: x >= hi
				? 1
				: x <= mode
					? ((x - lo) * (x - lo)) / ((hi - lo) * (mode - lo))
					: 1 - ((hi - x) * (hi - x)) / ((hi - lo) * (hi - mode)),
	pert: (lo: number, mode: number, hi: number) => (x: number) =>
		incompleteBeta((x - lo) / (hi - lo), 1 + (4 * (mode - lo)) / (hi - lo), 1 + (4 * (hi - mode)) / (hi - lo)),
	beta: (a: number, b: number) => (x: number) => incompleteBeta(x, a, b),
	gamma: (shape: number, scale: number) => (x: number) => incompleteGamma(shape, x / scale)[0],
	ci90: (lo: number, hi: number) =>
		lo <= 0
			? cdfs.normal((lo + hi) / 2, (hi - lo) / 3.29)
			: cdfs.lognormal((Math.log(lo) + Math.log(hi)) / 2, (Math.log(hi) - Math.log(lo)) / (2 * 1.6448536269514722))
};

// ---------------------------------------------------------------------------------------------
// Helpers

const N = 20_000;
/** The asymptotic 1% critical value of the one-sample Kolmogorov–Smirnov statistic, 1.628/√n
 * (Smirnov 1948; exact tables agree to 3 digits at n = 20,000). With a fixed seed each case is
 * deterministic; a correct sampler fails a given case with probability 1%. */
const KS_CRITICAL = 1.628 / Math.sqrt(N);

function draw(name: string, params: number[], rng: RandomSource, n = N): Float64Array {
	const d = DISTRIBUTIONS[name];
	const [a = 0, b = 0, c = 0] = params;
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) out[i] = d.sample(rng, a, b, c);
	return out;
}

/** D = sup |F_n(x) - F(x)| for a continuous F. */
function ksContinuous(draws: Float64Array, cdf: (x: number) => number): number {
	const sorted = Float64Array.from(draws).sort();
	const n = sorted.length;
	let d = 0;
	for (let i = 0; i < n; i++) {
		const f = cdf(sorted[i]);
		d = Math.max(d, f - i / n, (i + 1) / n - f);
	}
	return d;
}

/** max over integers k of |F_n(k) - F(k)|: the sup over all x, as both are step functions with
 * jumps at integers. The continuous critical value is conservative for a discrete F. */
function ksDiscrete(draws: Float64Array, cdf: (k: number) => number): number {
	let max = 0;
	for (const x of draws) max = Math.max(max, x);
	const counts = new Float64Array(max + 1);
	for (const x of draws) counts[x]++;
	let below = 0;
	let d = 0;
	for (let k = 0; k <= max; k++) {
		below += counts[k];
		d = Math.max(d, Math.abs(below / draws.length - cdf(k)));
	}
	return d;
}

function moments(draws: Float64Array): { mean: number; variance: number } {
	let sum = 0;
	for (const x of draws) sum += x;
	const mean = sum / draws.length;
	let ss = 0;
	for (const x of draws) ss += (x - mean) * (x - mean);
	return { mean, variance: ss / (draws.length - 1) };
}

/** Mean and variance within 4 standard errors: se(mean) = √(σ²/n) and, with μ₄ the fourth central
 * moment, se(s²) = √((μ₄ - σ⁴(n - 3)/(n - 1))/n) (exact for the unbiased s²). */
function expectMoments(draws: Float64Array, mean: number, variance: number, mu4: number) {
	const n = draws.length;
	const m = moments(draws);
	expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
	const varianceOfS2 = (mu4 - (variance * variance * (n - 3)) / (n - 1)) / n;
	expect(Math.abs(m.variance - variance)).toBeLessThan(4 * Math.sqrt(varianceOfS2));
}

/** Whether every draw satisfies the predicate (one assertion instead of 20,000). */
function firstOutside(draws: Float64Array, ok: (x: number) => boolean): number | undefined {
	return draws.find((x) => !ok(x));
}

function countingSource(rng: RandomSource): RandomSource & { count: number } {
	const source = Object.assign(() => {
		source.count++;
		return rng();
	}, { count: 0 });
	return source;
}

const label = (name: string, params: number[]) => `${name}(${params.join(', ')})`;

// ---------------------------------------------------------------------------------------------

describe('DISTRIBUTIONS', () => {
	it('lists exactly the distributions of SPEC §1 with their parameter names', () => {
		const arity = Object.fromEntries(Object.values(DISTRIBUTIONS).map((d) => [d.name, d.params]));
		expect(arity).toEqual({
			normal: ['mean', 'sd'],
			lognormal: ['mu', 'sigma'],
			uniform: ['lo', 'hi'],
			triangular: ['lo', 'mode', 'hi'],
			pert: ['lo', 'mode', 'hi'],
			beta: ['a', 'b'],
			gamma: ['shape', 'scale'],
			poisson: ['lambda'],
			bernoulli: ['p'],
			binomial: ['n', 'p'],
			ci90: ['lo', 'hi']
		});
		for (const [key, d] of Object.entries(DISTRIBUTIONS)) expect(d.name).toBe(key);
	});

	it('finds nothing under the names of Object.prototype', () => {
		for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
			expect(DISTRIBUTIONS[name]).toBeUndefined();
		}
	});
});

describe('normalQuantile(p) is AS 241', () => {
	it('inverts Φ to about 1e-13 relative, from p = 1e-300 to 1 - 1e-16', () => {
		const ps: number[] = [];
		for (let e = -300; e <= -1; e += 0.5) ps.push(10 ** e);
		for (let p = 0.1; p < 0.9; p += 0.01) ps.push(p);
		for (let e = -1; e >= -16; e -= 0.5) ps.push(1 - 10 ** e);
		for (const p of ps) {
			const x = normalQuantile(p);
			// Φ's condition number |x|·φ(x)/Φ(x) grows like x², so scale the tolerance with it.
			const tolerance = 1e-13 * Math.max(1, x * x);
			if (p < 0.5) expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(tolerance);
			else expect(Math.abs(1 - normalCdf(x) - (1 - p)) / (1 - p)).toBeLessThan(Math.max(tolerance, 1e-16 / (1 - p)));
		}
	});

	it('gives the textbook quantiles', () => {
		expect(normalQuantile(0.5)).toBe(0);
		expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
		expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
		expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
		expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
	});
});

const ksResults: string[] = [];

describe('continuous samplers pass a Kolmogorov–Smirnov test at 1% (n = 20,000)', () => {
	const cases: [keyof typeof cdfs, number[]][] = [
		['normal', [0, 1]],
		['normal', [100, 15]],
		['normal', [-3, 0.001]],
		['lognormal', [0, 1]],
		['lognormal', [2, 0.25]],
		['uniform', [0, 1]],
		['uniform', [-5, 3]],
		['triangular', [0, 3, 10]],
		['triangular', [2, 2, 5]],
		['triangular', [2, 5, 5]],
		['pert', [0, 3, 10]],
		['pert', [10, 10, 20]],
		['pert', [-1, 0.9, 1]],
		['beta', [0.5, 0.5]],
		['beta', [2, 5]],
		['beta', [0.2, 3]],
		// Small a takes the log-space path. Not a small b: doubles cannot hold 1 - x below 2^-53, so
		// beta(·, 0.1) rounds 0.85% of its mass onto exactly 1 — right, but a jump KS would count.
		['beta', [0.05, 0.5]],
		['gamma', [0.5, 1]],
		['gamma', [1, 2]],
		['gamma', [7.5, 0.3]],
		['gamma', [0.05, 10]],
		['ci90', [10, 1000]],
		['ci90', [-50, 150]],
		['ci90', [0, 1]]
	];
	for (const [name, params] of cases) {
		it(`${label(name, params)} matches its CDF`, () => {
			const draws = draw(name, params, randomStream(7, 0, `ks-${label(name, params)}`));
			const [a, b, c] = params as [number, number, number];
			const d = ksContinuous(draws, cdfs[name](a, b, c));
			ksResults.push(`${label(name, params)} D = ${d.toFixed(5)}`);
			expect(d).toBeLessThan(KS_CRITICAL);
		});
	}
});

describe('discrete samplers match their CDF at every integer and their mean and variance', () => {
	const poissonCdf = (lambda: number) => (k: number) => incompleteGamma(k + 1, lambda)[1];
	const binomialCdf = (n: number, p: number) => (k: number) => (k >= n ? 1 : incompleteBeta(1 - p, n - k, k + 1));

	// λ < 10 is inversion, λ >= 10 is PTRS; 10 is the boundary.
	for (const lambda of [0.5, 4, 10, 30, 500]) {
		it(`poisson(${lambda})`, () => {
			const draws = draw('poisson', [lambda], randomStream(7, 0, `ks-poisson(${lambda})`));
			expect(firstOutside(draws, (x) => Number.isInteger(x) && x >= 0)).toBeUndefined();
			const d = ksDiscrete(draws, poissonCdf(lambda));
			ksResults.push(`poisson(${lambda}) D = ${d.toFixed(5)}`);
			expect(d).toBeLessThan(KS_CRITICAL);
			expectMoments(draws, lambda, lambda, 3 * lambda * lambda + lambda);
		});
	}

	// n·min(p, 1-p) < 10 is inversion, else BTRS; p > 0.5 goes through n - Binomial(n, 1 - p).
	const binomialCases: [number, number][] = [
		[20, 0.3],
		[30, 0.9],
		[100, 0.1],
		[1000, 0.3],
		[1000, 0.8],
		[100_000, 0.5],
		[1_000_000, 0.00002]
	];
	for (const [n, p] of binomialCases) {
		it(`binomial(${n}, ${p})`, () => {
			const draws = draw('binomial', [n, p], randomStream(7, 0, `ks-binomial(${n}, ${p})`));
			expect(firstOutside(draws, (x) => Number.isInteger(x) && x >= 0 && x <= n)).toBeUndefined();
			const d = ksDiscrete(draws, binomialCdf(n, p));
			ksResults.push(`binomial(${n}, ${p}) D = ${d.toFixed(5)}`);
			expect(d).toBeLessThan(KS_CRITICAL);
			const q = 1 - p;
			const variance = n * p * q;
			expectMoments(draws, n * p, variance, variance * (1 + 3 * p * q * (n - 2)));
		});
	}

	for (const p of [0.03, 0.5, 0.7]) {
		it(`bernoulli(${p})`, () => {
			const draws = draw('bernoulli', [p], randomStream(7, 0, `ks-bernoulli(${p})`));
			expect(firstOutside(draws, (x) => x === 0 || x === 1)).toBeUndefined();
			const d = ksDiscrete(draws, (k) => (k >= 1 ? 1 : 1 - p));
			ksResults.push(`bernoulli(${p}) D = ${d.toFixed(5)}`);
			expect(d).toBeLessThan(KS_CRITICAL);
			const q = 1 - p;
			expectMoments(draws, p, p * q, p * q * (1 - 3 * p * q));
		});
	}
});

describe('random streams', () => {
	const every: [string, number[]][] = [
		['normal', [1, 2]],
		['lognormal', [0, 1]],
		['uniform', [0, 1]],
		['triangular', [0, 1, 3]],
		['pert', [0, 1, 3]],
		['beta', [0.5, 2]],
		['gamma', [0.5, 2]],
		['poisson', [3]],
		['poisson', [300]],
		['bernoulli', [0.4]],
		['binomial', [10, 0.4]],
		['binomial', [1000, 0.4]],
		['ci90', [1, 10]],
		['ci90', [-1, 10]]
	];

	it('the same seed gives the same sequence, another stream another one', () => {
		for (const [name, params] of every) {
			const first = draw(name, params, randomStream(2026, 3, 'growth'), 200);
			const again = draw(name, params, randomStream(2026, 3, 'growth'), 200);
			const other = draw(name, params, randomStream(2026, 4, 'growth'), 200);
			expect(Array.from(again)).toEqual(Array.from(first));
			expect(Array.from(other)).not.toEqual(Array.from(first));
		}
	});

	it('each normal, lognormal, ci90, uniform, triangular and bernoulli draw consumes exactly one uniform', () => {
		const oneUniform: [string, number[]][] = [
			['normal', [1, 2]],
			['normal', [1, 0]],
			['lognormal', [0, 1]],
			['ci90', [1, 10]],
			['ci90', [-1, 10]],
			['ci90', [4, 4]],
			['uniform', [0, 1]],
			['triangular', [0, 1, 3]],
			['bernoulli', [0.4]],
			['poisson', [3]],
			['binomial', [10, 0.4]]
		];
		for (const [name, params] of oneUniform) {
			const source = countingSource(randomStream(2026, 0, name));
			draw(name, params, source, 1000);
			expect(source.count, label(name, params)).toBe(1000);
		}
	});

	it('a normal draw is mean + sd · Φ⁻¹(u) of its one uniform', () => {
		const uniforms = randomStream(5, 0, 'x');
		const rng = randomStream(5, 0, 'x');
		for (let i = 0; i < 1000; i++) {
			expect(DISTRIBUTIONS.normal.sample(rng, 10, 3, 0)).toBe(10 + 3 * normalQuantile(uniforms()));
		}
	});

	it('u = 0 gives a finite far-tail normal, not -Infinity', () => {
		const z = DISTRIBUTIONS.normal.sample(() => 0, 0, 1, 0);
		expect(z).toBeLessThan(-8);
		expect(z).toBeGreaterThan(-9);
		expect(DISTRIBUTIONS.lognormal.sample(() => 0, 0, 1, 0)).toBeGreaterThan(0);
		expect(Number.isFinite(DISTRIBUTIONS.normal.sample(() => 1 - 2 ** -53, 0, 1, 0))).toBe(true);
	});
});

describe('invariants', () => {
	it('draws stay inside the support', () => {
		const rng = randomStream(11, 0, 'support');
		const within = (name: string, params: number[], lo: number, hi: number) => {
			const draws = draw(name, params, rng, 5000);
			expect(firstOutside(draws, (x) => x >= lo && x <= hi), label(name, params)).toBeUndefined();
		};
		within('uniform', [2, 3], 2, 3);
		within('triangular', [2, 2.5, 3], 2, 3);
		within('pert', [2, 2.9, 3], 2, 3);
		within('beta', [0.3, 0.3], 0, 1);
		within('gamma', [0.3, 5], 0, Infinity);
		within('lognormal', [0, 3], 0, Infinity);
		within('ci90', [0.001, 1e6], 0, Infinity);
	});

	it('tiny shapes give no NaN: beta(0.01, 0.01), beta(0.001, 5), gamma(0.001, 1)', () => {
		const rng = randomStream(11, 0, 'tiny');
		for (const [name, params] of [
			['beta', [0.01, 0.01]],
			['beta', [0.001, 5]],
			['gamma', [0.001, 1]]
		] as [string, number[]][]) {
			const hi = name === 'beta' ? 1 : Infinity;
			expect(firstOutside(draw(name, params, rng, 20_000), (x) => x >= 0 && x <= hi), label(name, params)).toBeUndefined();
		}
	});

	it('beta(0.01, 0.01) puts about half its mass near each end', () => {
		const draws = draw('beta', [0.01, 0.01], randomStream(11, 0, 'halves'), 20_000);
		const low = draws.filter((x) => x < 0.5).length / draws.length;
		expect(Math.abs(low - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / draws.length));
	});
});

describe('invalidParam', () => {
	const invalid = (name: string, params: number[]) => {
		const [a = 0, b = 0, c = 0] = params;
		return DISTRIBUTIONS[name].invalidParam(a, b, c);
	};

	it('names a NaN or infinite parameter', () => {
		for (const d of Object.values(DISTRIBUTIONS)) {
			const valid: Record<string, number[]> = {
				normal: [0, 1],
				lognormal: [0, 1],
				uniform: [0, 1],
				triangular: [0, 0.5, 1],
				pert: [0, 0.5, 1],
				beta: [1, 1],
				gamma: [1, 1],
				poisson: [1],
				bernoulli: [0.5],
				binomial: [10, 0.5],
				ci90: [1, 2]
			};
			expect(invalid(d.name, valid[d.name]), d.name).toBeNull();
			for (let i = 0; i < d.params.length; i++) {
				for (const bad of [NaN, Infinity, -Infinity]) {
					const params = valid[d.name].slice();
					params[i] = bad;
					// -Infinity as hi is also "below lo"; either way the parameter named is hi.
					expect(invalid(d.name, params), label(d.name, params)).toBe(d.params[i]);
				}
			}
		}
	});

	it('names the parameter out of its range', () => {
		const cases: [string, number[], string][] = [
			['normal', [0, -1], 'sd'],
			['lognormal', [0, -0.1], 'sigma'],
			['uniform', [2, 1], 'hi'],
			['ci90', [2, 1], 'hi'],
			['ci90', [-1, -2], 'hi'],
			['triangular', [2, 1.5, 1], 'hi'],
			['triangular', [0, -1, 1], 'mode'],
			['triangular', [0, 2, 1], 'mode'],
			['pert', [2, 1.5, 1], 'hi'],
			['pert', [0, -1, 1], 'mode'],
			['pert', [0, 2, 1], 'mode'],
			['beta', [0, 1], 'a'],
			['beta', [-1, 1], 'a'],
			['beta', [1, 0], 'b'],
			['gamma', [0, 1], 'shape'],
			['gamma', [-2, 1], 'shape'],
			['gamma', [1, -1], 'scale'],
			['poisson', [-1], 'lambda'],
			['bernoulli', [-0.1], 'p'],
			['bernoulli', [1.1], 'p'],
			['binomial', [-1, 0.5], 'n'],
			['binomial', [2.5, 0.5], 'n'],
			['binomial', [10, -0.1], 'p'],
			['binomial', [10, 1.5], 'p']
		];
		for (const [name, params, param] of cases) expect(invalid(name, params), label(name, params)).toBe(param);
	});

	it('accepts the edges: zero widths, p of 0 and 1, n and λ of 0, scale 0', () => {
		const valid: [string, number[]][] = [
			['normal', [3, 0]],
			['lognormal', [0.1, 0]],
			['uniform', [2, 2]],
			['triangular', [2, 2, 2]],
			['triangular', [1, 1, 2]],
			['triangular', [1, 2, 2]],
			['pert', [2, 2, 2]],
			['ci90', [5, 5]],
			['ci90', [-1, -1]],
			['ci90', [0, 0]],
			['gamma', [2, 0]],
			['poisson', [0]],
			['bernoulli', [0]],
			['bernoulli', [1]],
			['binomial', [0, 0.3]],
			['binomial', [10, 0]],
			['binomial', [10, 1]]
		];
		for (const [name, params] of valid) expect(invalid(name, params), label(name, params)).toBeNull();
	});
});

describe('zero widths and degenerate parameters give the constant', () => {
	const cases: [string, number[], number][] = [
		['normal', [3, 0], 3],
		['lognormal', [0.1, 0], Math.exp(0.1)],
		['uniform', [2, 2], 2],
		['triangular', [2, 2, 2], 2],
		['pert', [2, 2, 2], 2],
		['ci90', [5, 5], 5],
		['ci90', [0.1, 0.1], 0.1],
		['ci90', [-1, -1], -1],
		['ci90', [0, 0], 0],
		['gamma', [2, 0], 0],
		['poisson', [0], 0],
		['bernoulli', [0], 0],
		['bernoulli', [1], 1],
		['binomial', [0, 0.3], 0],
		['binomial', [10, 0], 0],
		['binomial', [10, 1], 10],
		['binomial', [1000, 1], 1000]
	];
	for (const [name, params, value] of cases) {
		it(`${label(name, params)} is ${value}`, () => {
			expect(firstOutside(draw(name, params, randomStream(1, 0, 'const'), 1000), (x) => Object.is(x, value))).toBeUndefined();
		});
	}
});

describe('KS report', () => {
	it.runIf(process.env.KS_REPORT)('prints D against the critical value', () => {
		console.log(`critical 1.628/sqrt(${N}) = ${KS_CRITICAL.toFixed(5)}\n${ksResults.join('\n')}`);
	});
});
