// Series: one per (cell, cycle) — or one per sample cell, constant over cycles — numbered in
// cell order. Sketches and per-block sums are indexed by series.
import type { BlockValues } from './block';
import type { Plan } from './plan';

/** The first series of each cell. */
export function seriesOffsets(plan: Plan): number[] {
	let next = 0;
	return plan.cells.map((cell) => {
		const first = next;
		next += cell.kind === 'sample' ? 1 : plan.horizon + 1;
		return first;
	});
}

export function seriesCount(plan: Plan): number {
	return plan.cells.reduce((sum, cell) => sum + (cell.kind === 'sample' ? 1 : plan.horizon + 1), 0);
}

/** Calls `visit` with each series of a block: values[offset … offset + n). */
export function blockSeries(
	plan: Plan,
	block: BlockValues,
	visit: (series: number, values: Float64Array, offset: number, n: number) => void
): void {
	const offsets = seriesOffsets(plan);
	plan.cells.forEach((cell, c) => {
		const cycles = cell.kind === 'sample' ? 1 : plan.horizon + 1;
		for (let t = 0; t < cycles; t++) visit(offsets[c] + t, block.values[c], t * block.n, block.n);
	});
}
