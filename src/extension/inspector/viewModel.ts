// Builds what the inspector webview shows from core results. No vscode import: unit-tested in Node.
// Every string leaving here is plain text made visible (bidi and control characters shown as codes).
import { audienceLabel, audiencesOf, issuerOf, mfaOf, principalOf, str, strList, subjectLabel } from '../../core/classify';
import { explainAmr, explainClaim, explainHeader } from '../../core/catalog/claims';
import { findingTitle, duration, renderFinding } from '../../core/catalog/findings';
import { cardWord, type CardWord } from '../../core/catalog/inspector';
import { renderVerify } from '../../core/catalog/verify';
import { expectedAudiences } from '../../core/check';
import { hostOf } from '../../core/audiences';
import { redactText, redactUrl } from '../../core/redact';
import { clip, hex4, reveal } from '../../core/text';
import { renderCauses, type Diagnosis } from '../../core/diagnose';
import { judgedLine } from '../../core/diagnosisText';
import { confidenceWord, diagnosisTitle, diagnosisWord, diagnosisWords, localizeMarkers, outcomeOf, severityWord } from '../../core/catalog/diagnosis';
import type { CheckContext, DecodedToken, Finding, JsonObject, Locale, RequestRef } from '../../core/types';
import { planVerification, type TrustSettings, type VerifyResult } from '../../core/verify';
import type { Challenge } from '../../core/http/wwwAuthenticate';
import type { Card, ClaimRow, CompareModel, CompareRow, DiagnosisLabels, DiagnosisView, FindingView, JsonPiece, Labels, SegmentsView, SourceRef, TimeView, ViewModel } from '../../webview/protocol';

/** Display caps: a 1 MB token or a 10,000-deep claim must not freeze the webview. */
export const LIMITS = {
  segmentChars: 1200,
  valueChars: 2000,
  depth: 12,
  jsonPieces: 20000,
  jsonChars: 200_000,
  claims: 500,
};

/** Unsafe characters (core's one set; tabs and line feeds kept) shown as ⟪U+XXXX⟫ so text cannot hide or reorder itself. */
export function visible(s: string): string {
  return reveal(s, (c) => `⟪U+${hex4(c).toUpperCase()}⟫`, { multiline: true });
}

/** Compact JSON text of a value, depth- and length-limited (never recursion past LIMITS.depth). */
export function displayValue(v: unknown, max = LIMITS.valueChars): { text: string; truncated: boolean } {
  if (typeof v === 'string') {
    const c = clip(v, max);
    return { text: visible(c.text), truncated: c.truncated };
  }
  const pieces = jsonPieces(v, { compact: true, maxChars: max });
  const text = pieces.map((p) => p.s).join('');
  return { text, truncated: pieces.some((p) => p.t === 'more') };
}

/**
 * JSON as coloured pieces. Walks the decoded value itself (no re-parse), stops at LIMITS.depth and at
 * the piece/char budget, and shows keys like `__proto__` as the text they are.
 */
