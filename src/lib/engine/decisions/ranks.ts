// SPEC §4.5: "spearman: the rank correlation of input and outcome over all trials (ties get their
// average rank …)".

/**
 * The average rank (1 … n) of each value: ties share the mean of the ranks they span, so
 * [10, 20, 20, 30] ranks [1, 2.5, 2.5, 4]. O(n log n) without a comparator or an object per value:
 * a native numeric sort of a copy, then each value's rank from the bounds of its run of equals,
 * found by binary search: rank = (first + last) / 2 + 1 with first/last its 0-based run ends.
 * Values must not be NaN. `sorted` is scratch space of n values (allocated unless given).
 */
export function averageRanks(values: Float64Array, out: Float64Array = new Float64Array(values.length), sorted: Float64Array = new Float64Array(values.length)): Float64Array {
	const n = values.length;
	const s = sorted.subarray(0, n);
	s.set(values);
	s.sort();
	for (let i = 0; i < n; i++) {
		const v = values[i];
		// first index with s[j] >= v
		let lo = 0;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (s[mid] < v) lo = mid + 1;
			else hi = mid;
		}
		const first = lo;
		// first index with s[j] > v
		hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (s[mid] <= v) lo = mid + 1;
			else hi = mid;
		}
		out[i] = (first + lo - 1) / 2 + 1;
	}
	return out;
}
