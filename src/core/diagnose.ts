// Explains a 401/403: the response (status, reason phrase, challenges, JSON error, correlation ids)
// combined with the sent token's findings, as ranked causes with evidence and a remedy
// (docs/domain.md: 401 responses, Partner Center's MFA rule).
// Three steps: gather the facts once (./diagnosis/facts), run the small rules (./diagnosis/rules),
// rank their candidates by the documented rules (./diagnosis/rank, docs/codes.md).
import { causeRemedy, causeSummary, type CauseCode, type CauseValues, type Confidence } from './catalog/causes';
import { ev, gatherFacts, redactedToken, type Facts } from './diagnosis/facts';
import { rank } from './diagnosis/rank';
import { RULES, type Candidate } from './diagnosis/rules';
import type { BearerParams, Challenge, ClaimsChallenge } from './http/wwwAuthenticate';
import { redactText } from './redact';
import type { Settings } from './settings';
import type { DecodedToken, Finding, Locale } from './types';

export type { CauseCode, Confidence } from './catalog/causes';
export { CAUSE_CODES } from './catalog/causes';
export { readErrorBody } from './diagnosis/facts';

export type HeaderList = ReadonlyArray<readonly [string, string]>;

export interface DiagnoseRequest {
  method: string;
  url: string;
  /** The request headers, when known (a HAR entry, a .http request, a curl line, a live replay). */
  headers?: HeaderList;
  /** 0-based line of the request in its document (for findings' `request`). */
  line?: number;
  /** `.http`: the token is made when the request is sent (`{{$aadToken}}`, httpyac OAuth2, a request
   * variable): what makes it, as written. The file holds no token to judge, and that is not "no token". */
  minted?: string;
}

export interface DiagnoseResponse {
  status: number;
  /** Reason phrase (`Unauthorized - MFA required`); empty over HTTP/2. */
  statusText?: string;
  headers: HeaderList;
  body?: string;
}

export interface DiagnoseInput {
  request?: DiagnoseRequest | null;
  response: DiagnoseResponse;
  /** The token that was sent, when given apart from the request (CLI --token). */
  token?: string | null;
  /** Where the exchange comes from: a HAR entry gets the sanitized-export explanation. */
  source?: 'har' | 'http' | 'curl' | 'raw' | 'live';
  settings: Settings;
  /** Epoch milliseconds. */
  now: number;
  /** When the request was sent, if the capture says (a HAR entry's `startedDateTime`, ISO 8601, or epoch ms). */
  exchangeTime?: string | number;
}

/**
 * The time the token's lifetime was judged at: the exchange's own time (`exchange`: HAR
 * `startedDateTime`), else the response's `Date` header (`date-header`), else the time of the
 * diagnosis (`now`).
 */
export interface JudgedAt {
  ms: number;
  source: 'exchange' | 'date-header' | 'now';
}

export interface Cause {
  code: CauseCode;
  /**
   * What grounds the cause, and its ranking group (docs/codes.md): the server `stated` it, the
   * request or token `proven` it, a `hinted` guess, or an earlier check the server `passed`.
   */
  basis: 'stated' | 'proven' | 'hinted' | 'passed';
  confidence: Confidence;
  /** Ranking score (0–100); higher first. */
  score: number;
  /** Short strings naming the header, claim or value; tokens redacted. */
  evidence: string[];
  values: CauseValues;
}

export interface RenderedCause {
  code: CauseCode;
  confidence: Confidence;
  summary: string;
  evidence: string[];
  remedy: string;
}

export interface ErrorBody {
  /** `error.code`, `code`, `errorCode` or OAuth `error`. */
  code?: string;
  message?: string;
}

export interface Diagnosis {
  /** True for 401/403 (and a 4xx with a Bearer error): only then are there causes. */
  failure: boolean;
  request: { method: string; url: string } | null;
  /** The time the token's lifetime was judged at, and where that time came from. */
  judgedAt: JudgedAt;
  response: { status: number; statusText: string; headers: Array<[string, string]>; challenges: Challenge[] };
  bearer?: BearerParams;
  claims?: ClaimsChallenge;
  errorBody?: ErrorBody;
  /** Correlation headers for support tickets, in response order. */
  correlation: Array<[string, string]>;
  /** The sent token, decoded, with its findings (never the raw token: see `redacted`). */
  token: { redacted: string; decoded: DecodedToken; findings: Finding[] } | null;
  /** What the request's Authorization header held. */
  authorization: 'bearer-jwt' | 'bearer-other' | 'other-scheme' | 'redacted' | 'unresolved' | 'minted' | 'none' | 'unknown';
  /** `authorization: 'minted'`: what makes the token when the request is sent, as written. */
  minted?: string;
  causes: Cause[];
}

const CORRELATION = new Set(['ms-correlationid', 'ms-requestid', 'request-context', 'x-ms-request-id', 'x-ms-correlation-request-id', 'client-request-id', 'request-id', 'x-ms-ags-diagnostic', 'x-correlation-id']);

/** Every rule's candidates, in the rules' order of evaluation. */
export function candidatesOf(f: Facts): Candidate[] {
  return RULES.flatMap((r) => r.run(f));
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const f = gatherFacts(input);
  const bearer = f.bearer;
  const errorBody = f.errorBody;
  const failure = f.status === 401 || f.status === 403 || (f.status >= 400 && f.status < 500 && !!f.bearerError && f.bearerError !== 'invalid_request');
  return {
    failure,
    request: f.request,
    judgedAt: f.at,
    // What is kept for display has tokens redacted (a server may echo the token it refused).
    response: {
      status: f.status,
      statusText: redactText(f.statusText),
      headers: f.headers.map(([n, v]) => [n, redactText(v)]),
      challenges: f.challenges.map((c) => {
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(c.params)) Object.defineProperty(params, k, { value: redactText(v), enumerable: true, writable: true, configurable: true });
        return c.token68 !== undefined ? { scheme: c.scheme, token68: redactText(c.token68), params } : { scheme: c.scheme, params };
      }),
    },
    bearer: bearer && (Object.fromEntries(Object.entries(bearer).map(([k, v]) => [k, typeof v === 'string' ? redactText(v) : v])) as BearerParams),
    claims: f.claims,
    errorBody: errorBody && { code: errorBody.code && redactText(errorBody.code), message: errorBody.message && redactText(errorBody.message) },
    correlation: f.headers.filter(([n]) => CORRELATION.has(n.toLowerCase())).map(([n, v]): [string, string] => [n, redactText(v)]),
    token: redactedToken(f),
    authorization: f.auth.kind,
    ...(f.auth.kind === 'minted' && f.auth.minted ? { minted: redactText(f.auth.minted) } : {}),
    causes: failure ? rank(candidatesOf(f), f) : [],
  };
}

export function renderCause(c: Cause, locale: Locale): RenderedCause {
  return { code: c.code, confidence: c.confidence, summary: causeSummary(c.code, c.values, locale), evidence: c.evidence.map(ev), remedy: causeRemedy(c.code, c.values, locale) };
}

export function renderCauses(d: Diagnosis, locale: Locale): RenderedCause[] {
  return d.causes.map((c) => renderCause(c, locale));
}
