// Finds compact JWS/JWE tokens in any text in one linear pass.
//
// A token starts with its header, and a header is a JSON object, so its base64url starts with `ey`
// (`{"`, `{ `) or `ew` (`{\n`, `{\r`, `{\t`): `eyJ`, `eyA`, `ewo`, `ew0` or `ewk`. Those prefixes
// are rare in ordinary text, so one regular expression searches for them directly (the regex
// engine skips ahead at memchr-like speed whatever the density of dots, digits or letters), at the
// start of a base64url run, and takes the dotted stretch after it in the same match. Each candidate is then
// validated outwards: the header must mention `"alg"` (checked on the base64 text, before any
// decoding) and decode to a JSON object with an `alg`; then the remaining segments are read.
//
// Linear: a candidate must start a run (a lookbehind rejects positions inside one at once),
// runs do not overlap, and the search resumes after a found token, so every character is looked at
// a bounded number of times. Tokens never overlap.
//
// Segments may end in `=` padding (Microsoft's v1.0 samples do), when the padding completes the
// last base64 quantum; the range covers it. A JWS printed without its signature (`header.payload.`)
// is found too; `decode` marks it, and `check` says the signature is missing.
import { decodeSegmentObject, detached } from './b64';
import type { JsonObject, ScannedToken, TokenKind } from './types';

/** base64url alphabet membership, by char code (< 128). */
const B64URL = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') B64URL[c.charCodeAt(0)] = 1;
const DOT = 46;
const EQ = 61;

function isB64(code: number): boolean {
  return code < 128 && B64URL[code] === 1;
}

/**
 * A token: a header start (a JSON-object prefix), at least 14 header characters in all (the shortest
 * header with an `alg`, `{"alg":""}`), optional padding and a dot, then up to four more segments. The
 * regex only finds the stretch; the segments' padding, the header and the segment count are checked
 * in `readToken`. The prefix must start a run: not glued to a base64url character before it, unless
 * that character ends a `%XX` escape, as in `Bearer%20eyJ…`. That is a lookbehind (after the prefix,
 * so it is tested only where a prefix matched), not a check after the match: inside a long dotless run
 * of `eyJeyJ…` the regex would otherwise walk to the run's end from every prefix (quadratic).
 */
const TOKEN = /(?:ey[JA]|ew[o0k])(?<!(?<!%[0-9A-Fa-f])[\w-]...)[\w-]{11,}={0,2}\.[\w-]*={0,2}(?:\.[\w-]*={0,2}){0,3}/g;

/** True when a header starting at `i` is not glued to a base64url character before it. */
function startsRun(text: string, i: number): boolean {
  if (i === 0 || !isB64(text.charCodeAt(i - 1))) return true;
  // `%20eyJ…`: the escape's hex digits are not part of the token.
  return i >= 3 && text.charCodeAt(i - 3) === 37 /* % */ && isHex(text.charCodeAt(i - 2)) && isHex(text.charCodeAt(i - 1));
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * End of the segment spanning [start, stop) of the regex's match (a base64url run and at most two
 * `=`): the `=` padding counts only when it completes the run's last quantum (2 chars + `==`,
 * 3 chars + `=`). Returns a negative value (-(end) - 1) when the segment ends before `stop`, that is
 * when padding is left over and the token cannot go on past it.
 */
function segmentEnd(text: string, start: number, stop: number): number {
  let eqs = 0;
  while (eqs < 2 && stop - eqs > start && text.charCodeAt(stop - 1 - eqs) === EQ) eqs++;
  if (eqs === 0) return stop;
  const run = stop - eqs - start;
  const rest = run % 4;
  if (rest === 2 && eqs === 2) return stop;
  if (rest === 3) return eqs === 1 ? stop : -(stop - 1) - 1;
  return -(stop - eqs) - 1;
}

/** Headers repeat across a log; remember what each decoded to (bounded). */
const headerCache = new Map<string, JsonObject>();
const HEADER_CACHE_MAX = 512;
/** A header longer than this is not a real JOSE header; it is not decoded. */
const MAX_HEADER_CHARS = 8192;
/** `"alg"` in base64 at each of the three byte alignments: a header without one of them has no alg. */
const ALG_FORMS = ['ImFsZy', 'JhbGci', 'iYWxnI'];

export function headerOf(segment: string): JsonObject | null {
  if (segment.length > MAX_HEADER_CHARS || !ALG_FORMS.some((f) => segment.includes(f))) return null;
  const hit = headerCache.get(segment);
  if (hit !== undefined) return hit;
  const value = decodeSegmentObject(segment);
  const header = value && typeof value.alg === 'string' ? (value as JsonObject) : null;
  // Only real headers are kept: junk is cheap to reject again, and must not evict them.
  if (header) {
    if (headerCache.size >= HEADER_CACHE_MAX) headerCache.clear();
    headerCache.set(detached(segment), header);
  }
  return header;
}

/** The last header read: a log repeats one header, and comparing it in place costs no slice or hash. */
let lastHeaderText = '';
let lastHeader: JsonObject | null = null;

