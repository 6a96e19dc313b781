// Making untrusted text (claim values, header values, response bodies) safe to show. One set of
// characters and one truncation for every face; each face picks only how a character is marked
// (the CLI `\u202e`, hovers `\u202E`, the inspector `⟪U+202E⟫`).

/**
 * Characters that change how text reads without being seen: C0/C1 controls, the soft hyphen, bidi
 * marks, embeddings, overrides and isolates, zero-width and invisible letters (Hangul fillers, U+180E),
 * line/paragraph separators, variation selectors, the BOM and interlinear annotation marks.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/g;
/** The same, but tabs and line feeds stay: for multi-line text. A carriage return is still shown. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/g;

/** How a face writes out one unsafe character (its UTF-16 code unit; every unsafe character is one). */
export type Marker = (codeUnit: number) => string;

/** Four hex digits, lower case: `202e`. */
export const hex4 = (c: number): string => c.toString(16).padStart(4, '0');

/**
 * Tests only: told of the length of each text `reveal` walks, so a test can bound how much of a huge
 * claim a renderer looks at without timing it. Unset by default: one property read per call.
 */
export const textProbe: { revealed?: (chars: number) => void } = {};

/** The same sets, to test for one (not global: `test` keeps no state). */
const HAS_UNSAFE = new RegExp(UNSAFE.source);
const HAS_UNSAFE_MULTILINE = new RegExp(UNSAFE_MULTILINE.source);

/** `s` with every unsafe character written out by `marker`; `multiline` keeps tabs and line feeds. */
export function reveal(s: string, marker: Marker, opts: { multiline?: boolean } = {}): string {
  textProbe.revealed?.(s.length);
  // Tested first: `replace` copies the text even when nothing matches (the CLI's 8 MB of JSON was 15 MB of garbage).
  if (!(opts.multiline ? HAS_UNSAFE_MULTILINE : HAS_UNSAFE).test(s)) return s;
  return s.replace(opts.multiline ? UNSAFE_MULTILINE : UNSAFE, (c) => marker(c.charCodeAt(0)));
}

/** `s` cut to `max` UTF-16 code units without splitting a surrogate pair, with `…` when cut. */
export function truncate(s: string, max: number): string {
  return clip(s, max).text;
}

/** `truncate`, also saying whether it cut. */
export function clip(s: string, max: number): { text: string; truncated: boolean } {
  if (s.length <= max) return { text: s, truncated: false };
  let end = Math.max(0, max);
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return { text: s.slice(0, end) + '…', truncated: true };
}

const cliMarker: Marker = (c) => `\\u${hex4(c)}`;

/** Multi-line plain text (CLI, output channel): unsafe characters as `\uXXXX`, line breaks kept. */
export function inert(s: string): string {
  return reveal(s, cliMarker, { multiline: true });
}

/**
 * One line of plain text (CLI): `s` cut to `max` characters, unsafe characters written out as
 * `\uXXXX`, so that a claim cannot hide text or reorder what is shown around it.
 */
export function visible(s: string, max = 160): string {
  return reveal(truncate(s, max), cliMarker);
}

/** Claim strings printed by the CLI are clipped here (a claim can be 5 MB long). */
export const MAX_PRINTED_STRING = 4000;

/**
 * A copy of a JSON value cut at `maxDepth` (deeper values become "…") and strings clipped at `maxString`, with own-property keys only
 * (`__proto__` stays a plain key). Claims can nest 10,000 levels; serialisers must not recurse that far.
 */
export function limitDepth(value: unknown, maxDepth = 64, maxString = Infinity): unknown {
  const copy = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string' && v.length > maxString) return `${v.slice(0, maxString)}…`;
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) return '…';
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: copy(x, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return copy(value, 0);
}

/**
 * `value` itself when it is within `maxDepth` and its strings within `maxString` (the usual case:
 * nothing to copy before serialising), else `limitDepth`'s copy. For values only serialised.
 */
export function withinDepth(value: unknown, maxDepth = 64, maxString = Infinity): unknown {
  return fits(value, 0, maxDepth, maxString) ? value : limitDepth(value, maxDepth, maxString);
}

/** True when `v` is within `maxDepth` (from `depth`) and its strings within `maxString`. No closure nor key array per call: the CLI calls this twice per token. */
function fits(v: unknown, depth: number, maxDepth: number, maxString: number): boolean {
  if (typeof v === 'string') return v.length <= maxString;
  if (v === null || typeof v !== 'object') return true;
  if (depth >= maxDepth) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!fits(v[i], depth + 1, maxDepth, maxString)) return false;
    return true;
  }
  // A value with a prototype of its own (not parsed JSON) is copied, as limitDepth does.
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  // for...in also walks inherited enumerable keys: Object.prototype has none (were it polluted, the value is copied: safe).
  for (const k in v) if (!fits((v as Record<string, unknown>)[k], depth + 1, maxDepth, maxString)) return false;
  return true;
}

/** JSON text of a hostile value: depth-limited, never throws. */
export function safeJson(value: unknown, maxDepth = 50): string {
  try {
    return JSON.stringify(limitDepth(value, maxDepth)) ?? String(value);
  } catch {
    return '[unprintable]';
  }
}
