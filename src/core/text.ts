// Making untrusted text (claim values, header values) safe to show as plain text.

/** C0/C1 controls, zero-width characters, bidi embeddings/overrides/isolates and the BOM. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** The same, but tabs and line feeds stay: for multi-line output. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const INVISIBLE_INLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Multi-line text with invisible and direction-changing characters written out (line breaks kept). */
export function inert(s: string): string {
  return s.replace(INVISIBLE_INLINE, escape);
}

/**
 * `s` clipped to `max` characters, with invisible and direction-changing characters written out
 * as `\uXXXX`, so that a claim cannot hide text or reorder what is shown around it.
 */
export function visible(s: string, max = 160): string {
  const clipped = s.length > max ? s.slice(0, max) + '…' : s;
  return clipped.replace(INVISIBLE, escape);
}

/**
 * A copy of a JSON value cut at `maxDepth` (deeper values become "…"), with own-property keys only
 * (`__proto__` stays a plain key). Claims can nest 10,000 levels; serialisers must not recurse that far.
 */
export function limitDepth(value: unknown, maxDepth = 64): unknown {
  const copy = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) return '…';
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: copy(x, depth + 1), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return copy(value, 0);
}

/** JSON text of a hostile value: depth-limited, never throws. */
export function safeJson(value: unknown, maxDepth = 50): string {
  try {
    return JSON.stringify(limitDepth(value, maxDepth)) ?? String(value);
  } catch {
    return '[unprintable]';
  }
}
