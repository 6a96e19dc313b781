// Japanese words for the sender's failures (src/core/sendFlow.ts and the senders explain them in English, with a stable
// code). The extension shows these inside translated messages ("Replay of … failed: {reason}"), so the
// reason reads in the same language as the sentence around it. Pure data: the words are in
// l10n/catalog.ja.json (section "send", by code; see ./japanese). `{host}`, `{hostname}` (the host
// without its port), `{timeoutMs}` and `{detail}` are filled in; a text with a detail is a pair, whose
// second piece wraps the detail when there is one.
import type { Locale } from '../types';
import { fill, japanese, wordsFor } from './japanese';

/**
 * A sender failure in the reader's language: English is the sender's own message (it names the
 * details), Japanese comes from the catalog file by code, with the Node error code kept for searching.
 */
export function sendErrorText(code: string, englishMessage: string, locale: Locale, v: { host: string; timeoutMs: number; detail?: string }): string {
  const m = wordsFor(locale) === 'ja' ? japanese<string | readonly string[]>('send', code) : undefined;
  if (m === undefined) return englishMessage;
  const [text, detail] = typeof m === 'string' ? [m] : m;
  return fill(text!, { host: v.host, hostname: v.host.replace(/:\d+$/, ''), timeoutMs: v.timeoutMs, detail: v.detail && detail ? fill(detail, v.detail) : '' });
}
