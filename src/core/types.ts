// Shared vocabulary of the core: tokens, findings, the check context. Pure data, no I/O.

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export type Locale = 'en' | 'ja';

/** Stable finding codes. Never renamed: settings, docs anchors and SARIF rules key on them. */
export const FINDING_CODES = [
  'mfa-missing',
  'audience-mismatch',
  'expired',
  'not-yet-valid',
  'app-only',
  'id-token',
  'unsigned',
  'not-from-entra',
  'signature-missing',
  'signature-invalid',
  'encrypted',
  'malformed',
  'not-jwt',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type TokenKind = 'jws' | 'jwe';

/** A token found in a text. Offsets are UTF-16 code units into that text; `end` is exclusive. */
export interface ScannedToken {
  start: number;
  end: number;
  kind: TokenKind;
}

export type JsonObject = { [key: string]: unknown };

/** What decoding yields. Never thrown: problems land in `error` and become a `malformed` finding. */
export interface DecodedToken {
  kind: TokenKind;
  header: JsonObject | null;
  /** null for a JWE, or when the payload does not decode to a JSON object. */
  claims: JsonObject | null;
  /** Why the payload could not be read, in English, for `malformed` (never contains the token). */
  error?: string;
  /** A signed JWS printed without its signature (`header.payload.`, as docs print tokens). */
  signatureMissing?: boolean;
  /**
   * A JWS whose payload is text, not JSON claims (RFC 7515 A.4, RFC 7520 §4): a signed message that
   * is not a JWT. Capped; `claims` is null and there is no `error`.
   */
  payloadText?: string;
}

/** A request a token is sent in (from an .http file, a HAR entry or a curl line). */
export interface RequestRef {
  method: string;
  url: string;
  /** 0-based line of the request line (or the HAR entry / curl command) in the document. */
  line: number;
  /** The request file, when it is not the document judged (a token in an environment file). */
  file?: string;
}

export type SignatureState = 'valid' | 'invalid' | 'not-checked';

export interface CheckContext {
  /** The current time, epoch milliseconds. Time is an input: tests freeze it. */
  now: number;
  /** Allowed clock skew for exp/nbf, seconds. */
  skewSeconds: number;
  /** Audiences expected outside any request or for hosts not in the table. */
  expectedAudiences: readonly string[];
  /** Extra host -> audiences entries; they extend and override the built-in table. */
  audiencesByHost?: Readonly<Record<string, readonly string[]>>;
  /** Where the token is sent, when known. */
  request?: RequestRef;
  /** Result of a signature check, when one was asked for. */
  signature?: SignatureState;
  /** Why verification failed, for the `signature-invalid` message. */
  signatureError?: string;
  /** Per-code severity overrides; 'off' removes the finding. */
  severities?: Readonly<Partial<Record<FindingCode, SeveritySetting>>>;
}

/** Values a finding carries for its message. Strings here may hold claim text: escape when rendering. */
export type FindingValues = Record<string, string | number | readonly string[] | undefined>;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  values: FindingValues;
  /** The request this finding comes from, if it comes from one. */
  request?: RequestRef;
}

/** A finding rendered for one locale by the catalog. */
export interface RenderedFinding extends Finding {
  message: string;
  remedy: string;
}
