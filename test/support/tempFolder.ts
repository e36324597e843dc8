// Temporary folders of a test file, removed after its tests: runs leave nothing in /tmp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A new folder in the system's temporary directory, removed after the tests of the file (or describe) that asks. */
export function tempFolder(prefix: string): string {
	const folder = mkdtempSync(join(tmpdir(), prefix));
	afterAll(() => rmSync(folder, { recursive: true, force: true }));
	return folder;
}
