// Which lines of two texts differ, for showing a save conflict side by side. A longest common
// subsequence over lines (O(n·m), fine for notebook-sized files).

export type DiffLine = { text: string; changed: boolean };

export function lineDiff(a: string, b: string): { left: DiffLine[]; right: DiffLine[] } {
	const x = a.split('\n');
	const y = b.split('\n');
	const n = x.length;
	const m = y.length;
	const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
		}
	}
	const keepX = new Array<boolean>(n).fill(false);
	const keepY = new Array<boolean>(m).fill(false);
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (x[i] === y[j]) {
			keepX[i++] = true;
			keepY[j++] = true;
		} else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
		else j++;
	}
	return {
		left: x.map((text, k) => ({ text, changed: !keepX[k] })),
		right: y.map((text, k) => ({ text, changed: !keepY[k] }))
	};
}
