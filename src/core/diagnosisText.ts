// A 401 diagnosis as plain text (the CLI's text output and the extension's output channel): one
// rendering, tokens redacted, control characters made inert.
import { confidenceWord, diagnosisTitle, diagnosisWord, diagnosisWords, localizeMarkers, severityWord, type DiagnosisWord } from './catalog/diagnosis';
import { renderFinding } from './catalog/findings';
import { renderCauses, type Diagnosis } from './diagnose';
import { redactText } from './redact';
import { inert, safeJson } from './text';
import type { Locale } from './types';

/** No line is longer than this (a hostile claim or server text must not flood a terminal). */
const MAX_LINE = 2000;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * "Lifetime judged at: 2019-02-14T21:54:58.000Z (when the request was sent)": which time the token's
 * exp and nbf were judged against (issue 13.1). One line for the CLI, the output channel and the card.
 */
export function judgedLine(d: Diagnosis, locale: Locale): string {
  return diagnosisWord('judged', locale, new Date(d.judgedAt.ms).toISOString(), diagnosisWord(`at_${d.judgedAt.source}` as DiagnosisWord, locale));
}

/** The diagnosis as lines of text ending in a newline; never holds a whole token. */
export function diagnosisText(d: Diagnosis, locale: Locale): string {
  const L = diagnosisWords(locale);
  const lines: string[] = [diagnosisTitle(d.response.status, d.response.statusText, locale)];
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
      lines.push(`  ${severityWord(r.severity, locale)} ${r.code}: ${r.message}`);
    }
    lines.push(judgedLine(d, locale));
  } else lines.push(d.authorization === 'minted' && d.minted ? diagnosisWord('minted', locale, d.minted) : L.noToken);
  const causes = renderCauses(d, locale);
  if (!causes.length) lines.push(L.noCauses);
  else {
    lines.push(`${L.causes}:`);
    causes.forEach((c, i) => {
      lines.push(`${i + 1}. [${confidenceWord(c.confidence, locale)}] ${c.code}: ${c.summary}`);
      for (const e of c.evidence) lines.push(`     ${L.evidence}: ${localizeMarkers(e, locale)}`);
      lines.push(`     ${L.remedy}: ${c.remedy}`);
    });
  }
  return localizeMarkers(redactText(inert(lines.map((l) => clip(l, MAX_LINE)).join('\n'))), locale) + '\n';
}
