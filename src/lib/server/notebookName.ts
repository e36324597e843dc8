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

// Letters that Unicode does not decompose into a base letter and a mark.
const SPELLED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŀ: 'l', ĳ: 'ij' };

/**
 * The file name a new or renamed notebook gets from what someone typed (issue 14): `My plan` →
 * `My plan.yaml`; a name the store would refuse only for its characters becomes a safe one rather
 * than being refused — letters transliterated, the rest dropped, lower case (`Übersicht €` →
 * `ubersicht.yaml`). Folders, `..` and a leading dot stay refused; so does a name with nothing
 * left to keep, with the reason.
 */
export function safeNotebookName(input: string): { ok: true; name: string } | { ok: false; message: string } {
	const typed = input.trim();
	const stem = typed.replace(/\.ya?ml$/i, '').trim();
	if (stem === '') return { ok: false, message: 'type a name for the notebook (letters or digits)' };
	const asIs = `${stem}.yaml`;
	if (notebookNameProblem(asIs) === null) return { ok: true, name: asIs };
	if (stem.includes('/') || stem.includes('\\') || stem.includes('..') || stem.startsWith('.')) {
		return { ok: false, message: notebookNameProblem(asIs) ?? 'invalid notebook name' };
	}
	const safe = [...stem.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()]
		.map((char) => SPELLED[char] ?? char)
		.join('')
		.replace(/[^a-z0-9 _.-]+/g, ' ')
		.replace(/\.{2,}/g, '.')
		.replace(/\s+/g, ' ')
		.replace(/^[^a-z0-9]+/, '')
		.slice(0, 81)
		.trim()
		.replace(/[ .]+$/, '');
	if (safe === '' || notebookNameProblem(`${safe}.yaml`) !== null) {
		return { ok: false, message: `no file name can be made from ${JSON.stringify(typed)}: use letters (a–z) or digits` };
	}
	return { ok: true, name: `${safe}.yaml` };
}