export function jsonPieces(value: unknown, opts: { compact?: boolean; maxChars?: number } = {}): JsonPiece[] {
  const out: JsonPiece[] = [];
  const maxChars = opts.maxChars ?? LIMITS.jsonChars;
  let chars = 0;
  let stopped = false;
  const nl = (depth: number) => (opts.compact ? '' : '\n' + '  '.repeat(depth));
  const push = (t: JsonPiece['t'], s: string) => {
    if (stopped) return;
    if (out.length >= LIMITS.jsonPieces || chars + s.length > maxChars) {
      out.push({ t: 'more', s: '…' });
      stopped = true;
      return;
    }
    chars += s.length;
    out.push({ t, s });
  };
  const walk = (v: unknown, depth: number) => {
    if (stopped) return;
    if (v === null) return push('null', 'null');
    if (typeof v === 'string') return push('str', visible(JSON.stringify(v)));
    if (typeof v === 'number') return push('num', String(v));
    if (typeof v === 'boolean') return push('bool', String(v));
    if (typeof v !== 'object') return push('null', 'null');
    if (depth >= LIMITS.depth) return push('more', Array.isArray(v) ? '[…]' : '{…}');
    if (Array.isArray(v)) {
      if (v.length === 0) return push('punct', '[]');
      push('punct', '[');
      v.forEach((x, i) => {
        push('punct', nl(depth + 1));
        walk(x, depth + 1);
        if (i < v.length - 1) push('punct', opts.compact ? ', ' : ',');
      });
      push('punct', nl(depth) + ']');
      return;
    }
    const keys = Object.keys(v as object);
    if (keys.length === 0) return push('punct', '{}');
    push('punct', '{');
    keys.forEach((k, i) => {
      push('punct', nl(depth + 1));
      push('key', visible(JSON.stringify(k)));
      push('punct', ': ');
      walk((v as Record<string, unknown>)[k], depth + 1);
      if (i < keys.length - 1) push('punct', opts.compact ? ', ' : ',');
    });
    push('punct', nl(depth) + '}');
  };
  walk(value, 0);
  return out;
}

const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp', 'auth_time', 'pwd_exp', 'xms_tcdt']);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function utcString(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

export function relative(ms: number, now: number, locale: Locale): string {
  const sec = Math.round((ms - now) / 1000);
  const d = duration(Math.abs(sec), locale);
  return sec >= 0 ? cardWord('relFuture', locale, d) : cardWord('relPast', locale, d);
}

export function timeView(epochSec: number, now: number, locale: Locale, timeZone?: string): TimeView | undefined {
  const ms = epochSec * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  let local: string;
  try {
    local = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'long',
      ...(timeZone ? { timeZone } : {}),
    }).format(new Date(ms));
  } catch {
    local = utcString(ms);
  }
  return { epochMs: ms, utc: utcString(ms), local, relative: relative(ms, now, locale) };
}

function rowsOf(obj: JsonObject, locale: Locale, now: number, header: boolean, timeZone?: string): ClaimRow[] {
  const rows: ClaimRow[] = [];
  for (const name of Object.keys(obj).slice(0, LIMITS.claims)) {
    const v = obj[name];
    const { text, truncated } = displayValue(v);
    const row: ClaimRow = { name: visible(clip(name, 200).text), value: text, truncated };
    const explanation = header ? explainHeader(name, locale) : explainClaim(name, locale);
    if (explanation) row.explanation = explanation;
    if (!header && name === 'amr') {
      row.amr = strList(v)
        .slice(0, 50)
        .map((a) => ({ value: visible(clip(a, 100).text), explanation: explainAmr(a, locale) }));
    }
    if (!header && TIME_CLAIMS.has(name) && typeof v === 'number') {
      const t = timeView(v, now, locale, timeZone);
      if (t) row.time = t;
    }
    rows.push(row);
  }
  return rows;
}

function segments(raw: string, kind: 'jws' | 'jwe', labels: Labels): SegmentsView {
  const names = kind === 'jwe' ? [labels.header, labels.encryptedKey, 'IV', labels.ciphertext, labels.tag] : [labels.header, labels.payload, labels.signature];
  const parts = raw.split('.', 5).map((p, i) => {
    const c = clip(p, LIMITS.segmentChars);
    return { label: names[i] ?? '', text: c.truncated ? c.text.slice(0, -1) : c.text, hidden: Math.max(0, p.length - LIMITS.segmentChars) };
  });
  return { parts, totalLength: raw.length };
}

export interface BuildInput {
  raw: string;
  decoded: DecodedToken;
  findings: Finding[];
  ctx: CheckContext;
  /** Requests that send the token (from the document), for the audience card. */
  requests?: RequestRef[];
  locale: Locale;
  labels: Labels;
  trust: TrustSettings;
  signature?: VerifyResult | 'busy';
  source?: SourceRef & { label: string };
  pinned?: boolean;
  /** For tests; the extension uses the host's zone. */
  timeZone?: string;
}

