// Issue 13 point 8 in the CLI and the diagnosis: a request whose token is made when it is sent is
// reported as such by scan (text and JSON) and diagnose, never as "no token".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli as run } from './helpers/cli';
import { diagnose } from '../../src/core/diagnose';
import { diagnosisText } from '../../src/core/diagnosisText';
import { listExchanges } from '../../src/core/http/exchange';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { NOW } from './helpers/fixtures';

const AAD = 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$aadToken}}\n';
const LOGIN = '# @name login\nPOST https://x.test/login\n\n###\n@tok = {{login.response.body.$.access_token}}\nGET https://x.test/me\nAuthorization: Bearer {{tok}}\n';

const cli = (args: string[], cwd: string) => run(args, { cwd });

describe('tokens made when sent: CLI and diagnosis (13.8)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-minted-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scan says "made when sent" per request, not "no tokens found", in text and JSON', async () => {
    writeFileSync(path.join(dir, 'a.http'), AAD);
    writeFileSync(path.join(dir, 'b.http'), LOGIN);
    const text = await cli(['scan', 'a.http', 'b.http'], dir);
    assert.equal(text.code, 0);
    assert.doesNotMatch(text.out, /no tokens found/);
    assert.match(text.out, /a\.http\n {2}1:1 {2}made when sent {2}\{\{\$aadToken\}\} {2}\(GET https:\/\/api\.partnercenter\.microsoft\.com\/v1\/customers\): the token is made when the request is sent; it cannot be judged from the file\n/);
    assert.match(text.out, /b\.http\n {2}6:1 {2}made when sent {2}\{\{login\.response\.body\.\$\.access_token\}\}/);
    assert.match(text.out, /0 tokens, 0 errors, 0 warnings, 2 made when sent \(not judged\)\n$/);
    const json = JSON.parse((await cli(['scan', 'a.http', '--format', 'json'], dir)).out);
    assert.deepEqual(json.files[0].minted, [{ line: 0, method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', kind: 'aad', expression: '{{$aadToken}}' }]);
    const ja = await cli(['scan', 'a.http', '--lang', 'ja'], dir);
    assert.match(ja.out, /送信時に取得/);
  });

  it('scan reads Markdown ```http / ```rest fences as .http files: the request in a fence is "made when sent", prose is not', async () => {
    writeFileSync(path.join(dir, 'README.md'), `# Calling Partner Center\n\nAuthorization: Bearer {{$aadToken}} in prose\n\n\`\`\`http\n${AAD}\`\`\`\n`);
    const text = await cli(['scan', 'README.md'], dir);
    assert.equal(text.code, 0);
    assert.match(text.out, /README\.md\n {2}6:1 {2}made when sent {2}\{\{\$aadToken\}\} {2}\(GET https:\/\/api\.partnercenter\.microsoft\.com\/v1\/customers\)/);
    assert.match(text.out, /0 tokens, 0 errors, 0 warnings, 1 made when sent \(not judged\)\n$/);
    const json = JSON.parse((await cli(['scan', 'README.md', '--format', 'json'], dir)).out);
    assert.deepEqual(json.files[0].minted, [{ line: 5, method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers', kind: 'aad', expression: '{{$aadToken}}' }]);
  });

  it('a file without such requests keeps its output (no minted key, "no tokens found")', async () => {
    writeFileSync(path.join(dir, 'c.http'), 'GET https://x.test/\nAuthorization: Bearer {{$processEnv TOKEN}}\n');
    assert.equal((await cli(['scan', 'c.http'], dir)).out, 'no tokens found\n');
    assert.equal(JSON.parse((await cli(['scan', 'c.http', '--format', 'json'], dir)).out).files[0].minted, undefined);
  });

  it('diagnose says the token is made when sent and sends nothing without --token', async () => {
    writeFileSync(path.join(dir, 'a.http'), AAD);
    const r = await cli(['diagnose', 'a.http', '--send'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /request 1 \(GET https:\/\/api\.partnercenter\.microsoft\.com\/v1\/customers\) gets its token when it is sent \(\{\{\$aadToken\}\}\): it cannot be judged from the file/);
    assert.match(r.err, /--token or --token-file \(jwt-mfa token --az --print/);
    assert.doesNotMatch(r.err, /unresolved|no token/i);
  });

  it('a saved 401 under such a request: the diagnosis says "made when sent", with no no-token cause', () => {
    const text = `${AAD}\nHTTP/1.1 401 Unauthorized - MFA required\nWWW-Authenticate: Bearer error="invalid_token"\n\n`;
    const x = listExchanges(text, 'a.http')[0];
    assert.equal(x.request?.minted, '{{$aadToken}}');
    const d = diagnose({ request: { method: x.request!.method, url: x.request!.url, headers: x.request!.headers, line: 0, minted: x.request!.minted }, response: x.response!, source: 'http', settings: DEFAULT_SETTINGS, now: NOW });
    assert.equal(d.authorization, 'minted');
    assert.ok(!d.causes.some((c) => c.code === 'no-token'), d.causes.map((c) => c.code).join());
    assert.equal(d.causes[0].code, 'mfa-missing', "the server's words still rank first");
    const out = diagnosisText(d, 'en');
    assert.match(out, /The token is made when the request is sent \(\{\{\$aadToken\}\}\): it cannot be judged from the file\./);
    assert.doesNotMatch(out, /No token was sent/);
    // Without the minted mark the same request reads as an unresolved variable: no token.
    const plain = diagnose({ request: { method: 'GET', url: x.request!.url, headers: x.request!.headers }, response: x.response!, settings: DEFAULT_SETTINGS, now: NOW });
    assert.equal(plain.authorization, 'unresolved');
  });
});
