import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanSuffix, editDistance, suggestionSuffix } from '../../../src/lib/engine/language/didYouMean';

describe('didYouMean', () => {
	it('counts a swap of neighbours as one edit', () => {
		expect(editDistance('usres', 'users')).toBe(1);
		expect(editDistance('', 'abc')).toBe(3);
		expect(editDistance('kitten', 'sitting')).toBe(3);
	});

	it('suggests within distance 2, 1 for short words, ignoring case; ties go to the earlier candidate', () => {
		expect(didYouMean('trails', ['title', 'trials'])).toBe('trials');
		expect(didYouMean('Formula', ['formula'])).toBe('formula');
		expect(didYouMean('ab', ['md'])).toBeNull();
		expect(didYouMean('pret', ['pert', 'prev'])).toBe('pert');
		expect(didYouMean('users', ['users'])).toBeNull();
	});

	it('words the suggestion one way everywhere', () => {
		expect(didYouMeanSuffix('usres', ['users'])).toBe(" — did you mean 'users'?");
		expect(didYouMeanSuffix('zzz', ['users'])).toBe('');
		expect(suggestionSuffix('cash')).toBe(" — did you mean 'cash'?");
		expect(suggestionSuffix(null)).toBe('');
	});
});
