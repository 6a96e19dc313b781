// The editor's analysis of one document, kept up to date edit by edit (issue 16): an edit re-analyses
// only what it can change, and the result always equals `analyzeText` on the whole new text (a
// property test holds it to that).
//
// Why only a stretch needs reading again:
// - A token is made of base64url characters, dots and `=` padding, and the scanner's only look-behind
//   is three characters (`%XX` escapes). So around any character outside `[\w.=%-]` (a space, a quote,
//   a line break...) the scan starts afresh: re-scanning from the last such character before an edit
//   to the first one after it gives exactly the tokens a whole scan gives there.
// - curl commands (the requests of a log) are read line by line; each starts on a line of its own and
//   depends only on the lines it spans (`findCurlCommands`' extents). The commands an edit touches are
//   read again, from a line where the walk is fresh, until a line where the old and new walks agree.
// - HAR sites (entries' URLs and Authorization headers) need the JSON structure: they are re-read by
//   `harSitesOf` over the whole text, which the caller may run elsewhere (the extension runs it off the
//   host's main thread); until then the old sites are kept, shifted.
// - .http/.rest files and Markdown are re-analysed whole (variables and fences tie distant lines).
//
// Whole analyses run in steps (`fullSteps`) so a caller can yield between them.
import { checkForRequests, contextFor, type AnalyzeOptions, type AnalyzedToken } from './analyze';
import { decode } from './decode';
import { findCurlCommands } from './http/curl';
import { documentKind, KIND_HEAD_CHARS, type DocumentKind } from './http/documentKind';
import { harRanges } from './http/sites';
import { analyzeText } from './analyze';
import { LineIndex } from './positions';
import { scan } from './scan';
import type { RequestRef, ScannedToken } from './types';

/** Read access to a document's current text (the editor's document model, or a string in tests). */
export interface TextSource {
  readonly length: number;
  readonly lineCount: number;
  slice(from: number, to: number): string;
  /** 0-based line holding `offset` (a line break belongs to the line it ends). */
  lineAt(offset: number): number;
  /** Offset where `line` starts (`length` past the last line). */
  lineStart(line: number): number;
}

/** A string as a `TextSource`, with VS Code's line breaks (\r\n, \n, \r). */
export class StringSource implements TextSource {
  private readonly index: LineIndex;
  constructor(readonly text: string) {
    this.index = new LineIndex(text);
  }
  get length(): number {
    return this.text.length;
  }
  get lineCount(): number {
    return this.index.lineCount;
  }
  slice(from: number, to: number): string {
    return this.text.slice(from, to);
  }
  lineAt(offset: number): number {
    return this.index.positionAt(offset).line;
  }
  lineStart(line: number): number {
    return line >= this.index.lineCount ? this.text.length : this.index.lineStart(line);
  }
}

/** One change as VS Code reports it (`TextDocumentContentChangeEvent`): offsets in the text before it. */
export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** A credential stretch of a request (a curl argument, a HAR URL or Authorization value) and its request. */
export interface Site {
  start: number;
  end: number;
  request: RequestRef;
}

interface Curl {
  /** The command's credential stretches (arguments), each with the command as its request. */
  sites: Site[];
  /** [lineStart of the command's first line, start of the line after its last). */
  start: number;
  end: number;
}

/** Options of `analyzeText` the editor uses (signatures are not part of live analysis). */
export type LiveOptions = Omit<AnalyzeOptions, 'signatures'>;

/** What an update did: whether any token or its position changed (else nothing needs publishing). */
export interface UpdateResult {
  /** False when the edit needs a whole analysis (`fullSteps`): kind changed, size cap, .http/Markdown. */
  applied: boolean;
  changed: boolean;
}

/** The last / first character that can be neither in a token nor in its look-behind (`[\w.=%-]`). */
const LAST_BREAK = /[^\w.=%-][\w.=%-]*$/;
const FIRST_BREAK = /[^\w.=%-]/;
/** Characters per step of a whole analysis. */
export const STEP_CHARS = 1 << 20;

