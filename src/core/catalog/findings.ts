// English and Japanese words for every finding: a one-line message and a remedy.
// Pure data plus small renderers; the faces pass the locale. The Japanese sentences are in
// l10n/catalog.ja.json (section "findings"; see ./japanese): here, which of them to use and what fills them.
import { duration } from '../duration';
import type { Finding, FindingCode, FindingValues, Locale, RenderedFinding } from '../types';
import { fill as f, japanese, wordsFor } from './japanese';

type Text = (v: FindingValues) => string;
/** Picks and fills the Japanese pieces `m`; without one, the first piece is the text. */
type JaText = (v: FindingValues, m: readonly string[]) => string;
interface Entry {
  title: string;
  message: { en: Text; ja?: JaText };
  remedy: { en: Text; ja?: JaText };
}
interface JaEntry {
  title: string;
  message: readonly string[];
  remedy: readonly string[];
}

/** Joins a list value for a message; claim text is quoted and length-capped. */
export function list(v: FindingValues[string], none = '—'): string {
  const arr = v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
  if (arr.length === 0) return none;
  return arr.map((x) => `"${clip(String(x), 80)}"`).join(', ');
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** `host (service)`, or just the host when the service is only its name again (a user's `127.0.0.1` entry). */
function hostAndService(v: FindingValues, open: string, close: string): string {
  const host = s(v.host);
  const service = s(v.service);
  return !service || service.toLowerCase() === host.toLowerCase() ? host : `${host}${open}${service}${close}`;
}

function s(v: FindingValues[string]): string {
  return v === undefined ? '' : clip(Array.isArray(v) ? v.join(', ') : String(v), 120);
}

/** The one duration formatter (../duration), re-exported for the catalogue's callers. */
export { duration } from '../duration';

const FINDINGS: Record<FindingCode, Entry> = {
  'mfa-missing': {
    title: 'MFA missing',
    message: {
      en: (v) =>
        v.variant === 'equivalent'
          ? `amr is ${list(v.amr)}: Entra counts these as MFA, but Partner Center's documented check looks for "mfa".`
          : v.variant === 'absent'
            ? 'This App+User token for Partner Center has no amr claim, so it carries no proof of MFA: Partner Center answers 401 "MFA required".'
            : v.partnerCenter === 'yes'
              ? `amr is ${list(v.amr)} without "mfa": Partner Center answers 401 "MFA required" to this App+User token.`
              : `amr is ${list(v.amr)} without "mfa": the user did not complete multi-factor authentication.`,
      ja: (v, m) =>
        v.variant === 'equivalent'
          ? f(m[0], list(v.amr))
          : v.variant === 'absent'
            ? m[1]
            : v.partnerCenter === 'yes'
              ? f(m[2], list(v.amr))
              : f(m[3], list(v.amr)),
    },
    remedy: {
      en: (v) =>
        v.variant === 'equivalent'
          ? 'If Partner Center refuses it, sign in again with a method that yields "mfa" (e.g. Microsoft Authenticator) and get a new refresh token.'
          : 'Sign in interactively with MFA and get a new refresh token (Secure Application Model); tokens refreshed from a non-MFA sign-in never gain "mfa". Do not use the password grant. With a federated IdP, make sure it sends the MFA claim.',
      ja: (v, m) =>
        v.variant === 'equivalent'
          ? m[0]
          : m[1],
    },
  },
  'audience-mismatch': {
    title: 'Wrong audience',
    message: {
      en: (v) =>
        v.aud === undefined
          ? 'The token has no aud claim, so no API can accept it.'
          : v.host
            ? `aud is ${list(v.aud)}, but ${hostAndService(v, ' (', ')')} expects ${list(v.expected)}.`
            : `aud is ${list(v.aud)}, not one of the expected audiences ${list(v.expected)}.`,
      ja: (v, m) =>
        v.aud === undefined
          ? m[0]
          : v.host
            ? f(m[1], list(v.aud), ((h) => (h.endsWith(m[3]) ? h : h + ' '))(hostAndService(v, m[2], m[3])), list(v.expected))
            : f(m[4], list(v.aud), list(v.expected)),
    },
    remedy: {
      en: (v) =>
        v.host
          ? `Request the token for the resource ${s(v.service)} expects (scope "${s(Array.isArray(v.expected) ? v.expected[0] : v.expected)}/.default" or resource "${s(Array.isArray(v.expected) ? v.expected[0] : v.expected)}").`
          : 'Request the token for the API you call, or add this audience to jwtMfa.expectedAudiences if it is right.',
      ja: (v, m) =>
        v.host
          ? f(m[0], s(v.service), s(Array.isArray(v.expected) ? v.expected[0] : v.expected), s(Array.isArray(v.expected) ? v.expected[0] : v.expected))
          : m[1],
    },
  },
  expired: {
    title: 'Expired',
    message: {
      en: (v) => `The token expired ${duration(Number(v.secondsAgo ?? 0), 'en')} ago.`,
      ja: (v, m) => f(m[0], duration(Number(v.secondsAgo ?? 0), 'ja')),
    },
    remedy: {
      en: () => 'Get a new access token (from the refresh token); access tokens live about 60 to 90 minutes.',
    },
  },
  'not-yet-valid': {
    title: 'Not yet valid',
    message: {
      en: (v) => `The token becomes valid in ${duration(Number(v.secondsAhead ?? 0), 'en')} (nbf).`,
      ja: (v, m) => f(m[0], duration(Number(v.secondsAhead ?? 0), 'ja')),
    },
    remedy: {
      en: () => "Check this machine's clock, and the issuer's; a small skew is allowed (jwtMfa.clockSkewSeconds).",
    },
  },
  'app-only': {
    title: 'App-only token',
    message: {
      en: (v) =>
        v.customerOperation
          ? `App-only token (no user) sent to ${s(v.customerOperation)}: customer operations need an App+User token under GDAP.`
          : `App-only token (no user${v.appId ? `, app ${s(v.appId)}` : ''}): the MFA rule does not apply, but only APIs that support app-only authentication accept it.`,
      ja: (v, m) =>
        v.customerOperation
          ? f(m[0], s(v.customerOperation))
          : f(m[1], v.appId ? f(m[2], s(v.appId)) : ''),
    },
    remedy: {
      en: (v) =>
        v.customerOperation
          ? 'Use an App+User token: a user in a GDAP security group signs in with MFA (Secure Application Model).'
          : "Check the API's Prerequisites section; for App+User operations, sign a user in with MFA.",
      ja: (v, m) =>
        v.customerOperation
          ? m[0]
          : m[1],
    },
  },
  'id-token': {
    title: 'ID token, not an access token',
    message: {
      en: () => 'This looks like an OpenID Connect ID token (nonce/at_hash, no scp or roles): APIs expect an access token.',
    },
    remedy: {
      en: () => 'Send the access_token from the token response, not the id_token.',
    },
  },
  unsigned: {
    title: 'Unsigned (alg: none)',
    message: {
      en: () => 'The header says alg "none": the token is not signed and no API should accept it.',
    },
    remedy: {
      en: () => 'Use a token issued by your identity provider; never trust an unsigned token.',
    },
  },
  'signature-missing': {
    title: 'Signature missing',
    message: {
      en: () => 'The signature is empty (header.payload.).',
    },
    remedy: {
      en: () => 'Copy the whole token, signature included.',
    },
  },
  'not-from-entra': {
    title: 'Not issued by Entra ID',
    message: {
      en: (v) =>
        `The issuer is Entra ID, but the header says alg "${s(v.alg)}": Entra ID never signs access tokens with a shared secret and never leaves them unsigned, so this token did not come from Entra ID.`,
      ja: (v, m) =>
        f(m[0], s(v.alg)),
    },
    remedy: {
      en: () => 'Get the token from Entra ID itself (MSAL, az account get-access-token); a hand-made or test token is refused by Microsoft APIs.',
    },
  },
  'signature-invalid': {
    title: 'Signature invalid',
    message: {
      en: (v) => `Signature verification failed${v.reason ? `: ${s(v.reason)}` : ''}.`,
      ja: (v, m) => f(m[0], v.reason ? `: ${s(v.reason)}` : ''),
    },
    remedy: {
      en: () => 'Check that the key set belongs to the issuer, and that the token was not altered; get a fresh token.',
    },
  },
  encrypted: {
    title: 'Encrypted (JWE)',
    message: {
      en: (v) => `An encrypted token (JWE${v.enc ? `, ${s(v.enc)}` : ''}): its claims cannot be read without the recipient's key.`,
      ja: (v, m) => f(m[0], v.enc ? f(m[1], s(v.enc)) : ''),
    },
    remedy: {
      en: () => 'Nothing to fix here; only the API it is meant for can read it.',
    },
  },
  malformed: {
    title: 'Malformed token',
    message: {
      en: (v) => `The token's header decodes, but it cannot be read: ${s(v.reason)}.`,
      ja: (v, m) => f(m[0], s(v.reason)),
    },
    remedy: {
      en: () => 'Copy the whole token again; it may be truncated or wrapped.',
    },
  },
  'not-jwt': {
    title: 'JWS, not a JWT',
    message: {
      en: (v) => `A JWS (signed with ${s(v.alg) || 'an unnamed alg'}) whose payload is text, not JSON claims: a signed message, not a JWT. There are no claims to judge.`,
      ja: (v, m) => f(m[0], s(v.alg) || m[1]),
    },
    remedy: {
      en: () => 'Nothing to fix if a signed message is what you expect; an API that wants an access token needs a JWT.',
    },
  },
};

const ja = (code: FindingCode, locale: Locale) => (wordsFor(locale) === 'ja' ? japanese<JaEntry>('findings', code) : undefined);

export function findingTitle(code: FindingCode, locale: Locale): string {
  return ja(code, locale)?.title ?? FINDINGS[code].title;
}

export function renderFinding(finding: Finding, locale: Locale): RenderedFinding {
  const e = FINDINGS[finding.code];
  const j = ja(finding.code, locale);
  const text = (t: Entry['message'], m: readonly string[] | undefined) => (!m ? t.en(finding.values) : t.ja ? t.ja(finding.values, m) : m[0]!);
  return { ...finding, message: text(e.message, j?.message), remedy: text(e.remedy, j?.remedy) };
}

/** 'ja' for Japanese locales (ja, ja-JP, ja_JP.UTF-8), else 'en'. */
export function toLocale(tag: string | undefined): Locale {
  return tag && /^ja\b|^ja[-_]/i.test(tag) ? 'ja' : 'en';
}
