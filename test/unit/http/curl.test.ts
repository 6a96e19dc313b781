import assert from 'node:assert/strict';
import { curlAtOffset, findCurlCommands, parseCurl } from '../../../src/core/http/curl';

describe('curl parser', () => {
  it('reads -H, -X, --url, --data*, -L with POSIX quoting and backslash continuations', () => {
    const text = "$ curl -sS -X PATCH --url 'https://a.test/x?y=1' \\\n  -H \"Authorization: Bearer abc\" \\\n  -H 'X-Q: it'\\''s' --data-raw '{\"a\":\n1}' -d b=2 -L | jq .\nnext line";
    const [c, ...rest] = findCurlCommands(text);
    assert.equal(rest.length, 0);
    assert.equal(c.method, 'PATCH');
    assert.equal(c.url, 'https://a.test/x?y=1');
    assert.deepEqual(c.headers.map((h) => [h.name, h.value]), [
      ['Authorization', 'Bearer abc'],
      ['X-Q', "it's"],
    ]);
    assert.equal(c.body, '{"a":\n1}&b=2');
    assert.equal(c.followRedirects, true);
    assert.equal(c.line, 0);
    assert.equal(text.slice(c.start, c.start + 4), 'curl');
    const auth = c.headers[0];
    assert.equal(text.slice(auth.start, auth.end), '"Authorization: Bearer abc"');
  });

  it('reads --oauth2-bearer, -u, -I, $\'…\' and bundled short options', () => {
    const c = parseCurl("curl --oauth2-bearer tok -u 'us:pw' -I $'https://a.test/\\x41\\n'")!;
    assert.equal(c.method, 'HEAD');
    assert.equal(c.url, 'https://a.test/A\n');
    assert.deepEqual(c.headers.map((h) => h.value), ['Bearer tok', `Basic ${Buffer.from('us:pw').toString('base64')}`]);
    const d = parseCurl('curl -sXPOST -HAuthorization:\\ Bearer\\ q https://b.test')!;
    assert.equal(d.method, 'POST');
    assert.equal(d.headers[0].value, 'Bearer q');
    assert.equal(d.url, 'https://b.test');
  });

  it('reads Chrome "Copy as cURL (cmd)" with ^ escapes and continuations', () => {
    const text = 'curl ^"https://graph.microsoft.com/v1.0/me^" ^\r\n  -H ^"authorization: Bearer q.w.e^" ^\r\n  --compressed\r\nREM done';
    const [c] = findCurlCommands(text);
    assert.equal(c.url, 'https://graph.microsoft.com/v1.0/me');
    assert.deepEqual(c.headers.map((h) => [h.name, h.value]), [['authorization', 'Bearer q.w.e']]);
  });

  it('finds several commands with prompts, counts lines across continuations, ignores lookalikes', () => {
    const text = [
      'notcurl https://x',
      'curling is a sport',
      'PS C:\\> curl.exe https://ps.test/ `',
      '  -H "X: 1"',
      '> curl https://two.test/',
      '  curl   -H "a: b" https://three.test/',
    ].join('\n');
    const cs = findCurlCommands(text);
    assert.deepEqual(cs.map((c) => [c.line, c.url]), [
      [2, 'https://ps.test/'],
      [4, 'https://two.test/'],
      [5, 'https://three.test/'],
    ]);
    assert.equal(cs[0].headers[0].value, '1');
    assert.equal(parseCurl('wget x'), null);
  });

  it('defaults: POST with data, http:// without scheme, -G moves data into the query', () => {
    assert.equal(parseCurl('curl -d a=1 example.test')!.method, 'POST');
    assert.equal(parseCurl('curl -d a=1 example.test')!.url, 'http://example.test');
    const g = parseCurl('curl -G -d a=1 https://e.test/p')!;
    assert.equal(g.method, 'GET');
    assert.equal(g.url, 'https://e.test/p?a=1');
  });

  it('tolerates unterminated quotes', () => {
    const c = parseCurl("curl 'https://a.test/ -H \"x");
    assert.ok(c);
    assert.equal(c.url, 'https://a.test/ -H "x');
  });

  it('finds the command at the cursor, across continuation lines', () => {
    const text = 'echo hi\ncurl https://a.test/ \\\n  -H "X: 1"\necho bye\n';
    assert.equal(curlAtOffset(text, text.indexOf('X: 1'))?.url, 'https://a.test/');
    assert.equal(curlAtOffset(text, text.indexOf('bye')), undefined);
  });
});
