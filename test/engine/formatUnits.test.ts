// Units for people (issue 10): % shows a fraction as a percentage, × a multiple.
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/lib/format';

describe('formatValue with units', () => {
	it('shows a fraction with unit % as a percentage', () => {
		expect(formatValue(0.02, '%')).toBe('2%');
		expect(formatValue(0.0203, '%')).toBe('2.03%');
		expect(formatValue(0.5, '%')).toBe('50%');
		expect(formatValue(1.25, '%')).toBe('125%');
		expect(formatValue(-0.05, '%')).toBe('−5%');
		expect(formatValue(0, '%')).toBe('0%');
	});

	it('shows a multiple with unit × attached', () => {
		expect(formatValue(2.5, '×')).toBe('2.5×');
		expect(formatValue(0.8, '×')).toBe('0.8×');
	});

	it('keeps currencies and other units as before', () => {
		expect(formatValue(340000, '$')).toBe('$340k');
		expect(formatValue(-1200, '$')).toBe('−$1.2k');
		expect(formatValue(12, 'servers')).toBe('12 servers');
	});
});

describe('formatPercent', () => {
	it('shows a decimal near 0 and 100, and never rounds a share that is not all or none to 0% or 100%', async () => {
		const { formatPercent } = await import('../../src/lib/format');
		expect([0, 0.0004, 0.003, 0.314, 0.993, 0.9996, 1].map(formatPercent)).toEqual(['0%', '< 0.1%', '0.3%', '31%', '99.3%', '> 99.9%', '100%']);
	});
});
