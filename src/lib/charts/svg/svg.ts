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

/** Text made safe for an SVG/HTML text node or a double-quoted attribute. */
export function esc(text: string | number): string {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type AttrValue = string | number | null | undefined | false;

/** ` a="1" b="x"`, skipping null, undefined and false. */
export function attrs(a: Record<string, AttrValue>): string {
	let out = '';
	for (const [k, v] of Object.entries(a)) if (v !== null && v !== undefined && v !== false) out += ` ${k}="${esc(v)}"`;
	return out;
}

/** An element; self-closing when it has no children. `children` is already markup. */
export function el(name: string, a: Record<string, AttrValue> = {}, children?: string | string[]): string {
	const inner = Array.isArray(children) ? children.join('') : children;
	return inner === undefined || inner === '' ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${inner}</${name}>`;
}

/** A text element with escaped content. */
export function text(x: number, y: number, content: string, a: Record<string, AttrValue> = {}): string {
	return el('text', { x, y, ...a }, esc(content));
}

export type SvgDocument = {
	width: number;
	height: number;
	/** Short name of the chart: `<title>` and the start of the aria-label. */
	title: string;
	/** What the chart shows in words, with its key numbers: the alt text (`<desc>` and aria-label). */
	description: string;
	body: string;
};

/**
 * A standalone `<svg>` (its own xmlns, so it can be saved as a .svg file): `role="img"` with an
 * aria-label of title and description, `<title>` and `<desc>` for tooltips and screen readers.
 */
export function svgDocument({ width, height, title, description, body }: SvgDocument): string {
	return (
		el(
			'svg',
			{
				xmlns: 'http://www.w3.org/2000/svg',
				width,
				height,
				viewBox: `0 0 ${width} ${height}`,
				role: 'img',
				'aria-label': `${title}. ${description}`,
				'font-family': FONT,
				'font-size': 11,
				fill: TEXT
			},
			[el('title', {}, esc(title)), el('desc', {}, esc(description)), el('rect', { width, height, fill: '#ffffff' }), body]
		) + '\n'
	);
}

/** Horizontal grid lines at the ticks. */
export function gridLines(ticks: Tick[], left: number, right: number): string {
	return el(
		'g',
		{ stroke: GRID, 'stroke-width': 1 },
		ticks.map((t) => el('line', { x1: left, x2: right, y1: t.position, y2: t.position }))
	);
}

/** The x axis every chart shares: a base line, tick marks and labels centred under them. */
export function axisX(ticks: Tick[], left: number, right: number, y: number): string {
	return el('g', {}, [
		el('line', { x1: left, x2: right, y1: y, y2: y, stroke: AXIS, 'stroke-width': 1 }),
		...ticks.map((t) => el('line', { x1: t.position, x2: t.position, y1: y, y2: y + 4, stroke: AXIS, 'stroke-width': 1 })),
		el(
			'g',
			{ 'text-anchor': 'middle', fill: TEXT },
			ticks.map((t) => text(t.position, y + 16, t.label))
		)
	]);
}

/** Y tick labels, right-aligned left of the plot. */
export function axisY(ticks: Tick[], left: number): string {
	return el(
		'g',
		{ 'text-anchor': 'end', fill: TEXT },
		ticks.map((t) => text(left - 6, t.position, t.label, { dy: '0.32em' }))
	);
}

/** One entry of a legend: its mark (drawn in a 16 × 10 box at 0,0) and its label. */
export type LegendItem = { mark: string; label: string };

export const LEGEND_ROW = 16;

/** Width an entry takes: mark, gap, text, spacing. */
function itemWidth(item: LegendItem): number {
	return 16 + 5 + item.label.length * CHAR_WIDTH + 16;
}

/** How many rows `items` need in `width` pixels. */
export function legendRows(items: LegendItem[], width: number): number {
	return layoutLegend(items, width).rows;
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

/** A legend laid out in rows from (left, top), wrapping at `width`. */
export function legend(items: LegendItem[], left: number, top: number, width: number): string {
	const { at } = layoutLegend(items, width);
	return el(
		'g',
		{ fill: TEXT },
		items.map((item, i) => {
			const x = left + at[i].x;
			const y = top + at[i].row * LEGEND_ROW;
			return el('g', { transform: `translate(${x},${y})` }, [item.mark, text(21, 9, item.label)]);
		})
	);
}

/** Legend marks. */
export const marks = {
	band: (color: string, opacity: number) => el('rect', { x: 0, y: 1, width: 16, height: 9, fill: color, 'fill-opacity': opacity }),
	line: (color: string, dash?: string, width = 1.5) =>
		el('line', { x1: 0, x2: 16, y1: 5.5, y2: 5.5, stroke: color, 'stroke-width': width, 'stroke-dasharray': dash }),
	swatch: (color: string) => el('rect', { x: 3, y: 1, width: 10, height: 9, rx: 2, fill: color }),
	dot: (color: string, hollow = false) =>
		el('circle', { cx: 8, cy: 5.5, r: 4, fill: hollow ? '#ffffff' : color, stroke: color, 'stroke-width': 1.5 })
};
