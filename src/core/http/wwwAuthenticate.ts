// WWW-Authenticate parsing (RFC 9110 §11.6.1 + RFC 6750) and Entra claims challenges (docs/domain.md §4).
// A hand-written single pass: every character is looked at a bounded number of times, so hostile
// headers (runs of `"\`, `,=`) parse in linear time. Never throws.
import { decodeBase64Text } from '../b64';

export interface Challenge {
  /** The scheme as sent (compare case-insensitively; `isScheme` does). */
  scheme: string;
  token68?: string;
  /** Parameter names lower-cased; the first occurrence of a repeated name wins. */
  params: Record<string, string>;
}

const enum C {
  TAB = 9,
  SP = 32,
  DQUOTE = 34,
  COMMA = 44,
  EQ = 61,
  BACKSLASH = 92,
}

/** RFC 9110 tchar. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;
/** RFC 9110 token68 characters (without the trailing `=` padding). */
const T68 = new Uint8Array(128);
for (const c of '-._~+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz') T68[c.charCodeAt(0)] = 1;

const isT = (c: number) => c < 128 && TCHAR[c] === 1;
const isT68 = (c: number) => c < 128 && T68[c] === 1;
const isWs = (c: number) => c === C.SP || c === C.TAB || c === 10 || c === 13;

/** Sets a key without going through `__proto__` setters (hostile names stay plain data). */
function setParam(params: Record<string, string>, name: string, value: string): void {
  if (Object.prototype.hasOwnProperty.call(params, name)) return;
  Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  get end(): boolean {
    return this.i >= this.s.length;
  }
  code(at = this.i): number {
    return at < this.s.length ? this.s.charCodeAt(at) : -1;
  }
  skipWs(): void {
    while (this.i < this.s.length && isWs(this.s.charCodeAt(this.i))) this.i++;
  }
  skipWsAndCommas(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (isWs(c) || c === C.COMMA) this.i++;
      else break;
    }
  }
  /** Index past the run of chars satisfying `pred` from `at`. */
  runEnd(at: number, pred: (c: number) => boolean): number {
    while (at < this.s.length && pred(this.s.charCodeAt(at))) at++;
    return at;
  }
  wsEnd(at: number): number {
    while (at < this.s.length && isWs(this.s.charCodeAt(at))) at++;
    return at;
  }
  /** Reads a quoted-string starting at the opening quote; an unterminated one runs to the end. */
  quoted(): string {
    this.i++; // opening quote
    let out = '';
    let from = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === C.DQUOTE) {
        out += this.s.slice(from, this.i);
        this.i++;
        return out;
      }
      if (c === C.BACKSLASH && this.i + 1 < this.s.length) {
        out += this.s.slice(from, this.i) + this.s[this.i + 1];
        this.i += 2;
        from = this.i;
        continue;
      }
      this.i++;
    }
    return out + this.s.slice(from);
  }
  /** An unquoted value: up to a comma or white space (Azure's `authorization_uri=https://…`). */
  bare(): string {
    const from = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === C.COMMA || isWs(c)) break;
      this.i++;
    }
    return this.s.slice(from, this.i);
  }
}

/** True when a `name BWS =` auth-param (not a token68's padding) starts at `at`. */
function paramAhead(r: Reader, at: number): boolean {
  const nameEnd = r.runEnd(at, isT);
  if (nameEnd === at) return false;
  const eq = r.wsEnd(nameEnd);
  if (r.code(eq) !== C.EQ) return false;
  // `abc==` followed by the end or a comma is token68 padding, not a parameter.
  const afterEq = r.runEnd(eq, (c) => c === C.EQ);
  const next = r.wsEnd(afterEq);
  if (afterEq - eq > 1 && (next >= r.s.length || r.code(next) === C.COMMA)) return false;
  return true;
}

/** No real response carries more challenges; hostile input stops here. */
export const MAX_CHALLENGES = 1000;

function parseOne(value: string, out: Challenge[]): void {
  const r = new Reader(value);
  while (out.length < MAX_CHALLENGES) {
    r.skipWsAndCommas();
    if (r.end) return;
    const schemeEnd = r.runEnd(r.i, isT);
    if (schemeEnd === r.i) {
      r.i++; // not a token: skip one character (always progresses)
      continue;
    }
    const ch: Challenge = { scheme: r.s.slice(r.i, schemeEnd), params: {} };
    out.push(ch);
    r.i = schemeEnd;
    r.skipWs();
    if (r.end) return;
    if (r.code() === C.COMMA) {
      // RFC 9110 §5.6.1: empty list elements are allowed. `Basic , realm="foo"` (white space, then
      // commas, then a parameter) is one Basic challenge; `Newauth, Basic …` is two challenges.
      if (r.i === schemeEnd) continue;
      r.skipWsAndCommas();
      if (r.end) return;
      if (!paramAhead(r, r.i)) continue;
    }

    // token68: the whole item up to a comma or the end.
    const t68End = r.runEnd(r.i, isT68);
    const padEnd = r.runEnd(t68End, (c) => c === C.EQ);
    const after = r.wsEnd(padEnd);
    if (t68End > r.i && (after >= r.s.length || r.code(after) === C.COMMA)) {
      ch.token68 = r.s.slice(r.i, padEnd);
      r.i = after;
      continue;
    }

    // auth-params, separated by commas (or by white space, in Azure's unquoted form).
    while (!r.end) {
      const nameStart = r.i;
      const nameEnd = r.runEnd(nameStart, isT);
      if (nameEnd === nameStart) {
        // Garbage between parameters: skip to the next comma.
        while (!r.end && r.code() !== C.COMMA) r.i++;
      } else {
        const eq = r.wsEnd(nameEnd);
        if (r.code(eq) !== C.EQ) {
          // A token not followed by `=`: the start of the next challenge.
          r.i = nameStart;
          break;
        }
        r.i = r.wsEnd(eq + 1);
        const v = r.code() === C.DQUOTE ? r.quoted() : r.bare();
        setParam(ch.params, r.s.slice(nameStart, nameEnd).toLowerCase(), v);
      }
      // Between parameters: a comma, or white space before another `name=` (Azure).
      const sepStart = r.i;
      r.skipWs();
      if (r.end) return;
      if (r.code() === C.COMMA) {
        r.skipWsAndCommas();
        if (r.end) return;
        if (!paramAhead(r, r.i)) break; // next challenge
      } else if (!paramAhead(r, r.i)) {
        if (r.i === sepStart) r.i++; // stray character after a quoted value: skip it
        else break;
      }
    }
  }
}

