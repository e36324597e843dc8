import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../../src/lib/engine/notebook/readNotebook';

const text = (events: string) =>
	`format: 1\ntitle: T\ncells:\n  - name: revenue\n    formula: 10\n  - name: costs\n    formula: 5\n${events}`;

describe('events: (SPEC §4.2)', () => {
	it('reads each event with its condition as written and its line; none without events', () => {
		const parsed = parseNotebook(text('events:\n  breakeven: revenue >= costs\n  always: 1\n'), 'f');
		if (!parsed.ok) throw new Error(parsed.errors[0].message);
		expect(parsed.value.events).toEqual([
			{ name: 'breakeven', condition: 'revenue >= costs', line: 9 },
			{ name: 'always', condition: '1', line: 10 }
		]);
		const none = parseNotebook(text(''), 'f');
		expect(none.ok && none.value.events).toEqual([]);
		const empty = parseNotebook(text('events:\n'), 'f');
		expect(empty.ok && empty.value.events).toEqual([]);
	});

	it('does not check the condition itself (the planner does)', () => {
		const parsed = parseNotebook(text('events:\n  odd: nobody > normal(1, 2)\n'), 'f');
		expect(parsed.ok).toBe(true);
	});

	it('rejects an event named like a cell, a reserved name or not a name, naming the event and its line', () => {
		const parsed = parseNotebook(text("events:\n  revenue: revenue > 1\n  pi: revenue > 2\n  '2x': revenue > 3\n  empty: ''\n"), 'f');
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.map((e) => [e.line, e.cell, e.cellIndex, e.code, e.message])).toEqual([
			[9, null, null, 'schema', "event 'revenue' has the name of a cell — give the event another name"],
			[10, null, null, 'schema', "event 'pi': 'pi' is a built-in name of the expression language — pick another name"],
			[11, null, null, 'schema', "event '2x': name '2x' must start with a letter"],
			[12, null, null, 'schema', "the condition of event 'empty' must not be empty"]
		]);
	});

	it('rejects events that are not a map', () => {
		const parsed = parseNotebook(text('events: [a, b]\n'), 'f');
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors[0].message).toBe("events must map event names to conditions such as 'revenue >= costs', not a list");
	});
});
