// Reads what a token is from its claims: app-only or app+user, which issuer, MFA state.
// The faces (hover, inspector, CodeLens) use these verdicts; `check` turns them into findings.
import { audienceName, isPartnerCenterAudience } from './audiences';
import type { JsonObject } from './types';

export type Principal = 'app-only' | 'app+user';
/** Which rule of docs/domain.md §1.5 decided. */
export type PrincipalBasis = 'idtyp' | 'scp' | 'oid-sub' | 'hints' | 'default';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A claim that is a string or an array of strings, as an array. */
export function strList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export function principalOf(claims: JsonObject): { principal: Principal; basis: PrincipalBasis } {
  const idtyp = str(claims.idtyp)?.toLowerCase();
  if (idtyp === 'app') return { principal: 'app-only', basis: 'idtyp' };
  if (idtyp === 'user') return { principal: 'app+user', basis: 'idtyp' };
  if (claims.scp !== undefined) return { principal: 'app+user', basis: 'scp' };
  const hasRoles = claims.roles !== undefined;
  if (hasRoles && typeof claims.oid === 'string' && claims.oid === claims.sub) return { principal: 'app-only', basis: 'oid-sub' };
  const userClaims = ['amr', 'upn', 'unique_name', 'name', 'preferred_username'].some((k) => claims[k] !== undefined);
  const clientAuth = str(claims.appidacr) ?? str(claims.azpacr);
  if (hasRoles && !userClaims && (clientAuth === '1' || clientAuth === '2')) return { principal: 'app-only', basis: 'hints' };
  return { principal: 'app+user', basis: 'default' };
}

export type MfaVerdict = 'compliant' | 'uncertain' | 'not-compliant' | 'no-amr' | 'not-applicable';

/** MFA state from `amr` alone (does not know where the token goes). */
export function mfaOf(claims: JsonObject): MfaVerdict {
  if (principalOf(claims).principal === 'app-only') return 'not-applicable';
  if (claims.amr === undefined) return 'no-amr';
  const amr = strList(claims.amr);
  if (amr.includes('mfa')) return 'compliant';
  if (amr.includes('ngcmfa') || amr.includes('wiaormfa')) return 'uncertain';
  return 'not-compliant';
}

export type IssuerKind = 'entra-v1' | 'entra-v2' | 'other' | 'none';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function issuerOf(claims: JsonObject): { kind: IssuerKind; tenant?: string } {
  const iss = str(claims.iss);
  if (!iss) return { kind: 'none' };
  let m = /^https:\/\/sts\.windows\.net\/([^/]+)\/$/i.exec(iss);
  if (m) return { kind: 'entra-v1', tenant: m[1] };
  m = /^https:\/\/login\.microsoftonline\.com\/([^/]+)\/v2\.0$/i.exec(iss);
  if (m) return { kind: 'entra-v2', tenant: m[1] };
  return { kind: 'other' };
}

export function isGuid(s: string): boolean {
  return GUID.test(s);
}

export function audiencesOf(claims: JsonObject): string[] {
  return strList(claims.aud);
}

export function isPartnerCenterToken(claims: JsonObject): boolean {
  return audiencesOf(claims).some(isPartnerCenterAudience);
}

/** A short name for the token's audience ("Microsoft Graph"), if well known. */
export function audienceLabel(claims: JsonObject): string | undefined {
  for (const a of audiencesOf(claims)) {
    const n = audienceName(a);
    if (n) return n;
  }
  return undefined;
}

/** Who the token speaks for: a user's name or the app id. */
export function subjectLabel(claims: JsonObject): { user?: string; appId?: string } {
  const user = str(claims.upn) ?? str(claims.unique_name) ?? str(claims.preferred_username) ?? str(claims.name);
  const appId = str(claims.appid) ?? str(claims.azp);
  return { user, appId };
}
