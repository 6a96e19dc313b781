// Step 1 of a diagnosis: every fact the rules look at, gathered once from the exchange (the
// response's status, reason phrase, challenges and error body; the request's Authorization header;
// the sent token, decoded and checked at the time of the exchange).
import { checkForRequests, contextFor } from '../analyze';
import { hostOf } from '../audiences';
import { decode } from '../decode';
import type { DiagnoseInput, Diagnosis, ErrorBody, HeaderList, JudgedAt } from '../diagnose';
import { bearerParams, challengesOf, decodeClaimsChallenge, isScheme, type BearerParams, type Challenge, type ClaimsChallenge } from '../http/wwwAuthenticate';
import { redact, redactText, redactUrl } from '../redact';
import { scan } from '../scan';
import type { DecodedToken, Finding, JsonObject, RequestRef } from '../types';

const MAX_EVIDENCE = 200;

/** Evidence as shown: tokens redacted, one line, capped. */
export function ev(s: string): string {
  const r = redactText(s.length > 4000 ? s.slice(0, 4000) : s).replace(/[\r\n]+/g, ' ');
  return r.length > MAX_EVIDENCE ? r.slice(0, MAX_EVIDENCE) + '…' : r;
}

export function jsonQuote(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export function header(headers: HeaderList, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
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

export interface AuthRead {
  kind: Diagnosis['authorization'];
  raw?: string;
  scheme?: string;
  unresolved?: string;
  /** `minted`: what makes the token at send time, as written. */
  minted?: string;
}

const PLACEHOLDER = /^(redacted|\*+|x+|<[^>]*>|\[[^\]]*\]|\.\.\.|…|null|undefined)$/i;

/** What an Authorization header value holds. */
export function readAuthorization(value: string | undefined): AuthRead {
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
    if (PLACEHOLDER.test(v)) return { kind: 'redacted' };
    return { kind: 'other-scheme', scheme };
  }
  if (!cred || PLACEHOLDER.test(cred)) return { kind: 'redacted' };
  const tokens = scan(cred);
  if (tokens.length && tokens[0].start === 0) return { kind: 'bearer-jwt', raw: cred.slice(0, tokens[0].end) };
  return { kind: 'bearer-other', raw: cred };
}

/** A plausible epoch-ms time (years 1970–9999) from an ISO 8601 or HTTP date; undefined otherwise. */
export function parseTime(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'number' ? v : Date.parse(v.trim());
  return Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? ms : undefined;
}

/**
 * When the token's lifetime is judged: the moment of the exchange, not the moment of reading.
 * The HAR entry's `startedDateTime`, else the response's `Date` header, else now.
 */
export function judgementTime(input: Pick<DiagnoseInput, 'exchangeTime' | 'response' | 'now'>): JudgedAt {
  const started = parseTime(input.exchangeTime);
  if (started !== undefined) return { ms: started, source: 'exchange' };
  const date = parseTime(header(input.response.headers, 'date'));
  if (date !== undefined) return { ms: date, source: 'date-header' };
  return { ms: input.now, source: 'now' };
}

export interface Facts {
  input: DiagnoseInput;
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  challenges: Challenge[];
  bearer?: BearerParams;
  /** Lower-cased Bearer `error`. */
  bearerError?: string;
  claims?: ClaimsChallenge;
  errorBody?: ErrorBody;
  request: { method: string; url: string } | null;
  /** Host the request went to (lower case), when known. */
  host?: string;
  auth: AuthRead;
  /** The sent token, decoded and checked at `at`. */
  token: { raw: string; decoded: DecodedToken; findings: Finding[] } | null;
  claimsOf: JsonObject | null;
  at: JudgedAt;
  /** Partner Center's `isMfaCompliant` answer (to `ValidateMfa: true`), lower-cased. */
  mfaHeader?: string;
  /** The server's own words: reason phrase, Bearer error_description, JSON error code and message. */
  serverText: string;
  /** Evidence strings shared by several rules. */
  evidence: { status: string; www: string[]; body?: string; sentTo?: string };
  finding(code: string): Finding | undefined;
  /** True when the server's own words match. */
  said(re: RegExp): boolean;
  /** The evidence line where the server says it (reason phrase, error_description or body). */
  saidEv(re: RegExp): string | undefined;
  /** The server's words that match, for the cause's summary. */
  saidText(re: RegExp): string | undefined;
}

