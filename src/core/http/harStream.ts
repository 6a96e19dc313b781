// Streaming HAR reader (issue 16): reads a strict-JSON HAR without building a syntax tree. It walks
// the document once, reads the fields an entry needs (method, URL, headers, status, content) with
// their offsets, and skips every other value, strings by `indexOf('"')`. It returns null on anything
// that is not strict JSON (comments, trailing commas, a raw line break in a string, an error), or on
// nesting deeper than MAX_DEPTH; the caller then reads the text with jsonc-parser's error-tolerant
// tree, so the result is always the one that tree gives. Field rules match `har.ts`: the first
// property of a name wins, a field of the wrong type reads as missing.
import { decodeBase64Text } from '../b64';
import type { Har, HarEntry, HarRequest, HarResponse, HeaderPairs } from './har';

const MAX_DEPTH = 256;

/** Thrown to give up on the streaming read (caught in `readHarStreaming`). */
class NotStrict {}
const NOT_STRICT = new NotStrict();

// eslint-disable-next-line no-control-regex -- the control characters are what is refused
const CONTROL = /[\u0000-\u001f]/;

/** True for the char codes of `0`-`9`. */
const isDigit = (c: number) => c >= 48 && c <= 57;

/** A string value with the offsets of its quotes ([offset, end) includes them). */
interface Str {
  value: string;
  offset: number;
  end: number;
}

/** What a field held: a string, a number, or something else (present, but of another type). */
type Field = Str | number | null;

class Reader {
  i: number;
  /** The last key read: its text's span inside the quotes, and its value when it held an escape (else undefined). */
  private keyStart = 0;
  private keyEnd = 0;
  private keyDecoded: string | undefined;
  /** The open containers of `skip` (reused: `skip` never nests). */
  private readonly stack: number[] = [];
  /** Next `\n` at or after the current string, and next `\r` (-1: none left). Raw breaks end a JSON string early in jsonc-parser, so they are refused. */
  private nl: number;
  private cr: number;

  constructor(
    readonly s: string,
    start: number,
  ) {
    this.i = start;
    this.nl = s.indexOf('\n');
    this.cr = s.indexOf('\r');
  }

