import assert from 'node:assert/strict';
import { audiencesOf } from '../../src/core/classify';
import { diagnose } from '../../src/core/diagnose';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { offersSignIn, PARTNER_CENTER_SCOPE, scopeForAudience, signInPlan, type SignInInput } from '../../src/core/signIn';
import { graphUser, NOW, NOW_S, pcUser } from './helpers/fixtures';

const PC_URL = 'https://api.partnercenter.microsoft.com/v1/customers';
const CLIENT = '11111111-2222-3333-4444-555555555555';

function plan(over: Partial<SignInInput>) {
  const r = signInPlan({ causes: [], expectedAudiences: DEFAULT_SETTINGS.expectedAudiences, ...over });
  assert.ok(r.ok, `plan refused: ${JSON.stringify(r)}`);
  return r.plan;
}

describe('sign-in plan', () => {
  it('offers a sign-in for the four causes a new token fixes, not for the others', () => {
    for (const c of ['mfa-missing', 'claims-challenge', 'expired', 'audience-mismatch'] as const) assert.equal(offersSignIn([c]), true, c);
    for (const c of ['app-only', 'insufficient-scope', 'no-token', 'malformed', 'unknown', 'not-yet-valid'] as const) assert.equal(offersSignIn([c]), false, c);
    assert.equal(offersSignIn(['unknown', 'expired']), true);
  });

  it('scopes: Partner Center user_impersonation, <resource>/.default elsewhere (ARM keeps its slash)', () => {
    assert.equal(scopeForAudience('https://api.partnercenter.microsoft.com'), PARTNER_CENTER_SCOPE);
    assert.equal(scopeForAudience('fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd'), PARTNER_CENTER_SCOPE);
    assert.equal(scopeForAudience('https://graph.microsoft.com'), 'https://graph.microsoft.com/.default');
    assert.equal(scopeForAudience('https://management.azure.com/'), 'https://management.azure.com//.default');
    assert.equal(scopeForAudience('api://my-api'), 'api://my-api/.default');
  });

  it('the scope follows the host the request went to, not the audience of the wrong token', () => {
    const graph = plan({ causes: ['audience-mismatch'], url: 'https://graph.microsoft.com/v1.0/me', sentAudiences: ['https://api.partnercenter.microsoft.com'] });
    assert.equal(graph.apiScope, 'https://graph.microsoft.com/.default');
    const pc = plan({ causes: ['audience-mismatch'], url: PC_URL, sentAudiences: ['https://graph.microsoft.com'] });
    assert.deepEqual(pc.scopes, [PARTNER_CENTER_SCOPE]);
    const arm = plan({ causes: ['expired'], url: 'https://management.azure.com/subscriptions?api-version=2022-12-01' });
    assert.equal(arm.apiScope, 'https://management.azure.com//.default');
    // A host the user mapped wins over the built-in table and the expected audiences.
    const mine = plan({ causes: ['expired'], url: 'https://api.contoso.example/x', audiencesByHost: { 'api.contoso.example': ['11111111-0000-0000-0000-000000000000', 'api://contoso'] } });
    assert.equal(mine.apiScope, 'api://contoso/.default');
    // host:port entries tell two loopback services apart.
    const port = plan({ causes: ['claims-challenge'], url: 'http://127.0.0.1:4001/graph/v1.0/me', audiencesByHost: { '127.0.0.1:4001': ['https://graph.microsoft.com'] } });
    assert.equal(port.apiScope, 'https://graph.microsoft.com/.default');
  });

  it('an unknown host: the sent token\'s audience when it was accepted, else the expected audiences', () => {
    const sent = plan({ causes: ['expired'], url: 'http://127.0.0.1:4000/v1/customers', sentAudiences: ['https://api.partnercenter.microsoft.com'] });
    assert.equal(sent.apiScope, PARTNER_CENTER_SCOPE);
    const wrong = plan({ causes: ['audience-mismatch'], url: 'http://127.0.0.1:4000/v1/customers', sentAudiences: ['https://graph.microsoft.com'] });
    assert.equal(wrong.apiScope, PARTNER_CENTER_SCOPE, 'the expected audience, not the refused one');
    const none = signInPlan({ causes: ['expired'], url: 'http://127.0.0.1:4000/', expectedAudiences: [] });
    assert.deepEqual(none, { ok: false, error: 'no-audience' });
  });

  it('names the partner\'s app and tenant as VS Code scopes, and refuses values that are not one', () => {
    const p = plan({ causes: ['mfa-missing'], url: PC_URL, clientId: ` ${CLIENT} `, tenant: 'contoso.onmicrosoft.com' });
    assert.deepEqual(p.scopes, [PARTNER_CENTER_SCOPE, `VSCODE_CLIENT_ID:${CLIENT}`, 'VSCODE_TENANT:contoso.onmicrosoft.com']);
    assert.deepEqual(plan({ causes: ['mfa-missing'], url: PC_URL, tenant: 'organizations' }).scopes, [PARTNER_CENTER_SCOPE, 'VSCODE_TENANT:organizations']);
    assert.deepEqual(signInPlan({ causes: ['mfa-missing'], url: PC_URL, clientId: 'my app' }), { ok: false, error: 'bad-client-id' });
    assert.deepEqual(signInPlan({ causes: ['mfa-missing'], url: PC_URL, tenant: 'a b VSCODE_CLIENT_ID:x' }), { ok: false, error: 'bad-tenant' });
  });

  it('forces a new session with an MFA detail for mfa-missing and expired; createIfNone for a wrong audience', () => {
    for (const c of ['mfa-missing', 'expired'] as const) {
      const p = plan({ causes: [c], url: PC_URL });
      assert.equal(p.mode, 'force', c);
      assert.equal(p.mfaDetail, true, c);
      assert.equal(p.wwwAuthenticate, undefined, c);
    }
    const aud = plan({ causes: ['audience-mismatch'], url: PC_URL });
    assert.equal(aud.mode, 'create');
    assert.equal(aud.mfaDetail, false);
    // Both: the new session is forced (a cached session would bring the same amr back).
    assert.equal(plan({ causes: ['audience-mismatch', 'mfa-missing'], url: PC_URL }).mode, 'force');
    // The palette, with no diagnosis: a new session with MFA.
    assert.equal(plan({ url: PC_URL }).mode, 'force');
  });

  it('passes a claims challenge\'s WWW-Authenticate value as received, only for claims-challenge', () => {
    const www = ['Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsiYWNycyI6eyJlc3NlbnRpYWwiOnRydWUsInZhbHVlIjoiYzEifX19"'];
    const p = plan({ causes: ['claims-challenge'], url: PC_URL, wwwAuthenticate: www });
    assert.equal(p.wwwAuthenticate, www[0]);
    assert.equal(p.mode, 'create');
    assert.equal(plan({ causes: ['mfa-missing'], url: PC_URL, wwwAuthenticate: www }).wwwAuthenticate, undefined);
    assert.equal(plan({ causes: ['claims-challenge'], url: PC_URL, wwwAuthenticate: ['Bearer a="1"', ' Basic realm="x" '] }).wwwAuthenticate, 'Bearer a="1", Basic realm="x"');
  });

  it('from real diagnoses: Partner Center\'s MFA 401, and a Graph token sent to Partner Center', async () => {
    const settings = { ...DEFAULT_SETTINGS, expectedAudiences: [...DEFAULT_SETTINGS.expectedAudiences] };
    const noMfa = pcUser(['pwd'], { exp: NOW_S + 3600 });
    const d1 = diagnose({
      request: { method: 'GET', url: PC_URL, headers: [['Authorization', `Bearer ${noMfa}`]] },
      response: { status: 401, statusText: 'Unauthorized - MFA required', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] },
      settings,
      now: NOW,
    });
    const causes1 = d1.causes.map((c) => c.code);
    assert.equal(causes1[0], 'mfa-missing');
    const p1 = plan({ causes: causes1, url: PC_URL, sentAudiences: audiencesOf(d1.token!.decoded.claims!) });
    assert.deepEqual([p1.apiScope, p1.mode, p1.cause], [PARTNER_CENTER_SCOPE, 'force', 'mfa-missing']);

    const graph = graphUser({ exp: NOW_S + 3600 });
    const d2 = diagnose({
      request: { method: 'GET', url: PC_URL, headers: [['Authorization', `Bearer ${graph}`]] },
      response: { status: 401, statusText: 'Unauthorized', headers: [['WWW-Authenticate', 'Bearer error="invalid_token"']] },
      settings,
      now: NOW,
    });
    const causes2 = d2.causes.map((c) => c.code);
    assert.ok(causes2.includes('audience-mismatch'), causes2.join());
    const p2 = plan({ causes: causes2, url: PC_URL, sentAudiences: audiencesOf(d2.token!.decoded.claims!) });
    assert.equal(p2.apiScope, PARTNER_CENTER_SCOPE);
  });
});
