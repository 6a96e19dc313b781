// English and Japanese words of a diagnosis: the CLI's text, the output channel and the inspector's
// diagnosis card read this one table (no second copy in vscode.l10n or the webview). Pure data.
import type { Locale } from '../types';

type Pair = readonly [en: string, ja: string];

export const DIAGNOSIS_WORDS = {
  request: ['Request', '要求'],
  response: ['Response', '応答'],
  source: ['Source', '場所'],
  challenges: ['Challenges (WWW-Authenticate)', 'チャレンジ (WWW-Authenticate)'],
  token: ['Sent token', '送信したトークン'],
  noToken: ['No token was sent.', 'トークンは送信されていません。'],
  minted: [
    'The token is made when the request is sent ({0}): it cannot be judged from the file.',
    'トークンは要求の送信時に作られます（{0}）。ファイルからは判定できません。',
  ],
  causes: ['Causes', '原因'],
  noCauses: ['No causes: the response is not a failure.', '原因なし: 応答は失敗ではありません。'],
  evidence: ['Evidence', '根拠'],
  remedy: ['Remedy', '対処'],
  correlation: ['Correlation ids (for a support ticket)', '相関 ID（サポート チケット用）'],
  copyCorrelation: ['Copy correlation ids', '相関 ID をコピー'],
  copied: ['Copied to the clipboard.', 'クリップボードにコピーしました。'],
  titleOk: ['{0}: the token was accepted', '{0}: トークンは受け付けられました'],
  titleFailed: ['{0}: diagnosis', '{0} の診断'],
  titleOther: ['{0}: diagnosis', '{0} の診断'],
  harEntry: ['{0}, entry {1} (line {2})', '{0}、エントリ {1}（行 {2}）'],
  judged: ['Lifetime judged at: {0} ({1})', '有効期間の判定時刻: {0}（{1}）'],
  at_exchange: ['when the request was sent', '要求の送信時'],
  'at_date-header': ["the response's Date header", '応答の Date ヘッダー'],
  at_now: ['now: the capture has no time', '記録に時刻がないため現在時刻'],
  sev_error: ['error', 'エラー'],
  sev_warning: ['warning', '警告'],
  sev_information: ['info', '情報'],
  sev_hint: ['hint', 'ヒント'],
  conf_high: ['high', '確度: 高'],
  conf_medium: ['medium', '確度: 中'],
  conf_low: ['low', '確度: 低'],
} as const satisfies Record<string, Pair>;

export type DiagnosisWord = keyof typeof DIAGNOSIS_WORDS;

export function diagnosisWord(key: DiagnosisWord, locale: Locale, ...args: Array<string | number>): string {
  const text = DIAGNOSIS_WORDS[key][locale === 'ja' ? 1 : 0];
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
}

/** A severity as a reader sees it ("error" / "エラー"); unknown values pass through. */
export function severityWord(severity: string, locale: Locale): string {
  const k = `sev_${severity}`;
  return k in DIAGNOSIS_WORDS ? diagnosisWord(k as DiagnosisWord, locale) : severity;
}

/** A cause's confidence as a reader sees it ("high" / "確度: 高"); unknown values pass through. */
export function confidenceWord(confidence: string, locale: Locale): string {
  const k = `conf_${confidence}`;
  return k in DIAGNOSIS_WORDS ? diagnosisWord(k as DiagnosisWord, locale) : confidence;
}

/**
 * The few English markers core writes into evidence and redacted text (`sent to:`, `body:`,
 * `[redacted]`), in the reader's language. The rest of an evidence line is data and stays as sent.
 */
export function localizeMarkers(text: string, locale: Locale): string {
  if (locale !== 'ja') return text;
  return text
    .replace(/^sent to: /, '送信先: ')
    .replace(/^body: /, '本文: ')
    .replace(/\[redacted\]/g, '[マスク済み]');
}

/** Every word of the card, in one locale (the webview gets them ready to show). */
export function diagnosisWords(locale: Locale): Record<DiagnosisWord, string> {
  const out = {} as Record<DiagnosisWord, string>;
  for (const k of Object.keys(DIAGNOSIS_WORDS) as DiagnosisWord[]) out[k] = diagnosisWord(k, locale);
  return out;
}

/** Reason phrases for a status line recorded without one (HTTP/2 has none). */
const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content',
  301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** What kind of answer a status is: the card's colour follows it. */
export type Outcome = 'success' | 'failure' | 'other';

export function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'success';
  if (status >= 400 && status < 600) return 'failure';
  return 'other';
}

/**
 * The card's title from the status: "403 Forbidden: diagnosis", "200 OK: the token was accepted".
 * Only the reason phrase a server sent first (up to " - "): the rest is its own message, shown below.
 */
export function diagnosisTitle(status: number, statusText: string, locale: Locale): string {
  const reason = (statusText.split(/\s+-\s+/)[0] ?? '').trim().slice(0, 60) || REASONS[status] || '';
  const head = `${status > 0 ? status : '—'}${reason ? ' ' + reason : ''}`;
  const o = outcomeOf(status);
  return diagnosisWord(o === 'success' ? 'titleOk' : o === 'failure' ? 'titleFailed' : 'titleOther', locale, head);
}
