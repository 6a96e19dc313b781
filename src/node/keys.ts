// Real key fetching for the extension and the CLI: Node's fetch and file system behind core's KeyStore.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { decode } from '../core/decode';
import type { Settings } from '../core/settings';
import { KeyStore, verifyToken, type FetchLike, type TrustSettings, type VerifyResult } from '../core/verify';

/** A key set or discovery document larger than this is refused (Entra's are a few KB). */
export const MAX_KEYS_BYTES = 1024 * 1024;

/** Node's fetch, refusing bodies announced larger than MAX_KEYS_BYTES. */
export const nodeFetch: FetchLike = async (url, init) => {
  const res = await fetch(url, init);
  const len = Number(res.headers.get('content-length') ?? '0');
  if (len > MAX_KEYS_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`response too large (${len} bytes)`);
  }
  return res;
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
  /** Relative JWKS file paths resolve against this folder (the workspace folder, the CLI's cwd). */
  baseDir?: string;
  fetch?: FetchLike;
}

/** A key store with real I/O. Keep one per face: it caches discovery documents and key sets per URL. */
export function createNodeKeyStore(opts: NodeKeyStoreOptions = {}): KeyStore {
  const base = opts.baseDir ?? process.cwd();
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

/** The trust list from settings. */
export function trustFromSettings(settings: Pick<Settings, 'verifyTrustedIssuers' | 'verifyJwks'>): TrustSettings {
  return { trustedIssuers: settings.verifyTrustedIssuers, jwks: settings.verifyJwks };
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
