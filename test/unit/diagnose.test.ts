import assert from 'node:assert/strict';
import { CAUSE_CODES, causeRemedy, causeSummary, causeTitle } from '../../src/core/catalog/causes';
import { diagnose, readErrorBody, renderCauses, type DiagnoseInput } from '../../src/core/diagnose';
import { redactUrl } from '../../src/core/redact';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { graphUser, mint, NOW, NOW_S, pcApp, pcUser } from './helpers/fixtures';

const settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };
const PC = 'https://api.partnercenter.microsoft.com/v1/customers';
const MFA_HEADERS: Array<[string, string]> = [
  ['Transfer-Encoding', 'chunked'],
  ['Request-Context', 'appId=cid-v1:03ce8ca8-8373-4021-8f25-d5dd45c7b12f'],
  ['WWW-Authenticate', 'Bearer error="invalid_token"'],
  ['MS-CorrelationId', 'corr-1'],
  ['MS-RequestId', 'req-1'],
];

function input(over: Partial<DiagnoseInput> & { token?: string | null }): DiagnoseInput {
  return {
    request: { method: 'GET', url: PC, headers: over.token ? [['Authorization', `Bearer ${over.token}`]] : [] },
    response: { status: 401, statusText: 'Unauthorized', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] },
    settings,
    now: NOW,
    ...over,
    token: undefined,
  };
}

function codes(d: ReturnType<typeof diagnose>): string[] {
  return d.causes.map((c) => c.code);
}

function allText(d: ReturnType<typeof diagnose>): string {
  return JSON.stringify([renderCauses(d, 'en'), renderCauses(d, 'ja'), d.correlation, d.response, d.bearer, d.errorBody, d.token?.redacted, d.request]);
}

