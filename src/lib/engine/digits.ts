// Whole numbers for people, the same text everywhere, without `toLocaleString`: its first call
// loads ICU's number formatting, about 20 ms of a CLI run that lasts a few hundred.

/** 10000000 → "10,000,000": a whole number below 1e21 (a fraction is rounded). */
export function groupDigits(n: number): string {
	const digits = String(Math.round(n));
	return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}