/**
 * Reads the token matched at `i` (the match `length` long), or null, with the index where the search
 * goes on. `limit` is the end of the scanned window.
 */
function readToken(text: string, i: number, length: number, limit: number): ScannedToken | null {
  const stop = i + length;
  const headerEnd = text.indexOf('.', i);
  if (segmentEnd(text, i, headerEnd) !== headerEnd) return null; // padding that does not complete a quantum
  let header: JsonObject | null;
  if (headerEnd - i === lastHeaderText.length && text.startsWith(lastHeaderText, i)) header = lastHeader;
  else {
    header = headerOf(text.slice(i, headerEnd));
    if (header) {
      lastHeaderText = detached(text.slice(i, headerEnd));
      lastHeader = header;
    }
  }
  if (!header) return null;
  const isJwe = typeof header.enc === 'string';
  const want = isJwe ? 5 : 3;
  let end = headerEnd;
  let segments = 1;
  let payloadEmpty = false;
  let lastSegmentEmpty = false;
  while (segments < want && end < stop) {
    // `end` is at a dot inside the match.
    const segStart = end + 1;
    let dot = text.indexOf('.', segStart);
    if (dot === -1 || dot > stop) dot = stop;
    const segEnd = segmentEnd(text, segStart, dot);
    end = segEnd < 0 ? -segEnd - 1 : segEnd;
    lastSegmentEmpty = end === segStart;
    if (segments === 1) payloadEmpty = lastSegmentEmpty;
    segments++;
    if (segEnd < 0) break;
  }
  if (segments < want) return null;
  // A token cut by the bound (the size cap) is not reported with a wrong end.
  if (end === limit && limit < text.length) {
    const c = text.charCodeAt(limit);
    if (isB64(c) || c === DOT || c === EQ) return null;
  }
  // `header..` is only a token when unsecured (`alg: none`, empty payload); an RS256 `header.payload.`
  // is a token printed without its signature, reported as such.
  if (!isJwe && lastSegmentEmpty && payloadEmpty && String(header.alg).toLowerCase() !== 'none') return null;
  const kind: TokenKind = isJwe ? 'jwe' : 'jws';
  return { start: i, end, kind };
}

/**
 * Tests only: told of each stretch [from, to) the token regex is run over, so a test can bound the
 * work a hover does (tokenAt) without timing it. Unset by default: one property read per `scan`.
 */
export const scanProbe: { window?: (from: number, to: number) => void } = {};

/**
 * All tokens in `text`, in order, non-overlapping. `from`/`to` restrict the search to a slice
 * (offsets stay relative to `text`).
 */
export function scan(text: string, from = 0, to = text.length): ScannedToken[] {
  const out: ScannedToken[] = [];
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (from >= to) return out;
  scanProbe.window?.(from, to);
  // The search runs in the window only, so a small window of a huge text stays cheap (hovers).
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const re = new RegExp(TOKEN); // own lastIndex: scan may be re-entered from a caller's loop
  let m: RegExpExecArray | null;
  while ((m = re.exec(window)) !== null) {
    const i = m.index + from;
    // The lookbehind cannot see before the window; look at the text itself there.
    if (i - from < 3 && from > 0 && !startsRun(text, i)) {
      re.lastIndex = text.indexOf('.', i) + 1 - from;
      continue;
    }
    const token = readToken(text, i, m[0].length, to);
    if (token) {
      out.push(token);
      re.lastIndex = token.end - from;
    } else {
      // Go on after the candidate's header: a token may start right after its dot.
      re.lastIndex = text.indexOf('.', i) + 1 - from;
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
  // The run of token characters (base64url, dots, padding, `%` escapes) around the offset, found
  // with regexes rather than a char loop: a hover inside megabytes of base64 stays cheap.
  const minStart = Math.max(0, offset - AROUND_LIMIT);
  const before = RUN_BACK.exec(text.slice(minStart, offset));
  let start = before ? minStart + before.index + 1 : minStart;
  const maxEnd = Math.min(text.length, offset + AROUND_LIMIT);
  const after = NOT_RUN.exec(text.slice(offset, maxEnd));
  let end = after ? offset + after.index : maxEnd;
  // A token holds at most 4 dots, so the one under the offset starts after the 5th dot before it and
  // ends at the 5th dot after it at the latest. In a long run of dotted junk, only that stretch is scanned
  // (from 10 dots back, so the scan falls into step with the tokens a full scan would see).
  let back = offset;
  for (let k = 0; k < 10 && back >= start; k++) back = text.lastIndexOf('.', back - 1);
  if (back >= start) start = back + 1;
  let ahead = offset - 1;
  for (let k = 0; k < 5 && ahead !== -1 && ahead < end; k++) ahead = text.indexOf('.', ahead + 1);
  if (ahead !== -1 && ahead < end) end = ahead + 1;
  for (const t of scan(text, start, end)) {
    if (t.start <= offset && offset <= t.end) return t;
  }
  return null;
}

/** The last character that cannot be in a token, and the run after it up to the end. */
const RUN_BACK = /[^\w.=%-][\w.=%-]*$/;
/** The first character that cannot be in a token. */
const NOT_RUN = /[^\w.=%-]/;
