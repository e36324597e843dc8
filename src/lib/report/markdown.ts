// Markdown to HTML for reports: the notebook page's settings (markdown-it, html: false, so raw
// HTML in a prose cell is shown as text), plus what a self-contained file needs. Links to other
// pages become their text followed by the address, and images their alt text, so that nothing in a
// report points or loads elsewhere; in-page #anchors stay links. Headings move down `shift` levels
// so that the notebook's own "#" sits under the report's sections.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

type Env = { shift?: number; href?: string[] };

md.renderer.rules.link_open = (tokens, idx, options, rawEnv, self) => {
	const env = rawEnv as Env | undefined;
	const href = String(tokens[idx].attrGet('href') ?? '');
	if (env) (env.href ??= []).push(href);
	if (href.startsWith('#')) return self.renderToken(tokens, idx, options);
	return '<span class="link">';
};
md.renderer.rules.link_close = (tokens, idx, options, rawEnv, self) => {
	const env = rawEnv as Env | undefined;
	const href = env?.href?.pop() ?? '';
	if (href.startsWith('#')) return self.renderToken(tokens, idx, options);
	// A bare address written as a link (linkify) is already its own text.
	const token = tokens[idx - 1];
	const shown = token && token.type === 'text' && (token.content === href || href.endsWith(token.content)) ? '' : ` <span class="url">(${md.utils.escapeHtml(href)})</span>`;
	return `${shown}</span>`;
};
md.renderer.rules.image = (tokens, idx) => {
	const alt = tokens[idx].content;
	return `<span class="image">[image${alt ? `: ${md.utils.escapeHtml(alt)}` : ''}]</span>`;
};
md.renderer.rules.heading_open = (tokens, idx, _options, env) => `<h${shifted(tokens[idx].tag, env)}>`;
md.renderer.rules.heading_close = (tokens, idx, _options, env) => `</h${shifted(tokens[idx].tag, env)}>\n`;
function shifted(tag: string, env: unknown): number {
	return Math.min(6, Number(tag.slice(1)) + ((env as Env | undefined)?.shift ?? 0));
}

/** Notebook prose as HTML, its headings `shift` levels down (h1 → h3 with shift 2). */
export function proseToHtml(markdown: string, shift = 0): string {
	return md.render(markdown, { shift } satisfies Env);
}

/** One line of the report's own inline Markdown (code spans, bold) as HTML; everything else escaped. */
export function inlineToHtml(text: string): string {
	return md.renderInline(text, {} satisfies Env);
}

/** Text escaped for HTML. */
export function escapeHtml(text: string): string {
	return md.utils.escapeHtml(text);
}

/** Markdown with its ATX headings (outside code fences) `shift` levels down, at most h6. */
export function shiftMarkdownHeadings(markdown: string, shift: number): string {
	let fence: string | null = null;
	return markdown
		.split('\n')
		.map((line) => {
			const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
			if (f) {
				if (fence === null) fence = f[1][0];
				else if (f[1][0] === fence) fence = null;
				return line;
			}
			if (fence !== null || shift === 0) return line;
			const h = /^(\s{0,3})(#{1,6})(\s|$)/.exec(line);
			return h ? h[1] + '#'.repeat(Math.min(6, h[2].length + shift)) + line.slice(h[1].length + h[2].length) : line;
		})
		.join('\n');
}
