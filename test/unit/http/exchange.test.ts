import assert from 'node:assert/strict';
import { exchangeAtLine, listExchanges } from '../../../src/core/http/exchange';
import { harEntry, harText } from '../helpers/fixtures';

describe('exchanges of a document', () => {
  it('.http: requests with the response saved below them', () => {
    const text = [
      'GET https://api.partnercenter.microsoft.com/v1/customers',
      'Authorization: Bearer {{token}}',
      '',
      'HTTP/1.1 401 Unauthorized - MFA required',
      'WWW-Authenticate: Bearer error="invalid_token"',
      '',
      '###',
      'GET https://graph.microsoft.com/v1.0/me',
    ].join('\n');
    const xs = listExchanges(text, 'a.http', { environment: { token: 'T' } });
    assert.equal(xs.length, 2);
    assert.equal(xs[0].response?.statusText, 'Unauthorized - MFA required');
    assert.deepEqual(xs[0].request?.headers, [['Authorization', 'Bearer T']]);
    assert.equal(xs[0].label, 'GET https://api.partnercenter.microsoft.com/v1/customers → 401 Unauthorized - MFA required');
    assert.equal(xs[1].response, undefined);
    assert.equal(exchangeAtLine(xs, 4), xs[0]);
    assert.equal(exchangeAtLine(xs, 7), xs[1]);
  });

  it('HAR: entries with method, URL and status for the quick pick; sanitized entries flagged', () => {
    const text = harText([harEntry({ url: 'https://a.test/?access_token=eyJx.eyJy.z', status: 401, statusText: 'Unauthorized' }), harEntry({ method: 'POST', url: 'https://b.test/', auth: 'Bearer q' })]);
    const xs = listExchanges(text, 'x.har');
    assert.deepEqual(xs.map((x) => [x.source, x.index, x.hasAuthorization]), [
      ['har', 0, false],
      ['har', 1, true],
    ]);
    assert.equal(xs[0].label, 'GET https://a.test/?access_token=[redacted] → 401 Unauthorized');
    assert.equal(xs[1].label, 'POST https://b.test/ → 200 OK');
  });

  it('other files: curl commands and bare responses in line order; garbage gives nothing', () => {
    const text = 'HTTP/1.1 403 Forbidden\n\nbody\n\ncurl -X DELETE https://c.test/x\n';
    const xs = listExchanges(text, 'notes.txt');
    assert.deepEqual(xs.map((x) => [x.source, x.line, x.label]), [
      ['raw', 0, 'response → 403 Forbidden'],
      ['curl', 4, 'DELETE https://c.test/x'],
    ]);
    assert.deepEqual(listExchanges('\u0000\uFFFF{{', 'x.har'), []);
  });
});
