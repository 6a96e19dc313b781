// Issue 13 point 8: tokens minted at send time ($aadToken, $aadV2Token, httpyac OAuth2, request variables),
// on hand-written requests and on the shared corpus's REST Client and httpyac examples (read in place).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHttpFile } from '../../../src/core/http/httpFile';
import { canGetNow, findMintedRequests, mintedAtOffset, parseAadArgs, unresolvedBesidesAuthorization, withGivenToken } from '../../../src/core/http/minted';
import { aadScopes, PARTNER_CENTER_SCOPE, signInPlan } from '../../../src/core/signIn';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/http');
const corpus = (rel: string) => {
  const text = readFileSync(path.join(CORPUS, rel), 'utf8');
  return { text, found: findMintedRequests(text, path.basename(rel)) };
};
const minted = (text: string, opts = {}) => findMintedRequests(text, 'x.http', opts);

describe('tokens minted at send time', () => {
  it('REST Client $aadToken: each option in its place, the header value as where it shows', () => {
    const text = 'GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{$aadToken new public contoso.onmicrosoft.com aud:fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd}}\n';
    const [m] = minted(text);
    assert.equal(m.request.line, 0);
    assert.equal(m.minted.kind, 'aad');
    assert.equal(m.minted.expression, '{{$aadToken new public contoso.onmicrosoft.com aud:fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd}}');
    assert.deepEqual(m.minted.aad, { v2: false, fresh: true, cloud: 'public', tenant: 'contoso.onmicrosoft.com', audience: 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd' });
    const value = text.indexOf('Bearer');
    assert.deepEqual(m.minted.ranges, [[value, text.indexOf('\n', value)]]);
    assert.equal(mintedAtOffset([m], value + 10), m);
    assert.equal(mintedAtOffset([m], 3), undefined, 'the request line is not the token');
    assert.ok(canGetNow(m.minted));
    assert.deepEqual(parseAadArgs('$aadToken'), { v2: false, fresh: false });
  });

  it('REST Client $aadV2Token: scopes, tenantid, clientid, appOnly (app-only is not a sign-in: not offered)', () => {
    assert.deepEqual(parseAadArgs('$aadV2Token new AzureCloud scopes:https://graph.microsoft.com/.default,offline_access tenantid:contoso.com clientid:1111'), {
      v2: true,
      fresh: true,
      cloud: 'AzureCloud',
      scopes: ['https://graph.microsoft.com/.default', 'offline_access'],
      tenant: 'contoso.com',
      clientId: '1111',
    });
    const [m] = minted('GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer {{$aadV2Token appOnly}}\n');
    assert.equal(m.minted.kind, 'aad-v2');
    assert.equal(m.minted.aad?.appOnly, true);
    assert.equal(canGetNow(m.minted), false);
  });

  it('follows file variables, nested, and marks each definition as a place it shows', () => {
    const text = '@token = {{inner}}\n@inner = {{$aadV2Token scopes:https://api.partnercenter.microsoft.com/user_impersonation}}\n\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer {{token}}\n';
    const [m] = minted(text);
    assert.equal(m.minted.kind, 'aad-v2');
    assert.deepEqual(m.minted.via, ['token', 'inner']);
    assert.deepEqual(m.minted.aad?.scopes, ['https://api.partnercenter.microsoft.com/user_impersonation']);
    assert.equal(m.minted.ranges.length, 3);
    assert.ok(mintedAtOffset([m], text.indexOf('$aadV2Token')), 'hovering the variable definition finds it');
    assert.ok(mintedAtOffset([m], text.indexOf('{{inner}}')));
  });

  it('follows environment values (and a cycle ends the search, never hangs)', () => {
    const text = 'GET https://example.test/\nAuthorization: Bearer {{tok}}\n';
    assert.equal(minted(text, { environment: { tok: '{{$aadToken}}' } })[0]?.minted.kind, 'aad');
    assert.deepEqual(minted(text, { environment: { tok: 'abc' } }), []);
    assert.deepEqual(minted('@a = {{b}}\n@b = {{a}}\nGET https://x.test/\nAuthorization: Bearer {{a}}\n'), []);
  });

  it('REST Client $oidcAccessToken, httpyac $oauth2 / openid variables and the JetBrains $auth.token', () => {
    const kind = (v: string) => minted(`GET https://x.test/\nAuthorization: ${v}\n`)[0]?.minted.kind;
    assert.equal(kind('Bearer {{$oidcAccessToken clientId:abc scopes:openid}}'), 'oidc');
    assert.equal(kind('Bearer {{$oauth2 client_credentials local access_token}}'), 'oauth2');
    assert.equal(kind('Bearer {{$openid password local}}'), 'oauth2');
    assert.equal(kind('Bearer {{$auth.token("auth-id")}}'), 'auth-config');
    assert.equal(kind('Bearer {{$auth.idToken("auth-id")}}'), 'auth-config');
    assert.equal(kind('oauth2 client_credentials local'), 'oauth2');
    assert.equal(kind('openid authorization_code local token_exchange realm_auth'), 'oauth2');
    assert.equal(kind('Bearer {{$guid}}'), undefined);
    assert.equal(kind('Bearer {{$processEnv TOKEN}}'), undefined, 'a value from the environment is not minted by a sign-in');
    assert.equal(kind('Basic user pass'), undefined);
  });

  it('request variables: REST Client name.response.body/headers, httpyac name.prop on a named request; only in Authorization', () => {
    const kind = (v: string, pre = '') => minted(`${pre}GET https://x.test/a\nAuthorization: ${v}\n`)[0]?.minted;
    const m = kind('Bearer {{login.response.body.$.access_token}}')!;
    assert.equal(m.kind, 'request-variable');
    assert.equal(m.fromRequest, 'login');
    assert.equal(kind('{{login.response.headers.X-AuthToken}}')?.kind, 'request-variable');
    assert.equal(kind('Bearer {{session.token}}', '# @name session\nPOST https://x.test/session\n\n###\n')?.kind, 'request-variable');
    assert.equal(kind('Bearer {{session.token}}'), undefined, 'no request named session: a plain variable, unresolved');
    // A request variable in the URL is an ID, not a token.
    assert.deepEqual(minted('GET https://x.test/c/{{create.response.body.$.id}}\n'), []);
  });

  it('corpus: REST Client request_variables.http (the token from the login request, through @authToken)', () => {
    const { text, found } = corpus('restclient/request_variables.http');
    const lines = found.map((f) => f.request.line);
    // createComment and getCreatedComment send {{authToken}} = {{login.response.headers.X-AuthToken}}; the others send none.
    assert.deepEqual(lines, [text.split('\n').findIndex((l) => l.startsWith('POST {{baseUrl}}/comments')), text.split('\n').findIndex((l) => l.startsWith('GET {{baseUrl}}/comments/{{commentId}} '))]);
    for (const f of found) {
      assert.equal(f.minted.kind, 'request-variable');
      assert.equal(f.minted.fromRequest, 'login');
      assert.deepEqual(f.minted.via, ['authToken']);
      assert.equal(f.minted.expression, '{{login.response.headers.X-AuthToken}}');
    }
  });

  it('corpus: httpyac OAuth2 (openid header, device_code, $auth.token) and argocd\'s @ref session token', () => {
    const oauth = corpus('httpyac/variables_oauth2.http').found;
    assert.deepEqual(oauth.map((f) => [f.request.name, f.minted.kind, f.minted.expression]), [
      ['client_credentials', 'oauth2', 'openid client_credentials local'],
      ['authorization_code', 'oauth2', 'openid authorization_code local'],
      ['implicit', 'oauth2', 'openid implicit local'],
      ['password', 'oauth2', 'openid password local'],
    ]);
    assert.deepEqual(corpus('httpyac/api_microsoftIdentify.http').found.map((f) => [f.minted.kind, f.minted.expression]), [['oauth2', 'oauth2 device_code']]);
    assert.deepEqual(corpus('httpyac/oauth2_intellij/test.http').found.map((f) => f.minted.kind), ['auth-config']);
    const argo = corpus('httpyac/api_argocd.http').found;
    assert.equal(argo.length, 2);
    assert.ok(argo.every((f) => f.minted.kind === 'request-variable' && f.minted.fromRequest === 'session'));
  });

  it('corpus: files with a literal token or none are not "made when sent"', () => {
    for (const f of ['httpyac/request_headers.http', 'httpyac/api_github.http', 'httpyac/metaData_ref.http', 'restclient/environment_token.http', 'restclient/file_variables.http', 'restclient/system_variables.http']) {
      assert.deepEqual(corpus(f).found, [], f);
    }
  });

  it('Markdown: ```http and ```rest fences are read as .http files, with document offsets and lines; each fence on its own', () => {
    const text = [
      '# Calling Partner Center',
      '',
      'Authorization: Bearer {{$aadToken}} in prose is not a request.',
      '',
      '```http',
      '@token = {{$aadV2Token scopes:https://api.partnercenter.microsoft.com/user_impersonation}}',
      '',
      'GET https://api.partnercenter.microsoft.com/v1/customers',
      'Authorization: Bearer {{token}}',
      '```',
      '',
      '```REST',
      'GET https://graph.microsoft.com/v1.0/me',
      'Authorization: Bearer {{$aadToken}}',
      '```',
      '',
      '```http',
      '# {{token}} is the first fence\'s variable: not defined here',
      'GET https://api.partnercenter.microsoft.com/v1/invoices',
      'Authorization: Bearer {{token}}',
      '```',
      '',
      '```js',
      'fetch(url, { headers: { Authorization: "Bearer {{$aadToken}}" } })',
      '```',
      '',
    ].join('\n');
    const lines = text.split('\n');
    const found = findMintedRequests(text, 'README.md');
    assert.deepEqual(found.map((m) => [m.request.line, m.request.method, m.request.url, m.minted.kind]), [
      [7, 'GET', 'https://api.partnercenter.microsoft.com/v1/customers', 'aad-v2'],
      [12, 'GET', 'https://graph.microsoft.com/v1.0/me', 'aad'],
    ]);
    const [pc, graph] = found;
    assert.deepEqual(pc.minted.via, ['token']);
    // The places it shows are the document's: the header value and the variable's value.
    const header = text.indexOf('Bearer {{token}}');
    const def = text.indexOf('{{$aadV2Token');
    assert.deepEqual(pc.minted.ranges, [
      [header, header + 'Bearer {{token}}'.length],
      [def, text.indexOf('\n', def)],
    ]);
    assert.equal(mintedAtOffset(found, header + 10), pc);
    assert.equal(mintedAtOffset(found, def + 3), pc);
    assert.equal(mintedAtOffset(found, text.indexOf('{{$aadToken}} in prose')), undefined, 'prose outside a fence');
    assert.equal(mintedAtOffset(found, text.indexOf('"Bearer {{$aadToken}}"')), undefined, 'a js fence');
    assert.equal(lines[graph.request.line], 'GET https://graph.microsoft.com/v1.0/me');
    assert.equal(text.slice(graph.minted.ranges[0][0], graph.minted.ranges[0][1]), 'Bearer {{$aadToken}}');
    // By language id too (an untitled Markdown document), and CRLF line breaks keep the offsets.
    assert.equal(findMintedRequests(text, { fileName: 'Untitled-1', languageId: 'markdown' }).length, 2);
    const crlf = text.replace(/\n/g, '\r\n');
    const [c] = findMintedRequests(crlf, 'README.md');
    assert.equal(crlf.slice(c.minted.ranges[0][0], c.minted.ranges[0][1]), 'Bearer {{token}}');
    assert.deepEqual(findMintedRequests('```http\n', 'a.md'), [], 'an empty, unclosed fence');
  });

  it('is not fooled by other documents or hostile input', () => {
    assert.deepEqual(findMintedRequests('Authorization: Bearer {{$aadToken}}', 'notes.txt'), []);
    const deep = Array.from({ length: 200 }, (_, i) => `@v${i} = {{v${i + 1}}}`).join('\n') + '\n@v200 = {{$aadToken}}\nGET https://x.test/\nAuthorization: Bearer {{v0}}\n';
    assert.deepEqual(minted(deep), [], 'past 16 variables deep the chain is not followed');
    const long = `GET https://x.test/\nAuthorization: Bearer {{$aadV2Token scopes:${'a'.repeat(100000)}}}\n`;
    assert.ok(minted(long)[0].minted.expression.length <= 201);
  });

  describe('"Get it now and inspect": what sign-in is asked for (issue 17)', () => {
    const PC = 'https://api.partnercenter.microsoft.com/v1/customers';
    const plan = (expr: string, url = PC, extra = {}) => {
      const r = signInPlan({ causes: [], url, aad: parseAadArgs(expr)!, expectedAudiences: ['https://api.partnercenter.microsoft.com'], clientId: '7e57c11e-0000-4000-8000-0000000c11e7', ...extra });
      assert.ok(r.ok);
      return r.plan;
    };
    it('bare $aadToken / $aadV2Token: the audience the host expects (Partner Center: user_impersonation), a session only if none', () => {
      assert.deepEqual(plan('$aadToken').scopes, [PARTNER_CENTER_SCOPE, 'VSCODE_CLIENT_ID:7e57c11e-0000-4000-8000-0000000c11e7']);
      assert.equal(plan('$aadV2Token').mode, 'create');
      assert.equal(plan('$aadToken', 'https://graph.microsoft.com/v1.0/me').apiScope, 'https://graph.microsoft.com/.default');
    });
    it('`new` forces a new session; the file\'s tenant and client ID are not used', () => {
      const p = plan('$aadV2Token new tenantid:evil.example clientid:11111111-1111-1111-1111-111111111111');
      assert.equal(p.mode, 'force');
      assert.ok(!p.scopes.some((s) => s.includes('evil') || s.includes('1111')), p.scopes.join());
    });
    it('$aadV2Token scopes: and $aadToken aud: win over the host', () => {
      assert.deepEqual(plan('$aadV2Token scopes:https://graph.microsoft.com/User.Read,offline_access').scopes.slice(0, 2), ['https://graph.microsoft.com/User.Read', 'offline_access']);
      assert.deepEqual(aadScopes(parseAadArgs('$aadToken aud:fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd')!), [PARTNER_CENTER_SCOPE]);
      assert.deepEqual(aadScopes(parseAadArgs('$aadToken aud:management.azure.com')!), ['https://management.azure.com/.default']);
      assert.equal(plan('$aadToken aud:00000003-0000-0000-c000-000000000000').apiScope, '00000003-0000-0000-c000-000000000000/.default');
    });
  });

  it('a token given (sign-in, --token) stands in for the minting variables, through file variables; a request variable only where Authorization uses it', () => {
    const text = '@t = {{$aadV2Token scopes:x}}\nGET https://x.test/?q={{$guid}}\nAuthorization: Bearer {{t}}\n';
    const opts = withGivenToken({ dynamic: (n) => (n === '$guid' ? 'g' : undefined) }, 'NEWTOKEN');
    const [r] = parseHttpFile(text, opts).requests;
    assert.deepEqual(r.unresolved, []);
    assert.equal(r.headers[0].value, 'Bearer NEWTOKEN');
    assert.equal(r.url, 'https://x.test/?q=g', 'other system variables still come from the original options');
    const rv = parseHttpFile('GET https://x.test/{{login.response.body.$.id}}\nAuthorization: Bearer {{login.response.body.$.token}}\n').requests[0];
    assert.deepEqual(unresolvedBesidesAuthorization(rv), ['login.response.body.$.id'], 'the one in the URL still stops the send');
  });
});
