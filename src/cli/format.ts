// The CLI's output formats: text for people, JSON and SARIF 2.1.0 for machines. None prints a whole token.
import type { AnalyzedEnvToken, AnalyzedToken } from '../core/analyze';
import { scan } from '../core/scan';
import { explainAmr, explainClaim, explainHeader } from '../core/catalog/claims';
import { localizeMarkers, severityWord } from '../core/catalog/diagnosis';
import { renderFinding } from '../core/catalog/findings';
import { relativeDuration } from '../core/duration';
import { audienceLabel, isPartnerCenterToken, issuerOf, mfaOf, principalOf, strList, subjectLabel } from '../core/classify';
import { LineIndex, type Position } from '../core/positions';
import type { MintedKind, MintedRequest } from '../core/http/minted';
import { lastAnswer } from '../core/memo';
import { redact, redactUrl } from '../core/redact';
import { limitDepth, MAX_PRINTED_STRING, safeJson, visible, withinDepth } from '../core/text';
import { type DecodedToken, type Finding, type JsonObject, type Locale, type Severity, type SignatureState, type TokenKind } from '../core/types';

export interface FindingReport {
  code: string;
  severity: Severity;
  message: string;
  remedy: string;
  request?: { line: number; url: string; method: string; file?: string };
}

/** Where a token a request file takes from an environment is defined. */
export interface TokenOrigin {
  /** The file that defines it (relative to the folder the CLI runs in), or the setting. */
  file: string;
  /** `token`, or `$dotenv TOKEN`. */
  variable: string;
  /** The environments whose requests send it (each judged). */
  environments: string[];
  /** The token's place in that file, when known. */
  start?: Position;
  end?: Position;
}

export interface TokenReport {
  start: Position;
  end: Position;
  kind: TokenKind;
  header: JsonObject | null;
  claims: JsonObject | null;
  signature: SignatureState;
  findings: FindingReport[];
  /** A token the request file takes from an environment: where it is defined. start/end: where the request uses it. */
  from?: TokenOrigin;
  /** For text output only; never serialised. */
  redacted: string;
}

/** A request whose token is made when it is sent (`{{$aadToken}}`, httpyac OAuth2, a request variable): nothing to judge. */
export interface MintedReport {
  /** 0-based line of the request. */
  line: number;
  method: string;
  /** Credentials in it redacted. */
  url: string;
  kind: MintedKind;
  /** What makes the token, as written (a template, not a credential), clipped. */
  expression: string;
}

export type FileReport = { path: string; tokens: TokenReport[]; minted?: MintedReport[] } | { path: string; error: string };

export function toMintedReports(list: readonly MintedRequest[]): MintedReport[] {
  return list.map(({ request: r, minted: m }) => ({ line: r.line, method: r.method, url: redactUrl(r.url), kind: m.kind, expression: m.expression }));
}

/** Offsets to positions: a `LineIndex`, or `ForwardPositions` when the offsets come in order. */
export type Positions = Pick<LineIndex, 'positionAt'>;

export function toTokenReport(
  t: AnalyzedToken,
  text: string,
  lines: Positions,
  signatures: ReadonlyMap<number, { state: SignatureState }> | undefined,
  locale: Locale,
): TokenReport {
  const idx = lines;
  return {
    start: idx.positionAt(t.start),
    end: idx.positionAt(t.end),
    kind: t.kind,
    header: t.decoded.header,
    claims: t.decoded.claims,
    signature: t.kind === 'jwe' ? 'not-checked' : (signatures?.get(t.start)?.state ?? 'not-checked'),
    findings: findingReports(t.findings, locale),
    redacted: redact(text.slice(t.start, t.end)),
  };
}

/** `redactUrl(url)`, the last answer kept: a token's findings share their request's URL. */
const shownUrl = lastAnswer((url) => redactUrl(url));

