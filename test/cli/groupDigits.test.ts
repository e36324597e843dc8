import { describe, expect, test } from 'vitest';
import { groupDigits } from '../../src/lib/format';

describe('groupDigits', () => {
	test("groups a whole number's digits as toLocaleString('en-US') does, without it", () => {
		const numbers = [0, 7, 42, 999, 1000, 12_345, 999_999, 1_000_000, 10_000_000, -1234, -999, Number.MAX_SAFE_INTEGER];
		for (const n of numbers) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
	});

	test('rounds a fraction to a whole number', () => {
		expect(groupDigits(1234.4)).toBe('1,234');
		expect(groupDigits(999.6)).toBe('1,000');
	});
});