describe('diagnose', () => {
  it('Partner Center MFA rejection with an amr ["pwd"] token: mfa-missing first, high, with evidence and SAM remedy', async () => {
    const tok = pcUser(['pwd']);
    const d = diagnose(input({ token: tok, response: { status: 401, statusText: 'Unauthorized - MFA required', headers: MFA_HEADERS } }));
    assert.equal(d.failure, true);
    assert.equal(d.causes[0].code, 'mfa-missing');
    assert.equal(d.causes[0].confidence, 'high');
    assert.ok(d.causes[0].evidence.includes('amr: ["pwd"]'));
    assert.ok(d.causes[0].evidence.some((e) => e.includes('Unauthorized - MFA required')));
    assert.deepEqual(d.correlation.map(([n]) => n), ['Request-Context', 'MS-CorrelationId', 'MS-RequestId']);
    const [r] = renderCauses(d, 'en');
    assert.match(r.remedy, /interactively with MFA/);
    assert.match(r.remedy, /refresh token/);
    assert.match(r.remedy, /Secure Application Model/);
    assert.match(r.remedy, /federated IdP/);
    assert.match(r.remedy, /password grant/);
    assert.match(renderCauses(d, 'ja')[0].remedy, /セキュア アプリケーション モデル/);
    assert.ok(!allText(d).includes(tok), 'no whole token in rendered output');
    assert.ok(!d.causes.some((c) => c.code === 'unknown'));
  });

  it('mfa-missing from the reason phrase alone, when no token is available (raw response)', () => {
    const d = diagnose({ request: null, response: { status: 401, statusText: 'Unauthorized - MFA required', headers: MFA_HEADERS }, settings, now: NOW });
    assert.deepEqual(codes(d), ['mfa-missing']);
    assert.equal(d.causes[0].confidence, 'high');
    assert.match(renderCauses(d, 'en')[0].summary, /not available/);
  });

  it('mfa-missing from a 900421 error body, medium when the token has mfa', async () => {
    const tok = pcUser(['pwd', 'mfa']);
    const d = diagnose(input({ token: tok, response: { status: 401, headers: [], body: '{"code":900421,"description":"MFA required"}' } }));
    const c = d.causes.find((x) => x.code === 'mfa-missing')!;
    assert.equal(c.confidence, 'medium');
    assert.equal(d.errorBody?.code, '900421');
  });

  it('mfa-missing from Partner Center\'s isMfaCompliant: false answer (ValidateMfa: true)', () => {
    const d = diagnose({ request: null, response: { status: 401, statusText: 'Unauthorized', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"'], ['isMfaCompliant', 'false']] }, settings, now: NOW });
    assert.equal(d.causes[0].code, 'mfa-missing');
    assert.ok(d.causes[0].evidence.includes('isMfaCompliant: false'));
  });

  it('audience-mismatch: a Graph token sent to Partner Center', async () => {
    const tok = graphUser();
    const d = diagnose(input({ token: tok }));
    assert.equal(d.causes[0].code, 'audience-mismatch');
    assert.equal(d.causes[0].confidence, 'high');
    assert.ok(d.causes[0].evidence.includes('aud: "https://graph.microsoft.com"'));
    assert.match(renderCauses(d, 'en')[0].summary, /Microsoft Graph/);
    assert.match(renderCauses(d, 'en')[0].summary, /Partner Center/);
  });

  it('audience-mismatch: a Partner Center token sent to Graph, with Graph’s JSON error', async () => {
    const tok = pcUser(['pwd', 'mfa']);
    const d = diagnose(
      input({
        token: tok,
        request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', headers: [['authorization', `Bearer ${tok}`]] },
        response: { status: 401, headers: [['WWW-Authenticate', 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"']], body: '{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure. Invalid audience."}}' },
      }),
    );
    assert.equal(d.causes[0].code, 'audience-mismatch');
    assert.equal(d.causes[0].score, 90);
  });

  it('a Graph token without MFA sent to Partner Center: the audience ranks first, MFA second', async () => {
    const tok = graphUser({ amr: ['pwd'] });
    const d = diagnose(input({ token: tok }));
    assert.deepEqual(codes(d).slice(0, 2), ['audience-mismatch', 'mfa-missing']);
  });

  it('docs/codes.md has a #cause-<code> section for every code', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/codes.md', import.meta.url), 'utf8');
    for (const code of CAUSE_CODES) assert.ok(doc.includes(`<a id="cause-${code}"></a>`), code);
  });

  it('expired and not-yet-valid', async () => {
    const old = pcUser(['pwd', 'mfa'], { exp: NOW_S - 3600, iat: NOW_S - 7200, nbf: NOW_S - 7200 });
    const d = diagnose(input({ token: old, response: { status: 401, headers: [['WWW-Authenticate', 'Bearer error="invalid_token", error_description="The access token expired"']] } }));
    assert.equal(d.causes[0].code, 'expired');
    assert.equal(d.causes[0].confidence, 'high');
    assert.ok(d.causes[0].evidence.some((e) => e.startsWith('exp: 2026-04-02T09:00:00.000Z')));
    const future = pcUser(['pwd', 'mfa'], { nbf: NOW_S + 3600, iat: NOW_S + 3600, exp: NOW_S + 7200 });
    const d2 = diagnose(input({ token: future }));
    assert.equal(d2.causes[0].code, 'not-yet-valid');
    // The server's own word alone (ARM) names the cause: high (docs/codes.md, ranking rule 1).
    const d3 = diagnose({ request: null, response: { status: 401, headers: [], body: '{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}' }, settings, now: NOW });
    assert.deepEqual(codes(d3), ['expired']);
    assert.equal(d3.causes[0].confidence, 'high');
    assert.equal(d3.causes[0].basis, 'stated');
  });

  it('app-only sent to a customer operation', async () => {
    const tok = pcApp();
    const d = diagnose(input({ token: tok, request: { method: 'GET', url: `${PC}/c1/users`, headers: [['Authorization', `Bearer ${tok}`]] }, response: { status: 403, statusText: 'Forbidden', headers: [] } }));
    assert.equal(d.causes[0].code, 'app-only');
    assert.equal(d.causes[0].confidence, 'high');
    assert.ok(!codes(d).includes('mfa-missing'));
  });

  it('claims challenge: decodes the base64 claims and says what they ask for', async () => {
    const tok = graphUser();
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64');
    const d = diagnose(
      input({
        token: tok,
        request: { method: 'GET', url: 'https://graph.microsoft.com/v1.0/me', headers: [['Authorization', `Bearer ${tok}`]] },
        response: { status: 401, headers: [['WWW-Authenticate', `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${claims}", cc_type="authcontext"`]] },
      }),
    );
    assert.equal(d.causes[0].code, 'claims-challenge');
    assert.equal(d.claims?.requests[0].value, 'c1');
    const r = renderCauses(d, 'en')[0];
    assert.match(r.summary, /access_token\.acrs=c1 \(essential\)/);
    assert.match(r.summary, /authcontext/);
    assert.match(r.remedy, /WithClaims/);
  });

  it('insufficient-scope from RFC 6750 and from a 403 Graph error', async () => {
    const tok = graphUser();
    const req = { method: 'GET', url: 'https://graph.microsoft.com/v1.0/users', headers: [['Authorization', `Bearer ${tok}`]] as Array<[string, string]> };
    const d = diagnose(input({ token: tok, request: req, response: { status: 403, headers: [['WWW-Authenticate', 'Bearer error="insufficient_scope", scope="User.Read.All"']] } }));
    assert.equal(d.causes[0].code, 'insufficient-scope');
    assert.match(renderCauses(d, 'en')[0].summary, /User\.Read\.All/);
    assert.match(renderCauses(d, 'en')[0].summary, /User\.Read/);
    const d2 = diagnose(input({ token: tok, request: req, response: { status: 403, headers: [], body: '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}' } }));
    assert.equal(d2.causes[0].code, 'insufficient-scope');
    assert.equal(d2.causes[0].confidence, 'high');
  });

  it('no-token: a HAR request without Authorization mentions the sanitized export', () => {
    const d = diagnose({ request: { method: 'GET', url: PC, headers: [['Accept', '*/*']] }, response: { status: 401, headers: MFA_HEADERS }, source: 'har', settings, now: NOW });
    assert.equal(d.causes[0].code, 'no-token');
    const [en] = renderCauses(d, 'en');
    assert.match(en.summary, /sanitized/);
    assert.match(en.remedy, /with sensitive data/);
    assert.match(renderCauses(d, 'ja')[0].remedy, /機密データ/);
    // Dev Proxy's REDACTED value counts as no token.
    const d2 = diagnose({ request: { method: 'GET', url: PC, headers: [['Authorization', 'REDACTED']] }, response: { status: 401, headers: [] }, source: 'har', settings, now: NOW });
    assert.equal(d2.causes[0].code, 'no-token');
    assert.equal(d2.authorization, 'redacted');
    // An unresolved variable.
    const d3 = diagnose({ request: { method: 'GET', url: PC, headers: [['Authorization', 'Bearer {{token}}']] }, response: { status: 401, headers: [] }, source: 'http', settings, now: NOW });
    assert.equal(d3.causes[0].code, 'no-token');
    assert.match(renderCauses(d3, 'en')[0].summary, /\{\{token\}\}/);
  });

  it('malformed: a token whose payload does not decode, and an opaque bearer value', async () => {
    const good = pcUser(['pwd', 'mfa']);
    const bad = good.split('.')[0] + '.e30x.sig';
    const d = diagnose(input({ token: bad, response: { status: 401, headers: [], body: '{"error":{"code":"InvalidAuthenticationToken","message":"CompactToken parsing failed with error code: 80049217"}}' } }));
    assert.equal(d.causes[0].code, 'malformed');
    assert.equal(d.causes[0].confidence, 'high');
    const d2 = diagnose({ request: { method: 'GET', url: PC, headers: [['Authorization', 'Bearer opaque-value']] }, response: { status: 401, headers: [] }, settings, now: NOW });
    assert.equal(d2.causes[0].code, 'malformed');
  });

  it('unknown when nothing explains the failure', async () => {
    const tok = pcUser(['pwd', 'mfa']);
    const d = diagnose(input({ token: tok }));
    assert.deepEqual(codes(d), ['unknown']);
    assert.equal(d.causes[0].confidence, 'low');
    assert.match(renderCauses(d, 'en')[0].summary, /401/);
  });

  it('a 200 has no causes, even with a bad token', async () => {
    const tok = pcUser(['pwd']);
    const d = diagnose(input({ token: tok, response: { status: 200, statusText: 'OK', headers: [['ms-requestid', 'r']] } }));
    assert.equal(d.failure, false);
    assert.deepEqual(d.causes, []);
    assert.equal(d.token?.findings.some((f) => f.code === 'mfa-missing'), true);
    assert.deepEqual(d.correlation, [['ms-requestid', 'r']]);
  });

  it('a token given apart (--token) is used when the request has none', async () => {
    const tok = pcUser(['pwd']);
    const d = diagnose({ request: null, token: tok, response: { status: 401, statusText: 'Unauthorized', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] }, settings, now: NOW });
    assert.equal(d.causes[0].code, 'mfa-missing');
    assert.ok(d.token && !d.token.redacted.includes(tok.split('.')[2]));
  });

  it('evidence never carries a whole token, even when the server echoes it', async () => {
    const tok = mint({ aud: 'x', exp: NOW_S - 10000 });
    const d = diagnose({ request: { method: 'GET', url: `https://a.test/?access_token=${tok}`, headers: [['Authorization', `Bearer ${tok}`]] }, response: { status: 401, headers: [['WWW-Authenticate', `Bearer error="invalid_token", error_description="expired ${tok}"`]] }, settings, now: NOW });
    assert.ok(!allText(d).includes(tok));
    assert.ok(!redactUrl(`https://a.test/?access_token=${tok}`).includes(tok));
  });

  it('reads the common JSON error shapes', () => {
    assert.deepEqual(readErrorBody('{"error":"invalid_grant","error_description":"AADSTS700082"}'), { code: 'invalid_grant', message: 'AADSTS700082' });
    assert.deepEqual(readErrorBody('{"code":600008,"description":"x","source":"PartnerFD"}'), { code: '600008', message: 'x' });
    assert.deepEqual(readErrorBody('{"error":{"code":"A","message":"B"}}'), { code: 'A', message: 'B' });
    assert.equal(readErrorBody('<html>'), undefined);
    assert.equal(readErrorBody('{"a":1}'), undefined);
  });

  it('the catalog fills every code in both languages', () => {
    for (const code of CAUSE_CODES) {
      for (const locale of ['en', 'ja'] as const) {
        assert.ok(causeTitle(code, locale));
        assert.ok(causeSummary(code, {}, locale).length > 10);
        assert.ok(causeRemedy(code, {}, locale).length > 10);
      }
      assert.notEqual(causeRemedy(code, {}, 'en'), causeRemedy(code, {}, 'ja'));
    }
  });
});
