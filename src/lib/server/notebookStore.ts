// The notebooks on disk: the `*.yaml` files of one directory. Saving never loses work:
//  - a save names the version it was based on and is refused when the file changed since
//    (compare-and-swap on a sha256 of the bytes), handing back the current text so both can be shown;
//  - a notebook with errors is saved all the same (typed work is never lost), and the answer says
//    so: `valid: false` with the errors the CLI would refuse it for (issue 14);
//  - writes are atomic (temp file, fsync, rename), so a crash leaves the old or the new file;
//  - delete moves the file into `.trash/`, from where `restore` brings it back.
// Every refusal is a value (`StoreError`); methods do not throw for anything a user can cause.

import { lstat, mkdir, open, readdir, readFile, realpath, rename, stat } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep, dirname } from 'node:path';
import type { NotebookError } from '$lib/engine/types';
import { updateSetting } from '$lib/notebookText';
import { checkNotebook, firstError, MAX_REPORTED_ERRORS } from './notebookCheck';
import { notebookNameProblem } from './notebookName';
import { STARTER_NOTEBOOK, STARTER_TEMPLATE } from './starterNotebook';
import { versionToken } from './versionToken';
import { moveNoReplace, writeFileAtomic } from './writeFileAtomic';

export type NotebookStoreOptions = {
	/** The directory whose `*.yaml` files are the notebooks. */
	dir: string;
	/** Template that `create` copies when given none; looked up in `dir`. */
	defaultTemplate?: string;
};

/** One notebook in `list()`. `version`/`modified` are null only when the file cannot be read at all. */
export type NotebookSummary = {
	name: string;
	/** The YAML `title`, or the file name when there is none or the file cannot be parsed. */
	title: string;
	/** Last change, ISO 8601 (the file's mtime). */
	modified: string | null;
	version: string | null;
	/** Why the file cannot be opened as a notebook, when it cannot; the file is listed anyway. */
	error?: string;
};

/** A notebook's contents and the version token to send back with the next save. */
export type NotebookDocument = { name: string; text: string; version: string; modified: string };

/**
 * A save's answer. `valid` false: the text was saved, but the CLI would refuse it for `errors`
 * (at most the first 50; `errorCount` has them all).
 */
export type SavedNotebook = { name: string; version: string; modified: string; valid: boolean; errors: NotebookError[]; errorCount: number };

export type TrashedNotebook = { name: string; /** File name inside `.trash/`. */ trashed: string; deletedAt: string };

export type StoreError =
	| { kind: 'invalid-name'; name: string; message: string }
	/** A symlink that leads out of the notebook directory. */
	| { kind: 'outside'; name: string; message: string }
	| { kind: 'not-found'; name: string; message: string }
	| { kind: 'exists'; name: string; message: string }
	/** The file changed since `baseVersion`: here is what it holds now. */
	| { kind: 'conflict'; name: string; message: string; currentText: string; currentVersion: string }
	| { kind: 'invalid'; name: string; message: string; errors: NotebookError[] }
	| { kind: 'io'; name: string; message: string };

export type StoreResult<T> = { kind: 'ok'; value: T } | StoreError;

export const DEFAULT_TEMPLATE = 'social-network-mvp.yaml';
export const TRASH_DIR = '.trash';

// Used by `create` when the default template is missing, so a new notebook can always be made.
const BLANK_NOTEBOOK = `format: 1
title: Untitled
cycle: 1 month
horizon: 24
trials: 10000
seed: 1
runway: cash
cells:
  - md: |
      ## Plan
      Monthly burn is uncertain; cash runs down from the first cycle.
  - name: burn
    sample: normal(40000, 5000)
    unit: per month
  - name: cash
    init: 500000
    formula: cash - burn
  - chart: [cash]
  - chart: runway
`;

// A trashed file is `<stamp>.<random>~<name>`: the stamp sorts by time, `~` is not allowed in names.
const TRASH_ENTRY = /^(\d{8}T\d{9}Z)\.[0-9a-f]+~(.+)$/;

/** What the list shows of a notebook's contents: its title (null: none) and first error. */
type CheckedText = { title: string | null; error?: string };

/** How many notebook versions the list remembers the check of. */
const SUMMARY_CACHE_SIZE = 512;

/** A located file: `path` is its entry in the directory, `real` the file it resolves to. */
type Located = { name: string; path: string; real: string };