  /** Skips white space; returns the char code there (NaN at the end). */
  ws(): number {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else {
        this.i = i;
        return c;
      }
    }
  }

  /** Index just past the closing quote of the string opening at `this.i`; checks no raw line break lies inside. */
  private stringEnd(): number {
    const s = this.s;
    const open = this.i;
    let j = open + 1;
    for (;;) {
      const q = s.indexOf('"', j);
      if (q === -1) throw NOT_STRICT;
      let b = q - 1;
      while (s.charCodeAt(b) === 92 /* \ */) b--;
      if ((q - 1 - b) % 2 === 0) {
        // The pointers only move forward: linear over the whole document.
        if (this.nl !== -1 && this.nl < open) this.nl = s.indexOf('\n', open);
        if (this.cr !== -1 && this.cr < open) this.cr = s.indexOf('\r', open);
        if ((this.nl !== -1 && this.nl < q) || (this.cr !== -1 && this.cr < q)) throw NOT_STRICT;
        return q + 1;
      }
      j = q + 1;
    }
  }

  /**
   * Checks the string at `this.i` and moves past it, making no string: true when it holds an escape
   * (then `decode` gives its value), false when its value is its text as written.
   */
  private pass(): boolean {
    const s = this.s;
    const open = this.i;
    const end = this.stringEnd();
    this.i = end;
    // JSON forbids control characters in strings; jsonc-parser keeps them, JSON.parse refuses them.
    if (end - open > 64) {
      // A long string (a token, a body) is tested by the regular expression engine, faster than a loop here.
      const text = s.slice(open + 1, end - 1);
      if (CONTROL.test(text)) throw NOT_STRICT;
      return text.indexOf('\\') !== -1;
    }
    let escaped = false;
    for (let j = open + 1; j < end - 1; j++) {
      const c = s.charCodeAt(j);
      if (c < 32) throw NOT_STRICT;
      if (c === 92) escaped = true;
    }
    return escaped;
  }

  /** The value of the escaped string [offset, end) (quotes included). */
  private decode(offset: number, end: number): string {
    try {
      return JSON.parse(this.s.slice(offset, end)) as string;
    } catch {
      throw NOT_STRICT;
    }
  }

  /** Reads the string at `this.i`. */
  str(): Str {
    const offset = this.i;
    const escaped = this.pass();
    const end = this.i;
    return { value: escaped ? this.decode(offset, end) : this.s.slice(offset + 1, end - 1), offset, end };
  }

  /**
   * When the value at `this.i` (after white space) is a string, reads it and returns whether its
   * `toLowerCase()` is `lower`; any other value is skipped (null). Makes no string for plain ASCII.
   */
  strIs(lower: string, depth: number): boolean | null {
    const c = this.ws();
    if (c !== 34) {
      this.skipValue(c, depth);
      return null;
    }
    const offset = this.i;
    const escaped = this.pass();
    if (escaped) return this.decode(offset, this.i).toLowerCase() === lower;
    if (this.i - offset - 2 !== lower.length) return false;
    const s = this.s;
    for (let k = 0; k < lower.length; k++) {
      const ch = s.charCodeAt(offset + 1 + k);
      // Past ASCII, toLowerCase decides (the Kelvin sign lower-cases to `k`).
      if (ch >= 128) return s.slice(offset + 1, this.i - 1).toLowerCase() === lower;
      if ((ch >= 65 && ch <= 90 ? ch + 32 : ch) !== lower.charCodeAt(k)) return false;
    }
    return true;
  }

  /** When the value at `this.i` (after white space) is a string, reads it and returns its offset (`this.i` is then its end); else skips it: -1. */
  strAt(depth: number): number {
    const c = this.ws();
    if (c !== 34) {
      this.skipValue(c, depth);
      return -1;
    }
    const offset = this.i;
    this.pass();
    return offset;
  }

  /** Skips the value whose first char code (after white space) is `c`. */
  private skipValue(c: number, depth: number): void {
    if (c === 123 || c === 91) this.skip(depth);
    else this.primitive(false);
  }

  /**
   * Skips the value at `this.i` (after white space), checking it is strict JSON. Iterative, with the
   * open containers on a stack (123 `{` or 91 `[`), so deep nesting costs no call stack.
   */
  skip(depth: number): void {
    let c = this.ws();
    if (c !== 123 && c !== 91) {
      this.scalar(c);
      return;
    }
    const stack = this.stack;
    stack.length = 0;
    for (;;) {
      // `c` starts a value.
      if (c === 123 || c === 91) {
        if (depth + stack.length >= MAX_DEPTH) throw NOT_STRICT;
        stack.push(c);
        this.i++;
        c = this.ws();
        if (c === (stack[stack.length - 1] === 123 ? 125 : 93)) {
          this.i++;
          stack.pop();
        } else {
          if (stack[stack.length - 1] === 123) c = this.colon();
          continue;
        }
      } else this.scalar(c);
      // After a value: commas and closes.
      for (;;) {
        if (stack.length === 0) return;
        c = this.ws();
        const top = stack[stack.length - 1];
        if (c === 44) {
          this.i++;
          c = this.ws();
          if (top === 123) c = this.colon();
          break;
        }
        if (c !== (top === 123 ? 125 : 93)) throw NOT_STRICT;
        this.i++;
        stack.pop();
      }
    }
  }

  /** A key string then `:` at `this.i` (in an object being skipped); returns the char code of the value. */
  private colon(): number {
    if (this.s.charCodeAt(this.i) !== 34) throw NOT_STRICT;
    this.i = this.stringEnd();
    if (this.ws() !== 58) throw NOT_STRICT;
    this.i++;
    return this.ws();
  }

  /** Skips a string, number, true, false or null whose first char code is `c`. */
  private scalar(c: number): void {
    if (c === 34) this.i = this.stringEnd();
    else this.primitive(false);
  }

  /**
   * A number, true, false or null at `this.i`; returns the number when `value` is asked (else null).
   * A number is read by hand, as JSON writes one (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`): a
   * regular expression's match array for each of a HAR's many numbers was garbage.
   */
  private primitive(value = true): number | null {
    const s = this.s;
    const start = this.i;
    const c = s.charCodeAt(start);
    if (c === 116 && s.startsWith('true', start)) this.i += 4;
    else if (c === 102 && s.startsWith('false', start)) this.i += 5;
    else if (c === 110 && s.startsWith('null', start)) this.i += 4;
    else {
      let j = start;
      if (s.charCodeAt(j) === 45 /* - */) j++;
      if (s.charCodeAt(j) === 48 /* 0 */) j++;
      else if (isDigit(s.charCodeAt(j))) while (isDigit(s.charCodeAt(j))) j++;
      else throw NOT_STRICT;
      if (s.charCodeAt(j) === 46 /* . */ && isDigit(s.charCodeAt(j + 1))) {
        j += 2;
        while (isDigit(s.charCodeAt(j))) j++;
      }
      const e = s.charCodeAt(j);
      if (e === 101 || e === 69) {
        let k = j + 1;
        const sign = s.charCodeAt(k);
        if (sign === 43 || sign === 45) k++;
        if (isDigit(s.charCodeAt(k))) {
          while (isDigit(s.charCodeAt(k))) k++;
          j = k;
        }
      }
      this.i = j;
      return value ? Number(s.slice(start, j)) : null;
    }
    return null;
  }

  /** Reads a string or number value; anything else is skipped and reads as null. */
  field(depth: number): Field {
    const c = this.ws();
    if (c === 34) return this.str();
    if (c === 123 || c === 91) {
      this.skip(depth);
      return null;
    }
    return this.primitive();
  }

  /**
   * Enters the object at `this.i` and reads its first key (`this.i` then at the value; `is` tells
   * what the key is): `KEY`, or `END` when the object is empty. A value of another type is skipped,
   * and reads as `NOT_OBJECT`.
   */
  firstKey(depth: number): typeof KEY | typeof END | typeof NOT_OBJECT {
    const entered = this.enter(123, 125, depth);
    return entered === ENTERED ? this.key() : entered === EMPTY ? END : NOT_OBJECT;
  }

  /** After a property's value: `KEY` when another follows (`this.i` then at its value), `END` at the object's end. */
  nextKey(): typeof KEY | typeof END {
    return this.more(125) ? this.key() : END;
  }

  /** Reads a key and its `:`, keeping where its text lies: keys are compared in place with `is` (most are short words, and a copy of each was garbage). */
  private key(): typeof KEY {
    if (this.s.charCodeAt(this.i) !== 34) throw NOT_STRICT;
    const offset = this.i;
    const escaped = this.pass();
    this.keyStart = offset + 1;
    this.keyEnd = this.i - 1;
    this.keyDecoded = escaped ? this.decode(offset, this.i) : undefined;
    if (this.ws() !== 58) throw NOT_STRICT;
    this.i++;
    this.ws();
    return KEY;
  }

  /** True when the last key read is `name`. */
  is(name: string): boolean {
    if (this.keyDecoded !== undefined) return this.keyDecoded === name;
    return this.keyEnd - this.keyStart === name.length && this.s.startsWith(name, this.keyStart);
  }

  /** Index in `names` of the last key read, or -1. */
  which(names: readonly string[]): number {
    for (let k = 0; k < names.length; k++) if (this.is(names[k])) return k;
    return -1;
  }

  /** Enters the array at `this.i`: true when it has a first item (`this.i` then at it). A value of another type is skipped: false. */
  firstItem(depth: number): boolean {
    return this.enter(91, 93, depth) === ENTERED;
  }

  /** After an item: true when another follows (`this.i` then at it), false at the array's end. */
  nextItem(): boolean {
    return this.more(93);
  }

  /**
   * Enters the container opening with `open` at `this.i`: `ENTERED` (`this.i` then at its first
   * member), `EMPTY` (`this.i` past its `close`), or `OTHER` (a value of another type, skipped).
   */
  private enter(open: number, close: number, depth: number): typeof ENTERED | typeof EMPTY | typeof OTHER {
    if (this.ws() !== open) {
      this.skip(depth);
      return OTHER;
    }
    if (depth >= MAX_DEPTH) throw NOT_STRICT;
    this.i++;
    if (this.ws() === close) {
      this.i++;
      return EMPTY;
    }
    return ENTERED;
  }

  /** After a member: true when another follows (`this.i` then at it), false past the container's `close`. */
  private more(close: number): boolean {
    const c = this.ws();
    if (c === close) {
      this.i++;
      return false;
    }
    if (c !== 44) throw NOT_STRICT;
    this.i++;
    this.ws();
    return true;
  }
}

