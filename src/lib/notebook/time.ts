// When something happened, for people: "just now", "5 min ago", "yesterday 14:02", "3 Mar 2026".

export function formatWhen(iso: string | number | null, now = Date.now()): string {
	if (iso === null) return 'unknown';
	const date = new Date(iso);
	const seconds = (now - date.getTime()) / 1000;
	if (Number.isNaN(seconds)) return 'unknown';
	if (seconds < 45) return 'just now';
	if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
	const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
	const today = new Date(now);
	if (date.toDateString() === today.toDateString()) return `today ${time}`;
	const yesterday = new Date(now - 86_400_000);
	if (date.toDateString() === yesterday.toDateString()) return `yesterday ${time}`;
	return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** A moment for people: "14:02" today, else "3 Mar 14:02". */
export function formatMoment(ms: number, now = Date.now()): string {
	const date = new Date(ms);
	const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
	if (date.toDateString() === new Date(now).toDateString()) return time;
	return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}
