import type { NotebookError } from '../types';

/** `file:line: cell 'users': message`, leaving out the parts that are not known. */
export function formatError(error: Pick<NotebookError, 'file' | 'line' | 'cell' | 'message'>): string {
	let where = error.file;
	if (error.line !== null) where += `${where === '' ? '' : ':'}${error.line}`;
	const cell = error.cell === null ? '' : `cell '${error.cell}': `;
	return where === '' ? `${cell}${error.message}` : `${where}: ${cell}${error.message}`;
}
