// scan's window (`from`/`to`) and tokenAt's local search, which the editor's hover relies on.
import assert from 'node:assert/strict';
import { scan, tokenAt } from '../../src/core/scan';
import { mint } from './helpers/fixtures';

const tok = mint({ aud: 'x' }, { alg: 'RS256', typ: 'JWT' }, 'c2ln');

describe('scan window and tokenAt', () => {
  it('reports only tokens wholly inside [from, to)', () => {
    const text = `a ${tok} b ${tok} c`;
    const first = text.indexOf(tok);
    const second = text.indexOf(tok, first + 1);
    assert.deepEqual(scan(text).map((t) => t.start), [first, second]);
    assert.deepEqual(scan(text, first + 1).map((t) => t.start), [second]);
    assert.deepEqual(scan(text, 0, second + 5).map((t) => t.start), [first]);
    assert.deepEqual(scan(text, second, second + tok.length).map((t) => [t.start, t.end]), [[second, second + tok.length]]);
    assert.deepEqual(scan(text, 5, 3), []);
    assert.deepEqual(scan(text, -10, 1e9).length, 2);
  });

  it('does not start a token glued to a base64 character before the window', () => {
    const text = `x${tok}`;
    assert.deepEqual(scan(text, 1), []);
    assert.equal(scan(`%20${tok}`, 3).length, 1, 'a percent escape may precede a token');
  });

  it('finds the token under an offset at its start, middle and end, and nothing beside it', () => {
    const text = `Authorization: Bearer ${tok} trailing`;
    const s = text.indexOf(tok);
    for (const at of [s, s + 10, s + tok.length]) assert.deepEqual(tokenAt(text, at), { start: s, end: s + tok.length, kind: 'jws' });
    assert.equal(tokenAt(text, 3), null);
    assert.equal(tokenAt(text, text.length + 1), null);
  });

  it('stays local in a huge text without a token near the offset', () => {
    const text = 'A'.repeat(8 * 1024 * 1024) + ' ' + tok;
    const t0 = performance.now();
    assert.equal(tokenAt(text, 4 * 1024 * 1024), null);
    assert.ok(performance.now() - t0 < 200);
    assert.equal(tokenAt(text, text.length - 3)?.end, text.length);
  });
});
