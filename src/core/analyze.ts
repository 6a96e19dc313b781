// The whole pipeline for one document: scan -> decode -> where each token is sent -> check.
import { check, REQUEST_DEPENDENT, sortFindings } from './check';
import { DecodeCache, decode } from './decode';
import { findRequestSites } from './http/sites';
import { scan } from './scan';
import type { Settings } from './settings';
import type { CheckContext, DecodedToken, Finding, RequestRef, ScannedToken, SignatureState } from './types';

export interface AnalyzedToken extends ScannedToken {
  decoded: DecodedToken;
  /** Requests that send this token (empty outside request files). */
  requests: RequestRef[];
  findings: Finding[];
}

export interface AnalyzeOptions {
  /** With `languageId`, tells the document kind (.http/.rest, HAR, Markdown...: `documentKind`). */
  fileName?: string;
  /** The editor's language id, when there is an editor. */
  languageId?: string;
  settings: Settings;
  /** Epoch milliseconds. */
  now: number;
  cache?: DecodeCache;
  /** Stop after this many characters (the size cap); tokens past it are not reported. */
  limit?: number;
  /** Signature results by token start offset, when verification ran. */
  signatures?: ReadonlyMap<number, { state: SignatureState; error?: string }>;
}

export function contextFor(settings: Settings, now: number, request?: RequestRef): CheckContext {
  return {
    now,
    skewSeconds: settings.clockSkewSeconds,
    expectedAudiences: settings.expectedAudiences,
    audiencesByHost: settings.audiencesByHost,
    severities: settings.severity,
    request,
  };
}

/**
 * Findings for a token judged outside any request and, when it is sent, once per request. A finding
 * that does not depend on the request (expired, unsigned...) is reported once.
 */
export function checkForRequests(decoded: DecodedToken, base: CheckContext, requests: readonly RequestRef[]): Finding[] {
  if (requests.length === 0) return sortFindings(check(decoded, base));
  const out: Finding[] = [];
  const seenPlain = new Set<string>();
  for (const request of requests) {
    for (const f of check(decoded, { ...base, request })) {
      if (REQUEST_DEPENDENT.has(f.code)) out.push(f);
      else if (!seenPlain.has(f.code)) {
        seenPlain.add(f.code);
        out.push(f);
      }
    }
  }
  return sortFindings(out);
}

export function analyzeText(text: string, opts: AnalyzeOptions): AnalyzedToken[] {
  const to = opts.limit !== undefined ? Math.min(opts.limit, text.length) : text.length;
  const tokens = scan(text, 0, to);
  if (tokens.length === 0) return [];
  const sites = opts.fileName ? findRequestSites(to < text.length ? text.slice(0, to) : text, { fileName: opts.fileName, languageId: opts.languageId }) : [];
  const siteByStart = new Map(sites.map((s) => [s.start, s]));
  const base = contextFor(opts.settings, opts.now);
  return tokens.map((t) => {
    const raw = text.slice(t.start, t.end);
    const decoded = opts.cache ? opts.cache.get(raw) : decode(raw);
    const requests = siteByStart.get(t.start)?.requests ?? [];
    const sig = opts.signatures?.get(t.start);
    const ctx: CheckContext = sig ? { ...base, signature: sig.state, signatureError: sig.error } : base;
    return { ...t, decoded, requests, findings: checkForRequests(decoded, ctx, requests) };
  });
}
