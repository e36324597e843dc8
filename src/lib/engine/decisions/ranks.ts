// SPEC §4.5: "spearman: the rank correlation of input and outcome over all trials (ties get their
// average rank …)".

/** Whether typed arrays are little-endian here (every platform JavaScript runs on today). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const SIGN = 0x80000000;
/** Six passes of 11, 11 and 10 bits per 32-bit word: 2,048 buckets stay in cache while scattering. */
const RADIX = 1 << 11;
const SHIFTS = [0, 11, 22, 0, 11, 22];

/**
 * The trials in ascending order of their values, with each one's order-preserving 64-bit key
 * (`hi`, `lo`: equal keys are equal values, −0 and 0 alike). Values must not be NaN.
 *
 * An LSD radix sort of trial indices (Uint32Array) by the values' 64 bits made order-preserving
 * (negatives: all bits flipped; others: sign bit set), six stable passes of 11 or 10 bits, each
 * skipped when every key shares that digit. O(n) time and no object per value: on 10⁶ values it
 * is several times faster than a comparator sort of indices or a binary search per value, whose
 * random reads into 8 MB miss the cache.
 */
export function sortedOrder(values: Float64Array): { index: Uint32Array; hi: Uint32Array; lo: Uint32Array } {
	const n = values.length;
	const words = new Uint32Array(Float64Array.from(values).buffer);
	const hiWord = LITTLE_ENDIAN ? 1 : 0;
	let hi = new Uint32Array(n);
	let lo = new Uint32Array(n);
	let index = new Uint32Array(n);
	const counts = new Uint32Array(6 * RADIX);
	for (let i = 0; i < n; i++) {
		let h = words[2 * i + hiWord];
		let l = words[2 * i + 1 - hiWord];
		if (values[i] === 0) h = l = 0; // −0 ties with 0
		if (h & SIGN) {
			h = ~h >>> 0;
			l = ~l >>> 0;
		} else h = (h | SIGN) >>> 0;
		hi[i] = h;
		lo[i] = l;
		index[i] = i;
		counts[l & 0x7ff]++;
		counts[RADIX + ((l >>> 11) & 0x7ff)]++;
		counts[2 * RADIX + (l >>> 22)]++;
		counts[3 * RADIX + (h & 0x7ff)]++;
		counts[4 * RADIX + ((h >>> 11) & 0x7ff)]++;
		counts[5 * RADIX + (h >>> 22)]++;
	}
	let hi2 = new Uint32Array(n);
	let lo2 = new Uint32Array(n);
	let index2 = new Uint32Array(n);
	const offsets = new Uint32Array(RADIX);
	for (let pass = 0; pass < 6 && n > 0; pass++) {
		const base = pass * RADIX;
		const key = pass < 3 ? lo : hi;
		const shift = SHIFTS[pass];
		if (counts[base + ((key[0] >>> shift) & 0x7ff)] === n) continue; // one digit for all: already in order
		let sum = 0;
		for (let d = 0; d < RADIX; d++) {
			offsets[d] = sum;
			sum += counts[base + d];
		}
		for (let j = 0; j < n; j++) {
			const pos = offsets[(key[j] >>> shift) & 0x7ff]++;
			hi2[pos] = hi[j];
			lo2[pos] = lo[j];
			index2[pos] = index[j];
		}
		[hi, hi2] = [hi2, hi];
		[lo, lo2] = [lo2, lo];
		[index, index2] = [index2, index];
	}
	return { index, hi, lo };
}

/**
 * The average rank (1 … n) of each value: ties share the mean of the ranks they span, so
 * [10, 20, 20, 30] ranks [1, 2.5, 2.5, 4]; −0 and 0 tie. Values must not be NaN.
 */
export function averageRanks(values: Float64Array, out: Float64Array = new Float64Array(values.length)): Float64Array {
	const n = values.length;
	const { index, hi, lo } = sortedOrder(values);
	// Runs of equal keys [start, end) share the rank (start + 1 + end) / 2.
	for (let start = 0; start < n; ) {
		let end = start + 1;
		while (end < n && hi[end] === hi[start] && lo[end] === lo[start]) end++;
		const rank = (start + 1 + end) / 2;
		for (let j = start; j < end; j++) out[index[j]] = rank;
		start = end;
	}
	return out;
}
