// English and Japanese words of the inspector's verdict cards. Pure data; `{0}` marks a value.
import type { Locale } from '../types';

type Pair = readonly [en: string, ja: string];

export const CARD_WORDS = {
  mfaTitle: ['MFA', 'MFA'],
  audienceTitle: ['Audience', '対象ユーザー (aud)'],
  lifetimeTitle: ['Lifetime', '有効期間'],
  typeTitle: ['Token type', 'トークンの種類'],
  signatureTitle: ['Signature', '署名'],

  mfaCompliant: ['Compliant', '準拠'],
  mfaCompliantDetail: ['amr contains "mfa": {0}.', 'amr に "mfa" が含まれます: {0}。'],
  mfaNotCompliant: ['Not compliant', '非準拠'],
  mfaNotCompliantDetail: ['amr is {0} without "mfa": Partner Center answers 401 "MFA required" to App+User calls.', 'amr が {0} のみで "mfa" がありません。Partner Center は App+User の呼び出しに 401「MFA required」を返します。'],
  mfaNoAmr: ['No amr claim', 'amr クレームなし'],
  mfaNoAmrPc: ['This App+User token for Partner Center has no amr, so no proof of MFA.', 'Partner Center 向けの App+User トークンに amr がなく、MFA の証拠がありません。'],
  mfaNoAmrOther: ['The token carries no amr (v2 access tokens for custom APIs never do); MFA cannot be read from it.', 'トークンに amr がありません（カスタム API 向けの v2 アクセス トークンには含まれません）。MFA の有無は読み取れません。'],
  mfaNotApplicable: ['Not applicable (app-only)', '対象外（アプリのみ）'],
  mfaNotApplicableDetail: ['An app-only token has no user and no amr; the MFA rule does not apply.', 'アプリのみのトークンにはユーザーも amr もなく、MFA ルールは適用されません。'],
  mfaUncertain: ['Uncertain', '要確認'],
  mfaUncertainDetail: ['amr is {0}: Entra counts it as MFA, but Partner Center documents only "mfa".', 'amr は {0} です。Entra は MFA とみなしますが、Partner Center のドキュメントに記載されているのは "mfa" のみです。'],
  unknownEncrypted: ['Unknown (encrypted)', '不明（暗号化済み）'],
  unknownEncryptedDetail: ['The claims of a JWE cannot be read without the recipient\'s key.', 'JWE のクレームは受信者の鍵がなければ読めません。'],
  unreadable: ['Unreadable', '読み取り不可'],

  audMissing: ['No aud claim', 'aud クレームなし'],
  audOk: ['Accepted for {0}', '{0} で受け付けられます'],
  audIs: ['aud {0}. ', 'aud は {0}。'],
  audOkSettings: ['Matches the expected audiences.', '想定する対象ユーザーと一致します。'],
  audBad: ['Wrong audience', '対象ユーザーが不一致'],
  audSentTo: ['Sent to {0}.', '送信先: {0}。'],
  audNoExpectation: ['No expected audience configured.', '想定する対象ユーザーが設定されていません。'],

  lifeValid: ['Valid, expires in {0}', '有効、残り {0}'],
  lifeExpired: ['Expired {0} ago', '{0}前に期限切れ'],
  lifeNotYet: ['Valid in {0}', '{0}後に有効'],
  lifeNoExp: ['No expiry', '有効期限なし'],
  lifeDetail: ['Issued {0}; expires {1}; lifetime {2}.', '発行 {0}、期限 {1}、有効期間 {2}。'],

  typeV1: ['v1', 'v1'],
  typeV2: ['v2', 'v2'],
  typeAppUser: ['App+User', 'App+User'],
  typeAppOnly: ['App-only', 'アプリのみ'],
  typeEntra: ['Entra ID', 'Entra ID'],
  typeOther: ['Other issuer', 'その他の発行者'],
  typeNoIssuer: ['No issuer', '発行者なし'],
  typeIdToken: ['ID token', 'ID トークン'],
  typeJwe: ['Encrypted (JWE)', '暗号化済み (JWE)'],
  basis_idtyp: ['Decided by idtyp.', 'idtyp で判定。'],
  basis_scp: ['Decided by scp (delegated scopes).', 'scp（委任スコープ）で判定。'],
  'basis_oid-sub': ['Decided by roles with oid = sub.', 'roles と oid = sub で判定。'],
  basis_hints: ['Decided by hints: roles, no user claims, client credentials.', 'ヒントで判定: roles、ユーザー クレームなし、クライアント資格情報。'],
  basis_default: ['No app-only signal: treated as App+User.', 'アプリのみの兆候なし: App+User として扱います。'],
  tenant: ['tenant {0}', 'テナント {0}'],
  client: ['client {0}', 'クライアント {0}'],
  user: ['user {0}', 'ユーザー {0}'],

  sigNotYet: ['Not verified yet', '未検証'],
  sigNotYetDetail: ['Decoded only (untrusted). Press Verify to check the signature against the issuer\'s keys.', 'デコードのみ（信頼できません）。検証を押すと発行者の鍵で署名を確認します。'],
  sigBusy: ['Verifying…', '検証中…'],

  relFuture: ['in {0}', '{0}後'],
  relPast: ['{0} ago', '{0}前'],
} as const satisfies Record<string, Pair>;

export type CardWord = keyof typeof CARD_WORDS;

/** The word for a locale with `{0}`, `{1}`… filled in. */
export function cardWord(key: CardWord, locale: Locale, ...args: Array<string | number>): string {
  const s: string = CARD_WORDS[key][locale === 'ja' ? 1 : 0];
  return s.replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