export class NotebookStore {
	readonly dir: string;
	readonly defaultTemplate: string;
	// All changes run one after another, so a compare-and-swap cannot interleave with another
	// change from this process. (Other processes are only kept from tearing files, by the atomic
	// rename; a change they make in between shows up as a conflict on the next save.)
	#queue: Promise<unknown> = Promise.resolve();
	// The list's cache (see #summary): by file and stat, and by contents.
	#byFile = new Map<string, { key: string; summary: NotebookSummary }>();
	#byVersion = new Map<string, CheckedText>();
	#pending = new Map<string, Promise<NotebookSummary>>();

	constructor(options: NotebookStoreOptions) {
		this.dir = resolve(options.dir);
		this.defaultTemplate = options.defaultTemplate ?? DEFAULT_TEMPLATE;
	}

	/** Every notebook, sorted by file name; unreadable and invalid ones included, with `error`. */
	list(): Promise<StoreResult<NotebookSummary[]>> {
		return guard('', async () => {
			const dir = await this.#realDir();
			if (dir.kind !== 'ok') return dir;
			const entries = await readdir(dir.value, { withFileTypes: true });
			const names = entries
				.filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && notebookNameProblem(entry.name) === null)
				.map((entry) => entry.name)
				.sort((a, b) => a.localeCompare(b));
			const summaries = await Promise.all(names.map((name) => this.#summary(name)));
			const listed = new Set(names);
			for (const key of this.#byFile.keys()) if (!listed.has(key.slice(0, key.indexOf('\0')))) this.#byFile.delete(key);
			return ok(summaries);
		});
	}

	/** The text of a notebook and its version token. */
	read(name: string): Promise<StoreResult<NotebookDocument>> {
		return guard(name, async () => {
			const located = await this.#locateExisting(name);
			if (located.kind !== 'ok') return located;
			return ok(await readDocument(located.value));
		});
	}

	/**
	 * Replaces a notebook's text, if the file is still at `baseVersion`, valid notebook or not; the
	 * answer has the new version and whether the notebook is valid (with its errors when not).
	 * Writing back the current bytes is not a change (same version, no write).
	 */
	save(name: string, text: string, baseVersion: string): Promise<StoreResult<SavedNotebook>> {
		return this.#exclusive(name, async () => {
			const located = await this.#locateExisting(name);
			if (located.kind !== 'ok') return located;
			const current = await readDocument(located.value);
			if (current.version !== baseVersion) {
				return {
					kind: 'conflict',
					name,
					message: `${name} was changed since it was opened; reload it or keep your version`,
					currentText: current.text,
					currentVersion: current.version
				};
			}
			const checked = checkNotebook(text, name);
			const bytes = Buffer.from(text, 'utf8');
			const version = versionToken(bytes);
			this.#remember(`${name}\0${version}`, { title: checked.title, error: firstError(checked.errors) });
			if (version !== current.version) {
				const mode = (await stat(located.value.real)).mode & 0o7777;
				await writeFileAtomic(located.value.real, bytes, { mode });
			}
			const modified = (await stat(located.value.real)).mtime.toISOString();
			const { errors } = checked;
			return ok({ name, version, modified, valid: errors.length === 0, errors: errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length });
		});
	}

