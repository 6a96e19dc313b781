import assert from 'node:assert/strict';
import { DecodeCache, decode } from '../../src/core/decode';
import { mint } from './helpers/fixtures';

describe('DecodeCache', () => {
  const tokens = Array.from({ length: 20 }, (_, i) => mint({ n: i, pad: 'x'.repeat(100) }));
  const perToken = 64 + tokens[0].length * 2;

  it('returns what decode returns, and the same object on a hit', () => {
    const cache = new DecodeCache();
    const a = cache.get(tokens[0]);
    assert.deepEqual(a, decode(tokens[0]));
    assert.equal(cache.get(tokens[0]), a);
    assert.equal(cache.approxBytes, perToken);
  });

  it('does not thrash when a pass holds more distinct tokens than fit: what is kept keeps hitting', () => {
    const cache = new DecodeCache(perToken * 10 + 10);
    const first = tokens.map((t) => cache.get(t));
    assert.equal(cache.approxBytes, perToken * 10);
    for (let pass = 0; pass < 3; pass++) {
      const again = tokens.map((t) => cache.get(t));
      const hits = again.filter((v, i) => v === first[i]).length;
      assert.equal(hits, 10, `pass ${pass}: a plain LRU would hit 0 here`);
    }
  });

  it('evicts entries nobody has used for a long while', () => {
    const cache = new DecodeCache(perToken * 2 + 10);
    const stale = cache.get(tokens[0]);
    cache.get(tokens[1]);
    // Many lookups of one other token: tokens[0] goes stale and makes room for a new one.
    for (let i = 0; i < 20; i++) cache.get(tokens[1]);
    const fresh = cache.get(tokens[2]);
    assert.equal(cache.get(tokens[2]), fresh, 'the new token was kept');
    assert.notEqual(cache.get(tokens[0]), stale, 'the stale one was evicted');
  });
});
