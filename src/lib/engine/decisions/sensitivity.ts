// SPEC §4.5 Sensitivity: "One entry per sample cell that is not constant, in the scenario that was
// run, sorted by |high.mean − low.mean|, largest first. upTo: the input's 10th percentile (type
// 7); low.mean: the mean outcome over trials whose input is ≤ upTo. from: its 90th percentile;
// high.mean: the mean outcome over trials whose input is ≥ from. spearman: the rank correlation
// of input and outcome over all trials (ties get their average rank; 0 when the outcome is
// constant)."
//
// Large runs: it needs, per trial, every sample cell's value and the outcome (for `runway`, a 0/1
// from the first cycle out). It just takes arrays, so a caller that cannot keep every trial can
// pass the first M trials of each (the same M for all), and the figures are those of M trials.
import { quantilesInPlace } from '../stats';
import type { Sensitivity, SensitivityInput } from '../types';
import { averageRanks } from './ranks';

/** Pearson's correlation of two rank vectors of n values: both have mean (n + 1) / 2. */
function rankCorrelation(x: Float64Array, y: Float64Array): number {
	const n = x.length;
	const m = (n + 1) / 2;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = x[i] - m;
		const dy = y[i] - m;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	// A constant input or outcome has all ranks equal: no correlation to speak of.
	return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

function isConstant(values: Float64Array): boolean {
	for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
	return true;
}

/**
 * Which inputs move `outcome` (one value per trial, trial i pairing with each input's values[i]).
 * Inputs are left as they are; scratch space is a few arrays of n values.
 */
export function sensitivity(inputs: { cell: string; values: Float64Array }[], outcome: Float64Array, outcomeName: string): Sensitivity {
	const n = outcome.length;
	const outcomeRanks = averageRanks(outcome);
	const inputRanks = new Float64Array(n);
	const copy = new Float64Array(n);
	const entries: SensitivityInput[] = [];
	for (const { cell, values } of inputs) {
		if (values.length !== n) throw new Error(`sensitivity: input '${cell}' has ${values.length} values, the outcome ${n}`);
		if (isConstant(values)) continue;
		copy.set(values);
		const [upTo, from] = quantilesInPlace(copy, [0.1, 0.9]);
		let lowSum = 0;
		let lowCount = 0;
		let highSum = 0;
		let highCount = 0;
		for (let i = 0; i < n; i++) {
			if (values[i] <= upTo) {
				lowSum += outcome[i];
				lowCount++;
			}
			if (values[i] >= from) {
				highSum += outcome[i];
				highCount++;
			}
		}
		const spearman = rankCorrelation(averageRanks(values, inputRanks), outcomeRanks);
		// Both counts are ≥ 1: the type-7 P10 is at least the minimum, the P90 at most the maximum.
		entries.push({ cell, spearman, low: { upTo, mean: lowSum / lowCount }, high: { from, mean: highSum / highCount } });
	}
	// Array.prototype.sort is stable: ties keep the inputs' order.
	const swing = (e: SensitivityInput) => Math.abs(e.high.mean - e.low.mean);
	entries.sort((a, b) => swing(b) - swing(a));
	return { outcome: outcomeName, inputs: entries };
}