const w = (k: CardWord, l: Locale, ...a: Array<string | number>) => cardWord(k, l, ...a);

function quoteList(list: string[]): string {
  return list.length ? list.map((x) => `"${visible(clip(x, 80).text)}"`).join(', ') : '—';
}

function mfaCard(d: DecodedToken, findings: Finding[], l: Locale): Card {
  const title = w('mfaTitle', l);
  if (d.kind === 'jwe') return { id: 'mfa', title, value: w('unknownEncrypted', l), detail: w('unknownEncryptedDetail', l), tone: 'neutral' };
  if (!d.claims) return { id: 'mfa', title, value: w('unreadable', l), detail: '', tone: 'neutral' };
  const amr = quoteList(strList(d.claims.amr));
  const pcMissing = findings.some((f) => f.code === 'mfa-missing' && f.values.partnerCenter === 'yes');
  switch (mfaOf(d.claims)) {
    case 'compliant':
      return { id: 'mfa', title, value: w('mfaCompliant', l), detail: w('mfaCompliantDetail', l, amr), tone: 'ok' };
    case 'not-compliant':
      return { id: 'mfa', title, value: w('mfaNotCompliant', l), detail: w('mfaNotCompliantDetail', l, amr), tone: 'bad' };
    case 'uncertain':
      return { id: 'mfa', title, value: w('mfaUncertain', l), detail: w('mfaUncertainDetail', l, amr), tone: 'warn' };
    case 'not-applicable':
      return { id: 'mfa', title, value: w('mfaNotApplicable', l), detail: w('mfaNotApplicableDetail', l), tone: 'info' };
    case 'no-amr':
      return pcMissing
        ? { id: 'mfa', title, value: w('mfaNotCompliant', l), detail: w('mfaNoAmrPc', l), tone: 'bad' }
        : { id: 'mfa', title, value: w('mfaNoAmr', l), detail: w('mfaNoAmrOther', l), tone: 'neutral' };
  }
}

function audienceCard(d: DecodedToken, findings: Finding[], ctx: CheckContext, requests: RequestRef[], l: Locale): Card {
  const title = w('audienceTitle', l);
  if (!d.claims) return { id: 'audience', title, value: d.kind === 'jwe' ? w('unknownEncrypted', l) : w('unreadable', l), detail: '', tone: 'neutral' };
  const auds = audiencesOf(d.claims);
  if (auds.length === 0) return { id: 'audience', title, value: w('audMissing', l), detail: '', tone: 'bad' };
  const name = audienceLabel(d.claims);
  const audText = quoteList(auds) + (name ? ` (${name})` : '');
  const mismatch = findings.find((f) => f.code === 'audience-mismatch');
  const hosts = [...new Set(requests.map((r) => hostOf(r.url) ?? r.url))].map((h) => visible(clip(h, 100).text));
  const sent = hosts.length ? ' ' + w('audSentTo', l, hosts.join(', ')) : '';
  if (mismatch) return { id: 'audience', title, value: w('audBad', l), detail: renderFinding(mismatch, l).message + sent, tone: 'bad' };
  const exp = expectedAudiences(requests[0] ? { ...ctx, request: requests[0] } : ctx);
  if (exp.audiences.length === 0) return { id: 'audience', title, value: audText, detail: w('audNoExpectation', l) + sent, tone: 'neutral' };
  const value = exp.source.kind === 'host' ? w('audOk', l, exp.source.name) : name ? w('audOk', l, name) : audText;
  return { id: 'audience', title, value, detail: w('audIs', l, audText) + (exp.source.kind === 'settings' ? w('audOkSettings', l) : '') + sent, tone: 'ok' };
}

