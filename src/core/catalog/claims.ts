// Short explanations of Entra access-token claims (docs/domain.md §1.2-1.3) and amr values (§1.4),
// in English and Japanese. Pure data.
import type { Locale } from '../types';

type Pair = readonly [en: string, ja: string];

export const HEADER_PARAMS: Readonly<Record<string, Pair>> = {
  typ: ['Token type; "JWT" for Entra tokens.', 'トークンの種類。Entra のトークンでは "JWT"。'],
  alg: ['Signing algorithm, e.g. RS256.', '署名アルゴリズム（例: RS256）。'],
  kid: ['ID of the signing key; selects the key in the issuer\'s key set.', '署名鍵の ID。発行者のキー セットから鍵を選びます。'],
  x5t: ['Thumbprint of the signing key; same as kid, v1 tokens only.', '署名鍵のサムプリント。kid と同じ値で、v1 トークンのみ。'],
  nonce: [
    'Present in Microsoft Graph tokens: their signature cannot be verified by third parties, by design.',
    'Microsoft Graph のトークンにあります。設計上、第三者は署名を検証できません。',
  ],
  enc: ['Content encryption algorithm (JWE).', 'コンテンツ暗号化アルゴリズム（JWE）。'],
  cty: ['Content type of the payload.', 'ペイロードのコンテンツ タイプ。'],
};

export const CLAIMS: Readonly<Record<string, Pair>> = {
  aud: ['Audience: the API this token is for. Only that API should accept it.', '対象ユーザー: このトークンの宛先 API。その API だけが受け付けるべきです。'],
  iss: ['Issuer: the security token service that issued the token (v1 sts.windows.net, v2 login.microsoftonline.com/…/v2.0).', '発行者: トークンを発行したセキュリティ トークン サービス（v1 は sts.windows.net、v2 は login.microsoftonline.com/…/v2.0）。'],
  idp: ['Identity provider that authenticated the user; differs from iss for guests.', 'ユーザーを認証した ID プロバイダー。ゲストでは iss と異なります。'],
  iat: ['Issued at: when the token was issued.', '発行日時: トークンが発行された時刻。'],
  nbf: ['Not before: the token is not valid before this time.', '有効開始日時: この時刻より前は無効です。'],
  exp: ['Expiration: the token is not valid after this time.', '有効期限: この時刻以降は無効です。'],
  acr: ['Authentication context class: "0" means the sign-in did not meet ISO/IEC 29115 (v1).', '認証コンテキスト クラス: "0" はサインインが ISO/IEC 29115 を満たさないことを示します（v1）。'],
  amr: ['Authentication methods used at sign-in. Partner Center requires "mfa" here for App+User calls.', 'サインインで使われた認証方法。Partner Center は App+User の呼び出しでここに "mfa" を要求します。'],
  acrs: ['Conditional Access authentication contexts the user satisfied (e.g. c1).', 'ユーザーが満たした条件付きアクセスの認証コンテキスト（例: c1）。'],
  appid: ['Client application ID (v1).', 'クライアント アプリケーション ID（v1）。'],
  azp: ['Client application ID (v2).', 'クライアント アプリケーション ID（v2）。'],
  appidacr: ['How the client authenticated: 0 public client, 1 secret, 2 certificate (v1).', 'クライアントの認証方法: 0 パブリック クライアント、1 シークレット、2 証明書（v1）。'],
  azpacr: ['How the client authenticated: 0 public client, 1 secret, 2 certificate (v2).', 'クライアントの認証方法: 0 パブリック クライアント、1 シークレット、2 証明書（v2）。'],
  idtyp: ['Token type: "app" for app-only tokens, "user" for App+User tokens (optional claim).', 'トークンの種類: アプリのみは "app"、App+User は "user"（オプション クレーム）。'],
  scp: ['Delegated scopes granted to the app on behalf of the user; only in user tokens.', 'ユーザーの代理としてアプリに与えられた委任スコープ。ユーザー トークンにのみあります。'],
  roles: ['App permissions (app-only tokens) or the user\'s app roles.', 'アプリケーションのアクセス許可（アプリのみ）またはユーザーのアプリ ロール。'],
  wids: ['Tenant-wide directory roles of the user (role template IDs).', 'ユーザーのテナント全体のディレクトリ ロール（ロール テンプレート ID）。'],
  groups: ['Group object IDs of the user.', 'ユーザーのグループのオブジェクト ID。'],
  hasgroups: ['The user has too many groups to list in the token.', 'ユーザーのグループが多すぎてトークンに列挙できません。'],
  sub: ['Subject: the principal, pairwise per application.', 'サブジェクト: アプリケーションごとに異なるプリンシパル識別子。'],
  oid: ['Object ID of the user or service principal; the same across apps in a tenant.', 'ユーザーまたはサービス プリンシパルのオブジェクト ID。テナント内のアプリ間で共通です。'],
  tid: ['Tenant ID the user signed into.', 'ユーザーがサインインしたテナントの ID。'],
  upn: ['User principal name; for display only.', 'ユーザー プリンシパル名。表示専用です。'],
  unique_name: ['Display name of the user (v1); for display only.', 'ユーザーの表示名（v1）。表示専用です。'],
  preferred_username: ['Username hint (v2); for display only.', 'ユーザー名のヒント（v2）。表示専用です。'],
  name: ['Display name of the user.', 'ユーザーの表示名。'],
  given_name: ['Given name of the user.', 'ユーザーの名。'],
  family_name: ['Family name of the user.', 'ユーザーの姓。'],
  uti: ['Unique token identifier (like jti).', 'トークンの一意識別子（jti と同様）。'],
  jti: ['Unique token identifier.', 'トークンの一意識別子。'],
  rh: ['Internal claim; ignore.', '内部用のクレーム。無視してください。'],
  aio: ['Internal claim; ignore.', '内部用のクレーム。無視してください。'],
  sid: ['Session ID.', 'セッション ID。'],
  auth_time: ['When the user last authenticated.', 'ユーザーが最後に認証した時刻。'],
  ipaddr: ['IP address the user authenticated from.', 'ユーザーが認証した IP アドレス。'],
  tenant_region_scope: ['Region of the resource tenant (e.g. NA).', 'リソース テナントのリージョン（例: NA）。'],
  xms_cc: ['Client capabilities; "cp1" means the client handles claims challenges (CAE).', 'クライアントの機能。"cp1" はクレーム チャレンジ（CAE）に対応することを示します。'],
  ver: ['Token format version: "1.0" or "2.0".', 'トークン形式のバージョン: "1.0" または "2.0"。'],
  nonce: ['Nonce from the sign-in request; its presence suggests an ID token.', 'サインイン要求の nonce。ID トークンであることを示唆します。'],
  at_hash: ['Access-token hash; found in ID tokens.', 'アクセス トークンのハッシュ。ID トークンにあります。'],
  c_hash: ['Authorization-code hash; found in ID tokens.', '認可コードのハッシュ。ID トークンにあります。'],
  deviceid: ['Device ID (not in the current claims reference).', 'デバイス ID（現在のクレーム リファレンスには記載なし）。'],
  onprem_sid: ['On-premises security identifier of the user.', 'ユーザーのオンプレミスのセキュリティ識別子。'],
  pwd_exp: ['When the password expires.', 'パスワードの有効期限。'],
  pwd_url: ['Where the user can change the password.', 'パスワードを変更できる URL。'],
  in_corp: ['The client signs in from the corporate network.', 'クライアントが企業ネットワークからサインインしています。'],
  nickname: ['Nickname of the user.', 'ユーザーのニックネーム。'],
  email: ['Email address of the user.', 'ユーザーのメール アドレス。'],
  ctry: ['Country of the user.', 'ユーザーの国。'],
  tenant_ctry: ['Country of the tenant.', 'テナントの国。'],
  login_hint: ['Login hint for single sign-on.', 'シングル サインオン用のログイン ヒント。'],
};