	/**
	 * A new notebook copied from a template: a notebook in the directory (by default
	 * `social-network-mvp.yaml`, or a small built-in notebook when that is missing), or the built-in
	 * starter (`STARTER_TEMPLATE`). Titled `title`, by default after its file name.
	 */
	create(name: string, fromTemplate?: string, title?: string): Promise<StoreResult<NotebookDocument>> {
		return this.#exclusive(name, async () => {
			const target = await this.#locateNew(name);
			if (target.kind !== 'ok') return target;
			let text = BLANK_NOTEBOOK;
			if (fromTemplate === STARTER_TEMPLATE) text = STARTER_NOTEBOOK;
			else {
				const template = await this.#locateExisting(fromTemplate ?? this.defaultTemplate);
				if (template.kind === 'ok') text = (await readDocument(template.value)).text;
				else if (fromTemplate !== undefined || template.kind !== 'not-found') return template;
			}
			text = retitled(text, title?.trim() || titleFromName(name));
			await writeFileAtomic(target.value.path, Buffer.from(text, 'utf8'), { noReplace: true });
			return ok(await readDocument(target.value));
		});
	}

	/**
	 * A copy of `name` as `newName`, byte for byte but for its title: "Plan (copy)", or "Plan (copy 2)"
	 * … when that title is taken, so that the list never shows two notebooks of the same title.
	 * Refused when `newName` exists.
	 */
	duplicate(name: string, newName: string): Promise<StoreResult<NotebookDocument>> {
		return this.#exclusive(newName, async () => {
			const source = await this.#locateExisting(name);
			if (source.kind !== 'ok') return source;
			const target = await this.#locateNew(newName);
			if (target.kind !== 'ok') return target;
			let bytes = await readNoFollow(source.value.real);
			const listed = await this.list();
			const entries = listed.kind === 'ok' ? listed.value : [];
			const titles = new Set(entries.map((entry) => entry.title));
			const original = entries.find((entry) => entry.name === name)?.title;
			const base = original !== undefined && original !== name ? original : titleFromName(name);
			let title = `${base} (copy)`;
			for (let n = 2; titles.has(title); n++) title = `${base} (copy ${n})`;
			const text = bytes.toString('utf8');
			const copy = retitled(text, title);
			if (copy !== text) bytes = Buffer.from(copy, 'utf8');
			await writeFileAtomic(target.value.path, bytes, { noReplace: true });
			return ok(await readDocument(target.value));
		});
	}

	/** Renames `name` to `newName`; refused when `newName` exists. */
	rename(name: string, newName: string): Promise<StoreResult<NotebookDocument>> {
		return this.#exclusive(name, async () => {
			const source = await this.#locateExisting(name);
			if (source.kind !== 'ok') return source;
			if (name === newName) return ok(await readDocument(source.value));
			const target = await this.#locateNew(newName);
			if (target.kind === 'exists' && (await sameFile(source.value.path, join(dirname(source.value.path), newName)))) {
				// A change of case only, on a case-insensitive file system: the "existing" target is the file itself.
				await rename(source.value.path, join(dirname(source.value.path), newName));
				return this.read(newName);
			}
			if (target.kind !== 'ok') return target;
			await moveNoReplace(source.value.path, target.value.path);
			return this.read(newName);
		});
	}

	/** Moves a notebook into `.trash/`; `restore(name)` brings it back. Nothing is ever unlinked. */
	delete(name: string): Promise<StoreResult<TrashedNotebook>> {
		return this.#exclusive(name, async () => {
			const located = await this.#locateExisting(name);
			if (located.kind !== 'ok') return located;
			const trash = await this.#trashDir(true);
			if (trash.kind !== 'ok') return trash;
			const deletedAt = new Date();
			const trashed = `${stampOf(deletedAt)}.${randomBytes(4).toString('hex')}~${name}`;
			await moveNoReplace(located.value.path, join(trash.value, trashed));
			return ok({ name, trashed, deletedAt: deletedAt.toISOString() });
		});
	}

	/** Brings back the most recently deleted copy of `name`; refused when `name` exists again. */
	restore(name: string): Promise<StoreResult<NotebookDocument>> {
		return this.#exclusive(name, async () => {
			const target = await this.#locateNew(name);
			if (target.kind !== 'ok') return target;
			const trash = await this.#trashDir(false);
			if (trash.kind !== 'ok') return trash.kind === 'not-found' ? notFound(name, `no deleted copy of ${name}`) : trash;
			const copies = (await readdir(trash.value)).filter((entry) => TRASH_ENTRY.exec(entry)?.[2] === name).sort();
			const latest = copies.at(-1);
			if (latest === undefined) return notFound(name, `no deleted copy of ${name}`);
			await moveNoReplace(join(trash.value, latest), target.value.path);
			return this.read(name);
		});
	}

	/** The deleted notebooks that can be restored, most recent first. */
	listTrash(): Promise<StoreResult<TrashedNotebook[]>> {
		return guard('', async () => {
			const trash = await this.#trashDir(false);
			if (trash.kind === 'not-found') return ok([]);
			if (trash.kind !== 'ok') return trash;
			const entries: TrashedNotebook[] = [];
			for (const trashed of await readdir(trash.value)) {
				const match = TRASH_ENTRY.exec(trashed);
				if (match && notebookNameProblem(match[2]) === null) {
					entries.push({ name: match[2], trashed, deletedAt: dateOfStamp(match[1]) });
				}
			}
			return ok(entries.sort((a, b) => b.trashed.localeCompare(a.trashed)));
		});
	}

	/**
	 * A notebook's entry in the list. Checking a notebook means parsing it (about 1 s per MB of
	 * YAML), so the result is kept per file version: an unchanged file (same inode, size, mtime and
	 * ctime) is answered from the cache without being read, a changed one is read and hashed, and
	 * only contents never seen before (by sha256) are parsed, once however many lists ask at the
	 * same time. A save seeds the cache with what it already checked.
	 */
	async #summary(name: string): Promise<NotebookSummary> {
		const located = await this.#locateExisting(name).catch((error) => io(name, error));
		if (located.kind !== 'ok') return { name, title: name, modified: null, version: null, error: located.message };
		const { real } = located.value;
		let key: string;
		let modified: string;
		try {
			const info = await stat(real);
			key = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
			modified = info.mtime.toISOString();
		} catch (error) {
			return { name, title: name, modified: null, version: null, error: io(name, error).message };
		}
		const cacheKey = `${name}\0${real}`;
		const known = this.#byFile.get(cacheKey);
		if (known !== undefined && known.key === key) return { ...known.summary };
		const pendingKey = `${cacheKey}\0${key}`;
		let pending = this.#pending.get(pendingKey);
		if (pending === undefined) {
			pending = this.#computeSummary(located.value).finally(() => this.#pending.delete(pendingKey));
			this.#pending.set(pendingKey, pending);
		}
		const summary = await pending;
		// Cache what was read under the stat it was read at only if the file still has that stat.
		if (summary.version !== null) this.#byFile.set(cacheKey, { key, summary: { ...summary, modified } });
		return { ...summary, modified };
	}

	async #computeSummary(located: Located): Promise<NotebookSummary> {
		const { name } = located;
		let document: NotebookDocument;
		try {
			document = await readDocument(located);
		} catch (error) {
			return { name, title: name, modified: null, version: null, error: io(name, error).message };
		}
		const checked = await this.#checked(name, document.version, document.text);
		const summary: NotebookSummary = { name, title: checked.title ?? name, modified: document.modified, version: document.version };
		if (checked.error !== undefined) summary.error = checked.error;
		return summary;
	}

	/** The title and first error of `text` (the contents of `name` at `version`), parsed at most once. */
	async #checked(name: string, version: string, text: string): Promise<CheckedText> {
		const versionKey = `${name}\0${version}`;
		const known = this.#byVersion.get(versionKey);
		if (known !== undefined) {
			// Least recently used last out: re-insert.
			this.#byVersion.delete(versionKey);
			this.#byVersion.set(versionKey, known);
			return known;
		}
		// Let the requests already waiting go first: a large notebook takes a while to parse.
		await new Promise((done) => setImmediate(done));
		// The same check as a save's: what the CLI would refuse (formulas, names, loops included).
		const { title, errors } = checkNotebook(text, name);
		const checked: CheckedText = { title, error: firstError(errors) };
		this.#remember(versionKey, checked);
		return checked;
	}

	#remember(versionKey: string, checked: CheckedText): void {
		this.#byVersion.set(versionKey, checked);
		while (this.#byVersion.size > SUMMARY_CACHE_SIZE) this.#byVersion.delete(this.#byVersion.keys().next().value as string);
	}

	/** The notebook directory with symlinks resolved: every path check is made against it. */
	async #realDir(): Promise<StoreResult<string>> {
		try {
			return ok(await realpath(this.dir));
		} catch (error) {
			return io('', error, `the notebook directory ${this.dir} cannot be opened`);
		}
	}

	/** `name` as a path in the directory, checked; `real` is not resolved yet. */
	async #place(name: string): Promise<StoreResult<Located>> {
		const problem = notebookNameProblem(name);
		if (problem !== null) return { kind: 'invalid-name', name, message: problem };
		const dir = await this.#realDir();
		if (dir.kind !== 'ok') return { ...dir, name };
		const path = resolve(dir.value, name);
		// The name pattern already rules out escapes; this is the second lock on the door.
		if (dirname(path) !== dir.value) return { kind: 'invalid-name', name, message: `invalid notebook name: ${JSON.stringify(name)}` };
		return ok({ name, path, real: path });
	}

	/** An existing notebook file, refusing symlinks that lead outside the directory. */
	async #locateExisting(name: string): Promise<StoreResult<Located>> {
		const placed = await this.#place(name);
		if (placed.kind !== 'ok') return placed;
		const { path } = placed.value;
		const dir = dirname(path);
		let entry: Stats;
		try {
			entry = await lstat(path);
		} catch (error) {
			return errno(error) === 'ENOENT' ? notFound(name, `no notebook named ${name}`) : io(name, error);
		}
		let real = path;
		if (entry.isSymbolicLink()) {
			try {
				real = await realpath(path);
			} catch (error) {
				return errno(error) === 'ENOENT' ? notFound(name, `${name} is a symbolic link to a file that does not exist`) : io(name, error);
			}
			if (!isInside(dir, real)) {
				return { kind: 'outside', name, message: `${name} is a symbolic link that leads outside the notebook directory; refused` };
			}
		}
		if (!(await stat(real)).isFile()) return notFound(name, `${name} is not a file`);
		return ok({ name, path, real });
	}

	/** A name for a new notebook: valid and not taken (a dangling symlink counts as taken). */
	async #locateNew(name: string): Promise<StoreResult<Located>> {
		const placed = await this.#place(name);
		if (placed.kind !== 'ok') return placed;
		try {
			await lstat(placed.value.path);
		} catch (error) {
			if (errno(error) === 'ENOENT') return placed;
			return io(name, error);
		}
		return { kind: 'exists', name, message: `a notebook named ${name} already exists` };
	}

	/** `.trash/` inside the directory, a real directory (not a symlink); created when `create`. */
	async #trashDir(create: boolean): Promise<StoreResult<string>> {
		const dir = await this.#realDir();
		if (dir.kind !== 'ok') return dir;
		const trash = join(dir.value, TRASH_DIR);
		if (create) await mkdir(trash, { recursive: true });
		try {
			const entry = await lstat(trash);
			if (!entry.isDirectory()) return io(TRASH_DIR, null, `${TRASH_DIR} in the notebook directory is not a plain folder`);
		} catch (error) {
			if (errno(error) === 'ENOENT') return notFound(TRASH_DIR, 'nothing has been deleted');
			return io(TRASH_DIR, error);
		}
		return ok(trash);
	}

	/** Runs a change after every earlier one has finished; errors become values. */
	#exclusive<T>(name: string, change: () => Promise<StoreResult<T>>): Promise<StoreResult<T>> {
		const run = this.#queue.then(() => guard(name, change));
		this.#queue = run;
		return run;
	}
}

