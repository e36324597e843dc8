import { ALEA_SCALE, fillUniforms, type RandomSource } from '../rng';

/**
 * A distribution of the notebook language (SPEC §1). The evaluator validates the parameters once
 * per call site and trial, then calls `sample` in a tight loop, so every sampler is a small,
 * allocation-free function of (random source, up to three numbers). Unused trailing parameters
 * are passed as 0.
 */
export type Distribution = {
	name: string;
	/** the first notebook format whose language has it (see functions.ts) */
	since: number;
	/** parameter names, for messages: ['mean', 'sd'] */
	params: readonly string[];
	/** null when the parameters are valid, else the name of the first invalid parameter */
	invalidParam: (a: number, b: number, c: number) => string | null;
	/** one draw; parameters already validated */
	sample: (rng: RandomSource, a: number, b: number, c: number) => number;
	/**
	 * n draws with the same (validated) parameters into out[0 … n − 1]: the numbers n calls of
	 * `sample` would give, in the same order. Where it exists it steps an engine stream's
	 * generator inline (rng.ts) and computes each draw in the loop, without a call per draw.
	 */
	fill?: (rng: RandomSource, a: number, b: number, c: number, out: Float64Array, n: number) => void;
};

// ---------------------------------------------------------------------------------------------
// Uniform guard

/**
 * Alea yields multiples of 2^-32 in [0, 1), so u = 0 happens once in ~4e9 draws. Where a sampler
 * needs u > 0 (a log or an inverse CDF), 0 becomes 2^-53 — a finite, very far tail value
 * (about -8.2 sd for the normal) instead of -Infinity, with no extra uniform drawn.
 */
const TINY = 1.1102230246251565e-16; // 2^-53

// ---------------------------------------------------------------------------------------------
// Normal: Wichura (1988), Algorithm AS 241 PPND16, Applied Statistics 37(3), 477-484.
// Relative accuracy about 1e-16. One uniform per draw, so streams stay aligned draw for draw.

/** The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (AS 241). */
export function normalQuantile(p: number): number {
	const q = p - 0.5;
	if (Math.abs(q) <= 0.425) {
		const r = 0.180625 - q * q;
		return (q * horner8(r, A0, A1, A2, A3, A4, A5, A6, A7)) / horner8(r, 1, B1, B2, B3, B4, B5, B6, B7);
	}
	return normalQuantileTail(p, q);
}

/** Φ⁻¹(p) for |p − 0.5| > 0.425, q = p − 0.5 (AS 241's tails). */
function normalQuantileTail(p: number, q: number): number {
	let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
	let x: number;
	if (r <= 5) {
		r -= 1.6;
		x = horner8(r, C0, C1, C2, C3, C4, C5, C6, C7) / horner8(r, 1, D1, D2, D3, D4, D5, D6, D7);
	} else {
		r -= 5;
		x = horner8(r, E0, E1, E2, E3, E4, E5, E6, E7) / horner8(r, 1, F1, F2, F3, F4, F5, F6, F7);
	}
	return q < 0 ? -x : x;
}

/** c0 + c1·r + … + c7·r⁷ (Horner). */
function horner8(r: number, c0: number, c1: number, c2: number, c3: number, c4: number, c5: number, c6: number, c7: number): number {
	return ((((((c7 * r + c6) * r + c5) * r + c4) * r + c3) * r + c2) * r + c1) * r + c0;
}

// AS 241 coefficients, as published.
const A0 = 3.387132872796366608, A1 = 133.14166789178437745, A2 = 1971.5909503065514427, A3 = 13731.693765509461125;
const A4 = 45921.953931549871457, A5 = 67265.770927008700853, A6 = 33430.575583588128105, A7 = 2509.0809287301226727;
const B1 = 42.313330701600911252, B2 = 687.1870074920579083, B3 = 5394.1960214247511077, B4 = 21213.794301586595867;
const B5 = 39307.89580009271061, B6 = 28729.085735721942674, B7 = 5226.495278852854561;
const C0 = 1.42343711074968357734, C1 = 4.6303378461565452959, C2 = 5.7694972214606914055, C3 = 3.64784832476320460504;
const C4 = 1.27045825245236838258, C5 = 0.24178072517745061177, C6 = 0.0227238449892691845833, C7 = 7.7454501427834140764e-4;
const D1 = 2.05319162663775882187, D2 = 1.6763848301838038494, D3 = 0.68976733498510000455, D4 = 0.14810397642748007459;
const D5 = 0.0151986665636164571966, D6 = 5.475938084995344946e-4, D7 = 1.05075007164441684324e-9;
const E0 = 6.6579046435011037772, E1 = 5.4637849111641143699, E2 = 1.7848265399172913358, E3 = 0.29656057182850489123;
const E4 = 0.026532189526576123093, E5 = 0.0012426609473880784386, E6 = 2.71155556874348757815e-5, E7 = 2.01033439929228813265e-7;
const F1 = 0.59983220655588793769, F2 = 0.13692988092273580531, F3 = 0.0148753612908506148525, F4 = 7.868691311456132591e-4;
const F5 = 1.8463183175100546818e-5, F6 = 1.4215117583164458887e-7, F7 = 2.04426310338993978564e-15;

