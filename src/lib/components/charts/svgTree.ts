// A Svelte action that draws a chart from the renderers' element tree (src/lib/charts/svg/, the
// same tree the reports write out as markup) into an element, and on each new tree patches the
// DOM where it differs from the last one: the page redraws its ~40 charts on every preview, and a
// chart keeps its shape between previews (the same ticks, bars and legend with new numbers), so a
// redraw sets a few attributes. Replacing the markup instead ({@html}) parsed it and made the
// browser style and lay out every node again: slower than the Svelte markup it replaced.
// Patching also keeps focus on a focused element (a tornado's input link) across redraws.
import type { SvgChild, SvgNode } from '$lib/charts/svg/svg';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgTree(node: Element, tree: SvgNode | null) {
	let shown: SvgChild[] = [];
	const draw = (next: SvgNode | null) => {
		const children = next ? [next] : [];
		patchChildren(node, shown, children);
		shown = children;
	};
	draw(tree);
	return { update: draw };
}

function create(child: SvgChild): Node {
	if (typeof child === 'string') return document.createTextNode(child);
	const element = document.createElementNS(SVG_NS, child.name);
	for (const k in child.attrs) if (k !== 'xmlns') element.setAttribute(k, String(child.attrs[k]));
	for (const c of child.children) element.appendChild(create(c));
	return element;
}

/** Makes `parent`'s children (drawn from `before`) those of `after`, reusing each node of the same kind. */
function patchChildren(parent: Node, before: SvgChild[], after: SvgChild[]): void {
	let dom = parent.firstChild;
	for (let i = 0; i < after.length; i++) {
		const a = before[i];
		const b = after[i];
		if (dom === null || a === undefined) {
			parent.insertBefore(create(b), dom);
			continue;
		}
		const next = dom.nextSibling;
		if (typeof a === 'string' || typeof b === 'string' || a.name !== b.name) {
			if (typeof a === 'string' && typeof b === 'string') {
				if (a !== b) dom.nodeValue = b;
			} else parent.replaceChild(create(b), dom);
		} else if (a !== b) {
			patchAttributes(dom as Element, a.attrs, b.attrs);
			patchChildren(dom, a.children, b.children);
		}
		dom = next;
	}
	while (dom !== null) {
		const next = dom.nextSibling;
		parent.removeChild(dom);
		dom = next;
	}
}

function patchAttributes(element: Element, before: SvgNode['attrs'], after: SvgNode['attrs']): void {
	for (const k in after) if (after[k] !== before[k] && k !== 'xmlns') element.setAttribute(k, String(after[k]));
	for (const k in before) if (!(k in after)) element.removeAttribute(k);
}
