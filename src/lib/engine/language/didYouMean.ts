/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbours
 * ("optimal string alignment", the restricted Damerau–Levenshtein distance), so `usres` is 1 from
 * `users`.
 */
export function editDistance(a: string, b: string): number {
	const rows = a.length + 1;
	const cols = b.length + 1;
	const d: number[] = new Array(rows * cols);
	for (let i = 0; i < rows; i++) d[i * cols] = i;
	for (let j = 0; j < cols; j++) d[j] = j;
	for (let i = 1; i < rows; i++) {
		for (let j = 1; j < cols; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, d[(i - 2) * cols + j - 2] + 1);
			}
			d[i * cols + j] = best;
		}
	}
	return d[rows * cols - 1];
}

/**
 * The candidate closest to `word` (ignoring case) within an edit distance of 2, or of 1 for words of
 * up to 3 letters (so `x` is not "corrected" to any short name); null when none is that close.
 * Ties go to the earlier candidate.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | null {
	const limit = word.length <= 3 ? 1 : 2;
	const lower = word.toLowerCase();
	let best: string | null = null;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		if (candidate === word) continue;
		const distance = editDistance(lower, candidate.toLowerCase());
		if (distance <= limit && distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	return best;
}

/** ` — did you mean 'x'?` for the closest candidate, or '' when there is none. */
export function didYouMeanSuffix(word: string, candidates: Iterable<string>): string {
	return suggestionSuffix(didYouMean(word, candidates));
}

/** ` — did you mean 'x'?` for a suggestion already found, or '' for none: the one wording of it. */
export function suggestionSuffix(suggestion: string | null): string {
	return suggestion === null ? '' : ` — did you mean '${suggestion}'?`;
}
