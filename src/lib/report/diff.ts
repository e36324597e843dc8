// What changed between two reports (SPEC §5, `sim -- diff OLD NEW`): stamps and settings,
// overrides and compared scenarios, the headline, events, and each cell's P10/P50/P90 at a few
// cycles, largest relative moves first. Works on reports of different notebook versions: cells
// and events found in one report only are listed as added or removed.
import type { Report } from '../engine/types';
import { formatCycleName, formatNumber, formatPercent } from '../format';

export type Change<T> = { old: T; new: T; same: boolean };

/** A number that moved: `change` new − old; `relative` change / |old| (null when old is 0 or either is not a number). */
export type Move = {
	name: string;
	old: number | null;
	new: number | null;
	change: number | null;
	relative: number | null;
	/** How far it moved for ordering: |change| / max(|old|, |new|), 0 … 2; 1 when a value appears or disappears. */
	score: number;
	/** How to show the values: a count of cycles, a fraction, or a plain number. */
	kind: 'cycles' | 'fraction' | 'number';
};

export type CellMove = { cell: string; cycle: number; p10: Move; p50: Move; p90: Move; score: number };

export type OverridesDiff = {
	added: { name: string; expr: string }[];
	removed: { name: string; expr: string }[];
	changed: { name: string; old: string; new: string }[];
};

export type ReportDiff = {
	stamps: {
		notebook: Change<string | null>;
		sha256: Change<string | null>;
		engine: Change<string | null>;
		created: Change<string | null>;
	};
	/** Same notebook file with the same bytes: true; different file or bytes: false; null when a report is not stamped. */
	sameNotebook: boolean | null;
	settings: {
		title: Change<string>;
		scenario: Change<string>;
		seed: Change<number>;
		trials: Change<number>;
		horizon: Change<number>;
		cycle: Change<string>;
		quantiles: Change<string | null>;
	};
	overrides: OverridesDiff;
	scenarios: {
		reference: Change<string | null>;
		added: string[];
		removed: string[];
		/** Scenarios compared in both whose overrides differ. */
		changed: { name: string; overrides: OverridesDiff }[];
		/** Runway figures of scenarios compared in both. */
		moves: { name: string; moves: Move[] }[];
	};
	/** Runway P10/P50/P90, survives and the chance of running out by the horizon. */
	headline: Move[];
	/** The runway cell, when it changed ("cash" → "balance"). */
	runwayCell: Change<string | null>;
	events: { added: string[]; removed: string[]; moves: Move[] };
	/** The cycles compared: 0, a quarter, half and the end of the shorter horizon. */
	cycles: number[];
	cells: { added: string[]; removed: string[]; moves: CellMove[]; unchanged: number };
};

const change = <T>(a: T, b: T): Change<T> => ({ old: a, new: b, same: a === b });

function move(name: string, a: number | null | undefined, b: number | null | undefined, kind: Move['kind']): Move {
	const o = a ?? null;
	const n = b ?? null;
	const finite = (x: number | null): x is number => x !== null && Number.isFinite(x);
	if (finite(o) && finite(n)) {
		const d = n - o;
		const scale = Math.max(Math.abs(o), Math.abs(n));
		return { name, old: o, new: n, change: d, relative: o !== 0 ? d / Math.abs(o) : null, score: scale > 0 ? Math.abs(d) / scale : 0, kind };
	}
	return { name, old: o, new: n, change: null, relative: null, score: o === n ? 0 : 1, kind };
}

function diffOverrides(a: Record<string, string> = {}, b: Record<string, string> = {}): OverridesDiff {
	return {
		added: Object.keys(b)
			.filter((k) => !(k in a))
			.map((name) => ({ name, expr: b[name] })),
		removed: Object.keys(a)
			.filter((k) => !(k in b))
			.map((name) => ({ name, expr: a[name] })),
		changed: Object.keys(a)
			.filter((k) => k in b && a[k] !== b[k])
			.map((name) => ({ name, old: a[name], new: b[name] }))
	};
}

