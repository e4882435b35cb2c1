/**
 * HTML built as a tree of elements, never by pasting text: every text child and attribute value
 * passes one escaper, tag and attribute names are checked, and a link's target must be an
 * http(s) URL. A report page is made of data from outside (service names, labels, alert names,
 * Prometheus' answers), so markup in any of it stays text.
 */

/** Markup that this module made (or a constant of sloforge's own, such as a style sheet). */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export type Child = Html | string | number | null | undefined | false | readonly Child[];
type AttributeValue = string | number | null | undefined | false;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Elements written `<x/>`: they hold nothing. */
const EMPTY = new Set(['meta', 'br', 'line', 'rect', 'polyline', 'circle', 'path']);
const NAME = /^[a-z][a-z0-9-]*$/;
/** Attribute names: lower case, and SVG's camelCase ones (viewBox). */
const ATTRIBUTE = /^[a-z][a-zA-Z0-9-]*$/;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/** An http(s) URL as given, or undefined: `javascript:`, `data:` and the like never become a link. */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function childMarkup(child: Child): string {
  if (child === null || child === undefined || child === false) return '';
  if (child instanceof Html) return child.markup;
  if (Array.isArray(child)) return (child as readonly Child[]).map(childMarkup).join('');
  return escapeHtml(String(child));
}

/** One element: `el('td', { class: 'met' }, 'text', el('b', {}, 'bold'))`. */
export function el(tag: string, attributes: Record<string, AttributeValue> = {}, ...children: Child[]): Html {
  if (!NAME.test(tag)) throw new Error(`not an element name: ${JSON.stringify(tag)}`);
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined && entry[1] !== false)
    .map(([name, value]) => {
      if (!ATTRIBUTE.test(name) || name.toLowerCase().startsWith('on')) throw new Error(`not an attribute sloforge writes: ${JSON.stringify(name)}`);
      if (URL_ATTRIBUTES.has(name) && safeUrl(String(value)) === undefined) throw new Error(`${name}: not an http(s) URL`);
      return ` ${name}="${escapeHtml(String(value))}"`;
    })
    .join('');
  if (EMPTY.has(tag)) {
    if (children.some((c) => childMarkup(c) !== '')) throw new Error(`<${tag}> holds nothing`);
    return new Html(`<${tag}${attrs}/>`);
  }
  return new Html(`<${tag}${attrs}>${children.map(childMarkup).join('')}</${tag}>`);
}

/** A link when the URL is http(s), else the text alone. */
export function link(url: string, text: Child): Html {
  const safe = safeUrl(url);
  return safe ? el('a', { href: safe, rel: 'noopener noreferrer' }, text) : el('span', {}, text);
}

/** A whole document: the doctype and the root element. */
export function htmlDocument(root: Html): string {
  return `<!doctype html>\n${root.markup}\n`;
}

/** A constant of sloforge's own source (a style sheet): never a value from outside. */
export function ownMarkup(constant: string): Html {
  return new Html(constant);
}
