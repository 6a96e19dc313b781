// Makes untrusted text (claim values, finding messages that quote them) inert in Markdown.
// Pure: no `vscode` import, so it is unit-tested with plain Node.

/** Longest value shown in a hover or title before it is cut (UTF-16 code units). */
export const MAX_VALUE_CHARS = 200;
/** Most items of a list claim (scp, roles, aud) shown before "+N more". */
export const MAX_LIST_ITEMS = 20;

/**
 * Characters that change how text reads without being seen: C0/C1 controls, bidi overrides and
 * isolates, zero-width characters, line/paragraph separators, the BOM. Shown as `\uXXXX`.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/g;

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; we escape them all. */
const MD_PUNCT = /[!-/:-@[-`{-~]/g;

/** `s` cut to `max` code units without splitting a surrogate pair, with `…` when cut. */
export function truncate(s: string, max = MAX_VALUE_CHARS): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end) + '…';
}

/** Invisible and control characters replaced by visible `\uXXXX` text. */
export function visible(s: string): string {
  return s.replace(INVISIBLE, (ch) => '\\u' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}

/**
 * Plain text safe to embed in Markdown: truncated first (so a 1 MB claim costs no more than a short
 * one), invisible characters made visible, then every Markdown punctuation character escaped, so no
 * link, image, HTML tag, code span or `command:` URI can form.
 */
export function escapeMarkdown(value: string, max = MAX_VALUE_CHARS): string {
  return visible(truncate(value, max)).replace(MD_PUNCT, '\\$&');
}

/** Plain text for a single-line label (CodeLens title, status bar): truncated, invisibles visible. */
export function plainLabel(value: string, max = 60): string {
  return visible(truncate(value, max));
}

/** Any claim value as short display text (objects as compact JSON). */
export function valueText(v: unknown, max = MAX_VALUE_CHARS): string {
  if (typeof v === 'string') return truncate(v, max);
  if (v === undefined) return '';
  let json: string | undefined;
  try {
    json = JSON.stringify(v, (_k, x) => (typeof x === 'string' ? truncate(x, max) : x));
  } catch {
    json = String(v);
  }
  return truncate(json ?? String(v), max);
}
