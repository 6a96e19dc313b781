// Test tokens made for the purpose. `fake` builds an unsigned-looking token synchronously (for scan
// and check tests); `signed` signs with a key the tests generate through jose.
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0); // frozen clock: 2026-11-25T12:00:00Z
export const NOW_S = NOW / 1000;

export const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

export function fake(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'k1' }, sig = 'c2lnbmF0dXJl'): string {
  return `${b64(header)}.${b64(claims)}.${sig}`;
}

export const PC = 'https://api.partnercenter.microsoft.com';
export const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** What every Entra v1 token here carries: issuer, tenant, and a life around NOW. */
function envelope(): Record<string, unknown> {
  return { iss: `https://sts.windows.net/${TID}/`, iat: NOW_S - 600, nbf: NOW_S - 600, exp: NOW_S + 3000, tid: TID, ver: '1.0' };
}

/** A Partner Center v1 app+user token like Microsoft's documented example. */
export function pcUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: PC,
    ...envelope(),
    amr: ['pwd', 'mfa'],
    appid: '11111111-2222-3333-4444-555555555555',
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

export function appOnly(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: PC,
    ...envelope(),
    appid: '11111111-2222-3333-4444-555555555555',
    appidacr: '2',
    idtyp: 'app',
    oid: 'sp-1',
    sub: 'sp-1',
    roles: ['Partner.Read'],
    ...overrides,
  };
}

export async function keyPair(kid = 'test-key') {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(privateKey);
  return { jwk, jwks: { keys: [jwk] }, sign };
}