/** What `enter` found. */
const ENTERED = 0;
const EMPTY = 1;
const OTHER = 2;

/** What `firstKey` and `nextKey` found. */
const KEY = 0;
const END = 1;
const NOT_OBJECT = 2;

const strOf = (f: Field | undefined): Str | undefined => (f !== null && typeof f === 'object' ? f : undefined);
const numOf = (f: Field | undefined): number | undefined => (typeof f === 'number' ? f : undefined);

/**
 * Walks a headers array: of each header object, reads the first `name` with `readName` and the first
 * `value` with `readValue` (what is not an object, and other keys, are skipped), then gives both to
 * `each` (null for one it did not find).
 */
function eachHeader<N, V>(r: Reader, depth: number, readName: () => N, readValue: () => V, each: (name: N | null, value: V | null) => void): void {
  for (let more = r.firstItem(depth); more; more = r.nextItem()) {
    let name: N | null = null;
    let value: V | null = null;
    let seen = 0;
    let key = r.firstKey(depth + 1);
    if (key === NOT_OBJECT) continue;
    for (; key === KEY; key = r.nextKey()) {
      if (!(seen & 1) && r.is('name')) {
        seen |= 1;
        name = readName();
      } else if (!(seen & 2) && r.is('value')) {
        seen |= 2;
        value = readValue();
      } else r.skip(depth + 2);
    }
    each(name, value);
  }
}

