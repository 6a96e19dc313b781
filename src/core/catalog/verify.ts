// English and Japanese words for signature verification results (see core/verify.ts).
import { parseUrl } from '../audiences';
import type { Locale, SignatureState } from '../types';
import type { VerifyDetail, VerifyReason, VerifyResult } from '../verify';

type Text = (d: VerifyDetail) => string;

function clip(s: string | undefined, max = 160): string {
  if (!s) return '';
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function host(url: string | undefined): string {
  if (!url) return '';
  return parseUrl(url)?.host ?? clip(url, 80);
}

const where = (d: VerifyDetail) => clip(d.source ?? d.url);

const MESSAGES: Record<VerifyReason, { en: Text; ja: Text }> = {
  verified: {
    en: (d) => `The signature is valid: key ${d.kid ? `"${clip(d.kid, 80)}" ` : ''}from ${where(d)}.`,
    ja: (d) => `署名は有効です（${where(d)} の鍵${d.kid ? ` "${clip(d.kid, 80)}"` : ''}）。`,
  },
  'signature-mismatch': {
    en: (d) => `The signature does not match the key ${d.kid ? `"${clip(d.kid, 80)}" ` : ''}from ${where(d)}: the token was altered, or signed by someone else.`,
    ja: (d) => `署名が ${where(d)} の鍵${d.kid ? ` "${clip(d.kid, 80)}"` : ''}と一致しません。トークンが改変されたか、別の鍵で署名されています。`,
  },
  'no-matching-key': {
    en: (d) =>
      `No key with kid "${clip(d.kid, 80) || '—'}" in the key set at ${where(d)}. The key may have rotated away (old token), the app may use custom signing keys (claims mapping: discovery with ?appid=), or the token was not issued there.`,
    ja: (d) =>
      `${where(d)} のキー セットに kid "${clip(d.kid, 80) || '—'}" の鍵がありません。鍵がローテーションされた（古いトークン）、アプリが独自の署名鍵を使う（クレーム マッピング: ?appid= 付きの探索）、またはそこで発行されたトークンではない可能性があります。`,
  },
  'empty-key-set': {
    en: (d) => `The key set at ${where(d)} has no keys.`,
    ja: (d) => `${where(d)} のキー セットに鍵がありません。`,
  },
  'key-issuer-mismatch': {
    en: (d) => `The signing key is scoped to another issuer (${clip(d.message)}), not ${clip(d.issuer)}.`,
    ja: (d) => `署名鍵は別の発行者（${clip(d.message)}）用で、${clip(d.issuer)} 用ではありません。`,
  },
  'issuer-mismatch': {
    en: (d) => `The issuer's discovery document names a different issuer (${clip(d.message)}) than the token's iss ${clip(d.issuer)}.`,
    ja: (d) => `発行者の探索ドキュメントが示す発行者（${clip(d.message)}）がトークンの iss ${clip(d.issuer)} と異なります。`,
  },
  malformed: {
    en: (d) => `The token cannot be verified: it is not a well-formed signed JWT${d.message ? ` (${clip(d.message)})` : ''}.`,
    ja: (d) => `トークンは正しい形式の署名付き JWT ではないため検証できません${d.message ? `（${clip(d.message)}）` : ''}。`,
  },
  'by-design': {
    en: (d) =>
      d.why === 'nonce'
        ? 'This token cannot be verified by third parties, by design: its header has a nonce (Microsoft Graph / SharePoint tokens), and Microsoft signs a transformed nonce. A failed check would not mean an attack; only Graph validates it.'
        : 'This token is for Microsoft Graph, whose tokens cannot be verified by third parties, by design (proprietary format): the check did not pass, which does not mean an attack. Only Graph validates it.',
    ja: (d) =>
      d.why === 'nonce'
        ? 'このトークンは設計上、第三者には検証できません。ヘッダーに nonce があり（Microsoft Graph / SharePoint のトークン）、Microsoft は変換した nonce に署名しています。検証に失敗しても攻撃を意味しません。検証できるのは Graph だけです。'
        : 'このトークンは Microsoft Graph 向けで、設計上（独自形式のため）第三者には検証できません。検証は通りませんでしたが、攻撃を意味するものではありません。検証できるのは Graph だけです。',
  },
  encrypted: {
    en: () => 'An encrypted token (JWE) has no signature to check here; only its recipient can decrypt it.',
    ja: () => '暗号化されたトークン（JWE）はここで検証する署名がありません。復号できるのは受信者だけです。',
  },
  unsigned: {
    en: () => 'The token is not signed (alg "none"): there is nothing to verify, and no API should accept it.',
    ja: () => 'トークンは署名されていません（alg "none"）。検証するものがなく、API は受け付けるべきではありません。',
  },
  'no-issuer': {
    en: () => 'The token has no iss claim, so there is no issuer to take keys from. Add a key set to jwtMfa.verify.jwks to verify it.',
    ja: () => 'トークンに iss クレームがないため、鍵を取得する発行者がありません。検証するには jwtMfa.verify.jwks にキー セットを追加してください。',
  },
  'untrusted-issuer': {
    en: (d) =>
      d.url
        ? `Not fetched: ${clip(d.url)} is not allowed (${clip(d.message)}).`
        : `Not verified: the issuer ${clip(d.issuer)} is neither Entra ID nor on your list. The extension never fetches keys from a URL a token names. To trust it, add it to jwtMfa.verify.trustedIssuers, or add its key set to jwtMfa.verify.jwks.`,
    ja: (d) =>
      d.url
        ? `取得しませんでした: ${clip(d.url)} は許可されていません（${clip(d.message)}）。`
        : `検証していません: 発行者 ${clip(d.issuer)} は Entra ID でも一覧にもありません。拡張機能はトークンが示す URL から鍵を取得しません。信頼する場合は jwtMfa.verify.trustedIssuers に追加するか、キー セットを jwtMfa.verify.jwks に追加してください。`,
  },
  timeout: {
    en: (d) => `${host(d.source ?? d.url)} did not answer within ${Math.round((d.timeoutMs ?? 5000) / 1000)} s: the key set could not be read. Try again later.`,
    ja: (d) => `${host(d.source ?? d.url)} が ${Math.round((d.timeoutMs ?? 5000) / 1000)} 秒以内に応答しませんでした。キー セットを読めませんでした。後でもう一度お試しください。`,
  },
  offline: {
    en: (d) =>
      d.code === 'ENOTFOUND' || d.code === 'EAI_AGAIN'
        ? `Cannot resolve ${host(d.source ?? d.url)} (${d.code}): you seem to be offline, or DNS is blocked. The signature was not checked.`
        : d.code === 'ECONNREFUSED'
          ? `${host(d.source ?? d.url)} refused the connection (ECONNREFUSED). The signature was not checked.`
          : `Cannot reach ${host(d.source ?? d.url)}${d.code ? ` (${d.code})` : ''}: you seem to be offline, or a proxy blocks it. The signature was not checked.`,
    ja: (d) =>
      d.code === 'ENOTFOUND' || d.code === 'EAI_AGAIN'
        ? `${host(d.source ?? d.url)} の名前を解決できません（${d.code}）。オフラインか DNS がブロックされています。署名は検証されていません。`
        : d.code === 'ECONNREFUSED'
          ? `${host(d.source ?? d.url)} が接続を拒否しました（ECONNREFUSED）。署名は検証されていません。`
          : `${host(d.source ?? d.url)} に接続できません${d.code ? `（${d.code}）` : ''}。オフラインかプロキシがブロックしています。署名は検証されていません。`,
  },
  'http-error': {
    en: (d) => `${clip(d.source ?? d.url)} answered ${d.status ? `HTTP ${d.status}` : 'without 200 OK'}: the key set could not be read.`,
    ja: (d) => `${clip(d.source ?? d.url)} が ${d.status ? `HTTP ${d.status}` : '200 OK 以外'} を返しました。キー セットを読めませんでした。`,
  },
  'discovery-invalid': {
    en: (d) => `The discovery document at ${clip(d.url)} is not usable (${clip(d.message)}).`,
    ja: (d) => `${clip(d.url)} の探索ドキュメントは使えません（${clip(d.message)}）。`,
  },
  'jwks-invalid': {
    en: (d) => `The key set at ${where(d)} is not a valid JWKS (${clip(d.message)}).`,
    ja: (d) => `${where(d)} のキー セットは有効な JWKS ではありません（${clip(d.message)}）。`,
  },
  'not-supported': {
    en: (d) => `The algorithm ${d.alg ? `"${clip(d.alg, 40)}" ` : ''}or key type is not supported or not allowed here (${clip(d.message)}).`,
    ja: (d) => `アルゴリズム${d.alg ? ` "${clip(d.alg, 40)}"` : ''}または鍵の種類は、ここではサポートされていないか許可されていません（${clip(d.message)}）。`,
  },
  'alg-not-allowed': {
    en: (d) => `Microsoft Entra ID signs tokens with RS256, but this token says "${clip(d.alg, 40)}": it was not issued by Entra as it is.`,
    ja: (d) => `Microsoft Entra ID は RS256 で署名しますが、このトークンは "${clip(d.alg, 40)}" です。このままの形で Entra が発行したものではありません。`,
  },
  'file-error': {
    en: (d) => `Cannot read the key set file ${clip(d.source)} (${clip(d.message)}).`,
    ja: (d) => `キー セット ファイル ${clip(d.source)} を読めません（${clip(d.message)}）。`,
  },
  error: {
    en: (d) => `Verification could not finish${d.code ? ` (${d.code})` : ''}: ${clip(d.message) || 'unknown error'}.`,
    ja: (d) => `検証を完了できませんでした${d.code ? `（${d.code}）` : ''}: ${clip(d.message) || '不明なエラー'}。`,
  },
};

const TITLES: Record<SignatureState, { en: string; ja: string }> = {
  valid: { en: 'Signature verified', ja: '署名を検証済み' },
  invalid: { en: 'Signature invalid', ja: '署名が無効' },
  'not-checked': { en: 'Signature not verified', ja: '署名は未検証' },
};

export function verifyTitle(state: SignatureState, locale: Locale): string {
  return TITLES[state][locale];
}

export function renderVerify(r: VerifyResult, locale: Locale): { title: string; message: string } {
  return { title: TITLES[r.state][locale], message: MESSAGES[r.reason][locale](r.detail) };
}
