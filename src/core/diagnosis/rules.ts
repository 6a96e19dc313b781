// Step 2 of a diagnosis: small rules, each looking at the gathered facts and returning candidate
// causes (or none). The list below is the order of evaluation, not the ranking: ./rank.ts ranks
// by the rules written down in docs/codes.md ("How causes are ranked").
//
// A candidate says what grounds it:
// - `stated`: the server's own words name this cause (reason phrase, Bearer error or
//   error_description, JSON error body, Partner Center's isMfaCompliant answer);
// - `proven`: the request or the sent token shows it (a claim compared with where it was sent and
//   with the time of the exchange, a missing Authorization header);
// - neither: a hint (the shape of the response, the host).
// `contradicted` marks server words the sent token disagrees with (the server says "MFA required"
// but the token's amr has mfa).
import { audienceName, PARTNER_CENTER_HOST } from '../audiences';
import type { CauseCode, CauseValues } from '../catalog/causes';
import { audiencesOf, mfaOf, principalOf, str, strList } from '../classify';
import { duration } from '../duration';
import { describeClaimRequest } from '../http/wwwAuthenticate';
import { jsonQuote, type Facts } from './facts';

export interface Candidate {
  code: CauseCode;
  /** Ranking weight within its group (0–100); one of the named weights below. */
  weight: number;
  stated?: boolean;
  proven?: boolean;
  contradicted?: boolean;
  /** When stated: the evidence line holding the server's words. */
  statedBy?: string;
  evidence: Array<string | undefined>;
  values?: CauseValues;
}

export interface Rule {
  name: string;
  run(f: Facts): Candidate[];
}

/** A cause the server's own words (`text`) name, which neither the request nor the token proves. */
function saidOnly(f: Facts, code: CauseCode, text: RegExp, weight: number, contradicted: boolean, values: CauseValues = {}): Candidate {
  return { code, weight, stated: true, contradicted, statedBy: f.saidEv(text), evidence: [f.saidEv(text)], values: { ...values, said: f.saidText(text) } };
}

