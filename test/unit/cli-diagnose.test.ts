import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseNow } from '../../src/cli/common';
import { runDiagnose } from '../../src/cli/diagnose';
import { graphUser, harEntry, harText, NOW, NOW_S, pcApp, pcUser } from './helpers/fixtures';

const PC = 'https://api.partnercenter.microsoft.com/v1/customers';
const MFA_RES: Array<[string, string]> = [
  ['Request-Context', 'appId=cid-v1:03ce8ca8-8373-4021-8f25-d5dd45c7b12f'],
  ['WWW-Authenticate', 'Bearer error="invalid_token"'],
  ['MS-CorrelationId', 'corr-1'],
];

interface Run {
  code: number;
  out: string;
  err: string;
}

let dir: string;
const clock = { stdout() {}, stderr() {}, readStdin: async () => '', cwd: '.', env: {}, now: () => 0 };

async function run(args: string[], stdin = ''): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runDiagnose(args, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readStdin: async () => stdin,
    cwd: dir,
    env: {},
    now: () => NOW,
  });
  return { code, out, err };
}

async function write(name: string, text: string): Promise<string> {
  const p = path.join(dir, name);
  await fsp.mkdir(path.dirname(p), { recursive: true });
  await fsp.writeFile(p, text);
  return name;
}

