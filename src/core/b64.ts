// The one place base64 is read and written: token segments (base64url, through jose, never throwing),
// base64 text in headers and HAR bodies (either alphabet, padded or not), and UTF-8 to base64 for
// Basic credentials.
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

/** Decodes standard (or URL-safe) base64, padded or not, to UTF-8 text; null when it is not base64. */
export function decodeBase64Text(b64: string): string | null {
  let cleaned = b64.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  let end = cleaned.length;
  while (end > 0 && cleaned.charCodeAt(end - 1) === 61) end--;
  cleaned = cleaned.slice(0, end);
  if (!/^[A-Za-z0-9+/]*$/.test(cleaned) || cleaned.length % 4 === 1) return null;
  try {
    const bin = atob(cleaned + '='.repeat((4 - (cleaned.length % 4)) % 4));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Standard, padded base64 of `s`'s UTF-8 bytes (`user:pässword` for a Basic credential). */
export function utf8ToBase64(s: string): string {
  let bin = '';
  for (const byte of utf8Encoder.encode(s)) bin += String.fromCharCode(byte);
  return btoa(bin);
}

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