function findingReports(findings: readonly Finding[], locale: Locale): FindingReport[] {
  return findings.map((f) => {
    const r = renderFinding(f, locale);
    const out: FindingReport = { code: f.code, severity: f.severity, message: r.message, remedy: r.remedy };
    // The URL as sent can carry a credential (`?access_token=eyJ…`, `?code=`, `user:pass@`): never printed whole.
    if (f.request) out.request = { line: f.request.line, url: shownUrl(f.request.url), method: f.request.method, ...(f.request.file !== undefined ? { file: f.request.file } : {}) };
    return out;
  });
}

/** A token a request file takes from an environment (positions: where the request uses it). */
export function toEnvTokenReport(t: AnalyzedEnvToken, lines: Positions, from: TokenOrigin, locale: Locale): TokenReport {
  const use = t.uses[0];
  return {
    start: lines.positionAt(use.start),
    end: lines.positionAt(use.end),
    kind: scan(t.raw)[0]?.kind ?? 'jws',
    header: t.decoded.header,
    claims: t.decoded.claims,
    signature: 'not-checked',
    findings: findingReports(t.findings, locale),
    from,
    redacted: redact(t.raw),
  };
}

function publicToken(t: TokenReport) {
  const { redacted: _omit, header, claims, ...rest } = t;
  return { ...rest, header: withinDepth(header), claims: withinDepth(claims) };
}

/**
 * One file's report as the writers take it. Its tokens may be an iterable that makes each report when
 * it is written, so the reports of a large file never all exist at once.
 */
export type FileOutput = { path: string; tokens: Iterable<TokenReport>; minted?: MintedReport[] } | { path: string; error: string };

/**
 * The output of a scan in pieces, made as they are taken: `start`, then each file's pieces (a token's
 * report is made when its piece is taken), then `end`. Joined, they are the whole output.
 */
export interface ReportWriter {
  start(): string;
  file(r: FileOutput): Iterable<string>;
  end(): string;
}

/** The JSON document, one piece per token. Joined, the pieces are exactly `JSON.stringify` of the document. */
export function jsonWriter(): ReportWriter {
  let sep = '';
  return {
    start: () => '{"version":1,"files":[',
    *file(r) {
      const before = sep;
      sep = ',';
      if ('error' in r) {
        yield before + JSON.stringify({ path: r.path, error: r.error });
        return;
      }
      yield `${before}{"path":${JSON.stringify(r.path)},"tokens":[`;
      let comma = '';
      for (const t of r.tokens) {
        yield comma + JSON.stringify(publicToken(t));
        comma = ',';
      }
      yield r.minted?.length ? `],"minted":${JSON.stringify(r.minted)}}` : ']}';
    },
    end: () => ']}',
  };
}

/** The pieces of a writer joined in one string. */
function joined(w: ReportWriter, reports: readonly FileOutput[]): string {
  let out = w.start();
  for (const r of reports) for (const piece of w.file(r)) out += piece;
  return out + w.end();
}

export function formatJson(reports: FileReport[]): string {
  return joined(jsonWriter(), reports);
}

const L = {
  en: {
    none: 'no tokens found',
    tokens: 'tokens',
    errors: 'errors',
    warnings: 'warnings',
    token: 'token',
    sentTo: 'sent to',
    fix: 'fix',
    from: 'from',
    env: 'environment',
    of: 'of',
    minted: 'made when sent',
    mintedWhy: 'the token is made when the request is sent; it cannot be judged from the file',
    mintedCount: 'made when sent (not judged)',
  },
  ja: {
    none: 'トークンは見つかりませんでした',
    tokens: 'トークン',
    errors: 'エラー',
    warnings: '警告',
    token: 'トークン',
    sentTo: '送信先',
    fix: '対処',
    from: '定義元',
    env: '環境',
    of: 'ファイル',
    minted: '送信時に取得',
    mintedWhy: 'トークンは要求の送信時に作られるため、ファイルからは判定できません',
    mintedCount: '件は送信時に取得（判定なし）',
  },
};

