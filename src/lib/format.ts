// Numbers formatted for people: 1.2M, $340k, 18 months. Shared by the CLI and the page.

const SUFFIXES: [number, string][] = [
	[1e12, 'T'],
	[1e9, 'B'],
	[1e6, 'M'],
	[1e3, 'k']
];

/** A compact number with about three significant digits: 1.23M, 340k, 12.5, 0.042. */
export function formatNumber(x: number): string {
	if (x === null || x === undefined || Number.isNaN(x)) return '–';
	if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
	const sign = x < 0 ? '−' : '';
	const a = Math.abs(x);
	for (const [scale, suffix] of SUFFIXES) {
		if (a >= scale * 0.9995) return sign + trim((a / scale).toPrecision(3)) + suffix;
	}
	if (a === 0) return '0';
	if (a >= 100) return sign + Math.round(a).toString();
	return sign + trim(a.toPrecision(3));
}

function trim(s: string): string {
	return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

/** A value with its unit: `$` and `%`-like units are attached, others follow after a space. */
export function formatValue(x: number, unit?: string): string {
	const number = formatNumber(x);
	if (!unit) return number;
	if (unit === '$' || unit === '€' || unit === '£') return number.startsWith('−') ? `−${unit}${number.slice(1)}` : `${unit}${number}`;
	if (unit === '%') return `${number}%`;
	return `${number} ${unit}`;
}

/** A number of cycles for people: "18 months", "1 week", "beyond 36 months". */
export function formatCycles(cycles: number | null, cycle: string, horizon?: number): string {
	const [, countText = '1', unitText = 'cycle'] = /^\s*(\d+)\s*([a-z]+?)s?\s*$/i.exec(cycle) ?? [];
	const perCycle = Number(countText);
	const plural = (n: number) => `${formatNumber(n)} ${unitText}${n === 1 ? '' : 's'}`;
	if (cycles === null) return horizon === undefined ? 'never' : `beyond ${plural(horizon * perCycle)}`;
	return plural(cycles * perCycle);
}

/** A probability as a percentage: 0.314 → "31%", small ones with a decimal: "0.4%". */
export function formatPercent(p: number): string {
	const pct = p * 100;
	if (pct > 0 && pct < 1) return `${pct.toFixed(1)}%`;
	if (pct < 100 && pct > 99) return `${pct.toFixed(1)}%`;
	return `${Math.round(pct)}%`;
}
