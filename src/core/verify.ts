// Signature verification: decides whether and where a token's keys may be fetched (docs/domain.md §1.6,
// §3), then verifies with jose. All I/O is injected: `fetch` for HTTP, `readFile` for local key sets.
// The core never fetches a URL a token names (jku, x5u, or an unlisted iss).
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, customFetch, type CompactVerifyGetKey, type JSONWebKeySet } from 'jose';
import { GRAPH_AUDIENCES, audienceMatches, parseUrl } from './audiences';
import { audiencesOf, isGuid, issuerOf, str } from './classify';
import type { Settings } from './settings';
import type { DecodedToken, JsonObject, SignatureState } from './types';

/** The part of `fetch` we use; Node's and the browser's both fit. */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Headers | Record<string, string>; redirect: 'manual'; signal: AbortSignal },
) => Promise<Response>;

/** Why a verification came out the way it did. Stable: catalogs and tests key on them. */
export const VERIFY_REASONS = [
  'verified',
  'signature-mismatch',
  'no-matching-key',
  'empty-key-set',
  'key-issuer-mismatch',
  'issuer-mismatch',
  'malformed',
  'by-design',
  'encrypted',
  'unsigned',
  'no-issuer',
  'untrusted-issuer',
  'timeout',
  'offline',
  'http-error',
  'discovery-invalid',
  'jwks-invalid',
  'not-supported',
  'alg-not-allowed',
  'file-error',
  'error',
] as const;
export type VerifyReason = (typeof VERIFY_REASONS)[number];

/** Values for the catalog message. Strings may come from the token: escape when rendering. */
export interface VerifyDetail {
  /** Where keys came from (a URL or a file path the user configured). */
  source?: string;
  url?: string;
  issuer?: string;
  kid?: string;
  alg?: string;
  /** jose error code, or a network error code (ECONNREFUSED...). */
  code?: string;
  /** The underlying message (never holds the token). */
  message?: string;
  /** HTTP status, for http-error. */
  status?: number;
  /** For by-design: 'nonce' or 'graph'. */
  why?: string;
  timeoutMs?: number;
}

export interface VerifyResult {
  state: SignatureState;
  reason: VerifyReason;
  detail: VerifyDetail;
}

/** Where the keys for a token come from, or why none may be fetched. */
export type VerifyPlan =
  | { kind: 'discovery'; discoveryUrl: string; issuer: string; entra: boolean; tenant?: string; graph: boolean }
  | { kind: 'jwks'; sources: string[]; graph: boolean }
  | { kind: 'refuse'; result: VerifyResult };

export interface TrustSettings {
  /** Exact `iss` values or OIDC discovery URLs the user trusts (`jwtMfa.verify.trustedIssuers`). */
  trustedIssuers: readonly string[];
  /** JWKS files or URLs (`jwtMfa.verify.jwks`), used for any issuer. */
  jwks: readonly string[];
  /** Key sets listed for one issuer each (user settings only): they apply to that issuer, an Entra issuer included. */
  issuerJwks?: readonly { issuer: string; jwks: string }[];
  /** Use `jwks` even for Entra and listed issuers (the CLI's explicit `--jwks`). */
  preferJwks?: boolean;
}

/** The trust list from settings. */
export function trustFromSettings(settings: Pick<Settings, 'verifyTrustedIssuers' | 'verifyJwks'> & Partial<Pick<Settings, 'verifyIssuerJwks'>>): TrustSettings {
  return { trustedIssuers: settings.verifyTrustedIssuers, jwks: settings.verifyJwks, issuerJwks: settings.verifyIssuerJwks ?? [] };
}

export const ENTRA_AUTHORITY = 'https://login.microsoftonline.com';
const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

function result(state: SignatureState, reason: VerifyReason, detail: VerifyDetail = {}): VerifyResult {
  return { state, reason, detail };
}

function trimSlash(s: string): string {
  return s.endsWith('/') ? s.slice(0, -1) : s;
}

/** http: only for loopback (the test stand-in, a local IdP); everything else must be https. */
export function isAllowedUrl(url: string): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

/**
 * Decides how a token can be verified, without any I/O. `authority` replaces the Entra login host
 * (tests point it at a loopback stand-in).
 */
