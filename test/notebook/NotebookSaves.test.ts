import { describe, expect, it } from 'vitest';
import type { NotebookError } from '$lib/engine/types';
import type { ApiResult } from '$lib/notebook/notebookApi';
import { NotebookSaves, type NotebookStore, type SavedFile, type SaveState } from '$lib/notebook/NotebookSaves';

/** A store that answers from a queue, recording every call. */
function fakeStore(answers: ApiResult<{ version: string; name?: string }>[]) {
	const calls: string[][] = [];
	const store: NotebookStore = {
		save: async (name, text, baseVersion) => {
			calls.push(['save', name, text, baseVersion]);
			return answers.shift() ?? { ok: false, status: 500, message: 'no answer' };
		},
		create: async (name) => {
			calls.push(['create', name]);
			const answer = answers.shift() ?? { ok: false, status: 500, message: 'no answer' };
			return answer.ok ? { ok: true, value: { name, version: answer.value.version } } : answer;
		}
	};
	return { store, calls };
}

function setup(answers: ApiResult<{ version: string }>[]) {
	const { store, calls } = fakeStore(answers);
	const states: SaveState[] = [];
	const files: SavedFile[] = [];
	const saves = new NotebookSaves('plan.yaml', 'v1', store, { state: (s) => states.push(s), saved: (f) => files.push(f) }, () => 42);
	return { saves, calls, states, files };
}

const invalid: NotebookError = { file: 'plan.yaml', line: 2, cell: null, code: 'schema', message: 'missing title' };

describe('NotebookSaves', () => {
	it('saves over the version it started from, then from the new one', async () => {
		const { saves, calls, states, files } = setup([{ ok: true, value: { version: 'v2' } }, { ok: true, value: { version: 'v3' } }]);
		expect(await saves.save('text A')).toBe(true);
		expect(states).toEqual([{ kind: 'saving' }, { kind: 'saved', at: 42 }]);
		expect(files).toEqual([{ text: 'text A', version: 'v2' }]);
		await saves.save('text B');
		expect(calls).toEqual([
			['save', 'plan.yaml', 'text A', 'v1'],
			['save', 'plan.yaml', 'text B', 'v2']
		]);
	});

	it('shows a conflict with both texts; keepMine saves over theirs, takeTheirs continues from it', async () => {
		const theirs = { text: 'their text', version: 'v9' };
		const { saves, calls, files } = setup([
			{ ok: false, status: 409, message: 'changed', conflict: theirs },
			{ ok: true, value: { version: 'v10' } }
		]);
		expect(await saves.save('my text')).toBe(false);
		expect(saves.state).toEqual({ kind: 'conflict', theirs, mine: 'my text' });
		expect(saves.takeTheirs()).toEqual(theirs);
		expect(saves.state).toEqual({ kind: 'idle' });
		expect(files).toEqual([theirs]);
		expect(saves.takeTheirs()).toBeNull();

		// the next save starts from the version on disk
		await saves.save('my text');
		expect(calls[1]).toEqual(['save', 'plan.yaml', 'my text', 'v9']);
	});

	it('keepMine overwrites knowing the version on disk', async () => {
		const theirs = { text: 'their text', version: 'v9' };
		const { saves, calls } = setup([
			{ ok: false, status: 409, message: 'changed', conflict: theirs },
			{ ok: true, value: { version: 'v10' } }
		]);
		await saves.save('mine');
		expect(await saves.keepMine('mine')).toBe(true);
		expect(calls[1]).toEqual(['save', 'plan.yaml', 'mine', 'v9']);
		expect(saves.state).toEqual({ kind: 'saved', at: 42 });
	});

	it('copyMine saves my text as a new notebook', async () => {
		const theirs = { text: 'their text', version: 'v9' };
		const { saves, calls } = setup([
			{ ok: false, status: 409, message: 'changed', conflict: theirs },
			{ ok: true, value: { version: 'c1' } },
			{ ok: true, value: { version: 'c2' } }
		]);
		expect(await saves.copyMine('copy.yaml', 'mine')).toEqual({ ok: false, message: 'there is no conflict to resolve' });
		await saves.save('mine');
		expect(await saves.copyMine('copy.yaml', 'mine')).toEqual({ ok: true, name: 'copy.yaml' });
		expect(calls.slice(1)).toEqual([
			['create', 'copy.yaml'],
			['save', 'copy.yaml', 'mine', 'c1']
		]);
	});

	it('shows an invalid notebook\'s errors and any other refusal\'s message; an edit clears them', async () => {
		const { saves, files } = setup([
			{ ok: false, status: 422, message: 'invalid', errors: [invalid] },
			{ ok: false, status: 0, message: 'the server cannot be reached' }
		]);
		expect(await saves.save('bad')).toBe(false);
		expect(saves.state).toEqual({ kind: 'invalid', errors: [invalid] });
		saves.edited();
		expect(saves.state).toEqual({ kind: 'idle' });
		await saves.save('bad');
		expect(saves.state).toEqual({ kind: 'failed', message: 'the server cannot be reached' });
		saves.dismiss();
		expect(saves.state).toEqual({ kind: 'idle' });
		expect(files).toEqual([]);
	});

	it('does not start a second save while one is under way', async () => {
		const { saves, calls } = setup([{ ok: true, value: { version: 'v2' } }]);
		const first = saves.save('a');
		expect(await saves.save('b')).toBe(false);
		await first;
		expect(calls).toHaveLength(1);
	});
});
