// What to ask VS Code's sign-in for, after a 401: from the diagnosis's causes and the request's host,
// the scopes (the audience the host expects, plus VS Code's VSCODE_CLIENT_ID:/VSCODE_TENANT: scopes
// naming the partner's app registration), the WWW-Authenticate value of a claims challenge, and
// whether a new interactive session is forced (MFA missing, token expired) or only created when none
// exists (wrong audience). Pure: the extension turns the plan into `authentication.getSession`.
import { audienceMatches, hostEntryForUrl, isPartnerCenterAudience } from './audiences';
import type { CauseCode } from './catalog/causes';
import type { AadOptions } from './http/minted';

/** Causes a fresh sign-in can fix: the diagnosis offers "Get a new token with MFA" for these. */
export const SIGN_IN_CAUSES: readonly CauseCode[] = ['mfa-missing', 'claims-challenge', 'expired', 'audience-mismatch'];

/** Partner Center's delegated scope (docs/domain.md §2): `/.default` would also work, but this is what the docs name. */
export const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

export function offersSignIn(causes: readonly CauseCode[]): boolean {
  return causes.some((c) => SIGN_IN_CAUSES.includes(c));
}

export interface SignInInput {
  /** The diagnosis's causes, most likely first (or none: the palette without a diagnosis). */
  causes: readonly CauseCode[];
  /** The URL of the request that failed, when known. */
  url?: string;
  /** The response's WWW-Authenticate header values, as received. */
  wwwAuthenticate?: readonly string[];
  /** The audience(s) of the token that was sent, when it was a JWT. */
  sentAudiences?: readonly string[];
  /** `jwtMfa.audiencesByHost` and `jwtMfa.expectedAudiences`. */
  audiencesByHost?: Readonly<Record<string, readonly string[]>>;
  expectedAudiences?: readonly string[];
  /** `jwtMfa.signIn.clientId` / `jwtMfa.signIn.tenant` (application settings). */
  clientId?: string;
  tenant?: string;
  /** A request's `{{$aadToken}}` / `{{$aadV2Token}}` ("Get it now and inspect"): its scopes or audience
   * win over the host's, and `new` forces a new session (else one is created only if none exists). */
  aad?: AadOptions;
}

export interface SignInPlan {
  /** The API's scope (`…/user_impersonation` or `<resource>/.default`). */
  apiScope: string;
  /** The audience the scope was derived from. */
  audience: string;
  /** Every scope passed to getSession: the API's, then VSCODE_CLIENT_ID: and VSCODE_TENANT: when set. */
  scopes: string[];
  /** Set for a claims challenge: passed as `{ wwwAuthenticate, fallbackScopes: scopes }`. */
  wwwAuthenticate?: string;
  /** `force`: forceNewSession (MFA missing, expired); `create`: createIfNone. */
  mode: 'force' | 'create';
  /** The cause the plan answers first (the palette without a diagnosis: undefined). */
  cause?: CauseCode;
  /** The detail text should say that MFA will be asked for. */
  mfaDetail: boolean;
}

export type SignInPlanResult = { ok: true; plan: SignInPlan } | { ok: false; error: 'bad-client-id' | 'bad-tenant' | 'no-audience' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant: a GUID, a domain name, or organizations/common/consumers. */
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/i;

/** The scope that gets a token for `audience`: Partner Center's user_impersonation, else `<resource>/.default`. */
export function scopeForAudience(audience: string): string {
  const a = audience.trim();
  if (isPartnerCenterAudience(a)) return PARTNER_CENTER_SCOPE;
  // `<resource>/.default`, kept literally: a resource that ends with "/" (ARM's
  // https://management.azure.com/) needs `//.default` so that the token's aud keeps its slash.
  return `${a}/.default`;
}

function preferred(list: readonly string[] | undefined): string | undefined {
  const clean = (list ?? []).map((x) => (typeof x === 'string' ? x.trim() : '')).filter((x) => x && !/\s/.test(x) && x.length <= 2048);
  return clean.find((x) => /^https?:\/\//i.test(x) || /^api:\/\//i.test(x)) ?? clean.find((x) => GUID.test(x)) ?? clean[0];
}

/** The audience the request's host expects: the host's entry, else the sent token's (when it was not the wrong one), else the expected audiences. */
export function audienceFor(input: Pick<SignInInput, 'url' | 'audiencesByHost' | 'expectedAudiences' | 'sentAudiences' | 'causes'>): string | undefined {
  const found = hostEntryForUrl(input.url ?? '', input.audiencesByHost);
  if (found) return preferred(found.entry.audiences);
  const expected = input.expectedAudiences ?? [];
  const sentOk = !input.causes.includes('audience-mismatch') ? (input.sentAudiences ?? []).filter((a) => !expected.length || audienceMatches(a, expected)) : [];
  return preferred(sentOk) ?? preferred(expected);
}

/** The scopes a `{{$aadV2Token scopes:…}}` or `{{$aadToken aud:…}}` names (none: the host's audience decides). */
export function aadScopes(aad: AadOptions): string[] {
  if (aad.v2) return (aad.scopes ?? []).filter((s) => s && !/\s/.test(s) && s.length <= 2048).slice(0, 20);
  const aud = aad.audience?.trim();
  if (!aud || /\s/.test(aud) || aud.length > 2048) return [];
  // `aud:` is an app ID or a domain (REST Client's README); a domain names the resource https://domain.
  return [scopeForAudience(GUID.test(aud) || /^[a-z][a-z0-9+.-]*:\/\//i.test(aud) ? aud : `https://${aud}`)];
}

/** What to ask VS Code's sign-in for. */
export function signInPlan(input: SignInInput): SignInPlanResult {
  const clientId = input.clientId?.trim();
  const tenant = input.tenant?.trim();
  if (clientId && !GUID.test(clientId)) return { ok: false, error: 'bad-client-id' };
  if (tenant && !TENANT.test(tenant)) return { ok: false, error: 'bad-tenant' };
  const explicit = input.aad ? aadScopes(input.aad) : [];
  const audience = explicit.length ? explicit[0].replace(/\/(?:\.default|user_impersonation)$/, '') : audienceFor(input);
  if (!audience) return { ok: false, error: 'no-audience' };
  const apiScope = explicit[0] ?? scopeForAudience(audience);
  const scopes = explicit.length ? [...explicit] : [apiScope];
  if (clientId) scopes.push(`VSCODE_CLIENT_ID:${clientId}`);
  if (tenant) scopes.push(`VSCODE_TENANT:${tenant}`);
  const has = (c: CauseCode) => input.causes.includes(c);
  const cause = input.causes.find((c) => SIGN_IN_CAUSES.includes(c));
  // MFA missing or an expired token: the cached session is the problem, so a new interactive one.
  const force = input.aad ? input.aad.fresh : has('mfa-missing') || has('expired') || input.causes.length === 0;
  const plan: SignInPlan = { apiScope, audience, scopes, mode: force ? 'force' : 'create', cause, mfaDetail: force };
  const www = (input.wwwAuthenticate ?? []).map((v) => v.trim()).filter(Boolean);
  if (has('claims-challenge') && www.length) plan.wwwAuthenticate = www.join(', ');
  return { ok: true, plan };
}