export function planVerification(decoded: DecodedToken, trust: TrustSettings, authority = ENTRA_AUTHORITY): VerifyPlan {
  const refuse = (state: SignatureState, reason: VerifyReason, detail: VerifyDetail = {}): VerifyPlan => ({ kind: 'refuse', result: result(state, reason, detail) });
  if (decoded.kind === 'jwe') return refuse('not-checked', 'encrypted');
  const header = decoded.header;
  if (!header || !decoded.claims) return refuse('not-checked', 'malformed', { message: decoded.error });
  const alg = str(header.alg);
  if (!alg || alg.toLowerCase() === 'none') return refuse('not-checked', 'unsigned');
  const claims = decoded.claims;
  // Graph and SharePoint tokens: the signature covers a transformed nonce (docs/domain.md §1.2).
  if (header.nonce !== undefined) return refuse('not-checked', 'by-design', { why: 'nonce' });
  // A Graph token without a nonce is tried, but a failure is not called an attack (verifyToken).
  const graph = audiencesOf(claims).some((a) => audienceMatches(a, GRAPH_AUDIENCES));

  if (trust.preferJwks && trust.jwks.length > 0) return { kind: 'jwks', sources: [...trust.jwks], graph };
  const iss = str(claims.iss);
  const issInfo = issuerOf(claims);
  // An issuer the user lists (user settings only) is verified as listed, an Entra issuer included:
  // first with the key sets listed for it, then through the discovery it names.
  if (iss) {
    const own = (trust.issuerJwks ?? []).filter((e) => trimSlash(e.issuer.trim()) === trimSlash(iss)).map((e) => e.jwks);
    if (own.length > 0) return { kind: 'jwks', sources: own, graph };
    for (const entry of trust.trustedIssuers) {
      const e = entry.trim();
      if (e.endsWith(DISCOVERY_SUFFIX)) {
        // A discovery URL is trusted for the issuer it sits under.
        if (trimSlash(e.slice(0, -DISCOVERY_SUFFIX.length)) === trimSlash(iss)) return { kind: 'discovery', discoveryUrl: e, issuer: iss, entra: false, graph };
      } else if (e === iss) {
        return { kind: 'discovery', discoveryUrl: trimSlash(iss) + DISCOVERY_SUFFIX, issuer: iss, entra: false, graph };
      }
    }
  }
  if (issInfo.kind === 'entra-v1' || issInfo.kind === 'entra-v2') {
    // Metadata by `ver`, falling back to the issuer's form (docs/domain.md §1.1).
    const ver = str(claims.ver);
    const v2 = ver === '2.0' || (ver !== '1.0' && issInfo.kind === 'entra-v2');
    const tid = str(claims.tid);
    const tenant = tid && isGuid(tid) ? tid : issInfo.tenant && isGuid(issInfo.tenant) ? issInfo.tenant : 'common';
    const base = trimSlash(authority);
    const discoveryUrl = `${base}/${tenant}${v2 ? '/v2.0' : ''}${DISCOVERY_SUFFIX}`;
    return { kind: 'discovery', discoveryUrl, issuer: iss!, entra: true, tenant, graph };
  }
  if (trust.jwks.length > 0) return { kind: 'jwks', sources: [...trust.jwks], graph };
  if (!iss) return refuse('not-checked', 'no-issuer');
  return refuse('not-checked', 'untrusted-issuer', { issuer: iss });
}

/** Key sets and discovery documents, cached per URL. Owned by a face; pure itself (no I/O). */
export class KeyStore {
  private readonly remote = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  private readonly discovery = new Map<string, { at: number; doc: JsonObject }>();

  constructor(
    readonly fetch: FetchLike,
    readonly options: { timeoutMs?: number; cacheMaxAgeMs?: number; readFile?: (path: string) => Promise<string> } = {},
  ) {}

  get timeoutMs(): number {
    return this.options.timeoutMs ?? 5000;
  }

  get cacheMaxAgeMs(): number {
    return this.options.cacheMaxAgeMs ?? 10 * 60 * 1000;
  }

