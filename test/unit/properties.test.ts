import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decode } from '../../src/core/decode';
import { scan, tokenAt } from '../../src/core/scan';
import { b64, mint } from './helpers/fixtures';

// Text made of the characters tokens are built from, plus the ones that end them.
const tokenish = fc.string({ unit: fc.constantFrom(...'eyJwAo0k.-_abcXYZ019 "\'`&=#\n\r\t%'.split('')), maxLength: 400 });
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), tokenish);

describe('properties: scan and decode', () => {
  it('scan never throws and returns in-range, ordered, non-overlapping tokens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const found = scan(text);
        let last = 0;
        for (const t of found) {
          assert.ok(t.start >= last && t.start < t.end && t.end <= text.length);
          last = t.end;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('scan never returns overlapping tokens on text made of token parts (headers, payloads, dots, padding)', () => {
    // Real headers (signed, unsecured, JWE, white-space) and payloads glued in any order: the input
    // that made the old scanner return one token per `header.` of a repeated run.
    const part = fc.constantFrom(
      b64({ alg: 'none' }),
      b64({ alg: 'RS256', typ: 'JWT' }),
      b64({ alg: 'dir', enc: 'A128GCM' }),
      b64('{ "alg": "HS256" }'),
      b64({ a: 1 }),
      'c2ln',
      'eyJ',
      '.',
      '..',
      '=',
      '==',
      ' ',
      '%20',
      'x',
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        let last = 0;
        for (const t of scan(text)) {
          assert.ok(t.start >= last && t.start < t.end && t.end <= text.length, text);
          last = t.end;
        }
      }),
      { numRuns: 3000 },
    );
    const run = `${b64({ alg: 'none' })}.`.repeat(10000);
    const found = scan(run);
    for (let i = 1; i < found.length; i++) assert.ok(found[i].start >= found[i - 1].end);
    assert.equal(found.length, Math.floor(10000 / 3));
  });

  it('scan finds every real token embedded in arbitrary surroundings', () => {
    const sep = fc.constantFrom(' ', '"', "'", '`', '\n', '&', '=', ':', '(', ',');
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), sep, fc.integer({ min: 0, max: 1e9 }), sep, fc.string({ maxLength: 50 }), (pre, s1, n, s2, post) => {
        const tok = mint({ n });
        const text = `${pre}${s1}${tok}${s2}${post}`;
        const at = pre.length + 1;
        assert.ok(scan(text).some((t) => t.start === at && t.end === at + tok.length), text);
      }),
      { numRuns: 2000 },
    );
  });

  it('decode never throws, whatever the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const d = decode(text);
        assert.ok(d.kind === 'jws' || d.kind === 'jwe');
      }),
      { numRuns: 3000 },
    );
  });

  it('tokenAt agrees with scan on long runs of token parts', () => {
    const part = fc.constantFrom(mint({ n: 1 }), b64({ alg: 'dir', enc: 'A128GCM' }), b64({ a: 1 }), 'c2ln', '.', '..', 'eyJ', '=');
    fc.assert(
      fc.property(fc.array(part, { minLength: 10, maxLength: 60 }), fc.nat(), (parts, n) => {
        const text = parts.join('');
        const off = n % (text.length + 1);
        const t = tokenAt(text, off);
        const covering = scan(text).find((s) => s.start <= off && off <= s.end);
        if (t) assert.ok(scan(text).some((s) => s.start === t.start && s.end === t.end), text);
        else assert.equal(covering, undefined, text);
      }),
      { numRuns: 2000 },
    );
  });

  it('tokenAt agrees with scan', () => {
    fc.assert(
      fc.property(tokenish, fc.nat(), (text, n) => {
        const off = text.length ? n % (text.length + 1) : 0;
        const t = tokenAt(text, off);
        if (t) assert.ok(t.start <= off && off <= t.end && scan(text).some((s) => s.start === t.start && s.end === t.end));
      }),
      { numRuns: 2000 },
    );
  });
});
