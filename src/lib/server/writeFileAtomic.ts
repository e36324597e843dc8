import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, unlink, lstat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type WriteFileAtomicOptions = {
	/** File mode of the new file; by default the process default (0o666 minus umask). */
	mode?: number;
	/** Fail with EEXIST instead of replacing an existing `target`. */
	noReplace?: boolean;
};

/**
 * Writes `data` to `target` so that a reader (or a crash) sees either the old file or the new one,
 * never a part: write `.name.tmp-<random>` in the same directory, fsync it, rename it over the
 * target, fsync the directory. The temp file is removed on failure.
 */
export async function writeFileAtomic(target: string, data: Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
	const dir = dirname(target);
	const temp = join(dir, `.${basename(target)}.tmp-${randomBytes(6).toString('hex')}`);
	try {
		const handle = await open(temp, 'wx');
		try {
			if (options.mode !== undefined) await handle.chmod(options.mode);
			await handle.writeFile(data);
			await handle.sync();
		} finally {
			await handle.close();
		}
		if (options.noReplace) await moveNoReplace(temp, target);
		else await rename(temp, target);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
	await syncDirectory(dir);
}

/**
 * Renames `from` to `to` unless `to` exists (EEXIST). A hard link fails atomically when the target
 * exists, which a plain rename cannot do; where the file system has no hard links, fall back to
 * checking first (callers serialise their own writes, so the gap is only to other processes).
 */
export async function moveNoReplace(from: string, to: string): Promise<void> {
	// link() follows a symlink on some systems (macOS), which would turn a moved link into a
	// second name of its target; move links the checking way.
	if (!(await lstat(from)).isSymbolicLink()) {
		let linked = false;
		try {
			await link(from, to);
			linked = true;
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EEXIST' || (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')) throw error;
		}
		if (linked) {
			await unlink(from);
			await syncDirectory(dirname(to));
			return;
		}
	}
	if (await exists(to)) throw Object.assign(new Error(`EEXIST: file already exists, rename '${from}' -> '${to}'`), { code: 'EEXIST' });
	await rename(from, to);
	await syncDirectory(dirname(to));
}

async function exists(path: string): Promise<boolean> {
	try {
		await lstat(path);
		return true;
	} catch {
		return false;
	}
}

/** Makes a rename durable (POSIX); directories cannot be opened for fsync everywhere, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
	try {
		const handle = await open(dir, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {
		// Not supported on this platform (e.g. Windows); the rename itself is still atomic.
	}
}
