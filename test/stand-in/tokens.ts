// The stand-in's signing key and token minter: every kind of token the tests and the demo need, signed
// RS256 with a key made for the purpose (signing-key.pem, never used for anything real).
import { createPrivateKey, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TENANT = '7e57a11c-0000-4000-8000-00000000a11c';
export const CLIENT_APP_ID = '7e57c11e-0000-4000-8000-0000000c11e7';
export const KID = 'stand-in-test-key-1';
export const PC_AUDIENCE = 'https://api.partnercenter.microsoft.com';
export const PC_AUDIENCES = [PC_AUDIENCE, 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd'];
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const HOUR = 3600;

export const TOKEN_KINDS = [
  'mfa', // App+User to Partner Center, amr has mfa
  'no-mfa', // App+User to Partner Center, amr = [pwd]
  'ngcmfa', // App+User, amr = [ngcmfa] only (equivalent to mfa, not documented for Partner Center)
  'wrong-audience', // App+User with mfa, but for Microsoft Graph
  'app-only', // client credentials: idtyp app, roles, no amr
  'expired', // App+User with mfa, expired an hour ago
  'not-yet-valid', // App+User with mfa, valid from an hour from now
  'id-token', // an OIDC id token (aud = the client, nonce), sent where an access token belongs
  'bad-signature', // an mfa token whose signature does not match
  'graph', // App+User Graph token with scp User.Read
  'graph-step-up', // App+User Graph token that satisfied auth context c1 and has User.Read.All
] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** Claims to add or replace; a value of `undefined` removes the claim. */
export type ClaimOverrides = Record<string, unknown>;

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

export interface Minter {
  readonly issuer: string;
  readonly publicJwk: Record<string, unknown>;
  mint(kind: TokenKind, overrides?: ClaimOverrides): string;
  /** RS256 signature check against our key (no claim checks). */
  verifySignature(token: string): boolean;
}

export function loadKey(path = join(__dirname, 'signing-key.pem')): KeyObject {
  return createPrivateKey(readFileSync(path, 'utf8'));
}

export function sign(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(sig)}`;
}

/** Entra ID's v1.0 issuer for a tenant, as access tokens for Partner Center carry it. */
export const entraV1Issuer = (tenant = TENANT) => `https://sts.windows.net/${tenant}/`;

/** The claims of one kind, before overrides. `now` in epoch seconds. */
export function claimsFor(kind: TokenKind, issuer: string, now: number): Record<string, unknown> {
  // What every kind shares: issued a minute ago, valid for an hour, for Partner Center, in our tenant.
  const base = { iss: issuer, iat: now - 60, nbf: now - 60, exp: now + HOUR, aud: PC_AUDIENCE, tid: TENANT };
  // The claims of the example on Partner Center's MFA page (an Entra ID v1.0 access token).
  const user = {
    ...base,
    acr: '1',
    amr: ['pwd', 'mfa'],
    appid: CLIENT_APP_ID,
    appidacr: '0',
    family_name: 'Admin',
    given_name: 'Stand-in',
    ipaddr: '127.0.0.1',
    name: 'Stand-in Admin',
    oid: '7e57005e-0000-4000-8000-0000000005e1',
    scp: 'user_impersonation',
    sub: 'stand-in-user-subject',
    tenant_region_scope: 'NA',
    unique_name: 'admin@contoso-test.example',
    upn: 'admin@contoso-test.example',
    ver: '1.0',
  };
  switch (kind) {
    case 'mfa':
      return user;
    case 'no-mfa':
      return { ...user, amr: ['pwd'] };
    case 'ngcmfa':
      return { ...user, amr: ['ngcmfa'] };
    case 'wrong-audience':
      return { ...user, aud: GRAPH_AUDIENCE, scp: 'User.Read' };
    case 'expired':
      return { ...user, iat: now - 3 * HOUR, nbf: now - 3 * HOUR, exp: now - HOUR };
    case 'not-yet-valid':
      return { ...user, iat: now, nbf: now + HOUR, exp: now + 2 * HOUR };
    case 'bad-signature':
      return user;
    case 'graph':
      return { ...user, aud: GRAPH_AUDIENCE, scp: 'User.Read' };
    case 'graph-step-up':
      return { ...user, aud: GRAPH_AUDIENCE, scp: 'User.Read User.Read.All', acrs: ['c1'] };
    case 'app-only':
      return {
        ...base,
        oid: '7e57a990-0000-4000-8000-00000000a990',
        sub: '7e57a990-0000-4000-8000-00000000a990',
        appid: CLIENT_APP_ID,
        appidacr: '2',
        idtyp: 'app',
        roles: ['Partner.Read.All'],
        ver: '1.0',
      };
    case 'id-token':
      return {
        ...base,
        // ID tokens are v2.0 here: with an Entra v1.0 issuer for access tokens, the v2.0 endpoint's issuer.
        ...(issuer === entraV1Issuer() ? { iss: `https://login.microsoftonline.com/${TENANT}/v2.0` } : {}),
        aud: CLIENT_APP_ID,
        oid: user.oid,
        sub: user.sub,
        name: user.name,
        preferred_username: user.upn,
        nonce: 'stand-in-nonce',
        ver: '2.0',
      };
  }
}

export function createMinter(issuer: string, opts: { key?: KeyObject; now?: () => number } = {}): Minter {
  const key = opts.key ?? loadKey();
  const pub = createPublicKey(key);
  const now = opts.now ?? Date.now;
  const publicJwk = { ...pub.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256', issuer };
  return {
    issuer,
    publicJwk,
    mint(kind, overrides = {}) {
      const claims: Record<string, unknown> = { ...claimsFor(kind, issuer, Math.floor(now() / 1000)) };
      for (const [k, v] of Object.entries(overrides)) {
        if (v === undefined) delete claims[k];
        else claims[k] = v;
      }
      const token = sign({ typ: 'JWT', alg: 'RS256', kid: KID }, claims, key);
      if (kind !== 'bad-signature') return token;
      // Flip the signature's first character: still base64url, no longer the key's signature.
      const dot = token.lastIndexOf('.') + 1;
      return token.slice(0, dot) + (token[dot] === 'A' ? 'B' : 'A') + token.slice(dot + 1);
    },
    verifySignature(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return false;
      try {
        const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
        if (header?.alg !== 'RS256') return false;
        return createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(pub, Buffer.from(parts[2], 'base64url'));
      } catch {
        return false;
      }
    },
  };
}

/** The payload of a compact JWS, or undefined when it is not one. Does not verify. */
export function payloadOf(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const v = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
