// Which names the notebook store accepts: plain `.yaml` file names, nothing that can reach
// another directory. The pattern alone already rules out `/`, `\`, `:` and a leading dot; `..` is
// refused as well so that no name even looks like a path step.

export const NOTEBOOK_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,80}\.yaml$/;

/** Null when `name` is an acceptable notebook file name, else why not. */
export function notebookNameProblem(name: unknown): string | null {
	if (typeof name !== 'string' || name === '') return 'a notebook name is required';
	if (name.includes('/') || name.includes('\\')) return `invalid notebook name: ${JSON.stringify(name)} (no folders, only a file name)`;
	if (name.includes('..')) return `invalid notebook name: ${JSON.stringify(name)} (no "..")`;
	if (name.startsWith('.')) return `invalid notebook name: ${JSON.stringify(name)} (no leading dot)`;
	if (!NOTEBOOK_NAME.test(name)) {
		return `invalid notebook name: ${JSON.stringify(name)} (letters, digits, space, "_", "." and "-", at most 81 characters before .yaml, starting with a letter or digit)`;
	}
	return null;
}
