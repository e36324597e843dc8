// Results off screen skip a run's previews. A preview redraws every chart of the page, and a
// notebook has a sparkline or a histogram and its figures for each of its ~80 cells, most of them
// below the fold: drawing them all held the page's thread for ~150 ms on each edit before the
// first chart showed, and every changed number made the browser lay out the page again. What a
// cell shows is held while it is off screen and `hold` is true; the latest shows as soon as it
// scrolls into view or `hold` ends (the run's complete report).
type Watch = (visible: boolean) => void;

let observer: IntersectionObserver | null = null;
const watches = new WeakMap<Element, Watch>();

/** One observer for the page; a chart within 200 px of the viewport counts as on screen. */
function observe(node: Element, watch: Watch): () => void {
	if (typeof IntersectionObserver === 'undefined') return () => {};
	observer ??= new IntersectionObserver(
		(entries) => {
			for (const entry of entries) watches.get(entry.target)?.(entry.isIntersecting);
		},
		{ rootMargin: '200px 0px' }
	);
	watches.set(node, watch);
	observer.observe(node);
	return () => {
		observer?.unobserve(node);
		watches.delete(node);
	};
}

/**
 * `data()`, except while `hold()` is true and the element given to `action` is off screen: then
 * what it was when last shown (the same object, so nothing derived from it is built again).
 * Before anything was shown, and on the server, the latest.
 */
export function heldOffScreen<T>(data: () => T, hold: () => boolean): { readonly current: T; action: (node: Element) => { destroy: () => void } } {
	let visible = $state(true);
	let shown: { value: T } | null = null;
	const current = $derived.by(() => {
		const next = data();
		if (shown !== null && hold() && !visible) return shown.value;
		shown = { value: next };
		return next;
	});
	return {
		get current() {
			return current;
		},
		action: (node) => ({ destroy: observe(node, (now) => (visible = now)) })
	};
}