export function gatherFacts(input: DiagnoseInput): Facts {
  const res = input.response;
  const headers: Array<[string, string]> = res.headers.map(([n, v]) => [String(n), String(v)]);
  const statusText = res.statusText ?? '';
  const challenges = challengesOf(headers);
  const bearerChallenge = challenges.find((c) => isScheme(c, 'Bearer'));
  const bearer = bearerChallenge ? bearerParams(bearerChallenge) : undefined;
  const claimsValue = challenges.map((c) => c.params.claims).find((v) => v !== undefined);
  const claims = claimsValue !== undefined ? decodeClaimsChallenge(claimsValue) : undefined;
  const errorBody = readErrorBody(res.body);
  const request = input.request ? { method: input.request.method, url: redactUrl(input.request.url) } : null;
  const at = judgementTime(input);

  // The token: given apart, or from the request's Authorization header.
  let auth: AuthRead = { kind: 'unknown' };
  if (input.request?.headers) auth = readAuthorization(header(input.request.headers, 'authorization'));
  // A token made when the request is sent ({{$aadToken}}, httpyac's `oauth2 …`, a request variable):
  // the file shows a template, not a missing token.
  const minted = input.request?.minted;
  if (minted && (auth.kind === 'unresolved' || auth.kind === 'other-scheme')) auth = { kind: 'minted', minted: minted.slice(0, 200) };
  let raw: string | undefined;
  if (input.token) {
    const given = input.token.trim();
    const t = scan(given);
    raw = t.length ? given.slice(t[0].start, t[0].end) : given;
    auth = t.length ? { kind: 'bearer-jwt', raw } : { kind: 'bearer-other', raw };
  } else if (auth.kind === 'bearer-jwt') raw = auth.raw;
  let token: Facts['token'] = null;
  if (raw && auth.kind === 'bearer-jwt') {
    const decoded = decode(raw);
    const ref: RequestRef | undefined = input.request ? { method: input.request.method, url: input.request.url, line: input.request.line ?? 0 } : undefined;
    token = { raw, decoded, findings: checkForRequests(decoded, contextFor(input.settings, at.ms), ref ? [ref] : []) };
  }

  const errorDescription = bearer?.errorDescription;
  const statusEv = ev(`HTTP ${res.status}${statusText ? ' ' + statusText : ''}`);
  const bodyEv = errorBody ? ev(`body: ${[errorBody.code && `code=${errorBody.code}`, errorBody.message && `message=${jsonQuote(errorBody.message)}`].filter(Boolean).join(', ')}`) : undefined;
  const serverText = [statusText, errorDescription ?? '', errorBody?.code ?? '', errorBody?.message ?? ''].join(' \n ').slice(0, 20000);
  const findings = token?.findings ?? [];
  return {
    input,
    status: res.status,
    statusText,
    headers,
    challenges,
    bearer,
    bearerError: bearer?.error?.toLowerCase(),
    claims,
    errorBody,
    request,
    host: input.request ? hostOf(input.request.url) : undefined,
    auth,
    token,
    claimsOf: token?.decoded.claims ?? null,
    at,
    mfaHeader: header(headers, 'isMfaCompliant')?.trim().toLowerCase(),
    serverText,
    evidence: {
      status: statusEv,
      www: headers.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([n, v]) => ev(`${n}: ${v}`)),
      body: bodyEv,
      sentTo: request ? ev(`sent to: ${request.method} ${request.url}`) : undefined,
    },
    finding: (code) => findings.find((f) => f.code === code),
    said: (re) => re.test(serverText),
    saidEv: (re) => {
      if (re.test(statusText)) return statusEv;
      if (errorDescription && re.test(errorDescription)) return `error_description=${jsonQuote(errorDescription)}`;
      return bodyEv;
    },
    saidText: (re) => (re.test(statusText) ? statusText : errorDescription && re.test(errorDescription) ? errorDescription : (errorBody?.message ?? errorBody?.code)),
  };
}

/** The redacted form of the sent token for the diagnosis (never the raw token). */
export function redactedToken(f: Facts): Diagnosis['token'] {
  return f.token ? { redacted: redact(f.token.raw), decoded: f.token.decoded, findings: f.token.findings } : null;
}
