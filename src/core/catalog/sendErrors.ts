// Japanese words for the sender's failures (src/core/sendFlow.ts and the senders explain them in English, with a stable
// code). The extension shows these inside translated messages ("Replay of … failed: {reason}"), so the
// reason reads in the same language as the sentence around it. Pure data.
import type { Locale } from '../types';

const JA: Record<string, (v: { host: string; timeoutMs: number; detail?: string }) => string> = {
  refused: (v) => `${v.host} に接続を拒否されました。そこで待ち受けているサーバーがありません（サーバーが起動しているか、ポートが正しいか確認してください）。`,
  reset: (v) => `${v.host} との接続が、応答の途中でリセットされました（サーバーまたはネットワーク機器が切断しました）。`,
  dns: (v) => `ホスト名 ${v.host.replace(/:\d+$/, '')} を解決できません（DNS）。綴り、ネットワーク、プロキシの設定を確認してください。`,
  timeout: (v) => `${v.host} から ${v.timeoutMs} ミリ秒以内に完全な応答がありませんでした（タイムアウト）。`,
  'tls-self-signed': (v) => `${v.host} の TLS 証明書は自己署名で信頼されていないため、接続を拒否しました。その CA を信頼するか、本来のエンドポイントを使ってください。`,
  'tls-invalid': (v) => `${v.host} の TLS 証明書が有効ではないため、接続を拒否しました${v.detail ? `（${v.detail}）` : ''}。`,
  'bad-request': () => '要求を送信できません。ヘッダーの名前または値に HTTP で使えない文字が含まれています。',
  'bad-url': () => '有効な http または https の URL ではありません（リダイレクト先を含む）。',
  'redirect-loop': () => 'リダイレクトがループしています。すでに訪れた URL に戻されました。',
  'too-many-redirects': () => 'リダイレクトが多すぎます。ループしている可能性があります。',
  proxy: (v) => `プロキシ経由で ${v.host} に接続できません。http.proxy の設定を確認してください。`,
  network: (v) => `${v.host} への要求が失敗しました${v.detail ? `（${v.detail}）` : ''}。ネットワークまたは VPN を確認してください。`,
  aborted: () => '要求はキャンセルされました。',
  cleartext: (v) => `何も送信していません。要求は資格情報を含み、${v.host} は暗号化されない http（ループバック以外）のため、経路上の誰でも読み取れます。https を使ってください。`,
  'redirect-blocked': (v) => `サーバーは別のオリジン${v.detail ? ` ${v.detail}` : ''} へのリダイレクトを返しました。資格情報を承認していないオリジンに送らないよう、リダイレクトは追跡していません。`,
  'browser-blocked': (v) => `ブラウザーは ${v.host} への要求を完了しませんでした。サーバーがエディターの Web ページからの要求を許可していない（CORS）か、このブラウザーからホストに到達できません。デスクトップ版 VS Code か "jwt-mfa diagnose --send" で再送してください。「応答を診断」は記録済みの応答をここでも診断できます。`,
  'mixed-content': (v) => `https のページから http の要求は送れないため（混在コンテンツ）、${v.host} には接続していません。https の URL を使うか、デスクトップ版 VS Code か "jwt-mfa diagnose --send" で再送してください。`,
  'redirect-hidden': (v) => `${v.host} はリダイレクトを返しましたが、ブラウザーは転送先を示さないため追跡していません。転送先を見るには、デスクトップ版 VS Code か "jwt-mfa diagnose --send" で再送してください。`,
};

/**
 * A sender failure in the reader's language: English is the sender's own message (it names the
 * details), Japanese comes from this table by code, with the Node error code kept for searching.
 */
export function sendErrorText(code: string, englishMessage: string, locale: Locale, v: { host: string; timeoutMs: number; detail?: string }): string {
  if (locale !== 'ja') return englishMessage;
  const f = JA[code];
  return f ? f(v) : englishMessage;
}

export const SEND_ERROR_CODES_IN_JAPANESE = Object.keys(JA);
