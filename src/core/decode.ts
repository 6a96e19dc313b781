// Decodes a compact token's header and claims through jose. Never throws: problems become `error`.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { detached } from './b64';
import type { DecodedToken, JsonObject, TokenKind } from './types';

function kindOf(raw: string): TokenKind {
  let dots = 0;
  for (let i = 0; i < raw.length && dots < 5; i++) if (raw.charCodeAt(i) === 46) dots++;
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
    return { kind, header, claims: null, error: `payload: ${reason(e)}` };
  }
}

/** A bounded cache of decoded tokens keyed by their text, for editors that re-analyse often. */
export class DecodeCache {
  /** Keys are detached copies (see `detached`); entries remember theirs, so refreshing recency never stores a slice. */
  private readonly map = new Map<string, { key: string; value: DecodedToken }>();
  constructor(private readonly max = 5000) {}

  get(raw: string): DecodedToken {
    const hit = this.map.get(raw);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      this.map.delete(hit.key);
      this.map.set(hit.key, hit);
      return hit.value;
    }
    const value = decode(raw);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    const key = detached(raw);
    this.map.set(key, { key, value });
    return value;
  }

  clear(): void {
    this.map.clear();
  }
}