/** A standard normal draw by inversion: exactly one uniform. */
function standardNormal(rng: RandomSource): number {
	const u = rng();
	return normalQuantile(u > 0 ? u : TINY);
}

/** fillNormal's tail draws of the block: where they go, and their p. Grown when a block is larger. */
let tailAt = new Int32Array(1024);
let tailP = new Float64Array(1024);

/**
 * out[i] = mean + sd · Φ⁻¹(u) for n uniforms of `rng` in order (u = 0 as TINY): n draws of
 * `mean + sd * standardNormal(rng)`, with the generator stepped inline for an engine stream.
 * `exp`: out[i] = exp(that), the lognormal's draw.
 *
 * AS 241's central branch (85% of draws) is computed for every draw, without a branch, and the
 * draws in the tails are noted and done after the loop, with their own branch: a branch in the
 * loop would be mispredicted at random (~7% slower). Each draw's value is that of its own branch.
 */
function fillNormal(rng: RandomSource, mean: number, sd: number, out: Float64Array, n: number, exp: boolean): void {
	const g = rng.alea;
	if (g === undefined) {
		for (let i = 0; i < n; i++) {
			const x = mean + sd * standardNormal(rng);
			out[i] = exp ? Math.exp(x) : x;
		}
		return;
	}
	if (tailAt.length < n) {
		tailAt = new Int32Array(n);
		tailP = new Float64Array(n);
	}
	const at = tailAt;
	const tp = tailP;
	let tails = 0;
	let s0 = g.s0, s1 = g.s1, s2 = g.s2, c = g.c;
	for (let i = 0; i < n; i++) {
		// one Alea step, as in rng.ts (fillUniforms), fused with the draw: a second pass costs ~15%
		const t = 2091639 * s0 + c * ALEA_SCALE;
		s0 = s1;
		s1 = s2;
		c = Math.floor(t);
		s2 = t - c;
		// normalQuantile(u > 0 ? u : TINY), written out; TINY as a literal: a bundler turns a
		// module's const into a var, and a var here would make p (and so s2) a heap number per draw
		const p = s2 > 0 ? s2 : 1.1102230246251565e-16;
		const q = p - 0.5;
		const r = 0.180625 - q * q;
		const x = mean + sd * ((q * horner8(r, A0, A1, A2, A3, A4, A5, A6, A7)) / horner8(r, 1, B1, B2, B3, B4, B5, B6, B7));
		out[i] = exp ? Math.exp(x) : x;
		// a tail draw: its place is noted (overwriting the last note unless this one counts)
		at[tails] = i;
		tp[tails] = p;
		tails += Math.abs(q) <= 0.425 ? 0 : 1;
	}
	g.s0 = s0;
	g.s1 = s1;
	g.s2 = s2;
	g.c = c;
	for (let k = 0; k < tails; k++) {
		const p = tp[k];
		const x = mean + sd * normalQuantileTail(p, p - 0.5);
		out[at[k]] = exp ? Math.exp(x) : x;
	}
}

/** out[i] = lo + width · u for n uniforms of `rng` in order: n draws of uniform(lo, lo + width). */
function fillUniform(rng: RandomSource, lo: number, width: number, out: Float64Array, n: number): void {
	fillUniforms(rng, out, n);
	for (let i = 0; i < n; i++) out[i] = lo + width * out[i];
}

