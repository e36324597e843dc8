// Which cells a compared variant changes, directly or through the cells that read them (SPEC §4.3:
// "a cell that nothing in the scenario reaches has d = 0 in every trial"). Only those are run
// again; every other cell is the reference's, trial by trial, at no cost.
import { references } from '../language/expression';
import type { Plan } from '../plan';

export function reachedCells(reference: Plan, variant: Plan): boolean[] {
	// JSON.stringify walks an expression recursively: bounded by the depth limit of a parsed
	// expression (LIMITS.depth in expression.ts); `references` walks without recursion.
	const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
	const reached = variant.cells.map((cell, c) => cell.kind !== reference.cells[c].kind || !same(cell.expr, reference.cells[c].expr) || !same(cell.init, reference.cells[c].init));
	// Who reads whom, at the same cycle or an earlier one, in the variant's expressions.
	const index = new Map(variant.cells.map((cell, c) => [cell.name, c]));
	const readers: number[][] = variant.cells.map(() => []);
	variant.cells.forEach((cell, c) => {
		for (const expr of [cell.expr, cell.init]) {
			if (!expr) continue;
			const { current, lagged } = references(expr);
			for (const name of [...current, ...lagged]) readers[index.get(name)!].push(c);
		}
	});
	const pending = reached.flatMap((r, c) => (r ? [c] : []));
	while (pending.length > 0) {
		for (const reader of readers[pending.pop()!]) {
			if (reached[reader]) continue;
			reached[reader] = true;
			pending.push(reader);
		}
	}
	return reached;
}
