/** A section of docs/benchmarks.md that one benchmark writes on its own, between an HTML comment pair. */
export interface DocSection {
  begin: string;
  end: string;
}

/** `doc` with the section replaced by `text` (which carries the markers), or appended when the doc has none. */
export function replaceSection(doc: string, { begin, end }: DocSection, text: string): string {
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) return `${doc.trimEnd()}\n\n${text}\n`;
  return `${doc.slice(0, from)}${text}${doc.slice(to + end.length)}`;
}
