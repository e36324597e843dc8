// Pieces of the SVG renderers: escaping, elements, the document with its alt text, axes, legends.
// Pure strings: no DOM. Styles are presentation attributes on each element, so a chart looks the
// same inlined in an HTML page, opened as a file, or printed. Numbers arrive rounded (scales.ts).

import type { Tick } from '../scales';

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
/** Text colours: labels ≥ 4.5:1 on white, ink for headline marks. */
export const TEXT = '#555d6b';
export const INK = '#2b3445';
export const GRID = '#eceff3';
export const AXIS = '#b8bec8';
/** Fill opacities of the P5–P95 and P25–P75 bands, as on the page. */
export const OUTER_OPACITY = 0.14;
export const INNER_OPACITY = 0.28;
/** About how wide a character of 11 px text is, to lay out legends without a DOM. */
export const CHAR_WIDTH = 6.2;

export const DEFAULT_WIDTH = 640;
/** Cell names are code: set in the page's monospace. */
export const MONO = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/** Text made safe for an SVG/HTML text node or a double-quoted attribute. */
export function esc(text: string | number): string {
	// Numbers and plain words (most attributes) need nothing: a report writes thousands of them.
	if (typeof text === 'number') return String(text);
	if (!/[&<>"']/.test(text)) return text;
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export type AttrValue = string | number | null | undefined | false;

/**
 * A chart as a small element tree: what every renderer builds. `svgString` writes it as markup
 * (the reports, files); the page's components patch their DOM from it (svgTree.ts), so a redraw
 * with new numbers changes a few attributes instead of parsing and laying out a new subtree.
 */
export type SvgNode = { name: string; attrs: Record<string, string | number>; children: SvgChild[] };
/** A child: an element, or a text (escaped when written). */
export type SvgChild = SvgNode | string;
/** What `el` takes as children: nodes, texts, nested lists; '', null, undefined and false are nothing. */
export type Children = SvgChild | null | undefined | false | Children[];

function collect(children: Children, into: SvgChild[]): SvgChild[] {
	if (Array.isArray(children)) for (const c of children) collect(c, into);
	else if (children !== '' && children !== null && children !== undefined && children !== false) into.push(children);
	return into;
}

/** An element: attributes that are null, undefined or false are left out. */
export function el(name: string, a: Record<string, AttrValue> = {}, children?: Children): SvgNode {
	const kept: Record<string, string | number> = {};
	for (const k in a) {
		const v = a[k];
		if (v !== null && v !== undefined && v !== false) kept[k] = v;
	}
	return { name, attrs: kept, children: children === undefined ? [] : collect(children, []) };
}

/** A text element. */
export function text(x: number, y: number, content: string, a: Record<string, AttrValue> = {}): SvgNode {
	return el('text', { x, y, ...a }, content);
}

/** The markup of a node: self-closing when it has no children, texts escaped. */
export function svgString(node: SvgChild): string {
	if (typeof node === 'string') return esc(node);
	let out = `<${node.name}`;
	for (const k in node.attrs) out += ` ${k}="${esc(node.attrs[k])}"`;
	if (node.children.length === 0) return out + '/>';
	out += '>';
	for (const c of node.children) out += svgString(c);
	return out + `</${node.name}>`;
}

/** A chart's file: its markup and a final newline. */
export function svgFile(node: SvgNode): string {
	return svgString(node) + '\n';
}

export type SvgDocument = {
	width: number;
	height: number;
	/** Short name of the chart: `<title>` and the start of the aria-label. */
	title: string;
	/** What the chart shows in words, with its key numbers: the alt text (`<desc>` and aria-label). */
	description: string;
	body: Children;
	/** Drawn inside the notebook page (see `Target`). */
	onPage?: boolean;
	/** The root's role: `img`, or `group` where the page makes parts of it interactive (links). */
	role?: 'img' | 'group';
};

/**
 * Where a chart is drawn. Every renderer draws the same marks for both; `onPage` leaves out what
 * only a standalone file needs or what would get in the page's way: the `<title>` and `<desc>`
 * (a root `<title>` pops up as a tooltip over the whole chart, over the page's own hover readout;
 * the aria-label keeps the words) and the white background (the page's card is white already).
 */
export type Target = { onPage?: boolean };

/**
 * An `<svg>` with its own xmlns, so it can be saved as a .svg file: `role="img"` with an aria-label
 * of title and description, `<title>` and `<desc>` for tooltips and screen readers.
 */
export function svgDocument({ width, height, title, description, body, onPage = false, role = 'img' }: SvgDocument): SvgNode {
	const label = `${title}. ${description}`;
	const head = onPage ? [] : [el('title', {}, title), el('desc', {}, description), el('rect', { width, height, fill: '#ffffff' })];
	return el(
			'svg',
			{
				xmlns: 'http://www.w3.org/2000/svg',
				width,
				height,
				viewBox: `0 0 ${width} ${height}`,
				role,
				'aria-label': label,
				'font-family': FONT,
				'font-size': 11,
				fill: TEXT
			},
		[head, body]
	);
}

/** A plot drawn `dy` pixels down (under its legend). */
export function shifted(dy: number, parts: Children): SvgNode {
	return el('g', { transform: dy === 0 ? null : `translate(0,${dy})` }, parts);
}

/** Horizontal grid lines at the ticks. */
export function gridLines(ticks: Tick[], left: number, right: number): SvgNode {
	return el(
		'g',
		{ stroke: GRID, 'stroke-width': 1 },
		ticks.map((t) => el('line', { x1: left, x2: right, y1: t.position, y2: t.position }))
	);
}

/** The x axis every chart shares: a base line, tick marks and labels centred under them. */
export function axisX(ticks: Tick[], left: number, right: number, y: number, labelGap = 16): SvgNode {
	return el('g', {}, [
		el('line', { x1: left, x2: right, y1: y, y2: y, stroke: AXIS, 'stroke-width': 1 }),
		...ticks.map((t) => el('line', { x1: t.position, x2: t.position, y1: y, y2: y + 4, stroke: AXIS, 'stroke-width': 1 })),
		el(
			'g',
			{ 'text-anchor': 'middle', fill: TEXT },
			ticks.map((t) => text(t.position, y + labelGap, t.label))
		)
	]);
}

/** Y tick labels, right-aligned left of the plot. */
export function axisY(ticks: Tick[], left: number): SvgNode {
	return el(
		'g',
		{ 'text-anchor': 'end', fill: TEXT },
		ticks.map((t) => text(left - 6, t.position, t.label, { dy: '0.32em' }))
	);
}

/** One entry of a legend: its mark (drawn in a 16 × 10 box at 0,0), its label, and attributes of its group (test ids). */
export type LegendItem = { mark: SvgChild; label: string; attrs?: Record<string, AttrValue> };

export const LEGEND_ROW = 16;

/** Width an entry takes: mark, gap, text, spacing. */
function itemWidth(item: LegendItem): number {
	return 16 + 5 + item.label.length * CHAR_WIDTH + 16;
}

/** How many rows `items` need in `width` pixels. */
export function legendRows(items: LegendItem[], width: number): number {
	return layoutLegend(items, width).rows;
}

/** The height a legend of `items` wrapped at `width` takes over a plot, with `gap` pixels under it. */
export function legendHeight(items: LegendItem[], width: number, gap = 6): number {
	return legendRows(items, width) * LEGEND_ROW + gap;
}

function layoutLegend(items: LegendItem[], width: number): { rows: number; at: { x: number; row: number }[] } {
	let x = 0;
	let row = 0;
	const at: { x: number; row: number }[] = [];
	for (const item of items) {
		const w = itemWidth(item);
		if (x > 0 && x + w > width) {
			row++;
			x = 0;
		}
		at.push({ x, row });
		x += w;
	}
	return { rows: items.length === 0 ? 0 : row + 1, at };
}

/** A legend laid out in rows from (left, top), wrapping at `width`; `a`: attributes of its group. */
export function legend(items: LegendItem[], left: number, top: number, width: number, a: Record<string, AttrValue> = {}): SvgNode {
	const { at } = layoutLegend(items, width);
	return el(
		'g',
		{ ...a, fill: TEXT },
		items.map((item, i) => {
			const x = left + at[i].x;
			const y = top + at[i].row * LEGEND_ROW;
			return el('g', { ...item.attrs, transform: `translate(${x},${y})` }, [item.mark, text(21, 9, item.label)]);
		})
	);
}

/** Legend marks. */
export const marks = {
	band: (color: string, opacity: number) => el('rect', { x: 0, y: 1, width: 16, height: 9, fill: color, 'fill-opacity': opacity }),
	line: (color: string, dash?: string, width = 1.5) =>
		el('line', { x1: 0, x2: 16, y1: 5.5, y2: 5.5, stroke: color, 'stroke-width': width, 'stroke-dasharray': dash }),
	swatch: (color: string) => el('rect', { x: 3, y: 1, width: 10, height: 9, rx: 2, fill: color }),
	/** A vertical line, for a marker across the plot. */
	rule: (color: string, dash?: string) => el('line', { x1: 8, x2: 8, y1: 0, y2: 11, stroke: color, 'stroke-width': 1, 'stroke-dasharray': dash })
};