/** A headers array: [name, value] pairs, and the offsets of Authorization values into `auth`. */
function readHeaders(r: Reader, depth: number, auth?: Array<[number, number]>): HeaderPairs {
  const out: HeaderPairs = [];
  const field = () => r.field(depth + 2);
  eachHeader(r, depth, field, field, (name, value) => {
    const n = strOf(name);
    const v = strOf(value);
    if (n === undefined || v === undefined) return;
    out.push([n.value, v.value]);
    if (auth && n.value.toLowerCase() === 'authorization') auth.push([v.offset, v.end]);
  });
  return out;
}

/**
 * A headers array read only for the offsets of its Authorization values (into `auth`), as
 * `readHeaders` finds them, making no string: finding token sites needs nothing else of a header.
 */
function authorizationRanges(r: Reader, depth: number, auth: Array<[number, number]>): void {
  eachHeader(
    r,
    depth,
    () => r.strIs('authorization', depth + 2),
    () => {
      const at = r.strAt(depth + 2);
      return at === -1 ? null : ([at, r.i] as [number, number]);
    },
    (isAuth, range) => {
      if (isAuth === true && range) auth.push(range);
    },
  );
}

/** Reads the `{ text }` of a postData object, or the fields of a content object, by name. */
function readSmall(r: Reader, depth: number, names: readonly string[]): Array<Field> | null {
  const got: Field[] = names.map(() => null);
  let seen = 0;
  let key = r.firstKey(depth);
  if (key === NOT_OBJECT) return null;
  for (; key === KEY; key = r.nextKey()) {
    const k = r.which(names);
    if (k !== -1 && !(seen & (1 << k))) {
      seen |= 1 << k;
      got[k] = r.field(depth + 1);
    } else r.skip(depth + 1);
  }
  return got;
}

const POST_DATA = ['text'] as const;
const CONTENT = ['text', 'encoding', 'mimeType'] as const;
const REQUEST = ['method', 'url', 'httpVersion'] as const;
const RESPONSE = ['status', 'statusText', 'httpVersion'] as const;

/** `ranges` (in document order) with `range` put in its place. */
function insertRange(ranges: Array<[number, number]>, range: [number, number]): void {
  let k = ranges.length;
  while (k > 0 && ranges[k - 1][0] > range[0]) k--;
  ranges.splice(k, 0, range);
}

/**
 * Reads one entry (at `r.i`); null when the item is not an object. Without `responses`, only what
 * finding token sites needs is read: the request's method, URL and credential ranges (its headers,
 * body, HTTP version and the entry's start time read as missing).
 */
