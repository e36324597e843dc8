// Two versions of a file side by side, for a save conflict: rows aligned on the lines they share
// (a longest common subsequence over lines, O(n·m), fine for notebook-sized files), with long
// runs of unchanged lines folded away.

export type DiffRow =
	| { kind: 'same'; text: string }
	/** A line only on the left (null right), only on the right (null left), or changed in place. */
	| { kind: 'changed'; left: string | null; right: string | null }
	| { kind: 'folded'; count: number };

export function sideBySide(left: string, right: string, context = 3): DiffRow[] {
	const x = left.split('\n');
	const y = right.split('\n');
	const n = x.length;
	const m = y.length;
	const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	const rows: DiffRow[] = [];
	let removed: string[] = [];
	let added: string[] = [];
	const flush = () => {
		for (let k = 0; k < Math.max(removed.length, added.length); k++) {
			rows.push({ kind: 'changed', left: removed[k] ?? null, right: added[k] ?? null });
		}
		removed = [];
		added = [];
	};
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && x[i] === y[j]) {
			flush();
			rows.push({ kind: 'same', text: x[i] });
			i++;
			j++;
		} else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) removed.push(x[i++]);
		else added.push(y[j++]);
	}
	flush();
	return fold(rows, context);
}

/** Keeps `context` unchanged lines around each change; longer runs become one folded row. */
function fold(rows: DiffRow[], context: number): DiffRow[] {
	const near = rows.map(() => false);
	rows.forEach((row, k) => {
		if (row.kind !== 'changed') return;
		for (let d = -context; d <= context; d++) if (k + d >= 0 && k + d < rows.length) near[k + d] = true;
	});
	const out: DiffRow[] = [];
	let hidden = 0;
	rows.forEach((row, k) => {
		if (near[k]) {
			if (hidden > 0) out.push({ kind: 'folded', count: hidden });
			hidden = 0;
			out.push(row);
		} else hidden++;
	});
	if (hidden > 0) out.push({ kind: 'folded', count: hidden });
	return out;
}