export const AMR_VALUES: Readonly<Record<string, Pair>> = {
  pwd: ['Password (in Entra also an application\'s client secret).', 'パスワード（Entra ではアプリのクライアント シークレットも含む）。'],
  rsa: ['Proof of an RSA key, e.g. Microsoft Authenticator.', 'RSA 鍵の証明（例: Microsoft Authenticator）。'],
  otp: ['One-time passcode by email or text message.', 'メールまたは SMS のワンタイム パスコード。'],
  fed: ['A federated authentication assertion (JWT or SAML) was used.', 'フェデレーション認証アサーション（JWT または SAML）が使われました。'],
  wia: ['Windows Integrated Authentication.', 'Windows 統合認証。'],
  mfa: ['Multi-factor authentication was used. Partner Center requires this value.', '多要素認証が使われました。Partner Center はこの値を要求します。'],
  ngcmfa: ['Equivalent to mfa (e.g. Windows Hello for Business); Partner Center documents only "mfa".', 'mfa と同等（例: Windows Hello for Business）。Partner Center のドキュメントに記載されているのは "mfa" のみです。'],
  wiaormfa: ['Windows or an MFA credential was used; Partner Center documents only "mfa".', 'Windows または MFA 資格情報が使われました。Partner Center のドキュメントに記載されているのは "mfa" のみです。'],
  none: ['No completed authentication.', '認証は完了していません。'],
  face: ['Facial recognition.', '顔認識。'],
  fpt: ['Fingerprint.', '指紋。'],
  geo: ['Geolocation.', '位置情報。'],
  hwk: ['Proof of possession of a hardware-secured key.', 'ハードウェアで保護された鍵の所持証明。'],
  iris: ['Iris scan.', '虹彩スキャン。'],
  kba: ['Knowledge-based authentication.', '知識ベース認証。'],
  mca: ['Multiple-channel authentication.', '複数チャネル認証。'],
  pin: ['PIN or pattern.', 'PIN またはパターン。'],
  rba: ['Risk-based authentication.', 'リスク ベース認証。'],
  retina: ['Retina scan.', '網膜スキャン。'],
  sc: ['Smart card.', 'スマート カード。'],
  sms: ['Confirmation by SMS.', 'SMS による確認。'],
  swk: ['Proof of possession of a software-secured key.', 'ソフトウェアで保護された鍵の所持証明。'],
  tel: ['Confirmation by telephone call.', '電話による確認。'],
  user: ['User-presence test.', 'ユーザー存在テスト。'],
  vbm: ['Voiceprint.', '声紋。'],
};

const pick = (p: Pair | undefined, locale: Locale) => (p ? p[locale === 'ja' ? 1 : 0] : undefined);

export function explainClaim(name: string, locale: Locale): string | undefined {
  return Object.prototype.hasOwnProperty.call(CLAIMS, name) ? pick(CLAIMS[name], locale) : undefined;
}

export function explainHeader(name: string, locale: Locale): string | undefined {
  return Object.prototype.hasOwnProperty.call(HEADER_PARAMS, name) ? pick(HEADER_PARAMS[name], locale) : undefined;
}

export function explainAmr(value: string, locale: Locale): string | undefined {
  return Object.prototype.hasOwnProperty.call(AMR_VALUES, value) ? pick(AMR_VALUES[value], locale) : undefined;
}
