import { describe, expect, it } from 'vitest';
import { sideBySide } from '$lib/notebook/lineDiff';

describe('sideBySide(left, right, context)', () => {
	it('aligns shared lines and pairs the changed ones', () => {
		expect(sideBySide('a\nb\nc', 'a\nB\nc\nd', 3)).toEqual([
			{ kind: 'same', text: 'a' },
			{ kind: 'changed', left: 'b', right: 'B' },
			{ kind: 'same', text: 'c' },
			{ kind: 'changed', left: null, right: 'd' }
		]);
	});

	it('folds unchanged runs longer than the context', () => {
		const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
		const changed = [...lines];
		changed[10] = 'changed';
		const rows = sideBySide(lines.join('\n'), changed.join('\n'), 2);
		expect(rows).toEqual([
			{ kind: 'folded', count: 8 },
			{ kind: 'same', text: 'line 8' },
			{ kind: 'same', text: 'line 9' },
			{ kind: 'changed', left: 'line 10', right: 'changed' },
			{ kind: 'same', text: 'line 11' },
			{ kind: 'same', text: 'line 12' },
			{ kind: 'folded', count: 7 }
		]);
	});
});