function ok<T>(value: T): { kind: 'ok'; value: T } {
	return { kind: 'ok', value };
}

function notFound(name: string, message: string): StoreError {
	return { kind: 'not-found', name, message };
}

function errno(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | null)?.code;
}

/** A file-system failure as a value; the codes a user can cause get their own kind. */
function io(name: string, error: unknown, message?: string): StoreError {
	const code = errno(error);
	if (code === 'ENOENT' && message === undefined) return notFound(name, `no notebook named ${name}`);
	if (code === 'EEXIST') return { kind: 'exists', name, message: `a notebook named ${name} already exists` };
	if (code === 'ELOOP') return { kind: 'outside', name, message: `${name} is a symbolic link; refused` };
	const detail = error instanceof Error ? error.message : '';
	if (code === 'EACCES' || code === 'EPERM') return { kind: 'io', name, message: message ?? `permission denied for ${name}` };
	return { kind: 'io', name, message: message ?? (detail ? `cannot access ${name}: ${detail}` : `cannot access ${name}`) };
}

async function guard<T>(name: string, work: () => Promise<StoreResult<T>>): Promise<StoreResult<T>> {
	try {
		return await work();
	} catch (error) {
		return io(name, error);
	}
}

function isInside(dir: string, path: string): boolean {
	const rel = relative(dir, path);
	return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Reads a file whose path has been resolved, refusing a symlink swapped in since. */
async function readNoFollow(real: string): Promise<Buffer> {
	const handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
	try {
		return await handle.readFile();
	} finally {
		await handle.close();
	}
}

async function readDocument(located: Located): Promise<NotebookDocument> {
	const bytes = await readNoFollow(located.real);
	const modified = (await stat(located.real)).mtime.toISOString();
	return { name: located.name, text: bytes.toString('utf8'), version: versionToken(bytes), modified };
}

async function sameFile(a: string, b: string): Promise<boolean> {
	try {
		const [x, y] = await Promise.all([lstat(a), lstat(b)]);
		return x.ino === y.ino && x.dev === y.dev;
	} catch {
		return false;
	}
}

function titleFromName(name: string): string {
	return name.slice(0, -'.yaml'.length);
}

/** The template's text with a new title, comments kept; unchanged when the template is not editable YAML. */
function retitled(text: string, title: string): string {
	try {
		return updateSetting(text, 'title', title);
	} catch {
		return text;
	}
}

/** `20260102T030405123Z`: sortable and free of characters some file systems refuse (`:`). */
function stampOf(date: Date): string {
	return date.toISOString().replace(/[-:.]/g, '');
}

function dateOfStamp(stamp: string): string {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
	return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : stamp;
}
