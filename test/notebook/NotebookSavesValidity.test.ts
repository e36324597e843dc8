// Issue 14: a notebook with errors is saved all the same, and the save state says so.
import { describe, expect, it } from 'vitest';
import type { NotebookError } from '$lib/engine/types';
import type { ApiResult } from '$lib/notebook/notebookApi';
import { NotebookSaves, savedWithErrorsMessage, type SaveAnswer, type SaveState } from '$lib/notebook/NotebookSaves';

const unknown: NotebookError = { file: 'plan.yaml', line: 9, cell: 'cash', code: 'expression', message: "unknown name 'brun' — did you mean 'burn'?" };

function setup(answers: ApiResult<SaveAnswer>[]) {
	const states: SaveState[] = [];
	const files: { text: string; version: string }[] = [];
	const saves = new NotebookSaves(
		'plan.yaml',
		'v1',
		{ save: async () => answers.shift()!, create: async () => ({ ok: false, status: 500, message: 'unused' }) },
		{ state: (s) => states.push(s), saved: (f) => files.push(f) },
		() => 7
	);
	return { saves, states, files };
}

describe('saving a notebook with errors', () => {
	it('counts as saved (the text is the file now) and carries the errors', async () => {
		const { saves, states, files } = setup([{ ok: true, value: { version: 'v2', valid: false, errors: [unknown], errorCount: 1 } }]);
		expect(await saves.save('broken text')).toBe(true);
		expect(files).toEqual([{ text: 'broken text', version: 'v2' }]);
		expect(states.at(-1)).toEqual({ kind: 'saved', at: 7, errors: [unknown], errorCount: 1 });
		expect(saves.savedErrors).toEqual([unknown]);
		expect(savedWithErrorsMessage(saves.state)).toBe('Saved, with 1 error: the file is written, but the CLI will not run it until it is fixed');
	});

	it('a valid save is plain "saved", and clears the errors of the one before', async () => {
		const { saves, states } = setup([
			{ ok: true, value: { version: 'v2', valid: false, errors: [unknown, unknown], errorCount: 60 } },
			{ ok: true, value: { version: 'v3', valid: true, errors: [], errorCount: 0 } }
		]);
		await saves.save('broken');
		expect(savedWithErrorsMessage(saves.state)).toMatch(/^Saved, with 60 errors: .* until they are fixed$/);
		await saves.save('fixed');
		expect(states.at(-1)).toEqual({ kind: 'saved', at: 7 });
		expect(saves.savedErrors).toEqual([]);
		expect(savedWithErrorsMessage(saves.state)).toBeNull();
	});

	it('an older server that refuses (422) is still "invalid", not saved', async () => {
		const { saves, files } = setup([{ ok: false, status: 422, message: 'not saved', errors: [unknown] }]);
		expect(await saves.save('broken')).toBe(false);
		expect(saves.state).toEqual({ kind: 'invalid', errors: [unknown] });
		expect(files).toEqual([]);
	});
});
