// The loopback stand-in answers each case of docs/domain.md §4-5 in order, and its discovery/JWKS verify its tokens.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startStandIn, MFA_REASON, STEP_UP_CLAIMS, type StandIn } from '../../test/stand-in';
import { NOW, NOW_S } from './helpers/fixtures';

interface Answer {
  status: number;
  reason: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP/1.1 GET (node:http keeps the reason phrase exactly as sent). */
function get(s: StandIn, path: string, token?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}${path}`, { headers: { ...headers, ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, reason: res.statusMessage ?? '', headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const description = (a: Answer) => /error_description="([^"]*)"/.exec(String(a.headers['www-authenticate']))?.[1];

describe('stand-in', () => {
  let s: StandIn;
  before(async () => {
    s = await startStandIn({ now: () => NOW });
  });
  after(() => s.close());

  it('listens on 127.0.0.1 only', () => {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(s.issuer, `${s.url}/${s.tenant}/v2.0`);
  });

  describe('Partner Center-like API', () => {
    const path = '/v1/customers/0000-cust/subscriptions';

    it('1. no token: 401 invalid_token with a description', async () => {
      const a = await get(s, path);
      assert.equal(a.status, 401);
      assert.match(String(a.headers['www-authenticate']), /^Bearer error="invalid_token", error_description="[^"]+"$/);
      assert.equal(description(a), 'No access token was sent');
    });

    it('1. a non-Bearer Authorization counts as no token', async () => {
      const a = await get(s, path, undefined, { Authorization: 'Basic dXNlcjpwYXNz' });
      assert.equal(a.status, 401);
      assert.equal(description(a), 'No access token was sent');
    });

    it('2. bad signature, and garbage, are refused before anything else', async () => {
      const bad = await get(s, path, s.mint('bad-signature'));
      assert.equal(bad.status, 401);
      assert.equal(description(bad), 'The access token signature is invalid');
      const garbage = await get(s, path, 'not.a.jwt');
      assert.equal(description(garbage), 'The access token signature is invalid');
      // Expired AND bad signature: the signature is judged first.
      const both = await get(s, path, s.mint('bad-signature', { exp: NOW / 1000 - 10 }));
      assert.equal(description(both), 'The access token signature is invalid');
    });

    it('3. expired, and not yet valid', async () => {
      const exp = await get(s, path, s.mint('expired'));
      assert.equal(exp.status, 401);
      assert.equal(description(exp), 'The access token has expired');
      const nyv = await get(s, path, s.mint('not-yet-valid'));
      assert.equal(nyv.status, 401);
      assert.equal(description(nyv), 'The access token is not yet valid');
      // Expired AND wrong audience: the lifetime is judged first.
      const both = await get(s, path, s.mint('wrong-audience', { exp: NOW / 1000 - 10 }));
      assert.equal(description(both), 'The access token has expired');
    });

    it('4. wrong audience (also an id token sent as an access token)', async () => {
      const a = await get(s, path, s.mint('wrong-audience'));
      assert.equal(a.status, 401);
      assert.equal(description(a), 'The access token audience is not valid for this API');
      const id = await get(s, path, s.mint('id-token'));
      assert.equal(description(id), 'The access token audience is not valid for this API');
      // The GUID form of the audience is accepted.
      const guid = await get(s, path, s.mint('mfa', { aud: 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd' }));
      assert.equal(guid.status, 200);
    });

    it('5. app-only on a customer operation is refused; elsewhere it passes', async () => {
      const a = await get(s, path, s.mint('app-only'));
      assert.equal(a.status, 401);
      assert.match(description(a)!, /App-only authentication is not supported/);
      const ok = await get(s, '/v1/profiles/organization', s.mint('app-only'));
      assert.equal(ok.status, 200);
    });

    it('6. amr without mfa: "Unauthorized - MFA required", invalid_token and no description', async () => {
      for (const kind of ['no-mfa', 'ngcmfa'] as const) {
        const a = await get(s, path, s.mint(kind));
        assert.equal(a.status, 401, kind);
        assert.equal(a.reason, MFA_REASON, kind);
        assert.equal(a.headers['www-authenticate'], 'Bearer error="invalid_token"', kind);
      }
      const noAmr = await get(s, path, s.mint('mfa', { amr: undefined }));
      assert.equal(noAmr.reason, MFA_REASON);
    });

    it('otherwise 200 with MS-CorrelationId and MS-RequestId (echoed when sent)', async () => {
      const a = await get(s, path, s.mint('mfa'));
      assert.equal(a.status, 200);
      assert.match(String(a.headers['ms-correlationid']), /^[0-9a-f-]{36}$/);
      assert.match(String(a.headers['ms-requestid']), /^[0-9a-f-]{36}$/);
      assert.equal(JSON.parse(a.body).totalCount, 1);
      const echoed = await get(s, path, s.mint('mfa'), { 'MS-CorrelationId': 'corr-1', 'MS-RequestId': 'req-1' });
      assert.equal(echoed.headers['ms-correlationid'], 'corr-1');
      assert.equal(echoed.headers['ms-requestid'], 'req-1');
    });
  });

  describe('Graph-like endpoints', () => {
    it('/me answers a claims challenge with base64 claims until the token satisfied c1', async () => {
      const a = await get(s, '/graph/v1.0/me', s.mint('graph'));
      assert.equal(a.status, 401);
      const h = String(a.headers['www-authenticate']);
      assert.match(h, /^Bearer realm="", authorization_uri="http:\/\/127\.0\.0\.1:\d+\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="[A-Za-z0-9+/]+=*"$/);
      const claims = /claims="([^"]+)"/.exec(h)![1];
      assert.deepEqual(JSON.parse(Buffer.from(claims, 'base64').toString('utf8')), STEP_UP_CLAIMS);
      const ok = await get(s, '/graph/v1.0/me', s.mint('graph-step-up'));
      assert.equal(ok.status, 200);
      assert.equal(JSON.parse(ok.body).displayName, 'Stand-in Admin');
    });

    it('/users answers 403 insufficient_scope without User.Read.All', async () => {
      const a = await get(s, '/graph/v1.0/users', s.mint('graph'));
      assert.equal(a.status, 403);
      assert.match(String(a.headers['www-authenticate']), /^Bearer error="insufficient_scope", scope="User\.Read\.All"/);
      assert.equal((await get(s, '/graph/v1.0/users', s.mint('graph-step-up'))).status, 200);
    });

    it('no token or a Partner Center token: 401 with the bare Graph challenge', async () => {
      for (const token of [undefined, s.mint('mfa')]) {
        const a = await get(s, '/graph/v1.0/me', token);
        assert.equal(a.status, 401);
        assert.doesNotMatch(String(a.headers['www-authenticate']), /error=/);
      }
    });
  });

  describe('OIDC discovery and JWKS', () => {
    it('publishes an Entra-shaped discovery document whose JWKS verifies minted tokens (jose)', async () => {
      const doc = JSON.parse((await get(s, `/${s.tenant}/v2.0/.well-known/openid-configuration`)).body);
      assert.equal(doc.issuer, s.issuer);
      assert.equal(doc.jwks_uri, `${s.url}/${s.tenant}/discovery/v2.0/keys`);
      const jwks = createRemoteJWKSet(new URL(doc.jwks_uri));
      const { payload, protectedHeader } = await jwtVerify(s.mint('mfa'), jwks, {
        issuer: doc.issuer,
        audience: 'https://api.partnercenter.microsoft.com',
        currentDate: new Date(NOW),
      });
      assert.deepEqual(payload.amr, ['pwd', 'mfa']);
      assert.equal(protectedHeader.kid, 'stand-in-test-key-1');
      await assert.rejects(jwtVerify(s.mint('bad-signature'), jwks, { currentDate: new Date(NOW) }), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    });
  });

  describe('minter', () => {
    it('mints each kind with the claims that define it, and applies overrides', () => {
      const claims = (t: string) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString('utf8'));
      assert.deepEqual(claims(s.mint('no-mfa')).amr, ['pwd']);
      assert.deepEqual(claims(s.mint('ngcmfa')).amr, ['ngcmfa']);
      assert.equal(claims(s.mint('wrong-audience')).aud, 'https://graph.microsoft.com');
      const app = claims(s.mint('app-only'));
      assert.equal(app.idtyp, 'app');
      assert.equal(app.amr, undefined);
      assert.ok(claims(s.mint('expired')).exp < NOW_S);
      assert.ok(claims(s.mint('not-yet-valid')).nbf > NOW_S);
      assert.equal(claims(s.mint('id-token')).nonce, 'stand-in-nonce');
      const o = claims(s.mint('mfa', { exp: 4102444800, upn: undefined }));
      assert.equal(o.exp, 4102444800);
      assert.ok(!('upn' in o));
    });
  });
});
