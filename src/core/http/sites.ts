// Where each token in a document is sent: .http/.rest requests, HAR entries, curl lines.
import { scan } from '../scan';
import type { ScannedToken } from '../types';
import type { RequestRef } from '../types';
import { findCurlCommands } from './curl';
import { kindOf, type DocumentName } from './documentKind';
import { httpFences } from './fences';
import { readHar } from './har';
import { parseHttpFile } from './httpFile';

/** A token occurrence [start, end) in a document and the requests that send it. */
export interface TokenSite {
  start: number;
  end: number;
  requests: RequestRef[];
}

/** A stretch of the document whose tokens are sent by `requests`. */
export interface Range {
  start: number;
  end: number;
  requests: RequestRef[];
}

function httpRanges(text: string, base = 0, baseLine = 0): Range[] {
  const file = parseHttpFile(text);
  const out: Range[] = [];
  const byVariable = new Map<string, RequestRef[]>();
  for (const r of file.requests) {
    const ref: RequestRef = { method: r.method, url: r.url, line: r.line + baseLine };
    out.push({ start: base + r.urlStart, end: base + r.urlEnd, requests: [ref] });
    for (const h of r.headers) {
      if (h.name.toLowerCase() === 'authorization') out.push({ start: base + h.valueStart, end: base + h.valueEnd, requests: [ref] });
    }
    for (const v of r.credentialVariables) {
      const list = byVariable.get(v) ?? [];
      list.push(ref);
      byVariable.set(v, list);
    }
  }
  // A variable defined twice: REST Client uses one definition; every definition line is a site.
  for (const v of file.variables) {
    const refs = byVariable.get(v.name);
    if (refs) out.push({ start: base + v.valueStart, end: base + v.valueEnd, requests: refs });
  }
  return out;
}

/** Markdown code fences marked ```http or ```rest hold requests too (REST Client runs them). */
function markdownHttpRanges(text: string): Range[] {
  return httpFences(text).flatMap((f) => httpRanges(text.slice(f.start, f.end), f.start, f.line));
}

/** Every HAR entry's URL and Authorization values, with the entry's request. */
export function harRanges(text: string): Range[] {
  const out: Range[] = [];
  for (const e of readHar(text, { responses: false }).entries) {
    const ref: RequestRef = { method: e.request.method, url: e.request.url, line: e.line };
    for (const [start, end] of e.credentialRanges) out.push({ start, end, requests: [ref] });
  }
  return out;
}

function curlRanges(text: string): Range[] {
  const out: Range[] = [];
  for (const c of findCurlCommands(text)) {
    const ref: RequestRef = { method: c.method, url: c.url, line: c.line };
    for (const [start, end] of c.credentialRanges) out.push({ start, end, requests: [ref] });
  }
  return out;
}

/**
 * The sites of `text`, by its document kind (`documentKind`). Never throws. `tokens`: the caller's
 * `scan(text)` when it has one (a site is only looked up for them), so the text is not scanned twice.
 */
export function findRequestSites(text: string, doc: DocumentName, tokens?: readonly ScannedToken[]): TokenSite[] {
  let ranges: Range[];
  try {
    const kind = kindOf(doc, text);
    if (kind === 'http') ranges = httpRanges(text);
    else if (kind === 'har') ranges = harRanges(text);
    else if (kind === 'markdown') ranges = [...curlRanges(text), ...markdownHttpRanges(text)];
    else ranges = curlRanges(text);
  } catch {
    return [];
  }
  if (ranges.length === 0) return [];
  ranges.sort((a, b) => a.start - b.start);
  const out: TokenSite[] = [];
  // Tokens and ranges are both in document order: one merge walk. A token belongs to the range that
  // contains its start (ranges do not nest: each lies on one line or one JSON string).
  let k = 0;
  for (const t of tokens ?? scan(text)) {
    while (k < ranges.length && ranges[k].end <= t.start) k++;
    const requests: RequestRef[] = [];
    for (let j = k; j < ranges.length && ranges[j].start <= t.start; j++) {
      if (t.start >= ranges[j].start && t.end <= ranges[j].end) {
        for (const r of ranges[j].requests) if (!requests.some((x) => x.line === r.line && x.url === r.url)) requests.push(r);
      }
    }
    if (requests.length) out.push({ start: t.start, end: t.end, requests });
  }
  return out;
}
