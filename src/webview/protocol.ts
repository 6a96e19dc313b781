// The only messages the inspector webview and the extension exchange. Both sides import this file.
// Every string in a view model is plain text: the webview renders it with textContent only.

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'neutral' | 'busy';

/** A piece of syntax-coloured JSON: rendered as a span with class `j-<t>`. */
export interface JsonPiece {
  t: 'key' | 'str' | 'num' | 'bool' | 'null' | 'punct' | 'more';
  s: string;
}

export interface Card {
  id: 'mfa' | 'audience' | 'lifetime' | 'type' | 'signature';
  title: string;
  /** The verdict in a few words. */
  value: string;
  detail: string;
  tone: Tone;
}

export interface FindingView {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** The severity in the user's language (the badge's text). */
  severityLabel: string;
  title: string;
  message: string;
  remedy: string;
  /** Where the request that caused it goes, if any. */
  request?: string;
}

export interface TimeView {
  epochMs: number;
  utc: string;
  local: string;
  relative: string;
}

export interface ClaimRow {
  name: string;
  value: string;
  /** The value was cut (long or deeply nested). */
  truncated: boolean;
  explanation?: string;
  /** One line per amr value with its meaning. */
  amr?: Array<{ value: string; explanation?: string }>;
  time?: TimeView;
}

export interface SegmentsView {
  /** base64url segments as text, each capped for display. JWE has five. */
  parts: Array<{ label: string; text: string; hidden: number }>;
  totalLength: number;
}

/** All words the webview shows besides the data, localized by the extension. */
export interface Labels {
  title: string;
  segments: string;
  verdicts: string;
  findings: string;
  noFindings: string;
  remedy: string;
  claims: string;
  claim: string;
  value: string;
  explanation: string;
  header: string;
  payload: string;
  signature: string;
  encryptedKey: string;
  ciphertext: string;
  tag: string;
  rawJson: string;
  copy: string;
  copied: string;
  copyHeader: string;
  copyPayload: string;
  verify: string;
  verifying: string;
  pin: string;
  unpin: string;
  pinnedHint: string;
  followingHint: string;
  pasteToken: string;
  moreChars: string;
  utc: string;
  local: string;
  /** "in {0}" */
  inFuture: string;
  /** "{0} ago" */
  inPast: string;
  expiredLabel: string;
  expiresIn: string;
  source: string;
  pasted: string;
  askToken: string;
  compareTitle: string;
  left: string;
  right: string;
  same: string;
  different: string;
}

export interface ViewModel {
  locale: 'en' | 'ja';
  labels: Labels;
  /** Where the token is (for the saved state); absent for a pasted token. */
  source?: SourceRef & { label: string };
  pinned: boolean;
  kind: 'jws' | 'jwe';
  /** A one-line summary for screen readers and the panel title. */
  summary: string;
  segments: SegmentsView;
  cards: Card[];
  /** For the live countdown of the lifetime card. */
  lifetime: { exp?: number; nbf?: number; now: number };
  findings: FindingView[];
  headerRows: ClaimRow[];
  claims: ClaimRow[];
  headerJson: JsonPiece[];
  payloadJson: JsonPiece[];
  /** Whether the Verify button makes sense (not for JWE, alg none or by-design tokens). */
  canVerify: boolean;
}

export interface CompareRow {
  claim: string;
  left: string;
  right: string;
  same: boolean;
  explanation?: string;
}

export interface CompareModel {
  labels: Labels;
  leftTitle: string;
  rightTitle: string;
  /** Differences first, then equal claims. */
  rows: CompareRow[];
}

/**
 * A 401 diagnosis, posted by the replay feature (core `diagnose` -> `renderCauses`, see
 * `diagnosisView` in extension/inspector/viewModel.ts). The webview renders only what is present.
 */
export interface DiagnosisView {
  /** "403 Forbidden: diagnosis", "200 OK: the token was accepted". */
  title: string;
  /** The card's colour: success, failure, or neither (a redirect). */
  tone: 'ok' | 'bad' | 'neutral';
  /** The request sent or diagnosed: `partner-center.http:30`, `capture.har, entry 3 (line 89)`. */
  source?: string;
  summary?: string;
  /** `GET https://host/path` (credentials in the URL redacted). */
  request?: string;
  /** `401 Unauthorized - MFA required`. */
  status?: string;
  /** Each parsed WWW-Authenticate challenge as one line (`Bearer error="invalid_token"`). */
  challenges?: string[];
  /** The sent token: redacted, with its verdicts (findings). */
  token?: { redacted: string; verdicts: Array<{ code: string; severity: string; severityLabel: string; message: string }> };
  /** Which time the token's lifetime was judged at, and where that time came from (with a token only). */
  judged?: string;
  /** Correlation headers for a support ticket (the copy button copies them). */
  correlation?: Array<{ name: string; value: string }>;
  causes: Array<{ code: string; confidence?: string; summary: string; evidence: string[]; remedy: string }>;
  /** Words of the section, in the user's language (core's table). */
  labels: DiagnosisLabels;
}

export interface DiagnosisLabels {
  request: string;
  source: string;
  response: string;
  challenges: string;
  token: string;
  noToken: string;
  causes: string;
  noCauses: string;
  evidence: string;
  remedy: string;
  correlation: string;
  copyCorrelation: string;
  copied: string;
}

export interface SourceRef {
  uri: string;
  start: number;
  end: number;
}

/** What the webview keeps through getState/setState: never the token. */
export interface PersistedState {
  source?: SourceRef;
  pinned?: boolean;
}

export type ToWebview =
  | { type: 'show'; model: ViewModel }
  | { type: 'showCompare'; model: CompareModel }
  | { type: 'showDiagnosis'; diagnosis: DiagnosisView }
  | { type: 'clearDiagnosis' }
  | { type: 'askToken'; labels: Labels; message: string }
  | { type: 'copied' };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'verify' }
  | { type: 'copy'; part: 'header' | 'payload' }
  /** The diagnosis section's correlation ids, copied by the extension (it holds them). */
  | { type: 'copyCorrelation' }
  | { type: 'togglePin' }
  | { type: 'pasteToken' }
  /** After each render: the visible text (without the token segments) and counts of active elements, for tests. */
  | { type: 'rendered'; view: 'token' | 'compare' | 'ask' | 'diagnosis'; text: string; active: number };

export const WEBVIEW_VIEW_TYPE = 'jwtMfa.inspector';
/** Cap of the rendered text reported back. */
export const RENDERED_TEXT_MAX = 200_000;

/** Type guard for messages from the webview: the extension trusts nothing it did not check. */
export function isFromWebview(m: unknown): m is FromWebview {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'copy') {
    const p = (m as { part?: unknown }).part;
    return p === 'header' || p === 'payload';
  }
  if (t === 'rendered') {
    const r = m as { view?: unknown; text?: unknown; active?: unknown };
    return typeof r.text === 'string' && r.text.length <= RENDERED_TEXT_MAX && typeof r.active === 'number' && ['token', 'compare', 'ask', 'diagnosis'].includes(r.view as string);
  }
  return t === 'ready' || t === 'verify' || t === 'togglePin' || t === 'pasteToken' || t === 'copyCorrelation';
}
