// heldOffScreen: a chart off screen keeps what it drew while a run's preview is shown, and draws
// the latest as soon as it is on screen again or the complete report comes. The page's
// IntersectionObserver is replaced by one the test drives. (Runes in this file: it is compiled by
// Svelte, as its name ends in .svelte.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldOffScreen } from '../../src/lib/components/charts/offScreen.svelte';

type Entry = { target: Element; isIntersecting: boolean };
let report: ((entries: Entry[]) => void) | null = null;

beforeAll(() => {
	(globalThis as { IntersectionObserver?: unknown }).IntersectionObserver = class {
		constructor(callback: (entries: Entry[]) => void) {
			report = callback;
		}
		observe() {}
		unobserve() {}
	};
});
afterAll(() => {
	delete (globalThis as { IntersectionObserver?: unknown }).IntersectionObserver;
});

describe('heldOffScreen', () => {
	it('holds while off screen and held; the latest when on screen again or no longer held', () => {
		const node = {} as Element;
		let data = $state({ label: 'first' });
		let hold = $state(false);
		const drawn = heldOffScreen(
			() => data,
			() => hold
		);
		drawn.action(node);
		expect(drawn.current.label).toBe('first');
		// off screen, a preview: the chart keeps what it drew
		report!([{ target: node, isIntersecting: false }]);
		hold = true;
		data = { label: 'preview' };
		expect(drawn.current.label).toBe('first');
		// scrolled into view: the latest at once
		report!([{ target: node, isIntersecting: true }]);
		expect(drawn.current.label).toBe('preview');
		// off screen again, a newer preview held; the complete report is drawn off screen too
		report!([{ target: node, isIntersecting: false }]);
		data = { label: 'newer preview' };
		expect(drawn.current.label).toBe('preview');
		hold = false;
		data = { label: 'complete' };
		expect(drawn.current.label).toBe('complete');
	});

	it('draws the first data it gets even when held and off screen (nothing to keep yet)', () => {
		const drawn = heldOffScreen(
			() => 'only',
			() => true
		);
		expect(drawn.current).toBe('only');
	});
});
