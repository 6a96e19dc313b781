import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JWK } from 'jose';
import { renderVerify } from '../../src/core/catalog/verify';
import { decode } from '../../src/core/decode';
import { planVerification, verifyToken, type TrustSettings, type VerifyPlan } from '../../src/core/verify';
import { createNodeKeyStore, verifyRaw } from '../../src/node/keys';
import { settingsFromJson } from '../../src/core/settings';
import { freezeAbortTimeouts, type FrozenTimeouts } from './helpers/abortTimeouts';
import { b64, keyPair, mint, TID } from './helpers/fixtures';

const V1_ISS = `https://sts.windows.net/${TID}/`;
const V2_ISS = `https://login.microsoftonline.com/${TID}/v2.0`;
const NONE: TrustSettings = { trustedIssuers: [], jwks: [] };

type Keys = Awaited<ReturnType<typeof keyPair>>;

/** Flips one character in the middle of the payload: the signature no longer covers it. */
function tamper(jwt: string): string {
  const [h, p, s] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  claims.amr = ['pwd', 'mfa'];
  return `${h}.${b64(claims)}.${s}`;
}

describe('verify: planning (no I/O)', () => {
  const tok = (header: Record<string, unknown>, claims: Record<string, unknown>) => mint(claims, header, 'c2ln');

  it('chooses v1 or v2 discovery by ver for Entra issuers', () => {
    const v1 = planVerification(decode(tok({ alg: 'RS256', kid: 'k' }, { iss: V1_ISS, tid: TID, ver: '1.0' })), NONE);
    assert.equal(v1.kind, 'discovery');
    assert.equal(v1.kind === 'discovery' && v1.discoveryUrl, `https://login.microsoftonline.com/${TID}/.well-known/openid-configuration`);
    const v2 = planVerification(decode(tok({ alg: 'RS256', kid: 'k' }, { iss: V2_ISS, tid: TID, ver: '2.0' })), NONE);
    assert.equal(v2.kind === 'discovery' && v2.discoveryUrl, `https://login.microsoftonline.com/${TID}/v2.0/.well-known/openid-configuration`);
  });

  it('calls a header nonce or a Graph audience "by design", not an attack', () => {
    const n = planVerification(decode(tok({ alg: 'RS256', nonce: 'abc' }, { iss: V1_ISS })), NONE);
    assert.equal(n.kind, 'refuse');
    assert.equal(n.kind === 'refuse' && n.result.reason, 'by-design');
    assert.equal(n.kind === 'refuse' && n.result.state, 'not-checked');
    // A Graph audience without a nonce is tried (see the loopback test), flagged so a failure is not "invalid".
    const g = planVerification(decode(tok({ alg: 'RS256' }, { iss: V1_ISS, aud: '00000003-0000-0000-c000-000000000000' })), NONE);
    assert.equal(g.kind !== 'refuse' && g.graph, true);
    assert.match(renderVerify((n as Extract<VerifyPlan, { kind: 'refuse' }>).result, 'en').message, /by design/);
    assert.match(renderVerify((n as Extract<VerifyPlan, { kind: 'refuse' }>).result, 'en').message, /would not mean an attack/);
  });

  it('refuses an issuer not on the list, and never follows jku', () => {
    const p = planVerification(decode(tok({ alg: 'RS256', jku: 'https://evil.example/keys' }, { iss: 'https://idp.example.com' })), NONE);
    assert.equal(p.kind, 'refuse');
    if (p.kind !== 'refuse') return;
    assert.equal(p.result.reason, 'untrusted-issuer');
    const en = renderVerify(p.result, 'en').message;
    assert.match(en, /idp\.example\.com/);
    assert.match(en, /jwtMfa\.verify\.trustedIssuers/);
    assert.doesNotMatch(en, /evil/);
    assert.match(renderVerify(p.result, 'ja').message, /信頼/);
  });

  it('uses a listed issuer (exact iss or its discovery URL)', () => {
    const d = decode(tok({ alg: 'RS256' }, { iss: 'https://idp.example.com/' }));
    const a = planVerification(d, { trustedIssuers: ['https://idp.example.com/'], jwks: [] });
    assert.equal(a.kind === 'discovery' && a.discoveryUrl, 'https://idp.example.com/.well-known/openid-configuration');
    const b = planVerification(d, { trustedIssuers: ['https://idp.example.com/.well-known/openid-configuration'], jwks: [] });
    assert.equal(b.kind, 'discovery');
    const c = planVerification(d, { trustedIssuers: ['https://other.example.com'], jwks: [] });
    assert.equal(c.kind, 'refuse');
  });

  it('does not try to verify JWE, alg none or garbage', () => {
    const jwe = decode(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`);
    assert.equal(planVerification(jwe, NONE).kind === 'refuse' && (planVerification(jwe, NONE) as { result: { reason: string } }).result.reason, 'encrypted');
    const none = decode(tok({ alg: 'none' }, { iss: V1_ISS }));
    assert.equal((planVerification(none, NONE) as { result: { reason: string } }).result.reason, 'unsigned');
  });
});

describe('verify: against a loopback OIDC stand-in', function () {
  this.timeout(15000); // a hang guard only
  // The fetch timeouts are frozen (helpers/abortTimeouts): they pass only once the server holds a
  // request under /hang, so a slow answer on a loaded machine is never taken for a timeout.
  let clock: FrozenTimeouts;
  beforeEach(() => {
    clock = freezeAbortTimeouts();
  });
  afterEach(() => clock.restore());
  let server: Server;
  let base = '';
  let keys: Keys;
  let other: Keys;
  let jwk: JWK;
  let dir = '';
  const hits: string[] = [];

  before(async () => {
    keys = await keyPair('k1');
    other = await keyPair('k1');
    jwk = keys.jwk;
    server = createServer((req, res) => {
      const url = req.url ?? '';
      hits.push(url);
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url === `/${TID}/.well-known/openid-configuration`) return json({ issuer: 'https://sts.windows.net/{tenantid}/', jwks_uri: `${base}/common/discovery/keys` });
      if (url === `/${TID}/v2.0/.well-known/openid-configuration`) return json({ issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: `${base}/common/discovery/v2.0/keys` });
      if (url === '/common/discovery/keys') return json({ keys: [jwk] });
      if (url === '/common/discovery/v2.0/keys') return json({ keys: [{ ...jwk, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' }] });
      if (url === '/custom/.well-known/openid-configuration') return json({ issuer: `${base}/custom`, jwks_uri: `${base}/custom/keys` });
      if (url === '/custom/keys') return json({ keys: [jwk] });
      if (url === '/notjson') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('<html>not json</html>');
      }
      if (url === '/empty') return json({ keys: [] });
      if (url === '/nokeys') return json({ hello: 'world' });
      if (url === '/status500') {
        res.writeHead(500);
        return res.end();
      }
      if (url.startsWith('/hang')) return clock.elapse(); // never answers: its timeout passes now
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'jwks-'));
    writeFileSync(path.join(dir, 'keys.json'), JSON.stringify({ keys: [jwk] }));
    writeFileSync(path.join(dir, 'bad.json'), 'not json');
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const store = () => createNodeKeyStore({ timeoutMs: 400, baseDir: dir });
  const v1Claims = { iss: V1_ISS, tid: TID, ver: '1.0', aud: 'https://api.partnercenter.microsoft.com', amr: ['pwd'] };

  it('verifies a valid v1 signature through discovery by ver', async () => {
    const jwt = await keys.sign(v1Claims);
    const r = await verifyToken(jwt, decode(jwt), { trust: NONE, store: store(), authority: base });
    assert.equal(r.state, 'valid', JSON.stringify(r));
    assert.equal(r.reason, 'verified');
    assert.equal(r.detail.source, `${base}/common/discovery/keys`);
    assert.match(renderVerify(r, 'en').message, /valid/);
  });

  it('verifies a v2 token against the v2 metadata and the key issuer', async () => {
    const jwt = await keys.sign({ iss: V2_ISS, tid: TID, ver: '2.0', aud: 'api://x' });
    const r = await verifyToken(jwt, decode(jwt), { trust: NONE, store: store(), authority: base });
    assert.equal(r.state, 'valid', JSON.stringify(r));
    assert.equal(r.detail.source, `${base}/common/discovery/v2.0/keys`);
  });

  it('reports a tampered token as signature-mismatch', async () => {
    const jwt = tamper(await keys.sign(v1Claims));
    const r = await verifyToken(jwt, decode(jwt), { trust: NONE, store: store(), authority: base });
    assert.equal(r.state, 'invalid');
    assert.equal(r.reason, 'signature-mismatch');
    assert.equal(r.detail.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    assert.match(renderVerify(r, 'ja').message, /一致しません/);
  });

  it('reports a token signed by another key as signature-mismatch', async () => {
    const jwt = await other.sign(v1Claims);
    const r = await verifyToken(jwt, decode(jwt), { trust: NONE, store: store(), authority: base });
    assert.equal(r.reason, 'signature-mismatch');
  });

  it('does not call a Graph token that fails the check invalid, and still verifies one that passes', async () => {
    const graph = { ...v1Claims, aud: 'https://graph.microsoft.com' };
    const bad = await other.sign(graph);
    const r = await verifyToken(bad, decode(bad), { trust: NONE, store: store(), authority: base });
    assert.equal(r.state, 'not-checked');
    assert.equal(r.reason, 'by-design');
    assert.match(renderVerify(r, 'en').message, /does not mean an attack/);
    const good = await keys.sign(graph);
    assert.equal((await verifyToken(good, decode(good), { trust: NONE, store: store(), authority: base })).state, 'valid');
  });

  it('calls an Entra token with another alg invalid, and an unsupported alg elsewhere not checked', async () => {
    const hs = mint(v1Claims, { alg: 'HS256', kid: 'k1' }, 'c2ln');
    const r = await verifyToken(hs, decode(hs), { trust: NONE, store: store(), authority: base });
    assert.equal(r.state, 'invalid');
    assert.equal(r.reason, 'alg-not-allowed');
    assert.match(renderVerify(r, 'en').message, /RS256.*HS256/);
    const other = mint({ iss: 'https://x.example' }, { alg: 'HS256', kid: 'k1' }, 'c2ln');
    const o = await verifyToken(other, decode(other), { trust: { trustedIssuers: [], jwks: ['keys.json'] }, store: store() });
    assert.equal(o.reason, 'not-supported');
    assert.equal(o.state, 'not-checked');
  });

  it('reports an unknown kid', async () => {
    const jwt = await keys.sign(v1Claims, { kid: 'rotated-away' });
    const r = await verifyToken(jwt, decode(jwt), { trust: NONE, store: store(), authority: base });
    assert.equal(r.state, 'invalid');
    assert.equal(r.reason, 'no-matching-key');
    assert.match(renderVerify(r, 'en').message, /rotated-away/);
  });

  it('does not fetch anything for an issuer that is not on the list', async () => {
    const before = hits.length;
    const jwt = await keys.sign({ iss: `${base}/custom` }, { jku: `${base}/custom/keys` });
    const r = await verifyToken(jwt, decode(jwt), { trust: NONE, store: store(), authority: base });
    assert.equal(r.reason, 'untrusted-issuer');
    assert.equal(hits.length, before, 'no request was made');
  });

  it('verifies a listed issuer through its discovery document', async () => {
    const jwt = await keys.sign({ iss: `${base}/custom` });
    const r = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [`${base}/custom`], jwks: [] }, store: store() });
    assert.equal(r.state, 'valid', JSON.stringify(r));
  });

  it('reports a server that hangs as a timeout, at the store\'s timeout', async () => {
    const jwt = await keys.sign({ iss: `${base}/x` });
    const r = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: [`${base}/hang`] }, store: store() });
    assert.equal(r.state, 'not-checked');
    assert.equal(r.reason, 'timeout');
    assert.deepEqual(clock.armed, [400], 'the key fetch is bounded by the store\'s timeout (400 ms), not a default');
    assert.match(renderVerify(r, 'en').message, /did not answer within/);
  });

  it('reports a hanging discovery endpoint as a timeout', async () => {
    const jwt = await keys.sign({ iss: `${base}/hang-iss` });
    const r = await verifyToken(jwt, decode(jwt), {
      trust: { trustedIssuers: [`${base}/hang-iss`], jwks: [] },
      store: store(),
    });
    assert.equal(r.reason, 'timeout', JSON.stringify(r));
    assert.equal(r.detail.url, `${base}/hang-iss/.well-known/openid-configuration`);
    assert.deepEqual(clock.armed, [400]);
  });

  it('reports a JWKS that is not JSON, has no keys, or is no key set', async () => {
    const jwt = await keys.sign({ iss: `${base}/x` });
    const notJson = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: [`${base}/notjson`] }, store: store() });
    assert.equal(notJson.reason, 'jwks-invalid', JSON.stringify(notJson));
    const empty = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: [`${base}/empty`] }, store: store() });
    assert.equal(empty.reason, 'empty-key-set', JSON.stringify(empty));
    const nokeys = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: [`${base}/nokeys`] }, store: store() });
    assert.equal(nokeys.reason, 'jwks-invalid', JSON.stringify(nokeys));
    const s500 = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: [`${base}/status500`] }, store: store() });
    assert.equal(s500.reason, 'http-error', JSON.stringify(s500));
  });

  it('reports a refused connection as offline with the code', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const jwt = await keys.sign({ iss: `${base}/x` });
    const r = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: [`http://127.0.0.1:${port}/keys`] }, store: store() });
    assert.equal(r.reason, 'offline', JSON.stringify(r));
    assert.equal(r.detail.code, 'ECONNREFUSED');
    assert.match(renderVerify(r, 'en').message, /refused/);
  });

  it('verifies with a local JWKS file, and reports a bad or missing one', async () => {
    const jwt = await keys.sign({ iss: 'https://anything.example' });
    const ok = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: ['keys.json'] }, store: store() });
    assert.equal(ok.state, 'valid', JSON.stringify(ok));
    const bad = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: ['bad.json'] }, store: store() });
    assert.equal(bad.reason, 'jwks-invalid');
    const missing = await verifyToken(jwt, decode(jwt), { trust: { trustedIssuers: [], jwks: ['nope.json'] }, store: store() });
    assert.equal(missing.reason, 'file-error');
  });

  it('uses a key set the user lists for an issuer, an Entra issuer included, and only for that issuer', async () => {
    const jwt = await keys.sign(v1Claims);
    // Entra's discovery is unreachable here (authority 127.0.0.1:1): the listed key set must be what verifies.
    const mine = { trustedIssuers: [], jwks: [], issuerJwks: [{ issuer: V1_ISS.replace(/\/$/, ''), jwks: 'keys.json' }] };
    const ok = await verifyToken(jwt, decode(jwt), { trust: mine, store: store(), authority: 'http://127.0.0.1:1' });
    assert.equal(ok.state, 'valid', JSON.stringify(ok));
    const forged = await verifyToken(tamper(jwt), decode(tamper(jwt)), { trust: mine, store: store(), authority: 'http://127.0.0.1:1' });
    assert.equal(forged.state, 'invalid');
    // A key set listed for another issuer does not apply: Entra's own keys are asked for (and unreachable).
    const other = { trustedIssuers: [], jwks: [], issuerJwks: [{ issuer: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/', jwks: 'keys.json' }] };
    const r = await verifyToken(jwt, decode(jwt), { trust: other, store: store(), authority: 'http://127.0.0.1:1' });
    assert.notEqual(r.state, 'valid');
    assert.deepEqual(planVerification(decode(jwt), other, 'http://127.0.0.1:1').kind, 'discovery');
  });

  it('reads { issuer, jwks } items of jwtMfa.verify.jwks as key sets for one issuer, and plain strings as before', () => {
    const s = settingsFromJson({ 'jwtMfa.verify.jwks': ['/k/any.json', { issuer: V1_ISS, jwks: '~/pc.json' }, { issuer: 1 }, null] });
    assert.deepEqual(s.verifyJwks, ['/k/any.json']);
    assert.deepEqual(s.verifyIssuerJwks, [{ issuer: V1_ISS, jwks: '~/pc.json' }]);
  });

  it('lets the CLI --jwks take precedence over Entra discovery', async () => {
    const jwt = await keys.sign(v1Claims);
    const r = await verifyRaw(jwt, { store: store(), trust: NONE, jwks: [path.join(dir, 'keys.json')], authority: 'http://127.0.0.1:1' });
    assert.equal(r.state, 'valid', JSON.stringify(r));
  });

  it('caches the key set per URL', async () => {
    const s = store();
    const jwt = await keys.sign(v1Claims);
    const before = hits.filter((h) => h === '/common/discovery/keys').length;
    await verifyToken(jwt, decode(jwt), { trust: NONE, store: s, authority: base });
    await verifyToken(jwt, decode(jwt), { trust: NONE, store: s, authority: base });
    assert.equal(hits.filter((h) => h === '/common/discovery/keys').length - before, 1);
  });
});