function runwayMoves(a: Report['runway'], b: Report['runway'], horizon: number, cycle: string): Move[] {
	if (!a && !b) return [];
	return [
		move('runway P10', a?.p10, b?.p10, 'cycles'),
		move('runway P50', a?.p50, b?.p50, 'cycles'),
		move('runway P90', a?.p90, b?.p90, 'cycles'),
		move('survives', a?.survives, b?.survives, 'fraction'),
		move(`chance out by ${formatCycleName(horizon, cycle)}`, a ? 1 - a.survives : null, b ? 1 - b.survives : null, 'fraction')
	];
}

/** The cycles a diff compares: 0, a quarter, half and the horizon. */
export function diffCycles(horizon: number): number[] {
	return [...new Set([0, Math.round(horizon / 4), Math.round(horizon / 2), horizon])];
}

export function diffReports(a: Report, b: Report): ReportDiff {
	const horizon = Math.min(a.horizon, b.horizon);
	const cycles = diffCycles(horizon);
	const aCells = Object.keys(a.cells);
	const bCells = Object.keys(b.cells);
	const common = aCells.filter((c) => c in b.cells);
	const moves: CellMove[] = [];
	let unchanged = 0;
	for (const cell of common) {
		for (const t of cycles) {
			const m = (k: 'p10' | 'p50' | 'p90') => move(k.toUpperCase(), a.cells[cell][k][t], b.cells[cell][k][t], 'number');
			const row = { cell, cycle: t, p10: m('p10'), p50: m('p50'), p90: m('p90'), score: 0 };
			row.score = Math.max(row.p10.score, row.p50.score, row.p90.score);
			const same = [row.p10, row.p50, row.p90].every((x) => x.old === x.new);
			if (same) unchanged++;
			else moves.push(row);
		}
	}
	moves.sort((x, y) => y.score - x.score || Math.abs(y.p50.relative ?? 0) - Math.abs(x.p50.relative ?? 0) || x.cell.localeCompare(y.cell) || x.cycle - y.cycle);

	const aEvents = a.events ?? {};
	const bEvents = b.events ?? {};
	const eventMoves: Move[] = [];
	for (const name of Object.keys(aEvents).filter((e) => e in bEvents)) {
		const ea = aEvents[name];
		const eb = bEvents[name];
		eventMoves.push(
			move(`${name}: chance by ${formatCycleName(horizon, a.cycle)}`, ea.byCycle[horizon], eb.byCycle[horizon], 'fraction'),
			move(`${name}: median first cycle`, ea.p50, eb.p50, 'cycles')
		);
	}

	const aScen = a.comparison?.scenarios ?? {};
	const bScen = b.comparison?.scenarios ?? {};
	const both = Object.keys(aScen).filter((s) => s in bScen);
	const overridesChanged = (d: OverridesDiff) => d.added.length + d.removed.length + d.changed.length > 0;

	const stamp = (r: Report) => ({ file: r.notebook?.file ?? null, sha: r.notebook?.sha256 ?? null });
	const sa = stamp(a);
	const sb = stamp(b);
	return {
		stamps: {
			notebook: change(sa.file, sb.file),
			sha256: change(sa.sha, sb.sha),
			engine: change(a.engine?.version ?? null, b.engine?.version ?? null),
			created: change(a.created ?? null, b.created ?? null)
		},
		sameNotebook: sa.sha === null || sb.sha === null ? null : sa.file === sb.file && sa.sha === sb.sha,
		settings: {
			title: change(a.title, b.title),
			scenario: change(a.scenario, b.scenario),
			seed: change(a.seed, b.seed),
			trials: change(a.trials, b.trials),
			horizon: change(a.horizon, b.horizon),
			cycle: change(a.cycle, b.cycle),
			quantiles: change(a.quantiles ?? null, b.quantiles ?? null)
		},
		overrides: diffOverrides(a.overrides, b.overrides),
		scenarios: {
			reference: change(a.comparison?.reference ?? null, b.comparison?.reference ?? null),
			added: Object.keys(bScen).filter((s) => !(s in aScen)),
			removed: Object.keys(aScen).filter((s) => !(s in bScen)),
			changed: both.map((name) => ({ name, overrides: diffOverrides(aScen[name].overrides, bScen[name].overrides) })).filter((s) => overridesChanged(s.overrides)),
			moves: both
				.map((name) => ({ name, moves: runwayMoves(aScen[name].runway, bScen[name].runway, horizon, a.cycle).filter((m) => m.old !== m.new) }))
				.filter((s) => s.moves.length > 0)
		},
		headline: runwayMoves(a.runway, b.runway, horizon, a.cycle),
		runwayCell: change(a.runway?.cell ?? null, b.runway?.cell ?? null),
		events: { added: Object.keys(bEvents).filter((e) => !(e in aEvents)), removed: Object.keys(aEvents).filter((e) => !(e in bEvents)), moves: eventMoves },
		cycles,
		cells: { added: bCells.filter((c) => !(c in a.cells)), removed: aCells.filter((c) => !(c in b.cells)), moves, unchanged }
	};
}

