import assert from 'node:assert/strict';
import { scan, tokenAt } from '../../src/core/scan';
import { b64, mint } from './helpers/fixtures';

const TOK = mint({ aud: 'x', sub: 'y' });
const slices = (text: string) => scan(text).map((t) => text.slice(t.start, t.end));

describe('scan', () => {
  it('finds a token with exact boundaries in a code string, JSON, a log line and a header', () => {
    for (const [text, before] of [
      [`const t = "${TOK}";`, 'const t = "'],
      [`const t = '${TOK}';`, "const t = '"],
      [`{"access_token":"${TOK}","token_type":"Bearer"}`, '{"access_token":"'],
      [`2026-11-25T10:00:00Z INFO token=${TOK} user=x`, '2026-11-25T10:00:00Z INFO token='],
      [`Authorization: Bearer ${TOK}`, 'Authorization: Bearer '],
      ['Use `' + TOK + '` here', 'Use `'],
    ] as const) {
      const found = scan(text);
      assert.equal(found.length, 1, text);
      assert.equal(found[0].start, before.length, text);
      assert.equal(text.slice(found[0].start, found[0].end), TOK, text);
    }
  });

  it('stops at & and # in URL fragments and queries', () => {
    const text = `https://app.example/cb#access_token=${TOK}&token_type=Bearer&expires_in=3599`;
    assert.deepEqual(slices(text), [TOK]);
    assert.deepEqual(slices(`https://x.example/?id_token=${TOK}#frag`), [TOK]);
  });

  it('finds headers whose JSON starts with white space (eyA, ewo, ew0K, ewk)', () => {
    for (const headerJson of ['{ "alg": "RS256" }', '{\n  "alg": "RS256"\n}', '{\r\n "alg": "RS256"}', '{\t"alg":"RS256"}']) {
      const t = `${b64(headerJson)}.${b64({ a: 1 })}.c2ln`;
      assert.deepEqual(slices(`x ${t} y`), [t], JSON.stringify(headerJson));
    }
  });

  it('ignores candidates whose header is not a JSON object with alg', () => {
    assert.deepEqual(scan('eyJunk.eyJunk.abc and eyJhbGciOi.x.y'), []);
    assert.deepEqual(scan(`${b64('[1,2]')}.${b64({})}.sig`), []);
    assert.deepEqual(scan(`${b64({ typ: 'JWT' })}.${b64({})}.sig`), [], 'no alg');
    assert.deepEqual(scan('QUJDREVGRw==.SGVsbG8=.d29ybGQ='), [], 'other base64');
  });

  it('reports a token whose header decodes but whose payload does not', () => {
    const t = `${b64({ alg: 'RS256' })}.!!notb64.sig`;
    // `!` ends the payload segment, so the payload is empty and the signature segment is missing.
    assert.deepEqual(scan(t), []);
    const bad = `${b64({ alg: 'RS256' })}.bm90IGpzb24.sig`;
    assert.deepEqual(slices(bad), [bad]);
  });

  it('does not swallow a full stop after a complete token', () => {
    assert.deepEqual(slices(`End of sentence ${TOK}.`), [TOK]);
    assert.deepEqual(slices(`End of sentence ${TOK}. Next one.`), [TOK]);
    const unsigned = `${b64({ alg: 'none' })}.${b64({ a: 1 })}.`;
    assert.deepEqual(slices(`Unsecured: ${unsigned} `), [unsigned]);
    assert.deepEqual(slices(`Unsecured, empty: ${b64({ alg: 'none' })}.. `), [`${b64({ alg: 'none' })}..`]);
    assert.deepEqual(scan(`Empty: ${b64({ alg: 'RS256' })}.. `), [], 'a signed header with nothing after it is not a token');
    assert.deepEqual(scan(`Two segments only: ${b64({ alg: 'RS256' })}.${b64({ a: 1 })} end`), []);
  });

  it('finds a signed token printed without its signature (header.payload.), the final dot included', () => {
    const stripped = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: 'x' })}.`;
    for (const text of [`Authorization: Bearer ${stripped}\n`, `The token was ${stripped}`, `"${stripped}"`]) {
      const found = scan(text);
      assert.equal(found.length, 1, text);
      assert.equal(text.slice(found[0].start, found[0].end), stripped, text);
    }
  });

  it('finds segments ending in = padding and covers the padding', () => {
    const pad = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64'); // standard: keeps '='
    // Payloads whose length leaves 1 and 2 bytes over: '==' and '=' padding.
    for (const claims of [{ a: 1 }, { ab: 1 }, { abc: 1 }]) {
      const header = pad({ alg: 'RS256', typ: 'JWT' }).replace(/\+/g, '-').replace(/\//g, '_');
      const payload = pad(claims).replace(/\+/g, '-').replace(/\//g, '_');
      const t = `${header}.${payload}.c2lnbmF0dXJl`;
      assert.deepEqual(slices(`token=${t}&x=1`), [t], t);
      const padSig = `${header}.${payload}.c2lnbg==`;
      assert.deepEqual(slices(`"${padSig}"`), [padSig], padSig);
    }
    // Padding that does not complete a quantum is not padding: the token ends before it.
    assert.deepEqual(slices(`${TOK}=x`), [TOK]);
    assert.deepEqual(slices(`${TOK}==`), [TOK]);
    assert.deepEqual(scan(`${b64({ alg: 'RS256' })}===.${b64({ a: 1 })}.c2ln`), []);
  });

  it('cuts longer dotted runs to 3 segments, or 5 when the header has enc', () => {
    assert.deepEqual(slices(`${TOK}.more.segments`), [TOK]);
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jS2V5.aXY.Y2lwaGVy.dGFn`;
    assert.deepEqual(slices(`${jwe}.extra`), [jwe]);
    assert.equal(scan(jwe)[0].kind, 'jwe');
    assert.equal(scan(TOK)[0].kind, 'jws');
    const dirJwe = `${b64({ alg: 'dir', enc: 'A128GCM' })}..aXY.Y2lwaGVy.dGFn`;
    assert.deepEqual(slices(dirJwe), [dirJwe], 'empty encrypted key');
  });

  it('does not start inside a longer base64url run', () => {
    assert.deepEqual(scan(`abc${TOK}`), []);
    assert.deepEqual(slices(`Bearer%20${TOK}`), [TOK]);
  });

  it('finds several tokens in order, without overlap', () => {
    const a = mint({ n: 1 });
    const b = mint({ n: 2 });
    const text = `${a}\n${b}\r\n${a}\r${b}`;
    const found = scan(text);
    assert.deepEqual(
      found.map((t) => text.slice(t.start, t.end)),
      [a, b, a, b],
    );
    for (let i = 1; i < found.length; i++) assert.ok(found[i].start >= found[i - 1].end);
  });

  it('finds headers whose "alg" falls at each of the three base64 alignments, however the forms mix', () => {
    // `"alg"` at a byte offset of 1, 2 or 0 modulo 3 in the header: its base64 holds JhbGci, iYWxnI or ImFsZy.
    const headers = [{ alg: 'RS256' }, '{ "alg": "RS256" }', { kid: 'ab', alg: 'RS256' }, { kid: 'k', alg: 'RS256' }];
    const forms = headers.map((h) => ['JhbGci', 'iYWxnI', 'ImFsZy'].find((f) => b64(h).includes(f)));
    assert.equal(new Set(forms).size, 3, 'the headers cover the three alignments');
    const tokens = headers.map((h, n) => mint({ n }, h as Record<string, unknown>));
    // One form dense, the others rare and far apart, at the start and at the end: the search for a
    // rare form only looks between the tokens found by the others, and must still see them all.
    const order = [1, ...Array.from({ length: 300 }, (_, k) => (k === 100 ? 2 : k === 200 ? 3 : 0)), 2, 1];
    const text = order.map((k) => `line ${tokens[k]} end`).join('\n');
    assert.deepEqual(slices(text), order.map((k) => tokens[k]));
    // Windows that cut through the text find the same tokens, each wholly inside.
    for (const [from, to] of [[7, text.length], [text.length >> 2, text.length >> 1], [0, text.length - 5]]) {
      const want = scan(text).filter((t) => t.start >= from && t.end <= to);
      assert.deepEqual(scan(text, from, to), want, `${from}-${to}`);
    }
  });

  it('returns no token, and does not throw, on megabytes of one run holding "alg" forms', () => {
    // Each form makes its run a candidate; a 10 MB header-like run once overflowed the regex stack.
    const run = `eyJ${'JhbGci'.repeat(10 * 1024 * 1024 / 6)}`;
    assert.deepEqual(scan(`${run}.eyJ.c2ln`), []);
    assert.deepEqual(scan(`x ${run.slice(3)} ${'JhbGci '.repeat(1000)}${TOK}`).length, 1);
  });

  it('respects from/to bounds', () => {
    const text = `${TOK} ${TOK}`;
    assert.equal(scan(text, 1).length, 1);
    assert.equal(scan(text, 0, TOK.length - 1).length, 0);
  });
});

