// Key sets for signature checks from the CLI: a local JWKS file or a JWKS URL, through jose.
import { promises as fs } from 'node:fs';
import { compactVerify, createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import type { SignatureState } from '../core/types';

export type KeyResolver = Parameters<typeof compactVerify>[1];

/** Loads a key set; throws an Error with a message fit for a person. */
export async function loadJwks(source: string, timeoutMs = 5000): Promise<KeyResolver> {
  if (/^https?:\/\//i.test(source)) {
    return createRemoteJWKSet(new URL(source), { timeoutDuration: timeoutMs });
  }
  let text: string;
  try {
    text = await fs.readFile(source, 'utf8');
  } catch (e) {
    throw new Error(`cannot read JWKS file ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`JWKS file ${source} is not JSON`);
  }
  const keys = (json as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`JWKS file ${source} holds no keys`);
  return createLocalJWKSet(json as JSONWebKeySet);
}

const REASONS: Record<string, string> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature does not match',
  ERR_JWKS_NO_MATCHING_KEY: 'no key in the key set matches the token\'s kid/alg',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'several keys match and none verifies',
  ERR_JOSE_NOT_SUPPORTED: 'unsupported algorithm',
  ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm not allowed',
  ERR_JWKS_TIMEOUT: 'the key set did not arrive in time',
  ERR_JWS_INVALID: 'not a valid compact JWS',
  ERR_JWKS_INVALID: 'the key set is not a valid JWKS',
};

/** Verifies a compact JWS signature only (claims such as exp are judged by `check`, not here). */
export async function verifySignature(raw: string, keys: KeyResolver): Promise<{ state: SignatureState; error?: string }> {
  try {
    await compactVerify(raw, keys);
    return { state: 'valid' };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { state: 'invalid', error: (code && REASONS[code]) ?? 'verification failed' };
  }
}