describe('jwt-mfa diagnose (CLI)', function () {
  this.timeout(10000);
  const servers: http.Server[] = [];
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'jwt-mfa-diag-'));
  });
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    await fsp.rm(dir, { recursive: true, force: true });
  });

  async function serve(h: http.RequestListener): Promise<string> {
    const s = http.createServer(h);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it('HAR entry with the Partner Center MFA 401: JSON shape, ranked causes, exit 1, no whole token', async () => {
    const tok = pcUser(['pwd']);
    const f = await write('cap.har', harText([harEntry({ url: PC, auth: `Bearer ${tok}`, status: 401, statusText: 'Unauthorized - MFA required', resHeaders: MFA_RES }), harEntry({ url: PC })]));
    const r = await run([f, '--format', 'json']);
    assert.equal(r.code, 1, r.out + r.err);
    const j = JSON.parse(r.out);
    assert.deepEqual(Object.keys(j), ['request', 'response', 'token', 'causes']);
    assert.deepEqual(j.request, { method: 'GET', url: PC });
    assert.equal(j.response.status, 401);
    assert.equal(j.response.statusText, 'Unauthorized - MFA required');
    assert.deepEqual(j.response.headers, MFA_RES);
    assert.deepEqual(j.response.challenges, [{ scheme: 'Bearer', params: { error: 'invalid_token' } }]);
    assert.deepEqual(j.token.claims.amr, ['pwd']);
    // Positions as in scan: where the token sits in the HAR text.
    const text = await fsp.readFile(path.join(dir, f), 'utf8');
    const at = text.indexOf(tok);
    const lines = text.slice(0, at).split('\n');
    assert.deepEqual(j.token.start, { line: lines.length - 1, character: lines[lines.length - 1].length });
    assert.deepEqual(j.token.end, { line: lines.length - 1, character: lines[lines.length - 1].length + tok.length });
    assert.equal(j.token.signature, 'not-checked');
    assert.ok(j.token.findings.some((x: { code: string; request?: { line: number } }) => x.code === 'mfa-missing' && x.request));
    assert.equal(j.causes[0].code, 'mfa-missing');
    assert.equal(j.causes[0].confidence, 'high');
    assert.ok(Array.isArray(j.causes[0].evidence) && j.causes[0].evidence.every((e: unknown) => typeof e === 'string'));
    assert.ok(!r.out.includes(tok));
  });

  it('HAR exported sanitized: no-token explains it; --entry picks another entry (200: no causes, exit 0)', async () => {
    const f = await write('sanitized.har', harText([harEntry({ url: PC, status: 401, statusText: 'Unauthorized', resHeaders: MFA_RES }), harEntry({ url: PC, status: 200 })]));
    const r = await run([f, '--format=json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.token, null);
    assert.equal(j.causes[0].code, 'no-token');
    assert.match(j.causes[0].summary, /sanitized/);
    assert.match(j.causes[0].remedy, /sensitive data/);
    const r2 = await run([f, '--entry', '2', '--format', 'json']);
    assert.equal(r2.code, 0);
    assert.deepEqual(JSON.parse(r2.out).causes, []);
    const r3 = await run([f, '--entry', '3', '--format', 'json']);
    assert.equal(r3.code, 2);
    assert.match(JSON.parse(r3.out).error, /no entry 3/);
  });

  it('raw response file with the token from stdin (--token -) or a file (--token-file)', async () => {
    const tok = pcUser(['pwd']);
    const f = await write('resp.txt', 'HTTP/1.1 401 Unauthorized - MFA required\r\nWWW-Authenticate: Bearer error="invalid_token"\r\nMS-RequestId: r1\r\n\r\n');
    const r = await run([f, '--token', '-', '--format', 'json'], `${tok}\n`);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.request, null);
    assert.equal(j.causes[0].code, 'mfa-missing');
    await write('tok.txt', tok + '\n');
    const r2 = await run([f, '--token-file', 'tok.txt']);
    assert.equal(r2.code, 1);
    assert.match(r2.out, /mfa-missing/);
    assert.match(r2.out, /MS-RequestId=r1/);
    assert.ok(!r2.out.includes(tok));
    const r3 = await run([f, '--lang', 'ja']);
    assert.match(r3.out, /原因/);
  });

  it('a .http file without --send has no response: says so, exits 2, sends nothing', async () => {
    let hits = 0;
    const origin = await serve((_q, s) => {
      hits++;
      s.end();
    });
    const f = await write('a.http', `GET ${origin}/x\nAuthorization: Bearer abc\n`);
    const r = await run([f, '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(JSON.parse(r.out).error, /not a response|nothing was sent/);
    const r2 = await run([f]);
    assert.equal(r2.code, 2);
    assert.equal(r2.out, '');
    assert.equal(r2.err.trim().split('\n').length, 1);
    assert.equal(hits, 0);
  });

  it('--send replays a .http request with a JetBrains environment and diagnoses the live 401', async () => {
    const tok = graphUser();
    let seen: string | undefined;
    const origin = await serve((q, s) => {
      seen = q.headers.authorization;
      s.writeHead(401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="Invalid audience"', 'MS-CorrelationId': 'c9' });
      s.end('{"error":{"code":"InvalidAuthenticationTokenAudience","message":"Invalid audience"}}');
    });
    await write('req/http-client.env.json', JSON.stringify({ dev: { base: origin, token: tok } }));
    const f = await write('req/calls.http', '### first\nGET {{base}}/v1/customers\nAuthorization: Bearer {{token}}\n');
    const r = await run([f, '--send', '--allow', origin, '--env', 'dev', '--format', 'json']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.equal(seen, `Bearer ${tok}`);
    const j = JSON.parse(r.out);
    assert.equal(j.request.url, `${origin}/v1/customers`);
    assert.ok(j.causes.some((c: { code: string }) => c.code === 'audience-mismatch'));
    assert.ok(!r.out.includes(tok));
    const bad = await run([f, '--send', '--allow', origin, '--env', 'prod', '--format', 'json']);
    assert.equal(bad.code, 2);
    assert.match(JSON.parse(bad.out).error, /environment "prod" not found \(known: dev/);
  });

  it('--send uses REST Client environments from .vscode/settings.json and refuses unresolved variables', async () => {
    const tok = pcUser(['pwd', 'mfa']);
    let hits = 0;
    const origin = await serve((_q, s) => {
      hits++;
      s.end('{}');
    });
    await write('.vscode/settings.json', `// comments allowed\n{ "rest-client.environmentVariables": { "$shared": { "base": "${origin}" }, "local": { "token": "${tok}" } }, }`);
    const f = await write('r.rest', 'GET {{base}}/ok\nAuthorization: Bearer {{token}}\n\n###\nGET {{base}}/{{missing}}\n');
    const ok = await run([f, '--send', '--allow', origin, '--env', 'local', '--format', 'json']);
    assert.equal(ok.code, 0, ok.out);
    assert.deepEqual(JSON.parse(ok.out).causes, []);
    const un = await run([f, '--send', '--allow', origin, '--env', 'local', '--entry', '2']);
    assert.equal(un.code, 2);
    assert.match(un.err, /unresolved variable\(s\) \{\{missing\}\}/);
    assert.equal(hits, 1);
  });

  it('--send reads {{$dotenv NAME}} from the .env beside the file (or above it, within the folder), and never prints it (13.7)', async () => {
    const tok = await pcUser(['pwd']);
    let auth: string | undefined;
    const origin = await serve((q, s) => {
      auth = q.headers.authorization;
      s.writeHead(401, 'Unauthorized - MFA required');
      s.end();
    });
    await write('.env', `# read by {{$dotenv}}\nPC_TOKEN=${tok}\nBASE=${origin}\n`);
    const f = await write('sub/r.http', 'GET {{$dotenv BASE}}/v1/customers\nAuthorization: Bearer {{$dotenv PC_TOKEN}}\n');
    const r = await run([f, '--send', '--allow', origin, '--format', 'json']);
    assert.equal(r.code, 1, r.out);
    assert.equal(auth, `Bearer ${tok}`);
    assert.equal(JSON.parse(r.out).causes[0].code, 'mfa-missing');
    assert.ok(!r.out.includes(tok), 'the token is never printed whole');
    const missing = await write('sub/m.http', 'GET {{$dotenv BASE}}/x\nAuthorization: Bearer {{$dotenv NOPE}}\n');
    const un = await run([missing, '--send', '--allow', origin]);
    assert.equal(un.code, 2);
    assert.match(un.err, /unresolved variable\(s\) \{\{\$dotenv NOPE\}\}/);
  });

  it('--send reads a <@ body file with variables substituted and expands Basic credentials', async () => {
    let got: { body: string; auth?: string } = { body: '' };
    const origin = await serve((q, s) => {
      let b = '';
      q.on('data', (c) => (b += c));
      q.on('end', () => {
        got = { body: b, auth: q.headers.authorization };
        s.writeHead(403, 'Forbidden', { 'Content-Type': 'application/json' });
        s.end('{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}');
      });
    });
    await write('b/body.json', '{"who":"{{who}}"}');
    const f = await write('b/x.http', `@who = agent\nPOST ${origin}/p\nAuthorization: Basic u:p\n\n<@ ./body.json\n`);
    const r = await run([f, '--send', '--allow', origin, '--format', 'json']);
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(got, { body: '{"who":"agent"}', auth: `Basic ${Buffer.from('u:p').toString('base64')}` });
    const j = JSON.parse(r.out);
    assert.ok(j.causes.some((c: { code: string }) => c.code === 'insufficient-scope' || c.code === 'no-token'));
  });

  it('--send explains a refused connection and a timeout (exit 2)', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const f = await write('c.sh', `curl -H 'Authorization: Bearer x' http://127.0.0.1:${port}/\n`);
    const r = await run([f, '--send', '--allow', `http://127.0.0.1:${port}`, '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(JSON.parse(r.out).error, /Connection refused/);
    const origin = await serve(() => {});
    const g = await write('d.sh', `curl ${origin}/slow\n`);
    // The server never answers: only --timeout ends the exchange (the suite's hang guard is 10 s, the
    // default timeout 30 s), and the message names the timeout given, so the flag reached the sender.
    const r2 = await run([g, '--send', '--allow', origin, '--timeout', '200']);
    assert.equal(r2.code, 2);
    assert.match(r2.err, /within 200 ms \(timed out\)/);
  });

  it('usage and input errors: one line, exit 2', async () => {
    const cases: string[][] = [[], ['--bogus', 'x'], ['a', 'b'], ['missing.har'], ['x', '--now', 'yesterday'], ['x', '--format', 'xml'], ['x', '--entry', '0'], ['x', '--lang', 'fr']];
    for (const args of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, args.join(' '));
    }
    await write('bin.dat', Buffer.from([0, 1, 2, 3]).toString('latin1'));
    const b = await run(['bin.dat', '--format', 'json']);
    assert.equal(b.code, 2);
    assert.match(JSON.parse(b.out).error, /binary/);
    const none = await write('n.txt', 'just text');
    assert.match((await run([none])).err, /no HTTP response found/);
  });

  it('parses --now as ISO-8601 or unix seconds', () => {
    assert.equal(parseNow('2026-04-02T10:00:00Z', clock), NOW);
    assert.equal(parseNow(String(NOW / 1000), clock), NOW);
    assert.throws(() => parseNow('soon', clock));
  });

  it('--send against a loopback stand-in gives each cause code, and a 200 gives none', async () => {
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64');
    const answers: Record<string, [number, string, Record<string, string>, string]> = {
      '/mfa': [401, 'Unauthorized - MFA required', { 'WWW-Authenticate': 'Bearer error="invalid_token"', 'MS-CorrelationId': 'c' }, ''],
      '/aud': [401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, ''],
      '/expired': [401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' }, ''],
      '/nbf': [401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, ''],
      '/app': [403, 'Forbidden', {}, ''],
      '/claims': [401, 'Unauthorized', { 'WWW-Authenticate': `Bearer realm="", error="insufficient_claims", claims="${claims}"` }, ''],
      '/scope': [403, 'Forbidden', { 'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="Partner.ReadWrite"' }, ''],
      '/none': [401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer realm=""' }, ''],
      '/malformed': [401, 'Unauthorized', {}, '{"error":{"code":"InvalidAuthenticationToken","message":"CompactToken parsing failed with error code: 80049217"}}'],
      '/unknown': [401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer error="invalid_token"' }, ''],
      '/ok': [200, 'OK', {}, '{}'],
    };
    const origin = await serve((q, s) => {
      const [status, reason, headers, body] = answers[q.url!] ?? [404, 'Not Found', {}, ''];
      s.writeHead(status, reason, headers);
      s.end(body);
    });
    const good = pcUser(['pwd', 'mfa']);
    const cases: Array<[string, string | null, string | null]> = [
      ['/mfa', pcUser(['pwd']), 'mfa-missing'],
      ['/aud', graphUser(), 'audience-mismatch'],
      ['/expired', pcUser(['pwd', 'mfa'], { exp: NOW_S - 7200, iat: NOW_S - 9000, nbf: NOW_S - 9000 }), 'expired'],
      ['/nbf', pcUser(['pwd', 'mfa'], { nbf: NOW_S + 7200, iat: NOW_S + 7200, exp: NOW_S + 9000 }), 'not-yet-valid'],
      ['/app', pcApp(), 'app-only'],
      ['/claims', good, 'claims-challenge'],
      ['/scope', good, 'insufficient-scope'],
      ['/none', null, 'no-token'],
      ['/malformed', 'not-a-jwt', 'malformed'],
      ['/unknown', good, 'unknown'],
      ['/ok', good, null],
    ];
    const text = cases.map(([p, tok]) => `GET ${origin}${p}\n${tok ? `Authorization: Bearer ${tok}\n` : ''}`).join('\n###\n');
    const f = await write('stand-in.http', text);
    for (const [i, [p, tok, code]] of cases.entries()) {
      const r = await run([f, '--send', '--allow', origin, '--entry', String(i + 1), '--format', 'json']);
      const j = JSON.parse(r.out);
      if (code === null) {
        assert.equal(r.code, 0, p);
        assert.deepEqual(j.causes, [], p);
      } else {
        assert.equal(r.code, 1, `${p}: ${r.out}`);
        assert.equal(j.causes[0].code, code, `${p}: ${JSON.stringify(j.causes.map((c: { code: string; confidence: string }) => [c.code, c.confidence]))}`);
      }
      if (tok && tok.length > 20) assert.ok(!r.out.includes(tok), `${p}: token leaked`);
    }
  });
});
