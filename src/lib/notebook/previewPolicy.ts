// When a run under way should show a preview. The first comes as soon as there are trials to show
// (a worker's quick first 100, made off this thread, or the first block), so that an edit shows on
// the charts at once. Later ones are made in the page's thread (the workers are busy with blocks)
// and cost about what a final report over their trials costs: they come when the trials ready
// have doubled since the last one, at most every `everyMs` and not sooner than ten times the last
// one's cost, so previews take at most about a tenth of the thread's time. None when the run is
// projected to end within `unlessDueMs` (before any block is in, as if the time so far were one
// block's): a preview would only delay it.
import type { RunProgress } from '$lib/engine/run/runner';
import type { Report } from '$lib/engine/types';

export type PreviewOptions = {
	/** the shortest time between previews (default 250 ms); the first comes at once */
	everyMs?: number;
	/** no preview when the run is projected to end within this many ms (default 0) */
	unlessDueMs?: number;
	/** milliseconds, rising (default Date.now) */
	clock?: () => number;
};

/** For one run: given each progress, the preview to show now, or null. */
export function previewPolicy({ everyMs = 250, unlessDueMs = 0, clock = Date.now }: PreviewOptions = {}): (progress: RunProgress) => Report | null {
	let nextAt = 1;
	let last = -Infinity;
	let cost = 0;
	return (progress) => {
		const { done, total, trialsReady } = progress;
		if (done >= total || trialsReady < nextAt) return null;
		const now = clock();
		if (now - last < Math.max(everyMs, 10 * cost)) return null;
		const remaining = (progress.elapsedMs * (total - done)) / Math.max(done, 1);
		if (remaining < unlessDueMs) return null;
		nextAt = 2 * trialsReady;
		const report = progress.preview();
		last = clock();
		cost = last - now;
		return report;
	};
}
