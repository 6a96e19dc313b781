// Issue 13.7 in the CLI: `jwt-mfa scan` judges tokens defined in environments for the requests that
// use them, names each environment, and --env picks one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli as run } from './helpers/cli';
import { mint, userClaims } from './helpers/fixtures';

const cli = (args: string[], cwd: string) => run(args, { cwd });

describe('jwt-mfa scan with environments (13.7)', () => {
  let dir: string;
  const noMfa = mint(userClaims({ amr: ['pwd'] }));
  const good = mint(userClaims());
  const graph = mint(userClaims({ aud: 'https://graph.microsoft.com', amr: ['pwd'] }));
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-env-'));
    write('api/http-client.env.json', JSON.stringify({ dev: { host: 'https://api.partnercenter.microsoft.com' }, prod: { host: 'https://api.partnercenter.microsoft.com' } }, null, 2));
    write('api/http-client.private.env.json', `{\n  "dev": { "token": "${noMfa}" },\n  "prod": { "token": "${good}" }\n}\n`);
    write('api/customers.http', '### customers\nGET {{host}}/v1/customers\nAuthorization: Bearer {{token}}\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('judges the token of each environment for the request that uses it, each named, in JSON and text', async () => {
    const r = await cli(['scan', 'api/customers.http', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.err);
    const [file] = JSON.parse(r.out).files;
    assert.equal(file.tokens.length, 2);
    const dev = file.tokens.find((t: { from: { environments: string[] } }) => t.from.environments[0] === 'dev');
    assert.deepEqual(dev.from, { file: path.join('api', 'http-client.private.env.json'), variable: 'token', environments: ['dev'], start: { line: 1, character: 21 }, end: { line: 1, character: 21 + noMfa.length } });
    // Where the request uses it: the Authorization value on line 3.
    assert.deepEqual(dev.start, { line: 2, character: 15 });
    const mfa = dev.findings.find((f: { code: string }) => f.code === 'mfa-missing');
    assert.equal(mfa.severity, 'error');
    assert.deepEqual(mfa.request, { line: 1, url: 'https://api.partnercenter.microsoft.com/v1/customers', method: 'GET' });
    const prod = file.tokens.find((t: { from: { environments: string[] } }) => t.from.environments[0] === 'prod');
    assert.equal(prod.findings.length, 0);
    assert.ok(!r.out.includes(noMfa) && !r.out.includes(good), 'no whole token printed');

    const text = await cli(['scan', 'api/customers.http'], dir);
    assert.match(text.out, /from api[\\/]http-client\.private\.env\.json:2:22 \{\{token\}\}, environment dev/);
    assert.match(text.out, /error\s+mfa-missing/);
    assert.ok(!text.out.includes(noMfa));
  });

  it('--env picks one environment; an unknown one is a usage error', async () => {
    const prod = await cli(['scan', 'api/customers.http', '--env', 'prod', '--format', 'json'], dir);
    assert.equal(prod.code, 0, prod.err + prod.out);
    const http = JSON.parse(prod.out).files.find((f: { path: string }) => f.path.endsWith('customers.http'));
    assert.deepEqual(
      http.tokens.map((t: { from: { environments: string[] } }) => t.from.environments),
      [['prod']],
    );
    const bad = await cli(['scan', 'api', '--env', 'staging'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--env staging: no request file scanned has this environment/);
  });

  it('judges the token in the env file for the request files beside it (Graph token against Graph: no Partner Center warning)', async () => {
    write('g/http-client.env.json', `{\n  "dev": { "token": "${graph}" }\n}\n`);
    write('g/me.http', 'GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer {{token}}\n');
    const r = await cli(['scan', 'g', '--format', 'json'], dir);
    const files = JSON.parse(r.out).files;
    const env = files.find((f: { path: string }) => f.path.endsWith('http-client.env.json'));
    assert.equal(env.tokens.length, 1);
    const codes = env.tokens[0].findings.map((f: { code: string; severity: string }) => `${f.code}:${f.severity}`);
    assert.ok(!codes.some((c: string) => c.startsWith('audience-mismatch') || c === 'mfa-missing:error' || c === 'mfa-missing:warning'), codes.join());
    assert.equal(r.code, 0, r.out);
    // Alone (no request file uses it) the same token is judged against the expected audiences.
    rmSync(path.join(dir, 'g/me.http'));
    const alone = await cli(['scan', 'g/http-client.env.json', '--format', 'json'], dir);
    assert.ok(JSON.parse(alone.out).files[0].tokens[0].findings.some((f: { code: string }) => f.code === 'audience-mismatch'));
  });

  it('a token in .env read by {{$dotenv}} is judged, on the request and on the .env value', async () => {
    write('d/.env', `PC_TOKEN=${noMfa}\n`);
    write('d/r.http', 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$dotenv PC_TOKEN}}\n');
    const r = await cli(['scan', 'd/r.http', 'd/.env', '--format', 'json'], dir);
    const [http, dot] = JSON.parse(r.out).files;
    assert.equal(http.tokens[0].from.variable, '$dotenv PC_TOKEN');
    assert.equal(http.tokens[0].from.file, path.join('d', '.env'));
    assert.ok(http.tokens[0].findings.some((f: { code: string; severity: string }) => f.code === 'mfa-missing' && f.severity === 'error'));
    const f = dot.tokens[0].findings.find((x: { code: string }) => x.code === 'mfa-missing');
    assert.deepEqual(f.request, { line: 0, url: 'https://api.partnercenter.microsoft.com/v1/customers', method: 'GET', file: path.join('d', 'r.http') });
  });

  it('a token in a multi-line .env value (CRLF, \\n escapes) is reported where it is written', async () => {
    const text = `# CRLF\r\nNOTE="one\r\ntwo"\r\nexport PC_TOKEN="Partner Center\\n\r\n  ${noMfa}" # the token\r\n`;
    write('m/.env', text);
    write('m/r.http', 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$dotenv PC_TOKEN}}\n');
    const r = await cli(['scan', 'm/r.http', 'm/.env', '--format', 'json'], dir);
    const [http, dot] = JSON.parse(r.out).files;
    // Line 4 (0-based 4), after two spaces: where the token is written, not where the processed value has it.
    assert.deepEqual(http.tokens[0].from, { file: path.join('m', '.env'), variable: '$dotenv PC_TOKEN', environments: [], start: { line: 4, character: 2 }, end: { line: 4, character: 2 + noMfa.length } });
    // The .env file's own token is the same one, judged for the request.
    assert.deepEqual(dot.tokens[0].start, http.tokens[0].from.start);
    assert.equal(dot.tokens[0].findings.find((x: { code: string }) => x.code === 'mfa-missing').request.file, path.join('m', 'r.http'));
  });

  it('REST Client environments in .vscode/settings.json are read with their positions', async () => {
    write('.vscode/settings.json', `{\n  // REST Client\n  "rest-client.environmentVariables": { "$shared": {}, "local": { "token": "${noMfa}" } }\n}\n`);
    write('rc/x.rest', 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{token}}\n');
    const r = await cli(['scan', 'rc', '--format', 'json'], dir);
    const [file] = JSON.parse(r.out).files;
    assert.equal(file.tokens[0].from.file, path.join('.vscode', 'settings.json'));
    assert.deepEqual(file.tokens[0].from.environments, ['local']);
    assert.equal(file.tokens[0].from.start.line, 2);
  });

  it('diagnose explains a response saved below a request with the token from its environment; several need --env', async () => {
    write('api/saved.http', '### customers\nGET {{host}}/v1/customers\nAuthorization: Bearer {{token}}\n\nHTTP/1.1 401 Unauthorized - MFA required\nContent-Length: 0\n');
    const dev = await cli(['diagnose', 'api/saved.http', '--env', 'dev', '--format', 'json'], dir);
    assert.equal(dev.code, 1, dev.out + dev.err);
    const j = JSON.parse(dev.out);
    assert.equal(j.causes[0].code, 'mfa-missing');
    assert.equal(j.token.claims.amr[0], 'pwd');
    assert.ok(!dev.out.includes(noMfa), 'no whole token printed');
    const both = await cli(['diagnose', 'api/saved.http'], dir);
    assert.equal(both.code, 2);
    assert.match(both.err, /several environments define this file's values \(dev, prod\); choose the one request 1 was sent in with --env NAME/);
  });
});
