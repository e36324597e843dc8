// What a report for people says, as a list of blocks that the HTML and the Markdown writers both
// render: so the two carry the same content. Reads like a memo: title and stamps, the question the
// notebook answers, the headline, the notebook's prose and charts in file order, then where the
// run has them the comparison, the sensitivity, the events, the funding need and the calibration,
// and every cell's figures last.

import type { CellSummary, Notebook, Report, ScenarioComparison } from '../engine/types';
import { formatCycleName, formatCycles, formatNumber, formatPercent, formatValue, parseCycleText } from '../format';
import { isSymbolUnit } from '../charts/scales';
import { pointsOfSeries } from '../charts/actuals';
import { deltaFanSvg, eventsSvg, fanChartSvg, fundingSvg, outcomeName, runwaySvg, survivalSvg, tornadoSvg } from '../charts/svg';

/**
 * Inline text in a small Markdown subset: `code` spans (from `code()`), **bold**, and plain words.
 * Writers escape everything else; use `code()` for names and expressions from the notebook.
 */
export type Inline = string;

export type Block =
	| { kind: 'heading'; level: 2 | 3; text: string; id: string }
	/** Notebook prose (Markdown as written); its headings move down `shift` levels. */
	| { kind: 'prose'; markdown: string; shift: number }
	| { kind: 'paragraph'; text: Inline; note?: boolean }
	/** Headline figures: a big value with a caption. */
	| { kind: 'figures'; items: { value: string; caption: string }[] }
	| { kind: 'table'; caption: string; head: string[]; rows: Inline[][]; numeric?: boolean[] }
	/** `name` is the chart's file name (without .svg) in the Markdown report. */
	| { kind: 'chart'; name: string; svg: string; caption: string; alt: string }
	| { kind: 'list'; items: Inline[] };

export type ReportDocument = {
	title: string;
	/** A leading "# …" of the notebook's first prose, when it differs from the title. */
	subtitle: string | null;
	/** "Scenario base · 2,000 trials · seed 7 · 36 cycles of 1 month". */
	settings: string;
	/** Label and value of each stamp, in order; values are Inline. */
	stamps: [string, Inline][];
	/** In-page sections, for a table of contents. */
	sections: { id: string; title: string }[];
	blocks: Block[];
	/** How to run it again. */
	reproduce: string;
};