// ——— as text ———

function show(value: number | null, kind: Move['kind'], cycle: string, horizon: number): string {
	if (kind === 'cycles') return value === null ? `beyond ${formatCycleName(horizon, cycle)}` : formatCycleName(value, cycle);
	if (value === null) return '–';
	return kind === 'fraction' ? formatPercent(value) : formatNumber(value);
}

function showChange(m: Move): string {
	if (m.old === m.new) return 'same';
	if (m.change === null) return 'changed';
	const sign = m.change > 0 ? '+' : '−';
	const abs = Math.abs(m.change);
	if (m.kind === 'fraction') return `${sign}${formatNumber(abs * 100)} pts`;
	const rel = m.relative === null ? '' : ` (${sign}${formatPercent(Math.abs(m.relative))})`;
	return `${sign}${formatNumber(abs)}${m.kind === 'cycles' ? ' cycles' : ''}${rel}`;
}

/** Rows padded into columns, two spaces apart. */
function table(rows: string[][], indent = '  '): string[] {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}

function overrideLines(d: OverridesDiff, indent = '  '): string[] {
	return [
		...d.added.map((o) => `${indent}+ ${o.name}=${o.expr}   (only in new)`),
		...d.removed.map((o) => `${indent}- ${o.name}=${o.expr}   (only in old)`),
		...d.changed.map((o) => `${indent}~ ${o.name}: ${o.old}  →  ${o.new}`)
	];
}

export type FormatDiffOptions = {
	/** Names of the two files, for the first line. */
	names?: [string, string];
	/** At most this many moved cell rows (the largest); the rest are counted. */
	limit?: number;
};

