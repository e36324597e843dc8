// The top-level `events:` map (SPEC §4.2): a name and a condition per event. The condition stays
// text here; the planner compiles and checks it.
import { nameProblem } from '../language/names';
import type { Notebook } from '../types';
import { checkExpression } from './check';
import type { DeclaredCells } from './scenarios';
import type { PlainMap } from './schema';
import { keyLineOf, report, type ReadContext } from './yamlLines';

/** Each event with its condition and line; the ones with errors are reported and left out. */
export function readEvents(context: ReadContext, raw: PlainMap, declared: DeclaredCells): Notebook['events'] {
	const events: Notebook['events'] = [];
	for (const [name, rawCondition] of Object.entries(raw)) {
		const line = keyLineOf(context, ['events'], name) ?? 1;
		const problem = nameProblem(name);
		if (problem !== null) {
			report(context, line, null, `event '${name}': ${problem}`);
			continue;
		}
		if (declared.has(name)) {
			report(context, line, null, `event '${name}' has the name of a cell — give the event another name`);
			continue;
		}
		const condition = checkExpression(context, rawCondition, ['events', name], null, `the condition of event '${name}'`, 'revenue >= costs');
		if (condition !== null) events.push({ name, condition, line });
	}
	return events;
}