/** `text` as a Markdown code span that survives backticks inside. */
export function code(text: string): Inline {
	const runs = text.match(/`+/g) ?? [];
	const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
	const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

/** The cycles at which the report shows figures: the start, a quarter, half, three quarters, the end. */
export function reportCycles(horizon: number): number[] {
	return [...new Set([0, Math.round(horizon / 4), Math.round(horizon / 2), Math.round((3 * horizon) / 4), horizon])];
}

/** Units of the notebook's named cells. */
function unitsOf(notebook: Notebook | null): Map<string, string | undefined> {
	const units = new Map<string, string | undefined>();
	for (const cell of notebook?.cells ?? []) if ('name' in cell) units.set(cell.name, cell.unit);
	return units;
}

/** The first ATX h1 line of some Markdown, and the rest. */
function splitLeadingTitle(markdown: string): { title: string | null; rest: string } {
	const match = /^\s*#\s+(.+?)\s*#*\s*(?:\n|$)/.exec(markdown);
	return match ? { title: match[1], rest: markdown.slice(match[0].length) } : { title: null, rest: markdown };
}

/** Slug of a heading for an in-page anchor. */
function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '') || 'section'
	);
}

/** The command line that runs this report again (from the stamps and settings it carries). */
export function reproduceCommand(report: Report): string {
	const quote = (s: string) => (/^[\w./@=,:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
	const parts = ['npm run -s sim --', quote(report.notebook?.file ?? 'NOTEBOOK.yaml')];
	if (report.scenario !== 'base') parts.push('--scenario', quote(report.scenario));
	for (const [name, expr] of Object.entries(report.overrides ?? {})) parts.push('--set', quote(`${name}=${expr}`));
	const compared = Object.keys(report.comparison?.scenarios ?? {});
	const scenarios = compared.filter((n) => !n.includes('='));
	if (scenarios.length) parts.push('--compare', quote(scenarios.join(',')));
	for (const variant of compared.filter((n) => n.includes('='))) parts.push('--vary', quote(variant));
	if (report.funding && report.funding.through !== report.horizon) parts.push('--funding-through', String(report.funding.through));
	if (report.sensitivity && report.sensitivity.outcome !== 'runway') parts.push('--sensitivity', quote(report.sensitivity.outcome));
	parts.push('--trials', String(report.trials), '--seed', String(report.seed));
	return parts.join(' ');
}

/** The cells whose paired difference at the horizon is largest relative to the reference's median. */
export function movedMost(reference: Record<string, CellSummary>, scenario: ScenarioComparison, horizon: number, count = 3): { cell: string; change: number; relative: number | null }[] {
	const moves = Object.entries(scenario.delta.cells).map(([cell, d]) => {
		const change = d.p50[horizon] ?? 0;
		const base = reference[cell]?.p50[horizon] ?? 0;
		const scale = Math.max(Math.abs(base), Math.abs(scenario.cells[cell]?.p50[horizon] ?? 0));
		return { cell, change, relative: base !== 0 ? change / Math.abs(base) : null, score: scale > 0 ? Math.abs(change) / scale : change !== 0 ? 1 : 0 };
	});
	return moves
		.filter((m) => m.score > 1e-9)
		.sort((a, b) => b.score - a.score || a.cell.localeCompare(b.cell))
		.slice(0, count)
		.map(({ cell, change, relative }) => ({ cell, change, relative }));
}

/** "+12%" / "−3.4%": a signed relative change. */
export function signedPercent(x: number): string {
	const text = formatPercent(Math.abs(x));
	return (x > 0 ? '+' : x < 0 ? '−' : '') + text;
}

/** A value with its unit, signed (+ for a rise). */
function signedValue(x: number, unit: string | undefined): string {
	const v = formatValue(x, isSymbolUnit(unit) ? unit : undefined) + (unit && !isSymbolUnit(unit) ? ` ${unit}` : '');
	return x > 0 ? `+${v}` : v;
}

export const FUNDING_ASSUMPTION =
	'provided the money changes nothing else in the model: where cash drives hiring or spending, check with --set';

export function buildReportDocument(report: Report, notebook: Notebook | null): ReportDocument {
	const units = unitsOf(notebook);
	const unit = (name: string) => units.get(name);
	const symbol = (name: string) => (isSymbolUnit(unit(name)) ? unit(name) : undefined);
	const value = (name: string, x: number) => formatValue(x, symbol(name)) + (unit(name) && !symbol(name) ? ` ${unit(name)}` : '');
	const { horizon, cycle } = report;
	const when = (v: number | null) => formatCycles(v, cycle, horizon);
	const horizonName = formatCycleName(horizon, cycle);
	const blocks: Block[] = [];
	const sections: { id: string; title: string }[] = [];
	const usedIds = new Set<string>();
	const section = (title: string, level: 2 | 3 = 2) => {
		let id = slug(title);
		for (let i = 2; usedIds.has(id); i++) id = `${slug(title)}-${i}`;
		usedIds.add(id);
		if (level === 2) sections.push({ id, title });
		blocks.push({ kind: 'heading', level, text: title, id });
	};
	let figureCount = 0;
	const usedNames = new Set<string>();
	const chart = (name: string, svg: string, caption: string) => {
		figureCount++;
		let file = `${String(figureCount).padStart(2, '0')}-${slug(name)}`;
		while (usedNames.has(file)) file += '-x';
		usedNames.add(file);
		const alt = /aria-label="([^"]*)"/.exec(svg)?.[1] ?? caption;
		blocks.push({ kind: 'chart', name: file, svg, caption: `Figure ${figureCount}. ${caption}`, alt: unescapeAttr(alt) });
	};

	// The question: the notebook's first prose (its leading "# …" becomes the subtitle).
	const cells = notebook?.cells ?? [];
	const firstProse = cells.findIndex((c) => c.kind === 'md');
	let subtitle: string | null = null;
	if (firstProse >= 0) {
		const { title, rest } = splitLeadingTitle((cells[firstProse] as { text: string }).text);
		if (title && title.trim() !== report.title.trim()) subtitle = title;
		section('The question');
		blocks.push({ kind: 'prose', markdown: rest, shift: 2 });
	}

	// The headline.
	section('Headline');
	const runway = report.runway;
	if (runway) {
		blocks.push({
			kind: 'figures',
			items: [
				{ value: formatPercent(1 - runway.survives), caption: `chance of running out of ${runway.cell} by ${horizonName}` },
				{ value: when(runway.p10), caption: 'runway P10: 10% have run out by then' },
				{ value: when(runway.p50), caption: 'runway P50: half have run out by then' },
				{ value: when(runway.p90), caption: 'runway P90: 90% have run out by then' }
			]
		});
		blocks.push({
			kind: 'paragraph',
			text: `The runway is the first cycle at which ${code(runway.cell)} is below 0. In ${formatPercent(runway.survives)} of ${report.trials.toLocaleString('en-US')} futures it never is within ${formatCycles(horizon, cycle)}.`
		});
	} else {
		blocks.push({ kind: 'paragraph', text: 'The notebook names no runway cell, so there is no runway or funding need.' });
	}
	const funding = report.funding;
	if (funding && runway) {
		const ks = reportCycles(horizon).filter((k) => k <= funding.through && k < horizon);
		const money = (x: number | null) => (x === null ? 'too late' : value(runway.cell, x));
		blocks.push({
			kind: 'table',
			caption: `Funding need: money added to ${runway.cell} at a cycle that keeps it at or above 0 through ${formatCycleName(funding.through, cycle)}`,
			head: ['added at', 'enough in 50% of futures', 'enough in 90%', 'already out before then'],
			numeric: [false, true, true, true],
			rows: ks.map((k) => [formatCycleName(k, cycle), money(funding.p50[k]), money(funding.p90[k]), formatPercent(funding.tooLate[k] ?? 0)])
		});
		blocks.push({ kind: 'paragraph', text: `These amounts hold ${FUNDING_ASSUMPTION.replace('--set', code('--set'))}.`, note: true });
	}

	// The notebook's prose and charts, in file order; actuals (SPEC §4.6) as points on the fans.
	const calibration = (report as Report & { calibration?: unknown }).calibration;
	const measured = isCalibration(calibration) ? calibration.points : [];
	const actualsOf = (names: string[]) => pointsOfSeries(names, measured);
	const rest = cells.filter((c, i) => i !== firstProse && (c.kind === 'md' || c.kind === 'chart'));
	if (rest.length > 0) section('The plan');
	for (const cell of rest) {
		if (cell.kind === 'md') {
			blocks.push({ kind: 'prose', markdown: cell.text, shift: 1 });
			continue;
		}
		if (cell.kind !== 'chart') continue;
		if (cell.series === 'runway') {
			if (!runway) continue;
			const cash = report.cells[runway.cell];
			// The runway cell's own fan chart, unless the notebook already draws it alone.
			const drawn = cells.some((c) => c.kind === 'chart' && Array.isArray(c.series) && c.series.length === 1 && c.series[0] === runway.cell);
			if (cash && !drawn) {
				chart(
					runway.cell,
					fanChartSvg({
						series: [{ name: runway.cell, summary: cash, unit: unit(runway.cell) }],
						horizon,
						cycle,
						includeZero: true,
						height: 220,
						actuals: actualsOf([runway.cell]),
						title: `${runway.cell}, the runway cell`,
						note: 'The dashed line is 0.'
					}),
					`${runway.cell}, the runway cell, with a dashed line at 0.`
				);
			}
			chart('runway', runwaySvg({ runway, horizon, cycle }), `When ${runway.cell} first goes below 0: runway P10 ${when(runway.p10)}, P50 ${when(runway.p50)}, P90 ${when(runway.p90)}.`);
			continue;
		}
		const present = cell.series.filter((name) => report.cells[name]);
		const missing = cell.series.filter((name) => !report.cells[name]);
		if (present.length > 0) {
			chart(
				present.join('-'),
				fanChartSvg({
					series: present.map((name) => ({ name, summary: report.cells[name], unit: unit(name) })),
					horizon,
					cycle,
					includeZero: runway !== null && present.includes(runway.cell),
					actuals: actualsOf(present),
					note: runway !== null && present.includes(runway.cell) ? 'The dashed line is 0.' : undefined
				}),
				`${present.join(', ')}: median, P25–P75 and P5–P95 of the trials at each cycle.`
			);
		}
		if (missing.length > 0) blocks.push({ kind: 'paragraph', text: `Not in this report: ${missing.map(code).join(', ')}.`, note: true });
	}
	if (!notebook && runway && report.cells[runway.cell]) {
		section('Runway');
		chart('runway', runwaySvg({ runway, horizon, cycle }), `When ${runway.cell} first goes below 0.`);
	}

	// The scenario comparison, paired trial by trial.
	const comparison = report.comparison;
	if (comparison && Object.keys(comparison.scenarios).length > 0) {
		section('Scenarios compared');
		blocks.push({
			kind: 'paragraph',
			text: `Each scenario ran on the same ${report.trials.toLocaleString('en-US')} trials as ${code(comparison.reference)}: trial by trial they share every random draw the scenario does not change, so the differences below are paired — the same future with and without the change.`
		});
		const outBy = `out by ${horizonName}`;
		// Runway percentiles as bare numbers, their unit in the header: "15", "> 36".
		const perCycle = parseCycleText(cycle)?.count ?? 1;
		const cycleUnit = formatCycles(2, cycle).replace(/^\S+\s/, '');
		const n = (v: number | null) => (v === null ? `> ${formatNumber(horizon * perCycle)}` : formatNumber(v * perCycle));
		const rows: Inline[][] = [];
		if (runway) rows.push([`${code(comparison.reference)}\n(reference)`, n(runway.p10), n(runway.p50), formatPercent(1 - runway.survives), '—', '—']);
		for (const [name, s] of Object.entries(comparison.scenarios)) {
			const moved = movedMost(report.cells, s, horizon)
				.map((m) => `${code(m.cell)} ${signedValue(m.change, unit(m.cell))}${m.relative !== null ? ` (${signedPercent(m.relative)})` : ''}`)
				.join('\n');
			const r = s.runway;
			const d = s.delta.runway;
			const paired = d ? `longer in ${formatPercent(d.longer)}, shorter in ${formatPercent(d.shorter)} of futures` : '—';
			rows.push(runway ? [code(name), r ? n(r.p10) : '—', r ? n(r.p50) : '—', r ? formatPercent(1 - r.survives) : '—', paired, moved || 'nothing moved'] : [code(name), moved || 'nothing moved']);
		}
		blocks.push({
			kind: 'table',
			caption: `Scenarios beside ${comparison.reference}; “moved most”: the median of the paired difference at ${horizonName}`,
			head: runway ? ['scenario', `runway P10 (${cycleUnit})`, `P50 (${cycleUnit})`, outBy, 'runway, paired', 'moved most at ' + horizonName] : ['scenario', 'moved most at ' + horizonName],
			numeric: runway ? [false, true, true, true, false, false] : [false, false],
			rows
		});
		const survival = Object.entries(comparison.scenarios).flatMap(([scenario, s]) => (s.runway ? [{ scenario, runway: s.runway }] : []));
		if (runway && survival.length > 0) {
			const curves = [{ scenario: comparison.reference, runway }, ...survival];
			chart(
				'survival',
				survivalSvg({ curves, horizon, cycle }),
				`The share of futures still with money at each cycle, by scenario: ${curves.map((c) => `${c.scenario} ${formatPercent(c.runway.survives)}`).join(', ')} at ${horizonName}.`
			);
		}
		for (const [name, s] of Object.entries(comparison.scenarios)) {
			section(`${name} against ${comparison.reference}`, 3);
			const overrides = Object.entries(s.overrides);
			blocks.push(
				overrides.length
					? { kind: 'list', items: overrides.map(([cell, expr]) => `${code(cell)} = ${code(expr)}`) }
					: { kind: 'paragraph', text: 'No overrides: the same model as the reference.' }
			);
			const target = runway && s.delta.cells[runway.cell] ? runway.cell : movedMost(report.cells, s, horizon, 1)[0]?.cell;
			const delta = target ? s.delta.cells[target] : undefined;
			if (target && delta) {
				chart(
					`${name}-${target}-difference`,
					deltaFanSvg({ name: target, delta, unit: unit(target), scenario: name, reference: comparison.reference, horizon, cycle }),
					`${target} in ${name} minus ${target} in ${comparison.reference}, in the same futures: higher in ${formatPercent(delta.above[horizon] ?? 0)}, lower in ${formatPercent(delta.below[horizon] ?? 0)} at ${horizonName}.`
				);
			}
		}
	}

	// Sensitivity.
	const sensitivity = report.sensitivity;
	if (sensitivity && sensitivity.inputs.length > 0) {
		section('What moves the outcome');
		const outcomeCell = sensitivity.outcome === 'runway' ? undefined : sensitivity.outcome.slice(0, sensitivity.outcome.lastIndexOf('@'));
		const top = sensitivity.inputs[0];
		const fmt = (x: number) => (sensitivity.outcome === 'runway' ? formatPercent(x) : formatValue(x, outcomeCell ? symbol(outcomeCell) : undefined));
		blocks.push({
			kind: 'paragraph',
			text: `From the same trials, without extra runs: the mean ${outcomeName(sensitivity.outcome)} over the futures where each uncertain input is in its lowest tenth (at or below its P10) and in its highest tenth (at or above its P90). The largest effect is ${code(top.cell)}: ${fmt(top.low.mean)} in its lowest tenth, ${fmt(top.high.mean)} in its highest.`
		});
		const outcomeCycle = outcomeCell ? Number(sensitivity.outcome.slice(sensitivity.outcome.lastIndexOf('@') + 1)) : NaN;
		const mean = sensitivity.outcome === 'runway' ? (runway ? 1 - runway.survives : undefined) : outcomeCell ? report.cells[outcomeCell]?.mean[outcomeCycle] : undefined;
		chart('sensitivity', tornadoSvg({ sensitivity, mean, unit: outcomeCell ? unit(outcomeCell) : undefined }), `What moves the ${outcomeName(sensitivity.outcome)}, largest effect first.`);
	}

	// Events.
	const events = Object.entries(report.events ?? {});
	if (events.length > 0) {
		section('Events');
		const conditions = new Map((notebook?.events ?? []).map((e) => [e.name, e.condition]));
		const half = Math.round(horizon / 2);
		blocks.push({
			kind: 'table',
			caption: 'Events: the chance that each has happened by a cycle, and when it first happens',
			head: ['event', 'condition', `by ${formatCycleName(half, cycle)}`, `by ${horizonName}`, 'median first cycle', 'P10 – P90'],
			numeric: [false, false, true, true, true, true],
			rows: events.map(([name, e]) => [
				code(name),
				conditions.has(name) ? code(conditions.get(name)!) : '',
				formatPercent(e.byCycle[half] ?? 0),
				formatPercent(e.byCycle[horizon] ?? 0),
				e.p50 === null ? 'never' : formatCycleName(e.p50, cycle),
				`${e.p10 === null ? 'never' : formatCycleName(e.p10, cycle)} – ${e.p90 === null ? 'never' : formatCycleName(e.p90, cycle)}`
			])
		});
		for (const [name, e] of events) {
			const curves = [
				{ scenario: report.comparison?.reference ?? report.scenario, summary: e },
				...Object.entries(report.comparison?.scenarios ?? {}).flatMap(([scenario, c]) => (c.events[name] ? [{ scenario, summary: c.events[name] }] : []))
			];
			chart(
				`event-${name}`,
				eventsSvg({ event: name, curves, horizon, cycle }),
				`${name}: the chance that it has happened by each cycle${curves.length > 1 ? ', by scenario' : ''}; the dot marks its median first cycle.`
			);
		}
	}

	// The funding need.
	if (funding && runway) {
		section('Funding need');
		blocks.push({
			kind: 'paragraph',
			text: `How much money, added to ${code(runway.cell)} at a cycle and kept from then on, keeps it at or above 0 through ${formatCycleName(funding.through, cycle)}: raising the P90 amount keeps the runway in about 90% of futures — **${FUNDING_ASSUMPTION.replace('--set', code('--set'))}**. Money comes too late in futures that have already run out.`
		});
		chart('funding-need', fundingSvg({ funding, horizon, cycle, unit: unit(runway.cell) }), `Funding need by the cycle the money arrives, through ${formatCycleName(funding.through, cycle)}.`);
	}

	// Calibration (SPEC §4.6), when the report has it.
	if (isCalibration(calibration) && calibration.points.length > 0) {
		section('Calibration against actuals');
		blocks.push({
			kind: 'paragraph',
			text: `Where each measured value fell in the forecast (0%: below every trial, 100%: above every trial). The re-plan conditioned on them rests on about ${formatNumber(calibration.ess)} trials (effective sample size).`
		});
		blocks.push({
			kind: 'table',
			caption: 'Actuals in the forecast',
			head: ['cell', 'cycle', 'actual', 'percentile in the forecast'],
			numeric: [false, true, true, true],
			rows: calibration.points.map((p) => [code(p.cell), formatCycleName(p.cycle, cycle), value(p.cell, p.actual), formatPercent(p.percentile)])
		});
	}

	// Every cell's figures.
	section('All cells');
	const cycles = reportCycles(horizon);
	blocks.push({
		kind: 'table',
		caption: 'Median (P10 – P90) of each cell at a few cycles',
		head: ['cell', ...cycles.map((t) => formatCycleName(t, cycle))],
		numeric: [false, ...cycles.map(() => true)],
		rows: Object.entries(report.cells).map(([name, s]) => [
			code(name) + (unit(name) && !symbol(name) ? ` (${unit(name)})` : ''),
			...cycles.map((t) => `${formatValue(s.p50[t], symbol(name))}\n(${formatValue(s.p10[t], symbol(name))} – ${formatValue(s.p90[t], symbol(name))})`)
		])
	});

	const stamps: [string, Inline][] = [
		['notebook', report.notebook ? code(report.notebook.file) : 'not stamped'],
		['sha256', report.notebook ? code(report.notebook.sha256) : '—'],
		['engine', report.engine ? `Scalecast ${report.engine.version}` : 'not stamped'],
		['created', report.created ?? '—'],
		['scenario', code(report.scenario)],
		['overrides', Object.keys(report.overrides ?? {}).length ? Object.entries(report.overrides).map(([k, v]) => code(`${k}=${v}`)).join(', ') : 'none'],
		['trials, seed', `${report.trials.toLocaleString('en-US')} trials, seed ${report.seed}`],
		['percentiles', report.quantiles === 'sketch' ? 'estimated (sketch, within 0.5%)' : 'exact']
	];
	return {
		title: report.title,
		subtitle,
		settings: `Scenario ${report.scenario} · ${report.trials.toLocaleString('en-US')} trials · seed ${report.seed} · ${horizon} cycles of ${cycle}`,
		stamps,
		sections,
		blocks,
		reproduce: reproduceCommand(report)
	};
}

type Calibration = { points: { cell: string; cycle: number; actual: number; percentile: number }[]; ess: number };
function isCalibration(x: unknown): x is Calibration {
	return typeof x === 'object' && x !== null && Array.isArray((x as Calibration).points) && typeof (x as Calibration).ess === 'number';
}

function unescapeAttr(s: string): string {
	return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
