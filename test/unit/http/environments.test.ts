// Issue 13.7: tokens defined in environments (http-client.env.json + private, REST Client's setting,
// .env read by {{$dotenv}}) are found and judged for the requests that use them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeEnvironmentTokens, analyzeText, judgeForRequestFiles } from '../../../src/core/analyze';
import { environmentTokens, parseDotenv, readEnvironments, selectEnvironment, sourceOffset, withDotenv } from '../../../src/core/http/environments';
import { parseHttpFile } from '../../../src/core/http/httpFile';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { dotenvParse } from '../helpers/dotenvOracle';
import { mint, NOW, userClaims } from '../helpers/fixtures';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/http');
const settings = DEFAULT_SETTINGS;
const graphUser = (o: Record<string, unknown> = {}) => userClaims({ aud: 'https://graph.microsoft.com', amr: ['pwd'], ...o });

describe('environments (13.7)', () => {
  it('reads the httpyac example env files: private over public, each named environment', () => {
    const dir = path.join(CORPUS, 'httpyac/intellijEnvironments');
    const pub = readFileSync(path.join(dir, 'http-client.env.json'), 'utf8');
    const priv = readFileSync(path.join(dir, 'http-client.private.env.json'), 'utf8');
    const envs = readEnvironments([
      { kind: 'http-client.env.json', path: 'pub', text: pub },
      { kind: 'http-client.private.env.json', path: 'priv', text: priv },
    ]);
    assert.deepEqual(envs.names, ['dev', 'prod']);
    const http = readFileSync(path.join(dir, 'test.http'), 'utf8');
    const url = (name: string) => {
      const s = selectEnvironment(envs, name);
      assert.ok(!('error' in s));
      return parseHttpFile(http, s).requests[0].url;
    };
    // The httpyac docs: the private file's value wins for dev.
    assert.equal(url('dev'), 'https://httpbin.org/anything?var=private');
    assert.equal(url('prod'), 'https://httpbin.org/anything?var=prod');
    const bad = selectEnvironment(envs, 'staging');
    assert.ok('error' in bad && /"staging" not found \(known: dev, prod/.test(bad.error));
    // Each value keeps its place in its file.
    const v = envs.values.find((x) => x.path === 'priv' && x.name === 'foo')!;
    assert.equal(priv.slice(v.start, v.end), 'private');
  });

  it('reads the httpyac OAuth2 example without taking nested objects for values', () => {
    const dir = path.join(CORPUS, 'httpyac/oauth2_intellij');
    const envs = readEnvironments([
      { kind: 'http-client.env.json', text: readFileSync(path.join(dir, 'http-client.env.json'), 'utf8') },
      { kind: 'http-client.private.env.json', text: readFileSync(path.join(dir, 'http-client.private.env.json'), 'utf8') },
    ]);
    assert.deepEqual(envs.names, ['local']);
    assert.deepEqual(
      envs.values.map((v) => v.name),
      ['username', 'password', 'tokenUrl', 'authUrl', 'clientSecret'],
    );
    // No token there: nothing to judge, nothing thrown.
    assert.deepEqual(environmentTokens(readFileSync(path.join(dir, 'test.http'), 'utf8'), envs), []);
  });

  it('parses .env like dotenv, with positions', () => {
    const text = 'export A=1\nB = "x\\ny" # c\n# C=3\nD=plain value # note\nE: \'q\'\nF=\n';
    const vals = parseDotenv(text);
    assert.deepEqual(
      vals.map((v) => [v.name, v.value]),
      [
        ['A', '1'],
        ['B', 'x\ny'],
        ['D', 'plain value'],
        ['E', 'q'],
        ['F', ''],
      ],
    );
    const d = vals.find((v) => v.name === 'D')!;
    assert.equal(text.slice(d.start, d.end), 'plain value');
  });

  it('reads multi-line quoted .env values as dotenv does, with positions; the lines inside are not variables', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ==\nINSIDE=not a variable\n-----END PRIVATE KEY-----';
    const text = `KEY="${pem}"\nSINGLE='a\nb' # c\nESC="say \\"hi\\"\\nthere"\nCRLF="x\r\ny"\nOPEN="no close\nAFTER=1\n`;
    const vals = parseDotenv(text);
    assert.deepEqual(
      vals.map((v) => [v.name, v.value]),
      [
        ['KEY', pem],
        ['SINGLE', 'a\nb'],
        ['ESC', 'say \\"hi\\"\nthere'],
        ['CRLF', 'x\ny'],
        ['OPEN', '"no close'],
        ['AFTER', '1'],
      ],
    );
    const key = vals[0];
    assert.equal(text.slice(key.start, key.end), pem, 'the value\'s place is inside the quotes, across lines');
    assert.ok(!vals.some((v) => v.name === 'INSIDE'));
    // As REST Client resolves it: {{$dotenv KEY}} is the whole value.
    const envs = readEnvironments([{ kind: 'dotenv', text }]);
    assert.equal(withDotenv(envs, selectEnvironment(envs, undefined) as { environment: Record<string, string> })('$dotenv KEY'), pem);
  });

  it('REST Client: the system_variables example reads {{$dotenv USERNAME}}; %NAME goes through the environment', () => {
    const http = readFileSync(path.join(CORPUS, 'restclient/system_variables.http'), 'utf8');
    const envs = readEnvironments([
      { kind: 'dotenv', text: 'USERNAME=alice\nBOB_NAME=bob\n' },
      { kind: 'rest-client', value: { $shared: { who: 'BOB_NAME' } } },
    ]);
    const sel = selectEnvironment(envs, undefined);
    assert.ok(!('error' in sel));
    const r = parseHttpFile(http, { ...sel, dynamic: withDotenv(envs, sel) }).requests[0];
    assert.match(r.body ?? '', /"user_name": "alice"/);
    assert.ok(!r.unresolved.includes('$dotenv USERNAME'));
    const dyn = withDotenv(envs, sel);
    assert.equal(dyn('$dotenv %who'), 'bob');
    assert.equal(dyn('$dotenv MISSING'), undefined);
  });

  it('judges a token from each environment that defines it, for the requests that use it, each named', () => {
    const noMfa = mint(userClaims({ amr: ['pwd'] }));
    const good = mint(userClaims());
    const json = JSON.stringify({ dev: { token: noMfa }, prod: { token: good } }, null, 2);
    const envs = readEnvironments([{ kind: 'http-client.env.json', path: '/p/http-client.env.json', text: json }]);
    const http = '### list\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{token}}\n';
    const all = analyzeEnvironmentTokens(http, envs, { settings, now: NOW });
    assert.equal(all.length, 2);
    const dev = all.find((e) => e.environments[0] === 'dev')!;
    assert.deepEqual(dev.environments, ['dev']);
    assert.equal(dev.origin.variable, 'token');
    assert.equal(json.slice(dev.origin.start, dev.origin.end), noMfa);
    assert.equal(http.slice(dev.uses[0].start, dev.uses[0].end), 'Bearer {{token}}');
    assert.equal(dev.uses[0].request.line, 1);
    const mfa = dev.findings.find((f) => f.code === 'mfa-missing');
    assert.equal(mfa?.severity, 'error');
    assert.equal(mfa?.request?.url, 'https://api.partnercenter.microsoft.com/v1/customers');
    const prod = all.find((e) => e.environments[0] === 'prod')!;
    assert.equal(prod.findings.some((f) => f.code === 'mfa-missing'), false);
    // --env picks one.
    const only = analyzeEnvironmentTokens(http, envs, { settings, now: NOW, only: 'prod' });
    assert.deepEqual(only.map((e) => e.environments), [['prod']]);
  });

  it('a Graph token used against Graph (URL from the environment) gets no Partner Center warning', () => {
    const tok = mint(graphUser());
    const envs = readEnvironments([
      { kind: 'rest-client', path: 'settings.json', text: JSON.stringify({ 'rest-client.environmentVariables': { $shared: { graph: 'https://graph.microsoft.com' }, dev: { token: tok } } }) },
    ]);
    const http = 'GET {{graph}}/v1.0/me\nAuthorization: Bearer {{token}}\n';
    const [e] = analyzeEnvironmentTokens(http, envs, { settings, now: NOW });
    assert.equal(e.uses[0].request.url, 'https://graph.microsoft.com/v1.0/me');
    assert.equal(e.origin.kind, 'rest-client');
    assert.deepEqual(
      e.findings.filter((f) => f.code === 'audience-mismatch' || (f.code === 'mfa-missing' && f.severity !== 'information')),
      [],
    );
    // The same token sent to Partner Center is judged against Partner Center.
    const [pc] = analyzeEnvironmentTokens('GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{token}}\n', envs, { settings, now: NOW });
    assert.ok(pc.findings.some((f) => f.code === 'audience-mismatch' && f.severity === 'error'));
  });

  it('a token in .env read by {{$dotenv}} is found, and one written in the file is left to the file', () => {
    const tok = mint(userClaims({ amr: ['pwd'] }));
    const dot = `# secrets\nPC_TOKEN=${tok}\n`;
    const envs = readEnvironments([{ kind: 'dotenv', path: '/p/.env', text: dot }]);
    const http = `@literal = ${mint(userClaims())}\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$dotenv PC_TOKEN}}\n\n###\nGET https://api.partnercenter.microsoft.com/v1/invoices\nAuthorization: Bearer {{literal}}\n`;
    const found = environmentTokens(http, envs);
    assert.equal(found.length, 1);
    assert.equal(found[0].origin.variable, '$dotenv PC_TOKEN');
    assert.deepEqual(found[0].environments, []);
    assert.equal(dot.slice(found[0].origin.start, found[0].origin.end), tok);
  });

  it('the token in the env file is judged for the request files that use it', () => {
    const tok = mint(graphUser({ amr: ['pwd'] }));
    const json = `{\n  "dev": { "token": "${tok}" }\n}`;
    const envs = readEnvironments([{ kind: 'http-client.env.json', path: '/p/http-client.env.json', text: json }]);
    const inEnvFile = analyzeText(json, { fileName: '/p/http-client.env.json', settings, now: NOW });
    assert.equal(inEnvFile.length, 1);
    // Alone, a Graph token is judged against the expected audiences (Partner Center by default).
    assert.ok(inEnvFile[0].findings.some((f) => f.code === 'audience-mismatch'));
    const users = [{ file: 'me.http', tokens: environmentTokens('GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer {{token}}\n', envs) }];
    const [t] = judgeForRequestFiles(inEnvFile, '/p/http-client.env.json', users, { settings, now: NOW });
    assert.deepEqual(t.requests, [{ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', line: 0, file: 'me.http' }]);
    assert.equal(t.findings.some((f) => f.code === 'audience-mismatch'), false);
    assert.equal(t.findings.some((f) => f.code === 'mfa-missing' && f.severity !== 'information'), false);
  });

  it('garbage env files define nothing and never throw', () => {
    const envs = readEnvironments([
      { kind: 'http-client.env.json', text: '{"dev": [1,2], "x": "y", ' },
      { kind: 'http-client.private.env.json', text: '\u0000\u0001 not json' },
      { kind: 'rest-client', value: 'nope' },
      { kind: 'dotenv', text: '=novalue\n"unterminated\nA="open\n' },
    ]);
    assert.deepEqual(envs.names, []);
    assert.deepEqual(environmentTokens('GET https://x.test\nAuthorization: Bearer {{token}}\n', envs), []);
  });
});

describe('env file positions: a token is placed where it is written, whatever the reader did to its value', () => {
  const tok = mint(userClaims({ amr: ['pwd'] }));
  const http = 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$dotenv PC}}\n';
  /** `.env` text = before + `PC=` (or `export PC=`…) + quote + written + quote + after. */
  const cases: Array<{ title: string; before?: string; key?: string; q: string; written: string; after: string }> = [
    { title: 'after a \\n escape in double quotes', q: '"', written: `Partner Center\\n${tok}`, after: '\n' },
    { title: 'after a line break in double quotes', q: '"', written: `Partner Center\n${tok}`, after: '\n' },
    { title: 'after line breaks, CRLF endings', before: '# header\r\nA=1\r\n', q: '"', written: `one\r\ntwo\r\n${tok}`, after: '\r\nB=2\r\n' },
    { title: 'after \\n escapes and CRLF', q: '"', written: `x\\ny\r\n\\n${tok}\\n`, after: '\r\n' },
    { title: 'after \\r and an escaped backslash before n', q: '"', written: `a\\r\\\\n${tok}`, after: '\n' },
    { title: 'after escaped quotes', q: '"', written: `say \\"hi\\"\\n${tok}`, after: '\n' },
    { title: 'in single quotes (no escapes), mixed line endings', q: "'", written: `a\\nb\nc\r\n${tok}`, after: '\n' },
    { title: 'in back quotes, CRLF', before: 'A=`x`\r\n', q: '`', written: `one\r\n${tok}`, after: '\r\n' },
    { title: 'with export and a \\n escape', key: 'export PC=', q: '"', written: `x\\n${tok}`, after: '\n' },
    { title: 'with an inline comment after the quotes', q: '"', written: `note\\n${tok}`, after: ' # the "PC" token\nX=1 # c\n' },
    { title: 'unquoted, export, spaces, inline comment, CRLF', before: 'M="a\r\nb"\r\n', key: 'export PC = ', q: '', written: tok, after: ' # c\r\n' },
    { title: 'quoted on the next line (dotenv reads it), CRLF', key: 'PC=\r\n  ', q: '"', written: `\\n${tok}`, after: '\r\n' },
    { title: 'old Mac CR endings', before: 'A=1\r', q: '"', written: `x\r\\n${tok}`, after: '\r' },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const text = `${c.before ?? ''}${c.key ?? 'PC='}${c.q}${c.written}${c.q}${c.after}`;
      const vals = parseDotenv(text);
      // The values are dotenv's own.
      assert.deepEqual(Object.fromEntries(vals.map((v) => [v.name, v.value])), dotenvParse(text));
      const pc = vals.find((v) => v.name === 'PC')!;
      assert.ok(pc.value.includes(tok));
      // The value's place is what is written between the quotes.
      assert.equal(text.slice(pc.start, pc.end), c.written);
      // The token's place, as scan, the CLI and the editor get it.
      const envs = readEnvironments([{ kind: 'dotenv', path: '/p/.env', text }]);
      const [found] = environmentTokens(http, envs);
      assert.equal(found.raw, tok);
      assert.equal(text.slice(found.origin.start, found.origin.end), tok);
    });
  }

  it('a token after escapes in an env JSON string (\\/, \\u0020, \\t) is placed where it is written too', () => {
    // Some serializers write `/` as `\/`; the decoded value is shorter than its text before the token.
    const json = `{\r\n  "dev": {\r\n    "url": "https:\\/\\/api.partnercenter.microsoft.com\\/v1\\/customers?note=a\\u0020b\\t&access_token=${tok}",\r\n    "auth": "Bearer\\u0020${tok}",\r\n    "broken": "x\\u00zz\\q\\ud83d\\ude00 ${tok}"\r\n  }\r\n}\r\n`;
    const envs = readEnvironments([{ kind: 'http-client.env.json', path: '/p/http-client.env.json', text: json }]);
    const url = envs.values.find((v) => v.name === 'url')!;
    assert.equal(url.value, `https://api.partnercenter.microsoft.com/v1/customers?note=a b\t&access_token=${tok}`);
    assert.equal(json.slice(sourceOffset(url, url.value.indexOf(tok)), sourceOffset(url, url.value.length)), tok);
    // Broken escapes read as jsonc-parser reads them (`\u00` and `\q` give nothing), a surrogate pair as two.
    const broken = envs.values.find((v) => v.name === 'broken')!;
    assert.equal(broken.value, `xzz\u{1F600} ${tok}`);
    assert.equal(json.slice(sourceOffset(broken, broken.value.indexOf(tok)), broken.end), tok);
    for (const http of ['GET {{url}}\n', 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: {{auth}}\n']) {
      const [found] = environmentTokens(http, envs, 'dev');
      assert.equal(found.raw, tok);
      assert.equal(json.slice(found.origin.start, found.origin.end), tok, http);
    }
  });

  it('the token in a multi-line CRLF .env is judged for the request files that use it (the .env file\'s own diagnostics)', () => {
    const graph = mint(graphUser({ amr: ['pwd'] }));
    const text = `# secrets\r\nNOTE="first\r\nsecond"\r\nPC="Graph token:\\n\r\n${graph}"\r\n`;
    const envs = readEnvironments([{ kind: 'dotenv', path: '/p/.env', text }]);
    const inEnvFile = analyzeText(text, { fileName: '/p/.env', settings, now: NOW });
    assert.equal(inEnvFile.length, 1);
    assert.equal(text.slice(inEnvFile[0].start, inEnvFile[0].end), graph);
    const users = [{ file: 'me.http', tokens: environmentTokens('GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer {{$dotenv PC}}\n', envs) }];
    const [t] = judgeForRequestFiles(inEnvFile, '/p/.env', users, { settings, now: NOW });
    assert.deepEqual(t.requests, [{ method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', line: 0, file: 'me.http' }]);
    assert.equal(t.findings.some((f) => f.code === 'audience-mismatch'), false);
  });

  it('a .env of blank lines, or one huge line, is read at once (dotenv\'s own rule is quadratic on blank lines)', () => {
    // dotenv's `^\s*` takes ~1.4 s for 20 000 blank lines on this machine, ~2 min for 200 000.
    assert.deepEqual(parseDotenv(`${'\n'.repeat(200_000)}!\nA=1`).map((v) => [v.name, v.value]), [['A', '1']]);
    assert.deepEqual(parseDotenv(`${' \r\n'.repeat(100_000)}export\n${'\n'.repeat(100_000)}!`), []);
    const text = `A="${'x'.repeat(1_000_000)}\\n${tok}\nB=2`;
    const long = parseDotenv(text);
    assert.equal(long[0].value, dotenvParse(text).A, 'an unclosed quote reads to the end of its line (its \\n expanded, as dotenv does)');
    assert.equal(text.slice(sourceOffset(long[0], long[0].value.indexOf(tok)), long[0].end), tok);
  });

  it('reads what dotenv reads, where it is written: comments, trailing text, odd quotes, garbage', () => {
    const texts = [
      'A=abc#def\nB="x" y\nC=\n\n  "z"\nD="a\\"\nE=`a\r\nb`\r\nF=\'it\'s\'\nG=  spaced   \nH:\tcolon\nI:nospace\n',
      'OPEN="no close\nAFTER=1\n',
      '=novalue\n"unterminated\nA="open\n',
      'X="a"\nX="b\n"\nY=\'\'\nZ=""  # empty\n a.b-c = v \n',
      'K="one\\\\"\nL="two\\\\" # c\nM=\'\\\'\' \n',
      '\r\n\r\nexport  E1=1\r\nexport=2\r\nexportE=3\r\n',
    ];
    for (const text of texts) {
      const vals = parseDotenv(text);
      assert.deepEqual(Object.fromEntries(vals.map((v) => [v.name, v.value])), dotenvParse(text), JSON.stringify(text));
      // Where a value has nothing to expand, its place holds it exactly.
      for (const v of vals) if (!/[\\\r\n]/.test(text.slice(v.start, v.end))) assert.equal(text.slice(v.start, v.end), v.value, `${JSON.stringify(text)} ${v.name}`);
    }
  });
});
