// Fixture tokens for the request-file and diagnosis tests, signed with keys made here (never real).
import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';

/** Frozen clock for every test of this folder: 2026-04-02T00:00:00Z. */
export const NOW = Date.UTC(2026, 3, 2, 0, 0, 0);
export const NOW_S = NOW / 1000;

let keyPromise: ReturnType<typeof generateKeyPair> | undefined;
function key() {
  keyPromise ??= generateKeyPair('RS256');
  return keyPromise;
}

export async function mint(claims: JWTPayload): Promise<string> {
  const { privateKey } = await key();
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'test' }).sign(privateKey);
}

const TID = '11111111-2222-3333-4444-555555555555';

/** What every Entra v1 token of these fixtures carries: issuer, tenant, and a life around NOW. */
function envelope(): JWTPayload {
  return { iss: `https://sts.windows.net/${TID}/`, iat: NOW_S - 600, nbf: NOW_S - 600, exp: NOW_S + 3000, tid: TID, ver: '1.0' };
}

/** An app+user Partner Center v1 token; `amr` given by the caller. */
export function pcUser(amr: string[] | undefined, extra: JWTPayload = {}): Promise<string> {
  return mint({
    aud: 'https://api.partnercenter.microsoft.com',
    ...envelope(),
    ...(amr ? { amr } : {}),
    appid: 'aaaaaaaa-0000-0000-0000-000000000001',
    appidacr: '0',
    scp: 'user_impersonation',
    upn: 'agent@contoso.example',
    oid: 'bbbbbbbb-0000-0000-0000-000000000002',
    sub: 'subject-1',
    ...extra,
  });
}

/** An app+user Microsoft Graph token (with MFA). */
export function graphUser(extra: JWTPayload = {}): Promise<string> {
  return mint({
    aud: 'https://graph.microsoft.com',
    ...envelope(),
    amr: ['pwd', 'mfa'],
    appid: 'aaaaaaaa-0000-0000-0000-000000000001',
    scp: 'User.Read',
    upn: 'agent@contoso.example',
    oid: 'bbbbbbbb-0000-0000-0000-000000000002',
    sub: 'subject-1',
    ...extra,
  });
}

/** An app-only Partner Center token. */
export function pcApp(extra: JWTPayload = {}): Promise<string> {
  return mint({
    aud: 'https://api.partnercenter.microsoft.com',
    ...envelope(),
    appid: 'aaaaaaaa-0000-0000-0000-000000000001',
    appidacr: '1',
    idtyp: 'app',
    roles: ['Partner.Read'],
    oid: 'cccccccc-0000-0000-0000-000000000003',
    sub: 'cccccccc-0000-0000-0000-000000000003',
    ...extra,
  });
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