describe('tokenAt', () => {
  const text = `prefix "${TOK}" suffix`;
  const start = text.indexOf(TOK);
  it('finds the token under an offset, its edges included', () => {
    for (const off of [start, start + 5, start + TOK.length]) {
      const t = tokenAt(text, off);
      assert.ok(t, `offset ${off}`);
      assert.equal(t!.start, start);
      assert.equal(t!.end, start + TOK.length);
    }
  });
  it('returns null away from tokens and for offsets out of range', () => {
    assert.equal(tokenAt(text, 2), null);
    assert.equal(tokenAt(text, -1), null);
    assert.equal(tokenAt(text, text.length + 1), null);
  });
  it('finds the token only from the text around the offset', () => {
    const big = 'x '.repeat(100000) + TOK + ' y';
    const t = tokenAt(big, 200000 + 3);
    assert.equal(t?.start, 200000);
  });
  it('splits a run of glued headers and tokens as scan does, at every offset (a case fast-check found)', () => {
    // A JWE header, dots, then signed tokens glued on: a scan started 10 dots back read the run out of
    // step with the full scan, and found no token at offsets the full scan covers.
    const jwe = b64({ alg: 'dir', enc: 'A128GCM' });
    const jws = mint({ n: 1 });
    const run = [jwe, '..', '..', jwe, '.', jws, jwe, '.', jws, 'eyJ', jws, jws].join('');
    const whole = scan(run);
    assert.ok(whole.length >= 3);
    for (let off = 0; off <= run.length; off++) {
      const covering = whole.find((s) => s.start <= off && off <= s.end);
      assert.deepEqual(tokenAt(run, off), covering ?? null, `offset ${off}`);
    }
  });
});