function lifetimeCard(d: DecodedToken, ctx: CheckContext, l: Locale): Card {
  const title = w('lifetimeTitle', l);
  const c = d.claims;
  if (!c) return { id: 'lifetime', title, value: d.kind === 'jwe' ? w('unknownEncrypted', l) : w('unreadable', l), detail: '', tone: 'neutral' };
  const exp = typeof c.exp === 'number' ? c.exp : undefined;
  const nbf = typeof c.nbf === 'number' ? c.nbf : undefined;
  const iat = typeof c.iat === 'number' ? c.iat : undefined;
  const nowSec = ctx.now / 1000;
  const detail =
    exp !== undefined
      ? w('lifeDetail', l, iat !== undefined ? utcString(iat * 1000) : '—', utcString(exp * 1000), duration(Math.max(0, exp - (iat ?? nbf ?? exp)), l))
      : '';
  if (exp === undefined) return { id: 'lifetime', title, value: w('lifeNoExp', l), detail, tone: 'warn' };
  if (exp + ctx.skewSeconds < nowSec) return { id: 'lifetime', title, value: w('lifeExpired', l, duration(Math.round(nowSec - exp), l)), detail, tone: 'bad' };
  if (nbf !== undefined && nbf - ctx.skewSeconds > nowSec) return { id: 'lifetime', title, value: w('lifeNotYet', l, duration(Math.round(nbf - nowSec), l)), detail, tone: 'warn' };
  const left = Math.max(0, Math.round(exp - nowSec));
  return { id: 'lifetime', title, value: w('lifeValid', l, duration(left, l)), detail, tone: left < 300 ? 'warn' : 'ok' };
}

function typeCard(d: DecodedToken, findings: Finding[], l: Locale): Card {
  const title = w('typeTitle', l);
  if (d.kind === 'jwe') return { id: 'type', title, value: w('typeJwe', l), detail: `alg ${visible(String(d.header?.alg ?? '—'))}, enc ${visible(String(d.header?.enc ?? '—'))}`, tone: 'neutral' };
  if (!d.claims) return { id: 'type', title, value: w('unreadable', l), detail: d.error ? visible(d.error) : '', tone: 'bad' };
  const c = d.claims;
  const iss = issuerOf(c);
  const ver = str(c.ver) === '2.0' || (str(c.ver) === undefined && iss.kind === 'entra-v2') ? w('typeV2', l) : str(c.ver) === '1.0' || iss.kind === 'entra-v1' ? w('typeV1', l) : str(c.ver) ? `ver ${visible(clip(str(c.ver)!, 20).text)}` : '';
  const { principal, basis } = principalOf(c);
  const idToken = findings.some((f) => f.code === 'id-token');
  const who = idToken ? w('typeIdToken', l) : principal === 'app-only' ? w('typeAppOnly', l) : w('typeAppUser', l);
  const issuer = iss.kind === 'entra-v1' || iss.kind === 'entra-v2' ? w('typeEntra', l) : iss.kind === 'none' ? w('typeNoIssuer', l) : w('typeOther', l);
  const subj = subjectLabel(c);
  const bits: string[] = [w(`basis_${basis}` as CardWord, l)];
  if (iss.tenant) bits.push(w('tenant', l, visible(clip(iss.tenant, 60).text)));
  if (subj.user) bits.push(w('user', l, visible(clip(subj.user, 80).text)));
  if (subj.appId) bits.push(w('client', l, visible(clip(subj.appId, 60).text)));
  if (iss.kind === 'other') bits.push(`iss "${visible(clip(str(c.iss) ?? '', 100).text)}"`);
  return { id: 'type', title, value: [ver, who, issuer].filter(Boolean).join(' · '), detail: bits.join('\n'), tone: 'neutral' };
}

