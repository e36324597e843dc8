import { createHash } from 'node:crypto';

/**
 * The version of a file's contents: sha256 of its bytes, hex. Content-addressed rather than an
 * mtime, so two writes within the file system's timestamp granularity still differ, and writing
 * back identical bytes is not a change.
 */
export function versionToken(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}
