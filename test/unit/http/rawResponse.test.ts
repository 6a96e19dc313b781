import assert from 'node:assert/strict';
import { findRawResponses, parseRawResponse } from '../../../src/core/http/rawResponse';

describe('raw HTTP response', () => {
  it('reads the documented Partner Center MFA rejection', () => {
    const text = [
      'HTTP/1.1 401 Unauthorized - MFA required',
      'Transfer-Encoding: chunked',
      'Request-Context: appId=cid-v1:03ce8ca8-8373-4021-8f25-d5dd45c7b12f',
      'WWW-Authenticate: Bearer error="invalid_token"',
      'Date: Thu, 14 Feb 2019 21:54:58 GMT',
      '',
      '{"code":900421}',
      '',
    ].join('\r\n');
    const r = parseRawResponse('\uFEFF' + text)!;
    assert.equal(r.status, 401);
    assert.equal(r.statusText, 'Unauthorized - MFA required');
    assert.equal(r.httpVersion, '1.1');
    assert.deepEqual(r.headers[2], ['WWW-Authenticate', 'Bearer error="invalid_token"']);
    assert.equal(r.headers[1][1], 'appId=cid-v1:03ce8ca8-8373-4021-8f25-d5dd45c7b12f');
    assert.equal(r.body, '{"code":900421}');
  });

  it('finds responses after requests, HTTP/2 without reason, folded headers; null without a status line', () => {
    const text = 'GET https://a.test/\n\nHTTP/2 403\nx-a: 1\n  more\n\nbody\n###\nHTTP/1.0 200 OK\n';
    const rs = findRawResponses(text);
    assert.equal(rs.length, 2);
    assert.equal(rs[0].status, 403);
    assert.equal(rs[0].statusText, '');
    assert.equal(rs[0].line, 2);
    assert.deepEqual(rs[0].headers, [['x-a', '1 more']]);
    assert.equal(rs[0].body, 'body');
    assert.equal(rs[1].status, 200);
    assert.equal(parseRawResponse('hello'), null);
  });

  it('13.5: an indented block, continued header lines, and the docs\' loose "HTTP 401; Unauthorized" form', () => {
    const indented = ['Some prose.', '', '     HTTP/1.1 401 Unauthorized', '     WWW-Authenticate: Bearer realm="example",', '                       error="invalid_token"', '', '     {"a":1}', 'Back to prose.'].join('\n');
    const [r] = findRawResponses(indented);
    assert.equal(r.status, 401);
    assert.deepEqual(r.headers, [['WWW-Authenticate', 'Bearer realm="example", error="invalid_token"']]);
    assert.equal(r.body, '{"a":1}');
    const loose = findRawResponses('HTTP 401; Unauthorized\n\nwww-authenticate =Bearer error="insufficient_claims", claims="e30="\n');
    assert.equal(loose.length, 1);
    assert.equal(loose[0].statusText, 'Unauthorized');
    assert.equal(loose[0].httpVersion, '');
    assert.deepEqual(loose[0].headers, [['www-authenticate', 'Bearer error="insufficient_claims", claims="e30="']]);
    // Prose is not a response.
    assert.deepEqual(findRawResponses('HTTP 500 pages are served by the proxy\nwhen the backend is down.'), []);
  });
});
