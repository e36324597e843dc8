// Whether a notebook's text is one the CLI would run (issue 14): read as a notebook
// (`parseNotebook`: YAML, keys, settings) and planned (`prepareRun`, every scenario included:
// formulas, names, loops). Saving keeps the text whatever this says; it only tells.
import { readNotebook } from '$lib/engine/notebook/readNotebook';
import { prepareRun } from '$lib/engine/simulate';
import type { NotebookError } from '$lib/engine/types';

/** How many errors a save response carries at most (`errorCount` has them all). */
export const MAX_REPORTED_ERRORS = 50;

export type NotebookCheck = {
	/** The title when the text is readable as a notebook and has one. */
	title: string | null;
	errors: NotebookError[];
};

export function checkNotebook(text: string, name: string): NotebookCheck {
	// `parseNotebook` is this reading as a Result; the reading also has the title of a notebook with errors.
	const read = readNotebook(text, name);
	const title = read.settings?.title.trim() ? read.settings.title : null;
	if (read.notebook === null) return { title, errors: read.errors };
	let prepared: ReturnType<typeof prepareRun>;
	try {
		prepared = prepareRun(read.notebook, { compare: 'all' });
	} catch (error) {
		const message = `the notebook cannot be planned: ${error instanceof Error ? error.message : String(error)}`;
		return { title, errors: [{ file: name, line: null, cell: null, code: 'expression', message }] };
	}
	return { title, errors: prepared.ok ? [] : prepared.errors };
}

/** One line for a list: the first error, and how many more. */
export function firstError(errors: readonly NotebookError[]): string | undefined {
	if (errors.length === 0) return undefined;
	const [first, ...rest] = errors;
	return rest.length === 0 ? first.message : `${first.message} (and ${rest.length} more)`;
}
