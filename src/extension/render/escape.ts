// Makes untrusted text (claim values, finding messages that quote them) inert in Markdown.
// Pure: no `vscode` import, so it is unit-tested with plain Node. Which characters are unsafe and how
// text is cut is decided in core (core/text.ts); this face only picks its marker.
import { hex4, reveal, truncate as coreTruncate } from '../../core/text';

/** Longest value shown in a hover or title before it is cut (UTF-16 code units). */
export const MAX_VALUE_CHARS = 200;
/** Most items of a list claim (scp, roles, aud) shown before "+N more". */
export const MAX_LIST_ITEMS = 20;

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; we escape them all. */
const MD_PUNCT = /[!-/:-@[-`{-~]/g;

/** `s` cut to `max` code units without splitting a surrogate pair (core's `truncate`), with `…` when cut. */
export function truncate(s: string, max = MAX_VALUE_CHARS): string {
  return coreTruncate(s, max);
}

/** Unsafe characters (core's one set) written out as `\uXXXX`, upper-case hex. */
export function visible(s: string): string {
  return reveal(s, (c) => '\\u' + hex4(c).toUpperCase());
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
