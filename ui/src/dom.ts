// A tiny, safe DOM builder: text always goes in as text (never innerHTML), so data from bids
// cannot inject markup. No inline styles either (the CSP forbids them): use classes.

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "style") {
      throw new Error("Inga inline-stilar: CSP:n tillåter dem inte. Använd en klass.");
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Elementet #${id} saknas i index.html`);
  return el as T;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element; attributes as strings (presentation attributes, never style=""). */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  append(el, ...children);
  return el;
}

/** A tag with an icon (hidden from screen readers) and its text. */
export function tag(label: { text: string; icon: string; cls: string }, extra: Attrs = {}): HTMLSpanElement {
  return h("span", { class: `tag ${label.cls}`, ...extra }, h("span", { class: "tag-icon", "aria-hidden": "true" }, label.icon), label.text);
}
