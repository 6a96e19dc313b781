import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, createWriteStream, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { localeFrom } from '../../src/cli/common';
import { cli } from './helpers/cli';
import { b64, keyPair, mint, NOW_S, userClaims } from './helpers/fixtures';

describe('jwt-mfa CLI', () => {
  let dir: string;
  const noMfa = mint(userClaims({ amr: ['pwd'] }));
  const good = mint(userClaims());
  const expired = mint(userClaims({ exp: NOW_S - 7200 }));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('decode shows a hostile claim with the same characters escaped as hovers and the inspector', async () => {
    const r = await cli(['decode', mint(userClaims({ name: 'ad\u00ADmin\uFE0F\u3164x\u202Eyz' }))], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ad\\u00admin\\ufe0f\\u3164x\\u202eyz/);
    assert.doesNotMatch(r.out, /[\u00AD\uFE0F\u3164\u202E]/);
  });

  it('scan never prints a credential a request URL carries (a token in the query, code=, user:pass@), in any format', async () => {
    writeFileSync(path.join(dir, 'a.http'), `GET https://u:pa55w0rd@api.partnercenter.microsoft.com/v1/customers?access_token=${noMfa}&code=c0de-4f9a-77e1&page=2\nAuthorization: Bearer ${noMfa}\n`);
    for (const format of ['json', 'text', 'sarif']) {
      const r = await cli(['scan', 'a.http', '--format', format], { cwd: dir });
      assert.equal(r.code, 1, r.err);
      for (const secret of [noMfa.split('.')[1], noMfa.split('.')[2], 'c0de-4f9a-77e1', 'pa55w0rd']) assert.ok(!r.out.includes(secret), `${format} output holds ${secret.slice(0, 12)}`);
      if (format === 'json') assert.equal(JSON.parse(r.out).files[0].tokens[0].findings[0].request.url, 'https://[redacted]@api.partnercenter.microsoft.com/v1/customers?access_token=[redacted]&code=[redacted]&page=2');
      if (format === 'text') assert.match(r.out, /sent to GET https:\/\/\[redacted\]@api\.partnercenter\.microsoft\.com\/v1\/customers\?access_token=\[redacted\]/);
    }
  });

  it('scan reads a pipe (size 0, no seeking: `<(cmd)`) whole, and an empty file', async () => {
    const fifo = path.join(dir, 'pipe.log');
    execFileSync('mkfifo', [fifo]);
    // The writer opens when the reader does; what it writes comes after the size (0) the reader measured.
    const writer = createWriteStream(fifo);
    writer.end(`first line\nAuthorization: Bearer ${noMfa}\n`);
    const r = await cli(['scan', 'pipe.log', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.err);
    const [file] = JSON.parse(r.out).files;
    assert.equal(file.tokens.length, 1);
    assert.deepEqual(file.tokens[0].start, { line: 1, character: 22 });
    writeFileSync(path.join(dir, 'empty.log'), '');
    const e = await cli(['scan', 'empty.log', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(e.out).files, [{ path: 'empty.log', tokens: [] }]);
  });

  it('scan --format json gives positions in UTF-16 units, ignoring a BOM, across CRLF lines', async () => {
    writeFileSync(path.join(dir, 'a.log'), `\uFEFFline one 日本\r\nx = "${noMfa}"\r\n${good}\n`);
    const r = await cli(['scan', 'a.log', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.version, 1);
    const [file] = json.files;
    assert.equal(file.path, 'a.log');
    assert.equal(file.tokens.length, 2);
    assert.deepEqual(file.tokens[0].start, { line: 1, character: 5 });
    assert.deepEqual(file.tokens[0].end, { line: 1, character: 5 + noMfa.length });
    assert.deepEqual(file.tokens[1].start, { line: 2, character: 0 });
    assert.equal(file.tokens[0].kind, 'jws');
    assert.equal(file.tokens[0].signature, 'not-checked');
    assert.equal(file.tokens[0].claims.name, '山田 太郎');
    assert.deepEqual(
      file.tokens[0].findings.map((f: { code: string; severity: string }) => [f.code, f.severity]),
      [['mfa-missing', 'error']],
    );
    assert.ok(file.tokens[0].findings[0].message && file.tokens[0].findings[0].remedy);
    assert.ok(!r.out.includes(noMfa), 'JSON never carries the raw token');
  });

  it('exits 0 without error findings and prints text with tokens redacted', async () => {
    writeFileSync(path.join(dir, 'b.md'), `Token: \`${expired}\`\n`);
    const r = await cli(['scan', 'b.md'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.out, /expired/);
    assert.match(r.out, /\[redacted\]/);
    assert.ok(!r.out.includes(expired));
  });

  it('--lang ja writes redaction\'s marker in Japanese in text (token and URL), never the token; JSON keeps [redacted]', async () => {
    const secret = 'c0de-4f9a-77e1';
    // A token written in, and a request whose token is made when sent, at a URL holding a credential.
    writeFileSync(
      path.join(dir, 'r.http'),
      `GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer ${noMfa}\n\n###\nGET https://api.partnercenter.microsoft.com/v1/invoices?code=${secret}\nAuthorization: Bearer {{$aadToken}}\n`,
    );
    const ja = await cli(['scan', 'r.http', '--lang', 'ja'], { cwd: dir });
    assert.equal(ja.code, 1, ja.err);
    const [h, p] = noMfa.split('.');
    const line = ja.out.split('\n').find((l) => l.includes(h))!;
    assert.ok(line.includes(`${h}.${p.slice(0, 8)}…[マスク済み]`), line);
    assert.match(ja.out, /invoices\?code=\[マスク済み\]/);
    assert.doesNotMatch(ja.out, /redacted/);
    for (const s of [noMfa, p.slice(0, 9), noMfa.split('.')[2], secret]) assert.ok(!ja.out.includes(s), `no ${s.slice(0, 12)}… in the output`);
    const decoded = await cli(['decode', noMfa, '--lang', 'ja'], { cwd: dir });
    assert.ok(decoded.out.startsWith(`トークン ${h}.${p.slice(0, 8)}…[マスク済み]`), decoded.out.slice(0, 200));
    const en = await cli(['scan', 'r.http'], { cwd: dir });
    assert.match(en.out, /invoices\?code=\[redacted\][\s\S]*…\[redacted\]/);
    const json = await cli(['scan', 'r.http', '--lang', 'ja', '--format', 'json'], { cwd: dir });
    assert.match(JSON.parse(json.out).files[0].minted[0].url, /invoices\?code=\[redacted\]$/, 'JSON is for programs: the marker stays');
    assert.doesNotMatch(json.out, /マスク済み/);
  });

  it('scans folders recursively, skipping node_modules, .git and binary files', async () => {
    mkdirSync(path.join(dir, 'src'));
    mkdirSync(path.join(dir, 'node_modules'));
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'src', 'a.ts'), `const t = '${noMfa}';`);
    writeFileSync(path.join(dir, 'node_modules', 'b.js'), `'${noMfa}'`);
    writeFileSync(path.join(dir, '.git', 'c'), noMfa);
    writeFileSync(path.join(dir, 'img.bin'), Buffer.from([0x89, 0x50, 0, 0, 1, 2]));
    const r = await cli(['scan', '.', '--format', 'json'], { cwd: dir });
    const files = JSON.parse(r.out).files;
    assert.deepEqual(
      files.map((f: { path: string }) => f.path),
      ['img.bin', path.join('src', 'a.ts')],
    );
    assert.match(files[0].error, /binary/);
    assert.equal(r.code, 2, 'an unreadable file makes the exit code 2');
  });

  it('walking folders honours .gitignore files (nested, negations) and jwtMfa.exclude globs', async () => {
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    const t = `x ${noMfa}\n`;
    put('.gitignore', '*.log\n!keep.log\nbuild/\n');
    put('.vscode/settings.json', '{ // JSONC\n "jwtMfa.exclude": ["**/fixtures/**", "docs/*.md"] }');
    for (const f of ['a.log', 'keep.log', 'build/out.txt', 'src/a.ts', 'src/fixtures/f.http', 'docs/x.md', 'docs/deep/y.md', 'pkg/.gitignore', 'pkg/secret.env', 'pkg/b.txt']) {
      if (!f.endsWith('.gitignore')) put(f, t);
    }
    put('pkg/.gitignore', '*.env\n');
    const scanned = async (...args: string[]) => {
      const r = await cli(['scan', ...args, '--format', 'json'], { cwd: dir });
      return JSON.parse(r.out).files.map((f: { path: string }) => f.path.split(path.sep).join('/'));
    };
    assert.deepEqual(await scanned('.'), ['.gitignore', '.vscode/settings.json', 'docs/deep/y.md', 'keep.log', 'pkg/.gitignore', 'pkg/b.txt', 'src/a.ts']);
    // A walk below the workspace still applies the workspace's .gitignore and exclude globs.
    assert.deepEqual(await scanned('src', 'pkg'), ['src/a.ts', 'pkg/.gitignore', 'pkg/b.txt']);
    // A file named on the command line is scanned, whatever the ignore rules say.
    assert.deepEqual(await scanned('a.log'), ['a.log']);
  });

  it('chooses the language from --lang, LC_ALL, LC_MESSAGES, LANG, then the system locale', () => {
    const ja = () => 'ja-JP';
    const en = () => 'en-US';
    assert.equal(localeFrom(undefined, {}, ja), 'ja', 'Windows: no LANG, the system locale decides');
    assert.equal(localeFrom(undefined, {}, en), 'en');
    assert.equal(localeFrom(undefined, { LANG: 'ja_JP.UTF-8' }, en), 'ja');
    assert.equal(localeFrom(undefined, { LANG: 'C' }, ja), 'en', 'a set LANG wins over the system');
    assert.equal(localeFrom(undefined, { LANG: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }, en), 'ja');
    assert.equal(localeFrom(undefined, { LC_ALL: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }, ja), 'en');
    assert.equal(localeFrom('ja', { LC_ALL: 'en_US.UTF-8' }, en), 'ja');
  });

  it('reports a missing file, a bad --now and unknown options with exit 2 and one line', async () => {
    const missing = await cli(['scan', 'nope.txt', '--format', 'json'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.deepEqual(JSON.parse(missing.out).files, [{ path: 'nope.txt', error: 'no such file' }]);
    for (const args of [['scan', 'x', '--now', 'yesterday'], ['scan', 'x', '--bogus'], ['scan'], ['frobnicate'], ['scan', 'x', '--format', 'xml']]) {
      const r = await cli(args, { cwd: dir });
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /^jwt-mfa: /);
      assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
    }
  });

  it('--help and <command> --help print usage on stdout and exit 0; --version prints the version', async () => {
    for (const [args, want] of [
      [['--help'], /jwt-mfa scan <file\|dir\|->/],
      [['scan', '--help'], /--format text\|json\|sarif/],
      [['scan', 'x.log', '-h'], /--max-size MB/],
      [['decode', '--help'], /standard input/],
      [['diagnose', '--help'], /--send/],
      [['help', 'diagnose'], /--token-file/],
      [['token', '--help'], /--az/],
    ] as const) {
      const r = await cli([...args], { cwd: dir });
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
      assert.match(r.out, want, args.join(' '));
      assert.equal(r.err, '');
    }
    const v = await cli(['--version'], { cwd: dir });
    assert.equal(v.code, 0);
    assert.match(v.out, /^jwt-mfa \d+\.\d+\.\d+\n$/);
    // After --, --help is an argument (a file of that name), not a request for help.
    const f = await cli(['scan', '--', '--help'], { cwd: dir });
    assert.equal(f.code, 2);
    assert.match(f.out, /--help: no such file/);
  });

  it('takes --now as ISO-8601 or Unix seconds', async () => {
    writeFileSync(path.join(dir, 'c.txt'), good);
    const later = await cli(['scan', 'c.txt', '--now', new Date((NOW_S + 86400) * 1000).toISOString(), '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(later.out).files[0].tokens[0].findings.map((f: { code: string }) => f.code), ['expired']);
    const unix = await cli(['scan', 'c.txt', '--now', String(NOW_S + 86400), '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(unix.out).files[0].tokens[0].findings.map((f: { code: string }) => f.code), ['expired']);
  });

  it('reads standard input as path -', async () => {
    const r = await cli(['scan', '-', '--format', 'json'], { cwd: dir, stdin: `Bearer ${noMfa}` });
    assert.equal(JSON.parse(r.out).files[0].path, '-');
    assert.equal(r.code, 1);
  });

  it('--audience replaces the expected audiences; .vscode/settings.json sets severities and skew', async () => {
    const graph = mint({ aud: 'https://graph.microsoft.com', scp: 'User.Read', amr: ['mfa'], exp: NOW_S + 100 });
    writeFileSync(path.join(dir, 'd.txt'), graph);
    const def = await cli(['scan', 'd.txt', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(def.out).files[0].tokens[0].findings.map((f: { code: string }) => f.code), ['audience-mismatch']);
    const aud = await cli(['scan', 'd.txt', '--format', 'json', '--audience', 'https://graph.microsoft.com'], { cwd: dir });
    assert.deepEqual(JSON.parse(aud.out).files[0].tokens[0].findings, []);
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      '{\n  // JSONC with comments and a trailing comma\n  "jwtMfa.severity": { "mfa-missing": "warning" },\n  "jwtMfa.clockSkewSeconds": 0,\n}',
    );
    writeFileSync(path.join(dir, 'e.txt'), noMfa);
    const sev = await cli(['scan', 'e.txt', '--format', 'json'], { cwd: dir });
    assert.equal(JSON.parse(sev.out).files[0].tokens[0].findings[0].severity, 'warning');
    assert.equal(sev.code, 0);
  });

  it('--format sarif gives SARIF 2.1.0 with one rule per code and 1-based columns', async () => {
    writeFileSync(path.join(dir, 'f.txt'), `ab ${noMfa}`);
    const r = await cli(['scan', 'f.txt', '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.rules.length, 14, 'one rule per finding code, and made-when-sent');
    const [res] = run.results;
    assert.equal(res.ruleId, 'mfa-missing');
    assert.equal(res.level, 'error');
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'mfa-missing');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 1, startColumn: 4, endLine: 1, endColumn: 4 + noMfa.length });
  });

  it('--jwks verifies signatures: valid, tampered, and no matching kid', async () => {
    const k = await keyPair('k1');
    const other = await keyPair('k2');
    const signed = await k.sign(userClaims());
    const [h, p, s] = signed.split('.');
    const tampered = `${h}.${mint(userClaims({ amr: ['pwd'] })).split('.')[1]}.${s}`;
    const foreign = await other.sign(userClaims());
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(k.jwks));
    writeFileSync(path.join(dir, 'g.txt'), `${signed}\n${tampered}\n${foreign}\n${h}.${p}`);
    const r = await cli(['scan', 'g.txt', '--jwks', 'jwks.json', '--format', 'json'], { cwd: dir });
    assert.ok(r.out, r.err);
    const toks = JSON.parse(r.out).files[0].tokens;
    assert.deepEqual(
      toks.map((t: { signature: string }) => t.signature),
      ['valid', 'invalid', 'invalid'],
    );
    assert.ok(toks[1].findings.some((f: { code: string }) => f.code === 'signature-invalid'));
    assert.ok(!toks[0].findings.some((f: { code: string }) => f.code === 'signature-invalid'));
    writeFileSync(path.join(dir, 'bad.json'), 'not json');
    const bad = await cli(['scan', 'g.txt', '--jwks', 'bad.json'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not JSON/);
  });

  it('decode reads a pasted token (Bearer, quotes, line breaks) and explains claims in the chosen language', async () => {
    const pasted = `Bearer "${noMfa.slice(0, 30)}\n${noMfa.slice(30)}"`;
    const en = await cli(['decode', '-'], { cwd: dir, stdin: pasted });
    assert.equal(en.code, 1);
    assert.match(en.out, /amr\s+\["pwd"\]/);
    assert.match(en.out, /Authentication methods used at sign-in/);
    assert.match(en.out, /mfa-missing/);
    assert.ok(!en.out.includes(noMfa));
    const fromJson = await cli(['decode', '-'], { cwd: dir, stdin: `Authorization: Bearer "${noMfa}",\n` });
    assert.equal(fromJson.code, 1, fromJson.err);
    assert.match(fromJson.out, /mfa-missing/);
    const ja = await cli(['decode', noMfa], { cwd: dir, env: { LANG: 'ja_JP.UTF-8' } });
    assert.match(ja.out, /サインインで使われた認証方法/);
    const json = await cli(['decode', good, '--format', 'json'], { cwd: dir });
    const d = JSON.parse(json.out);
    assert.equal(d.verdicts.mfa, 'compliant');
    assert.equal(d.verdicts.principal, 'app+user');
    const notJwt = await cli(['decode', 'hello'], { cwd: dir });
    assert.equal(notJwt.code, 2);
    assert.match(notJwt.err, /not a JWT/);
  });

  it('gives a clear message for a file over the size limit and scans a 50 MB single line', async function () {
    this.timeout(60000);
    const line = 'a'.repeat(50 * 1048576 - noMfa.length - 2) + ' ' + noMfa;
    writeFileSync(path.join(dir, 'big.log'), line);
    const r = await cli(['scan', 'big.log', '--format', 'json'], { cwd: dir });
    assert.equal(JSON.parse(r.out).files[0].tokens.length, 1);
    assert.match(r.err, /single line of 50 MB/);
    const small = await cli(['scan', 'big.log', '--max-size', '10', '--format', 'json'], { cwd: dir });
    assert.match(JSON.parse(small.out).files[0].error, /over the 10 MB limit/);
    assert.equal(small.code, 2);
  });

  it('says a file of several gigabytes is over the limit, without reading or allocating it', async () => {
    // A sparse file: 8 GB long, no disk blocks. The message comes from its size alone.
    const huge = path.join(dir, 'huge.log');
    const fd = openSync(huge, 'w');
    try {
      ftruncateSync(fd, 8 * 1024 ** 3);
    } finally {
      closeSync(fd);
    }
    const r = await cli(['scan', 'huge.log', '--format', 'json'], { cwd: dir });
    assert.equal(JSON.parse(r.out).files[0].error, 'file is 8192.0 MB, over the 64 MB limit (raise it with --max-size)');
    assert.equal(r.code, 2);
    rmSync(huge);
  });
});

describe('jwt-mfa CLI on hostile claims', () => {
  it('prints 10,000-deep nesting, __proto__ keys and markup in every format without crashing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jwt-mfa-cli-'));
    try {
      let deep = '1';
      for (let i = 0; i < 10000; i++) deep = `[${deep}]`;
      const payload = `{"aud":"x","deep":${deep},"__proto__":{"a":1},"h":"<img src=x onerror=alert(1)>\u202e"}`;
      const tok = `${b64('{"alg":"RS256"}')}.${b64(payload)}.c2ln`; // raw JSON text: the deep array as written
      writeFileSync(path.join(dir, 'h.txt'), tok);
      for (const format of ['text', 'json', 'sarif']) {
        const r = await cli(['scan', 'h.txt', '--format', format], { cwd: dir });
        assert.equal(r.code, 0, `${format}: ${r.err}`);
        assert.equal(r.err, '');
      }
      const json = JSON.parse((await cli(['scan', 'h.txt', '--format', 'json'], { cwd: dir })).out);
      const claims = json.files[0].tokens[0].claims;
      assert.ok(Object.prototype.hasOwnProperty.call(claims, '__proto__'));
      assert.match(JSON.stringify(claims.deep), /"…"/);
      const text = await cli(['decode', tok], { cwd: dir });
      assert.match(text.out, /<img src=x onerror=alert\(1\)>\\u202e/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
