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
