import assert from 'node:assert/strict';
import { environmentNames, environmentVariables, expandAuthorization, parseHttpFile, requestAtOffset, resolveTemplate } from '../../../src/core/http/httpFile';
import { splitLines } from '../../../src/core/http/lines';

describe('.http / .rest parser', () => {
  it('splits lines like VS Code (\\r\\n, \\n, lone \\r; a BOM is not part of line 0)', () => {
    const at = (t: string) => splitLines(t).map((l) => [l.start, l.end, l.text]);
    assert.deepEqual(at(''), [[0, 0, '']]);
    assert.deepEqual(at('a\r\nb\rc\n\nd'), [[0, 1, 'a'], [3, 4, 'b'], [5, 6, 'c'], [7, 7, ''], [8, 9, 'd']]);
    assert.deepEqual(at('\uFEFFx\r'), [[1, 2, 'x'], [3, 3, '']]);
    assert.deepEqual(at('\r\r\n\n'), [[0, 0, ''], [1, 1, ''], [3, 3, ''], [4, 4, '']]);
  });

  it('splits requests on ###, skips comments, reads method, URL, version, headers and body', () => {
    const text = [
      '# a comment',
      '// another',
      'POST https://example.test/items HTTP/1.1',
      'Content-Type: application/json',
      'X-Empty:',
      '',
      '{"a": 1}',
      '',
      '### second',
      'https://example.test/only-url',
      '',
      '###',
      'get https://example.test/lower',
    ].join('\n');
    const { requests } = parseHttpFile(text);
    assert.equal(requests.length, 3);
    assert.equal(requests[0].method, 'POST');
    assert.equal(requests[0].httpVersion, 'HTTP/1.1');
    assert.equal(requests[0].line, 2);
    assert.deepEqual(
      requests[0].headers.map((h) => [h.name, h.value]),
      [
        ['Content-Type', 'application/json'],
        ['X-Empty', ''],
      ],
    );
    assert.equal(requests[0].body, '{"a": 1}');
    assert.equal(requests[1].method, 'GET');
    assert.equal(requests[1].name, 'second');
    assert.equal(requests[1].line, 9);
    assert.equal(requests[2].method, 'GET');
    assert.equal(requests[2].url, 'https://example.test/lower');
  });

  it('resolves file variables that reference each other, in URL and headers, with offsets', () => {
    const text = '@host = api.partnercenter.microsoft.com\n@base = https://{{host}}/v1\n@token = abc.def\n\nGET {{base}}/customers\nAuthorization: Bearer {{token}}\n';
    const { requests, variables } = parseHttpFile(text);
    const r = requests[0];
    assert.equal(r.url, 'https://api.partnercenter.microsoft.com/v1/customers');
    assert.equal(r.headers[0].value, 'Bearer abc.def');
    assert.equal(text.slice(r.headers[0].valueStart, r.headers[0].valueEnd), 'Bearer {{token}}');
    assert.deepEqual(r.unresolved, []);
    assert.deepEqual(r.credentialVariables.sort(), ['base', 'host', 'token']);
    const tok = variables.find((v) => v.name === 'token')!;
    assert.equal(text.slice(tok.valueStart, tok.valueEnd), 'abc.def');
    assert.equal(text.slice(r.urlStart, r.urlEnd), '{{base}}/customers');
  });

  it('reports unresolvable names instead of guessing, including cycles and chained responses', () => {
    const text = '@a = {{b}}\n@b = {{a}}\nGET https://{{a}}/x?t={{login.response.body.$.token}}\nX-Id: {{$guid}}\n';
    const r = parseHttpFile(text).requests[0];
    assert.deepEqual(r.unresolved, ['a', 'login.response.body.$.token', '$guid']);
    assert.equal(r.url, 'https://{{a}}/x?t={{login.response.body.$.token}}');
  });

  it('uses environments: $shared + selected, {{$shared x}}, precedence, dynamic variables, %-encoding', () => {
    const envs = { $shared: { host: 'shared.test', who: 'a b' }, dev: { host: 'dev.test', token: 'T' }, prod: {} };
    assert.deepEqual(environmentNames(envs), ['dev', 'prod']);
    const { environment, shared } = environmentVariables(envs, 'dev');
    assert.deepEqual(environment, { host: 'dev.test', who: 'a b', token: 'T' });
    const text = '@token = fromfile\nGET https://{{host}}/{{$shared host}}?u={{%who}}&t={{token}}&id={{$guid}}\n';
    const dynamic = (n: string) => (n === '$guid' ? 'G' : undefined);
    const rest = parseHttpFile(text, { environment, shared, dynamic }).requests[0];
    assert.equal(rest.url, 'https://dev.test/shared.test?u=a%20b&t=fromfile&id=G');
    const jb = parseHttpFile(text, { environment, shared, dynamic, environmentFirst: true }).requests[0];
    assert.equal(jb.url, 'https://dev.test/shared.test?u=a%20b&t=T&id=G');
    assert.deepEqual(environmentVariables(envs, 'missing').environment, { host: 'shared.test', who: 'a b' });
  });

  it('handles query continuation lines, relative URL + Host, no scheme, and a saved response', () => {
    const text = [
      'GET /v1/customers',
      '    ?size=10',
      '    &offset=2',
      'Host: api.partnercenter.microsoft.com:443',
      '',
      'HTTP/1.1 401 Unauthorized - MFA required',
      'WWW-Authenticate: Bearer error="invalid_token"',
      '',
      '###',
      'POST example.test/x',
      '',
      'a=1',
      '> {%',
      '  client.global.set("x", 1);',
      '%}',
      '<> previous.200.json',
    ].join('\r\n');
    const rs = parseHttpFile(text).requests;
    assert.equal(rs.length, 2);
    assert.equal(rs[0].url, 'https://api.partnercenter.microsoft.com/v1/customers?size=10&offset=2');
    assert.equal(rs[0].body, undefined);
    assert.equal(rs[1].url, 'http://example.test/x');
    assert.equal(rs[1].body, 'a=1');
    assert.equal(rs[1].line, 9);
  });

  it('handles a BOM, lone CR line breaks and # @name metadata', () => {
    const text = '\uFEFF# @name login\rGET https://a.test/\rAuthorization: Bearer x\r';
    const r = parseHttpFile(text).requests[0];
    assert.equal(r.name, 'login');
    assert.equal(r.line, 1);
    assert.equal(text.slice(r.headers[0].valueStart, r.headers[0].valueEnd), 'Bearer x');
  });

  it('caps exponential variable expansion', () => {
    // Each level doubles the one below: 2^39 copies of v0 when expanded naively. Work, not time: every
    // variable also holds `{{$n}}` (a dynamic variable, empty), so each expansion of a variable is
    // counted; there is at most one per variable in the file, however many paths reach it.
    const chain = (levels: number) => {
      const lines = ['@v0 = xxxxxxxxxxxxxxxx{{$n}}'];
      for (let i = 1; i < levels; i++) lines.push(`@v${i} = {{v${i - 1}}}{{v${i - 1}}}{{$n}}`);
      lines.push(`GET https://a.test/{{v${levels - 1}}}`);
      let expansions = 0;
      const dynamic = (name: string) => (name === '$n' ? (expansions++, '') : undefined);
      return { url: parseHttpFile(lines.join('\n'), { dynamic }).requests[0].url, expansions };
    };
    const short = chain(4);
    assert.equal(short.url, `https://a.test/${'x'.repeat(16 * 8)}`, 'a short chain expands in full');
    assert.equal(short.expansions, 4, 'each variable is expanded once');
    // 30 levels meet the length cap, 40 the depth cap.
    for (const levels of [30, 40]) {
      const long = chain(levels);
      assert.ok(long.url.length < 4 << 20, `the URL is ${long.url.length} chars`);
      assert.ok(long.expansions <= levels, `${long.expansions} expansions for ${levels} variables`);
    }
  });

  it('finds the request at the cursor', () => {
    const text = '@a = 1\n\nGET https://a.test/1\nX: 1\n\n###\n\nPOST https://a.test/2\n\nbody\n';
    const f = parseHttpFile(text);
    assert.equal(requestAtOffset(f, text.indexOf('X: 1'))?.url, 'https://a.test/1');
    assert.equal(requestAtOffset(f, text.indexOf('body'))?.url, 'https://a.test/2');
    assert.equal(requestAtOffset(f, 0)?.url, 'https://a.test/1'); // the variable line is in the first block
    assert.equal(requestAtOffset(parseHttpFile('# only a comment\n'), 0), undefined);
  });

  it('joins form bodies, reads < file bodies, and expands Basic shorthands', () => {
    const text = [
      'POST https://a.test/token',
      'Content-Type: application/x-www-form-urlencoded',
      '',
      'grant_type=refresh_token',
      '&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com',
      '',
      '###',
      '@who = me',
      'POST https://a.test/json',
      '',
      '<@ ./body.json',
    ].join('\n');
    const f = parseHttpFile(text);
    const [form, json] = f.requests;
    assert.equal(form.body, 'grant_type=refresh_token&resource=https%3A%2F%2Fapi.partnercenter.microsoft.com');
    assert.equal(json.body, undefined);
    assert.deepEqual(json.bodyFile, { path: './body.json', substitute: true, encoding: undefined });
    assert.deepEqual(resolveTemplate(f, '{"u":"{{who}}","x":"{{nope}}"}'), { value: '{"u":"me","x":"{{nope}}"}', unresolved: ['nope'] });
    assert.equal(expandAuthorization('Basic user:pa ss'), `Basic ${Buffer.from('user:pa ss').toString('base64')}`);
    assert.equal(expandAuthorization('Basic user pass'), `Basic ${Buffer.from('user:pass').toString('base64')}`);
    assert.equal(expandAuthorization('Basic dXNlcjpwYXNz'), 'Basic dXNlcjpwYXNz');
    assert.equal(expandAuthorization('Bearer x'), 'Bearer x');
  });
});
