// English and Japanese words for signature verification results (see core/verify.ts). The Japanese
// sentences are in l10n/catalog.ja.json (section "verify"; see ./japanese): here, which of them to use
// and what fills them.
import { parseUrl } from '../audiences';
import type { Locale, SignatureState } from '../types';
import type { VerifyDetail, VerifyReason, VerifyResult } from '../verify';
import { fill as f, japanese, wordsFor } from './japanese';

type Text = (d: VerifyDetail) => string;
/** Picks and fills the Japanese pieces `m`; without one, the first piece is the text. */
type JaText = (d: VerifyDetail, m: readonly string[]) => string;

function clip(s: string | undefined, max = 160): string {
  if (!s) return '';
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function host(url: string | undefined): string {
  if (!url) return '';
  return parseUrl(url)?.host ?? clip(url, 80);
}

const where = (d: VerifyDetail) => clip(d.source ?? d.url);

const MESSAGES: Record<VerifyReason, { en: Text; ja?: JaText }> = {
  verified: {
    en: (d) => `The signature is valid: key ${d.kid ? `"${clip(d.kid, 80)}" ` : ''}from ${where(d)}.`,
    ja: (d, m) => f(m[0], where(d), d.kid ? ` "${clip(d.kid, 80)}"` : ''),
  },
  'signature-mismatch': {
    en: (d) => `The signature does not match the key ${d.kid ? `"${clip(d.kid, 80)}" ` : ''}from ${where(d)}: the token was altered, or signed by someone else.`,
    ja: (d, m) => f(m[0], where(d), d.kid ? ` "${clip(d.kid, 80)}"` : ''),
  },
  'no-matching-key': {
    en: (d) =>
      `No key with kid "${clip(d.kid, 80) || '—'}" in the key set at ${where(d)}. The key may have rotated away (old token), the app may use custom signing keys (claims mapping: discovery with ?appid=), or the token was not issued there.`,
    ja: (d, m) =>
      f(m[0], where(d), clip(d.kid, 80) || '—'),
  },
  'empty-key-set': {
    en: (d) => `The key set at ${where(d)} has no keys.`,
    ja: (d, m) => f(m[0], where(d)),
  },
  'key-issuer-mismatch': {
    en: (d) => `The signing key is scoped to another issuer (${clip(d.message)}), not ${clip(d.issuer)}.`,
    ja: (d, m) => f(m[0], clip(d.message), clip(d.issuer)),
  },
  'issuer-mismatch': {
    en: (d) => `The issuer's discovery document names a different issuer (${clip(d.message)}) than the token's iss ${clip(d.issuer)}.`,
    ja: (d, m) => f(m[0], clip(d.message), clip(d.issuer)),
  },
  malformed: {
    en: (d) => `The token cannot be verified: it is not a well-formed signed JWT${d.message ? ` (${clip(d.message)})` : ''}.`,
    ja: (d, m) => f(m[0], d.message ? f(m[1], clip(d.message)) : ''),
  },
  'by-design': {
    en: (d) =>
      d.why === 'nonce'
        ? 'This token cannot be verified by third parties, by design: its header has a nonce (Microsoft Graph / SharePoint tokens), and Microsoft signs a transformed nonce. A failed check would not mean an attack; only Graph validates it.'
        : 'This token is for Microsoft Graph, whose tokens cannot be verified by third parties, by design (proprietary format): the check did not pass, which does not mean an attack. Only Graph validates it.',
    ja: (d, m) =>
      d.why === 'nonce'
        ? m[0]
        : m[1],
  },
  encrypted: {
    en: () => 'An encrypted token (JWE) has no signature to check here; only its recipient can decrypt it.',
  },
  unsigned: {
    en: () => 'The token is not signed (alg "none"): there is nothing to verify, and no API should accept it.',
  },
  'no-issuer': {
    en: () => 'The token has no iss claim, so there is no issuer to take keys from. Add a key set to jwtMfa.verify.jwks to verify it.',
  },
  'untrusted-issuer': {
    en: (d) =>
      d.url
        ? `Not fetched: ${clip(d.url)} is not allowed (${clip(d.message)}).`
        : `Not verified: the issuer ${clip(d.issuer)} is neither Entra ID nor on your list. The extension never fetches keys from a URL a token names. To trust it, add it to jwtMfa.verify.trustedIssuers, or add its key set to jwtMfa.verify.jwks.`,
    ja: (d, m) =>
      d.url
        ? f(m[0], clip(d.url), clip(d.message))
        : f(m[1], clip(d.issuer)),
  },
  timeout: {
    en: (d) => `${host(d.source ?? d.url)} did not answer within ${Math.round((d.timeoutMs ?? 5000) / 1000)} s: the key set could not be read. Try again later.`,
    ja: (d, m) => f(m[0], host(d.source ?? d.url), Math.round((d.timeoutMs ?? 5000) / 1000)),
  },
  offline: {
    en: (d) =>
      d.code === 'ENOTFOUND' || d.code === 'EAI_AGAIN'
        ? `Cannot resolve ${host(d.source ?? d.url)} (${d.code}): you seem to be offline, or DNS is blocked. The signature was not checked.`
        : d.code === 'ECONNREFUSED'
          ? `${host(d.source ?? d.url)} refused the connection (ECONNREFUSED). The signature was not checked.`
          : `Cannot reach ${host(d.source ?? d.url)}${d.code ? ` (${d.code})` : ''}: you seem to be offline, or a proxy blocks it. The signature was not checked.`,
    ja: (d, m) =>
      d.code === 'ENOTFOUND' || d.code === 'EAI_AGAIN'
        ? f(m[0], host(d.source ?? d.url), d.code)
        : d.code === 'ECONNREFUSED'
          ? f(m[1], host(d.source ?? d.url))
          : f(m[2], host(d.source ?? d.url), d.code ? f(m[3], d.code) : ''),
  },
  'http-error': {
    en: (d) => `${clip(d.source ?? d.url)} answered ${d.status ? `HTTP ${d.status}` : 'without 200 OK'}: the key set could not be read.`,
    ja: (d, m) => f(m[0], clip(d.source ?? d.url), d.status ? `HTTP ${d.status}` : m[1]),
  },
  'discovery-invalid': {
    en: (d) => `The discovery document at ${clip(d.url)} is not usable (${clip(d.message)}).`,
    ja: (d, m) => f(m[0], clip(d.url), clip(d.message)),
  },
  'jwks-invalid': {
    en: (d) => `The key set at ${where(d)} is not a valid JWKS (${clip(d.message)}).`,
    ja: (d, m) => f(m[0], where(d), clip(d.message)),
  },
  'not-supported': {
    en: (d) => `The algorithm ${d.alg ? `"${clip(d.alg, 40)}" ` : ''}or key type is not supported or not allowed here (${clip(d.message)}).`,
    ja: (d, m) => f(m[0], d.alg ? ` "${clip(d.alg, 40)}"` : '', clip(d.message)),
  },
  'alg-not-allowed': {
    en: (d) => `Microsoft Entra ID signs tokens with RS256, but this token says "${clip(d.alg, 40)}": it was not issued by Entra as it is.`,
    ja: (d, m) => f(m[0], clip(d.alg, 40)),
  },
  'file-error': {
    en: (d) => `Cannot read the key set file ${clip(d.source)} (${clip(d.message)}).`,
    ja: (d, m) => f(m[0], clip(d.source), clip(d.message)),
  },
  error: {
    en: (d) => `Verification could not finish${d.code ? ` (${d.code})` : ''}: ${clip(d.message) || 'unknown error'}.`,
    ja: (d, m) => f(m[0], d.code ? f(m[1], d.code) : '', clip(d.message) || m[2]),
  },
};

const TITLES: Record<SignatureState, string> = {
  valid: 'Signature verified',
  invalid: 'Signature invalid',
  'not-checked': 'Signature not verified',
};

const ja = <T>(key: string, locale: Locale) => (wordsFor(locale) === 'ja' ? japanese<T>('verify', key) : undefined);

export function verifyTitle(state: SignatureState, locale: Locale): string {
  return ja<Record<SignatureState, string>>('titles', locale)?.[state] ?? TITLES[state];
}

export function renderVerify(r: VerifyResult, locale: Locale): { title: string; message: string } {
  const e = MESSAGES[r.reason];
  const m = ja<readonly string[]>(r.reason, locale);
  return { title: verifyTitle(r.state, locale), message: !m ? e.en(r.detail) : e.ja ? e.ja(r.detail, m) : m[0]! };
}
