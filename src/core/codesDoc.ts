// docs/codes.md, cut at its anchors: the section a diagnostic's code links to, for the extension's
// own view of it (the Problems panel's code link lands on that section, rendered, in one tab).

/** The anchor of a finding code's section in docs/codes.md (also SARIF's helpUri fragment). */
export function findingAnchor(code: string): string {
  return `finding-${code}`;
}

const ANCHOR = /^<a id="([^"]+)"><\/a>\s*$/;
const HEADING = /^(#{1,6})\s/;

/**
 * The Markdown of the section that `<a id="anchor"></a>` starts, from its heading up to the next anchor
 * or the next heading of the same or a higher level; undefined when the document has no such anchor.
 */
export function codeSection(markdown: string, anchor: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => ANCHOR.exec(l)?.[1] === anchor);
  if (start < 0) return undefined;
  let i = start + 1;
  while (i < lines.length && lines[i].trim() === '') i++;
  const level = HEADING.exec(lines[i] ?? '')?.[1].length ?? 6;
  const out: string[] = [];
  for (let j = i; j < lines.length; j++) {
    const l = lines[j];
    if (j > i && (ANCHOR.test(l) || ((HEADING.exec(l)?.[1].length ?? 7) <= level))) break;
    out.push(l);
  }
  while (out.length && out[out.length - 1].trim() === '') out.pop();
  return out.join('\n');
}
