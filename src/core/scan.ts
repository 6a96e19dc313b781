// Finds compact JWS/JWE tokens in any text in one linear pass.
//
// Every token has a dot right after its header, and dots are rarer than any letter, so the scanner
// jumps from dot to dot with indexOf (memchr speed), walks back to the start of the base64url run
// before the dot, and looks closer only when that run starts like a JSON object header: `ey` (`{"`,
// `{ `) or `ew` (`{\n`, `{\r`, `{\t`). A walk back stops at the previous dot at the latest, so
// every character is walked a bounded number of times. A run is a token only when its first
// segment decodes to a JSON object with an `alg`.
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

/** True when a JSON-object header may start at `i`: `eyJ`, `eyA`, `ewo`, `ew0` or `ewk`. */
function headerPrefixAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 101 /* e */) return false;
  const c1 = text.charCodeAt(i + 1);
  const c2 = text.charCodeAt(i + 2);
  if (c1 === 121 /* y */) return c2 === 74 /* J */ || c2 === 65 /* A */;
  if (c1 === 119 /* w */) return c2 === 111 /* o */ || c2 === 48 /* 0 */ || c2 === 107 /* k */;
  return false;
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
  // A token cut by the bound (the size cap) is not reported with a wrong end.
  if (end === limit && limit < text.length) {
    const c = text.charCodeAt(limit);
    if (isB64(c) || c === DOT) return null;
  }
  if (!isJwe) {
    // An empty signature is only legitimate for `alg: none`; otherwise the dot is prose punctuation.
    if (lastSegmentEmpty && String(header.alg).toLowerCase() !== 'none') return null;
  }
  const kind: TokenKind = isJwe ? 'jwe' : 'jws';
  return { token: { start: i, end, kind }, header };
}

/**
 * All tokens in `text`, in order, non-overlapping. `from`/`to` restrict the search to a slice
 * (offsets stay relative to `text`).
 */
export function scan(text: string, from = 0, to = text.length): ScannedToken[] {
  const out: ScannedToken[] = [];
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (from >= to) return out;
  // Dots are searched in the window only, so a small window of a huge text stays cheap (hovers).
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const nextDot = (at: number) => {
    const i = window.indexOf('.', at - from);
    return i < 0 ? -1 : i + from;
  };
  let dot = nextDot(from);
  while (dot !== -1) {
    // Start of the base64url run that ends at this dot (it cannot start before `from`).
    let s = dot;
    while (s > from && isB64(text.charCodeAt(s - 1))) s--;
    // `Bearer%20eyJ…` in URLs: the escape's hex digits glue onto the run.
    if (!headerPrefixAt(text, s) && s >= 1 && text.charCodeAt(s - 1) === 37 /* % */) s += 2;
    const atRunStart = s === from ? from === 0 || !isB64(text.charCodeAt(from - 1)) || text.charCodeAt(from - 3) === 37 : true;
    const found = atRunStart && s < dot && headerPrefixAt(text, s) ? readToken(text, s, to) : null;
    if (found) {
      out.push(found.token);
      dot = found.token.end < to ? nextDot(found.token.end) : -1;
    } else {
      dot = nextDot(dot + 1);
    }
  }
  return out;
}

/**
 * Longest stretch walked either side of an offset when looking for the token under it: enough for a
 * 1 MB token (shown truncated), while a hover inside a 30 MB run of base64 letters stays in the
 * low milliseconds (bench/editor.ts).
 */
const AROUND_LIMIT = 1100 * 1024;

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
