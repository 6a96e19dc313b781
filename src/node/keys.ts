// Real key fetching for the extension and the CLI: Node's fetch and file system behind core's KeyStore.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { decode } from '../core/decode';
import { KeyStore, verifyToken, type FetchLike, type TrustSettings, type VerifyResult } from '../core/verify';

export { trustFromSettings } from '../core/verify';

/** A key set or discovery document larger than this is refused (Entra's are a few KB). */
export const MAX_KEYS_BYTES = 1024 * 1024;

/**
 * Reads a response body, stopping with an error as soon as it passes `max` bytes: a chunked body
 * announces no length, so the cap is applied while streaming, never after buffering it all.
 */
export async function readCapped(res: Response, max: number): Promise<Uint8Array> {
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > max) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`response too large (${len} bytes; at most ${max})`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`response too large (more than ${max} bytes)`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Node's fetch for key sets and discovery documents: bodies capped at MAX_KEYS_BYTES while streaming. */
export const nodeFetch: FetchLike = async (url, init) => {
  const res = await fetch(url, init);
  const body = await readCapped(res, MAX_KEYS_BYTES);
  return new Response(res.status === 204 || res.status === 304 ? null : (body as unknown as BodyInit), { status: res.status, statusText: res.statusText, headers: res.headers });
};

async function readKeysFile(file: string): Promise<string> {
  const s = await stat(file);
  if (!s.isFile()) throw new Error('not a file');
  if (s.size > MAX_KEYS_BYTES) throw new Error(`file too large (${s.size} bytes)`);
  return readFile(file, 'utf8');
}

export interface NodeKeyStoreOptions {
  timeoutMs?: number;
  cacheMaxAgeMs?: number;
  /** Relative JWKS file paths resolve against this folder (the CLI's cwd for --jwks; the home folder in the editor, never a workspace). */
  baseDir?: string;
  fetch?: FetchLike;
}

/** A key store with real I/O. Keep one per face: it caches discovery documents and key sets per URL. */
export function createNodeKeyStore(opts: NodeKeyStoreOptions = {}): KeyStore {
  // Without a folder: the home folder, never a workspace (the editor's key sets come from user settings).
  const base = opts.baseDir ?? (process.env.HOME || process.env.USERPROFILE || path.sep);
  return new KeyStore(opts.fetch ?? nodeFetch, {
    timeoutMs: opts.timeoutMs ?? 5000,
    cacheMaxAgeMs: opts.cacheMaxAgeMs ?? 10 * 60 * 1000,
    readFile: (p) => readKeysFile(path.resolve(base, expandHome(p))),
  });
}

function expandHome(p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(process.env.HOME ?? process.env.USERPROFILE ?? '', p.slice(1));
  return p;
}

/**
 * For the CLI's `--jwks <file|url>`: the given key set is trusted for this run, on top of the
 * settings. Verifies one token and never throws.
 */
export async function verifyRaw(
  raw: string,
  opts: { store: KeyStore; trust: TrustSettings; jwks?: string[]; authority?: string },
): Promise<VerifyResult> {
  const trust: TrustSettings = opts.jwks?.length ? { trustedIssuers: opts.trust.trustedIssuers, jwks: [...opts.jwks, ...opts.trust.jwks], preferJwks: true } : opts.trust;
  return verifyToken(raw, decode(raw), { trust, store: opts.store, authority: opts.authority });
}