  remoteKeys(url: string): ReturnType<typeof createRemoteJWKSet> {
    let set = this.remote.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), {
        timeoutDuration: this.timeoutMs,
        cacheMaxAge: this.cacheMaxAgeMs,
        cooldownDuration: 30000,
        [customFetch]: this.fetch as never,
      });
      this.remote.set(url, set);
    }
    return set;
  }

  /** GET a JSON document with the store's timeout; cached for cacheMaxAge. */
  async discoveryDoc(url: string, now = Date.now()): Promise<JsonObject> {
    const hit = this.discovery.get(url);
    if (hit && now - hit.at < this.cacheMaxAgeMs) return hit.doc;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const res = await this.fetch(url, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual', signal });
    if (res.status !== 200) throw new HttpStatusError(res.status);
    let doc: unknown;
    try {
      doc = JSON.parse(await res.text());
    } catch (e) {
      if (signal.aborted) throw e;
      throw new DiscoveryError('not JSON');
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new DiscoveryError('not a JSON object');
    this.discovery.set(url, { at: now, doc: doc as JsonObject });
    return doc as JsonObject;
  }

  async localKeys(path: string): Promise<{ getKey: ReturnType<typeof createLocalJWKSet>; jwks: JSONWebKeySet }> {
    if (!this.options.readFile) throw new FileError('local key sets are not available here');
    let text: string;
    try {
      text = await this.options.readFile(path);
    } catch (e) {
      throw new FileError(e instanceof Error ? e.message : String(e));
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new KeySetError('not JSON');
    }
    const jwks = json as JSONWebKeySet;
    return { getKey: createLocalJWKSet(jwks), jwks };
  }

  clear(): void {
    this.remote.clear();
    this.discovery.clear();
  }
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}
class DiscoveryError extends Error {}
class KeySetError extends Error {}
class FileError extends Error {}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function clip(s: string, n = 300): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** The innermost error code of a network failure (`fetch failed` wraps the socket error). */
function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const { name, code } = cur as { name?: unknown; code?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'ERR_JWKS_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps any error thrown while fetching keys or verifying to a result (jose codes: docs/domain.md §3.2). */
export function mapError(e: unknown, base: VerifyDetail, timeoutMs: number): VerifyResult {
  const message = clip(e instanceof Error ? e.message : String(e));
  const code = e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
  const d = { ...base, code, message };
  if (isTimeout(e)) return result('not-checked', 'timeout', { ...d, timeoutMs });
  const net = networkCode(e);
  if (net) return result('not-checked', 'offline', { ...d, code: net });
  if (e instanceof HttpStatusError) return result('not-checked', 'http-error', { ...d, status: e.status });
  if (e instanceof DiscoveryError) return result('not-checked', 'discovery-invalid', d);
  if (e instanceof KeySetError) return result('not-checked', 'jwks-invalid', d);
  if (e instanceof FileError) return result('not-checked', 'file-error', d);
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return result('invalid', 'signature-mismatch', d);
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return result('invalid', 'no-matching-key', d);
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return result('not-checked', 'error', d);
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return result('not-checked', 'jwks-invalid', d);
    case 'ERR_JOSE_NOT_SUPPORTED':
      return result('not-checked', 'not-supported', d);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      // Only raised where we restrict algorithms (Entra signs RS256): another alg is a forgery sign.
      return result('invalid', 'alg-not-allowed', d);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return result('invalid', 'malformed', d);
    case 'ERR_JOSE_GENERIC':
      // jose's base error: a non-200 response or a body that is not JSON.
      if (/200 OK/.test(message)) return result('not-checked', 'http-error', d);
      if (/JSON/.test(message)) return result('not-checked', 'jwks-invalid', d);
      return result('not-checked', 'error', d);
  }
  if (e instanceof TypeError && /fetch failed|network/i.test(message)) return result('not-checked', 'offline', d);
  return result('not-checked', 'error', d);
}

function firstPathSegment(url: string): string | undefined {
  return parseUrl(url)?.pathname.split('/')[1] || undefined;
}

function keyCount(jwks: JSONWebKeySet | undefined): number {
  return jwks && Array.isArray(jwks.keys) ? jwks.keys.length : -1;
}

/**
 * The `issuer` a v2 Entra key is scoped to, with `{tenantid}` filled in (docs/domain.md §3.1); undefined
 * when the key has none.
 */
function keyIssuer(jwks: JSONWebKeySet | undefined, kid: string | undefined, tid: string | undefined): string | undefined {
  if (!jwks || !kid) return undefined;
  const key = jwks.keys.find((k) => k.kid === kid) as { issuer?: unknown } | undefined;
  const iss = key && typeof key.issuer === 'string' ? key.issuer : undefined;
  return iss && tid ? iss.replace(/\{tenantid\}/gi, tid) : iss;
}

async function verifyWith(
  raw: string,
  getKey: CompactVerifyGetKey,
  algorithms: string[] | undefined,
): Promise<void> {
  await compactVerify(raw, getKey, algorithms ? { algorithms } : undefined);
}

export interface VerifyOptions {
  trust: TrustSettings;
  store: KeyStore;
  /** Entra login host override (tests). */
  authority?: string;
  /** Epoch ms, for caches. */
  now?: number;
}

/**
 * Verifies a token's signature. Never throws: every failure becomes a result with a reason.
 * Only the signature (and, for discovery, the issuer) is checked; lifetime and audience are the
 * findings' business.
 */
export async function verifyToken(raw: string, decoded: DecodedToken, opts: VerifyOptions): Promise<VerifyResult> {
  const plan = planVerification(decoded, opts.trust, opts.authority);
  if (plan.kind === 'refuse') return plan.result;
  const r = await verifyPlanned(raw, decoded, plan, opts);
  // Graph tokens use a proprietary format: a failed check says so rather than "invalid" (docs/domain.md §1.2).
  if (plan.graph && r.state === 'invalid') return result('not-checked', 'by-design', { ...r.detail, why: 'graph' });
  return r;
}

async function verifyPlanned(raw: string, decoded: DecodedToken, plan: Exclude<VerifyPlan, { kind: 'refuse' }>, opts: VerifyOptions): Promise<VerifyResult> {
  const header = decoded.header!;
  const kid = str(header.kid);
  const alg = str(header.alg);
  const store = opts.store;
  if (plan.kind === 'jwks') {
    let last: VerifyResult | undefined;
    for (const source of plan.sources) {
      const detail: VerifyDetail = { source, kid, alg };
      let jwksOf: () => JSONWebKeySet | undefined = () => undefined;
      try {
        if (isUrl(source)) {
          if (!isAllowedUrl(source)) {
            last = result('not-checked', 'untrusted-issuer', { ...detail, url: source, message: 'plain http is allowed only for loopback' });
            continue;
          }
          const set = store.remoteKeys(source);
          jwksOf = () => set.jwks();
          await verifyWith(raw, set, undefined);
        } else {
          const local = await store.localKeys(source);
          jwksOf = () => local.jwks;
          await verifyWith(raw, local.getKey, undefined);
        }
        return result('valid', 'verified', detail);
      } catch (e) {
        last = mapError(e, detail, store.timeoutMs);
        if (last.reason === 'no-matching-key' && keyCount(jwksOf()) === 0) last = result('not-checked', 'empty-key-set', detail);
        // Another configured set may hold the key: only a missing key moves on to the next one.
        if (last.reason !== 'no-matching-key' && last.reason !== 'empty-key-set') return last;
      }
    }
    return last ?? result('not-checked', 'error');
  }

  // OIDC discovery.
  const base: VerifyDetail = { url: plan.discoveryUrl, issuer: plan.issuer, kid, alg };
  if (!isAllowedUrl(plan.discoveryUrl)) return result('not-checked', 'untrusted-issuer', { ...base, message: 'plain http is allowed only for loopback' });
  let doc: JsonObject;
  try {
    doc = await store.discoveryDoc(plan.discoveryUrl, opts.now);
  } catch (e) {
    return mapError(e, base, store.timeoutMs);
  }
  const jwksUri = str(doc.jwks_uri);
  if (!jwksUri) return result('not-checked', 'discovery-invalid', { ...base, message: 'no jwks_uri' });
  if (!isAllowedUrl(jwksUri)) return result('not-checked', 'discovery-invalid', { ...base, message: 'jwks_uri is not https' });
  // The tenant for `{tenantid}` templates: the tid claim, else the first path segment of iss (§3.1).
  const tid = str(decoded.claims?.tid) ?? firstPathSegment(plan.issuer);
  const docIssuer = str(doc.issuer);
  if (docIssuer) {
    const expected = tid ? docIssuer.replace(/\{tenantid\}/gi, tid) : docIssuer;
    if (trimSlash(expected) !== trimSlash(plan.issuer)) return result('invalid', 'issuer-mismatch', { ...base, message: `discovery issuer ${clip(expected, 200)}` });
  }
  const set = store.remoteKeys(jwksUri);
  const detail: VerifyDetail = { ...base, source: jwksUri };
  try {
    await verifyWith(raw, set, plan.entra ? ['RS256'] : undefined);
  } catch (e) {
    const r = mapError(e, detail, store.timeoutMs);
    if (r.reason === 'no-matching-key' && keyCount(set.jwks()) === 0) return result('not-checked', 'empty-key-set', detail);
    return r;
  }
  const scoped = keyIssuer(set.jwks(), kid, tid);
  if (scoped && trimSlash(scoped) !== trimSlash(plan.issuer)) return result('invalid', 'key-issuer-mismatch', { ...detail, message: `key issuer ${clip(scoped, 200)}` });
  return result('valid', 'verified', detail);
}
