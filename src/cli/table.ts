/** A plain-text table: a header row, columns padded to their widest cell, two spaces apart. */
export function table(rows: string[][]): string[] {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd());
}
