// What a run will hold in memory, estimated from its shape before anything is allocated, so an
// oversized run is refused with a clear message instead of failing (or swapping) half-way.
import { blockCount } from '../accumulator';
import { groupDigits } from '../digits';
import type { RunSpec } from '../block';
import { runLayout } from '../layout';
import { BLOCK_SIZE } from '../rng';
import { PREVIEW_BLOCKS, SENSITIVITY_BLOCKS } from '../session';
import { sketchBytes } from '../sketch';

export type MemoryEstimate = { bytes: number; what: string };

/** Bytes a run of `spec` on `workers` workers needs at its peak, and what dominates. */
export function runMemory(spec: RunSpec, workers: number): MemoryEstimate {
	const { series } = runLayout(spec);
	const variants = 1 + spec.variants.length;
	const trials = spec.trials;
	const samples = spec.plan.cells.filter((cell) => cell.kind === 'sample').length;
	// each worker writes a block while the previous one is on its way back (two blocks' arrays)
	const blocks = Math.max(1, workers) * 2 * series * Math.min(trials, BLOCK_SIZE) * 8;
	const firsts = variants * (1 + spec.plan.events.length) * trials * 4;
	if (spec.quantiles === 'exact') {
		const kept = series * trials * 8;
		return { bytes: blocks + firsts + kept, what: `every value: ${groupDigits(series)} series × ${groupDigits(trials)} trials` };
	}
	// at most: a series rarely touches more than a few of its pages (sketch.ts)
	const sketches = (Math.max(1, workers) + 1) * sketchBytes(series);
	const sums = blockCount(trials) * series * 8;
	const previews = series * Math.min(trials, PREVIEW_BLOCKS * BLOCK_SIZE) * 8;
	const sensitivity = (samples + 1) * Math.min(trials, SENSITIVITY_BLOCKS * BLOCK_SIZE) * 8;
	return {
		bytes: blocks + firsts + sketches + sums + previews + sensitivity,
		what: `histograms of ${groupDigits(series)} series in each of ${Math.max(1, workers) + 1} threads`
	};
}

/** "1.2 GB": a byte count for people. */
export function formatBytes(bytes: number): string {
	const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${value >= 100 || unit === 0 ? Math.round(value) : Number(value.toPrecision(2))} ${units[unit]}`;
}
