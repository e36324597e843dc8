import type { Report } from './engine/types';
import { PERCENTILES } from './engine/types';

/** The report as CSV: one row per cell and cycle, with the mean and every percentile. */
export function reportToCsv(report: Report): string {
	const keys = ['mean', ...PERCENTILES.map((p) => `p${p}`)] as const;
	const rows = [['cell', 'cycle', ...keys].join(',')];
	for (const [name, summary] of Object.entries(report.cells)) {
		for (let t = 0; t <= report.horizon; t++) {
			rows.push([name, t, ...keys.map((k) => summary[k as keyof typeof summary][t])].join(','));
		}
	}
	return `${rows.join('\n')}\n`;
}
