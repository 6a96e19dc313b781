// scan's window (`from`/`to`) and tokenAt's local search, which the editor's hover relies on.
import assert from 'node:assert/strict';
import { scan, scanProbe, tokenAt } from '../../src/core/scan';
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
    // Work, not time: the characters the token regex runs over (scanProbe) for a hover in the middle
    // of an 8 MB and of a 32 MB run do not grow with the text, and are a fraction of it.
    const scanned = (text: string, at: number) => {
      let chars = 0;
      scanProbe.window = (from, to) => (chars += to - from);
      try {
        return { token: tokenAt(text, at), chars };
      } finally {
        delete scanProbe.window;
      }
    };
    const MB = 1024 * 1024;
    const text = 'A'.repeat(8 * MB) + ' ' + tok;
    const small = scanned(text, 4 * MB);
    assert.equal(small.token, null);
    assert.ok(small.chars > 0, 'the text around the offset is scanned');
    assert.ok(small.chars < 3 * MB, `${small.chars} characters scanned for one hover`);
    const large = scanned('A'.repeat(32 * MB) + ' ' + tok, 16 * MB);
    assert.equal(large.token, null);
    assert.equal(large.chars, small.chars, 'four times the text, the same work');
    const end = scanned(text, text.length - 3);
    assert.equal(end.token?.end, text.length);
    assert.equal(end.token?.start, text.length - tok.length);
    assert.ok(end.chars <= small.chars, 'finding the token at the end scans no more');
  });
});
