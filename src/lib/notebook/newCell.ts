// The cells that "Add cell" inserts: valid at once, with a name not yet taken.
import type { CellData } from '$lib/notebookText';

export type NewCellKind = 'md' | 'sample' | 'formula' | 'stock' | 'chart';

export const NEW_CELL_KINDS: { kind: NewCellKind; label: string; hint: string }[] = [
	{ kind: 'md', label: 'Text', hint: 'prose in Markdown' },
	{ kind: 'sample', label: 'Input', hint: 'an uncertain number, drawn once per trial' },
	{ kind: 'formula', label: 'Formula', hint: 'a value computed at every cycle' },
	{ kind: 'stock', label: 'Stock', hint: 'a value that carries over from cycle to cycle' },
	{ kind: 'chart', label: 'Chart', hint: 'a fan chart of cells' }
];

function freeCellName(stem: string, taken: string[]): string {
	const names = new Set(taken);
	if (!names.has(stem)) return stem;
	for (let n = 2; ; n++) if (!names.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

/** `names`: the notebook's cell names; `chartOf`: the cell a new chart shows. */
export function newCell(kind: NewCellKind, names: string[], chartOf: string | null): CellData {
	switch (kind) {
		case 'md':
			return { md: 'Write here what this part of the plan is about.\n' };
		case 'sample':
			return { name: freeCellName('new_input', names), sample: 'normal(100, 10)' };
		case 'formula':
			return { name: freeCellName('new_formula', names), formula: names.length > 0 ? `${names.at(-1)} * 1` : '1' };
		case 'stock': {
			const name = freeCellName('new_stock', names);
			return { name, init: '0', formula: `${name} + 1` };
		}
		case 'chart':
			return { chart: chartOf === null ? [] : [chartOf] };
	}
}
