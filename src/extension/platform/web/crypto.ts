// The web build's `node:crypto` (swapped in by esbuild.config.mjs): the calls src/node makes, over Web Crypto.

export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

/** An integer in [min, max) (or [0, min) with one argument), as node:crypto's. */
export function randomInt(min: number, max?: number): number {
  const [lo, hi] = max === undefined ? [0, min] : [min, max];
  const range = hi - lo;
  if (!Number.isSafeInteger(range) || range <= 0 || range > 2 ** 32) throw new RangeError('randomInt: bad range');
  // Rejection sampling keeps every value equally likely.
  const limit = Math.floor(2 ** 32 / range) * range;
  const buf = new Uint32Array(1);
  do globalThis.crypto.getRandomValues(buf);
  while (buf[0] >= limit);
  return lo + (buf[0] % range);
}

export default { randomUUID, randomInt };
