// Prose cells rendered from Markdown. `html: false` escapes raw HTML, so a `<script>` or an
// `onerror` attribute in a cell is shown as text and never runs; markdown-it's validateLink
// refuses javascript:, vbscript:, file: and data: (except images) links.
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true });

// Links leave the notebook in a new tab instead of replacing it (unsaved edits stay on screen).
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	tokens[idx].attrSet('target', '_blank');
	tokens[idx].attrSet('rel', 'noopener noreferrer');
	return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string): string {
	return md.render(text);
}
