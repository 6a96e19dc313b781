// Splits a text into lines with their offsets, with VS Code's line breaks (\r\n, \n, lone \r).

export interface Line {
  /** 0-based line number. */
  n: number;
  /** Offset of the first character (after a BOM on line 0). */
  start: number;
  /** Offset just past the last character, before the line break. */
  end: number;
  text: string;
}

/** Every line of `text`; a leading BOM is not part of line 0. Linear. */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let n = 0;
  // Next \n and \r positions, each found with indexOf and cached until passed (stays linear).
  let lf = text.indexOf('\n', start);
  let cr = text.indexOf('\r', start);
  for (;;) {
    if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    if (end < 0) {
      out.push({ n, start, end: text.length, text: text.slice(start) });
      return out;
    }
    out.push({ n: n++, start, end, text: text.slice(start, end) });
    start = end === cr && lf === cr + 1 ? cr + 2 : end + 1;
  }
}

/** Index of the first non-blank character of `s` (s.length when blank). */
export function firstNonBlank(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}
