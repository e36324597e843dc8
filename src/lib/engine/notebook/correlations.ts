// The top-level `correlations:` list (SPEC §4.7): pairs of sample cells with a target rank
// correlation, `[a, b, 0.5]`. What the file alone can tell is checked here, each at its line and
// naming the cells; the planner checks what needs the expressions (a correlated cell that names
// another cell) and the matrix as a whole (positive definite).
import { didYouMeanSuffix } from '../language/didYouMean';
import type { Correlation } from '../types';
import type { DeclaredCells } from './scenarios';
import { show } from './schema';
import { lineOf, report, type ReadContext } from './yamlLines';

const EXAMPLE = '[viral_rate, activation_rate, 0.5]';

/** Each valid pair, in file order; the others are reported and left out. */
export function readCorrelations(context: ReadContext, raw: unknown[], declared: DeclaredCells): Correlation[] {
	const pairs: Correlation[] = [];
	const seen = new Map<string, number>();
	raw.forEach((entry, i) => {
		const line = lineOf(context, ['correlations', i]) ?? lineOf(context, ['correlations']) ?? 1;
		const cellIndex = (name: unknown) => (typeof name === 'string' ? (declared.get(name)?.index ?? null) : null);
		if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
			report(context, line, null, `correlations: each entry is two sample cells and a target, such as ${EXAMPLE}, not ${show(entry)}`, 'schema', null);
			return;
		}
		const [a, b, target] = entry as [string, string, unknown];
		const where = `correlations: [${a}, ${b}, ${String(target)}]`;
		let ok = true;
		for (const name of [a, b]) {
			const known = declared.get(name);
			if (known === undefined) {
				report(context, line, name, `${where}: unknown cell '${name}'${didYouMeanSuffix(name, declared.keys())}`, 'schema', null);
				ok = false;
			} else if (known.cell !== null && known.cell.kind !== 'sample') {
				report(context, line, name, `${where}: '${name}' is a ${known.cell.kind} cell — only sample cells (drawn once per trial) can be correlated`, 'schema', known.index);
				ok = false;
			}
		}
		if (!ok) return;
		if (a === b) {
			report(context, line, a, `${where}: a cell is always perfectly correlated with itself — name two different cells`, 'schema', cellIndex(a));
			return;
		}
		if (typeof target !== 'number' || !Number.isFinite(target) || target < -1 || target > 1) {
			report(context, line, a, `${where}: the target rank correlation of '${a}' and '${b}' must be a number from −1 to 1, not ${show(target)}`, 'schema', cellIndex(a));
			return;
		}
		const key = [a, b].sort().join('\u0000');
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			report(context, line, a, `${where}: the pair '${a}' and '${b}' is named twice: on line ${earlier} and line ${line} — keep one`, 'schema', cellIndex(a));
			return;
		}
		seen.set(key, line);
		pairs.push({ a, b, target, line });
	});
	return pairs;
}
