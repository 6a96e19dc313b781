// "Get a new token with MFA" inside a real VS Code, against the stand-in: a real 401 diagnosis, then a
// real `authentication.getSession` that reaches the test-only sign-in provider (test/auth-provider,
// chosen by jwtMfa.signIn.providerId in the runner's throwaway user settings), which records what it
// was asked. VS Code asks the user's consent in a modal before creating a session, and refuses every
// modal in an extension-test host, so here the flow stops at that consent: these tests assert what
// reached the provider (scopes, the claims challenge) and how (forceNewSession or createIfNone, seen in
// the consent VS Code wanted to show). The UI test (test/e2e/signin.test.mjs) clicks through the
// consent and follows the new token to the 200.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PARTNER_CENTER_SCOPE } from '../../../src/core/signIn';
import type { ReplayOutcome } from '../../../src/extension/replay/replay';
import type { SignInOutcome } from '../../../src/extension/signIn';
import { signInSetting, standIn, STAND_IN_CLIENT, useStandInSignIn } from '../util';

const TENANT = 'contoso.onmicrosoft.com';

interface Asked {
  op: string;
  scopes?: string[];
  challenges?: Array<{ scheme: string; params: Record<string, string> }>;
  fallbackScopes?: string[];
}

async function diagnoseRequest(name: string, path: string, token: string): Promise<Extract<ReplayOutcome, { kind: 'diagnosed' }>> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  const text = `GET ${standIn().url}${path}\nAuthorization: Bearer ${token}\n`;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const o = (await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: uri.toString(), line: 0 })) as ReplayOutcome;
  assert.equal(o.kind, 'diagnosed', JSON.stringify(o).slice(0, 300));
  return o as Extract<ReplayOutcome, { kind: 'diagnosed' }>;
}

async function getToken(): Promise<{ outcome: SignInOutcome; asked: Asked[] }> {
  await vscode.commands.executeCommand('jwtMfaStandInAuth.reset');
  const outcome = (await vscode.commands.executeCommand('jwtMfa.getTokenWithMfa')) as SignInOutcome;
  const asked = (await vscode.commands.executeCommand('jwtMfaStandInAuth.requests')) as Asked[];
  return { outcome, asked };
}

/** The outcome in this host: VS Code refused to show its sign-in consent (a modal), after asking the provider. */
function stoppedAtConsent(o: SignInOutcome): Extract<SignInOutcome, { kind: 'error' }> {
  assert.equal(o.kind, 'error', JSON.stringify(o).slice(0, 300));
  const e = o as Extract<SignInOutcome, { kind: 'error' }>;
  assert.match(e.message, /refused to show dialog in tests[\s\S]*wants to sign in using Stand-in sign-in \(test only\)/);
  return e;
}

describe('get a new token with MFA (test sign-in provider)', function () {
  this.timeout(60000);

  before(async () => {
    await useStandInSignIn();
    assert.equal(vscode.workspace.getConfiguration('jwtMfa.signIn').get('providerId'), 'jwt-mfa-stand-in');
    await signInSetting('tenant', TENANT);
  });

  after(async () => {
    await signInSetting('clientId', undefined);
    await signInSetting('tenant', undefined);
    await vscode.workspace.getConfiguration('jwtMfa').update('audiencesByHost', undefined, vscode.ConfigurationTarget.Global);
  });

  it('mfa-missing: forces a new session for Partner Center\'s user_impersonation, with the app and tenant scopes', async () => {
    const d = await diagnoseRequest('signin-mfa.http', '/v1/customers', standIn().tokens['no-mfa']);
    assert.equal(d.status, 401);
    assert.equal(d.causes[0], 'mfa-missing');
    const { outcome, asked } = await getToken();
    const e = stoppedAtConsent(outcome);
    const scopes = [PARTNER_CENTER_SCOPE, `VSCODE_CLIENT_ID:${STAND_IN_CLIENT}`, `VSCODE_TENANT:${TENANT}`];
    assert.deepEqual(e.request, { scopes, wwwAuthenticate: undefined, mode: 'force' });
    assert.deepEqual(asked, [{ op: 'getSessions', scopes }], 'the provider was asked for exactly these scopes');
    // forceNewSession with sessions or not: the consent is VS Code's "sign in" prompt (not "access").
  });

  it('expired: forces a new session too', async () => {
    const d = await diagnoseRequest('signin-expired.http', '/v1/customers', standIn().tokens.expired);
    assert.ok(d.causes.includes('expired'), d.causes.join());
    const { outcome, asked } = await getToken();
    const e = stoppedAtConsent(outcome);
    assert.equal(e.request?.mode, 'force');
    assert.deepEqual(asked.map((a) => a.scopes?.[0]), [PARTNER_CENTER_SCOPE]);
  });

  it('audience-mismatch: asks for the audience the host expects, a session only if none (createIfNone)', async () => {
    const d = await diagnoseRequest('signin-aud.http', '/v1/customers', standIn().tokens['wrong-audience']);
    assert.ok(d.causes.includes('audience-mismatch'), d.causes.join());
    assert.ok(!d.causes.includes('mfa-missing') && !d.causes.includes('expired'), d.causes.join());
    const { outcome, asked } = await getToken();
    const e = stoppedAtConsent(outcome);
    assert.equal(e.request?.mode, 'create');
    assert.equal(asked[0]?.scopes?.[0], PARTNER_CENTER_SCOPE, 'Partner Center, not the Graph audience the token had');
  });

  it('claims-challenge: passes the response\'s WWW-Authenticate to the provider as challenges', async () => {
    const port = new URL(standIn().url).port;
    await vscode.workspace.getConfiguration('jwtMfa').update('audiencesByHost', { [`127.0.0.1:${port}`]: ['https://graph.microsoft.com'] }, vscode.ConfigurationTarget.Global);
    const d = await diagnoseRequest('signin-claims.http', '/graph/v1.0/me', standIn().tokens.graph);
    assert.ok(d.causes.includes('claims-challenge'), d.causes.join());
    const { outcome, asked } = await getToken();
    const e = stoppedAtConsent(outcome);
    assert.match(e.request?.wwwAuthenticate ?? '', /error="insufficient_claims", claims="/);
    const scopes = ['https://graph.microsoft.com/.default', `VSCODE_CLIENT_ID:${STAND_IN_CLIENT}`, `VSCODE_TENANT:${TENANT}`];
    assert.equal(asked.length, 1, JSON.stringify(asked));
    assert.equal(asked[0].op, 'getSessionsFromChallenges');
    assert.deepEqual(asked[0].fallbackScopes, scopes);
    const bearer = asked[0].challenges?.find((c) => c.scheme.toLowerCase() === 'bearer');
    assert.ok(bearer, JSON.stringify(asked[0].challenges));
    assert.equal(bearer.params.error, 'insufficient_claims');
    assert.deepEqual(JSON.parse(Buffer.from(bearer.params.claims, 'base64').toString('utf8')), { access_token: { acrs: { essential: true, value: 'c1' } } });
  });

  it('a bad client ID in the settings stops before any sign-in, with a clear message', async () => {
    await signInSetting('clientId', 'not a guid');
    try {
      const { outcome, asked } = await getToken();
      assert.equal(outcome.kind, 'error');
      assert.equal((outcome as Extract<SignInOutcome, { kind: 'error' }>).code, 'bad-client-id');
      assert.deepEqual(asked, []);
    } finally {
      await signInSetting('clientId', STAND_IN_CLIENT);
    }
  });
});
