// Decodes a compact token's header and claims through jose. Never throws: problems become `error`.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { decodeSegmentText, detached } from './b64';
import type { DecodedToken, JsonObject, TokenKind } from './types';

function kindOf(raw: string): TokenKind {
  let dots = 0;
  for (let i = raw.indexOf('.'); i !== -1 && dots < 5; i = raw.indexOf('.', i + 1)) dots++;
  return dots === 4 ? 'jwe' : 'jws';
}

function reason(e: unknown): string {
  // jose's messages name the failing step ("Failed to parse the decoded payload as JSON") and never
  // echo the input, so they are safe to show.
  const msg = e instanceof Error ? e.message : String(e);
  return msg.length > 200 ? msg.slice(0, 200) + '…' : msg;
}

export function decode(raw: string): DecodedToken {
  const kind = kindOf(raw);
  let header: JsonObject | null = null;
  try {
    header = decodeProtectedHeader(raw) as JsonObject;
  } catch (e) {
    return { kind, header: null, claims: null, error: `header: ${reason(e)}` };
  }
  if (kind === 'jwe') return { kind, header, claims: null };
  try {
    const claims = decodeJwt(raw) as JsonObject;
    // `header.payload.` with a signing alg: the signature was elided (docs print tokens that way).
    if (raw.charCodeAt(raw.length - 1) === 46 && String(header.alg).toLowerCase() !== 'none') return { kind, header, claims, signatureMissing: true };
    return { kind, header, claims };
  } catch (e) {
    // A JWS may sign any bytes (RFC 7515 A.4 signs "Payload", RFC 7520 §4 a sentence): text that is
    // not a JSON object is a signed message, not a broken JWT.
    const text = payloadTextOf(raw);
    if (text !== null) return { kind, header, claims: null, payloadText: text };
    return { kind, header, claims: null, error: `payload: ${reason(e)}` };
  }
}

const MAX_PAYLOAD_TEXT = 2000;

/** True when `s` holds a control character other than tab and line breaks (binary, not text). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

/** The payload as text when it is printable UTF-8 that is not a JSON object; null otherwise. */
function payloadTextOf(raw: string): string | null {
  const first = raw.indexOf('.');
  const second = raw.indexOf('.', first + 1);
  if (first < 0 || second <= first + 1) return null;
  const text = decodeSegmentText(raw.slice(first + 1, second));
  if (text === null || text.trim() === '' || hasControl(text)) return null;
  // A JSON object that failed jose's claim-set checks is a (bad) JWT, not a text payload.
  if (text.trimStart().startsWith('{')) return null;
  return text.length > MAX_PAYLOAD_TEXT ? text.slice(0, MAX_PAYLOAD_TEXT) + '…' : text;
}

/**
 * A bounded cache of decoded tokens keyed by their text, for editors that re-analyse often.
 *
 * Bounded by an estimate of its memory (key and decoded value, 2 bytes per token character: measured
 * 1.66 with the detached key, bench/run.ts prints the estimate), not by a count, so a log's distinct
 * tokens fit: the default 48 MB holds ~27,000 900-char tokens, ~17,000 Entra-sized (1.4 KB) ones. When full, it
 * does not thrash: a sequential pass over more distinct tokens than fit would make a plain LRU miss
 * every time, so a new token only evicts the least recently used entry when that entry has not been
 * used for a long while (4x the entries' count in lookups); otherwise it is decoded and not kept.
 */
export class DecodeCache {
  /** Keys are detached copies (see `detached`); entries remember theirs, so refreshing recency never stores a slice. */
  private readonly map = new Map<string, { key: string; value: DecodedToken; used: number; bytes: number }>();
  private tick = 0;
  private total = 0;
  constructor(private readonly maxBytes = 48 * 1024 * 1024) {}

  /** Estimated bytes held (keys and decoded values). */
  get approxBytes(): number {
    return this.total;
  }

  get(raw: string): DecodedToken {
    const now = ++this.tick;
    const hit = this.map.get(raw);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      hit.used = now;
      this.map.delete(hit.key);
      this.map.set(hit.key, hit);
      return hit.value;
    }
    const value = decode(raw);
    const bytes = 64 + raw.length * 2;
    if (bytes > this.maxBytes) return value;
    while (this.total + bytes > this.maxBytes) {
      const oldest = this.map.values().next().value;
      if (!oldest || now - oldest.used < 4 * this.map.size) return value; // still in use: keep it, skip this one
      this.map.delete(oldest.key);
      this.total -= oldest.bytes;
    }
    const key = detached(raw);
    this.map.set(key, { key, value, used: now, bytes });
    this.total += bytes;
    return value;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