/** Every challenge in every given `WWW-Authenticate` field value, in order. Never throws. */
export function parseWwwAuthenticate(values: string | readonly string[]): Challenge[] {
  const out: Challenge[] = [];
  for (const v of typeof values === 'string' ? [values] : values) {
    if (typeof v === 'string' && out.length < MAX_CHALLENGES) parseOne(v, out);
  }
  return out;
}

/** The `WWW-Authenticate` values among ordered header pairs (names compared case-insensitively). */
export function challengesOf(headers: ReadonlyArray<readonly [string, string]>): Challenge[] {
  return parseWwwAuthenticate(headers.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([, v]) => v));
}

export function isScheme(ch: Challenge, scheme: string): boolean {
  return ch.scheme.toLowerCase() === scheme.toLowerCase();
}

/** RFC 6750 (+ Entra, RFC 9470, RFC 9728) parameters of a Bearer challenge. */
export interface BearerParams {
  realm?: string;
  scope?: string[];
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  authorizationUri?: string;
  claims?: string;
  clientId?: string;
  ccType?: string;
  acrValues?: string[];
  maxAge?: string;
  resourceMetadata?: string;
}

export function bearerParams(ch: Challenge): BearerParams {
  const p = ch.params;
  const words = (v: string | undefined) => (v === undefined ? undefined : v.split(/[ \t]+/).filter(Boolean));
  return {
    realm: p.realm,
    scope: words(p.scope),
    error: p.error,
    errorDescription: p.error_description,
    errorUri: p.error_uri,
    authorizationUri: p.authorization_uri ?? p.authorization,
    claims: p.claims,
    clientId: p.client_id,
    ccType: p.cc_type,
    acrValues: words(p.acr_values),
    maxAge: p.max_age,
    resourceMetadata: p.resource_metadata,
  };
}

/** One claim a claims challenge asks for. */
export interface ClaimRequest {
  /** `access_token`, `id_token` or `userinfo`. */
  target: string;
  claim: string;
  essential?: boolean;
  value?: string;
  values?: string[];
}

export interface ClaimsChallenge {
  /** The decoded JSON, or undefined when the value is not base64 JSON. */
  json?: unknown;
  /** Pretty-printed JSON (for display), or the reason it could not be decoded. */
  text: string;
  requests: ClaimRequest[];
  error?: string;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * Decodes an Entra claims challenge (`claims="<base64 JSON>"`). Tolerates a value that is already
 * JSON (some clients pass it through decoded). Never throws.
 */
export function decodeClaimsChallenge(value: string): ClaimsChallenge {
  const trimmed = value.trim();
  const text = trimmed.startsWith('{') ? trimmed : decodeBase64Text(trimmed);
  if (text === null) return { text: 'not base64', requests: [], error: 'not base64' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { text, requests: [], error: 'not JSON' };
  }
  const requests: ClaimRequest[] = [];
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const [target, claims] of Object.entries(json as Record<string, unknown>)) {
      if (!claims || typeof claims !== 'object' || Array.isArray(claims)) continue;
      for (const [claim, spec] of Object.entries(claims as Record<string, unknown>)) {
        const req: ClaimRequest = { target, claim };
        if (spec && typeof spec === 'object' && !Array.isArray(spec)) {
          const o = spec as Record<string, unknown>;
          if (typeof o.essential === 'boolean') req.essential = o.essential;
          const v = scalar(o.value);
          if (v !== undefined) req.value = v;
          if (Array.isArray(o.values)) req.values = o.values.map(scalar).filter((x): x is string => x !== undefined);
        }
        requests.push(req);
        if (requests.length >= 50) break;
      }
    }
  }
  return { json, text: JSON.stringify(json, null, 2), requests };
}

/** A short English-neutral description of what a claims request asks for (for evidence). */
export function describeClaimRequest(r: ClaimRequest): string {
  const vals = r.value !== undefined ? [r.value] : (r.values ?? []);
  return `${r.target}.${r.claim}${vals.length ? `=${vals.join('|')}` : ''}${r.essential ? ' (essential)' : ''}`;
}
