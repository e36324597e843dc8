// Percentiles for runs too large to keep every value: a histogram per series with buckets of
// bounded relative width (after DDSketch, Masson, Rim & Lee, VLDB 2019) at fixed places, so merging
// is adding integer counts — exact and order-free, hence identical for any number of workers.
//
// Error bound: a value x with MIN_MAGNITUDE ≤ |x| ≤ MAX_MAGNITUDE lands in a bucket whose
// representative is within RELATIVE_ACCURACY·|x| of it. Each order statistic is therefore
// estimated within 0.5 % of its true value, and so is a type-7 percentile, which interpolates
// between two neighbouring order statistics of the same sign. |x| < MIN_MAGNITUDE counts as 0
// (an absolute error below 1e-9); |x| > MAX_MAGNITUDE is clamped to it.

export const RELATIVE_ACCURACY = 0.005;
export const MIN_MAGNITUDE = 1e-9;
export const MAX_MAGNITUDE = 1e18;

// Buckets are read off a double's bits, without a logarithm: its binary exponent and the top 7
// bits of its mantissa, so each octave [2^e, 2^(e+1)) has 128 equal buckets. A bucket's middle is
// within half a bucket, 2^e / 256, of every value in it: at most 1/256 ≈ 0.39 % of the value,
// inside RELATIVE_ACCURACY. (A logarithm per value cost most of a sketch-mode run's time.)
const SUB_BITS = 7;
const SUBS = 1 << SUB_BITS;
/** the biased exponent of the smallest octave kept: that of MIN_MAGNITUDE */
const EXP_MIN = Math.floor(Math.log2(MIN_MAGNITUDE)) + 1023;
const EXP_MAX = Math.floor(Math.log2(MAX_MAGNITUDE)) + 1023;
/** buckets for one sign */
const SIDE = (EXP_MAX - EXP_MIN + 1) * SUBS;
/** negative buckets (most negative first), zero, positive buckets */
export const BUCKETS = 2 * SIDE + 1;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
/** The index of the high word of a double in a Uint32Array view (1 on little-endian machines). */
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The bucket of a value from its high word (sign, exponent, top mantissa bits) and magnitude. */
function bucketOfWord(hi: number, magnitude: number): number {
	if (magnitude < MIN_MAGNITUDE) return SIDE;
	let k = ((((hi >>> 20) & 0x7ff) - EXP_MIN) << SUB_BITS) | ((hi >>> (20 - SUB_BITS)) & (SUBS - 1));
	if (k >= SIDE) k = SIDE - 1;
	return hi >>> 31 ? SIDE - 1 - k : SIDE + 1 + k;
}

/** The bucket of x: 0 … SIDE−1 negative (descending magnitude), SIDE zero, SIDE+1 … positive. */
export function bucketOf(x: number): number {
	scratch[0] = x;
	return bucketOfWord(scratchWords[HI], x < 0 ? -x : x);
}

/** The value a bucket stands for: the middle of its part of the octave. */
export function valueOfBucket(bucket: number): number {
	if (bucket === SIDE) return 0;
	const k = bucket > SIDE ? bucket - SIDE - 1 : SIDE - 1 - bucket;
	const magnitude = Math.pow(2, (k >> SUB_BITS) + EXP_MIN - 1023) * (1 + ((k & (SUBS - 1)) + 0.5) / SUBS);
	return bucket > SIDE ? magnitude : -magnitude;
}

/** Buckets per page: a series holds only the pages its values touch. */
const PAGE = 256;
const PAGES = Math.ceil(BUCKETS / PAGE);

/**
 * One histogram per series. A series' values span a few decades, so it touches a few pages of
 * its BUCKETS-long histogram: pages are allocated on first touch from one growing pool, and a
 * directory maps (series, page) to its slot. Memory and merges are then proportional to what
 * the values touch, not to series × BUCKETS. `counts()` packs directory and pages into one
 * Int32Array, which crosses a worker boundary in one piece; `merge` adds such a packing.
 */
export class SketchSet {
	/** per series and page: the page's slot in `pool`, or -1 */
	private readonly directory: Int32Array;
	private pool: Int32Array;
	private slots = 0;

	constructor(readonly series: number) {
		this.directory = new Int32Array(series * PAGES).fill(-1);
		this.pool = new Int32Array(PAGE * Math.max(16, Math.min(series * 4, 1 << 16)));
	}

	/** The slot of (series s, page p), allocated on first use. */
	private slot(s: number, p: number): number {
		const at = s * PAGES + p;
		let slot = this.directory[at];
		if (slot < 0) {
			slot = this.directory[at] = this.slots++;
			if (this.slots * PAGE > this.pool.length) {
				const grown = new Int32Array(this.pool.length * 2);
				grown.set(this.pool);
				this.pool = grown;
			}
		}
		return slot;
	}