// ---------------------------------------------------------------------------------------------
// Gamma: Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
// ACM TOMS 26(3), 363-372. For shape < 1, Gamma(a) = Gamma(a + 1) · U^(1/a) (same paper, §6).

/** Gamma(shape, 1) for shape >= 1. */
function marsagliaTsang(rng: RandomSource, shape: number): number {
	const d = shape - 1 / 3;
	const c = 1 / Math.sqrt(9 * d);
	for (;;) {
		const x = standardNormal(rng);
		let v = 1 + c * x;
		if (v <= 0) continue;
		v = v * v * v;
		const u = rng();
		const x2 = x * x;
		if (u < 1 - 0.0331 * x2 * x2) return d * v;
		if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
	}
}

function standardGamma(rng: RandomSource, shape: number): number {
	if (shape >= 1) return marsagliaTsang(rng, shape);
	return marsagliaTsang(rng, shape + 1) * Math.pow(rng(), 1 / shape);
}

/**
 * log of a Gamma(shape, 1) draw. For small shapes U^(1/shape) underflows to 0 (shape 0.01 and
 * U < 8e-4), and a beta built from two such zeros would be 0/0; in logs it stays finite.
 */
function logStandardGamma(rng: RandomSource, shape: number): number {
	if (shape >= 1) return Math.log(marsagliaTsang(rng, shape));
	const g = marsagliaTsang(rng, shape + 1);
	const u = rng();
	return Math.log(g) + Math.log(u > 0 ? u : TINY) / shape;
}

// ---------------------------------------------------------------------------------------------
// Beta as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (Devroye 1986, Non-Uniform Random Variate
// Generation, §IX.4.1).

function standardBeta(rng: RandomSource, a: number, b: number): number {
	if (a >= 1 && b >= 1) {
		const x = marsagliaTsang(rng, a);
		return x / (x + marsagliaTsang(rng, b));
	}
	const lx = logStandardGamma(rng, a);
	const ly = logStandardGamma(rng, b);
	return 1 / (1 + Math.exp(ly - lx));
}

// ---------------------------------------------------------------------------------------------
// log k! for the discrete rejection samplers: a table below 10, Stirling's series above
// (Abramowitz & Stegun 6.1.41; with four terms the error at k + 1 >= 11 is below 1e-12).

const LOG_FACTORIAL_TABLE = (() => {
	const table = new Float64Array(10);
	let f = 1;
	for (let k = 1; k < 10; k++) {
		f *= k;
		table[k] = Math.log(f);
	}
	return table;
})();
const HALF_LOG_2PI = 0.9189385332046728;

