// Numbers formatted for people: 1.2M, $340k, 18 months. Shared by the CLI and the page.

/** 10000000 → "10,000,000", the same everywhere and without loading ICU (toLocaleString). */
export { groupDigits } from './engine/digits';

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

/**
 * A value with its unit: currencies go before the number ($340k); `%` means the value is a fraction
 * shown as a percentage (0.02 → "2%"), `×` a multiple (2.5 → "2.5×"); others follow after a space.
 */
export function formatValue(x: number, unit?: string): string {
	if (unit === '%') return `${formatNumber(x * 100)}%`;
	const number = formatNumber(x);
	if (!unit) return number;
	if (unit === '$' || unit === '€' || unit === '£') return number.startsWith('−') ? `−${unit}${number.slice(1)}` : `${unit}${number}`;
	if (unit === '×') return `${number}×`;
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
	// Near 0 and 100 a decimal shows that it is not quite none or all; one that would round to
	// 0.0 or 100.0 says so instead.
	if (pct > 0 && pct < 1) return pct < 0.05 ? '< 0.1%' : `${pct.toFixed(1)}%`;
	if (pct < 100 && pct > 99) return pct >= 99.95 ? '> 99.9%' : `${pct.toFixed(1)}%`;
	return `${Math.round(pct)}%`;
}

const CYCLE_TEXT = /^\s*(\d+)\s*(day|week|month|quarter)s?\s*$/i;
const CYCLE_LETTER: Record<string, string> = { day: 'D', week: 'W', month: 'M', quarter: 'Q' };

/** A report's cycle text ("2 weeks") as a count and a unit; null when it is not of that form. */
export function parseCycleText(cycle: string): { count: number; unit: 'day' | 'week' | 'month' | 'quarter' } | null {
	const match = CYCLE_TEXT.exec(cycle);
	if (!match || !(Number(match[1]) >= 1)) return null;
	return { count: Number(match[1]), unit: match[2].toLowerCase() as 'day' | 'week' | 'month' | 'quarter' };
}

/** The time elapsed at a cycle, in the cycle's unit: cycle 3 of "2 weeks" is week 6. */
function elapsed(cycleIndex: number, cycle: string): { amount: string; unit: string | null } {
	const parsed = parseCycleText(cycle);
	const amount = parsed ? cycleIndex * parsed.count : cycleIndex;
	// Whole counts stay exact ("D1095", not "D1.1k"); a fractional cycle (mid-cycle tick) is rounded.
	const text = Number.isInteger(amount) ? String(amount) : formatNumber(amount);
	return { amount: text, unit: parsed ? parsed.unit : null };
}

/** A short axis label for a cycle, counted in the cycle's unit from the start: "M6", "W4", "Q2", "D30". */
export function formatCycleTick(cycleIndex: number, cycle: string): string {
	const { amount, unit } = elapsed(cycleIndex, cycle);
	return `${unit ? CYCLE_LETTER[unit] : ''}${amount}`;
}

/** A cycle for a tooltip: "month 6", "week 4"; "cycle 6" when the cycle text is not understood. */
export function formatCycleName(cycleIndex: number, cycle: string): string {
	const { amount, unit } = elapsed(cycleIndex, cycle);
	return `${unit ?? 'cycle'} ${amount}`;
}
