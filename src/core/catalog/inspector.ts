// English and Japanese words of the inspector's verdict cards. Pure data; `{0}` marks a value.
// The Japanese is in l10n/catalog.ja.json (section "card", by the same keys; see ./japanese).
import type { Locale } from '../types';
import { japanese, wordsFor } from './japanese';

export const CARD_WORDS = {
  mfaTitle: 'MFA',
  audienceTitle: 'Audience',
  lifetimeTitle: 'Lifetime',
  typeTitle: 'Token type',
  signatureTitle: 'Signature',

  mfaCompliant: 'Compliant',
  mfaCompliantDetail: 'amr contains "mfa": {0}.',
  mfaNotCompliant: 'Not compliant',
  mfaNotCompliantDetail: 'amr is {0} without "mfa": Partner Center answers 401 "MFA required" to App+User calls.',
  mfaNoAmr: 'No amr claim',
  mfaNoAmrPc: 'This App+User token for Partner Center has no amr, so no proof of MFA.',
  mfaNoAmrOther: 'The token carries no amr (v2 access tokens for custom APIs never do); MFA cannot be read from it.',
  mfaNotApplicable: 'Not applicable (app-only)',
  mfaNotApplicableDetail: 'An app-only token has no user and no amr; the MFA rule does not apply.',
  mfaUncertain: 'Uncertain',
  mfaUncertainDetail: 'amr is {0}: Entra counts it as MFA, but Partner Center documents only "mfa".',
  unknownEncrypted: 'Unknown (encrypted)',
  unknownEncryptedDetail: 'The claims of a JWE cannot be read without the recipient\'s key.',
  unreadable: 'Unreadable',

  audMissing: 'No aud claim',
  audOk: 'Accepted for {0}',
  audIs: 'aud {0}. ',
  audOkSettings: 'Matches the expected audiences.',
  audBad: 'Wrong audience',
  audSentTo: 'Sent to {0}.',
  audNoExpectation: 'No expected audience configured.',

  lifeValid: 'Valid, expires in {0}',
  lifeExpired: 'Expired {0} ago',
  lifeNotYet: 'Valid in {0}',
  lifeNoExp: 'No expiry',
  lifeDetail: 'Issued {0}; expires {1}; lifetime {2}.',

  typeV1: 'v1',
  typeV2: 'v2',
  typeAppUser: 'App+User',
  typeAppOnly: 'App-only',
  typeEntra: 'Entra ID',
  typeOther: 'Other issuer',
  typeNoIssuer: 'No issuer',
  typeIdToken: 'ID token',
  typeJwe: 'Encrypted (JWE)',
  basis_idtyp: 'Decided by idtyp.',
  basis_scp: 'Decided by scp (delegated scopes).',
  'basis_oid-sub': 'Decided by roles with oid = sub.',
  basis_hints: 'Decided by hints: roles, no user claims, client credentials.',
  basis_default: 'No app-only signal: treated as App+User.',
  tenant: 'tenant {0}',
  client: 'client {0}',
  user: 'user {0}',

  sigNotYet: 'Not verified yet',
  sigNotYetDetail: 'Decoded only (untrusted). Press Verify to check the signature against the issuer\'s keys.',
  sigBusy: 'Verifying…',

  relFuture: 'in {0}',
  relPast: '{0} ago',
} as const satisfies Record<string, string>;

export type CardWord = keyof typeof CARD_WORDS;

/** The word for a locale with `{0}`, `{1}`… filled in. */
export function cardWord(key: CardWord, locale: Locale, ...args: Array<string | number>): string {
  const s: string = (wordsFor(locale) === 'ja' ? japanese('card', key) : undefined) ?? CARD_WORDS[key];
  return s.replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
