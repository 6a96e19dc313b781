// English and Japanese words of a diagnosis: the CLI's text, the output channel and the inspector's
// diagnosis card read this one table (no second copy in vscode.l10n or the webview). Pure data: the
// Japanese is in l10n/catalog.ja.json (section "diagnosis", by the same keys; see ./japanese).
import type { Locale } from '../types';
import { japanese, wordsFor } from './japanese';

export const DIAGNOSIS_WORDS = {
  request: 'Request',
  response: 'Response',
  source: 'Source',
  challenges: 'Challenges (WWW-Authenticate)',
  token: 'Sent token',
  noToken: 'No token was sent.',
  minted: 'The token is made when the request is sent ({0}): it cannot be judged from the file.',
  causes: 'Causes',
  noCauses: 'No causes: the response is not a failure.',
  evidence: 'Evidence',
  remedy: 'Remedy',
  correlation: 'Correlation ids (for a support ticket)',
  copyCorrelation: 'Copy correlation ids',
  copied: 'Copied to the clipboard.',
  titleOk: '{0}: the token was accepted',
  titleFailed: '{0}: diagnosis',
  titleOther: '{0}: diagnosis',
  harEntry: '{0}, entry {1} (line {2})',
  judged: 'Lifetime judged at: {0} ({1})',
  at_exchange: 'when the request was sent',
  'at_date-header': "the response's Date header",
  at_now: 'now: the capture has no time',
  sev_error: 'error',
  sev_warning: 'warning',
  sev_information: 'info',
  sev_hint: 'hint',
  conf_high: 'high',
  conf_medium: 'medium',
  conf_low: 'low',
} as const satisfies Record<string, string>;

export type DiagnosisWord = keyof typeof DIAGNOSIS_WORDS;

export function diagnosisWord(key: DiagnosisWord, locale: Locale, ...args: Array<string | number>): string {
  const text = (wordsFor(locale) === 'ja' ? japanese('diagnosis', key) : undefined) ?? DIAGNOSIS_WORDS[key];
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
  const m = wordsFor(locale) === 'ja' ? japanese<readonly string[]>('evidence', 'markers') : undefined;
  if (!m) return text;
  return text
    .replace(/^sent to: /, m[0]!)
    .replace(/^body: /, m[1]!)
    .replace(/\[redacted\]/g, m[2]!);
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
