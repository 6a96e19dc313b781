import assert from 'node:assert/strict';
import { looksLikeHar, readHar } from '../../../src/core/http/har';
import { harEntry, harText } from '../helpers/fixtures';

describe('HAR reader', () => {
  it('reads entries: request, response, status text, ordered headers, base64 content', () => {
    const text = harText([
      harEntry({ url: 'https://a.test/1', auth: 'Bearer abc', status: 401, statusText: 'Unauthorized - MFA required', resHeaders: [['WWW-Authenticate', 'Bearer error="invalid_token"'], ['X-A', '1'], ['x-a', '2']], body: '{"e":1}', base64: true }),
      harEntry({ method: 'post', url: 'https://a.test/2' }),
    ]);
    const har = readHar(text);
    assert.equal(har.error, undefined);
    assert.equal(har.creator, 'test');
    assert.equal(har.entries.length, 2);
    const [e0, e1] = har.entries;
    assert.equal(e0.request.method, 'GET');
    assert.deepEqual(e0.request.headers, [['Accept', '*/*'], ['Authorization', 'Bearer abc']]);
    assert.equal(e0.response!.status, 401);
    assert.equal(e0.response!.statusText, 'Unauthorized - MFA required');
    assert.deepEqual(e0.response!.headers.map((h) => h[0]), ['WWW-Authenticate', 'X-A', 'x-a']);
    assert.equal(e0.response!.body, '{"e":1}');
    assert.equal(e0.hasAuthorization, true);
    assert.equal(e1.hasAuthorization, false);
    assert.equal(e1.request.method, 'POST');
    // The offset map points at the Authorization value (with its quotes) and the URL.
    const [a, b] = e0.credentialRanges.find(([s]) => text.slice(s, s + 8) === '"Bearer ')!;
    assert.equal(text.slice(a, b), '"Bearer abc"');
    assert.equal(text.split('\n')[e0.line].trim(), '{');
  });

  it('tolerates a BOM (offsets stay those of the text), trailing commas, and reports non-HAR input', () => {
    const text = '\uFEFF' + harText([harEntry({ url: 'https://a.test/', auth: 'Bearer zzz' })]);
    const har = readHar(text);
    assert.equal(har.entries.length, 1);
    const [s, e] = har.entries[0].credentialRanges[0];
    assert.equal(text.slice(s, e), '"https://a.test/"');
    assert.ok(readHar('not json').error);
    assert.ok(readHar('{"log":{}}').error);
    assert.ok(readHar('[1,2]').error);
    assert.ok(looksLikeHar(text));
    assert.ok(!looksLikeHar('{"a":1}'));
  });
});