function signatureCard(input: BuildInput): { card: Card; canVerify: boolean } {
  const l = input.locale;
  const title = w('signatureTitle', l);
  const sig = input.signature;
  if (sig === 'busy') return { card: { id: 'signature', title, value: w('sigBusy', l), detail: '', tone: 'busy' }, canVerify: false };
  const plan = planVerification(input.decoded, input.trust);
  const refusal = plan.kind === 'refuse' ? plan.result : undefined;
  // Refusals that no configuration can change are shown at once, without a Verify button.
  const final = refusal && (refusal.reason === 'by-design' || refusal.reason === 'encrypted' || refusal.reason === 'unsigned' || refusal.reason === 'malformed');
  const r = sig ?? (final ? refusal : undefined);
  if (!r) return { card: { id: 'signature', title, value: w('sigNotYet', l), detail: w('sigNotYetDetail', l), tone: 'neutral' }, canVerify: true };
  const text = renderVerify(r, l);
  const tone = r.state === 'valid' ? 'ok' : r.state === 'invalid' ? 'bad' : r.reason === 'by-design' || r.reason === 'encrypted' ? 'info' : 'warn';
  // After a definite answer the button goes; after "could not check" (offline, timeout…) it stays to retry.
  return { card: { id: 'signature', title, value: text.title, detail: visible(text.message), tone }, canVerify: !final && r.state === 'not-checked' };
}

function findingViews(findings: Finding[], l: Locale): FindingView[] {
  return findings.map((f) => {
    const r = renderFinding(f, l);
    const v: FindingView = { code: f.code, severity: f.severity, severityLabel: severityWord(f.severity, l), title: findingTitle(f.code, l), message: visible(r.message), remedy: visible(r.remedy) };
    if (f.request) v.request = visible(clip(redactText(`${f.request.method} ${f.request.url}`), 300).text);
    return v;
  });
}

function summaryOf(cards: Card[]): string {
  return cards.map((c) => `${c.title}: ${c.value}`).join('; ');
}

export function buildViewModel(input: BuildInput): ViewModel {
  const { decoded: d, findings, ctx, locale: l, labels } = input;
  const requests = input.requests ?? (ctx.request ? [ctx.request] : []);
  const sig = signatureCard(input);
  const cards = [mfaCard(d, findings, l), audienceCard(d, findings, ctx, requests, l), lifetimeCard(d, ctx, l), typeCard(d, findings, l), sig.card];
  const model: ViewModel = {
    locale: l,
    labels,
    pinned: !!input.pinned,
    kind: d.kind,
    summary: summaryOf(cards),
    segments: segments(input.raw, d.kind, labels),
    cards,
    lifetime: {
      exp: typeof d.claims?.exp === 'number' ? d.claims.exp * 1000 : undefined,
      nbf: typeof d.claims?.nbf === 'number' ? d.claims.nbf * 1000 : undefined,
      now: ctx.now,
    },
    findings: findingViews(findings, l),
    headerRows: d.header ? rowsOf(d.header, l, ctx.now, true, input.timeZone) : [],
    claims: d.claims ? rowsOf(d.claims, l, ctx.now, false, input.timeZone) : [],
    headerJson: d.header ? jsonPieces(d.header) : [],
    payloadJson: d.claims ? jsonPieces(d.claims) : [],
    canVerify: sig.canVerify,
  };
  if (input.source) model.source = { ...input.source, label: visible(clip(input.source.label, 300).text) };
  return model;
}

/** Pretty JSON text for the clipboard (full, not depth-limited: it is the user's own token). */
export function jsonForCopy(obj: JsonObject | null): string {
  if (!obj) return '';
  try {
    return JSON.stringify(obj, null, 2);
  } catch {
    return jsonPieces(obj).map((p) => p.s).join('');
  }
}

/** Two tokens' claims side by side, differences first. */
export function buildCompare(left: DecodedToken, right: DecodedToken, opts: { labels: Labels; locale: Locale; leftTitle: string; rightTitle: string }): CompareModel {
  const a = left.claims ?? {};
  const b = right.claims ?? {};
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].slice(0, LIMITS.claims);
  const show = (o: JsonObject, k: string) => {
    if (!Object.prototype.hasOwnProperty.call(o, k)) return '—';
    const v = o[k];
    const text = displayValue(v).text;
    return TIME_CLAIMS.has(k) && typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 8.64e12 ? `${text} (${utcString(v * 1000)})` : text;
  };
  const rows: CompareRow[] = names.map((k) => {
    const l = show(a, k);
    const r = show(b, k);
    const row: CompareRow = { claim: visible(clip(k, 200).text), left: l, right: r, same: l === r };
    const e = explainClaim(k, opts.locale);
    if (e) row.explanation = e;
    return row;
  });
  const diff = rows.filter((r) => !r.same);
  const same = rows.filter((r) => r.same);
  return {
    labels: opts.labels,
    leftTitle: visible(clip(opts.leftTitle, 200).text),
    rightTitle: visible(clip(opts.rightTitle, 200).text),
    rows: [...diff, ...same],
  };
}

