// Tokens are credentials: this is the one way a token is shown outside the editor buffer. Redaction works
// by pattern (anything that scans as a JWT) and by value (the exact strings a request is known to carry
// as credentials, whatever their shape), and URLs lose their userinfo and credential query values.
import { scan } from './scan';

/** How many payload characters survive redaction: enough to tell tokens apart, not to use one. */
const PAYLOAD_KEEP = 8;

/** `header.payloadPrefix…[redacted]`: keeps the header and the first characters of the payload. */
export function redact(raw: string): string {
  const dot = raw.indexOf('.');
  if (dot < 0) return raw.length > PAYLOAD_KEEP ? `${raw.slice(0, PAYLOAD_KEEP)}…[redacted]` : '[redacted]';
  const header = raw.slice(0, Math.min(dot, 200));
  return `${header}${dot > 200 ? '…' : ''}.${raw.slice(dot + 1, dot + 1 + PAYLOAD_KEEP)}…[redacted]`;
}

/** Secrets shorter than this are not searched for by value (they would match ordinary words). */
export const MIN_SECRET_LENGTH = 6;

/** `text` with every occurrence of each secret value replaced by `[redacted]` (longest first). */
export function redactValues(text: string, secrets: readonly string[] | undefined): string {
  if (!secrets?.length) return text;
  const list = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const s of list) if (out.includes(s)) out = out.split(s).join('[redacted]');
  // A secret may also appear percent-encoded (in a URL).
  for (const s of list) {
    const enc = encodeURIComponent(s);
    if (enc !== s && out.includes(enc)) out = out.split(enc).join('[redacted]');
  }
  return out;
}

/** `text` with every token in it redacted (for output channels, error messages, evidence), and each known secret value. */
export function redactText(text: string, secrets?: readonly string[]): string {
  const byValue = redactValues(text, secrets);
  const tokens = scan(byValue);
  if (tokens.length === 0) return byValue;
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out += byValue.slice(at, t.start) + redact(byValue.slice(t.start, t.end));
    at = t.end;
  }
  return out + byValue.slice(at);
}

/** Query parameters whose values are credentials (compared case-insensitively, `-`/`_` alike). */
const SECRET_QUERY = /([?&#;](?:(?:access|id|refresh)?[-_]?token|code|sig(?:nature)?|(?:api|subscription)?[-_]?key|apikey|(?:client[-_]?)?secret|passw(?:or)?d|pwd|auth|x-amz-[a-z-]+)=)[^&#]*/gi;

/** A URL fit to show: tokens and known secrets redacted, `user:pass@` and credential query values removed. */
export function redactUrl(url: string, secrets?: readonly string[]): string {
  return redactText(url, secrets)
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, '$1[redacted]@')
    .replace(SECRET_QUERY, '$1[redacted]');
}
