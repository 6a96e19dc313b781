// The whole pipeline for one document: scan -> decode -> where each token is sent -> check.
import { check, REQUEST_DEPENDENT, sortFindings } from './check';
import { DecodeCache, decode } from './decode';
import { environmentTokens, type EnvToken, type Environments } from './http/environments';
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

/** The tokens of `text`, and how to analyse each (what `analyzeText` and `analyzeTokens` share). */
function prepare(text: string, opts: AnalyzeOptions): { tokens: ScannedToken[]; analyze: (t: ScannedToken) => AnalyzedToken } {
  const to = opts.limit !== undefined ? Math.min(opts.limit, text.length) : text.length;
  const tokens = scan(text, 0, to);
  if (tokens.length === 0) return { tokens, analyze: () => undefined as never };
  // The sites' own scan would find the same tokens (plus, in a cut text, one cut at the end, which is not analysed).
  const sites = opts.fileName ? findRequestSites(to < text.length ? text.slice(0, to) : text, { fileName: opts.fileName, languageId: opts.languageId }, tokens) : [];
  const siteByStart = new Map(sites.map((s) => [s.start, s]));
  const base = contextFor(opts.settings, opts.now);
  const analyze = (t: ScannedToken): AnalyzedToken => {
    const raw = text.slice(t.start, t.end);
    const decoded = opts.cache ? opts.cache.get(raw) : decode(raw);
    const requests = siteByStart.get(t.start)?.requests ?? [];
    const sig = opts.signatures?.get(t.start);
    const ctx: CheckContext = sig ? { ...base, signature: sig.state, signatureError: sig.error } : base;
    return { ...t, decoded, requests, findings: checkForRequests(decoded, ctx, requests) };
  };
  return { tokens, analyze };
}

export function analyzeText(text: string, opts: AnalyzeOptions): AnalyzedToken[] {
  const { tokens, analyze } = prepare(text, opts);
  return tokens.map(analyze);
}

/**
 * `analyzeText`'s tokens one at a time, each analysed when it is asked for: a caller that writes
 * each out and lets it go (the CLI) never holds every token's decoded claims and findings at once
 * (9,000 of them in a 32 MB HAR).
 */
export function* analyzeTokens(text: string, opts: AnalyzeOptions): Generator<AnalyzedToken> {
  const { tokens, analyze } = prepare(text, opts);
  for (const t of tokens) yield analyze(t);
}

/** A token a request file takes from an environment, judged. */
export interface AnalyzedEnvToken extends EnvToken {
  decoded: DecodedToken;
  /** Findings over every request that uses it (for the value where it is defined). */
  findings: Finding[];
  /** Findings for each use, in the order of `uses` (for the request that uses it). */
  useFindings: Finding[][];
}

/**
 * The tokens a .http/.rest text takes from its environments (`environmentTokens`), judged for the
 * requests that use them: `only` picks one environment, else each named one is judged.
 */
export function analyzeEnvironmentTokens(
  text: string,
  envs: Environments,
  opts: Pick<AnalyzeOptions, 'settings' | 'now' | 'cache'> & { only?: string },
): AnalyzedEnvToken[] {
  const base = contextFor(opts.settings, opts.now);
  return environmentTokens(text, envs, opts.only).map((e) => {
    const decoded = opts.cache ? opts.cache.get(e.raw) : decode(e.raw);
    return {
      ...e,
      decoded,
      findings: checkForRequests(
        decoded,
        base,
        e.uses.map((u) => u.request),
      ),
      useFindings: e.uses.map((u) => checkForRequests(decoded, base, [u.request])),
    };
  });
}

/**
 * Tokens found in an environment file (`envPath`), judged again for the requests of the request
 * files that use them (`users`: each file's name and its `environmentTokens`). Tokens no request
 * uses are returned as they were.
 */
export function judgeForRequestFiles(
  tokens: readonly AnalyzedToken[],
  envPath: string,
  users: ReadonlyArray<{ file: string; tokens: readonly EnvToken[] }>,
  opts: Pick<AnalyzeOptions, 'settings' | 'now'>,
): AnalyzedToken[] {
  const byStart = new Map<number, RequestRef[]>();
  for (const u of users) {
    for (const e of u.tokens) {
      if (e.origin.path !== envPath || e.origin.start === undefined) continue;
      const list = byStart.get(e.origin.start) ?? [];
      for (const use of e.uses) {
        const ref: RequestRef = { ...use.request, file: u.file };
        if (!list.some((x) => x.file === ref.file && x.line === ref.line && x.url === ref.url)) list.push(ref);
      }
      byStart.set(e.origin.start, list);
    }
  }
  if (byStart.size === 0) return [...tokens];
  const base = contextFor(opts.settings, opts.now);
  return tokens.map((t) => {
    const requests = byStart.get(t.start);
    if (!requests?.length) return t;
    const all = [...t.requests, ...requests];
    // A signature verdict does not depend on the request: it is kept.
    const kept = t.findings.filter((f) => f.code === 'signature-invalid');
    return { ...t, requests: all, findings: sortFindings([...kept, ...checkForRequests(t.decoded, base, all)]) };
  });
}
