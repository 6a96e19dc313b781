// English and Japanese words for every finding: a one-line message and a remedy.
// Pure data plus small renderers; the faces pass the locale.
import { duration } from '../duration';
import type { Finding, FindingCode, FindingValues, Locale, RenderedFinding } from '../types';

type Text = (v: FindingValues) => string;
interface Entry {
  title: { en: string; ja: string };
  message: { en: Text; ja: Text };
  remedy: { en: Text; ja: Text };
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
    title: { en: 'MFA missing', ja: 'MFA なし' },
    message: {
      en: (v) =>
        v.variant === 'equivalent'
          ? `amr is ${list(v.amr)}: Entra counts these as MFA, but Partner Center's documented check looks for "mfa".`
          : v.variant === 'absent'
            ? 'This App+User token for Partner Center has no amr claim, so it carries no proof of MFA: Partner Center answers 401 "MFA required".'
            : v.partnerCenter === 'yes'
              ? `amr is ${list(v.amr)} without "mfa": Partner Center answers 401 "MFA required" to this App+User token.`
              : `amr is ${list(v.amr)} without "mfa": the user did not complete multi-factor authentication.`,
      ja: (v) =>
        v.variant === 'equivalent'
          ? `amr は ${list(v.amr)} です。Entra はこれを MFA とみなしますが、Partner Center のドキュメントにあるチェックが見るのは "mfa" です。`
          : v.variant === 'absent'
            ? 'Partner Center 向けの App+User トークンに amr クレームがなく、MFA の証拠がありません。Partner Center は 401「MFA required」を返します。'
            : v.partnerCenter === 'yes'
              ? `amr が ${list(v.amr)} のみで "mfa" がありません。Partner Center はこの App+User トークンに 401「MFA required」を返します。`
              : `amr が ${list(v.amr)} のみで "mfa" がありません。ユーザーは多要素認証を完了していません。`,
    },
    remedy: {
      en: (v) =>
        v.variant === 'equivalent'
          ? 'If Partner Center refuses it, sign in again with a method that yields "mfa" (e.g. Microsoft Authenticator) and get a new refresh token.'
          : 'Sign in interactively with MFA and get a new refresh token (Secure Application Model); tokens refreshed from a non-MFA sign-in never gain "mfa". Do not use the password grant. With a federated IdP, make sure it sends the MFA claim.',
      ja: (v) =>
        v.variant === 'equivalent'
          ? 'Partner Center に拒否される場合は、"mfa" が付く方法（Microsoft Authenticator など）でサインインし直し、新しいリフレッシュ トークンを取得してください。'
          : 'MFA を伴う対話型サインインで新しいリフレッシュ トークンを取得してください（セキュア アプリケーション モデル）。MFA なしのサインインから更新したトークンに "mfa" が付くことはありません。パスワード グラントは使わないでください。フェデレーション IdP を使う場合は、MFA クレームを送るよう設定してください。',
    },
  },
  'audience-mismatch': {
    title: { en: 'Wrong audience', ja: '対象ユーザー (aud) の不一致' },
    message: {
      en: (v) =>
        v.aud === undefined
          ? 'The token has no aud claim, so no API can accept it.'
          : v.host
            ? `aud is ${list(v.aud)}, but ${hostAndService(v, ' (', ')')} expects ${list(v.expected)}.`
            : `aud is ${list(v.aud)}, not one of the expected audiences ${list(v.expected)}.`,
      ja: (v) =>
        v.aud === undefined
          ? 'トークンに aud クレームがないため、どの API も受け付けません。'
          : v.host
            ? `aud は ${list(v.aud)} ですが、${hostAndService(v, '（', '）').replace(/(?<!）)$/, ' ')}が受け付けるのは ${list(v.expected)} です。`
            : `aud は ${list(v.aud)} で、想定する対象ユーザー ${list(v.expected)} のいずれでもありません。`,
    },
    remedy: {
      en: (v) =>
        v.host
          ? `Request the token for the resource ${s(v.service)} expects (scope "${s(Array.isArray(v.expected) ? v.expected[0] : v.expected)}/.default" or resource "${s(Array.isArray(v.expected) ? v.expected[0] : v.expected)}").`
          : 'Request the token for the API you call, or add this audience to jwtMfa.expectedAudiences if it is right.',
      ja: (v) =>
        v.host
          ? `${s(v.service)} が受け付けるリソースのトークンを取得してください（スコープ "${s(Array.isArray(v.expected) ? v.expected[0] : v.expected)}/.default" またはリソース "${s(Array.isArray(v.expected) ? v.expected[0] : v.expected)}"）。`
          : '呼び出す API 向けにトークンを取得してください。この対象ユーザーが正しい場合は jwtMfa.expectedAudiences に追加してください。',
    },
  },
  expired: {
    title: { en: 'Expired', ja: '期限切れ' },
    message: {
      en: (v) => `The token expired ${duration(Number(v.secondsAgo ?? 0), 'en')} ago.`,
      ja: (v) => `トークンは ${duration(Number(v.secondsAgo ?? 0), 'ja')}前に期限切れになりました。`,
    },
    remedy: {
      en: () => 'Get a new access token (from the refresh token); access tokens live about 60–90 minutes.',
      ja: () => '（リフレッシュ トークンから）新しいアクセス トークンを取得してください。アクセス トークンの有効期間は約 60～90 分です。',
    },
  },
  'not-yet-valid': {
    title: { en: 'Not yet valid', ja: 'まだ有効ではない' },
    message: {
      en: (v) => `The token becomes valid in ${duration(Number(v.secondsAhead ?? 0), 'en')} (nbf).`,
      ja: (v) => `トークンは ${duration(Number(v.secondsAhead ?? 0), 'ja')}後に有効になります（nbf）。`,
    },
    remedy: {
      en: () => "Check this machine's clock, and the issuer's; a small skew is allowed (jwtMfa.clockSkewSeconds).",
      ja: () => 'このマシンと発行者の時計を確認してください。小さなずれは許容されます（jwtMfa.clockSkewSeconds）。',
    },
  },
  'app-only': {
    title: { en: 'App-only token', ja: 'アプリのみのトークン' },
    message: {
      en: (v) =>
        v.customerOperation
          ? `App-only token (no user) sent to ${s(v.customerOperation)}: customer operations need an App+User token under GDAP.`
          : `App-only token (no user${v.appId ? `, app ${s(v.appId)}` : ''}): the MFA rule does not apply, but only APIs that support app-only authentication accept it.`,
      ja: (v) =>
        v.customerOperation
          ? `アプリのみのトークン（ユーザーなし）が ${s(v.customerOperation)} に送られています。GDAP の下では顧客の操作には App+User トークンが必要です。`
          : `アプリのみのトークンです（ユーザーなし${v.appId ? `、アプリ ${s(v.appId)}` : ''}）。MFA ルールは適用されませんが、アプリのみの認証に対応した API だけが受け付けます。`,
    },
    remedy: {
      en: (v) =>
        v.customerOperation
          ? 'Use an App+User token: a user in a GDAP security group signs in with MFA (Secure Application Model).'
          : "Check the API's Prerequisites section; for App+User operations, sign a user in with MFA.",
      ja: (v) =>
        v.customerOperation
          ? 'App+User トークンを使ってください。GDAP セキュリティ グループのユーザーが MFA でサインインします（セキュア アプリケーション モデル）。'
          : 'API の「前提条件」を確認してください。App+User の操作には、ユーザーを MFA でサインインさせてください。',
    },
  },
  'id-token': {
    title: { en: 'ID token, not an access token', ja: 'アクセス トークンではなく ID トークン' },
    message: {
      en: () => 'This looks like an OpenID Connect ID token (nonce/at_hash, no scp or roles): APIs expect an access token.',
      ja: () => 'OpenID Connect の ID トークン（nonce/at_hash あり、scp と roles なし）のようです。API に送るのはアクセス トークンです。',
    },
    remedy: {
      en: () => 'Send the access_token from the token response, not the id_token.',
      ja: () => 'トークン応答の id_token ではなく access_token を送ってください。',
    },
  },
  unsigned: {
    title: { en: 'Unsigned (alg: none)', ja: '署名なし (alg: none)' },
    message: {
      en: () => 'The header says alg "none": the token is not signed and no API should accept it.',
      ja: () => 'ヘッダーの alg が "none" です。トークンは署名されておらず、API は受け付けるべきではありません。',
    },
    remedy: {
      en: () => 'Use a token issued by your identity provider; never trust an unsigned token.',
      ja: () => 'ID プロバイダーが発行したトークンを使ってください。署名のないトークンは信頼しないでください。',
    },
  },
  'signature-missing': {
    title: { en: 'Signature missing', ja: '署名がない' },
    message: {
      en: () => 'The signature is empty (header.payload.).',
      ja: () => '署名が空です (header.payload.)。',
    },
    remedy: {
      en: () => 'Copy the whole token, signature included.',
      ja: () => '署名を含むトークン全体をコピーしてください。',
    },
  },
  'not-from-entra': {
    title: { en: 'Not issued by Entra ID', ja: 'Entra ID が発行したものではない' },
    message: {
      en: (v) =>
        `The issuer is Entra ID, but the header says alg "${s(v.alg)}": Entra ID never signs access tokens with a shared secret and never leaves them unsigned, so this token did not come from Entra ID.`,
      ja: (v) =>
        `発行者は Entra ID ですが、ヘッダーの alg は "${s(v.alg)}" です。Entra ID はアクセス トークンを共有シークレットで署名することも、署名なしで発行することもないため、このトークンは Entra ID から発行されたものではありません。`,
    },
    remedy: {
      en: () => 'Get the token from Entra ID itself (MSAL, az account get-access-token); a hand-made or test token is refused by Microsoft APIs.',
      ja: () => 'トークンは Entra ID から取得してください (MSAL、az account get-access-token)。手作りやテスト用のトークンは Microsoft の API に拒否されます。',
    },
  },
  'signature-invalid': {
    title: { en: 'Signature invalid', ja: '署名が無効' },
    message: {
      en: (v) => `Signature verification failed${v.reason ? `: ${s(v.reason)}` : ''}.`,
      ja: (v) => `署名の検証に失敗しました${v.reason ? `: ${s(v.reason)}` : ''}。`,
    },
    remedy: {
      en: () => 'Check that the key set belongs to the issuer, and that the token was not altered; get a fresh token.',
      ja: () => 'キー セットが発行者のものか、トークンが改変されていないかを確認し、新しいトークンを取得してください。',
    },
  },
  encrypted: {
    title: { en: 'Encrypted (JWE)', ja: '暗号化済み (JWE)' },
    message: {
      en: (v) => `An encrypted token (JWE${v.enc ? `, ${s(v.enc)}` : ''}): its claims cannot be read without the recipient's key.`,
      ja: (v) => `暗号化されたトークン（JWE${v.enc ? `、${s(v.enc)}` : ''}）です。受信者の鍵がなければクレームは読めません。`,
    },
    remedy: {
      en: () => 'Nothing to fix here; only the API it is meant for can read it.',
      ja: () => '修正は不要です。読めるのは対象の API だけです。',
    },
  },
  malformed: {
    title: { en: 'Malformed token', ja: '不正な形式のトークン' },
    message: {
      en: (v) => `The token's header decodes, but it cannot be read: ${s(v.reason)}.`,
      ja: (v) => `トークンのヘッダーは読めますが、内容を読み取れません: ${s(v.reason)}。`,
    },
    remedy: {
      en: () => 'Copy the whole token again; it may be truncated or wrapped.',
      ja: () => 'トークン全体をもう一度コピーしてください。途中で切れているか改行が入っている可能性があります。',
    },
  },
  'not-jwt': {
    title: { en: 'JWS, not a JWT', ja: 'JWT ではない JWS' },
    message: {
      en: (v) => `A JWS (signed with ${s(v.alg) || 'an unnamed alg'}) whose payload is text, not JSON claims: a signed message, not a JWT. There are no claims to judge.`,
      ja: (v) => `ペイロードが JSON クレームではなくテキストの JWS（${s(v.alg) || 'alg 不明'} で署名）です。署名付きメッセージであり、JWT ではありません。判定するクレームはありません。`,
    },
    remedy: {
      en: () => 'Nothing to fix if a signed message is what you expect; an API that wants an access token needs a JWT.',
      ja: () => '署名付きメッセージを想定しているなら修正は不要です。アクセス トークンを求める API には JWT が必要です。',
    },
  },
};

export function findingTitle(code: FindingCode, locale: Locale): string {
  return FINDINGS[code].title[locale];
}

export function renderFinding(f: Finding, locale: Locale): RenderedFinding {
  const e = FINDINGS[f.code];
  return { ...f, message: e.message[locale](f.values), remedy: e.remedy[locale](f.values) };
}

/** 'ja' for Japanese locales (ja, ja-JP, ja_JP.UTF-8), else 'en'. */
export function toLocale(tag: string | undefined): Locale {
  return tag && /^ja\b|^ja[-_]/i.test(tag) ? 'ja' : 'en';
}