function readEntry(r: Reader, depth: number, index: number, responses: boolean): Omit<HarEntry, 'line'> | null {
  let started: Field = null;
  let hasResponse = false;
  const req: Field[] = [null, null, null];
  let headers: HeaderPairs = [];
  let body: Field = null;
  // Authorization values, in document order (the URL is put in its place below).
  const credentialRanges: Array<[number, number]> = [];
  const res: Field[] = [null, null, null];
  let resHeaders: HeaderPairs = [];
  let content: Field[] | null = null;
  let seen = 0;
  let key = r.firstKey(depth);
  if (key === NOT_OBJECT) return null;
  const d = depth + 1;
  for (; key === KEY; key = r.nextKey()) {
    if (responses && !(seen & 1) && r.is('startedDateTime')) {
      seen |= 1;
      started = r.field(d);
    } else if (!(seen & 2) && r.is('request')) {
      seen |= 2;
      let k2 = r.firstKey(d);
      if (k2 === NOT_OBJECT) continue;
      let seen2 = 0;
      for (; k2 === KEY; k2 = r.nextKey()) {
        const k = r.which(REQUEST);
        if (k !== -1 && !(seen2 & (1 << k)) && (responses || k !== 2)) {
          seen2 |= 1 << k;
          req[k] = r.field(d + 1);
        } else if (!(seen2 & 8) && r.is('headers')) {
          seen2 |= 8;
          if (responses) headers = readHeaders(r, d + 1, credentialRanges);
          else authorizationRanges(r, d + 1, credentialRanges);
        } else if (responses && !(seen2 & 16) && r.is('postData')) {
          seen2 |= 16;
          body = readSmall(r, d + 1, POST_DATA)?.[0] ?? null;
        } else r.skip(d + 1);
      }
    } else if (responses && !(seen & 4) && r.is('response')) {
      seen |= 4;
      let k2 = r.firstKey(d);
      if (k2 === NOT_OBJECT) continue;
      hasResponse = true;
      let seen2 = 0;
      for (; k2 === KEY; k2 = r.nextKey()) {
        const k = r.which(RESPONSE);
        if (k !== -1 && !(seen2 & (1 << k))) {
          seen2 |= 1 << k;
          res[k] = r.field(d + 1);
        } else if (!(seen2 & 8) && r.is('headers')) {
          seen2 |= 8;
          resHeaders = readHeaders(r, d + 1);
        } else if (!(seen2 & 16) && r.is('content')) {
          seen2 |= 16;
          content = readSmall(r, d + 1, CONTENT);
        } else r.skip(d + 1);
      }
    } else r.skip(d);
  }
  // As har.ts: fields of a request that is not an object read as missing.
  const urlStr = strOf(req[1]);
  const request: HarRequest = {
    method: (strOf(req[0])?.value ?? 'GET').toUpperCase(),
    url: urlStr?.value ?? '',
    httpVersion: strOf(req[2])?.value,
    headers,
    body: strOf(body)?.value,
  };
  const hasAuthorization = credentialRanges.length > 0;
  if (urlStr) insertRange(credentialRanges, [urlStr.offset, urlStr.end]);
  let response: HarResponse | undefined;
  const st = numOf(res[0]);
  if (hasResponse && st !== undefined) {
    let text = strOf(content?.[0] ?? null)?.value;
    if (text !== undefined && strOf(content?.[1] ?? null)?.value.toLowerCase() === 'base64') text = decodeBase64Text(text) ?? '[binary content]';
    response = {
      status: st,
      statusText: strOf(res[1])?.value ?? '',
      httpVersion: strOf(res[2])?.value,
      headers: resHeaders,
      body: text,
      mimeType: strOf(content?.[2] ?? null)?.value,
    };
  }
  return { index, startedDateTime: strOf(started)?.value, request, response, credentialRanges, hasAuthorization };
}

/**
 * Reads `src` (a BOM already replaced; `start` at its opening `{`) as a HAR, or returns null when it
 * is not strict JSON. Entries' `line` is filled by `linesAt`.
 */
export function readHarStreaming(src: string, start: number, responses: boolean, linesAt: (text: string, offsets: number[]) => number[]): Har | null {
  const r = new Reader(src, start);
  try {
    let hasLog = false;
    let entriesFound = false;
    let creator: Field = null;
    const entries: Array<Omit<HarEntry, 'line'>> = [];
    const offsets: number[] = [];
    let seen = 0;
    for (let key = r.firstKey(0); key === KEY; key = r.nextKey()) {
      if (seen & 1 || !r.is('log')) {
        r.skip(1);
        continue;
      }
      seen |= 1;
      let k2 = r.firstKey(1);
      if (k2 === NOT_OBJECT) continue;
      hasLog = true;
      let seen2 = 0;
      for (; k2 === KEY; k2 = r.nextKey()) {
        if (!(seen2 & 1) && r.is('creator')) {
          seen2 |= 1;
          creator = readSmall(r, 2, ['name'])?.[0] ?? null;
        } else if (!(seen2 & 2) && r.is('entries')) {
          seen2 |= 2;
          entriesFound = r.ws() === 91;
          for (let more = r.firstItem(2); more; more = r.nextItem()) {
            const at = r.ws() === 123 ? r.i : -1;
            const e = readEntry(r, 3, entries.length, responses);
            if (e) {
              entries.push(e);
              offsets.push(at);
            }
          }
        } else r.skip(2);
      }
    }
    // Only white space may follow the root: anything else goes to the tolerant reader.
    if (!Number.isNaN(r.ws())) return null;
    if (!hasLog || !entriesFound) return { entries: [], error: 'no log.entries array' };
    const lines = linesAt(src, offsets);
    const withLines: HarEntry[] = entries.map((e, k) => ({ index: e.index, line: lines[k], startedDateTime: e.startedDateTime, request: e.request, response: e.response, credentialRanges: e.credentialRanges, hasAuthorization: e.hasAuthorization }));
    return { entries: withLines, creator: strOf(creator)?.value };
  } catch (e) {
    if (e === NOT_STRICT) return null;
    if (e instanceof RangeError) return null; // stack: let the tolerant reader decide
    throw e;
  }
}
