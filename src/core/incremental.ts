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
// Whole analyses (in steps) are the base class's, ./liveAnalysis.ts.
import { KIND_HEAD_CHARS } from './http/documentKind';
import { LiveAnalysis, lowerBound, moveSites, readCurls, scanIn, type ContentChange, type Curl, type Site, type TextSource, type UpdateResult } from './liveAnalysis';

export { harSitesOf, StringSource, STEP_CHARS, type ContentChange, type LiveOptions, type Site, type TextSource, type UpdateResult } from './liveAnalysis';

/** The last / first character that can be neither in a token nor in its look-behind (`[\w.=%-]`). */
const LAST_BREAK = /[^\w.=%-][\w.=%-]*$/;
const FIRST_BREAK = /[^\w.=%-]/;

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

export class DocumentAnalysis extends LiveAnalysis {
  #dirty: Dirty | undefined;
  /** Characters read at least per step when re-reading curl commands after an edit. */
  curlWindow = 4096;

  override *fullSteps(...args: Parameters<LiveAnalysis['fullSteps']>): ReturnType<LiveAnalysis['fullSteps']> {
    this.#dirty = undefined;
    yield* super.fullSteps(...args);
  }

  /** Records changes as VS Code reports them (in order); `update` analyses them. */
  override record(changes: readonly ContentChange[]): void {
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
  override get pending(): boolean {
    return this.#dirty !== undefined;
  }

  /** Analyses the recorded changes against `src`, the text after them. */
  override update(src: TextSource): UpdateResult {
    const d = this.#dirty;
    if (!d) return { applied: true, changed: false };
    const delta = d.to - d.from - (d.oldTo - d.oldFrom);
    // A whole analysis instead: none yet, past the size cap, .http/Markdown, or the kind changes.
    const whole =
      !this.ready ||
      Math.max(src.length, this.length) > (this.opts.limit ?? Infinity) ||
      src.length - this.length !== delta ||
      this.kind === 'http' ||
      this.kind === 'markdown' ||
      (d.from < KIND_HEAD_CHARS && this.kindOf(src) !== this.kind);
    if (whole) return { applied: false, changed: true };
    this.#dirty = undefined;
    const lineDelta = src.lineCount - this.lineCount;
    this.length = src.length;
    this.lineCount = src.lineCount;

    // The stretch to read again: the edit widened to scan breaks, and (logs) to the curl commands it touches.
    let from = runStart(src, d.from);
    let to = runEnd(src, d.to);
    if (this.kind === 'text') {
      const span = this.#recurl(src, d, delta, lineDelta);
      if (span) {
        from = Math.min(from, span.from);
        to = Math.max(to, span.to);
      }
    } else if (this.kind === 'har') {
      this.sites = this.#movedSites(d, delta, lineDelta);
      this.needsSites = true;
    }
    const oldTo = to - delta;
    const keepEnd = lowerBound(this.tokens, from, (t) => t.start);
    const shiftFrom = lowerBound(this.tokens, oldTo, (t) => t.start);
    const fresh = scanIn(src, from, to, to < src.length).map((t) => this.analyse(src, t));
    const removed = shiftFrom - keepEnd;
    let resent = false;
    const after = this.tokens.slice(shiftFrom).map((t) => {
      // A new object when its place changes: the editor keeps what it made per token object.
      const moved = delta === 0 && lineDelta === 0 ? t : { ...t, start: t.start + delta, end: t.end + delta };
      if (t.requests.length === 0 && lineDelta === 0) return moved;
      const next = this.resent(t, moved);
      resent ||= next !== moved;
      return next;
    });
    // Positions move for tokens after the edit when lines come or go, or on the edited line itself.
    const moved = after.length > 0 && (lineDelta !== 0 || (delta !== 0 && after[0].start < src.lineStart(src.lineAt(to) + 1)));
    this.tokens = [...this.tokens.slice(0, keepEnd), ...fresh, ...after];
    return { applied: true, changed: removed > 0 || fresh.length > 0 || moved || resent };
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
    const first = lowerBound(this.curls, oldFrom + 1, (c) => c.end);
    let last = first;
    while (last < this.curls.length && this.curls[last].start < oldUntil) last++;
    if (first < last) {
      from = Math.min(from, this.curls[first].start);
      until = Math.max(until, this.curls[last - 1].end + delta);
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
      while (last < this.curls.length && this.curls[last].start + delta < stop) last++;
      const straddle = last > first && this.curls[last - 1].end + delta > stop && this.curls[last - 1].start + delta < stop;
      if (!straddle || stop >= src.length) {
        this.curls = [...this.curls.slice(0, first), ...fresh, ...this.curls.slice(last)];
        this.#moveCurls(first + fresh.length, delta, lineDelta);
        return { from, to: stop };
      }
      until = this.curls[last - 1].end + delta;
      p = stop;
    }
  }

  /** Shifts the commands from index `i` on by the edit's offset and line deltas. */
  #moveCurls(i: number, delta: number, lineDelta: number): void {
    if (delta === 0 && lineDelta === 0) return;
    for (let k = i; k < this.curls.length; k++) {
      const c = this.curls[k];
      this.curls[k] = { start: c.start + delta, end: c.end + delta, sites: moveSites(c.sites, delta, lineDelta) };
    }
  }

  /** HAR sites after an edit, until they are read again: those before it kept, those after shifted. */
  #movedSites(d: Dirty, delta: number, lineDelta: number): Site[] {
    const before = this.sites.filter((s) => s.end <= d.oldFrom);
    const out = before.concat(moveSites(this.sites.filter((s) => s.start >= d.oldTo), delta, lineDelta));
    return out;
  }
}
