// base64url segment decoding that never throws (jose's decoder throws on bad input).
import { base64url } from 'jose';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a base64url segment to text; null when it is not base64url or not UTF-8. */
export function decodeSegmentText(segment: string): string | null {
  try {
    return utf8.decode(base64url.decode(segment));
  } catch {
    return null;
  }
}

/** Decodes a base64url segment holding JSON; undefined when it does not. */
export function decodeSegmentJson(segment: string): unknown {
  const text = decodeSegmentText(segment);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const utf8Encoder = new TextEncoder();
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * A fresh copy of `s`. A string sliced out of a document is a view that keeps the whole document
 * text alive (tens of MB for a big log); a cache key must not be one.
 */
export function detached(s: string): string {
  return lenientUtf8.decode(utf8Encoder.encode(s));
}

const isJsonSpace = (b: number) => b === 32 || b === 10 || b === 13 || b === 9;

/**
 * Decodes a base64url segment holding a JSON object; null when it does not. Cheap on junk: the
 * shape is checked on the bytes (base64 length, `{` first, `}` last) before anything that throws,
 * so a text full of distinct header-like candidates costs no exception per candidate.
 */
export function decodeSegmentObject(segment: string): Record<string, unknown> | null {
  const unpadded = segment.endsWith('==') ? segment.length - 2 : segment.endsWith('=') ? segment.length - 1 : segment.length;
  if (unpadded % 4 === 1) return null;
  let bytes: Uint8Array;
  try {
    bytes = base64url.decode(segment);
  } catch {
    return null;
  }
  let a = 0;
  let b = bytes.length - 1;
  while (a <= b && isJsonSpace(bytes[a])) a++;
  while (b >= a && isJsonSpace(bytes[b])) b--;
  if (b <= a || bytes[a] !== 123 /* { */ || bytes[b] !== 125 /* } */) return null;
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
