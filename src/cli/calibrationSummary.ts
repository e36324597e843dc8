// The cycle review (SPEC §4.6): each actual against the forecast with a plain verdict, how many
// trials the re-plan rests on, the runway before and after, and what the actuals teach about the
// inputs.
import type { Notebook, Report } from '../lib/engine/types';
import { formatCycles, formatPercent, formatValue, groupDigits } from '../lib/format';
import { table } from './table';

/** Below this effective sample size the posterior rests on too few trials to trust. */
export const LOW_ESS = 100;

/** Where an actual falls: inside the forecast's 90% band, or which way out of it. */
export function verdict(percentile: number): string {
	if (percentile < 0.05) return 'below the 90% band: lower than planned';
	if (percentile > 0.95) return 'above the 90% band: higher than planned';
	return 'inside the 90% band';
}

export function formatCalibration(report: Report, notebook: Notebook): string {
	const calibration = report.calibration;
	if (!calibration) return '';
	const units = new Map<string, string | undefined>();
	for (const cell of notebook.cells) if ('name' in cell) units.set(cell.name, cell.unit);
	const value = (cell: string, x: number) => formatValue(x, units.get(cell));
	const when = (v: number | null) => formatCycles(v, report.cycle, report.horizon);
	// a unit written out (per month) goes once after the range; a symbol ($, %) on each number
	const range = (cell: string, r: { p5: number; p50: number; p95: number }) => {
		const unit = units.get(cell);
		const symbol = unit === undefined || ['$', '€', '£', '%'].includes(unit);
		const v = (x: number) => (symbol ? value(cell, x) : formatValue(x));
		return `${v(r.p50)} (${v(r.p5)}–${v(r.p95)})${symbol ? '' : ` ${unit}`}`;
	};
	const out = ['', 'Cycle review: the actuals against the forecast'];
	const rows = [['cell', 'cycle', 'actual', 'forecast P50 (P5–P95)', 'percentile', 'verdict']];
	for (const point of calibration.points) {
		const s = report.cells[point.cell];
		const t = point.cycle;
		rows.push([
			point.cell,
			String(t),
			value(point.cell, point.actual),
			range(point.cell, { p5: s.p5[t], p50: s.p50[t], p95: s.p95[t] }),
			formatPercent(point.percentile),
			verdict(point.percentile)
		]);
	}
	out.push(...table(rows));
	out.push(`The re-plan rests on an effective ${groupDigits(calibration.ess)} of ${groupDigits(report.trials)} trials.`);
	const before = report.runway;
	const after = calibration.posterior.runway;
	if (before && after) {
		out.push(
			`Runway before → after the actuals: P10 ${when(before.p10)} → ${when(after.p10)}, P50 ${when(before.p50)} → ${when(after.p50)}; ` +
				`chance of running out by cycle ${report.horizon} ${formatPercent(1 - before.survives)} → ${formatPercent(1 - after.survives)}`
		);
	}
	const moved = calibration.inputs.filter((input) => input.prior.p95 > input.prior.p5);
	if (moved.length > 0) {
		out.push('', 'What the actuals teach about the inputs (median and 90% range):');
		const inputRows = [['input', 'planned', 'given the actuals']];
		for (const input of moved) inputRows.push([input.cell, range(input.cell, input.prior), range(input.cell, input.posterior)]);
		out.push(...table(inputRows));
	}
	return `${out.join('\n')}\n`;
}

/** The warning for stderr when the posterior rests on too few trials; '' otherwise. */
export function lowEssWarning(report: Report): string {
	const ess = report.calibration?.ess;
	if (ess === undefined || ess >= LOW_ESS) return '';
	return `scalecast: warning: the re-plan rests on an effective ${ess.toFixed(1)} trials (below ${LOW_ESS}): the actuals lie far outside the forecast — widen the ranges or run more trials\n`;
}