function summary(t: TokenReport, locale: Locale): string {
  const c = t.claims;
  if (!c) return t.kind === 'jwe' ? 'JWE' : t.findings.some((f) => f.code === 'not-jwt') ? (locale === 'ja' ? 'JWS（JWT ではない）' : 'JWS (not a JWT)') : '';
  const parts: string[] = [];
  // Only string members: `join` would recurse into nested arrays (an aud can nest 200,000 levels).
  const aud = audienceLabel(c) ?? (typeof c.aud === 'string' ? c.aud.slice(0, 200) : Array.isArray(c.aud) ? strList(c.aud).slice(0, 10).map((a) => a.slice(0, 200)).join(' ') : undefined);
  if (aud) parts.push(`aud ${visible(aud, 60)}`);
  const who = subjectLabel(c);
  if (principalOf(c).principal === 'app-only') parts.push(locale === 'ja' ? `アプリのみ ${who.appId ?? ''}`.trim() : `app-only ${who.appId ?? ''}`.trim());
  else if (who.user) parts.push(visible(who.user, 60));
  const amr = mfaOf(c);
  const na = amr === 'not-applicable' || (amr === 'no-amr' && !isPartnerCenterToken(c));
  parts.push(`MFA ${amr === 'compliant' ? '✓' : na ? '–' : amr === 'uncertain' ? '?' : '✗'}`);
  return parts.join(' · ');
}

/** The text for people, one piece per token, with the totals line at the end. */
export function textWriter(locale: Locale): ReportWriter {
  const w = L[locale];
  let tokens = 0;
  let errors = 0;
  let warnings = 0;
  let mintedCount = 0;
  return {
    start: () => '',
    *file(r) {
      if ('error' in r) {
        yield `${r.path}: ${r.error}\n`;
        return;
      }
      // The file's name before its first line, if it has any.
      let name = `${r.path}\n`;
      for (const m of r.minted ?? []) {
        mintedCount++;
        yield `${name}  ${m.line + 1}:1  ${w.minted}  ${visible(m.expression, 120)}  (${visible(m.method)} ${visible(localizeMarkers(m.url, locale), 100)}): ${w.mintedWhy}\n`;
        name = '';
      }
      for (const t of r.tokens) {
        tokens++;
        // Redaction's marker in the reader's language (`[マスク済み]`, as in the inspector), here and in URLs; JSON and SARIF keep `[redacted]`.
        let out = `${name}  ${t.start.line + 1}:${t.start.character + 1}  ${w.token} ${localizeMarkers(t.redacted, locale)}  ${summary(t, locale)}\n`;
        name = '';
        if (t.from) {
          const at = t.from.start ? `:${t.from.start.line + 1}:${t.from.start.character + 1}` : '';
          const envs = t.from.environments.length ? `, ${w.env} ${t.from.environments.map((e) => visible(e, 60)).join(', ')}` : '';
          out += `    ${w.from} ${visible(t.from.file, 200)}${at} {{${visible(t.from.variable, 80)}}}${envs}\n`;
        }
        for (const f of t.findings) {
          if (f.severity === 'error') errors++;
          if (f.severity === 'warning') warnings++;
          const where = f.request?.file !== undefined ? `line ${f.request.line + 1} ${w.of} ${visible(f.request.file, 200)}` : `line ${(f.request?.line ?? 0) + 1}`;
          const req = f.request ? `  (${w.sentTo} ${visible(f.request.method)} ${visible(localizeMarkers(f.request.url, locale), 100)}, ${where})` : '';
          out += `    ${f.severity.padEnd(11)} ${f.code.padEnd(18)} ${visible(f.message, 400)}${req}\n`;
          out += `    ${''.padEnd(11)} ${''.padEnd(18)} ${w.fix}: ${visible(f.remedy, 400)}\n`;
        }
        yield out;
      }
    },
    end() {
      const made = mintedCount ? `, ${mintedCount} ${w.mintedCount}` : '';
      return tokens === 0 && !mintedCount ? `${w.none}\n` : `${tokens} ${w.tokens}, ${errors} ${w.errors}, ${warnings} ${w.warnings}${made}\n`;
    },
  };
}

