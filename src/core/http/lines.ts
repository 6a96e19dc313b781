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
  for (let i = start; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c === 10 || c === 13 || c === -1) {
      out.push({ n: n++, start, end: i, text: text.slice(start, i) });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  return out;
}

/** Index of the first non-blank character of `s` (s.length when blank). */
export function firstNonBlank(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}
