// English and Japanese words for every 401/403 cause: a title, a one-line summary and a remedy.
// Pure data plus small renderers (see docs/causes.md); the faces pass the locale.
import { duration } from '../duration';
import type { Locale } from '../types';

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
interface Entry {
  title: { en: string; ja: string };
  summary: { en: Text; ja: Text };
  remedy: { en: Text; ja: Text };
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
const AT: Record<Locale, Record<At, string>> = {
  en: { exchange: 'the request was sent', 'date-header': "the response's Date", now: 'now' },
  ja: { exchange: '要求の送信時', 'date-header': '応答の Date ヘッダーの時刻', now: '現在' },
};

function t(v: CauseValues[string]): string {
  return v === undefined ? '' : clip(Array.isArray(v) ? v.join(', ') : String(v), 160);
}

const CAUSES: Record<CauseCode, Entry> = {
  'mfa-missing': {
    title: { en: 'MFA missing', ja: 'MFA なし' },
    summary: {
      en: (v) =>
        v.amr === undefined && v.tokenKnown !== 'yes'
          ? `The server says multi-factor authentication is required${v.said ? ` (${t(v.said)})` : ''}; the sent token was not available to confirm it.`
          : v.compliant === 'yes'
            ? `The server says MFA is required${v.said ? ` (${t(v.said)})` : ''}, although the token's amr (${q(v.amr)}) contains "mfa": the token actually sent may be a different one.`
            : v.amr === undefined
              ? 'The App+User token has no amr claim, so it carries no proof of MFA: Partner Center refuses App+User calls without MFA (401 "Unauthorized - MFA required").'
              : `The token's amr is ${q(v.amr)} without "mfa": Partner Center refuses App+User calls without MFA (401 "Unauthorized - MFA required").`,
      ja: (v) =>
        v.amr === undefined && v.tokenKnown !== 'yes'
          ? `サーバーは多要素認証が必要だと応答しています${v.said ? `（${t(v.said)}）` : ''}。送信したトークンがないため確認できません。`
          : v.compliant === 'yes'
            ? `トークンの amr（${q(v.amr)}）には "mfa" がありますが、サーバーは MFA が必要だと応答しています${v.said ? `（${t(v.said)}）` : ''}。実際に送られたトークンが別のものかもしれません。`
            : v.amr === undefined
              ? 'App+User トークンに amr クレームがなく、MFA の証拠がありません。Partner Center は MFA なしの App+User 呼び出しを拒否します（401「Unauthorized - MFA required」）。'
              : `トークンの amr が ${q(v.amr)} のみで "mfa" がありません。Partner Center は MFA なしの App+User 呼び出しを拒否します（401「Unauthorized - MFA required」）。`,
    },
    remedy: {
      en: () =>
        'Sign in interactively with MFA and get a new refresh token (Secure Application Model): tokens refreshed from a sign-in without MFA never gain "mfa". If the users sign in through a federated IdP, check that it sends the MFA claim to Entra ID (federatedIdpMfaBehavior). Do not use the password grant (ROPC): it cannot satisfy MFA.',
      ja: () =>
        'MFA を伴う対話型サインインを行い、新しいリフレッシュ トークンを取得してください（セキュア アプリケーション モデル）。MFA なしのサインインから更新したトークンに "mfa" が付くことはありません。フェデレーション IdP でサインインしている場合は、IdP が MFA クレームを Entra ID に送っているか確認してください（federatedIdpMfaBehavior）。パスワード グラント（ROPC）は MFA を満たせないので使わないでください。',
    },
  },
  'audience-mismatch': {
    title: { en: 'Wrong audience', ja: '対象ユーザー (aud) の不一致' },
    summary: {
      en: (v) =>
        v.aud === undefined && v.expected === undefined
          ? `The server rejects the token's audience${v.said ? ` (${t(v.said)})` : ''}.`
          : `The token is for ${q(v.aud, 'no audience')}${v.audName ? ` (${t(v.audName)})` : ''}, but ${v.service ? t(v.service) : 'this API'} expects ${q(v.expected)}.`,
      ja: (v) =>
        v.aud === undefined && v.expected === undefined
          ? `サーバーはトークンの対象ユーザーを拒否しています${v.said ? `（${t(v.said)}）` : ''}。`
          : `トークンの対象は ${q(v.aud, '（なし）')}${v.audName ? `（${t(v.audName)}）` : ' '}ですが、${v.service ? t(v.service) : 'この API'} が受け付けるのは ${q(v.expected)} です。`,
    },
    remedy: {
      en: (v) =>
        `Request the token for the API you call: resource/scope ${v.expected && Array.isArray(v.expected) && v.expected.length ? `"${t((v.expected as string[])[0])}"` : 'of that API'} (e.g. "https://api.partnercenter.microsoft.com/user_impersonation" for Partner Center). A Graph token does not work for Partner Center, nor the reverse.`,
      ja: (v) =>
        `呼び出す API 用のトークンを要求してください。リソース／スコープは ${v.expected && Array.isArray(v.expected) && v.expected.length ? `"${t((v.expected as string[])[0])}"` : 'その API のもの'} です（Partner Center なら "https://api.partnercenter.microsoft.com/user_impersonation"）。Graph 用トークンは Partner Center では使えず、その逆も同じです。`,
    },
  },
  expired: {
    title: { en: 'Token expired', ja: 'トークンの有効期限切れ' },
    summary: {
      en: (v) =>
        v.exp === undefined
          ? `The server says the token has expired${v.said ? ` (${t(v.said)})` : ''}.`
          : `The token expired at ${t(v.exp)}${v.seconds !== undefined ? `, ${duration(Number(v.seconds), 'en')} before ${AT.en[atOf(v)]}` : ''}.`,
      ja: (v) =>
        v.exp === undefined
          ? `サーバーはトークンの有効期限が切れていると応答しています${v.said ? `（${t(v.said)}）` : ''}。`
          : `トークンの有効期限は ${t(v.exp)} に切れています${v.seconds !== undefined ? `（${AT.ja[atOf(v)]}より ${duration(Number(v.seconds), 'ja')}前）` : ''}。`,
    },
    remedy: {
      en: () => 'Get a new access token (exchange the refresh token again) and resend the request. If it keeps failing right after refresh, check the clock of the machine.',
      ja: () => '新しいアクセス トークンを取得し（リフレッシュ トークンを再度交換）、要求を送り直してください。取得直後でも失敗する場合は、マシンの時計を確認してください。',
    },
  },
  'not-yet-valid': {
    title: { en: 'Token not yet valid', ja: 'トークンがまだ有効でない' },
    summary: {
      en: (v) =>
        v.nbf === undefined
          ? `The server says the token is not yet valid${v.said ? ` (${t(v.said)})` : ''}.`
          : `The token is valid only from ${t(v.nbf)}${v.seconds !== undefined ? `, ${duration(Number(v.seconds), 'en')} after ${AT.en[atOf(v)]}` : ''}.`,
      ja: (v) =>
        v.nbf === undefined
          ? `サーバーはトークンがまだ有効でないと応答しています${v.said ? `（${t(v.said)}）` : ''}。`
          : `トークンは ${t(v.nbf)} から有効です${v.seconds !== undefined ? `（${AT.ja[atOf(v)]}より ${duration(Number(v.seconds), 'ja')}後）` : ''}。`,
    },
    remedy: {
      en: () => 'Check the clocks of the client and the machine that got the token (sync with NTP), then get a new token.',
      ja: () => 'クライアントとトークンを取得したマシンの時計を確認し（NTP で同期）、新しいトークンを取得してください。',
    },
  },
  'app-only': {
    title: { en: 'App-only token', ja: 'アプリのみのトークン' },
    summary: {
      en: (v) =>
        v.customerOperation
          ? `An app-only token (no user) was sent to a Partner Center operation on a customer (${t(v.customerOperation)}), which needs App+User under GDAP.`
          : v.said
            ? `The server says this operation does not accept an app-only token (${t(v.said)}).`
            : 'The token is app-only (no user): this operation may not support app-only authentication.',
      ja: (v) =>
        v.customerOperation
          ? `アプリのみのトークン（ユーザーなし）が顧客に対する Partner Center 操作（${t(v.customerOperation)}）に送られました。GDAP ではこの操作に App+User が必要です。`
          : v.said
            ? `サーバーは、この操作はアプリのみのトークンを受け付けないと応答しています（${t(v.said)}）。`
            : 'トークンはアプリのみ（ユーザーなし）です。この操作はアプリのみの認証に対応していない可能性があります。',
    },
    remedy: {
      en: () =>
        "Check the operation's Prerequisites for the authentication it supports. If it needs App+User, get a delegated token for a partner user in a GDAP security group, signed in with MFA (Secure Application Model).",
      ja: () =>
        '操作の「前提条件」で対応する認証方式を確認してください。App+User が必要なら、GDAP のセキュリティ グループに属するパートナー ユーザーの委任トークンを、MFA 付きサインインで取得してください（セキュア アプリケーション モデル）。',
    },
  },
  'claims-challenge': {
    title: { en: 'Claims challenge', ja: 'クレーム チャレンジ' },
    summary: {
      en: (v) =>
        `The server asks for a new token with more claims (${t(v.error) || 'claims challenge'})${v.asks && (v.asks as string[]).length ? `: ${t(v.asks)}` : ''}${v.ccType ? ` (${t(v.ccType)})` : ''}.`,
      ja: (v) =>
        `サーバーは追加のクレームを持つ新しいトークンを求めています（${t(v.error) || 'クレーム チャレンジ'}）${v.asks && (v.asks as string[]).length ? `: ${t(v.asks)}` : ''}${v.ccType ? `（${t(v.ccType)}）` : ''}。`,
    },
    remedy: {
      en: () =>
        'Pass the decoded claims back to the authorization request (MSAL WithClaims, or the URL-encoded `claims` parameter of /authorize) and sign in interactively to satisfy the Conditional Access policy (e.g. MFA or an authentication context); then retry with the new token.',
      ja: () =>
        'デコードしたクレームを認可要求に渡し（MSAL の WithClaims、または /authorize の URL エンコードした claims パラメーター）、条件付きアクセス ポリシー（MFA や認証コンテキストなど）を満たすよう対話型でサインインしてから、新しいトークンで再試行してください。',
    },
  },
  'insufficient-scope': {
    title: { en: 'Insufficient scope or permission', ja: 'スコープまたは権限の不足' },
    summary: {
      en: (v) =>
        `The token lacks the permission this call needs${v.required ? ` (required: ${t(v.required)})` : ''}${v.have ? `; it has ${t(v.have)}` : ''}${v.said ? ` (${t(v.said)})` : ''}.`,
      ja: (v) =>
        `トークンにこの呼び出しに必要な権限がありません${v.required ? `（必要: ${t(v.required)}）` : ''}${v.have ? `。トークンの権限: ${t(v.have)}` : ''}${v.said ? `（${t(v.said)}）` : ''}。`,
    },
    remedy: {
      en: () =>
        'Grant and consent the missing delegated permission (scp) or application role (roles) to the app, or give the user the needed role (for a customer under GDAP: the Entra role through the GDAP relationship), then get a new token.',
      ja: () =>
        '不足している委任アクセス許可（scp）またはアプリケーション ロール（roles）をアプリに付与して同意するか、ユーザーに必要なロール（GDAP の顧客では GDAP 関係による Entra ロール）を割り当ててから、新しいトークンを取得してください。',
    },
  },
  'no-token': {
    title: { en: 'No token sent', ja: 'トークンが送られていない' },
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
      ja: (v) =>
        v.har === 'yes'
          ? `${v.redacted === 'yes' ? 'HAR エントリの要求の Authorization ヘッダーはマスクされています' : 'HAR エントリの要求に Authorization ヘッダーがありません'}。HAR がサニタイズされてエクスポートされた可能性があります（ブラウザーは既定で Authorization、Cookie、Set-Cookie を除去します）。`
          : v.scheme
            ? `要求はベアラー トークンではなく ${t(v.scheme)} 資格情報を送っています。`
            : v.redacted === 'yes'
              ? 'Authorization ヘッダーに使えるトークンがありません（マスク済みまたは空）。'
              : v.unresolved
                ? `Authorization ヘッダーは ${t(v.unresolved)} を使っていますが、解決できませんでした。`
                : v.said
                  ? `サーバーはトークンを受け取っていないと応答しています（${t(v.said)}）。`
                  : '要求に Authorization ヘッダーがないため、サーバーはトークンを受け取っていません。',
    },
    remedy: {
      en: (v) =>
        v.har === 'yes'
          ? 'Export the HAR with sensitive data: in Chrome DevTools enable Settings > Preferences > Network > "Allow to generate HAR with sensitive data", then use "Export HAR (with sensitive data)" (Dev Proxy: set includeSensitiveInformation). Or give the token separately (jwt-mfa diagnose --token - or --token-file).'
          : 'Send "Authorization: Bearer <access token>" with a token for this API (check that variables in the request resolve).',
      ja: (v) =>
        v.har === 'yes'
          ? '機密データ付きで HAR をエクスポートしてください。Chrome DevTools の［設定］>［環境設定］>［ネットワーク］で「機密データ付きの HAR の生成を許可する」を有効にし、「HAR をエクスポート（機密データを含む）」を使います（Dev Proxy では includeSensitiveInformation を設定）。またはトークンを別に渡してください（jwt-mfa diagnose --token - または --token-file）。'
          : 'この API 用のトークンで「Authorization: Bearer <アクセス トークン>」を送ってください（要求内の変数が解決されるか確認してください）。',
    },
  },
  malformed: {
    title: { en: 'Malformed token', ja: '不正な形式のトークン' },
    summary: {
      en: (v) =>
        v.opaque === 'yes'
          ? 'The bearer value is not a JWT, so it cannot be inspected; the API may not accept it.'
          : `The token cannot be read${v.reason ? ` (${t(v.reason)})` : ''}${v.said ? `; the server says ${t(v.said)}` : ''}.`,
      ja: (v) =>
        v.opaque === 'yes'
          ? 'ベアラー値が JWT ではないため検査できません。API が受け付けない可能性があります。'
          : `トークンを読み取れません${v.reason ? `（${t(v.reason)}）` : ''}${v.said ? `。サーバーの応答: ${t(v.said)}` : ''}。`,
    },
    remedy: {
      en: () => 'Copy the whole token again (it may be cut or contain a line break or quotes) and send it as "Authorization: Bearer <token>" without extra characters.',
      ja: () => 'トークン全体をもう一度コピーし（途中で切れている、改行や引用符が入っている可能性があります）、余分な文字なしで「Authorization: Bearer <トークン>」として送ってください。',
    },
  },
  unknown: {
    title: { en: 'Cause unknown', ja: '原因不明' },
    summary: {
      en: (v) => `The ${t(v.status)} response is not explained by the token or the response headers.`,
      ja: (v) => `${t(v.status)} 応答の原因は、トークンと応答ヘッダーからは特定できません。`,
    },
    remedy: {
      en: () =>
        "Check the signature and tenant of the token (a token from another tenant or a revoked session is refused too), the app's permissions, and the service's status; give the correlation ids to support.",
      ja: () =>
        'トークンの署名とテナント（別テナントのトークンや失効したセッションも拒否されます）、アプリの権限、サービスの状態を確認してください。サポートには相関 ID を伝えてください。',
    },
  },
};

export function causeTitle(code: CauseCode, locale: Locale): string {
  return CAUSES[code].title[locale];
}

export function causeSummary(code: CauseCode, values: CauseValues, locale: Locale): string {
  return CAUSES[code].summary[locale](values);
}

export function causeRemedy(code: CauseCode, values: CauseValues, locale: Locale): string {
  return CAUSES[code].remedy[locale](values);
}