/** What the server says, in its own words (reason phrase, error_description, JSON error). */
export const TEXT = {
  mfa: /\bmfa\b|multi-?factor|900421/i,
  expired: /expired|lifetime validation failed|IDX10223|ExpiredAuthenticationToken/i,
  notYet: /not yet valid|IDX10222/i,
  audience: /audience|InvalidAuthenticationTokenAudience|IDX10214|IDX10208/i,
  malformed: /CompactToken|malformed|not well[- ]formed|IDX12741|IDX14100|IDX12709|invalid jwt|could not be parsed/i,
  scope: /insufficient[ _]scope|insufficient privileges|Authorization_RequestDenied|AuthorizationFailed|missing (?:required )?(?:scope|permission)|does not have authorization/i,
  appOnly: /app(?:lication)?[- ]only|app\+user (?:is )?required|requires? (?:a )?(?:signed-in )?user(?: context)?|delegated (?:permission|token|access) (?:is )?required/i,
  noToken: /missing ['"]?authorization['"]? header|authorization header (?:is )?(?:missing|required|not (?:present|found))|no (?:access |bearer )?token (?:was )?(?:provided|found|sent|present)|bearer token (?:is )?(?:missing|required)/i,
} as const;

/** The named weights. Within a ranking group a higher weight ranks first; see docs/codes.md. */
export const WEIGHT = {
  noToken: { missing: 90, unresolved: 85, otherScheme: 70, stated: 90, noErrorCode: 55 },
  malformed: { unreadable: 85, unreadableAndSaid: 95, opaque: 50, saidAlone: 75, saidButReadable: 45 },
  lifetime: { expired: 85, expiredConfirmed: 95, expiredSaidAlone: 60, expiredSaidButValid: 40, notYet: 85, notYetSaidAlone: 40, notYetSaidButValid: 25 },
  audience: { inRequest: 80, elsewhere: 45, saidBonus: 10, saidAlone: 55, saidButMatching: 40 },
  mfa: {
    error: 80,
    warning: 50,
    information: 30,
    /** A token for another audience is refused for that first: MFA then ranks after the audience. */
    audiencePenalty: 10,
    saidBonusError: 15,
    saidBonusOther: 30,
    /** Partner Center's MFA reply has no description and no claims: its shape alone is a small hint. */
    pcShapeBonus: 5,
    saidAlone: 85,
    saidAndNoMfa: 60,
    saidButCompliant: 45,
  },
  appOnly: { customerOperation: 75, partnerCenterOr403: 40, other: 25, said: 80, saidButUser: 40 },
  claims: { insufficientClaims: 95, other: 85 },
  scope: { insufficientScope: 90, said: 70, forbidden: 40 },
} as const;

const iso = (sec: number): string => {
  const d = new Date(sec * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString() : String(sec);
};

/** "before the request was sent" / "before the response's Date" / "before now", for evidence. */
function beforeWhat(f: Facts): string {
  return f.at.source === 'exchange' ? 'the request was sent' : f.at.source === 'date-header' ? "the response's Date" : 'now';
}

export const noToken: Rule = {
  name: 'noToken',
  run(f) {
    const out: Candidate[] = [];
    const { auth, evidence: E } = f;
    const har = f.input.source === 'har' ? 'yes' : 'no';
    if (!f.token) {
      if (auth.kind === 'none' || auth.kind === 'redacted')
        out.push({
          code: 'no-token',
          weight: WEIGHT.noToken.missing,
          proven: true,
          evidence: [auth.kind === 'none' ? 'request: no Authorization header' : 'request: Authorization header redacted or empty', E.status, ...E.www],
          values: { har, redacted: auth.kind === 'redacted' ? 'yes' : 'no' },
        });
      else if (auth.kind === 'unresolved')
        out.push({ code: 'no-token', weight: WEIGHT.noToken.unresolved, proven: true, evidence: [`request: Authorization uses ${auth.unresolved}`], values: { unresolved: auth.unresolved, har } });
      else if (auth.kind === 'other-scheme')
        out.push({ code: 'no-token', weight: WEIGHT.noToken.otherScheme, proven: true, evidence: [`request: Authorization scheme ${auth.scheme}`, ...E.www], values: { scheme: auth.scheme, har } });
      else if (auth.kind === 'unknown' && f.status === 401 && f.bearer && !f.bearer.error && !f.claims)
        // RFC 6750 §3: a challenge without an error code answers a request without credentials.
        out.push({ code: 'no-token', weight: WEIGHT.noToken.noErrorCode, evidence: [...E.www, 'challenge has no error code (RFC 6750: no credentials were sent)'], values: { har } });
    }
    if (f.said(TEXT.noToken)) {
      // ARM: `error_description="The authentication failed because of missing 'Authorization' header."`
      out.push(saidOnly(f, 'no-token', TEXT.noToken, WEIGHT.noToken.stated, !!f.token || auth.kind === 'bearer-other', { har }));
    }
    return out;
  },
};

export const malformed: Rule = {
  name: 'malformed',
  run(f) {
    const mal = f.finding('malformed');
    const said = f.said(TEXT.malformed);
    if (mal) {
      return [
        {
          code: 'malformed',
          weight: said ? WEIGHT.malformed.unreadableAndSaid : WEIGHT.malformed.unreadable,
          proven: true,
          stated: said,
          statedBy: said ? f.saidEv(TEXT.malformed) : undefined,
          evidence: [`token: ${String(mal.values.reason ?? 'unreadable')}`, said ? f.saidEv(TEXT.malformed) : undefined],
          values: { reason: mal.values.reason as string | undefined },
        },
      ];
    }
    const out: Candidate[] = [];
    if (!f.token && f.auth.kind === 'bearer-other') out.push({ code: 'malformed', weight: WEIGHT.malformed.opaque, evidence: ['request: the bearer value is not a JWT', ...f.evidence.www], values: { opaque: 'yes' } });
    if (said) {
      const readable = !!f.claimsOf;
      out.push(saidOnly(f, 'malformed', TEXT.malformed, readable ? WEIGHT.malformed.saidButReadable : WEIGHT.malformed.saidAlone, readable));
    }
    return out;
  },
};

export const lifetime: Rule = {
  name: 'lifetime',
  run(f) {
    const out: Candidate[] = [];
    const W = WEIGHT.lifetime;
    const atSec = f.at.ms / 1000;
    const expF = f.finding('expired');
    const invalidToken = f.bearerError === 'invalid_token';
    const saidExpired = f.said(TEXT.expired);
    if (expF && f.claimsOf) {
      const e = Number(f.claimsOf.exp);
      const ago = duration(atSec - e, 'en');
      out.push({
        code: 'expired',
        weight: saidExpired || invalidToken ? W.expiredConfirmed : W.expired,
        proven: true,
        stated: saidExpired,
        statedBy: saidExpired ? f.saidEv(TEXT.expired) : undefined,
        evidence: [`exp: ${iso(e)} (${ago} before ${beforeWhat(f)})`, saidExpired ? f.saidEv(TEXT.expired) : undefined, invalidToken ? f.evidence.www[0] : undefined],
        values: { exp: iso(e), seconds: Math.round(atSec - e), at: f.at.source },
      });
    } else if (saidExpired) {
      out.push(saidOnly(f, 'expired', TEXT.expired, f.claimsOf ? W.expiredSaidButValid : W.expiredSaidAlone, !!f.claimsOf && typeof f.claimsOf.exp === 'number'));
    }
    const nbfF = f.finding('not-yet-valid');
    const saidNotYet = f.said(TEXT.notYet);
    if (nbfF && f.claimsOf) {
      const n = Number(f.claimsOf.nbf);
      out.push({
        code: 'not-yet-valid',
        weight: W.notYet,
        proven: true,
        stated: saidNotYet,
        statedBy: saidNotYet ? f.saidEv(TEXT.notYet) : undefined,
        evidence: [`nbf: ${iso(n)} (${duration(n - atSec, 'en')} after ${beforeWhat(f)})`, saidNotYet ? f.saidEv(TEXT.notYet) : undefined],
        values: { nbf: iso(n), seconds: Math.round(n - atSec), at: f.at.source },
      });
    } else if (saidNotYet) {
      out.push(saidOnly(f, 'not-yet-valid', TEXT.notYet, f.claimsOf ? W.notYetSaidButValid : W.notYetSaidAlone, !!f.claimsOf && typeof f.claimsOf.nbf === 'number'));
    }
    return out;
  },
};

export const audience: Rule = {
  name: 'audience',
  run(f) {
    const W = WEIGHT.audience;
    const audF = f.finding('audience-mismatch');
    const said = f.said(TEXT.audience);
    if (audF && f.claimsOf) {
      const auds = audiencesOf(f.claimsOf);
      return [
        {
          code: 'audience-mismatch',
          weight: (audF.request ? W.inRequest : W.elsewhere) + (said ? W.saidBonus : 0),
          proven: true,
          stated: said,
          statedBy: said ? f.saidEv(TEXT.audience) : undefined,
          evidence: [`aud: ${auds.length ? jsonQuote(auds.length === 1 ? auds[0] : auds) : '(none)'}`, f.evidence.sentTo, said ? f.saidEv(TEXT.audience) : undefined],
          values: {
            aud: auds.length ? auds : undefined,
            audName: auds.map(audienceName).find(Boolean),
            expected: audF.values.expected as readonly string[] | undefined,
            service: audF.values.service as string | undefined,
          },
        },
      ];
    }
    if (!said) return [];
    // Contradicted when the token's audience was checked for this host and found right.
    return [saidOnly(f, 'audience-mismatch', TEXT.audience, f.claimsOf ? W.saidButMatching : W.saidAlone, !!f.claimsOf && !!f.request)];
  },
};

export const mfa: Rule = {
  name: 'mfa',
  run(f) {
    const W = WEIGHT.mfa;
    const headerFalse = f.mfaHeader === 'false';
    const saidText = f.said(TEXT.mfa);
    const stated = saidText || headerFalse;
    const headerEv = headerFalse ? 'isMfaCompliant: false' : undefined;
    const statedEv = saidText ? f.saidEv(TEXT.mfa) : headerEv;
    const statedWords = saidText ? f.saidText(TEXT.mfa) : headerEv;
    const mfaF = f.finding('mfa-missing');
    const amr = f.claimsOf && f.claimsOf.amr !== undefined ? strList(f.claimsOf.amr) : undefined;
    const amrEv = f.claimsOf ? `amr: ${amr ? jsonQuote(amr) : '(absent)'}` : undefined;
    // Partner Center's documented MFA reply: 401, `Bearer error="invalid_token"`, no description, no claims.
    const pcShape = f.status === 401 && f.bearerError === 'invalid_token' && !f.bearer?.errorDescription && !f.claims && f.host === PARTNER_CENTER_HOST;
    if (mfaF) {
      const audInRequest = !!f.finding('audience-mismatch')?.request;
      const base = (mfaF.severity === 'error' ? W.error : mfaF.severity === 'warning' ? W.warning : W.information) - (audInRequest ? W.audiencePenalty : 0);
      const bonus = stated ? (mfaF.severity === 'error' ? W.saidBonusError : W.saidBonusOther) : pcShape ? W.pcShapeBonus : 0;
      return [
        {
          code: 'mfa-missing',
          weight: base + bonus,
          proven: true,
          stated,
          statedBy: stated ? statedEv : undefined,
          evidence: [amrEv, statedEv, headerEv, pcShape ? f.evidence.www[0] : undefined, f.evidence.sentTo],
          values: { amr, tokenKnown: 'yes', said: stated ? statedWords : undefined },
        },
      ];
    }
    if (!stated) return [];
    const compliant = f.claimsOf ? mfaOf(f.claimsOf) === 'compliant' : false;
    return [
      {
        code: 'mfa-missing',
        weight: f.claimsOf ? (compliant ? W.saidButCompliant : W.saidAndNoMfa) : W.saidAlone,
        stated: true,
        contradicted: compliant,
        statedBy: statedEv,
        evidence: [statedEv, headerEv, amrEv],
        values: { amr, tokenKnown: f.claimsOf ? 'yes' : 'no', compliant: compliant ? 'yes' : 'no', said: statedWords },
      },
    ];
  },
};

export const appOnly: Rule = {
  name: 'appOnly',
  run(f) {
    const W = WEIGHT.appOnly;
    const appF = f.finding('app-only');
    const said = f.said(TEXT.appOnly);
    if (appF && f.claimsOf) {
      const customer = appF.values.customerOperation as string | undefined;
      const basis = principalOf(f.claimsOf).basis;
      const roles = strList(f.claimsOf.roles);
      return [
        {
          code: 'app-only',
          weight: said ? W.said : customer ? W.customerOperation : f.status === 403 || f.host === PARTNER_CENTER_HOST ? W.partnerCenterOr403 : W.other,
          proven: true,
          stated: said,
          statedBy: said ? f.saidEv(TEXT.appOnly) : undefined,
          evidence: [`token: app-only (by ${basis})${roles.length ? `, roles: ${jsonQuote(roles)}` : ''}`, said ? f.saidEv(TEXT.appOnly) : undefined, f.evidence.sentTo],
          values: { customerOperation: customer, appId: appF.values.appId as string | undefined, said: said ? f.saidText(TEXT.appOnly) : undefined },
        },
      ];
    }
    if (!said) return [];
    // e.g. `error_description="App-only authentication is not supported for this operation"`.
    const who = f.claimsOf ? principalOf(f.claimsOf) : undefined;
    const user = !!who && who.principal === 'app+user' && who.basis !== 'default';
    return [{ code: 'app-only', weight: user ? W.saidButUser : W.said, stated: true, contradicted: user, statedBy: f.saidEv(TEXT.appOnly), evidence: [f.saidEv(TEXT.appOnly), f.evidence.sentTo], values: { said: f.saidText(TEXT.appOnly) } }];
  },
};

export const claimsChallenge: Rule = {
  name: 'claimsChallenge',
  run(f) {
    const err = f.bearerError;
    if (!f.claims && err !== 'insufficient_claims' && err !== 'insufficient_user_authentication') return [];
    const asks = f.claims?.requests.map(describeClaimRequest) ?? [];
    if (f.bearer?.acrValues?.length) asks.push(`acr_values=${f.bearer.acrValues.join(' ')}`);
    if (f.bearer?.maxAge) asks.push(`max_age=${f.bearer.maxAge}`);
    return [
      {
        code: 'claims-challenge',
        weight: err === 'insufficient_claims' ? WEIGHT.claims.insufficientClaims : WEIGHT.claims.other,
        stated: true,
        statedBy: f.evidence.www[0],
        evidence: [...f.evidence.www.filter((w) => /claims|insufficient_/i.test(w)), f.claims ? `claims: ${f.claims.error ? f.claims.error : JSON.stringify(f.claims.json)}` : undefined],
        values: { error: f.bearer?.error, asks, ccType: f.bearer?.ccType },
      },
    ];
  },
};

export const scope: Rule = {
  name: 'scope',
  run(f) {
    const W = WEIGHT.scope;
    const rfc = f.bearerError === 'insufficient_scope';
    const said = rfc || f.said(TEXT.scope);
    if (!said && !(f.status === 403 && f.claimsOf)) return [];
    const c = f.claimsOf;
    const have = c ? [...(str(c.scp)?.split(' ') ?? []), ...strList(c.roles)].filter(Boolean) : [];
    return [
      {
        code: 'insufficient-scope',
        weight: rfc ? W.insufficientScope : said ? W.said : W.forbidden,
        stated: said,
        statedBy: said ? (rfc ? f.evidence.www[0] : f.saidEv(TEXT.scope)) : undefined,
        evidence: [rfc ? f.evidence.www[0] : said ? f.saidEv(TEXT.scope) : undefined, f.status === 403 ? f.evidence.status : undefined, c ? `token: scp/roles ${jsonQuote(have)}` : undefined],
        values: { required: f.bearer?.scope?.join(' '), have: have.length ? have : undefined, said: said && !rfc ? f.saidText(TEXT.scope) : undefined },
      },
    ];
  },
};

/** Evaluation order (not the ranking): cheap, request-level checks first, as vscode-eslint orders its handlers. */
export const RULES: readonly Rule[] = [noToken, malformed, lifetime, audience, mfa, appOnly, claimsChallenge, scope];
