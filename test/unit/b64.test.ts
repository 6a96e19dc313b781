// The one base64 module: Basic credentials (curl -u, .http `Basic user pass`) and base64 text in
// headers and HAR bodies go through the same two functions.
import assert from 'node:assert/strict';
import { decodeBase64Text, decodeSegmentText, utf8ToBase64 } from '../../src/core/b64';
import { findCurlCommands } from '../../src/core/http/curl';
import { expandAuthorization } from '../../src/core/http/httpFile';

describe('base64 (core/b64)', () => {
  it('writes UTF-8 as standard padded base64, and reads either alphabet back', () => {
    assert.equal(utf8ToBase64('user:pässword'), 'dXNlcjpww6Rzc3dvcmQ=');
    assert.equal(utf8ToBase64(''), '');
    for (const s of ['a', 'ab', 'abc', 'user:pässword', '日本語?>>', '😀']) {
      const b = utf8ToBase64(s);
      assert.equal(decodeBase64Text(b), s);
      assert.equal(decodeBase64Text(b.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')), s);
    }
    assert.equal(decodeBase64Text('not base64!'), null);
    assert.equal(decodeBase64Text('/w=='), null, 'not UTF-8');
    assert.equal(decodeSegmentText('eyJhIjoxfQ'), '{"a":1}');
    assert.equal(decodeSegmentText('eyJh+IjoxfQ'), null, 'a token segment is base64url only');
  });

  it('curl -u and a .http Basic shorthand give the same Authorization header', () => {
    const [curl] = findCurlCommands("curl -u 'user:pässword' https://a.test/");
    const expected = `Basic ${utf8ToBase64('user:pässword')}`;
    assert.equal(curl.headers.find((h) => h.name === 'Authorization')?.value, expected);
    assert.equal(expandAuthorization('Basic user pässword'), expected, 'REST Client sends the .http shorthand encoded');
    assert.equal(expandAuthorization('Basic user:pässword'), expected);
  });
});
