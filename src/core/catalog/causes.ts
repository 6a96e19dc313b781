// English and Japanese words for every 401/403 cause: a title, a one-line summary and a remedy.
// Pure data plus small renderers (see docs/causes.md); the faces pass the locale. The Japanese sentences
// are in l10n/catalog.ja.json (section "causes"; see ./japanese): here, which of them to use and what fills them.
import { duration } from '../duration';
import type { Locale } from '../types';
import { fill as f, japanese, wordsFor } from './japanese';

export const CAUSE_CODES = [
  'mfa-missing',
  'audience-mismatch',
  'expired',
  'not-yet-valid',
  'app-only',
  'claims-challenge',
  'insufficient-scope',
  'no-token',
  'malformed',
  'unknown',
] as const;
export type CauseCode = (typeof CAUSE_CODES)[number];
export type Confidence = 'high' | 'medium' | 'low';

/** Values a cause carries for its words. Strings may hold server or claim text: escape when rendering. */
export type CauseValues = Record<string, string | number | readonly string[] | undefined>;

type Text = (v: CauseValues) => string;
/** Picks and fills the Japanese pieces `m`; without one, the first piece is the text. */
type JaText = (v: CauseValues, m: readonly string[]) => string;
interface Entry {
  title: string;
  summary: { en: Text; ja?: JaText };
  remedy: { en: Text; ja?: JaText };
}
interface JaEntry {
  title: string;
  summary: readonly string[];
  remedy: readonly string[];
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function q(v: CauseValues[string], none = '—'): string {
  const arr = v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
  return arr.length ? arr.map((x) => `"${clip(String(x), 80)}"`).join(', ') : none;
}

/** Which time the lifetime was judged at (`at` value: exchange, date-header, now). */
type At = 'exchange' | 'date-header' | 'now';
const atOf = (v: CauseValues): At => (v.at === 'exchange' || v.at === 'date-header' ? v.at : 'now');
const AT: Record<At, string> = { exchange: 'the request was sent', 'date-header': "the response's Date", now: 'now' };
/** The Japanese of AT (section "causes", key "at"). */
const atJa = (v: CauseValues) => japanese<Record<At, string>>('causes', 'at')?.[atOf(v)] ?? AT[atOf(v)];

function t(v: CauseValues[string]): string {
  return v === undefined ? '' : clip(Array.isArray(v) ? v.join(', ') : String(v), 160);
}

const CAUSES: Record<CauseCode, Entry> = {
  'mfa-missing': {
    title: 'MFA missing',
    summary: {
      en: (v) =>
        v.amr === undefined && v.tokenKnown !== 'yes'
          ? `The server says multi-factor authentication is required${v.said ? ` (${t(v.said)})` : ''}; the sent token was not available to confirm it.`
          : v.compliant === 'yes'
            ? `The server says MFA is required${v.said ? ` (${t(v.said)})` : ''}, although the token's amr (${q(v.amr)}) contains "mfa": the token actually sent may be a different one.`
            : v.amr === undefined
              ? 'The App+User token has no amr claim, so it carries no proof of MFA: Partner Center refuses App+User calls without MFA (401 "Unauthorized - MFA required").'
              : `The token's amr is ${q(v.amr)} without "mfa": Partner Center refuses App+User calls without MFA (401 "Unauthorized - MFA required").`,
      ja: (v, m) =>
        v.amr === undefined && v.tokenKnown !== 'yes'
          ? f(m[0], v.said ? f(m[1], t(v.said)) : '')
          : v.compliant === 'yes'
            ? f(m[2], q(v.amr), v.said ? f(m[3], t(v.said)) : '')
            : v.amr === undefined
              ? m[4]
              : f(m[5], q(v.amr)),
    },
    remedy: {
      en: () =>
        'Sign in interactively with MFA and get a new refresh token (Secure Application Model): tokens refreshed from a sign-in without MFA never gain "mfa". If the users sign in through a federated IdP, check that it sends the MFA claim to Entra ID (federatedIdpMfaBehavior). Do not use the password grant (ROPC): it cannot satisfy MFA.',
    },
  },
  'audience-mismatch': {
    title: 'Wrong audience',
    summary: {
      en: (v) =>
        v.aud === undefined && v.expected === undefined
          ? `The server rejects the token's audience${v.said ? ` (${t(v.said)})` : ''}.`
          : `The token is for ${q(v.aud, 'no audience')}${v.audName ? ` (${t(v.audName)})` : ''}, but ${v.service ? t(v.service) : 'this API'} expects ${q(v.expected)}.`,
      ja: (v, m) =>
        v.aud === undefined && v.expected === undefined
          ? f(m[0], v.said ? f(m[1], t(v.said)) : '')
          : f(m[2], q(v.aud, m[3]), v.audName ? f(m[4], t(v.audName)) : ' ', v.service ? t(v.service) : m[5], q(v.expected)),
    },
    remedy: {
      en: (v) =>
        `Request the token for the API you call: resource/scope ${v.expected && Array.isArray(v.expected) && v.expected.length ? `"${t((v.expected as string[])[0])}"` : 'of that API'} (e.g. "https://api.partnercenter.microsoft.com/user_impersonation" for Partner Center). A Graph token does not work for Partner Center, nor the reverse.`,
      ja: (v, m) =>
        f(m[0], v.expected && Array.isArray(v.expected) && v.expected.length ? `"${t((v.expected as string[])[0])}"` : m[1]),
    },
  },
  expired: {
    title: 'Token expired',
    summary: {
      en: (v) =>
        v.exp === undefined
          ? `The server says the token has expired${v.said ? ` (${t(v.said)})` : ''}.`
          : `The token expired at ${t(v.exp)}${v.seconds !== undefined ? `, ${duration(Number(v.seconds), 'en')} before ${AT[atOf(v)]}` : ''}.`,
      ja: (v, m) =>
        v.exp === undefined
          ? f(m[0], v.said ? f(m[1], t(v.said)) : '')
          : f(m[2], t(v.exp), v.seconds !== undefined ? f(m[3], atJa(v), duration(Number(v.seconds), 'ja')) : ''),
    },
    remedy: {
      en: () => 'Get a new access token (exchange the refresh token again) and resend the request. If it keeps failing right after refresh, check the clock of the machine.',
    },
  },
  'not-yet-valid': {
    title: 'Token not yet valid',
    summary: {
      en: (v) =>
        v.nbf === undefined
          ? `The server says the token is not yet valid${v.said ? ` (${t(v.said)})` : ''}.`
          : `The token is valid only from ${t(v.nbf)}${v.seconds !== undefined ? `, ${duration(Number(v.seconds), 'en')} after ${AT[atOf(v)]}` : ''}.`,
      ja: (v, m) =>
        v.nbf === undefined
          ? f(m[0], v.said ? f(m[1], t(v.said)) : '')
          : f(m[2], t(v.nbf), v.seconds !== undefined ? f(m[3], atJa(v), duration(Number(v.seconds), 'ja')) : ''),
    },
    remedy: {
      en: () => 'Check the clocks of the client and the machine that got the token (sync with NTP), then get a new token.',
    },
  },
  'app-only': {
    title: 'App-only token',
    summary: {
      en: (v) =>
        v.customerOperation
          ? `An app-only token (no user) was sent to a Partner Center operation on a customer (${t(v.customerOperation)}), which needs App+User under GDAP.`
          : v.said
            ? `The server says this operation does not accept an app-only token (${t(v.said)}).`
            : 'The token is app-only (no user): this operation may not support app-only authentication.',
      ja: (v, m) =>
        v.customerOperation
          ? f(m[0], t(v.customerOperation))
          : v.said
            ? f(m[1], t(v.said))
            : m[2],
    },
    remedy: {
      en: () =>
        "Check the operation's Prerequisites for the authentication it supports. If it needs App+User, get a delegated token for a partner user in a GDAP security group, signed in with MFA (Secure Application Model).",
    },
  },
  'claims-challenge': {
    title: 'Claims challenge',
    summary: {
      en: (v) =>
        `The server asks for a new token with more claims (${t(v.error) || 'claims challenge'})${v.asks && (v.asks as string[]).length ? `: ${t(v.asks)}` : ''}${v.ccType ? ` (${t(v.ccType)})` : ''}.`,
      ja: (v, m) =>
        f(m[0], t(v.error) || m[1], v.asks && (v.asks as string[]).length ? `: ${t(v.asks)}` : '', v.ccType ? f(m[2], t(v.ccType)) : ''),
    },
    remedy: {
      en: () =>
        'Pass the decoded claims back to the authorization request (MSAL WithClaims, or the URL-encoded `claims` parameter of /authorize) and sign in interactively to satisfy the Conditional Access policy (e.g. MFA or an authentication context); then retry with the new token.',
    },
  },
  'insufficient-scope': {
    title: 'Insufficient scope or permission',
    summary: {
      en: (v) =>
        `The token lacks the permission this call needs${v.required ? ` (required: ${t(v.required)})` : ''}${v.have ? `; it has ${t(v.have)}` : ''}${v.said ? ` (${t(v.said)})` : ''}.`,
      ja: (v, m) =>
        f(m[0], v.required ? f(m[1], t(v.required)) : '', v.have ? f(m[2], t(v.have)) : '', v.said ? f(m[3], t(v.said)) : ''),
    },
    remedy: {
      en: () =>
        'Grant and consent the missing delegated permission (scp) or application role (roles) to the app, or give the user the needed role (for a customer under GDAP: the Entra role through the GDAP relationship), then get a new token.',
    },
  },
  'no-token': {
    title: 'No token sent',
    summary: {
      en: (v) =>
        v.har === 'yes'
          ? `The HAR entry's request has ${v.redacted === 'yes' ? 'a redacted' : 'no'} Authorization header: the HAR was probably exported sanitized (browsers strip Authorization, Cookie and Set-Cookie by default).`
          : v.scheme
            ? `The request sends ${t(v.scheme)} credentials, not a bearer token.`
            : v.redacted === 'yes'
              ? 'The Authorization header holds no usable token (it was redacted or left empty).'
              : v.unresolved
                ? `The Authorization header uses ${t(v.unresolved)}, which could not be resolved.`
                : v.said
                  ? `The server says it received no token (${t(v.said)}).`
                  : 'The request carries no Authorization header, so the server saw no token.',
      ja: (v, m) =>
        v.har === 'yes'
          ? f(m[0], v.redacted === 'yes' ? m[1] : m[2])
          : v.scheme
            ? f(m[3], t(v.scheme))
            : v.redacted === 'yes'
              ? m[4]
              : v.unresolved
                ? f(m[5], t(v.unresolved))
                : v.said
                  ? f(m[6], t(v.said))
                  : m[7],
    },
    remedy: {
      en: (v) =>
        v.har === 'yes'
          ? 'Export the HAR with sensitive data: in Chrome DevTools enable Settings > Preferences > Network > "Allow to generate HAR with sensitive data", then use "Export HAR (with sensitive data)" (Dev Proxy: set includeSensitiveInformation). Or give the token separately (jwt-mfa diagnose --token - or --token-file).'
          : 'Send "Authorization: Bearer <access token>" with a token for this API (check that variables in the request resolve).',
      ja: (v, m) =>
        v.har === 'yes'
          ? m[0]
          : m[1],
    },
  },
  malformed: {
    title: 'Malformed token',
    summary: {
      en: (v) =>
        v.opaque === 'yes'
          ? 'The bearer value is not a JWT, so it cannot be inspected; the API may not accept it.'
          : `The token cannot be read${v.reason ? ` (${t(v.reason)})` : ''}${v.said ? `; the server says ${t(v.said)}` : ''}.`,
      ja: (v, m) =>
        v.opaque === 'yes'
          ? m[0]
          : f(m[1], v.reason ? f(m[2], t(v.reason)) : '', v.said ? f(m[3], t(v.said)) : ''),
    },
    remedy: {
      en: () => 'Copy the whole token again (it may be cut or contain a line break or quotes) and send it as "Authorization: Bearer <token>" without extra characters.',
    },
  },
  unknown: {
    title: 'Cause unknown',
    summary: {
      en: (v) => `The ${t(v.status)} response is not explained by the token or the response headers.`,
      ja: (v, m) => f(m[0], t(v.status)),
    },
    remedy: {
      en: () =>
        "Check the signature and tenant of the token (a token from another tenant or a revoked session is refused too), the app's permissions, and the service's status; give the correlation ids to support.",
    },
  },
};

const ja = (code: CauseCode, locale: Locale) => (wordsFor(locale) === 'ja' ? japanese<JaEntry>('causes', code) : undefined);
const text = (t: Entry['summary'], values: CauseValues, m: readonly string[] | undefined) => (!m ? t.en(values) : t.ja ? t.ja(values, m) : m[0]!);

export function causeTitle(code: CauseCode, locale: Locale): string {
  return ja(code, locale)?.title ?? CAUSES[code].title;
}

export function causeSummary(code: CauseCode, values: CauseValues, locale: Locale): string {
  return text(CAUSES[code].summary, values, ja(code, locale)?.summary);
}

export function causeRemedy(code: CauseCode, values: CauseValues, locale: Locale): string {
  return text(CAUSES[code].remedy, values, ja(code, locale)?.remedy);
}
