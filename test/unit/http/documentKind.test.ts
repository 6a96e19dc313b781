// One decision of what a document is, for every face. Pins the cases where the old copies disagreed:
// a HAR saved as .json, and a document that is .http only by its language id.
import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyze';
import { documentKind, isRequestDocument } from '../../../src/core/http/documentKind';
import { listExchanges } from '../../../src/core/http/exchange';
import { findRequestSites } from '../../../src/core/http/sites';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { harEntry, harText, NOW, pcUser } from '../helpers/fixtures';

const PC = 'https://api.partnercenter.microsoft.com/v1/customers';

describe('documentKind', () => {
  it('names .http/.rest by extension or language id, HAR by extension or content, Markdown, else text', () => {
    const har = harText([harEntry({ url: PC })]);
    const cases: Array<[Parameters<typeof documentKind>[0], string]> = [
      [{ fileName: '/w/calls.http' }, 'http'],
      [{ fileName: 'C:\\w\\CALLS.REST' }, 'http'],
      [{ fileName: 'Untitled-1', languageId: 'http' }, 'http'],
      [{ fileName: '/w/notes.txt', languageId: 'http', text: har }, 'http'],
      [{ fileName: '/w/a.har' }, 'har'],
      [{ fileName: '/w/export.json', languageId: 'json', text: har }, 'har'],
      [{ fileName: 'Untitled-2', languageId: 'plaintext', text: '\uFEFF' + har }, 'har'],
      [{ fileName: '-', text: har }, 'har'],
      [{ fileName: '/w/package.json', languageId: 'json', text: '{ "name": "x" }' }, 'text'],
      [{ fileName: '/w/README.md' }, 'markdown'],
      [{ fileName: 'Untitled-3', languageId: 'markdown' }, 'markdown'],
      [{ fileName: '/w/a.http.txt' }, 'text'],
      [{ fileName: '/w/.http/log' }, 'text'],
      [{ fileName: '' }, 'text'],
    ];
    for (const [doc, kind] of cases) assert.equal(documentKind(doc), kind, JSON.stringify(doc).slice(0, 120));
  });

  it('reads only the start of the text: a HAR is told by its first characters', () => {
    assert.equal(documentKind({ fileName: 'x.json', text: '{' + ' '.repeat(5000) + '"log": {}}' }), 'text');
    assert.equal(documentKind({ fileName: 'x.json', text: '{"log": {' + ' '.repeat(5_000_000) + '}}' }), 'har');
  });

  it('a HAR saved as .json is a request document: sites, exchanges and the Replay quick fix agree', async () => {
    const token = pcUser(['pwd']);
    const text = harText([harEntry({ url: PC, auth: `Bearer ${token}`, status: 401, statusText: 'Unauthorized' })]);
    const kind = documentKind({ fileName: '/w/export.json', languageId: 'json', text });
    assert.equal(kind, 'har');
    assert.ok(isRequestDocument(kind), 'Replay offers its quick fix in request documents');
    const sites = findRequestSites(text, { fileName: '/w/export.json', languageId: 'json' });
    assert.equal(sites.length, 1);
    assert.equal(sites[0].requests[0].url, PC);
    assert.deepEqual(listExchanges(text, { fileName: '/w/export.json', languageId: 'json' }).map((x) => x.source), ['har']);
    assert.deepEqual(listExchanges(text, '/w/export.txt').map((x) => x.source), ['har']);
  });

  it('a document that is .http only by its language id is .http to sites, exchanges and analysis', async () => {
    const token = pcUser(['pwd']);
    const text = `@token = ${token}\n\nGET ${PC}\nAuthorization: Bearer {{token}}\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token"\n`;
    const doc = { fileName: 'Untitled-1', languageId: 'http' };
    assert.equal(documentKind({ ...doc, text }), 'http');
    assert.ok(isRequestDocument('http'));
    const xs = listExchanges(text, doc, {});
    assert.deepEqual(xs.map((x) => x.source), ['http']);
    assert.equal(xs[0].request?.url, PC);
    assert.equal(xs[0].response?.status, 401);
    const sites = findRequestSites(text, doc);
    assert.deepEqual(sites.map((s) => s.requests.map((r) => r.line)), [[2]], 'the @token line is sent by the request on line 3');
    const settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };
    const [analysed] = analyzeText(text, { ...doc, settings, now: NOW });
    assert.deepEqual(analysed.requests.map((r) => r.url), [PC]);
    // The same text named plain text, with no language id, is not a request file.
    assert.deepEqual(listExchanges(text, 'Untitled-1').map((x) => x.source), ['raw']);
    assert.deepEqual(findRequestSites(text, 'Untitled-1'), []);
  });

  it('text and Markdown are not request documents', () => {
    assert.equal(isRequestDocument('text'), false);
    assert.equal(isRequestDocument('markdown'), false);
  });
});
