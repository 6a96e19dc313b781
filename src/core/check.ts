// Turns a decoded token and its context into findings with stable codes (see docs/codes.md).
import { audienceMatches, hostEntryForUrl, hostOf, PARTNER_CENTER_HOST, urlParts } from './audiences';
import { audiencesOf, isPartnerCenterToken, issuerOf, principalOf, str, strList } from './classify';
import type { CheckContext, DecodedToken, Finding, FindingCode, FindingValues, Severity } from './types';

/** Codes whose verdict depends on where the token is sent. */
export const REQUEST_DEPENDENT: ReadonlySet<FindingCode> = new Set(['audience-mismatch', 'mfa-missing', 'app-only']);

/** A Partner Center operation on a customer, which needs App+User under GDAP. */
const CUSTOMER_OPERATION = /^\/v1\/customers\/[^/]+\/./i;

export interface ExpectedAudiences {
  audiences: readonly string[];
  exact: boolean;
  /** Where the expectation comes from: a host of the table, or the settings. */
  source: { kind: 'host'; host: string; name: string } | { kind: 'settings' };
}

export function expectedAudiences(ctx: CheckContext): ExpectedAudiences {
  const found = ctx.request ? hostEntryForUrl(ctx.request.url, ctx.audiencesByHost) : undefined;
  if (found) return { audiences: found.entry.audiences, exact: !!found.entry.exact, source: { kind: 'host', host: found.host, name: found.entry.name } };
  return { audiences: ctx.expectedAudiences, exact: false, source: { kind: 'settings' } };
}

function requestPath(url: string): string {
  return urlParts(url)?.path ?? '';
}

export function check(token: DecodedToken, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  const add = (code: FindingCode, severity: Severity, values: FindingValues = {}) => {
    const setting = ctx.severities?.[code];
    if (setting === 'off') return;
    const f: Finding = { code, severity: setting ?? severity, values };
    if (ctx.request && REQUEST_DEPENDENT.has(code)) f.request = ctx.request;
    out.push(f);
  };

  if (token.kind === 'jwe') {
    add('encrypted', 'information', { enc: str(token.header?.enc), alg: str(token.header?.alg) });
    return out;
  }
  if (token.payloadText !== undefined && token.header) {
    // A signed message that is not a JWT: nothing to judge but its signing.
    if (String(token.header.alg).toLowerCase() === 'none') add('unsigned', 'warning');
    add('not-jwt', 'information', { alg: str(token.header.alg), length: token.payloadText.length });
    return out;
  }
  if (token.error || !token.claims || !token.header) {
    add('malformed', 'warning', { reason: token.error ?? 'unreadable token' });
    return out;
  }
  const { header, claims } = token;

  // Entra ID signs its tokens with its own RSA keys: never with a shared secret (HS*), never unsigned.
  const alg = String(header.alg ?? '');
  const entra = issuerOf(claims).kind === 'entra-v1' || issuerOf(claims).kind === 'entra-v2';
  if (entra && (/^HS\d+$/i.test(alg) || alg.toLowerCase() === 'none')) add('not-from-entra', 'warning', { alg: alg.slice(0, 20), issuer: str(claims.iss) });
  else if (alg.toLowerCase() === 'none') add('unsigned', 'warning');
  if (token.signatureMissing) add('signature-missing', 'warning');
  if (ctx.signature === 'invalid') add('signature-invalid', 'error', { reason: ctx.signatureError });

  const host = ctx.request ? hostOf(ctx.request.url) : undefined;
  const toPartnerCenter = host === PARTNER_CENTER_HOST;
  const isPc = toPartnerCenter || isPartnerCenterToken(claims);

  // Audience.
  const expected = expectedAudiences(ctx);
  const auds = audiencesOf(claims);
  if (expected.audiences.length > 0) {
    const ok = auds.some((a) => audienceMatches(a, expected.audiences, expected.exact));
    if (!ok) {
      add('audience-mismatch', ctx.request ? 'error' : 'warning', {
        aud: auds.length ? auds : undefined,
        expected: [...expected.audiences],
        host: expected.source.kind === 'host' ? expected.source.host : undefined,
        service: expected.source.kind === 'host' ? expected.source.name : undefined,
      });
    }
  }

  // App-only vs App+User, then MFA.
  const { principal, basis } = principalOf(claims);
  const isIdToken =
    claims.scp === undefined && claims.roles === undefined && (claims.nonce !== undefined || claims.at_hash !== undefined || claims.c_hash !== undefined);
  if (principal === 'app-only') {
    const customerOp = toPartnerCenter && CUSTOMER_OPERATION.test(requestPath(ctx.request!.url));
    add('app-only', customerOp ? 'warning' : 'information', {
      appId: str(claims.appid) ?? str(claims.azp),
      basis,
      customerOperation: customerOp ? requestPath(ctx.request!.url) : undefined,
    });
  } else if (!isIdToken) {
    const amr = claims.amr === undefined ? undefined : strList(claims.amr);
    if (!amr?.includes('mfa')) {
      if (amr && amr.some((v) => v === 'ngcmfa' || v === 'wiaormfa')) {
        add('mfa-missing', 'warning', { amr, variant: 'equivalent', partnerCenter: isPc ? 'yes' : 'no' });
      } else if (isPc) {
        add('mfa-missing', 'error', { amr, variant: amr ? 'lacks' : 'absent', partnerCenter: 'yes' });
      } else if (amr) {
        add('mfa-missing', 'information', { amr, variant: 'lacks', partnerCenter: 'no' });
      }
    }
  }
  if (isIdToken) add('id-token', 'warning', { aud: auds });

  // Lifetime.
  const nowSec = ctx.now / 1000;
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;
  if (exp !== undefined && exp + ctx.skewSeconds < nowSec) add('expired', 'warning', { exp, secondsAgo: Math.round(nowSec - exp) });
  if (nbf !== undefined && nbf - ctx.skewSeconds > nowSec) add('not-yet-valid', 'warning', { nbf, secondsAhead: Math.round(nbf - nowSec) });

  return out;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Most severe first; stable otherwise (`sort` is stable). Sorts `findings` in place and returns it. */
export function sortFindings(findings: Finding[]): Finding[] {
  for (let i = 1; i < findings.length; i++) {
    // Only when out of order: most lists are.
    if (RANK[findings[i - 1].severity] > RANK[findings[i].severity]) return findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  }
  return findings;
}