	/**
	 * Adds n values, values[offset + i], to series s. `words`: the values' 32-bit view, when the
	 * caller adds several series of one array (one view instead of one per call).
	 */
	add(s: number, values: Float64Array, offset: number, n: number, words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2)): void {
		let page = -1;
		let base = 0;
		for (let i = 0; i < n; i++) {
			const x = values[offset + i];
			const bucket = bucketOfWord(words[2 * (offset + i) + HI], x < 0 ? -x : x);
			const p = (bucket / PAGE) | 0;
			// neighbouring values mostly share a page: look the slot up only when it changes
			if (p !== page) {
				page = p;
				base = this.slot(s, p) * PAGE;
			}
			this.pool[base + (bucket - p * PAGE)]++;
		}
	}

	/** This set's counts, packed: the directory, then each allocated page in slot order. */
	counts(): Int32Array {
		const packed = new Int32Array(this.directory.length + this.slots * PAGE);
		packed.set(this.directory);
		packed.set(this.pool.subarray(0, this.slots * PAGE), this.directory.length);
		return packed;
	}

	/** Adds the counts of another set of the same series (integer counts: any order gives the same). */
	merge(packed: Int32Array): void {
		const pages = this.directory.length;
		for (let at = 0; at < pages; at++) {
			const theirs = packed[at];
			if (theirs < 0) continue;
			const from = pages + theirs * PAGE;
			const to = this.slot((at / PAGES) | 0, at % PAGES) * PAGE;
			for (let b = 0; b < PAGE; b++) this.pool[to + b] += packed[from + b];
		}
	}

	/** Calls `visit(bucket, count)` for each non-empty bucket of series s, in bucket order. */
	private buckets(s: number, visit: (bucket: number, count: number) => boolean | void): void {
		for (let p = 0; p < PAGES; p++) {
			const slot = this.directory[s * PAGES + p];
			if (slot < 0) continue;
			const base = slot * PAGE;
			for (let b = 0; b < PAGE; b++) {
				const count = this.pool[base + b];
				if (count !== 0 && visit(p * PAGE + b, count) === true) return;
			}
		}
	}

	/** Estimated type-7 percentiles of series s at `levels` (ascending), over `total` values. */
	quantiles(s: number, levels: readonly number[], total: number): number[] {
		// The k-th order statistic (0-based) is the representative of the bucket holding it.
		const ranks = levels.flatMap((p) => {
			const lo = Math.floor((total - 1) * p);
			return [lo, Math.min(lo + 1, total - 1)];
		});
		const wanted = [...new Set(ranks)].sort((a, b) => a - b);
		const valueAt = new Map<number, number>();
		let seen = 0;
		let r = 0;
		this.buckets(s, (bucket, count) => {
			seen += count;
			for (; r < wanted.length && wanted[r] < seen; r++) valueAt.set(wanted[r], valueOfBucket(bucket));
			return r >= wanted.length;
		});
		return levels.map((p, i) => {
			const h = (total - 1) * p;
			const below = valueAt.get(ranks[2 * i])!;
			return below + (h - Math.floor(h)) * (valueAt.get(ranks[2 * i + 1])! - below);
		});
	}

	/** The numbers of values of series s below −MIN_MAGNITUDE and above MIN_MAGNITUDE. */
	signCounts(s: number): { below: number; above: number } {
		let below = 0;
		let above = 0;
		this.buckets(s, (bucket, count) => {
			if (bucket < SIDE) below += count;
			else if (bucket > SIDE) above += count;
		});
		return { below, above };
	}

	/** Counts of series s in `bins` equal bins between lo and hi (bucket representatives). */
	histogram(s: number, lo: number, hi: number, bins: number): number[] {
		const counts = new Array<number>(bins).fill(0);
		const width = (hi - lo) / bins;
		this.buckets(s, (bucket, count) => {
			const bin = width > 0 ? Math.floor((valueOfBucket(bucket) - lo) / width) : 0;
			counts[bin < 0 ? 0 : bin >= bins ? bins - 1 : bin] += count;
		});
		return counts;
	}
}

/**
 * The bytes a set of `series` series takes when each touches up to 8 pages (values over some 5
 * decades of one sign, more than any series of a plan seen so far), with the pool's doubling.
 * Touching all PAGES pages of every series would take PAGES / 8 times more.
 */
export function sketchBytes(series: number): number {
	return series * PAGES * 4 + 2 * series * 8 * PAGE * 4;
}
