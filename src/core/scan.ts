// Finds compact JWS/JWE tokens in any text in one linear pass.
//
// A token starts with its header, and a header is a JSON object holding `"alg"`: its base64url
// starts with `ey` (`{"`, `{ `) or `ew` (`{\n`, `{\r`, `{\t`), `eyJ`, `eyA`, `ewo`, `ew0` or `ewk`,
// and holds `"alg"` in one of its three base64 forms. The search looks for those forms, not for the
// prefixes: each is a literal that `indexOf` finds at memchr speed from an uppercase letter, rare in
// logs, code and prose, where the five prefixes together start with the commonest letter and cost
// the regex engine more than the literal `eyJ…` regex takes for the whole job. From a hit, the
// candidate is validated outwards: the run of base64url characters holding it must start with a
// header prefix (not glued to a character before it, but a `%XX` escape), a sticky regex takes the
// dotted stretch from there, and the header must decode to a JSON object with an `alg`; then the
// remaining segments are read.
//
// Linear: every run is examined once (the search resumes after the run, the candidate's header
// or the found token), each form's search never goes over the same text twice, and the walk back to
// a run's start stops where the search resumed. Tokens never overlap.
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
 * The search: every header holds `"alg"`, so its base64 holds one of `ImFsZy`, `JhbGci`, `iYWxnI`
 * (`ALG_FORMS`). Those are searched with `indexOf`, which V8 runs as memchr on the pattern's first
 * character and a compare: an uppercase first letter is rare in text, so `iYWxnI` is searched from its
 * `Y`. A hit only says where to look; the run of base64url characters around it is then checked
 * for a header start, as the regex below.
 */
const TRIGGERS = ['JhbGci', 'ImFsZy', 'YWxnI'];

/**
 * A token from its start: a header start (a JSON-object prefix), at least 14 header characters in all
 * (the shortest header with an `alg`, `{"alg":""}`), optional padding and a dot, then up to four more
 * segments. It only finds the stretch; the segments' padding, the header and the segment count are
 * checked in `readToken`.
 */
const TOKEN_AT = /(?:ey[JA]|ew[o0k])[\w-]{11}[\w-]*={0,2}\.[\w-]*={0,2}(?:\.[\w-]*={0,2}){0,3}/y;
/** The first character after a run of base64url characters. */
const RUN_END = /[^\w-]/g;

/**
 * Returns the next trigger hit at or after a position, of any of the three triggers, in `text`. Each
 * trigger is searched only as far as the nearest hit known: in a text dense with tokens, a trigger
 * that is rare there is searched in the gaps between tokens only (an `indexOf` stops at every base64
 * character that starts its pattern, so a search through the tokens themselves costs more than the
 * tokens' walk). Every trigger's searches cover disjoint stretches of the text.
 */
function triggerSearch(text: string): (pos: number) => number {
  // Per trigger: its first hit from where it was last searched, or -1 when it has none before `clearTo`.
  const hitAt = [-1, -1, -1];
  const clearTo = [0, 0, 0];
  // The trigger of the last hit: searched first, without a bound.
  let lead = 0;
  return (pos) => {
    let best = -1;
    let bestK = lead;
    for (let k = 0; k < 3; k++) if (hitAt[k] >= pos && (best === -1 || hitAt[k] < best)) best = hitAt[(bestK = k)];
    for (let j = 0; j < 3; j++) {
      const k = (lead + j) % 3;
      const start = Math.max(pos, clearTo[k]);
      if (hitAt[k] >= pos || (best !== -1 && start >= best)) continue;
      const t = TRIGGERS[k];
      // Hits starting before `best` only: a slice bounds the search.
      let q = best === -1 ? text.indexOf(t, start) : text.slice(start, best + t.length - 1).indexOf(t);
      if (q !== -1 && best !== -1) q += start;
      hitAt[k] = q;
      if (q === -1) clearTo[k] = best === -1 ? text.length : best;
      else best = hitAt[(bestK = k)];
    }
    lead = bestK;
    return best;
  };
}

/** The length of the token stretch starting at `i` (`TOKEN_AT`), or -1. */
function tokenLength(text: string, i: number): number {
  if (text.charCodeAt(i) !== 101 /* e */) return -1;
  TOKEN_AT.lastIndex = i;
  return TOKEN_AT.test(text) ? TOKEN_AT.lastIndex - i : -1;
}

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

/** How many of the headers read last are kept for `headerAt`. */
const RECENT_HEADERS = 4;
/**
 * The headers read last, newest first: a log repeats a few headers, and comparing one in place costs
 * no slice or hash. A header seen again gets a sticky regex of its text: V8 compares a regex's literal
 * several characters at a time, where `startsWith` goes character by character (a third of the time
 * of a scan of a log made of tokens).
 */
const recentHeaders: { text: string; header: JsonObject; re: RegExp | null }[] = [];

