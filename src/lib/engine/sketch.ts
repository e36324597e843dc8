// Percentiles for runs too large to keep every value: a log-bucketed histogram per series
// (DDSketch, Masson, Rim & Lee, VLDB 2019) with fixed buckets, so merging is adding integer
// counts — exact and order-free, hence identical for any number of workers.
//
// Error bound: a value x with MIN_MAGNITUDE ≤ |x| ≤ MAX_MAGNITUDE lands in a bucket whose
// representative is within RELATIVE_ACCURACY·|x| of it. Each order statistic is therefore
// estimated within 0.5 % of its true value, and so is a type-7 percentile, which interpolates
// between two neighbouring order statistics of the same sign. |x| < MIN_MAGNITUDE counts as 0
// (an absolute error below 1e-9); |x| > MAX_MAGNITUDE is clamped to it.

export const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
export const MIN_MAGNITUDE = 1e-9;
export const MAX_MAGNITUDE = 1e18;
/** buckets for one sign: ⌈log_γ(MAX/MIN)⌉ */
const SIDE = Math.ceil(Math.log(MAX_MAGNITUDE / MIN_MAGNITUDE) / LOG_GAMMA) + 1;
/** negative buckets (most negative first), zero, positive buckets */
export const BUCKETS = 2 * SIDE + 1;
const LOG_MIN = Math.log(MIN_MAGNITUDE);

/** The bucket of x: 0 … SIDE−1 negative (descending magnitude), SIDE zero, SIDE+1 … positive. */
export function bucketOf(x: number): number {
	const magnitude = x < 0 ? -x : x;
	if (magnitude < MIN_MAGNITUDE) return SIDE;
	let k = Math.ceil((Math.log(magnitude) - LOG_MIN) / LOG_GAMMA);
	if (k >= SIDE) k = SIDE - 1;
	return x > 0 ? SIDE + 1 + k : SIDE - 1 - k;
}

/** The value a bucket stands for: 2γ^k/(γ+1) · MIN, within RELATIVE_ACCURACY of all it holds. */
export function valueOfBucket(bucket: number): number {
	if (bucket === SIDE) return 0;
	const k = bucket > SIDE ? bucket - SIDE - 1 : SIDE - 1 - bucket;
	const magnitude = (MIN_MAGNITUDE * 2 * Math.pow(GAMMA, k)) / (GAMMA + 1);
	return bucket > SIDE ? magnitude : -magnitude;
}

/** One histogram per series, in one typed array so it crosses a worker boundary in one piece. */
export class SketchSet {
	readonly counts: Int32Array;

	constructor(
		readonly series: number,
		counts?: Int32Array
	) {
		this.counts = counts ?? new Int32Array(series * BUCKETS);
	}

	/** Adds n values, values[offset + i·stride], to series s. */
	add(s: number, values: Float64Array, offset: number, n: number): void {
		const counts = this.counts;
		const base = s * BUCKETS;
		for (let i = 0; i < n; i++) counts[base + bucketOf(values[offset + i])]++;
	}

	merge(other: Int32Array): void {
		const counts = this.counts;
		for (let i = 0; i < counts.length; i++) counts[i] += other[i];
	}

	/** Estimated type-7 percentiles of series s at `levels` (ascending), over `total` values. */
	quantiles(s: number, levels: readonly number[], total: number): number[] {
		const base = s * BUCKETS;
		// The k-th order statistic (0-based) is the representative of the bucket holding it.
		const ranks = levels.flatMap((p) => {
			const lo = Math.floor((total - 1) * p);
			return [lo, Math.min(lo + 1, total - 1)];
		});
		const wanted = [...new Set(ranks)].sort((a, b) => a - b);
		const valueAt = new Map<number, number>();
		let seen = 0;
		for (let b = 0, r = 0; b < BUCKETS && r < wanted.length; b++) {
			seen += this.counts[base + b];
			for (; r < wanted.length && wanted[r] < seen; r++) valueAt.set(wanted[r], valueOfBucket(b));
		}
		return levels.map((p, i) => {
			const h = (total - 1) * p;
			const below = valueAt.get(ranks[2 * i])!;
			return below + (h - Math.floor(h)) * (valueAt.get(ranks[2 * i + 1])! - below);
		});
	}

	/** The numbers of values of series s below −MIN_MAGNITUDE and above MIN_MAGNITUDE. */
	signCounts(s: number): { below: number; above: number } {
		const base = s * BUCKETS;
		let below = 0;
		let above = 0;
		for (let b = 0; b < SIDE; b++) below += this.counts[base + b];
		for (let b = SIDE + 1; b < BUCKETS; b++) above += this.counts[base + b];
		return { below, above };
	}

	/** Counts of series s in `bins` equal bins between lo and hi (bucket representatives). */
	histogram(s: number, lo: number, hi: number, bins: number): number[] {
		const counts = new Array<number>(bins).fill(0);
		const width = (hi - lo) / bins;
		for (let b = 0; b < BUCKETS; b++) {
			const count = this.counts[s * BUCKETS + b];
			if (count === 0) continue;
			const bin = width > 0 ? Math.floor((valueOfBucket(b) - lo) / width) : 0;
			counts[bin < 0 ? 0 : bin >= bins ? bins - 1 : bin] += count;
		}
		return counts;
	}
}
