// The HTML report (SPEC §5): one self-contained file — inline CSS and inline SVG, no script,
// nothing fetched (a Content-Security-Policy says so to the browser too) — that reads like a memo
// and prints on A4 and Letter with every chart kept whole.
import type { Notebook, Report } from '../engine/types';
import { buildReportDocument, type Block, type ReportDocument } from './document';
import { escapeHtml, inlineToHtml, proseToHtml } from './markdown';

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #ffffff; color: #1f2633; font: 15px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
header { margin-bottom: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .25rem; font-weight: 650; color: #17202e; }
.subtitle { font-size: 1.1rem; color: #3a4354; margin: 0 0 .5rem; }
.settings { color: #4f5869; margin: 0 0 .75rem; }
h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; padding-top: .25rem; border-top: 1px solid #e6e9ee; font-weight: 650; color: #17202e; }
h3 { font-size: 1.08rem; margin: 1.6rem 0 .5rem; font-weight: 650; color: #17202e; }
h4, h5, h6 { font-size: 1rem; margin: 1.2rem 0 .4rem; font-weight: 650; }
p { margin: 0 0 .8rem; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: .88em; background: #f3f5f8; border-radius: 3px; padding: .05em .3em; overflow-wrap: anywhere; }
pre { background: #f6f7f9; padding: .6rem .8rem; border-radius: 4px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
pre code { background: none; padding: 0; }
a { color: #24568a; }
.url { color: #4f5869; font-size: .9em; overflow-wrap: anywhere; }
.stamps { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; font-size: .85rem; color: #3a4354; }
.stamps dt { color: #4f5869; }
.stamps dd { margin: 0; overflow-wrap: anywhere; }
.stamps code { font-size: .95em; }
nav.toc { font-size: .85rem; color: #4f5869; margin-top: .75rem; }
nav.toc a { color: #24568a; text-decoration: none; margin-right: .9rem; white-space: nowrap; }
nav.toc a:hover { text-decoration: underline; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: .75rem 1.5rem; margin: .25rem 0 1rem; padding: 0; }
.figures div { display: flex; flex-direction: column-reverse; justify-content: flex-end; }
.figures dt { font-size: .8rem; color: #4f5869; line-height: 1.3; }
.figures dd { margin: 0; font-size: 1.3rem; font-weight: 650; color: #1d3a5f; font-variant-numeric: tabular-nums; line-height: 1.2; }
.figures div:first-child dd { color: #8c2f39; }
.note { color: #3a4354; font-size: .92rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; font-size: .85rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; color: #4f5869; font-size: .82rem; padding-bottom: .35rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .6rem .3rem 0; border-bottom: 1px solid #e6e9ee; }
thead th { font-weight: 600; color: #3a4354; border-bottom: 1px solid #c9ced6; }
td.num, th.num { text-align: right; }
tbody th { font-weight: 500; }
th code, td code { white-space: nowrap; overflow-wrap: normal; }
th .range, td .range { display: block; }
td.num .range { color: #4f5869; font-size: .9em; }
.table-wrap { overflow-x: auto; }
figure { margin: 1rem 0 1.5rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .82rem; color: #4f5869; margin-top: .35rem; }
ul { padding-left: 1.3rem; }
footer { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid #d9dde3; font-size: .8rem; color: #4f5869; }
footer code { font-size: .95em; }
@page { margin: 14mm 13mm; }
@media print {
	body { font-size: 10.5pt; line-height: 1.45; }
	main { max-width: none; padding: 0; }
	nav.toc { display: none; }
	h2 { margin-top: 1.4rem; }
	h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
	figure, table, .figures, tr, pre { break-inside: avoid; page-break-inside: avoid; }
	p { orphans: 3; widows: 3; }
	figure svg { width: 100%; max-width: 170mm; }
	.table-wrap { overflow: visible; }
	table { font-size: 8.5pt; }
	th, td { padding: .2rem .4rem .2rem 0; }
	th code, td code { white-space: normal; }
	code { overflow-wrap: anywhere; }
	a { color: inherit; text-decoration: none; }
	code { background: none; padding: 0; }
}
`;

function headingId(id: string): string {
	return escapeHtml(id);
}

/** A table cell: a second line (after a newline) is set smaller, as a range under its median. */
function cellHtml(text: string): string {
	const [first, ...rest] = text.split('\n');
	return inlineToHtml(first) + rest.map((r) => `<span class="range">${inlineToHtml(r)}</span>`).join('');
}

function renderBlock(block: Block): string {
	switch (block.kind) {
		case 'heading':
			return `<h${block.level} id="${headingId(block.id)}">${escapeHtml(block.text)}</h${block.level}>`;
		case 'prose':
			return `<div class="prose">${proseToHtml(block.markdown, block.shift)}</div>`;
		case 'paragraph':
			return `<p${block.note ? ' class="note"' : ''}>${inlineToHtml(block.text)}</p>`;
		case 'figures':
			return `<dl class="figures">${block.items.map((i) => `<div><dt>${escapeHtml(i.caption)}</dt><dd>${escapeHtml(i.value)}</dd></div>`).join('')}</dl>`;
		case 'table': {
			const cls = (i: number) => (block.numeric?.[i] ? ' class="num"' : '');
			const head = block.head.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join('');
			const rows = block.rows
				.map((row) => `<tr>${row.map((c, i) => (i === 0 ? `<th scope="row">${cellHtml(c)}</th>` : `<td${cls(i)}>${cellHtml(c)}</td>`)).join('')}</tr>`)
				.join('\n');
			return `<div class="table-wrap"><table><caption>${escapeHtml(block.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
		}
		case 'chart':
			return `<figure>${block.svg.trim()}<figcaption>${escapeHtml(block.caption)}</figcaption></figure>`;
		case 'list':
			return `<ul>${block.items.map((i) => `<li>${inlineToHtml(i)}</li>`).join('')}</ul>`;
	}
}

/** The HTML of a report document. */
export function documentToHtml(doc: ReportDocument, generator = 'Scalecast'): string {
	const header = [
		`<h1>${escapeHtml(doc.title)}</h1>`,
		doc.subtitle ? `<p class="subtitle">${inlineToHtml(doc.subtitle)}</p>` : '',
		`<p class="settings">${escapeHtml(doc.settings)}</p>`,
		`<dl class="stamps">${doc.stamps.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${inlineToHtml(v)}</dd>`).join('')}</dl>`,
		doc.sections.length > 1
			? `<nav class="toc" aria-label="Contents">${doc.sections.map((s) => `<a href="#${headingId(s.id)}">${escapeHtml(s.title)}</a>`).join(' ')}</nav>`
			: ''
	].join('\n');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${escapeHtml(generator)}">
<title>${escapeHtml(doc.title)} — Scalecast report</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
${header}
</header>
${doc.blocks.map(renderBlock).join('\n')}
<footer>
<p>To run this report again: <code>${escapeHtml(doc.reproduce)}</code></p>
</footer>
</main>
</body>
</html>
`;
}

/**
 * A report as one self-contained HTML page. `notebook` (the parsed notebook the report was run
 * from) gives the prose, the chart cells and the units; with null the report shows its figures only.
 */
export function reportToHtml(report: Report, notebook: Notebook | null): string {
	return documentToHtml(buildReportDocument(report, notebook), report.engine ? `Scalecast ${report.engine.version}` : 'Scalecast');
}
