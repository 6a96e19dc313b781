// The web build's `fetch` (injected by esbuild.config.mjs in place of the global): the browser's own,
// with its bare "Failed to fetch" turned into words, for the key fetches of signature verification.
// The browser never says why it refused, so the message names both reasons.
import { parseUrl } from '../../../core/audiences';

const browserFetch: typeof globalThis.fetch = (...args) => globalThis.fetch(...args);

function originOf(input: unknown): string {
  return parseUrl(input instanceof Request ? input.url : String(input))?.origin ?? String(input).slice(0, 200);
}

async function webFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  try {
    return await browserFetch(input, init);
  } catch (e) {
    // An abort (timeout, cancel) keeps its own error; the rest is the browser's silent refusal.
    if ((e as Error)?.name === 'AbortError' || init?.signal?.aborted) throw e;
    // Short: the signature card shows about 120 characters of it.
    throw new TypeError(`the browser could not fetch ${originOf(input)} (CORS does not allow it, or offline)`);
  }
}

export { webFetch as fetch };