/** The sites of a HAR text: every entry's URL and Authorization values, with the entry's request. */
export function harSitesOf(text: string): Site[] {
  // readHar never throws. Already in order: entries follow the document, and each entry's ranges are sorted.
  return harRanges(text).map((r) => ({ start: r.start, end: r.end, request: r.requests[0] }));
}

/** Sites moved by `delta` characters and `lineDelta` lines. */
function moveSites(sites: readonly Site[], delta: number, lineDelta: number): Site[] {
  return sites.map((x) => ({ start: x.start + delta, end: x.end + delta, request: lineDelta ? { ...x.request, line: x.request.line + lineDelta } : x.request }));
}

/** Requests lists here hold at most one request, shared by the tokens its site holds (a moved site makes a new one). */
const same = (a: readonly RequestRef[], b: readonly RequestRef[]) => a[0] === b[0];

/** Index of the first item whose `key` is >= `value` (items sorted by key). */
function lowerBound<T>(items: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The pending edit, folded into one stretch: new text [from, to) replaced old [oldFrom, oldTo). */
interface Dirty {
  from: number;
  to: number;
  oldFrom: number;
  oldTo: number;
}

/** Offset after the last character before `at` that no token can hold (or the start of its line). */
function runStart(src: TextSource, at: number): number {
  const lineStart = src.lineStart(src.lineAt(at));
  for (let w = 256; ; w *= 4) {
    const a = Math.max(lineStart, at - w);
    const m = LAST_BREAK.exec(src.slice(a, at));
    if (m) return a + m.index + 1;
    if (a === lineStart) return lineStart;
  }
}

/** Offset of the first character at or after `at` that no token can hold (or the end of its line). */
function runEnd(src: TextSource, at: number): number {
  if (at >= src.length) return src.length;
  const line = src.lineAt(at);
  const lineEnd = src.lineStart(line + 1);
  for (let w = 256; ; w *= 4) {
    const b = Math.min(lineEnd, at + w);
    const m = FIRST_BREAK.exec(src.slice(at, b));
    if (m) return at + m.index;
    if (b === lineEnd) return lineEnd;
  }
}

/**
 * Tokens in [from, to) of the source; `from` follows a break (or is 0). `cut`: text goes on past `to`,
 * so a token reaching `to` is cut there and not reported (as `scan` bounds it).
 */
function scanIn(src: TextSource, from: number, to: number, cut: boolean): ScannedToken[] {
  if (from >= to) return [];
  const text = src.slice(from, cut ? to + 1 : to);
  return scan(text, 0, to - from).map((t) => ({ start: t.start + from, end: t.end + from, kind: t.kind }));
}

/**
 * curl commands in [from, to) (from at a line start where the walk is fresh). `resume` is where the
 * next step starts (a command reaching the end of the stretch, when text goes on, is left to it);
 * undefined when a command runs through the whole stretch.
 */
function readCurls(src: TextSource, from: number, to: number, more: boolean): { curls: Curl[]; resume: number } | undefined {
  let text = src.slice(from, to);
  if (!text.includes('curl')) return { curls: [], resume: to };
  // A BOM is skipped only at the start of the document.
  if (from > 0 && text.charCodeAt(0) === 0xfeff) text = 'x' + text.slice(1);
  const ends: number[] = [];
  const found = findCurlCommands(text, ends);
  const firstLine = src.lineAt(from);
  const curls: Curl[] = [];
  for (let i = 0; i < found.length; i++) {
    const c = found[i];
    const start = src.lineStart(c.line + firstLine);
    const end = from + ends[i];
    if (more && end >= to) {
      if (start === from) return undefined;
      return { curls, resume: start };
    }
    const request: RequestRef = { method: c.method, url: c.url, line: c.line };
    const sites = c.credentialRanges.map(([a, b]) => ({ start: a, end: b, request })).sort((a, b) => a.start - b.start);
    curls.push({ sites: moveSites(sites, from, firstLine), start, end });
  }
  return { curls, resume: to };
}

export class DocumentAnalysis {
  tokens: AnalyzedToken[] = [];
  /** The kind the last analysis used; undefined before the first. */
  #kind: DocumentKind | undefined;
  /** True while HAR sites are stale (after an edit): call `setSites(harSitesOf(text))`. */
  needsSites = false;
  #curls: Curl[] = [];
  #sites: Site[] = [];
  #length = 0;
  #lineCount = 0;
  #dirty: Dirty | undefined;
  /** Characters read at least per step when re-reading curl commands after an edit. */
  curlWindow = 4096;
  /** A whole analysis has run (updates need one to start from). */
  #ready = false;

  #opts: LiveOptions;

  constructor(opts: LiveOptions) {
    this.#opts = opts;
  }

  /** New settings or time: the next analysis must be whole. */
  setOptions(opts: LiveOptions): void {
    this.#opts = opts;
  }

  #kindOf(src: TextSource): DocumentKind | undefined {
    if (!this.#opts.fileName) return undefined;
    return documentKind({ fileName: this.#opts.fileName, languageId: this.#opts.languageId, text: src.slice(0, KIND_HEAD_CHARS) });
  }

  #ctx() {
    return contextFor(this.#opts.settings, this.#opts.now);
  }

  /**
   * A whole analysis in steps: each `next()` does about `stepChars` characters of work. The result is
   * in `tokens` when it is done. `first`, when given, is a stretch [from, to) analysed first, its
   * tokens yielded on their own (the visible part of an editor), sites not yet known.
   */
  *fullSteps(src: TextSource, stepChars = STEP_CHARS, first?: { from: number; to: number }): Generator<AnalyzedToken[] | undefined, void> {
    this.#dirty = undefined;
    this.#ready = false;
    this.needsSites = false;
    const kind = this.#kindOf(src);
    this.#kind = kind;
    this.#length = src.length;
    this.#lineCount = src.lineCount;
    this.#curls = [];
    this.#sites = [];
    const to = Math.min(src.length, this.#opts.limit ?? Infinity);
    if (kind === 'http' || kind === 'markdown') {
      // Request blocks and variables tie distant lines: read whole (these files are small).
      this.tokens = analyzeText(src.slice(0, src.length), this.#opts);
      this.#ready = true;
      return;
    }
    if (first && first.from < to) {
      const a = src.lineStart(src.lineAt(first.from));
      const b = Math.min(to, src.lineStart(src.lineAt(Math.min(first.to, to)) + 1));
      yield scanIn(src, a, b, b < to).map((t) => this.#analyse(src, t, () => []));
    }
    const tokens: ScannedToken[] = [];
    const curls: Curl[] = [];
    let p = 0;
    let step = stepChars;
    while (p < to) {
      // Steps end at line starts, so neither a token nor a curl line is cut.
      let q = to;
      if (p + step < to) {
        const next = src.lineStart(src.lineAt(p + step) + 1);
        if (next < to) q = next;
      }
      if (kind === 'text') {
        const found = readCurls(src, p, q, q < to);
        if (found === undefined) {
          // One command runs past the step: take it whole in a longer step.
          step *= 2;
          continue;
        }
        if (found.resume < q) q = found.resume;
        curls.push(...found.curls);
      }
      tokens.push(...scanIn(src, p, q, q < src.length));
      p = q;
      step = stepChars;
      yield undefined;
    }
    this.#curls = curls;
    if (kind === 'har') this.needsSites = true;
    this.tokens = tokens.map((t) => this.#analyse(src, t));
    this.#ready = true;
  }

  /** Judges every token again at the options' time (findings such as "expires in" follow the clock). */
  recheck(): void {
    const ctx = this.#ctx();
    this.tokens = this.tokens.map((t) => ({ ...t, findings: checkForRequests(t.decoded, ctx, t.requests) }));
  }

  /** Runs `fullSteps` to the end (tests, small documents). */
  full(src: TextSource): AnalyzedToken[] {
    for (const _ of this.fullSteps(src)) void _;
    if (this.needsSites) this.setSites(harSitesOf(src.slice(0, src.length)));
    return this.tokens;
  }

  /** HAR sites read from the current text: requests and findings follow. Returns whether anything changed. */
  setSites(sites: Site[]): boolean {
    this.#sites = sites;
    this.needsSites = false;
    let changed = false;
    this.tokens = this.tokens.map((t) => {
      const next = this.#resent(t, t);
      changed ||= next !== t;
      return next;
    });
    return changed;
  }

  /** Records changes as VS Code reports them (in order); `update` analyses them. */
  record(changes: readonly ContentChange[]): void {
    for (const c of changes) {
      const s = c.rangeOffset;
      const e = c.rangeOffset + c.rangeLength;
      const inserted = c.text.length;
      const d = this.#dirty;
      if (!d) {
        this.#dirty = { from: s, to: s + inserted, oldFrom: s, oldTo: e };
        continue;
      }
      // d.from..d.to is in the text before this change; fold the change in.
      const net = d.to - d.from - (d.oldTo - d.oldFrom);
      const oldFrom = s < d.from ? s : d.oldFrom;
      const oldTo = e > d.to ? e - net : d.oldTo;
      const from = Math.min(d.from, s);
      const to = Math.max(d.to, e) + inserted - (e - s);
      this.#dirty = { from: from, to: to, oldFrom, oldTo };
    }
  }

  /** True when changes were recorded and not yet analysed. */
  get pending(): boolean {
    return this.#dirty !== undefined;
  }

  /** Analyses the recorded changes against `src`, the text after them. */
  update(src: TextSource): UpdateResult {
    const d = this.#dirty;
    if (!d) return { applied: true, changed: false };
    const delta = d.to - d.from - (d.oldTo - d.oldFrom);
    // A whole analysis instead: none yet, past the size cap, .http/Markdown, or the kind changes.
    const whole =
      !this.#ready ||
      Math.max(src.length, this.#length) > (this.#opts.limit ?? Infinity) ||
      src.length - this.#length !== delta ||
      this.#kind === 'http' ||
      this.#kind === 'markdown' ||
      (d.from < KIND_HEAD_CHARS && this.#kindOf(src) !== this.#kind);
    if (whole) return { applied: false, changed: true };
    this.#dirty = undefined;
    const lineDelta = src.lineCount - this.#lineCount;
    this.#length = src.length;
    this.#lineCount = src.lineCount;

    // The stretch to read again: the edit widened to scan breaks, and (logs) to the curl commands it touches.
    let from = runStart(src, d.from);
    let to = runEnd(src, d.to);
    if (this.#kind === 'text') {
      const span = this.#recurl(src, d, delta, lineDelta);
      if (span) {
        from = Math.min(from, span.from);
        to = Math.max(to, span.to);
      }
    } else if (this.#kind === 'har') {
      this.#sites = this.#movedSites(d, delta, lineDelta);
      this.needsSites = true;
    }
    const oldTo = to - delta;
    const keepEnd = lowerBound(this.tokens, from, (t) => t.start);
    const shiftFrom = lowerBound(this.tokens, oldTo, (t) => t.start);
    const fresh = scanIn(src, from, to, to < src.length).map((t) => this.#analyse(src, t));
    const removed = shiftFrom - keepEnd;
    let resent = false;
    const after = this.tokens.slice(shiftFrom).map((t) => {
      // A new object when its place changes: the editor keeps what it made per token object.
      const moved = delta === 0 && lineDelta === 0 ? t : { ...t, start: t.start + delta, end: t.end + delta };
      if (t.requests.length === 0 && lineDelta === 0) return moved;
      const next = this.#resent(t, moved);
      resent ||= next !== moved;
      return next;
    });
    // Positions move for tokens after the edit when lines come or go, or on the edited line itself.
    const moved = after.length > 0 && (lineDelta !== 0 || (delta !== 0 && after[0].start < src.lineStart(src.lineAt(to) + 1)));
    this.tokens = [...this.tokens.slice(0, keepEnd), ...fresh, ...after];
    return { applied: true, changed: removed > 0 || fresh.length > 0 || moved || resent };
  }




  #analyse(src: TextSource, t: ScannedToken, requestsOf = (x: ScannedToken) => this.#requestsFor(x)): AnalyzedToken {
    const raw = src.slice(t.start, t.end);
    const decoded = this.#opts.cache ? this.#opts.cache.get(raw) : decode(raw);
    const requests = requestsOf(t);
    return { ...t, decoded, requests, findings: checkForRequests(decoded, this.#ctx(), requests) };
  }

  /** `moved` (token `t` at its new place), or a copy judged again when the requests sending it changed. */
  #resent(t: AnalyzedToken, moved: AnalyzedToken): AnalyzedToken {
    const requests = this.#requestsFor(moved);
    return same(requests, t.requests) ? moved : { ...moved, requests, findings: checkForRequests(t.decoded, this.#ctx(), requests) };
  }

  /** The requests sending a token: the one whose credential stretch holds it (stretches never nest). */
  #requestsFor(t: ScannedToken): RequestRef[] {
    let sites = this.#sites;
    if (this.#kind === 'text') {
      const c = this.#curls[lowerBound(this.#curls, t.start + 1, (x) => x.start) - 1];
      sites = c && t.start < c.end ? c.sites : [];
    }
    const s = sites[lowerBound(sites, t.start + 1, (x) => x.start) - 1];
    return s && t.start >= s.start && t.end <= s.end ? [s.request] : [];
  }


  /**
   * Re-reads the curl commands an edit touches and returns the stretch whose tokens' requests may have
   * changed, or undefined when no command is involved.
   */
  #recurl(src: TextSource, d: Dirty, delta: number, lineDelta: number): { from: number; to: number } | undefined {
    let from = src.lineStart(src.lineAt(d.from));
    let until = src.lineStart(src.lineAt(d.to) + 1);
    // Old commands whose lines the edit touches (old offsets): the walk restarts at the first one.
    const oldFrom = from;
    const oldUntil = until - delta;
    const first = lowerBound(this.#curls, oldFrom + 1, (c) => c.end);
    let last = first;
    while (last < this.#curls.length && this.#curls[last].start < oldUntil) last++;
    if (first < last) {
      from = Math.min(from, this.#curls[first].start);
      until = Math.max(until, this.#curls[last - 1].end + delta);
    } else if (!src.slice(from, until).includes('curl')) {
      // No command before, none possible now: only the commands after move.
      this.#moveCurls(last, delta, lineDelta);
      return undefined;
    }
    const fresh: Curl[] = [];
    let p = from;
    for (;;) {
      // Read from p (fresh) up to a line start at or after `until` that is fresh in both walks.
      let step = Math.max(until - p, this.curlWindow);
      let got: { curls: Curl[]; resume: number } | undefined;
      let q = p;
      for (;;) {
        q = Math.min(src.length, p + step);
        if (q < src.length) q = src.lineStart(src.lineAt(q) + 1);
        got = readCurls(src, p, q, q < src.length);
        if (got && (got.resume >= until || q >= src.length)) break;
        step *= 2;
      }
      fresh.push(...got.curls);
      const stop = got.resume;
      // Old commands (shifted) that `stop` falls inside: the walk must go past them too.
      while (last < this.#curls.length && this.#curls[last].start + delta < stop) last++;
      const straddle = last > first && this.#curls[last - 1].end + delta > stop && this.#curls[last - 1].start + delta < stop;
      if (!straddle || stop >= src.length) {
        this.#curls = [...this.#curls.slice(0, first), ...fresh, ...this.#curls.slice(last)];
        this.#moveCurls(first + fresh.length, delta, lineDelta);
        return { from, to: stop };
      }
      until = this.#curls[last - 1].end + delta;
      p = stop;
    }
  }

  /** Shifts the commands from index `i` on by the edit's offset and line deltas. */
  #moveCurls(i: number, delta: number, lineDelta: number): void {
    if (delta === 0 && lineDelta === 0) return;
    for (let k = i; k < this.#curls.length; k++) {
      const c = this.#curls[k];
      this.#curls[k] = { start: c.start + delta, end: c.end + delta, sites: moveSites(c.sites, delta, lineDelta) };
    }
  }

  /** HAR sites after an edit, until they are read again: those before it kept, those after shifted. */
  #movedSites(d: Dirty, delta: number, lineDelta: number): Site[] {
    const before = this.#sites.filter((s) => s.end <= d.oldFrom);
    const out = before.concat(moveSites(this.#sites.filter((s) => s.start >= d.oldTo), delta, lineDelta));
    return out;
  }
}
