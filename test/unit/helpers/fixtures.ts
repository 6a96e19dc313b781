// The one fixtures module of the unit tests: ONE frozen clock, ONE token minter, the claim sets the
// tests start from, and the HAR builders. Tokens are made for the purpose (never real): `mint` builds
// an unsigned-looking token synchronously (scan, check, diagnose, render tests); `keyPair` signs with
// a key the test generates through jose, for the tests that verify signatures. The in-host suites
// (test/integration) mint with it too, relative to VS Code's real clock, which they cannot freeze.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/** The frozen clock: 2026-04-02T10:00:00Z, a day after Partner Center began to enforce MFA. */
export const NOW = Date.UTC(2026, 3, 2, 10, 0, 0);
export const NOW_S = NOW / 1000;

export type Claims = Record<string, unknown>;

/** base64url of a string, or of a value's JSON. */
export const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export const HEADER: Readonly<Claims> = { alg: 'RS256', typ: 'JWT', kid: 'k1' };
/** "signature", base64url: the signature segment of every unsigned-looking token. */
export const FAKE_SIG = 'c2lnbmF0dXJl';

/** The token minter: header.claims.signature, with a signature that verifies against nothing. */
export function mint(claims: Claims, header: Claims = HEADER, sig = FAKE_SIG): string {
  return `${b64(header)}.${b64(claims)}.${sig}`;
}

/** A key pair made for the test, and the same minter signing with it (RS256, `kid` in the header). */
export async function keyPair(kid = 'test-key') {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const sign = (claims: Claims, header: Claims = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(privateKey);
  return { jwk, jwks: { keys: [jwk] }, sign, publicKey, privateKey };
}

export const PC = 'https://api.partnercenter.microsoft.com';
export const GRAPH = 'https://graph.microsoft.com';
export const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const APPID = '11111111-2222-3333-4444-555555555555';

/** What every Entra v1 token here carries: issuer, tenant, and a life around NOW. */
function envelope(): Claims {
  return { iss: `https://sts.windows.net/${TID}/`, iat: NOW_S - 600, nbf: NOW_S - 600, exp: NOW_S + 3000, tid: TID, ver: '1.0' };
}

/** The claims of a Partner Center v1 App+User token like Microsoft's documented example (with MFA). */
export function userClaims(overrides: Claims = {}): Claims {
  return {
    aud: PC,
    ...envelope(),
    amr: ['pwd', 'mfa'],
    appid: APPID,
    appidacr: '0',
    name: '山田 太郎',
    upn: 'taro@contoso.example',
    oid: 'aaaaaaaa-0000-0000-0000-000000000001',
    sub: 'subject-1',
    scp: 'user_impersonation',
    tenant_region_scope: 'NA',
    ...overrides,
  };
}

/** The claims of an app-only Partner Center token (client credentials). */
export function appClaims(overrides: Claims = {}): Claims {
  return {
    aud: PC,
    ...envelope(),
    appid: APPID,
    appidacr: '2',
    idtyp: 'app',
    oid: 'sp-1',
    sub: 'sp-1',
    roles: ['Partner.Read'],
    ...overrides,
  };
}

/** An App+User Partner Center token; `amr` given by the caller (undefined: no amr claim). */
export function pcUser(amr: string[] | undefined, extra: Claims = {}): string {
  const claims = userClaims(extra);
  if (amr) claims.amr = amr;
  else if (!('amr' in extra)) delete claims.amr;
  return mint(claims);
}

/** An App+User Microsoft Graph token (with MFA). */
export function graphUser(extra: Claims = {}): string {
  return mint(userClaims({ aud: GRAPH, scp: 'User.Read', ...extra }));
}

/** An app-only Partner Center token. */
export function pcApp(extra: Claims = {}): string {
  return mint(appClaims(extra));
}

export function harText(entries: unknown[]): string {
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }, null, 2);
}

export function harEntry(opts: {
  method?: string;
  url: string;
  auth?: string;
  status?: number;
  statusText?: string;
  resHeaders?: Array<[string, string]>;
  body?: string;
  base64?: boolean;
  /** When the request was sent (ISO 8601); NOW by default. */
  startedDateTime?: string;
}): unknown {
  return {
    startedDateTime: opts.startedDateTime ?? new Date(NOW).toISOString(),
    time: 1,
    request: {
      method: opts.method ?? 'GET',
      url: opts.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Accept', value: '*/*' }, ...(opts.auth ? [{ name: 'Authorization', value: opts.auth }] : [])],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: opts.status ?? 200,
      statusText: opts.statusText ?? 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (opts.resHeaders ?? []).map(([name, value]) => ({ name, value })),
      content: {
        size: 0,
        mimeType: 'application/json',
        ...(opts.body !== undefined ? { text: opts.base64 ? Buffer.from(opts.body).toString('base64') : opts.body } : {}),
        ...(opts.base64 ? { encoding: 'base64' } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}
