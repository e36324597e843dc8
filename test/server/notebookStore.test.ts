import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NotebookStore, type StoreResult } from '../../src/lib/server/notebookStore';
import { versionToken } from '../../src/lib/server/versionToken';
import { writeFileAtomic } from '../../src/lib/server/writeFileAtomic';

const VALID = `format: 1
title: Plan A
cycle: 1 month
horizon: 12
trials: 100
seed: 1
runway: cash
cells:
  - name: burn
    sample: uniform(1, 2)
  - name: cash
    init: 10
    formula: cash - burn
`;

// Structurally invalid (parseNotebook's business): a misspelt key and a horizon out of range.
const INVALID = VALID.replace('formula: cash - burn', 'formla: cash - burn').replace('horizon: 12', 'horizon: 0');

let root: string; // holds `dir` and a sibling folder outside it
let dir: string;
let store: NotebookStore;

beforeEach(async () => {
	root = await mkdtemp(join(tmpdir(), 'scalecast-store-'));
	dir = join(root, 'notebooks');
	await mkdir(dir);
	await writeFile(join(dir, 'a.yaml'), VALID);
	store = new NotebookStore({ dir });
});

afterEach(async () => {
	await rm(root, { recursive: true, force: true });
});

function value<T>(result: StoreResult<T>): T {
	if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}: ${result.message}`);
	return result.value;
}

const fileText = (name: string) => readFile(join(dir, name), 'utf8');

describe('list()', () => {
	test('lists every notebook with title, mtime and version, sorted by name', async () => {
		await writeFile(join(dir, 'b.yaml'), VALID.replace('Plan A', 'Plan B'));
		await utimes(join(dir, 'b.yaml'), new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:05Z'));
		const list = value(await store.list());
		expect(list.map((entry) => [entry.name, entry.title])).toEqual([['a.yaml', 'Plan A'], ['b.yaml', 'Plan B']]);
		expect(list[1].modified).toBe('2026-01-02T03:04:05.000Z');
		expect(list[0].version).toBe(versionToken(Buffer.from(VALID)));
		expect(list[0].error).toBeUndefined();
	});

	test('lists an unparsable or invalid file with an error and its file name as title, never hides it', async () => {
		await writeFile(join(dir, 'broken.yaml'), 'title: [unclosed\n');
		await writeFile(join(dir, 'invalid.yaml'), INVALID);
		const list = value(await store.list());
		const broken = list.find((entry) => entry.name === 'broken.yaml');
		expect(broken).toMatchObject({ title: 'broken.yaml', error: expect.any(String) });
		expect(broken?.version).toMatch(/^[0-9a-f]{64}$/);
		expect(list.find((entry) => entry.name === 'invalid.yaml')).toMatchObject({ title: 'Plan A', error: expect.stringMatching(/formla|horizon/) });
	});

	test('skips what is not a notebook: other extensions, dot files, temp files, the trash', async () => {
		await writeFile(join(dir, 'notes.txt'), 'x');
		await writeFile(join(dir, '.a.yaml.tmp-abc'), 'x');
		await writeFile(join(dir, '.hidden.yaml'), VALID);
		value(await store.duplicate('a.yaml', 'gone.yaml'));
		value(await store.delete('gone.yaml'));
		expect(value(await store.list()).map((entry) => entry.name)).toEqual(['a.yaml']);
	});

	test('reports a missing directory as an error value', async () => {
		const missing = new NotebookStore({ dir: join(root, 'nope') });
		expect(await missing.list()).toMatchObject({ kind: 'io', message: expect.stringContaining('cannot be opened') });
	});
});

describe('read(name) and save(name, text, baseVersion)', () => {
	test('round-trips: read, save, read again', async () => {
		const first = value(await store.read('a.yaml'));
		expect(first).toMatchObject({ name: 'a.yaml', text: VALID, version: versionToken(Buffer.from(VALID)) });
		const text = VALID.replace('horizon: 12', 'horizon: 24');
		const saved = value(await store.save('a.yaml', text, first.version));
		expect(saved.version).toBe(versionToken(Buffer.from(text)));
		expect(saved.version).not.toBe(first.version);
		const second = value(await store.read('a.yaml'));
		expect(second).toMatchObject({ text, version: saved.version });
		expect(await fileText('a.yaml')).toBe(text);
	});

	test('refuses a save based on a stale version and hands back the current text; the file is unchanged', async () => {
		const opened = value(await store.read('a.yaml'));
		const theirs = VALID.replace('Plan A', 'Plan A (theirs)');
		const theirVersion = value(await store.save('a.yaml', theirs, opened.version)).version;
		const result = await store.save('a.yaml', VALID.replace('Plan A', 'Plan A (mine)'), opened.version);
		expect(result).toMatchObject({ kind: 'conflict', currentText: theirs, currentVersion: theirVersion });
		expect(await fileText('a.yaml')).toBe(theirs);
	});

	test('detects a change made within the same mtime tick (the version is a hash, not a time)', async () => {
		const opened = value(await store.read('a.yaml'));
		const { mtime } = await stat(join(dir, 'a.yaml'));
		await writeFile(join(dir, 'a.yaml'), VALID.replace('seed: 1', 'seed: 2'));
		await utimes(join(dir, 'a.yaml'), mtime, mtime);
		expect((await store.save('a.yaml', VALID, opened.version)).kind).toBe('conflict');
	});

	test('saves an invalid notebook all the same, and says it is invalid with its errors', async () => {
		const opened = value(await store.read('a.yaml'));
		const result = value(await store.save('a.yaml', INVALID, opened.version));
		expect(result.valid).toBe(false);
		expect(result.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ file: 'a.yaml', line: 4, message: expect.stringContaining('horizon') }),
				expect.objectContaining({ file: 'a.yaml', cell: 'cash' })
			])
		);
		expect(await fileText('a.yaml')).toBe(INVALID);
		expect(value(await store.save('a.yaml', 'cells: [', result.version))).toMatchObject({ valid: false, errors: [expect.anything()] });
		expect(await fileText('a.yaml')).toBe('cells: [');
	});

	test('writes atomically: no temp file is left behind, the file mode is kept', async () => {
		const { mode } = await stat(join(dir, 'a.yaml'));
		let version = value(await store.read('a.yaml')).version;
		for (let i = 0; i < 5; i++) version = value(await store.save('a.yaml', VALID.replace('seed: 1', `seed: ${i + 10}`), version)).version;
		expect(await readdir(dir)).toEqual(['a.yaml']);
		expect((await stat(join(dir, 'a.yaml'))).mode).toBe(mode);
	});

	test('a write that fails at the rename leaves the target and no temp file', async () => {
		await mkdir(join(dir, 'folder.yaml'));
		await expect(writeFileAtomic(join(dir, 'folder.yaml'), Buffer.from(VALID))).rejects.toThrow();
		expect((await readdir(dir)).sort()).toEqual(['a.yaml', 'folder.yaml']);
	});

	test('serialises concurrent saves on the same base: one wins, the other gets a conflict', async () => {
		const base = value(await store.read('a.yaml')).version;
		const results = await Promise.all([1, 2, 3].map((seed) => store.save('a.yaml', VALID.replace('seed: 1', `seed: ${seed + 10}`), base)));
		expect(results.map((result) => result.kind).sort()).toEqual(['conflict', 'conflict', 'ok']);
		expect(await readdir(dir)).toEqual(['a.yaml']);
	});

	test('saving identical text keeps the version', async () => {
		const opened = value(await store.read('a.yaml'));
		expect(value(await store.save('a.yaml', VALID, opened.version)).version).toBe(opened.version);
	});

	test('reading or saving a missing notebook is not-found', async () => {
		expect((await store.read('nope.yaml')).kind).toBe('not-found');
		expect((await store.save('nope.yaml', VALID, 'x')).kind).toBe('not-found');
	});
});

describe('path safety', () => {
	const badNames = ['../x.yaml', 'a/b.yaml', '.hidden.yaml', '/etc/passwd.yaml', join(tmpdir(), 'x.yaml'), 'C:\\x.yaml', 'a..yaml', '', 'a.yml', 'a.yaml/', `${'x'.repeat(82)}.yaml`, '-x.yaml'];

	test.each(badNames)('refuses the name %j for every operation, with a message', async (name) => {
		const results = [
			await store.read(name),
			await store.save(name, VALID, 'x'),
			await store.create(name),
			await store.duplicate('a.yaml', name),
			await store.duplicate(name, 'copy.yaml'),
			await store.rename('a.yaml', name),
			await store.rename(name, 'b.yaml'),
			await store.delete(name),
			await store.restore(name)
		];
		for (const result of results) expect(result).toMatchObject({ kind: 'invalid-name', message: expect.stringMatching(/notebook name/) });
		expect(await readdir(dir)).toEqual(['a.yaml']);
	});

	test('refuses a symlink that leads outside the directory, and lists it with an error', async () => {
		await mkdir(join(root, 'outside'));
		await writeFile(join(root, 'outside', 'secret.yaml'), VALID);
		await symlink(join(root, 'outside', 'secret.yaml'), join(dir, 'link.yaml'));
		for (const result of [
			await store.read('link.yaml'),
			await store.save('link.yaml', VALID, versionToken(Buffer.from(VALID))),
			await store.duplicate('link.yaml', 'copy.yaml'),
			await store.rename('link.yaml', 'b.yaml'),
			await store.delete('link.yaml')
		]) {
			expect(result).toMatchObject({ kind: 'outside', message: expect.stringContaining('outside') });
		}
		expect(await readFile(join(root, 'outside', 'secret.yaml'), 'utf8')).toBe(VALID);
		expect(value(await store.list()).find((entry) => entry.name === 'link.yaml')).toMatchObject({ version: null, error: expect.stringContaining('outside') });
	});

	test('refuses a symlink through a relative path out of the directory', async () => {
		await writeFile(join(root, 'up.yaml'), VALID);
		await symlink('../up.yaml', join(dir, 'up.yaml'));
		expect((await store.read('up.yaml')).kind).toBe('outside');
	});

	test('follows a symlink that stays inside the directory, writing through it', async () => {
		await symlink('a.yaml', join(dir, 'alias.yaml'));
		const opened = value(await store.read('alias.yaml'));
		const text = VALID.replace('seed: 1', 'seed: 7');
		value(await store.save('alias.yaml', text, opened.version));
		expect(await fileText('a.yaml')).toBe(text);
	});

	test('renames and deletes an inside symlink as a link, leaving its target alone', async () => {
		await symlink('a.yaml', join(dir, 'alias.yaml'));
		value(await store.rename('alias.yaml', 'other.yaml'));
		expect(value(await store.read('other.yaml')).text).toBe(VALID);
		value(await store.delete('other.yaml'));
		expect(await readdir(dir)).toEqual(['.trash', 'a.yaml']);
		expect(await fileText('a.yaml')).toBe(VALID);
	});

	test('works when the directory itself is reached through a symlink', async () => {
		await symlink(dir, join(root, 'via-link'));
		const viaLink = new NotebookStore({ dir: join(root, 'via-link') });
		expect(value(await viaLink.read('a.yaml')).text).toBe(VALID);
	});
});

describe('create, duplicate, rename', () => {
	test('create(name) copies the default template, titled after the file', async () => {
		await copyFile(new URL('../../simulations/social-network-mvp.yaml', import.meta.url), join(dir, 'social-network-mvp.yaml'));
		const created = value(await store.create('My plan.yaml'));
		expect(created.text).toContain('title: My plan\n');
		expect(created.text.replace('title: My plan\n', '')).toBe((await fileText('social-network-mvp.yaml')).replace('title: Social network MVP\n', ''));
		expect(created.version).toBe(versionToken(Buffer.from(created.text)));
	});

	test('create(name) without the default template makes a valid blank notebook', async () => {
		const created = value(await store.create('blank.yaml'));
		expect(created.text).toContain('title: blank');
		expect(value(await store.list()).find((entry) => entry.name === 'blank.yaml')?.error).toBeUndefined();
	});

	test('create(name, template) copies that template; a missing one is not-found', async () => {
		expect(value(await store.create('b.yaml', 'a.yaml')).text).toBe(VALID.replace('title: Plan A', 'title: b'));
		expect((await store.create('c.yaml', 'nope.yaml')).kind).toBe('not-found');
	});

	test('create refuses to overwrite an existing notebook', async () => {
		expect(await store.create('a.yaml')).toMatchObject({ kind: 'exists' });
		expect(await fileText('a.yaml')).toBe(VALID);
	});

	test('duplicate(name, newName) copies byte for byte but for a "(copy)" title, and refuses an existing target', async () => {
		expect(value(await store.duplicate('a.yaml', 'b.yaml')).text).toBe(VALID.replace('title: Plan A', 'title: Plan A (copy)'));
		await writeFile(join(dir, 'c.yaml'), 'keep me');
		expect(await store.duplicate('a.yaml', 'c.yaml')).toMatchObject({ kind: 'exists' });
		expect(await fileText('c.yaml')).toBe('keep me');
		expect(await store.duplicate('nope.yaml', 'd.yaml')).toMatchObject({ kind: 'not-found' });
	});

	test('rename(name, newName) moves the file', async () => {
		expect(value(await store.rename('a.yaml', 'b.yaml'))).toMatchObject({ name: 'b.yaml', text: VALID });
		expect(await readdir(dir)).toEqual(['b.yaml']);
	});

	test('rename onto an existing notebook is refused and both files are unchanged', async () => {
		await writeFile(join(dir, 'b.yaml'), 'other');
		expect(await store.rename('a.yaml', 'b.yaml')).toMatchObject({ kind: 'exists', message: expect.stringContaining('b.yaml') });
		expect(await fileText('a.yaml')).toBe(VALID);
		expect(await fileText('b.yaml')).toBe('other');
	});
});

describe('delete(name) and restore(name)', () => {
	test('delete moves the file into .trash/ and restore brings it back', async () => {
		const deleted = value(await store.delete('a.yaml'));
		expect(deleted.name).toBe('a.yaml');
		expect(await readdir(dir)).toEqual(['.trash']);
		expect(await readFile(join(dir, '.trash', deleted.trashed), 'utf8')).toBe(VALID);
		expect(value(await store.listTrash())).toEqual([deleted]);
		expect(value(await store.restore('a.yaml'))).toMatchObject({ name: 'a.yaml', text: VALID });
		expect(await fileText('a.yaml')).toBe(VALID);
		expect(value(await store.listTrash())).toEqual([]);
	});

	test('deleting twice keeps both copies; restore brings back the latest', async () => {
		value(await store.delete('a.yaml'));
		await writeFile(join(dir, 'a.yaml'), 'second');
		value(await store.delete('a.yaml'));
		expect((await readdir(join(dir, '.trash'))).length).toBe(2);
		expect(value(await store.restore('a.yaml')).text).toBe('second');
		expect(value(await store.listTrash()).map((entry) => entry.name)).toEqual(['a.yaml']);
	});

	test('restore refuses when the name is taken again, or nothing was deleted', async () => {
		value(await store.delete('a.yaml'));
		await writeFile(join(dir, 'a.yaml'), 'new');
		expect(await store.restore('a.yaml')).toMatchObject({ kind: 'exists' });
		expect(await fileText('a.yaml')).toBe('new');
		expect(await store.restore('b.yaml')).toMatchObject({ kind: 'not-found' });
	});

	test('delete of a missing notebook is not-found', async () => {
		expect(await store.delete('nope.yaml')).toMatchObject({ kind: 'not-found' });
	});
});
