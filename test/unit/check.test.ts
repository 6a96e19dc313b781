import assert from 'node:assert/strict';
import { analyzeText, analyzeTokens, checkForRequests, contextFor } from '../../src/core/analyze';
import { renderFinding } from '../../src/core/catalog/findings';
import { check, sortFindings } from '../../src/core/check';
import { decode } from '../../src/core/decode';
import { DEFAULT_SETTINGS, settingsFromJson } from '../../src/core/settings';
import type { CheckContext, Finding, RequestRef } from '../../src/core/types';
import { appClaims, b64, mint, NOW, NOW_S, userClaims, PC } from './helpers/fixtures';

const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({ ...contextFor({ ...DEFAULT_SETTINGS }, NOW), ...over });
const req = (url: string, line = 3): RequestRef => ({ method: 'GET', url, line });
const codes = (fs: Finding[]) => fs.map((f) => `${f.code}:${f.severity}`).sort();
const run = (claims: Record<string, unknown>, over: Partial<CheckContext> = {}, header?: Record<string, unknown>) =>
  check(decode(mint(claims, header)), ctx(over));

describe('check', () => {
  it('gives no finding for a compliant Partner Center token', () => {
    assert.deepEqual(run(userClaims()), []);
    assert.deepEqual(run(userClaims(), { request: req('https://api.partnercenter.microsoft.com/v1/customers') }), []);
  });

  describe('mfa-missing', () => {
    it('is an error for a Partner Center token whose amr lacks mfa, or has no amr', () => {
      assert.deepEqual(codes(run(userClaims({ amr: ['pwd'] }))), ['mfa-missing:error']);
      const absent = run(userClaims({ amr: undefined }));
      assert.deepEqual(codes(absent), ['mfa-missing:error']);
      assert.equal(absent[0].values.variant, 'absent');
    });
    it('is an error when the token is sent to Partner Center, whatever its aud says', () => {
      const f = run(userClaims({ aud: 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd', amr: ['pwd'] }), { request: req('https://api.partnercenter.microsoft.com/v1/x') });
      assert.deepEqual(codes(f), ['mfa-missing:error']);
      assert.equal(f[0].request?.url, 'https://api.partnercenter.microsoft.com/v1/x');
    });
    it('is information for other tokens whose amr lacks mfa, and absent when they have no amr', () => {
      const graph = { aud: 'https://graph.microsoft.com', scp: 'User.Read', exp: NOW_S + 100 };
      assert.deepEqual(codes(run({ ...graph, amr: ['pwd'] }, { expectedAudiences: [] })), ['mfa-missing:information']);
      assert.deepEqual(run(graph, { expectedAudiences: [] }), []);
    });
    it('is a warning when amr holds only ngcmfa or wiaormfa, and says why', () => {
      for (const v of ['ngcmfa', 'wiaormfa']) {
        const f = run(userClaims({ amr: ['pwd', v] }));
        assert.deepEqual(codes(f), ['mfa-missing:warning']);
        assert.equal(f[0].values.variant, 'equivalent');
      }
    });
    it('is never reported together with app-only', () => {
      const f = run(appClaims());
      assert.deepEqual(codes(f), ['app-only:information']);
    });
  });

  describe('audience-mismatch', () => {
    it('is a warning outside requests, against the configured audiences (Partner Center by default)', () => {
      assert.deepEqual(codes(run({ aud: 'https://graph.microsoft.com', scp: 'x' })), ['audience-mismatch:warning']);
      assert.deepEqual(run({ aud: 'https://graph.microsoft.com', scp: 'x' }, { expectedAudiences: ['https://graph.microsoft.com'] }), []);
    });
    it('is an error in a request, against what the host expects', () => {
      const graphTok = { aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read', amr: ['pwd', 'mfa'] };
      const toPc = run(graphTok, { request: req('https://api.partnercenter.microsoft.com/v1/customers') });
      assert.deepEqual(codes(toPc), ['audience-mismatch:error']);
      assert.equal(toPc[0].values.host, 'api.partnercenter.microsoft.com');
      assert.deepEqual(codes(run(userClaims(), { request: req('https://graph.microsoft.com/v1.0/me') })), ['audience-mismatch:error']);
      assert.deepEqual(run(graphTok, { request: req('https://graph.microsoft.com/v1.0/me') }), []);
    });
    it('treats a missing aud as a mismatch', () => {
      const f = run(userClaims({ aud: undefined }));
      assert.ok(codes(f).includes('audience-mismatch:warning'));
      assert.equal(f.find((x) => x.code === 'audience-mismatch')!.values.aud, undefined);
    });
    it('accepts the Partner Center GUID and a trailing slash, but ARM only exactly', () => {
      assert.deepEqual(run(userClaims({ aud: 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd' })), []);
      assert.deepEqual(run(userClaims({ aud: PC + '/' })), []);
      const arm = { scp: 'user_impersonation', amr: ['mfa'] };
      const r = req('https://management.azure.com/subscriptions');
      assert.deepEqual(run({ ...arm, aud: 'https://management.azure.com/' }, { request: r }), []);
      assert.deepEqual(codes(run({ ...arm, aud: 'https://management.azure.com' }, { request: r })), ['audience-mismatch:error']);
    });
    it('uses the configured audiences for hosts that are not in the table, and user host entries first', () => {
      const tok = { aud: 'api://mine', scp: 'x' };
      assert.deepEqual(codes(run(tok, { request: req('https://api.contoso.example/x') })), ['audience-mismatch:error']);
      assert.deepEqual(run(tok, { request: req('https://api.contoso.example/x'), audiencesByHost: { 'api.contoso.example': ['api://mine'] } }), []);
      assert.deepEqual(codes(run(tok, { request: req('{{host}}/x') })), ['audience-mismatch:error'], 'unresolved host');
    });
    it('tells two ports of one host apart with host:port entries, which come before the host entry', () => {
      const byHost = { '127.0.0.1:7001': [PC], '127.0.0.1:7002': ['https://graph.microsoft.com'], '127.0.0.1': ['api://other'] };
      const graph = { aud: 'https://graph.microsoft.com', scp: 'User.Read', amr: ['mfa'] };
      assert.deepEqual(run(graph, { request: req('http://127.0.0.1:7002/graph/v1.0/me'), audiencesByHost: byHost }), []);
      const toPc = run(graph, { request: req('http://127.0.0.1:7001/v1/customers'), audiencesByHost: byHost });
      assert.deepEqual(codes(toPc), ['audience-mismatch:error']);
      assert.equal(toPc[0].values.host, '127.0.0.1:7001');
      // No entry for this port: the host's own entry applies.
      assert.deepEqual(codes(run(graph, { request: req('http://127.0.0.1:7003/x'), audiencesByHost: byHost })), ['audience-mismatch:error']);
      assert.deepEqual(run({ aud: 'api://other', scp: 'x' }, { request: req('http://127.0.0.1:7003/x'), audiencesByHost: byHost }), []);
      // Input-keyed lookups never reach the prototype.
      assert.doesNotThrow(() => run(graph, { request: req('http://constructor/'), audiencesByHost: {} }));
    });
  });

  describe('lifetime', () => {
    it('flags expired and not-yet-valid tokens beyond the skew', () => {
      assert.deepEqual(codes(run(userClaims({ exp: NOW_S - 301 }))), ['expired:warning']);
      assert.deepEqual(run(userClaims({ exp: NOW_S - 299 })), [], 'within skew');
      assert.deepEqual(codes(run(userClaims({ nbf: NOW_S + 301 }))), ['not-yet-valid:warning']);
      assert.deepEqual(run(userClaims({ exp: NOW_S - 100 }), { skewSeconds: 0 }).map((f) => f.code), ['expired']);
      const f = run(userClaims({ exp: NOW_S - 7200 }));
      assert.equal(f[0].values.secondsAgo, 7200);
    });
  });

  describe('app-only', () => {
    it('is information, and a warning on a Partner Center customer operation', () => {
      assert.deepEqual(codes(run(appClaims(), { request: req('https://api.partnercenter.microsoft.com/v1/invoices') })), ['app-only:information']);
      const f = run(appClaims(), { request: req('https://api.partnercenter.microsoft.com/v1/customers/abc/users') });
      assert.deepEqual(codes(f), ['app-only:warning']);
      assert.equal(f[0].values.customerOperation, '/v1/customers/abc/users');
    });
    it('follows the decision order of docs/domain.md §1.5', () => {
      const base = { aud: PC, exp: NOW_S + 100 };
      assert.deepEqual(codes(run({ ...base, roles: ['a'], oid: 'o', sub: 'o' })), ['app-only:information'], 'oid == sub');
      assert.deepEqual(codes(run({ ...base, roles: ['a'], appidacr: '1' })), ['app-only:information'], 'hints');
      assert.deepEqual(codes(run({ ...base, idtyp: 'user', roles: ['a'], oid: 'o', sub: 'o' })), ['mfa-missing:error'], 'idtyp wins');
      assert.deepEqual(codes(run({ ...base, roles: ['a'], oid: 'o', sub: 'p' })), ['mfa-missing:error'], 'undecided counts as App+User');
    });
  });

  it('flags an ID token, an unsigned token and an invalid signature', () => {
    assert.ok(codes(run({ aud: PC, nonce: 'n', exp: NOW_S + 100 })).includes('id-token:warning'));
    assert.ok(!codes(run({ aud: PC, nonce: 'n', exp: NOW_S + 100 })).some((c) => c.startsWith('mfa-missing')));
    assert.deepEqual(codes(run({ ...userClaims(), iss: 'https://issuer.example.com/' }, {}, { alg: 'none' })), ['unsigned:warning']);
    assert.deepEqual(codes(run(userClaims(), { signature: 'invalid', signatureError: 'signature does not match' })), ['signature-invalid:error']);
  });

  it('warns that an HS256 or unsigned token with an Entra issuer did not come from Entra ID (14.10)', () => {
    for (const alg of ['HS256', 'hs512', 'none']) {
      const f = run(userClaims(), {}, { alg, typ: 'JWT' });
      assert.deepEqual(codes(f), ['not-from-entra:warning'], alg);
      assert.match(renderFinding(f[0], 'en').message, /did not come from Entra ID/);
    }
    assert.deepEqual(codes(run({ ...userClaims(), iss: 'https://issuer.example.com/' }, {}, { alg: 'HS256' })), [], 'another issuer may use a shared secret');
    assert.deepEqual(codes(run(userClaims(), {}, { alg: 'RS256' })), []);
  });

  it('reports a JWE as encrypted and a bad payload as malformed', () => {
    const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y2lwaGVy.dGFn`;
    assert.deepEqual(codes(check(decode(jwe), ctx())), ['encrypted:information']);
    // A cut JSON payload (a text payload such as "not json" is a JWS that is not a JWT: 13.10 below).
    const bad = `${b64({ alg: 'RS256' })}.${b64('{"sub":"a"')}.sig`;
    const f = check(decode(bad), ctx());
    assert.deepEqual(codes(f), ['malformed:warning']);
    assert.match(String(f[0].values.reason), /payload/);
  });

  it('applies severity overrides and turns checks off', () => {
    assert.deepEqual(codes(run(userClaims({ amr: ['pwd'] }), { severities: { 'mfa-missing': 'warning' } })), ['mfa-missing:warning']);
    assert.deepEqual(run(userClaims({ amr: ['pwd'] }), { severities: { 'mfa-missing': 'off' } }), []);
  });
});

describe('checkForRequests / analyzeText', () => {
  it('judges a token once per request, and request-independent findings once', () => {
    const d = decode(mint(userClaims({ amr: ['pwd'], exp: NOW_S - 4000 })));
    const f = checkForRequests(d, ctx(), [req('https://api.partnercenter.microsoft.com/v1/a', 2), req('https://api.partnercenter.microsoft.com/v1/b', 7)]);
    assert.deepEqual(
      f.map((x) => `${x.code}@${x.request?.line ?? '-'}`),
      ['mfa-missing@2', 'mfa-missing@7', 'expired@-'],
    );
  });

  it('judges a token sent once: its findings sorted most severe first, the request on those that depend on it', () => {
    const d = decode(mint(userClaims({ amr: ['pwd'], exp: NOW_S - 4000 })));
    const f = checkForRequests(d, ctx(), [req('https://api.partnercenter.microsoft.com/v1/a', 4)]);
    assert.deepEqual(
      f.map((x) => `${x.code}:${x.severity}@${x.request?.line ?? '-'}`),
      ['mfa-missing:error@4', 'expired:warning@-'],
    );
    // The same as the list judged for two requests, less the second request's own finding.
    const two = checkForRequests(d, ctx(), [req('https://api.partnercenter.microsoft.com/v1/a', 4), req('https://api.partnercenter.microsoft.com/v1/b', 9)]);
    assert.deepEqual(two.filter((x) => x.request?.line !== 9), f);
  });

  it('sorts findings most severe first, keeping the order of equals', () => {
    const f = (code: string, severity: Finding['severity']) => ({ code, severity, values: {} }) as Finding;
    const list = [f('a', 'information'), f('b', 'warning'), f('c', 'information'), f('d', 'error'), f('e', 'warning'), f('g', 'hint')];
    assert.deepEqual(sortFindings(list).map((x) => x.code), ['d', 'b', 'e', 'a', 'c', 'g']);
    const sorted = [f('a', 'error'), f('b', 'error'), f('c', 'warning')];
    assert.deepEqual(sortFindings(sorted).map((x) => x.code), ['a', 'b', 'c']);
  });

  it('analyses tokens one at a time (analyzeTokens) exactly as analyzeText does all at once', () => {
    const text = `GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer ${mint(userClaims({ amr: ['pwd'] }))}\n\n###\nGET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer ${mint(userClaims({ exp: NOW_S - 100 }))}\n`;
    const opts = { settings: settingsFromJson({}), now: NOW, fileName: 'a.http' };
    const all = analyzeText(text, opts);
    assert.equal(all.length, 2);
    assert.ok(all.every((t) => t.requests.length === 1));
    assert.deepEqual([...analyzeTokens(text, opts)], all);
    assert.deepEqual([...analyzeTokens('no token here', opts)], []);
  });

  it('analyses a text with settings, a frozen clock and a size cap', () => {
    const a = mint(userClaims({ amr: ['pwd'] }));
    const text = `one ${a}\ntwo ${mint(userClaims())}`;
    const out = analyzeText(text, { settings: settingsFromJson({}), now: NOW });
    assert.equal(out.length, 2);
    assert.deepEqual(out[0].findings.map((f) => f.code), ['mfa-missing']);
    assert.deepEqual(out[1].findings, []);
    assert.equal(analyzeText(text, { settings: settingsFromJson({}), now: NOW, limit: 10 }).length, 0);
    const off = analyzeText(text, { settings: settingsFromJson({ 'jwtMfa.severity': { 'mfa-missing': 'off' } }), now: NOW });
    assert.deepEqual(off[0].findings, []);
  });

  it('13.10: a JWS whose payload is text is a signed message, not a JWT, and not malformed', () => {
    const text = decode(`${b64({ alg: 'HS256' })}.${b64("It's a dangerous business")}.c2ln`);
    assert.equal(text.payloadText, "It's a dangerous business");
    assert.equal(text.error, undefined);
    assert.deepEqual(check(text, ctx()).map((f) => f.code), ['not-jwt']);
    // Binary is not text: still unreadable.
    const binary = decode(`${b64({ alg: 'HS256' })}.${Buffer.from([0, 1, 2, 0xff]).toString('base64url')}.c2ln`);
    assert.deepEqual(check(binary, ctx()).map((f) => f.code), ['malformed']);
    // A truncated JSON payload is a broken JWT, not a text payload.
    const cut = decode(`${b64({ alg: 'HS256' })}.${b64('{"sub":"a"')}.c2ln`);
    assert.deepEqual(check(cut, ctx()).map((f) => f.code), ['malformed']);
  });
});