function logFactorial(k: number): number {
	if (k < 10) return LOG_FACTORIAL_TABLE[k];
	const x = k + 1;
	const x2 = 1 / (x * x);
	return (
		(x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + (1 / 12 - x2 * (1 / 360 - x2 * (1 / 1260 - x2 / 1680))) / x
	);
}

// ---------------------------------------------------------------------------------------------
// Poisson: inversion by sequential search below 10 (Devroye 1986, §X.3.3); above, Hörmann (1993),
// "The transformed rejection method for generating Poisson random variables", Insurance:
// Mathematics and Economics 12, 39-45 (algorithm PTRS, as in NumPy's random_poisson_ptrs).

function poissonInversion(rng: RandomSource, lambda: number): number {
	const u = rng();
	let k = 0;
	let p = Math.exp(-lambda);
	let s = p;
	while (u > s) {
		k++;
		p *= lambda / k;
		const next = s + p;
		// Rounding can leave the sum a hair below 1; stop where terms no longer add anything.
		if (next === s) break;
		s = next;
	}
	return k;
}

function poissonPtrs(rng: RandomSource, lambda: number): number {
	const logLambda = Math.log(lambda);
	const b = 0.931 + 2.53 * Math.sqrt(lambda);
	const a = -0.059 + 0.02483 * b;
	const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
	const vr = 0.9277 - 3.6224 / (b - 2);
	for (;;) {
		const u = rng() - 0.5;
		const v = rng();
		const us = 0.5 - Math.abs(u);
		const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
		if (us >= 0.07 && v <= vr) return k;
		// us = 0 sends k to -Infinity (u = -0.5); rejected here.
		if (k < 0 || (us < 0.013 && v > us)) continue;
		if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) {
			return k;
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Binomial: with p' = min(p, 1 - p), inversion by sequential search while n·p' < 10 (Devroye 1986,
// §X.4.3); above, Hörmann (1993), "The generation of binomial random variates", J. Statist.
// Comput. Simul. 46, 101-110 (algorithm BTRS). p > 0.5 draws n - Binomial(n, 1 - p).

function binomialInversion(rng: RandomSource, n: number, p: number): number {
	const u = rng();
	const odds = p / (1 - p);
	let k = 0;
	let f = Math.exp(n * Math.log1p(-p)); // (1 - p)^n
	let s = f;
	while (u > s && k < n) {
		k++;
		f *= ((n - k + 1) / k) * odds;
		const next = s + f;
		if (next === s) break;
		s = next;
	}
	return k;
}

function binomialBtrs(rng: RandomSource, n: number, p: number): number {
	const spq = Math.sqrt(n * p * (1 - p));
	const b = 1.15 + 2.53 * spq;
	const a = -0.0873 + 0.0248 * b + 0.01 * p;
	const c = n * p + 0.5;
	const vr = 0.92 - 4.2 / b;
	const alpha = (2.83 + 5.1 / b) * spq;
	const lpq = Math.log(p / (1 - p));
	const m = Math.floor((n + 1) * p);
	const h = logFactorial(m) + logFactorial(n - m);
	for (;;) {
		const u = rng() - 0.5;
		const v = rng();
		const us = 0.5 - Math.abs(u);
		const k = Math.floor(((2 * a) / us + b) * u + c);
		if (k < 0 || k > n) continue;
		if (us >= 0.07 && v <= vr) return k;
		const w = (v * alpha) / (a / (us * us) + b);
		if (Math.log(w) <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
	}
}

// ---------------------------------------------------------------------------------------------
// The table

/** Φ⁻¹(0.95): a 90% interval spans ±Z95 standard deviations. */
const Z95 = 1.6448536269514722;

const finite = Number.isFinite;

function invalidLoHi(lo: number, hi: number): string | null {
	if (!finite(lo)) return 'lo';
	if (!finite(hi) || hi < lo) return 'hi';
	return null;
}

function invalidLoModeHi(lo: number, mode: number, hi: number): string | null {
	if (!finite(lo)) return 'lo';
	if (!finite(mode)) return 'mode';
	if (!finite(hi) || hi < lo) return 'hi';
	if (mode < lo || mode > hi) return 'mode';
	return null;
}

function invalidProbability(p: number): boolean {
	return !(p >= 0 && p <= 1); // also catches NaN
}

const table = {
	normal: {
		name: 'normal',
		since: 1,
		params: ['mean', 'sd'],
		invalidParam: (mean, sd) => (!finite(mean) ? 'mean' : !finite(sd) || sd < 0 ? 'sd' : null),
		sample: (rng, mean, sd) => mean + sd * standardNormal(rng),
		fill: (rng, mean, sd, _, out, n) => fillNormal(rng, mean, sd, out, n, false)
	},
	lognormal: {
		name: 'lognormal',
		since: 1,
		params: ['mu', 'sigma'],
		invalidParam: (mu, sigma) => (!finite(mu) ? 'mu' : !finite(sigma) || sigma < 0 ? 'sigma' : null),
		sample: (rng, mu, sigma) => Math.exp(mu + sigma * standardNormal(rng)),
		fill: (rng, mu, sigma, _, out, n) => fillNormal(rng, mu, sigma, out, n, true)
	},
	uniform: {
		name: 'uniform',
		since: 1,
		params: ['lo', 'hi'],
		invalidParam: invalidLoHi,
		sample: (rng, lo, hi) => lo + (hi - lo) * rng(),
		fill: (rng, lo, hi, _, out, n) => fillUniform(rng, lo, hi - lo, out, n)
	},
	triangular: {
		name: 'triangular',
		since: 1,
		params: ['lo', 'mode', 'hi'],
		invalidParam: invalidLoModeHi,
		// Inversion of the piecewise-quadratic CDF (Devroye 1986, §II.2); written without a
		// division so a zero width gives lo, not 0/0.
		sample: (rng, lo, mode, hi) => {
			const u = rng();
			const width = hi - lo;
			return u * width < mode - lo
				? lo + Math.sqrt(u * width * (mode - lo))
				: hi - Math.sqrt((1 - u) * width * (hi - mode));
		}
	},
	pert: {
		name: 'pert',
		since: 1,
		params: ['lo', 'mode', 'hi'],
		invalidParam: invalidLoModeHi,
		// PERT with shape 4 (Vose, Risk Analysis, 3rd ed., §III.4): a beta scaled to [lo, hi].
		sample: (rng, lo, mode, hi) => {
			const width = hi - lo;
			if (width === 0) return lo;
			const alpha = 1 + (4 * (mode - lo)) / width;
			const beta = 1 + (4 * (hi - mode)) / width;
			return lo + width * standardBeta(rng, alpha, beta);
		}
	},
	beta: {
		name: 'beta',
		since: 1,
		params: ['a', 'b'],
		invalidParam: (a, b) => (!(finite(a) && a > 0) ? 'a' : !(finite(b) && b > 0) ? 'b' : null),
		sample: (rng, a, b) => standardBeta(rng, a, b)
	},
	gamma: {
		name: 'gamma',
		since: 1,
		params: ['shape', 'scale'],
		invalidParam: (shape, scale) =>
			!(finite(shape) && shape > 0) ? 'shape' : !(finite(scale) && scale >= 0) ? 'scale' : null,
		sample: (rng, shape, scale) => scale * standardGamma(rng, shape)
	},
	poisson: {
		name: 'poisson',
		since: 1,
		params: ['lambda'],
		invalidParam: (lambda) => (!(finite(lambda) && lambda >= 0) ? 'lambda' : null),
		sample: (rng, lambda) => (lambda < 10 ? poissonInversion(rng, lambda) : poissonPtrs(rng, lambda))
	},
	bernoulli: {
		name: 'bernoulli',
		since: 1,
		params: ['p'],
		invalidParam: (p) => (invalidProbability(p) ? 'p' : null),
		sample: (rng, p) => (rng() < p ? 1 : 0)
	},
	binomial: {
		name: 'binomial',
		since: 1,
		params: ['n', 'p'],
		invalidParam: (n, p) => (!(Number.isInteger(n) && n >= 0) ? 'n' : invalidProbability(p) ? 'p' : null),
		sample: (rng, n, p) => {
			const flip = p > 0.5;
			const q = flip ? 1 - p : p;
			const k = n * q < 10 ? binomialInversion(rng, n, q) : binomialBtrs(rng, n, q);
			return flip ? n - k : k;
		}
	},
	ci90: {
		name: 'ci90',
		since: 1,
		params: ['lo', 'hi'],
		invalidParam: invalidLoHi,
		// Lognormal with 5th/95th percentiles lo and hi; for lo <= 0, a normal whose 90% interval is
		// about [lo, hi] (SPEC: sd = (hi - lo) / 3.29). lo === hi returns lo itself, as
		// exp(log(lo)) can be an ulp off.
		sample: (rng, lo, hi) => {
			if (lo <= 0) return (lo + hi) / 2 + ((hi - lo) / 3.29) * standardNormal(rng);
			if (lo === hi) {
				rng(); // still one uniform per draw, like the other branches
				return lo;
			}
			const logLo = Math.log(lo);
			const logHi = Math.log(hi);
			return Math.exp((logLo + logHi) / 2 + ((logHi - logLo) / (2 * Z95)) * standardNormal(rng));
		},
		// the same three cases, each a normal (or the constant lo) with the parameters computed once
		fill: (rng, lo, hi, _, out, n) => {
			if (lo <= 0) return fillNormal(rng, (lo + hi) / 2, (hi - lo) / 3.29, out, n, false);
			if (lo === hi) return fillUniform(rng, lo, 0, out, n); // lo + 0 · u = lo, one uniform each
			const logLo = Math.log(lo);
			const logHi = Math.log(hi);
			fillNormal(rng, (logLo + logHi) / 2, (logHi - logLo) / (2 * Z95), out, n, true);
		}
	}
} satisfies Record<string, Distribution>;

export type DistributionName = keyof typeof table;

/**
 * Every distribution of SPEC §1, by name. A null-prototype object, so a lookup of `constructor`
 * or `toString` finds nothing instead of a function of Object.prototype.
 */
export const DISTRIBUTIONS: Record<string, Distribution> = Object.freeze(
	Object.assign(Object.create(null) as Record<string, Distribution>, table)
);
