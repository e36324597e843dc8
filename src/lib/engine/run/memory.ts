// What a run will hold in memory, estimated from its shape before anything is allocated, so an
// oversized run is refused with a clear message instead of failing (or swapping) half-way.
import { groupDigits } from '../digits';
import type { RunSpec } from '../block';
import { walk } from '../language/expression';
import { runLayout } from '../layout';
import type { Plan } from '../plan';
import { blockCount, trialsInBlock, trialsInBlocks } from '../rng';
import { PREVIEW_BLOCKS, SENSITIVITY_BLOCKS } from '../session';
import { sketchBytes } from '../sketch';

export type MemoryEstimate = { bytes: number; what: string };

/** The nodes of a plan's expressions: compiled, each keeps an array of a block's values (at most: a cell's or t's only points at them). */
function expressionNodes(plan: Plan): number {
	let count = 0;
	const roots = [...plan.cells.flatMap((cell) => (cell.init ? [cell.expr, cell.init] : [cell.expr])), ...plan.events.map((event) => event.expr)];
	for (const root of roots) walk(root, () => void count++);
	return count;
}

/** Bytes a run of `spec` on `workers` workers needs at its peak, and what dominates. */
export function runMemory(spec: RunSpec, workers: number): MemoryEstimate {
	const { series } = runLayout(spec);
	const variants = 1 + spec.variants.length;
	const trials = spec.trials;
	const threads = Math.max(1, workers);
	const blockTrials = trialsInBlock(0, trials);
	const samples = spec.plan.cells.filter((cell) => cell.kind === 'sample').length;
	// each worker writes a block while the previous one is on its way back (two blocks' arrays)
	const blocks = threads * 2 * series * blockTrials * 8;
	const firsts = variants * (1 + spec.plan.events.length) * trials * 4;
	// each worker compiles the reference and every variant for a block's trials (block.ts)
	const nodes = [spec.plan, ...spec.variants.map((variant) => variant.plan)].reduce((sum, plan) => sum + expressionNodes(plan), 0);
	const compiled = threads * nodes * blockTrials * 8;
	const compiledWhat = `the compiled formulas: ${groupDigits(nodes)} expression nodes × ${groupDigits(blockTrials)} trials in each of ${threads} threads`;
	if (spec.quantiles === 'exact') {
		const kept = series * trials * 8;
		return { bytes: blocks + firsts + kept + compiled, what: compiled > kept ? compiledWhat : `every value: ${groupDigits(series)} series × ${groupDigits(trials)} trials` };
	}
	// at most: a series rarely touches more than a few of its pages (sketch.ts)
	const sketches = (threads + 1) * sketchBytes(series);
	const sums = blockCount(trials) * series * 8;
	const previews = series * trialsInBlocks(PREVIEW_BLOCKS, trials) * 8;
	const sensitivity = (samples + 1) * trialsInBlocks(SENSITIVITY_BLOCKS, trials) * 8;
	return {
		bytes: blocks + firsts + sketches + sums + previews + sensitivity + compiled,
		what: compiled > sketches ? compiledWhat : `histograms of ${groupDigits(series)} series in each of ${threads + 1} threads`
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
