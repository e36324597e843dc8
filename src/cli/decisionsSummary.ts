// What a founder reads first after the cells (SPEC §4): the comparison against the reference, the
// funding need at a few raise cycles, the inputs that move the outcome most, and the events.
import type { Notebook, Report, ScenarioComparison } from '../lib/engine/types';
import { formatCycles, formatPercent, formatValue } from '../lib/format';
import { table } from './table';

/** Raise cycles worth showing: now, the quarters of the horizon (or of `through`). */
function raiseCycles(through: number): number[] {
	return [...new Set([0, Math.round(through / 4), Math.round(through / 2), Math.round((3 * through) / 4)])];
}

/**
 * The cells whose median at the horizon moved most against the reference, relative to the
 * reference's spread there (P90 − P10), so cells of every size compare.
 */
export function movedMost(report: Report, scenario: ScenarioComparison, count = 3): { cell: string; p50: number; score: number }[] {
	const t = report.horizon;
	return Object.entries(scenario.delta.cells)
		.map(([cell, d]) => {
			const spread = report.cells[cell].p90[t] - report.cells[cell].p10[t];
			const scale = spread > 0 ? spread : Math.abs(report.cells[cell].p50[t]) || 1;
			return { cell, p50: d.p50[t], score: Math.abs(d.p50[t]) / scale };
		})
		.filter((m) => m.score > 0)
		.sort((a, b) => b.score - a.score)
		.slice(0, count);
}

export function formatDecisions(report: Report, notebook: Notebook): string {
	const units = new Map<string, string | undefined>();
	for (const cell of notebook.cells) if ('name' in cell) units.set(cell.name, cell.unit);
	const value = (cell: string, x: number) => formatValue(x, units.get(cell));
	const when = (v: number | null) => formatCycles(v, report.cycle, report.horizon);
	const out: string[] = [];

	const comparison = report.comparison;
	if (comparison) {
		out.push(`Compared with ${comparison.reference}, trial by trial (same seed, same draws where nothing changed):`);
		const rows = [['scenario', 'runway P10', 'runway P50', 'out by end', 'runway vs reference', `moved most at cycle ${report.horizon} (median change)`]];
		const line = (name: string, runway: Report['runway'], versus: string, moved: string) => [
			name,
			runway ? when(runway.p10) : '–',
			runway ? when(runway.p50) : '–',
			runway ? formatPercent(1 - runway.survives) : '–',
			versus,
			moved
		];
		rows.push(line(`${comparison.reference} (reference)`, report.runway, '', ''));
		for (const [name, scenario] of Object.entries(comparison.scenarios)) {
			const d = scenario.delta.runway;
			const versus = d ? `longer in ${formatPercent(d.longer)}, shorter in ${formatPercent(d.shorter)} of futures` : '';
			const moved = movedMost(report, scenario)
				.map((m) => `${m.cell} ${m.p50 > 0 ? '+' : ''}${value(m.cell, m.p50)}`)
				.join(', ');
			rows.push(line(name, scenario.runway, versus, moved || 'nothing'));
		}
		out.push(...table(rows), '');
	}

	const funding = report.funding;
	if (funding) {
		out.push(`Funding need: money added at cycle k that keeps ${report.runway!.cell} ≥ 0 through cycle ${funding.through}`);
		const money = (x: number | null) => (x === null ? 'too late' : value(report.runway!.cell, x));
		const rows = [['raise at', 'P50', 'P90', 'too late in']];
		for (const k of raiseCycles(funding.through)) rows.push([`cycle ${k}`, money(funding.p50[k]), money(funding.p90[k]), formatPercent(funding.tooLate[k])]);
		out.push(
			...table(rows),
			'  Assumes the money changes nothing else in the model; where cash drives hiring or spending, check with --set.',
			''
		);
	}

	const sensitivity = report.sensitivity;
	if (sensitivity && sensitivity.inputs.length > 0) {
		const outcome = sensitivity.outcome === 'runway' ? `chance of running out by cycle ${report.horizon}` : sensitivity.outcome;
		const show = (x: number) => (sensitivity.outcome === 'runway' ? formatPercent(x) : formatValue(x));
		out.push(`What drives the ${outcome} (inputs at their P10 vs P90, from the same trials):`);
		const rows = [['input', 'when low', 'when high', 'rank corr.']];
		for (const input of sensitivity.inputs.slice(0, 5)) {
			rows.push([
				input.cell,
				`${show(input.low.mean)} (≤ ${value(input.cell, input.low.upTo)})`,
				`${show(input.high.mean)} (≥ ${value(input.cell, input.high.from)})`,
				input.spearman.toFixed(2)
			]);
		}
		out.push(...table(rows), '');
	}

	const events = Object.entries(report.events);
	if (events.length > 0) {
		out.push('Events:');
		const rows = [['event', `by cycle ${report.horizon}`, 'median first cycle']];
		for (const [name, event] of events) rows.push([name, formatPercent(event.byCycle[report.horizon]), when(event.p50)]);
		out.push(...table(rows), '');
	}
	return out.length === 0 ? '' : `\n${out.join('\n')}`;
}
