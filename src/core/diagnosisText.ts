// A 401 diagnosis as plain text (the CLI's text output and the extension's output channel): one
// rendering, tokens redacted, control characters made inert.
import { renderFinding } from './catalog/findings';
import { renderCauses, type Diagnosis } from './diagnose';
import { redactText } from './redact';
import { inert, safeJson } from './text';
import type { Locale } from './types';

const LABELS = {
  en: { request: 'Request', response: 'Response', token: 'Token', causes: 'Causes', evidence: 'evidence', remedy: 'remedy', correlation: 'Correlation ids', none: 'No causes: the response is not a failure.', noToken: 'none', judged: 'Lifetime judged at', at: { exchange: 'when the request was sent (HAR startedDateTime)', 'date-header': "the response's Date header", now: 'now (the capture has no time)' } },
  ja: { request: '要求', response: '応答', token: 'トークン', causes: '原因', evidence: '根拠', remedy: '対処', correlation: '相関 ID', none: '原因なし: 応答は失敗ではありません。', noToken: 'なし', judged: '有効期間の判定時刻', at: { exchange: '要求の送信時（HAR の startedDateTime）', 'date-header': '応答の Date ヘッダー', now: '現在（記録に時刻なし）' } },
};

/** No line is longer than this (a hostile claim or server text must not flood a terminal). */
const MAX_LINE = 2000;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The diagnosis as lines of text ending in a newline; never holds a whole token. */
export function diagnosisText(d: Diagnosis, locale: Locale): string {
  const L = LABELS[locale];
  const lines: string[] = [];
  if (d.request) lines.push(`${L.request}: ${d.request.method} ${d.request.url}`);
  lines.push(`${L.response}: ${d.response.status}${d.response.statusText ? ' ' + d.response.statusText : ''}`);
  for (const [n, v] of d.response.headers) if (n.toLowerCase() === 'www-authenticate') lines.push(`  ${n}: ${v}`);
  if (d.correlation.length) lines.push(`${L.correlation}: ${d.correlation.map(([n, v]) => `${n}=${v}`).join(', ')}`);
  if (d.token) {
    const c = d.token.decoded.claims ?? {};
    // Depth-limited and clipped: a claim can nest 200,000 levels or run 5 MB.
    const show = (k: string) => (c[k] === undefined ? undefined : `${k}=${clip(safeJson(c[k], 8), 300)}`);
    lines.push(`${L.token}: ${d.token.redacted}  ${['aud', 'amr', 'scp', 'roles', 'idtyp', 'exp'].map(show).filter(Boolean).join(' ')}`);
    for (const f of d.token.findings) {
      const r = renderFinding(f, locale);
      lines.push(`  ${r.severity} ${r.code}: ${r.message}`);
    }
    lines.push(`${L.judged}: ${new Date(d.judgedAt.ms).toISOString()} (${L.at[d.judgedAt.source]})`);
  } else lines.push(`${L.token}: ${L.noToken}`);
  const causes = renderCauses(d, locale);
  if (!causes.length) lines.push(L.none);
  else {
    lines.push(`${L.causes}:`);
    causes.forEach((c, i) => {
      lines.push(`${i + 1}. [${c.confidence}] ${c.code}: ${c.summary}`);
      for (const e of c.evidence) lines.push(`     ${L.evidence}: ${e}`);
      lines.push(`     ${L.remedy}: ${c.remedy}`);
    });
  }
  return redactText(inert(lines.map((l) => clip(l, MAX_LINE)).join('\n'))) + '\n';
}
