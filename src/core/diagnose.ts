// Explains a 401/403: the response (status, reason phrase, challenges, JSON error, correlation ids)
// combined with the sent token's findings, as ranked causes with evidence and a remedy (domain.md §4, §5.4, §7).
import { checkForRequests, contextFor } from './analyze';
import { audienceName, hostOf } from './audiences';
import { CAUSE_CODES, causeRemedy, causeSummary, type CauseCode, type CauseValues, type Confidence } from './catalog/causes';
import { audiencesOf, mfaOf, principalOf, str, strList } from './classify';
import { decode } from './decode';
import { bearerParams, challengesOf, decodeClaimsChallenge, describeClaimRequest, isScheme, type BearerParams, type Challenge, type ClaimsChallenge } from './http/wwwAuthenticate';
import { redact, redactText } from './redact';
import { scan } from './scan';
import type { Settings } from './settings';
import type { DecodedToken, Finding, Locale, RequestRef } from './types';

export type { CauseCode, Confidence } from './catalog/causes';
export { CAUSE_CODES } from './catalog/causes';

export type HeaderList = ReadonlyArray<readonly [string, string]>;

export interface DiagnoseRequest {
  method: string;
  url: string;
  /** The request headers, when known (a HAR entry, a .http request, a curl line, a live replay). */
  headers?: HeaderList;
  /** 0-based line of the request in its document (for findings' `request`). */
  line?: number;
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
}

export interface Cause {
  code: CauseCode;
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
  response: { status: number; statusText: string; headers: Array<[string, string]>; challenges: Challenge[] };
  bearer?: BearerParams;
  claims?: ClaimsChallenge;
  errorBody?: ErrorBody;
  /** Correlation headers for support tickets, in response order. */
  correlation: Array<[string, string]>;
  /** The sent token, decoded, with its findings (never the raw token: see `redacted`). */
  token: { redacted: string; decoded: DecodedToken; findings: Finding[] } | null;
  /** What the request's Authorization header held. */
  authorization: 'bearer-jwt' | 'bearer-other' | 'other-scheme' | 'redacted' | 'unresolved' | 'none' | 'unknown';
  causes: Cause[];
}

const CORRELATION = new Set(['ms-correlationid', 'ms-requestid', 'request-context', 'x-ms-request-id', 'x-ms-correlation-request-id', 'client-request-id', 'request-id', 'x-ms-ags-diagnostic', 'x-correlation-id']);

const MAX_EVIDENCE = 200;

function ev(s: string): string {
  const r = redactText(s.length > 4000 ? s.slice(0, 4000) : s).replace(/[\r\n]+/g, ' ');
  return r.length > MAX_EVIDENCE ? r.slice(0, MAX_EVIDENCE) + '…' : r;
}