/** A diff as a readable text table. */
export function formatDiff(diff: ReportDiff, { names, limit = 40 }: FormatDiffOptions = {}): string {
	const { stamps, settings } = diff;
	const cycle = settings.cycle.new;
	const horizon = Math.min(settings.horizon.old, settings.horizon.new);
	const out: string[] = [];
	out.push(names ? `Reports: ${names[0]} (old) → ${names[1]} (new)` : 'Reports: old → new');
	out.push('');
	const pair = <T>(c: Change<T>, shown: (x: T) => string = (x) => String(x ?? '—')) => (c.same ? `${shown(c.old)} (same)` : `${shown(c.old)} → ${shown(c.new)}`);
	const notebook =
		diff.sameNotebook === null
			? `${pair(stamps.notebook)}; not stamped, cannot tell whether the file changed`
			: diff.sameNotebook
				? `${stamps.notebook.new} (same file, same sha256)`
				: `${pair(stamps.notebook)}; sha256 ${stamps.sha256.same ? 'same' : `differs (${short(stamps.sha256.old)} → ${short(stamps.sha256.new)})`}`;
	const rows: string[][] = [
		['notebook', notebook],
		['title', pair(settings.title)],
		['engine', pair(stamps.engine)],
		['created', pair(stamps.created)],
		['scenario', pair(settings.scenario)],
		['seed', pair(settings.seed)],
		['trials', pair(settings.trials, (n) => n.toLocaleString('en-US'))],
		['horizon', `${pair(settings.horizon)} cycles of ${pair(settings.cycle)}`]
	];
	if (!settings.quantiles.same) rows.push(['percentiles', pair(settings.quantiles)]);
	out.push('Stamps and settings', ...table(rows), '');

	const o = overrideLines(diff.overrides);
	out.push('Overrides (--set)', ...(o.length ? o : ['  same in both']), '');

	const sc = diff.scenarios;
	const scenarioLines = [
		...(sc.reference.same ? [] : [`  reference: ${pair(sc.reference, (x) => x ?? 'none (no comparison)')}`]),
		...sc.added.map((s) => `  + ${s}   (compared only in new)`),
		...sc.removed.map((s) => `  - ${s}   (compared only in old)`),
		...sc.changed.flatMap((s) => [`  ~ ${s.name}: its overrides differ`, ...overrideLines(s.overrides, '      ')]),
		...sc.moves.flatMap((s) => [`  ${s.name}:`, ...table(s.moves.map((m) => [m.name, show(m.old, m.kind, cycle, horizon), '→', show(m.new, m.kind, cycle, horizon), showChange(m)]), '      ')])
	];
	out.push('Scenarios compared', ...(scenarioLines.length ? scenarioLines : ['  same in both']), '');

	out.push('Headline');
	if (!diff.runwayCell.same) out.push(`  runway cell: ${pair(diff.runwayCell)}`);
	if (diff.headline.length === 0) out.push('  no runway in either report');
	else out.push(...table([['', 'old', 'new', 'change'], ...diff.headline.map((m) => [m.name, show(m.old, m.kind, cycle, horizon), show(m.new, m.kind, cycle, horizon), showChange(m)])]));
	out.push('');

	const ev = diff.events;
	if (ev.added.length || ev.removed.length || ev.moves.length) {
		out.push('Events');
		out.push(...ev.added.map((e) => `  + ${e}   (only in new)`), ...ev.removed.map((e) => `  - ${e}   (only in old)`));
		if (ev.moves.length) out.push(...table([['', 'old', 'new', 'change'], ...ev.moves.map((m) => [m.name, show(m.old, m.kind, cycle, horizon), show(m.new, m.kind, cycle, horizon), showChange(m)])]));
		out.push('');
	}

	const cells = diff.cells;
	out.push(`Cells: P10 / P50 / P90 at ${diff.cycles.map((t) => formatCycleName(t, cycle)).join(', ')}; largest relative moves first`);
	if (cells.added.length) out.push(`  added (only in new): ${cells.added.join(', ')}`);
	if (cells.removed.length) out.push(`  removed (only in old): ${cells.removed.join(', ')}`);
	if (cells.moves.length === 0) out.push('  no cell moved');
	else {
		const shown = cells.moves.slice(0, limit);
		const v = (m: Move) => (m.old === m.new ? formatNumber(m.old ?? NaN) : `${m.old === null ? '–' : formatNumber(m.old)} → ${m.new === null ? '–' : formatNumber(m.new)}`);
		const rel = (m: Move) => (m.relative === null ? `${m.name} from ${m.old === null ? '–' : formatNumber(m.old)}` : `${m.name} ${m.relative > 0 ? '+' : '−'}${formatPercent(Math.abs(m.relative))}`);
		const largest = (r: CellMove) => [r.p10, r.p50, r.p90].reduce((best, m) => (m.score > best.score ? m : best));
		out.push(
			...table([
				['cell', 'cycle', 'P10', 'P50', 'P90', 'largest move'],
				...shown.map((r) => [r.cell, formatCycleName(r.cycle, cycle), v(r.p10), v(r.p50), v(r.p90), rel(largest(r))])
			])
		);
		if (cells.moves.length > shown.length) out.push(`  … and ${cells.moves.length - shown.length} more moved (cell, cycle) pairs; --json - lists them all`);
	}
	out.push(`  ${cells.unchanged} (cell, cycle) pair${cells.unchanged === 1 ? '' : 's'} unchanged`);
	return out.join('\n') + '\n';
}

function short(sha: string | null): string {
	return sha ? sha.slice(0, 12) : '—';
}
