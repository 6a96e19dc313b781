// Tokens are credentials: this is the one way a token is shown outside the editor buffer.
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

/** `text` with every token in it redacted (for output channels, error messages, evidence). */
export function redactText(text: string): string {
  const tokens = scan(text);
  if (tokens.length === 0) return text;
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out += text.slice(at, t.start) + redact(text.slice(t.start, t.end));
    at = t.end;
  }
  return out + text.slice(at);
}

/** A URL with tokens and query values that look like credentials redacted. */
export function redactUrl(url: string): string {
  return redactText(url).replace(/([?&#](?:access_token|code|id_token|refresh_token|client_secret|sig)=)[^&#]*/gi, '$1[redacted]');
}
