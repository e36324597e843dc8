// The page's view in its URL: `?scenario=NAME` (the reference shown), `?compare=A,B` (scenarios
// shown beside it) and `?vary=NAME%3DEXPR` (variants of the reference typed in place, one
// parameter each: an expression may hold commas). Pure: URLSearchParams in, URLSearchParams out.
import type { Override } from '$lib/engine/notebook/scenarios';

export type ViewState = { scenario: string; compare: string[]; vary: string[] };

export const DEFAULT_VIEW: ViewState = { scenario: 'base', compare: [], vary: [] };

export function readView(params: URLSearchParams): ViewState {
	const scenario = params.get('scenario')?.trim() || 'base';
	const compare = (params.get('compare') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name, i, all) => name !== '' && all.indexOf(name) === i);
	const vary = params
		.getAll('vary')
		.flatMap((v) => varyName(v) ?? [])
		.filter((v, i, all) => all.indexOf(v) === i);
	return { scenario, compare, vary };
}

/** `search` with the view written into it (defaults left out); other parameters kept. */
export function writeView(search: URLSearchParams, view: ViewState): URLSearchParams {
	const next = new URLSearchParams(search);
	next.delete('scenario');
	next.delete('compare');
	next.delete('vary');
	if (view.scenario !== 'base') next.set('scenario', view.scenario);
	if (view.compare.length > 0) next.set('compare', view.compare.join(','));
	for (const v of view.vary) next.append('vary', v);
	return next;
}

/** The query string of a URL with `view`: "?scenario=bear&compare=base", or "" for the default. */
export function viewSearch(search: URLSearchParams, view: ViewState): string {
	const text = writeView(search, view).toString().replace(/%2C/gi, ',');
	return text === '' ? '' : `?${text}`;
}

/**
 * A variant typed in place: "hires=4", "what if hires = 4", "users.init = 500". Null when it does
 * not read as NAME=EXPR.
 */
export function parseVary(text: string): Override | null {
	const match = /^\s*(?:what\s+if\s+)?([A-Za-z][A-Za-z0-9_]*)(\.init)?\s*=\s*(.+?)\s*$/i.exec(text);
	if (!match) return null;
	return { name: match[1], part: match[2] ? 'init' : 'value', expr: match[3] } as Override;
}

/** The variant as the engine names it (`NAME=EXPR`), the key of its results in a comparison. */
export function varyName(text: string): string | null {
	const o = parseVary(text);
	return o === null ? null : `${o.name}${o.part === 'init' ? '.init' : ''}=${o.expr}`;
}
