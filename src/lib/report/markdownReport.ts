// The Markdown report (SPEC §5): the HTML report's content as Markdown, its charts as SVG files in
// a folder beside it (REPORT-charts/ for REPORT.md), linked relatively.
import type { Notebook, Report } from '../engine/types';
import { buildReportDocument, type Block, type ReportDocument } from './document';
import { shiftMarkdownHeadings } from './markdown';

export type MarkdownReport = {
	markdown: string;
	/** The chart files to write into the charts folder: `name` is a bare file name ("01-users.svg"). */
	files: { name: string; svg: string }[];
};

/** The charts folder of a Markdown report: "out/r.md" → "out/r-charts" (PATH without .md, plus -charts). */
export function chartsDirFor(markdownPath: string): string {
	return markdownPath.replace(/\.md$/i, '') + '-charts';
}

/** The charts folder's name as linked from the Markdown file beside it: "out/r.md" → "r-charts". */
export function chartsLinkFor(markdownPath: string): string {
	return chartsDirFor(markdownPath).split(/[\\/]/).pop() ?? '';
}

/** A table cell: pipes escaped, on one line. */
function cell(text: string): string {
	return text
		.replace(/\|/g, '\\|')
		.replace(/\n(?=\()/g, ' ')
		.replace(/\n/g, '; ');
}

/** Escapes text so Markdown shows it as written ("$" too: GitHub reads $…$ as math). */
function plain(text: string): string {
	return text.replace(/([\\`*_[\]<>#|$])/g, '\\$1');
}

/** Our inline Markdown with "$" escaped outside code spans, so that "$3k … $5k" is not math on GitHub. */
function dollars(inline: string): string {
	return inline
		.split(/(`+[^`]*`+)/)
		.map((part, i) => (i % 2 === 1 ? part : part.replace(/(?<!\\)\$/g, '\\$')))
		.join('');
}

/** A relative link target: each path segment percent-encoded, separators kept. */
function linkTarget(path: string): string {
	return path
		.split('/')
		.map((s) => encodeURIComponent(s))
		.join('/');
}

function renderBlock(block: Block, chartsDir: string, files: MarkdownReport['files']): string {
	switch (block.kind) {
		case 'heading':
			return `${'#'.repeat(block.level)} ${plain(block.text)}`;
		case 'prose':
			return shiftMarkdownHeadings(block.markdown.trim(), block.shift);
		case 'paragraph':
			return block.note ? `*${dollars(block.text)}*` : dollars(block.text);
		case 'figures':
			return block.items.map((i) => `- **${plain(i.value)}** — ${plain(i.caption)}`).join('\n');
		case 'table': {
			const align = block.head.map((_, i) => (block.numeric?.[i] ? '---:' : '---'));
			return [
				`*${plain(block.caption)}*`,
				'',
				`| ${block.head.map((h) => cell(plain(h))).join(' | ')} |`,
				`| ${align.join(' | ')} |`,
				...block.rows.map((r) => `| ${r.map((c) => cell(dollars(c))).join(' | ')} |`)
			].join('\n');
		}
		case 'chart': {
			const name = `${block.name}.svg`;
			files.push({ name, svg: block.svg });
			const alt = block.alt.replace(/[[\]\\$]/g, '\\$&').replace(/\s+/g, ' ');
			return `![${alt}](${linkTarget(`${chartsDir}/${name}`)})\n\n*${plain(block.caption)}*`;
		}
		case 'list':
			return block.items.map((i) => `- ${dollars(i)}`).join('\n');
	}
}

export function documentToMarkdown(doc: ReportDocument, chartsDir: string): MarkdownReport {
	const files: MarkdownReport['files'] = [];
	const dir = chartsDir.replace(/\/+$/, '');
	const parts = [
		`# ${plain(doc.title)}`,
		doc.subtitle ? `**${plain(doc.subtitle)}**` : '',
		plain(doc.settings),
		doc.stamps.map(([k, v]) => `- ${plain(k)}: ${dollars(v)}`).join('\n'),
		...doc.blocks.map((b) => renderBlock(b, dir, files)),
		'---',
		`To run this report again: \`${doc.reproduce.replace(/`/g, "'")}\``
	].filter((p) => p !== '');
	return { markdown: parts.join('\n\n') + '\n', files };
}

/**
 * A report as Markdown. `chartsDir` is the charts folder as linked from the Markdown file — relative
 * to it, such as "r-charts" for r.md (see `chartsDirFor`, and use the base name); `files` are the
 * SVGs to write there.
 */
export function reportToMarkdown(report: Report, notebook: Notebook | null, chartsDir: string): MarkdownReport {
	return documentToMarkdown(buildReportDocument(report, notebook), chartsDir);
}
