// The editor's analysis of one document, whole, in steps (issue 16): `fullSteps` does about a
// megabyte of text per step so a caller can yield between them, the visible part first; the result
// equals `analyzeText` on the text. Edits are analysed incrementally by its subclass, DocumentAnalysis
// (./incremental.ts); the web build uses this class as it is (every edit, a whole analysis in steps),
// which keeps the incremental code out of its 250 KB bundle (its host is a worker, off the UI thread).
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

export interface Curl {
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

/** Characters per step of a whole analysis. */
export const STEP_CHARS = 1 << 20;

/**
 * How many HAR texts this thread has read with `harSitesOf` (a seam for the extension's in-host tests:
 * an edit never has the host's main thread parse a HAR; the worker thread's count is its own).
 */
export const harSiteReads = { count: 0 };

/**
 * How many characters this thread has scanned for tokens with `scanIn` (a seam for the extension's
 * in-host tests: an edit re-scans the stretch around it, never the whole document).
 */
export const scanWork = { chars: 0 };

/** The sites of a HAR text: every entry's URL and Authorization values, with the entry's request. */
export function harSitesOf(text: string): Site[] {
  harSiteReads.count++;
  // readHar never throws. Already in order: entries follow the document, and each entry's ranges are sorted.
  return harRanges(text).map((r) => ({ start: r.start, end: r.end, request: r.requests[0] }));
}

/** Sites moved by `delta` characters and `lineDelta` lines. */
export function moveSites(sites: readonly Site[], delta: number, lineDelta: number): Site[] {
  return sites.map((x) => ({ start: x.start + delta, end: x.end + delta, request: lineDelta ? { ...x.request, line: x.request.line + lineDelta } : x.request }));
}

/** Requests lists here hold at most one request, shared by the tokens its site holds (a moved site makes a new one). */
const same = (a: readonly RequestRef[], b: readonly RequestRef[]) => a[0] === b[0];

/** Index of the first item whose `key` is >= `value` (items sorted by key). */
export function lowerBound<T>(items: readonly T[], value: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Tokens in [from, to) of the source; `from` follows a break (or is 0). `cut`: text goes on past `to`,
 * so a token reaching `to` is cut there and not reported (as `scan` bounds it).
 */
export function scanIn(src: TextSource, from: number, to: number, cut: boolean): ScannedToken[] {
  if (from >= to) return [];
  scanWork.chars += to - from;
  const text = src.slice(from, cut ? to + 1 : to);
  return scan(text, 0, to - from).map((t) => ({ start: t.start + from, end: t.end + from, kind: t.kind }));
}

/**
 * curl commands in [from, to) (from at a line start where the walk is fresh). `resume` is where the
 * next step starts (a command reaching the end of the stretch, when text goes on, is left to it);
 * undefined when a command runs through the whole stretch.
 */
export function readCurls(src: TextSource, from: number, to: number, more: boolean): { curls: Curl[]; resume: number } | undefined {
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

export class LiveAnalysis {
  tokens: AnalyzedToken[] = [];
  /** The kind the last analysis used; undefined before the first. */
  protected kind: DocumentKind | undefined;
  /** True while HAR sites are stale (after an edit): call `setSites(harSitesOf(text))`. */
  needsSites = false;
  protected curls: Curl[] = [];
  protected sites: Site[] = [];
  protected length = 0;
  protected lineCount = 0;
  /** A whole analysis has run (updates need one to start from). */
  protected ready = false;

  protected opts: LiveOptions;

  constructor(opts: LiveOptions) {
    this.opts = opts;
  }

  /** New settings or time: the next analysis must be whole. */
  setOptions(opts: LiveOptions): void {
    this.opts = opts;
  }

  protected kindOf(src: TextSource): DocumentKind | undefined {
    if (!this.opts.fileName) return undefined;
    return documentKind({ fileName: this.opts.fileName, languageId: this.opts.languageId, text: src.slice(0, KIND_HEAD_CHARS) });
  }

  protected ctx() {
    return contextFor(this.opts.settings, this.opts.now);
  }

  /**
   * A whole analysis in steps: each `next()` does about `stepChars` characters of work. The result is
   * in `tokens` when it is done. `first`, when given, is a stretch [from, to) analysed first, its
   * tokens yielded on their own (the visible part of an editor), sites not yet known.
   */
  *fullSteps(src: TextSource, stepChars = STEP_CHARS, first?: { from: number; to: number }): Generator<AnalyzedToken[] | undefined, void> {
    this.ready = false;
    this.needsSites = false;
    const kind = this.kindOf(src);
    this.kind = kind;
    this.length = src.length;
    this.lineCount = src.lineCount;
    this.curls = [];
    this.sites = [];
    const to = Math.min(src.length, this.opts.limit ?? Infinity);
    if (kind === 'http' || kind === 'markdown') {
      // Request blocks and variables tie distant lines: read whole (these files are small).
      this.tokens = analyzeText(src.slice(0, src.length), this.opts);
      this.ready = true;
      return;
    }
    if (first && first.from < to) {
      const a = src.lineStart(src.lineAt(first.from));
      const b = Math.min(to, src.lineStart(src.lineAt(Math.min(first.to, to)) + 1));
      yield scanIn(src, a, b, b < to).map((t) => this.analyse(src, t, () => []));
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
    this.curls = curls;
    if (kind === 'har') this.needsSites = true;
    this.tokens = tokens.map((t) => this.analyse(src, t));
    this.ready = true;
  }

  /** Judges every token again at the options' time (findings such as "expires in" follow the clock). */
  recheck(): void {
    const ctx = this.ctx();
    this.tokens = this.tokens.map((t) => ({ ...t, findings: checkForRequests(t.decoded, ctx, t.requests) }));
  }

  /**
   * Runs `fullSteps` to the end (tests, small documents). `readSites` false: a HAR's sites are left to
   * the caller (`needsSites` stays true), who reads them elsewhere.
   */
  full(src: TextSource, readSites = true): AnalyzedToken[] {
    for (const _ of this.fullSteps(src)) void _;
    if (this.needsSites && readSites) this.setSites(harSitesOf(src.slice(0, src.length)));
    return this.tokens;
  }

  /** HAR sites read from the current text: requests and findings follow. Returns whether anything changed. */
  setSites(sites: Site[]): boolean {
    this.sites = sites;
    this.needsSites = false;
    let changed = false;
    this.tokens = this.tokens.map((t) => {
      const next = this.resent(t, t);
      changed ||= next !== t;
      return next;
    });
    return changed;
  }

  /** Records changes as VS Code reports them; kept by `DocumentAnalysis`, here every edit asks for a whole analysis. */
  record(changes: readonly ContentChange[]): void {
    void changes;
  }

  /** True when changes were recorded and not yet analysed. */
  get pending(): boolean {
    return false;
  }

  /** Analyses the recorded changes against `src`: here, always a whole analysis (`DocumentAnalysis` does better). */
  update(src: TextSource): UpdateResult {
    void src;
    return { applied: false, changed: true };
  }

  protected analyse(src: TextSource, t: ScannedToken, requestsOf = (x: ScannedToken) => this.requestsFor(x)): AnalyzedToken {
    const raw = src.slice(t.start, t.end);
    const decoded = this.opts.cache ? this.opts.cache.get(raw) : decode(raw);
    const requests = requestsOf(t);
    return { ...t, decoded, requests, findings: checkForRequests(decoded, this.ctx(), requests) };
  }

  /** `moved` (token `t` at its new place), or a copy judged again when the requests sending it changed. */
  protected resent(t: AnalyzedToken, moved: AnalyzedToken): AnalyzedToken {
    const requests = this.requestsFor(moved);
    return same(requests, t.requests) ? moved : { ...moved, requests, findings: checkForRequests(t.decoded, this.ctx(), requests) };
  }

  /** The requests sending a token: the one whose credential stretch holds it (stretches never nest). */
  protected requestsFor(t: ScannedToken): RequestRef[] {
    let sites = this.sites;
    if (this.kind === 'text') {
      const c = this.curls[lowerBound(this.curls, t.start + 1, (x) => x.start) - 1];
      sites = c && t.start < c.end ? c.sites : [];
    }
    const s = sites[lowerBound(sites, t.start + 1, (x) => x.start) - 1];
    return s && t.start >= s.start && t.end <= s.end ? [s.request] : [];
  }
}
