import assert from 'node:assert/strict';
import {
  bearerParams,
  challengesOf,
  decodeClaimsChallenge,
  describeClaimRequest,
  isScheme,
  parseWwwAuthenticate,
} from '../../../src/core/http/wwwAuthenticate';
import { decodeBase64Text } from '../../../src/core/b64';

describe('WWW-Authenticate parser', () => {
  it('splits the HTTPbis example into two challenges, unescaping quoted strings', () => {
    const c = parseWwwAuthenticate('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"');
    assert.deepEqual(c, [
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'Basic', params: { realm: 'simple' } },
    ]);
  });

  it('reads the Partner Center MFA rejection', () => {
    const [c] = parseWwwAuthenticate('Bearer error="invalid_token"');
    assert.equal(c.scheme, 'Bearer');
    assert.equal(bearerParams(c).error, 'invalid_token');
  });

  it('keeps commas and = inside quoted values (claims with base64 padding)', () => {
    let json = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    while (!Buffer.from(json).toString('base64').endsWith('=')) json += ' ';
    const claims = Buffer.from(json).toString('base64');
    assert.ok(claims.endsWith('='));
    const v = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${claims}"`;
    const [c] = parseWwwAuthenticate(v);
    const p = bearerParams(c);
    assert.equal(p.realm, '');
    assert.equal(p.error, 'insufficient_claims');
    assert.equal(p.claims, claims);
    assert.equal(p.clientId, '00000003-0000-0000-c000-000000000000');
    const decoded = decodeClaimsChallenge(p.claims!);
    assert.deepEqual(decoded.requests, [{ target: 'access_token', claim: 'acrs', essential: true, value: 'c1' }]);
    assert.equal(describeClaimRequest(decoded.requests[0]), 'access_token.acrs=c1 (essential)');
  });

  it('reads Azure Storage’s unquoted, space-separated form', () => {
    const [c, ...rest] = parseWwwAuthenticate(
      'Bearer authorization_uri=https://login.microsoftonline.com/t/oauth2/authorize resource_id=https://storage.azure.com',
    );
    assert.equal(rest.length, 0);
    assert.deepEqual(c.params, { authorization_uri: 'https://login.microsoftonline.com/t/oauth2/authorize', resource_id: 'https://storage.azure.com' });
    assert.equal(bearerParams(c).authorizationUri, 'https://login.microsoftonline.com/t/oauth2/authorize');
  });

  it('reads Key Vault’s authorization= as the authorization URI', () => {
    const [c] = parseWwwAuthenticate('Bearer authorization="https://login.windows.net/t", resource="https://vault.azure.net"');
    assert.equal(bearerParams(c).authorizationUri, 'https://login.windows.net/t');
  });

  it('reads token68, several headers, case-insensitive names and BWS around =', () => {
    const c = challengesOf([
      ['Content-Type', 'text/plain'],
      ['WWW-Authenticate', 'Negotiate YIIB+w==, NTLM'],
      ['www-authenticate', 'BEARER Realm = "x" ,  ERROR=insufficient_scope, scope="a b"'],
    ]);
    assert.equal(c.length, 3);
    assert.equal(c[0].token68, 'YIIB+w==');
    assert.deepEqual(c[1], { scheme: 'NTLM', params: {} });
    assert.ok(isScheme(c[2], 'bearer'));
    assert.deepEqual(bearerParams(c[2]).scope, ['a', 'b']);
    assert.equal(bearerParams(c[2]).realm, 'x');
    assert.equal(bearerParams(c[2]).error, 'insufficient_scope');
  });

  it('keeps the first of a repeated parameter and treats __proto__ as plain data', () => {
    const [c] = parseWwwAuthenticate('Bearer error="a", error="b", __proto__="x", constructor=y');
    assert.equal(c.params.error, 'a');
    assert.equal(Object.getPrototypeOf(c.params), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(c.params, '__proto__')?.value, 'x');
    assert.equal(c.params.constructor, 'y');
  });

  it('reads RFC 9470 step-up parameters', () => {
    const [c] = parseWwwAuthenticate('Bearer error="insufficient_user_authentication", acr_values="a b", max_age=5');
    assert.deepEqual(bearerParams(c).acrValues, ['a', 'b']);
    assert.equal(bearerParams(c).maxAge, '5');
  });

  it('survives garbage without throwing and still finds later challenges', () => {
    const c = parseWwwAuthenticate('"unterminated, ,,= =, Bearer realm="x');
    assert.ok(c.some((x) => x.scheme === 'Bearer' && x.params.realm === 'x'));
    assert.deepEqual(parseWwwAuthenticate(''), []);
    assert.deepEqual(parseWwwAuthenticate([]), []);
  });

  it('decodes claims given as base64url, unpadded, or already JSON; reports bad input', () => {
    const json = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';
    const url = Buffer.from(json).toString('base64url');
    assert.equal(decodeBase64Text(url), json);
    assert.equal(decodeClaimsChallenge(json).requests[0].claim, 'nbf');
    assert.equal(decodeClaimsChallenge('!!!').error, 'not base64');
    assert.equal(decodeClaimsChallenge(Buffer.from('nope').toString('base64')).error, 'not JSON');
  });

  it('13.6: empty list elements (RFC 9110 §5.6.1) between a scheme and its parameters, and between challenges', () => {
    const simple = (v: string) => parseWwwAuthenticate(v).map((c) => [c.scheme, { ...c.params }]);
    assert.deepEqual(simple('Basic , realm="foo"'), [['Basic', { realm: 'foo' }]]);
    assert.deepEqual(simple('Bearer ,, error="invalid_token" ,'), [['Bearer', { error: 'invalid_token' }]]);
    assert.deepEqual(simple('Newauth, Basic realm="b"'), [['Newauth', {}], ['Basic', { realm: 'b' }]]);
    assert.deepEqual(simple('Newauth , Basic realm="b"'), [['Newauth', {}], ['Basic', { realm: 'b' }]]);
    assert.deepEqual(simple(',,Bearer realm="r",,'), [['Bearer', { realm: 'r' }]]);
  });
});
