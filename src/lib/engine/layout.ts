// What a run keeps per trial, as groups of series. A series is one quantity at one cycle over the
// trials (a sample cell has one series, constant over cycles); sketches and per-block sums are
// indexed by series. Groups, in order: the reference's cells; the funding need at each cycle;
// then per compared variant its reached cells and their paired differences from the reference.
import type { RunSpec } from './block';

export type Group =
	/** a cell's values in a variant (0: the reference) */
	| { kind: 'cell'; variant: number; cell: number; cycles: number }
	/** X(variant) − X(reference) of a reached cell, trial by trial */
	| { kind: 'delta'; variant: number; cell: number; cycles: number }
	/** the money that, added at cycle k, keeps the runway cell ≥ 0 (+∞: too late) */
	| { kind: 'funding'; cycles: number };

export type RunLayout = {
	groups: Group[];
	/** the first series of each group */
	offsets: number[];
	series: number;
	/** per variant (0: the reference), the group of each cell's own values, or -1 where it is the reference's */
	cellGroup: number[][];
	/** per variant ≥ 1, the delta group of each reached cell, or -1 */
	deltaGroup: number[][];
	funding: number;
};

type Shape = Pick<RunSpec, 'plan' | 'variants' | 'fundingThrough'>;

export function runLayout(spec: Shape): RunLayout {
	const { plan } = spec;
	const cyclesOf = (cell: number) => (plan.cells[cell].kind === 'sample' ? 1 : plan.horizon + 1);
	const groups: Group[] = [];
	const add = (group: Group) => groups.push(group) - 1;
	const cellGroup: number[][] = [plan.cells.map((_, cell) => add({ kind: 'cell', variant: 0, cell, cycles: cyclesOf(cell) }))];
	const funding = spec.fundingThrough === null ? -1 : add({ kind: 'funding', cycles: plan.horizon + 1 });
	const deltaGroup: number[][] = [plan.cells.map(() => -1)];
	spec.variants.forEach((variant, v) => {
		const own = plan.cells.map(() => -1);
		const delta = plan.cells.map(() => -1);
		variant.reached.forEach((reached, cell) => {
			if (!reached) return;
			// an override keeps the cell's kind (SPEC §1), so its series are the reference's
			own[cell] = add({ kind: 'cell', variant: v + 1, cell, cycles: cyclesOf(cell) });
			delta[cell] = add({ kind: 'delta', variant: v + 1, cell, cycles: cyclesOf(cell) });
		});
		cellGroup.push(own);
		deltaGroup.push(delta);
	});
	const offsets: number[] = [];
	let series = 0;
	for (const group of groups) {
		offsets.push(series);
		series += group.cycles;
	}
	return { groups, offsets, series, cellGroup, deltaGroup, funding };
}
