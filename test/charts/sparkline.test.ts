import { describe, expect, test } from 'vitest';
import { buildSparkline } from '../../src/lib/charts/sparkline';
import { CASH, USERS, constantSummary } from './fixtures';

describe('buildSparkline', () => {
	test('buildSparkline(options) draws the P10–P90 band and the median', () => {
		expect(buildSparkline({ summary: USERS, width: 100, height: 24 })).toMatchInlineSnapshot(`
			{
			  "band": "M1.5,22.5L17.7,20.1L33.8,17L50,13.9L66.2,10.1L82.3,6.3L98.5,1.5L98.5,12.9L82.3,15.4L66.2,17.4L50,19.4L33.8,20.6L17.7,21.9L1.5,22.5Z",
			  "height": 24,
			  "median": "M1.5,22.5L17.7,21.1L33.8,18.9L50,16.8L66.2,14L82.3,11.1L98.5,7.6",
			  "width": 100,
			}
		`);
	});

	test('the band spans the height and the median stays inside it', () => {
		const { band, median } = buildSparkline({ summary: CASH, width: 100, height: 24 });
		const ys = (d: string) => [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => Number(m[2]));
		expect(Math.min(...ys(band))).toBe(1.5);
		expect(Math.max(...ys(band))).toBe(22.5);
		for (const y of ys(median)) {
			expect(y).toBeGreaterThanOrEqual(1.5);
			expect(y).toBeLessThanOrEqual(22.5);
		}
	});

	test('a constant series is drawn as a flat line in the middle, not NaN', () => {
		const { median, band } = buildSparkline({ summary: constantSummary([7, 7, 7]), width: 60, height: 20 });
		expect(median).toBe('M1.5,10L30,10L58.5,10');
		expect(band).not.toContain('NaN');
		const zeros = buildSparkline({ summary: constantSummary([0, 0]), width: 60, height: 20 });
		expect(zeros.median).toBe('M1.5,18.5L58.5,18.5');
	});
});
