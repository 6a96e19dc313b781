// Finds compact JWS/JWE tokens in any text in one linear pass.
//
// Every JSON object header base64url-encodes to a string starting `ey` (`{"`, `{ `) or `ew`
// (`{\n`, `{\r`, `{\t`), so the scanner jumps between occurrences of five 3-letter prefixes (one
// regular expression, searched by the engine's fast skip loop) instead of visiting every character
// in JavaScript, then walks only the candidate run.
// A run is a token only when its first segment decodes to a JSON object with an `alg`.
import { decodeSegmentJson, detached } from './b64';
import type { JsonObject, ScannedToken, TokenKind } from './types';


/** base64url alphabet membership, by char code (< 128). */
const B64URL = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') B64URL[c.charCodeAt(0)] = 1;
const DOT = 46;

function isB64(code: number): boolean {
  return code < 128 && B64URL[code] === 1;
}

/** Index just past the base64url run starting at `i`. */
function segmentEnd(text: string, i: number, limit: number): number {
  while (i < limit && isB64(text.charCodeAt(i))) i++;
  return i;
}

/** Headers repeat across a log; remember what each decoded to (bounded). */
const headerCache = new Map<string, JsonObject | null>();
const HEADER_CACHE_MAX = 512;
/** A header longer than this is not a real JOSE header; it is not decoded. */
const MAX_HEADER_CHARS = 8192;

export function headerOf(segment: string): JsonObject | null {
  const hit = headerCache.get(segment);
  if (hit !== undefined) return hit;
  let header: JsonObject | null = null;
  if (segment.length <= MAX_HEADER_CHARS) {
    const value = decodeSegmentJson(segment);
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as JsonObject).alg === 'string') {
      header = value as JsonObject;
    }
  }
  if (headerCache.size >= HEADER_CACHE_MAX) headerCache.clear();
  headerCache.set(detached(segment), header);
  return header;
}

/** True when a token may start at `i`: not glued to a preceding base64url character. */
function startsRun(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text.charCodeAt(i - 1);
  if (!isB64(prev)) return true;
  // `Bearer%20eyJ…` in URLs: a percent escape ends right before the token.
  return i >= 3 && text.charCodeAt(i - 3) === 37 /* % */;
}

interface Candidate {
  token: ScannedToken;
  header: JsonObject;
}

/** Reads the token whose header starts at `i`, or null. `limit` bounds the walk. */
function readToken(text: string, i: number, limit: number): Candidate | null {
  const headerEnd = segmentEnd(text, i, limit);
  if (headerEnd >= limit || text.charCodeAt(headerEnd) !== DOT || headerEnd - i < 4) return null;
  const header = headerOf(text.slice(i, headerEnd));
  if (!header) return null;
  const isJwe = typeof header.enc === 'string';
  const want = isJwe ? 5 : 3;
  let end = headerEnd;
  let segments = 1;
  let lastSegmentEmpty = false;
  while (segments < want && end < limit && text.charCodeAt(end) === DOT) {
    const segStart = end + 1;
    end = segmentEnd(text, segStart, limit);
    lastSegmentEmpty = end === segStart;
    segments++;
  }
  if (segments < want) return null;
  if (!isJwe) {
    // An empty signature is only legitimate for `alg: none`; otherwise the dot is prose punctuation.
    if (lastSegmentEmpty && String(header.alg).toLowerCase() !== 'none') return null;
  }
  const kind: TokenKind = isJwe ? 'jwe' : 'jws';
  return { token: { start: i, end, kind }, header };
}

/**
 * Where a header may start: the five prefixes in one linear, non-backtracking pattern. Irregexp
 * skips through text for it several times faster than five `indexOf` passes (bench/editor.ts).
 */
const PREFIX_RE = /e(?:y[JA]|w[o0k])/g;

/**
 * All tokens in `text`, in order, non-overlapping. `from`/`to` restrict the search to a slice
 * (offsets stay relative to `text`); the search never reads past `to`.
 */
export function scan(text: string, from = 0, to = text.length): ScannedToken[] {
  const out: ScannedToken[] = [];
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (from >= to) return out;
  // Candidates are searched in the window only, so a small window of a huge text stays cheap.
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const re = new RegExp(PREFIX_RE.source, 'g');
  let pos = from;
  for (;;) {
    re.lastIndex = pos - from;
    const m = re.exec(window);
    if (!m) break;
    const best = m.index + from;
    const found = startsRun(text, best) ? readToken(text, best, to) : null;
    if (found) {
      out.push(found.token);
      pos = found.token.end;
    } else {
      pos = best + 1;
    }
  }
  return out;
}

/**
 * Longest stretch walked either side of an offset when looking for the token under it. Servers cap
 * request headers far below this (8-64 KB), so no usable token is longer; the cap keeps a hover in a
 * 30 MB run of base64 letters around a millisecond (bench/editor.ts).
 */
const AROUND_LIMIT = 256 * 1024;

/**
 * The token covering `offset` (start <= offset <= end), found from the text around it only:
 * it never rescans the whole text. For hovers and the status bar.
 */
export function tokenAt(text: string, offset: number): ScannedToken | null {
  if (offset < 0 || offset > text.length) return null;
  const isRunChar = (c: number) => c === DOT || isB64(c) || c === 37;
  let start = offset;
  const minStart = Math.max(0, offset - AROUND_LIMIT);
  while (start > minStart && isRunChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  const maxEnd = Math.min(text.length, offset + AROUND_LIMIT);
  while (end < maxEnd && isRunChar(text.charCodeAt(end))) end++;
  for (const t of scan(text, start, end)) {
    if (t.start <= offset && offset <= t.end) return t;
  }
  return null;
}
