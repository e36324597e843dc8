import type { Notebook, Report } from '../lib/engine/types';
import { formatCycles, formatPercent, formatValue, groupDigits } from '../lib/format';

/** Cycles shown in the summary: the start, the quarters of the horizon and the end. */
export function summaryCycles(horizon: number): number[] {
	return [...new Set([0, Math.round(horizon / 4), Math.round(horizon / 2), Math.round((3 * horizon) / 4), horizon])];
}

/** The readable summary of SPEC §2: P50 (P10–P90) of each named cell at a few cycles, then the runway. */
export function formatSummary(report: Report, notebook: Notebook): string {
	const units = new Map<string, string | undefined>();
	for (const cell of notebook.cells) if ('name' in cell) units.set(cell.name, cell.unit);
	const cycles = summaryCycles(report.horizon);
	// Currency symbols, % (a fraction as a percentage) and × (a multiple) go on each number ($340k,
	// 2%, 3.1×); other units are shown once, in their own column.
	const symbol = (name: string) => (['$', '€', '£', '%', '×'].includes(units.get(name) ?? '') ? units.get(name) : undefined);
	const header = ['cell', 'unit', ...cycles.map((t) => `cycle ${t}: P50 (P10–P90)`)];
	const rows = Object.entries(report.cells).map(([name, s]) => [
		name,
		symbol(name) ? '' : (units.get(name) ?? ''),
		...cycles.map((t) => `${formatValue(s.p50[t], symbol(name))} (${formatValue(s.p10[t], symbol(name))}–${formatValue(s.p90[t], symbol(name))})`)
	]);
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
	const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
	const out = [
		`${report.title} — scenario ${report.scenario}, ${groupDigits(report.trials)} trials, seed ${report.seed}, ${report.horizon} cycles of ${report.cycle} (${report.timing.ms} ms, ${report.timing.workers || 1} worker${report.timing.workers > 1 ? 's' : ''})`,
		'',
		line(header),
		...rows.map(line),
		''
	];
	const r = report.runway;
	if (r) {
		const when = (v: number | null) => formatCycles(v, report.cycle, report.horizon);
		out.push(
			`Runway (${r.cell} below 0): P10 ${when(r.p10)}, P50 ${when(r.p50)}, P90 ${when(r.p90)}`,
			`Chance of running out by cycle ${report.horizon}: ${formatPercent(1 - r.survives)}; survives the horizon: ${formatPercent(r.survives)}`,
			''
		);
	}
	return out.join('\n');
}