/** Words of the diagnosis section: core's table (the CLI prints the same words). */
export function diagnosisLabels(locale: Locale): DiagnosisLabels {
  const w = diagnosisWords(locale);
  return {
    request: w.request,
    response: w.response,
    source: w.source,
    challenges: w.challenges,
    token: w.token,
    noToken: w.noToken,
    causes: w.causes,
    noCauses: w.noCauses,
    evidence: w.evidence,
    remedy: w.remedy,
    correlation: w.correlation,
    copyCorrelation: w.copyCorrelation,
    copied: w.copied,
  };
}

/** One parsed challenge as a line: scheme, token68, then its parameters quoted. */
export function challengeLine(c: Challenge): string {
  const params = Object.entries(c.params).map(([k, v]) => `${k}="${v.replace(/["\\]/g, (x) => `\\${x}`)}"`);
  return [c.scheme, c.token68, params.join(', ')].filter((x) => x !== undefined && x !== '').join(' ');
}

/**
 * A core diagnosis as the panel's diagnosis section (for the replay feature to post). Its title and
 * colour follow the status; `source` names the request that was sent or diagnosed (file:line, HAR entry).
 */
export function diagnosisView(d: Diagnosis, locale: Locale, opts: { source?: string } = {}): DiagnosisView {
  const title = diagnosisTitle(d.response.status, d.response.statusText, locale);
  const outcome = outcomeOf(d.response.status);
  const req = d.request ? `${d.request.method} ${redactUrl(d.request.url)}` : '';
  const status = `${d.response.status} ${d.response.statusText}`.trim();
  const line = (s: string, max: number) => visible(localizeMarkers(clip(redactText(s), max).text, locale));
  const view: DiagnosisView = {
    title: visible(clip(title, 200).text),
    tone: outcome === 'success' ? 'ok' : outcome === 'failure' ? 'bad' : 'neutral',
    // A token made when the request is sent ({{$aadToken}}): the card says so instead of "no token".
    labels: d.authorization === 'minted' && d.minted ? { ...diagnosisLabels(locale), noToken: line(diagnosisWord('minted', locale, d.minted), 400) } : diagnosisLabels(locale),
    summary: visible(clip([status, req].filter(Boolean).join(' — '), 500).text),
    status: line(status, 300),
    challenges: d.response.challenges.slice(0, 20).map((c) => line(challengeLine(c), 600)),
    correlation: d.correlation.slice(0, 20).map(([n, v]) => ({ name: line(n, 100), value: line(v, 300) })),
    causes: renderCauses(d, locale).map((c) => ({
      code: c.code,
      confidence: confidenceWord(c.confidence, locale),
      summary: visible(c.summary),
      evidence: c.evidence.map((e) => visible(localizeMarkers(redactText(e), locale))),
      remedy: visible(c.remedy),
    })),
  };
  if (req) view.request = line(req, 500);
  if (opts.source) view.source = line(opts.source, 300);
  if (d.token) {
    view.token = {
      redacted: visible(localizeMarkers(clip(d.token.redacted, 200).text, locale)),
      verdicts: d.token.findings.map((f) => {
        const r = renderFinding(f, locale);
        return { code: f.code, severity: f.severity, severityLabel: severityWord(f.severity, locale), message: visible(redactText(r.message)) };
      }),
    };
    view.judged = visible(judgedLine(d, locale));
  }
  return view;
}