function jsonQuote(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** A URL with tokens and query values that look like credentials redacted. */
export function redactUrl(url: string): string {
  return redactText(url).replace(/([?&#](?:access_token|code|id_token|refresh_token|client_secret|sig)=)[^&#]*/gi, '$1[redacted]');
}

function iso(sec: number): string {
  const d = new Date(sec * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(sec);
}

function ago(sec: number): string {
  const a = Math.abs(Math.round(sec));
  if (a >= 86400) return `${Math.floor(a / 86400)} d`;
  if (a >= 3600) return `${Math.floor(a / 3600)} h`;
  if (a >= 60) return `${Math.floor(a / 60)} min`;
  return `${a} s`;
}

/** Reads the common JSON error shapes: Graph/ARM `{error:{code,message}}`, OAuth `{error,error_description}`, Partner Center `{code,description}`. */
export function readErrorBody(body: string | undefined): ErrorBody | undefined {
  if (!body) return undefined;
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('{') || trimmed.length > 1_000_000) return undefined;
  let j: unknown;
  try {
    j = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!j || typeof j !== 'object' || Array.isArray(j)) return undefined;
  const o = j as Record<string, unknown>;
  const scalar = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  let code: string | undefined;
  let message: string | undefined;
  if (o.error && typeof o.error === 'object' && !Array.isArray(o.error)) {
    const e = o.error as Record<string, unknown>;
    code = scalar(e.code);
    message = scalar(e.message);
    const inner = e.innerError ?? e.innererror;
    if (!code && inner && typeof inner === 'object') code = scalar((inner as Record<string, unknown>).code);
  } else {
    code = scalar(o.error) ?? scalar(o.code) ?? scalar(o.errorCode) ?? scalar(o.errorName);
    message = scalar(o.error_description) ?? scalar(o.description) ?? scalar(o.message) ?? scalar(o.Message);
  }
  if (!message && typeof o.errorName === 'string' && code !== o.errorName) message = o.errorName;
  if (code === undefined && message === undefined) return undefined;
  return { code, message };
}

function header(headers: HeaderList, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
}

interface AuthRead {
  kind: Diagnosis['authorization'];
  raw?: string;
  scheme?: string;
  unresolved?: string;
}

/** What an Authorization header value holds. */
function readAuthorization(value: string | undefined): AuthRead {
  if (value === undefined) return { kind: 'none' };
  const v = value.trim();
  if (!v) return { kind: 'redacted' };
  const sp = v.indexOf(' ');
  const scheme = sp < 0 ? v : v.slice(0, sp);
  const cred = sp < 0 ? '' : v.slice(sp + 1).trim();
  const open = v.indexOf('{{');
  const close = open < 0 ? -1 : v.indexOf('}}', open + 2);
  if (close > 0) return { kind: 'unresolved', unresolved: `{{${v.slice(open + 2, close).trim().slice(0, 80)}}}` };
  if (scheme.toLowerCase() !== 'bearer') {
    const tokens = scan(v);
    if (tokens.length) return { kind: 'bearer-jwt', raw: v.slice(tokens[0].start, tokens[0].end) };
    if (/^(redacted|\*+|x+|<[^>]*>|\[[^\]]*\])$/i.test(v)) return { kind: 'redacted' };
    return { kind: 'other-scheme', scheme };
  }
  if (!cred || /^(redacted|\*+|x+|<[^>]*>|\[[^\]]*\]|\.\.\.|…|null|undefined)$/i.test(cred)) return { kind: 'redacted' };
  const tokens = scan(cred);
  if (tokens.length && tokens[0].start === 0) return { kind: 'bearer-jwt', raw: cred.slice(0, tokens[0].end) };
  return { kind: 'bearer-other', raw: cred };
}

const MFA_TEXT = /\bmfa\b|multi-?factor|900421/i;
const EXPIRED_TEXT = /expired|lifetime validation failed|IDX10223|ExpiredAuthenticationToken/i;
const NOT_YET_TEXT = /not yet valid|IDX10222/i;
const AUDIENCE_TEXT = /audience|InvalidAuthenticationTokenAudience|IDX10214|IDX10208/i;
const MALFORMED_TEXT = /CompactToken|malformed|not well[- ]formed|IDX12741|IDX14100|IDX12709|invalid jwt|could not be parsed/i;
const SCOPE_TEXT = /insufficient[ _]scope|insufficient privileges|Authorization_RequestDenied|AuthorizationFailed|missing (?:required )?(?:scope|permission)|does not have authorization/i;

/** Most likely first: a stable order breaks ties. */
const ORDER: Record<CauseCode, number> = Object.fromEntries(CAUSE_CODES.map((c, i) => [c, i])) as Record<CauseCode, number>;

function confidenceOf(score: number): Confidence {
  return score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low';
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const res = input.response;
  const headers: Array<[string, string]> = res.headers.map(([n, v]) => [String(n), String(v)]);
  const statusText = res.statusText ?? '';
  const challenges = challengesOf(headers);
  const bearerChallenge = challenges.find((c) => isScheme(c, 'Bearer'));
  const bearer = bearerChallenge ? bearerParams(bearerChallenge) : undefined;
  const claimsValue = challenges.map((c) => c.params.claims).find((v) => v !== undefined);
  const claims = claimsValue !== undefined ? decodeClaimsChallenge(claimsValue) : undefined;
  const errorBody = readErrorBody(res.body);
  const correlation = headers.filter(([n]) => CORRELATION.has(n.toLowerCase())).map(([n, v]): [string, string] => [n, redactText(v)]);
  const request = input.request ? { method: input.request.method, url: redactUrl(input.request.url) } : null;
  const bearerError = bearer?.error?.toLowerCase();
  const failure = res.status === 401 || res.status === 403 || (res.status >= 400 && res.status < 500 && !!bearerError && bearerError !== 'invalid_request');

  // The token: given apart, or from the request's Authorization header.
  let auth: AuthRead = { kind: 'unknown' };
  if (input.request?.headers) auth = readAuthorization(header(input.request.headers, 'authorization'));
  let raw: string | undefined;
  if (input.token) {
    const t = scan(input.token.trim());
    raw = t.length ? input.token.trim().slice(t[0].start, t[0].end) : input.token.trim();
    auth = t.length ? { kind: 'bearer-jwt', raw } : { kind: 'bearer-other', raw };
  } else if (auth.kind === 'bearer-jwt') raw = auth.raw;
  let token: Diagnosis['token'] = null;
  if (raw && auth.kind === 'bearer-jwt') {
    const decoded = decode(raw);
    const ref: RequestRef | undefined = input.request ? { method: input.request.method, url: input.request.url, line: input.request.line ?? 0 } : undefined;
    const findings = checkForRequests(decoded, contextFor(input.settings, input.now), ref ? [ref] : []);
    token = { redacted: redact(raw), decoded, findings };
  }

  const diagnosis: Diagnosis = {
    failure,
    request,
    // What is kept for display has tokens redacted (a server may echo the token it refused).
    response: {
      status: res.status,
      statusText: redactText(statusText),
      headers: headers.map(([n, v]) => [n, redactText(v)]),
      challenges: challenges.map((c) => {
        const params: Record<string, string> = {};
        for (const [k, v] of Object.entries(c.params)) Object.defineProperty(params, k, { value: redactText(v), enumerable: true, writable: true, configurable: true });
        return c.token68 !== undefined ? { scheme: c.scheme, token68: redactText(c.token68), params } : { scheme: c.scheme, params };
      }),
    },
    bearer: bearer && (Object.fromEntries(Object.entries(bearer).map(([k, v]) => [k, typeof v === 'string' ? redactText(v) : v])) as BearerParams),
    claims,
    errorBody: errorBody && { code: errorBody.code && redactText(errorBody.code), message: errorBody.message && redactText(errorBody.message) },
    correlation,
    token,
    authorization: auth.kind,
    causes: [],
  };
  if (!failure) return diagnosis;

  // Evidence shared by several causes.
  const statusEv = ev(`HTTP ${res.status}${statusText ? ' ' + statusText : ''}`);
  const wwwEv = headers.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([n, v]) => ev(`${n}: ${v}`));
  const bodyEv = errorBody ? ev(`body: ${[errorBody.code && `code=${errorBody.code}`, errorBody.message && `message=${jsonQuote(errorBody.message)}`].filter(Boolean).join(', ')}`) : undefined;
  const sentTo = request ? ev(`sent to: ${request.method} ${redactUrl(request.url)}`) : undefined;
  const serverText = [statusText, bearer?.errorDescription ?? '', errorBody?.code ?? '', errorBody?.message ?? ''].join(' \n ').slice(0, 20000);
  const said = (re: RegExp) => re.test(serverText);
  const claimsOf = token?.decoded.claims ?? null;
  const findings = token?.findings ?? [];
  const finding = (code: string) => findings.find((f) => f.code === code);

  const causes: Cause[] = [];
  const add = (code: CauseCode, score: number, evidence: Array<string | undefined>, values: CauseValues = {}) => {
    const existing = causes.find((c) => c.code === code);
    const e = evidence.filter((x): x is string => !!x).map(ev);
    if (existing) {
      existing.score = Math.max(existing.score, score);
      for (const x of e) if (!existing.evidence.includes(x)) existing.evidence.push(x);
      return;
    }
    causes.push({ code, score, confidence: 'low', evidence: [...new Set(e)], values });
  };
  const saidEv = (re: RegExp): string | undefined => {
    if (re.test(statusText)) return statusEv;
    if (bearer?.errorDescription && re.test(bearer.errorDescription)) return `error_description=${jsonQuote(bearer.errorDescription)}`;
    return bodyEv;
  };
  const saidText = (re: RegExp): string | undefined =>
    re.test(statusText) ? statusText : bearer?.errorDescription && re.test(bearer.errorDescription) ? bearer.errorDescription : errorBody?.message ?? errorBody?.code;

  // No usable token in the request.
  if (!token) {
    const har = input.source === 'har' ? 'yes' : 'no';
    if (auth.kind === 'none' || auth.kind === 'redacted') {
      add('no-token', 90, [auth.kind === 'none' ? 'request: no Authorization header' : 'request: Authorization header redacted or empty', statusEv, ...wwwEv], {
        har,
        redacted: auth.kind === 'redacted' ? 'yes' : 'no',
      });
    } else if (auth.kind === 'unresolved') {
      add('no-token', 85, [`request: Authorization uses ${auth.unresolved}`], { unresolved: auth.unresolved, har });
    } else if (auth.kind === 'other-scheme') {
      add('no-token', 70, [`request: Authorization scheme ${auth.scheme}`, ...wwwEv], { scheme: auth.scheme, har });
    } else if (auth.kind === 'bearer-other') {
      add('malformed', 50, ['request: the bearer value is not a JWT', ...wwwEv], { opaque: 'yes' });
    } else if (auth.kind === 'unknown' && res.status === 401 && bearer && !bearer.error && !claims) {
      // RFC 6750 §3: a challenge without an error code answers a request without credentials.
      add('no-token', 55, [...wwwEv, 'challenge has no error code (RFC 6750: no credentials were sent)'], { har });
    }
  }

  // Malformed token.
  const mal = finding('malformed');
  if (mal) add('malformed', said(MALFORMED_TEXT) ? 95 : 85, [`token: ${String(mal.values.reason ?? 'unreadable')}`, saidEv(MALFORMED_TEXT)], { reason: mal.values.reason as string | undefined });
  else if (said(MALFORMED_TEXT)) add('malformed', token ? 45 : 75, [saidEv(MALFORMED_TEXT)], { said: saidText(MALFORMED_TEXT) });

  // Lifetime.
  const exp = finding('expired');
  const invalidToken = bearerError === 'invalid_token';
  if (exp && claimsOf) {
    const e = Number(claimsOf.exp);
    add('expired', said(EXPIRED_TEXT) || invalidToken ? 95 : 85, [`exp: ${iso(e)} (${ago(input.now / 1000 - e)} ago)`, saidEv(EXPIRED_TEXT), invalidToken ? wwwEv[0] : undefined], {
      exp: iso(e),
      ago: ago(input.now / 1000 - e),
    });
  } else if (said(EXPIRED_TEXT)) add('expired', claimsOf ? 40 : 60, [saidEv(EXPIRED_TEXT)], { said: saidText(EXPIRED_TEXT) });
  const nbf = finding('not-yet-valid');
  if (nbf && claimsOf) {
    const n = Number(claimsOf.nbf);
    add('not-yet-valid', 85, [`nbf: ${iso(n)} (${ago(n - input.now / 1000)} ahead)`, saidEv(NOT_YET_TEXT)], { nbf: iso(n), ahead: ago(n - input.now / 1000) });
  } else if (said(NOT_YET_TEXT)) add('not-yet-valid', claimsOf ? 25 : 40, [saidEv(NOT_YET_TEXT)], { said: saidText(NOT_YET_TEXT) });

  // Audience.
  const audF = finding('audience-mismatch');
  if (audF && claimsOf) {
    const auds = audiencesOf(claimsOf);
    const inRequest = !!audF.request;
    add('audience-mismatch', (inRequest ? 80 : 45) + (said(AUDIENCE_TEXT) ? 10 : 0), [`aud: ${auds.length ? jsonQuote(auds.length === 1 ? auds[0] : auds) : '(none)'}`, sentTo, saidEv(AUDIENCE_TEXT)], {
      aud: auds.length ? auds : undefined,
      audName: auds.map(audienceName).find(Boolean),
      expected: audF.values.expected as readonly string[] | undefined,
      service: audF.values.service as string | undefined,
    });
  } else if (said(AUDIENCE_TEXT)) add('audience-mismatch', claimsOf ? 40 : 55, [saidEv(AUDIENCE_TEXT)], { said: saidText(AUDIENCE_TEXT) });

  // MFA.
  // Partner Center answers `isMfaCompliant` when asked with `ValidateMfa: true` (domain.md §5.1).
  const mfaHeader = header(headers, 'isMfaCompliant')?.trim().toLowerCase();
  const mfaHeaderEv = mfaHeader === 'false' ? `isMfaCompliant: false` : undefined;
  const mfaSaid = said(MFA_TEXT) || mfaHeader === 'false';
  const mfaSaidEv = (): string | undefined => (said(MFA_TEXT) ? saidEv(MFA_TEXT) : mfaHeaderEv);
  const mfaSaidText = (): string | undefined => (said(MFA_TEXT) ? saidText(MFA_TEXT) : mfaHeaderEv);
  const mfaF = finding('mfa-missing');
  const amr = claimsOf && claimsOf.amr !== undefined ? strList(claimsOf.amr) : undefined;
  const amrEv = claimsOf ? `amr: ${amr ? jsonQuote(amr) : '(absent)'}` : undefined;
  const pcRejectShape = res.status === 401 && invalidToken && !bearer?.errorDescription && !claims && hostOf(request?.url ?? '') === 'api.partnercenter.microsoft.com';
  if (mfaF) {
    // A token for another audience is refused for that first: MFA then ranks after the audience.
    const base = (mfaF.severity === 'error' ? 80 : mfaF.severity === 'warning' ? 50 : 30) - (audF?.request ? 10 : 0);
    const boost = mfaSaid ? (mfaF.severity === 'error' ? 15 : 30) : pcRejectShape ? 5 : 0;
    add('mfa-missing', base + boost, [amrEv, mfaSaid ? mfaSaidEv() : undefined, mfaHeaderEv, pcRejectShape ? wwwEv[0] : undefined, sentTo], {
      amr,
      tokenKnown: 'yes',
      said: mfaSaid ? mfaSaidText() : undefined,
    });
  } else if (mfaSaid) {
    const compliant = claimsOf ? mfaOf(claimsOf) === 'compliant' : false;
    add('mfa-missing', claimsOf ? (compliant ? 45 : 60) : 85, [mfaSaidEv(), mfaHeaderEv, amrEv], {
      amr,
      tokenKnown: claimsOf ? 'yes' : 'no',
      compliant: compliant ? 'yes' : 'no',
      said: mfaSaidText(),
    });
  }

  // App-only.
  const appF = finding('app-only');
  if (appF && claimsOf) {
    const customer = appF.values.customerOperation as string | undefined;
    const basis = principalOf(claimsOf).basis;
    const roles = strList(claimsOf.roles);
    add('app-only', customer ? 75 : res.status === 403 || hostOf(request?.url ?? '') === 'api.partnercenter.microsoft.com' ? 40 : 25, [`token: app-only (by ${basis})${roles.length ? `, roles: ${jsonQuote(roles)}` : ''}`, sentTo], {
      customerOperation: customer,
      appId: appF.values.appId as string | undefined,
    });
  }

  // Claims challenge (Conditional Access, CAE, auth context) and RFC 9470 step-up.
  if (claims || bearerError === 'insufficient_claims' || bearerError === 'insufficient_user_authentication') {
    const asks = claims?.requests.map(describeClaimRequest) ?? [];
    if (bearer?.acrValues?.length) asks.push(`acr_values=${bearer.acrValues.join(' ')}`);
    if (bearer?.maxAge) asks.push(`max_age=${bearer.maxAge}`);
    const score = bearerError === 'insufficient_claims' ? 95 : 85;
    add('claims-challenge', score, [...wwwEv.filter((w) => /claims|insufficient_/i.test(w)), claims ? `claims: ${claims.error ? claims.error : JSON.stringify(claims.json)}` : undefined], {
      error: bearer?.error,
      asks,
      ccType: bearer?.ccType,
    });
  }

  // Scope / permission.
  const scopeSaid = bearerError === 'insufficient_scope' || said(SCOPE_TEXT);
  if (scopeSaid || (res.status === 403 && claimsOf)) {
    const have = claimsOf ? [...(str(claimsOf.scp)?.split(' ') ?? []), ...strList(claimsOf.roles)].filter(Boolean) : [];
    const score = bearerError === 'insufficient_scope' ? 90 : scopeSaid ? 70 : 40;
    add('insufficient-scope', score, [bearerError === 'insufficient_scope' ? wwwEv[0] : saidEv(SCOPE_TEXT), res.status === 403 ? statusEv : undefined, claimsOf ? `token: scp/roles ${jsonQuote(have)}` : undefined], {
      required: bearer?.scope?.join(' '),
      have: have.length ? have : undefined,
      said: scopeSaid && bearerError !== 'insufficient_scope' ? saidText(SCOPE_TEXT) : undefined,
    });
  }

  if (!causes.some((c) => c.score >= 40)) {
    const e = [statusEv, ...wwwEv, bodyEv, token?.decoded.kind === 'jwe' ? 'token: encrypted (JWE), not inspectable' : undefined];
    if (claimsOf) e.push(`token: aud ${jsonQuote(audiencesOf(claimsOf))}, amr ${amr ? jsonQuote(amr) : '(absent)'}`);
    add('unknown', 20, e, { status: `${res.status}${statusText ? ' ' + statusText : ''}` });
  }

  for (const c of causes) {
    c.score = Math.min(100, c.score);
    c.confidence = confidenceOf(c.score);
    if (c.evidence.length === 0) c.evidence.push(statusEv);
  }
  causes.sort((a, b) => b.score - a.score || ORDER[a.code] - ORDER[b.code]);
  diagnosis.causes = causes;
  return diagnosis;
}

export function renderCause(c: Cause, locale: Locale): RenderedCause {
  return { code: c.code, confidence: c.confidence, summary: causeSummary(c.code, c.values, locale), evidence: c.evidence.map(ev), remedy: causeRemedy(c.code, c.values, locale) };
}

export function renderCauses(d: Diagnosis, locale: Locale): RenderedCause[] {
  return d.causes.map((c) => renderCause(c, locale));
}
