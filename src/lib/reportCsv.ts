import type { CellSummary, Report } from './engine/types';
import { PERCENTILES } from './engine/types';

const KEYS = ['mean', ...PERCENTILES.map((p) => `p${p}` as const)] as const;

function rows(cells: Record<string, CellSummary>, horizon: number, first: string[] = []): string[] {
	const out: string[] = [];
	for (const [name, summary] of Object.entries(cells)) {
		for (let t = 0; t <= horizon; t++) out.push([...first, name, t, ...KEYS.map((k) => summary[k][t])].join(','));
	}
	return out;
}

/**
 * The report as CSV: one row per cell and cycle, with the mean and every percentile. A comparison
 * adds the scenario as a first column: the reference's rows, then each compared scenario's.
 */
export function reportToCsv(report: Report): string {
	const header = ['cell', 'cycle', ...KEYS];
	const comparison = report.comparison;
	if (!comparison) return `${[header.join(','), ...rows(report.cells, report.horizon)].join('\n')}\n`;
	const lines = [['scenario', ...header].join(','), ...rows(report.cells, report.horizon, [csvText(comparison.reference)])];
	for (const [name, scenario] of Object.entries(comparison.scenarios)) lines.push(...rows(scenario.cells, report.horizon, [csvText(name)]));
	return `${lines.join('\n')}\n`;
}

/** A field quoted when it holds a comma, quote or line break (a --vary name such as `a=max(1, b)`). */
function csvText(text: string): string {
	return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