/** The header of the segment [i, end) of `text`, or null. */
function headerAt(text: string, i: number, end: number): JsonObject | null {
  const length = end - i;
  for (let k = 0; k < recentHeaders.length; k++) {
    const r = recentHeaders[k];
    if (r.text.length !== length) continue;
    if (r.re) {
      r.re.lastIndex = i;
      if (r.re.test(text)) return r.header;
    } else if (text.startsWith(r.text, i)) {
      // The segment is base64url and `=`: its text is a regex matching itself.
      r.re = new RegExp(r.text, 'y');
      return r.header;
    }
  }
  const header = headerOf(text.slice(i, end));
  if (header) {
    if (recentHeaders.length >= RECENT_HEADERS) recentHeaders.pop();
    recentHeaders.unshift({ text: detached(text.slice(i, end)), header, re: null });
  }
  return header;
}

/**
 * Reads the token matched at `i` (the match `length` long) in `text` (the scanned window), or null.
 * `cut`: the window ends inside a run of token characters of the whole text.
 */
function readToken(text: string, i: number, length: number, cut: boolean): ScannedToken | null {
  const stop = i + length;
  const headerEnd = text.indexOf('.', i);
  if (segmentEnd(text, i, headerEnd) !== headerEnd) return null; // padding that does not complete a quantum
  const header = headerAt(text, i, headerEnd);
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
  if (end === text.length && cut) return null;
  // `header..` is only a token when unsecured (`alg: none`, empty payload); an RS256 `header.payload.`
  // is a token printed without its signature, reported as such.
  if (!isJwe && lastSegmentEmpty && payloadEmpty && String(header.alg).toLowerCase() !== 'none') return null;
  const kind: TokenKind = isJwe ? 'jwe' : 'jws';
  return { start: i, end, kind };
}

/**
 * Tests only: told of each stretch [from, to) the search is run over, so a test can bound the
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
  const w = from === 0 && to === text.length ? text : text.slice(from, to);
  const after = to < text.length ? text.charCodeAt(to) : -1;
  const cut = after !== -1 && (isB64(after) || after === DOT || after === EQ);
  const nextHit = triggerSearch(w);
  let pos = 0;
  for (;;) {
    const hit = nextHit(pos);
    if (hit === -1) break;
    // The run of base64url characters holding the hit starts at `run` (nothing before `pos` is walked
    // again: `pos` is never inside a run, but at the window's start).
    let run = hit;
    while (run > pos && isB64(w.charCodeAt(run - 1))) run--;
    // Its header starts at the run's start, or after a `%XX` escape's hex digits (`Bearer%20eyJ…`).
    // At the window's start, the text before it says whether the run starts there.
    let length = -1;
    let i = run;
    if (run > 0 || from === 0 || startsRun(text, from)) {
      length = tokenLength(w, i);
      if (length === -1 && run > 0 && w.charCodeAt(run - 1) === 37 /* % */ && isHex(w.charCodeAt(run))) length = tokenLength(w, (i = run + 2));
    }
    if (length === -1) {
      // No header starts this run: go on after it.
      RUN_END.lastIndex = hit;
      pos = RUN_END.test(w) ? RUN_END.lastIndex - 1 : w.length;
      continue;
    }
    const token = readToken(w, i, length, cut);
    if (token) {
      out.push(from === 0 ? token : { start: token.start + from, end: token.end + from, kind: token.kind });
      pos = token.end;
    } else {
      // Go on after the candidate's header: a token may start right after its dot.
      pos = w.indexOf('.', i) + 1;
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
  // The tokens of a run depend on the run only: a full scan splits it greedily from its start. So
  // when the run starts less than SYNC_LIMIT before the offset (any real text), it is scanned from
  // there, and the answer is the full scan's. Only in a longer run of dotted junk is the stretch cut:
  // a token holds at most 4 dots, so the one under the offset starts after the 5th dot before it;
  // the scan starts 10 dots back to fall into step with the full scan's split (usually, not surely).
  // (`start` is the run's start when a character before it ends the run, or the text starts there.)
  if ((!before && minStart > 0) || offset - start > SYNC_LIMIT) {
    let back = offset;
    for (let k = 0; k < 10 && back >= start; k++) back = text.lastIndexOf('.', back - 1);
    if (back >= start) start = back + 1;
  }
  // It ends at the 5th dot after the offset at the latest.
  let ahead = offset - 1;
  for (let k = 0; k < 5 && ahead !== -1 && ahead < end; k++) ahead = text.indexOf('.', ahead + 1);
  if (ahead !== -1 && ahead < end) end = ahead + 1;
  for (const t of scan(text, start, end)) {
    if (t.start <= offset && offset <= t.end) return t;
  }
  return null;
}

/**
 * How far back from the offset a run of token characters is scanned from its start, which makes
 * `tokenAt` agree with `scan` exactly: 64 KB of the worst junk (the bench's distinct junk, about 20 ms/MB) costs
 * a hover about 1-2 ms.
 */
const SYNC_LIMIT = 64 * 1024;

/** The last character that cannot be in a token, and the run after it up to the end. */
const RUN_BACK = /[^\w.=%-][\w.=%-]*$/;
/** The first character that cannot be in a token. */
const NOT_RUN = /[^\w.=%-]/;
