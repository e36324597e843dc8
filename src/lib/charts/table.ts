// A cell's numbers cycle by cycle: P10, P50, P90 and the mean at every cycle, for a table on the
// page and for the clipboard (tab-separated, full precision: it pastes into a spreadsheet).
import type { CellSummary } from '../engine/types';
import { formatCycleTick, formatValue } from '../format';
import { isSymbolUnit } from './scales';

export const TABLE_COLUMNS = ['p10', 'p50', 'p90', 'mean'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

export type CellTable = {
	header: string[];
	/** One row per cycle: its tick ("M6") and the values formatted for people. */
	rows: { cycle: number; tick: string; values: string[] }[];
};

export function cellTable(summary: CellSummary, cycle: string, unit?: string): CellTable {
	const symbol = isSymbolUnit(unit) ? unit : undefined;
	return {
		header: ['cycle', 'P10', 'P50', 'P90', 'mean'],
		rows: summary.p50.map((_, t) => ({
			cycle: t,
			tick: formatCycleTick(t, cycle),
			values: TABLE_COLUMNS.map((k) => formatValue(summary[k][t], symbol))
		}))
	};
}

/** The same as tab-separated text: a header, then `cycle\tp10\tp50\tp90\tmean` per cycle, numbers unformatted. */
export function cellTableTsv(name: string, summary: CellSummary): string {
	const lines = [['cycle', `${name} P10`, `${name} P50`, `${name} P90`, `${name} mean`].join('\t')];
	summary.p50.forEach((_, t) => lines.push([t, ...TABLE_COLUMNS.map((k) => summary[k][t])].join('\t')));
	return lines.join('\n') + '\n';
}