export function formatText(reports: FileReport[], locale: Locale, _now: number): string {
  return joined(textWriter(locale), reports);
}

function timeLine(v: unknown, now: number, locale: Locale): string {
  if (typeof v !== 'number') return '';
  const iso = new Date(v * 1000).toISOString().replace('.000Z', 'Z');
  const delta = Math.round(v - now / 1000);
  const rel = relativeDuration(delta, locale);
  return `  (${iso}, ${rel})`;
}

export function formatDecode(t: TokenReport, decoded: DecodedToken, format: string, locale: Locale, now: number): string {
  const c = decoded.claims;
  const verdicts = c
    ? {
        principal: principalOf(c).principal,
        mfa: mfaOf(c),
        issuer: issuerOf(c).kind,
        audience: audienceLabel(c) ?? null,
      }
    : null;
  if (format === 'json') {
    return JSON.stringify({ kind: t.kind, header: limitDepth(t.header, 64, MAX_PRINTED_STRING), claims: limitDepth(t.claims, 64, MAX_PRINTED_STRING), signature: t.signature, verdicts, findings: t.findings }) + '\n';
  }
  let out = `${locale === 'ja' ? 'トークン' : 'Token'} ${localizeMarkers(t.redacted, locale)}  ${summary(t, locale)}\n\n${locale === 'ja' ? 'ヘッダー' : 'Header'}\n`;
  for (const [k, v] of Object.entries(t.header ?? {})) {
    const why = explainHeader(k, locale);
    out += `  ${visible(k, 40).padEnd(20)} ${visible(safeJson(v))}${why ? `\n  ${''.padEnd(20)} ${why}` : ''}\n`;
  }
  if (!c && decoded.payloadText !== undefined) out += `\n${locale === 'ja' ? 'ペイロード（テキスト）' : 'Payload (text)'}\n  ${visible(decoded.payloadText, 200)}\n`;
  if (c) {
    out += `\n${locale === 'ja' ? 'クレーム' : 'Claims'}\n`;
    for (const [k, v] of Object.entries(c)) {
      const why = explainClaim(k, locale);
      out += `  ${visible(k, 40).padEnd(20)} ${visible(safeJson(v))}${k === 'iat' || k === 'nbf' || k === 'exp' || k === 'auth_time' ? timeLine(v, now, locale) : ''}\n`;
      if (why) out += `  ${''.padEnd(20)} ${why}\n`;
      if (k === 'amr' && Array.isArray(v)) {
        for (const m of v) {
          const e = typeof m === 'string' ? explainAmr(m, locale) : undefined;
          if (e) out += `  ${''.padEnd(20)}   ${visible(String(m), 20)}: ${e}\n`;
        }
      }
    }
  }
  if (verdicts) {
    const [principal, issuer] = locale === 'ja' ? ['プリンシパル', '発行者'] : ['principal', 'issuer'];
    out += `\n${locale === 'ja' ? '判定' : 'Verdicts'}\n  ${principal} ${verdicts.principal} · MFA ${verdicts.mfa} · ${issuer} ${verdicts.issuer}${verdicts.audience ? ` · ${verdicts.audience}` : ''}\n`;
  }
  out += `\n${locale === 'ja' ? '検出事項' : 'Findings'}\n`;
  if (t.findings.length === 0) out += locale === 'ja' ? '  なし\n' : '  none\n';
  for (const f of t.findings) out += `  ${(locale === 'ja' ? severityWord(f.severity, locale) : f.severity).padEnd(11)} ${f.code.padEnd(18)} ${visible(f.message, 400)}\n  ${''.padEnd(30)} ${visible(f.remedy, 400)}\n`;
  return out;
}
