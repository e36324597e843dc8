// Correlated inputs (SPEC §4.7): Iman–Conover rank reordering. The values drawn for each correlated
// sample cell stay exactly those drawn without `correlations`; only which trial gets which value
// changes, so every marginal percentile is unchanged and the rank correlation comes out near the
// target. Pure functions of arrays and a random source: block.ts calls `reorder` right after the
// sample cells are drawn, with a stream of its own per (seed, block) (rng.ts), so the result is the
// same for any number of workers.
//
// Iman, R. L. & Conover, W. J. (1982), "A distribution-free approach to inducing rank correlation
// among input variables", Communications in Statistics B 11(3), 311–334.
import { normalQuantile } from './language/distributions';
import type { RandomSource } from './rng';

/** The lower-triangular L with L·Lᵀ = m, or null when m is not positive definite. */
export function cholesky(m: readonly (readonly number[])[]): number[][] | null {
	const k = m.length;
	const l = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	for (let i = 0; i < k; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = m[i][j];
			for (let p = 0; p < j; p++) sum -= l[i][p] * l[j][p];
			if (i === j) {
				if (!(sum > 1e-10)) return null;
				l[i][i] = Math.sqrt(sum);
			} else l[i][j] = sum / l[j][j];
		}
	}
	return l;
}

/**
 * The Pearson correlation of normal scores that gives the Spearman correlation `rs` on them:
 * for a bivariate normal, rs = (6/π)·asin(ρ/2), so ρ = 2·sin(π·rs/6).
 */
export function pearsonForSpearman(rs: number): number {
	return 2 * Math.sin((Math.PI * rs) / 6);
}

/**
 * The matrix the reordering aims at, as its Cholesky factor: the targets turned into correlations
 * of normal scores (pearsonForSpearman), or the targets themselves when that matrix is not positive
 * definite. Null when the targets are not a valid correlation matrix.
 */
export function targetFactor(targets: readonly (readonly number[])[]): number[][] | null {
	if (cholesky(targets) === null) return null;
	const adjusted = targets.map((row, i) => row.map((r, j) => (i === j ? 1 : pearsonForSpearman(r))));
	return cholesky(adjusted) ?? cholesky(targets);
}

/** A uniformly random permutation of 0 … n−1 (Fisher–Yates). */
function permutation(n: number, rng: RandomSource): Int32Array {
	const p = new Int32Array(n);
	for (let i = 0; i < n; i++) p[i] = i;
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		const tmp = p[i];
		p[i] = p[j];
		p[j] = tmp;
	}
	return p;
}

/**
 * For each of k columns of n trials, the rank (0 … n−1) each trial's value should have: the ranks
 * of Iman–Conover's target scores. They depend only on n, the target factor and the random source
 * — not on the values — so a variant that changes one correlated cell's draws leaves the others'
 * pairing unchanged.
 */
export function targetRanks(n: number, factor: readonly (readonly number[])[], rng: RandomSource): Int32Array[] {
	const k = factor.length;
	const scores = new Float64Array(n);
	for (let i = 0; i < n; i++) scores[i] = normalQuantile((i + 1) / (n + 1));
	// S: each column the scores in a random order
	const s = Array.from({ length: k }, () => {
		const p = permutation(n, rng);
		const column = new Float64Array(n);
		for (let i = 0; i < n; i++) column[i] = scores[p[i]];
		return column;
	});
	// E = corr(S); S·(F⁻¹)ᵀ has correlation I when E = F·Fᵀ. Without a factor (tiny blocks), use S.
	const mean = scores.reduce((a, b) => a + b, 0) / n;
	let variance = 0;
	for (let i = 0; i < n; i++) variance += (scores[i] - mean) ** 2;
	const e = Array.from({ length: k }, (_, a) =>
		Array.from({ length: k }, (_, b) => {
			if (a === b) return 1;
			let c = 0;
			for (let i = 0; i < n; i++) c += (s[a][i] - mean) * (s[b][i] - mean);
			return variance > 0 ? c / variance : 0;
		})
	);
	const f = cholesky(e);
	// whitened columns: W = S·(F⁻¹)ᵀ, i.e. each row w solves F·w = s (forward substitution)
	const w = f === null ? s : Array.from({ length: k }, () => new Float64Array(n));
	if (f !== null) {
		for (let i = 0; i < n; i++) {
			for (let a = 0; a < k; a++) {
				let v = s[a][i];
				for (let b = 0; b < a; b++) v -= f[a][b] * w[b][i];
				w[a][i] = v / f[a][a];
			}
		}
	}
	// T = W·Pᵀ: column a is Σ_b P[a][b]·W[b]
	return Array.from({ length: k }, (_, a) => {
		const t = new Float64Array(n);
		for (let b = 0; b <= a; b++) {
			const coefficient = factor[a][b];
			if (coefficient === 0) continue;
			const column = w[b];
			for (let i = 0; i < n; i++) t[i] += coefficient * column[i];
		}
		return ranksOf(t);
	});
}

/** The 0-based rank of each value (ties by position, so it is a permutation). */
function ranksOf(values: Float64Array): Int32Array {
	const n = values.length;
	const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[x] - values[y] || x - y);
	const ranks = new Int32Array(n);
	order.forEach((trial, rank) => (ranks[trial] = rank));
	return ranks;
}

/** Rewrites the first n values so that trial i gets the value of rank `ranks[i]`: the same values, paired anew. */
export function applyRanks(values: Float64Array, n: number, ranks: Int32Array): void {
	const sorted = Float64Array.from(values.subarray(0, n)).sort();
	for (let i = 0; i < n; i++) values[i] = sorted[ranks[i]];
}
