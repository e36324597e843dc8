// Which cell each error of the page belongs to. The reader's errors say it (`cellIndex`); the
// planner's and the run's name their cell, and a notebook that got that far has unique names.
import type { CellView } from '$lib/engine/notebook/cells';
import type { NotebookError } from '$lib/engine/types';

export type ErrorsOnCells = { byCell: Map<number, NotebookError[]>; general: NotebookError[] };

export function errorsOnCells(cells: CellView[], errors: NotebookError[]): ErrorsOnCells {
	const byName = new Map<string, number>();
	for (const cell of cells) if (cell.kind === 'sample' || cell.kind === 'formula' || cell.kind === 'stock') byName.set(cell.name, cell.index);
	const byCell = new Map<number, NotebookError[]>();
	const general: NotebookError[] = [];
	for (const error of errors) {
		const index =
			'cellIndex' in error ? (error.cellIndex as number | null) : error.cell === null ? null : (byName.get(error.cell) ?? null);
		if (index === null || index >= cells.length) general.push(error);
		else byCell.set(index, [...(byCell.get(index) ?? []), error]);
	}
	return { byCell, general };
}
