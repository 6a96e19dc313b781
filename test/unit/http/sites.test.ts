import assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyze';
import { findRequestSites } from '../../../src/core/http/sites';
import { scan } from '../../../src/core/scan';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { graphUser, harEntry, harText, NOW, pcUser } from '../helpers/fixtures';

const settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };
const PC = 'https://api.partnercenter.microsoft.com/v1/customers';
const GRAPH = 'https://graph.microsoft.com/v1.0/me';

function codes(fs: Array<{ code: string; request?: { line: number } }>): string[] {
  return fs.map((f) => (f.request ? `${f.code}@${f.request.line}` : f.code)).sort();
}

describe('request sites and analyzeText', () => {
  it('.http: a Graph token sent to Partner Center is audience-mismatch; a PC token sent to Graph too', async () => {
    const g = graphUser();
    const p = pcUser(['pwd', 'mfa']);
    const text = `GET ${PC}\nAuthorization: Bearer ${g}\n\n###\nGET ${GRAPH}\nAuthorization: Bearer ${p}\n`;
    const sites = findRequestSites(text, 'calls.http');
    assert.equal(sites.length, 2);
    const tokens = scan(text);
    assert.deepEqual(sites.map((s) => [s.start, s.end]), tokens.map((t) => [t.start, t.end]));
    const res = analyzeText(text, { fileName: 'calls.http', settings, now: NOW });
    assert.deepEqual(res[0].requests, [{ method: 'GET', url: PC, line: 0 }]);
    assert.ok(codes(res[0].findings).includes('audience-mismatch@0'));
    assert.deepEqual(res[1].requests, [{ method: 'GET', url: GRAPH, line: 4 }]);
    assert.ok(codes(res[1].findings).includes('audience-mismatch@4'));
    const pcFinding = res[1].findings.find((f) => f.code === 'audience-mismatch')!;
    assert.equal(pcFinding.severity, 'error');
  });

  it('.rest: a token defined once as @token and sent by several requests is judged per request', async () => {
    const p = pcUser(['pwd']);
    const text = [
      `@token = ${p}`,
      '@auth = Bearer {{token}}',
      '',
      `GET ${PC}`,
      'Authorization: {{auth}}',
      '',
      '###',
      `POST ${PC}/abc/orders`,
      'Authorization: Bearer {{token}}',
      '',
      '###',
      'GET https://example.test/no-token',
    ].join('\r\n');
    const sites = findRequestSites(text, 'x.rest');
    assert.equal(sites.length, 1);
    assert.deepEqual(sites[0].requests.map((r) => [r.method, r.line]), [
      ['GET', 3],
      ['POST', 7],
    ]);
    const [t] = analyzeText(text, { fileName: 'x.rest', settings, now: NOW });
    assert.deepEqual(codes(t.findings).filter((c) => c.startsWith('mfa-missing')), ['mfa-missing@3', 'mfa-missing@7']);
  });

  it('.http with a BOM: offsets still match scan()', async () => {
    const g = graphUser();
    const text = `\uFEFFGET ${PC}\r\nAuthorization: Bearer ${g}\r\n`;
    const sites = findRequestSites(text, 'a.http');
    assert.equal(sites.length, 1);
    assert.equal(text.slice(sites[0].start, sites[0].end), g);
  });

  it('HAR: a token maps to its entry’s request', async () => {
    const g = graphUser();
    const p = pcUser(['pwd']);
    const text = harText([harEntry({ url: PC, auth: `Bearer ${g}`, status: 401 }), harEntry({ url: GRAPH, auth: `Bearer ${p}` }), harEntry({ url: GRAPH, body: `{"t":"${p}"}` })]);
    const res = analyzeText(text, { fileName: 'capture.har', settings, now: NOW });
    assert.equal(res.length, 3); // the token in the response body is found but not sent
    assert.equal(res[0].requests[0].url, PC);
    assert.ok(codes(res[0].findings).some((c) => c.startsWith('audience-mismatch@')));
    assert.equal(res[1].requests[0].url, GRAPH);
    assert.ok(codes(res[1].findings).some((c) => c.startsWith('audience-mismatch@')));
    assert.deepEqual(res[2].requests, []);
  });

  it('curl lines in any file: per command; mfa-missing names the request', async () => {
    const p = pcUser(['pwd']);
    const text = `# notes\n\ncurl -H "Authorization: Bearer ${p}" ${PC}\n\ncurl --oauth2-bearer ${p} \\\n  ${GRAPH}\n`;
    const res = analyzeText(text, { fileName: 'notes.md', settings, now: NOW });
    assert.equal(res.length, 2);
    assert.deepEqual(res[0].requests, [{ method: 'GET', url: PC, line: 2 }]);
    assert.ok(codes(res[0].findings).includes('mfa-missing@2'));
    assert.deepEqual(res[1].requests, [{ method: 'GET', url: GRAPH, line: 4 }]);
    assert.ok(codes(res[1].findings).includes('audience-mismatch@4'));
  });

  it('Markdown: requests in ```http fences are sites, with document lines', async () => {
    const g = graphUser();
    const text = `# Doc\n\n\`\`\`http\nGET ${PC}\nAuthorization: Bearer ${g}\n\`\`\`\n\nGET ${PC} outside a fence\n`;
    const res = analyzeText(text, { fileName: 'README.md', settings, now: NOW });
    assert.equal(res.length, 1);
    assert.deepEqual(res[0].requests, [{ method: 'GET', url: PC, line: 3 }]);
    assert.ok(codes(res[0].findings).includes('audience-mismatch@3'));
  });

  it('never throws on garbage', () => {
    for (const name of ['a.http', 'a.har', 'a.txt', 'a.json', 'a.md']) assert.deepEqual(findRequestSites('{{{{ ### "\\', name), []);
  });
});
