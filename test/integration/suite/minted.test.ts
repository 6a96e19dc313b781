// Tokens made when the request is sent (issue 13.8) and "Get it now and inspect" (issue 17) in a real
// VS Code: the one CodeLens and the hover say the token is made when sent; on {{$aadV2Token}} the lens
// runs the get-token flow for the request's scope, which reaches the test-only sign-in provider
// (test/auth-provider). VS Code refuses its sign-in consent (a modal) in a test host, so the flow is
// asserted up to that consent: what the provider was asked for, and how (createIfNone / forceNewSession).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PARTNER_CENTER_SCOPE } from '../../../src/core/signIn';
import type { SignInOutcome } from '../../../src/extension/signIn';
import { openFile, signInSetting, standIn, STAND_IN_CLIENT, until, useStandInSignIn } from '../util';

async function lensesOn(doc: vscode.TextDocument, line: number): Promise<vscode.CodeLens[]> {
  return until(`a CodeLens on line ${line + 1}`, async () => {
    const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    const on = all.filter((l) => l.range.start.line === line);
    return on.length ? on : undefined;
  });
}

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
  // As a reader sees it: Markdown escapes removed.
  return hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))).join('\n').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('tokens made when sent: CodeLens, hover, Get it now and inspect', function () {
  this.timeout(60000);

  before(useStandInSignIn);
  after(async () => signInSetting('clientId', undefined));

  it('a request variable: one plain lens and a hover saying the token is made when sent, nothing to click', async () => {
    const doc = await openFile('minted-login.http', `# @name login\nPOST ${standIn().url}/login\n\n###\n@tok = {{login.response.body.$.access_token}}\nGET ${standIn().url}/v1/customers\nAuthorization: Bearer {{tok}}\n`);
    const lenses = await lensesOn(doc, 5);
    assert.equal(lenses.length, 1, lenses.map((l) => l.command?.title).join(' | '));
    assert.equal(lenses[0].command?.title, 'Token made when sent ({{login.response.body.$.access_token}}): cannot be judged from the file');
    assert.equal(lenses[0].command?.command, '');
    const text = await hoverText(doc, new vscode.Position(6, 20));
    assert.match(text, /Token made when the request is sent/);
    assert.match(text, /makes the token when the request is sent, so it cannot be judged from the file/);
    assert.match(text, /response of the request named "login"/);
    assert.doesNotMatch(text, /Get it now/);
    // The variable's definition says the same.
    assert.match(await hoverText(doc, new vscode.Position(4, 12)), /Token made when the request is sent/);
  });

  it('{{$aadV2Token}}: the one lens is "Get it now and inspect", which asks the provider for the request\'s scope', async () => {
    const doc = await openFile('minted-aad.http', `GET ${standIn().url}/v1/customers\nAuthorization: Bearer {{$aadV2Token}}\n`);
    const lenses = await lensesOn(doc, 0);
    assert.equal(lenses.length, 1, 'no second lens');
    const cmd = lenses[0].command!;
    assert.equal(cmd.title, 'Token made when sent ({{$aadV2Token}}) · Get it now and inspect');
    assert.equal(cmd.command, 'jwtMfa.getTokenWithMfa');
    assert.match(await hoverText(doc, new vscode.Position(1, 25)), /Get it now and inspect\]\(command:jwtMfa\.getTokenWithMfa\?/);
    await vscode.commands.executeCommand('jwtMfaStandInAuth.reset');
    const outcome = (await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []))) as SignInOutcome;
    const asked = (await vscode.commands.executeCommand('jwtMfaStandInAuth.requests')) as Array<{ op: string; scopes?: string[] }>;
    const scopes = [PARTNER_CENTER_SCOPE, `VSCODE_CLIENT_ID:${STAND_IN_CLIENT}`];
    assert.deepEqual(asked, [{ op: 'getSessions', scopes }], 'the stand-in host expects Partner Center (the default expected audience)');
    // Stopped at VS Code's consent in this host; a session only if none (no `new`).
    assert.equal(outcome.kind, 'error', JSON.stringify(outcome).slice(0, 300));
    assert.deepEqual((outcome as Extract<SignInOutcome, { kind: 'error' }>).request, { scopes, wwwAuthenticate: undefined, mode: 'create' });
  });

  it('{{$aadV2Token new scopes:…}} asks for those scopes with a new session', async () => {
    const doc = await openFile('minted-aad-scopes.http', `@t = {{$aadV2Token new scopes:https://graph.microsoft.com/User.Read}}\nGET ${standIn().url}/graph/v1.0/me\nAuthorization: Bearer {{t}}\n`);
    const [lens] = await lensesOn(doc, 1);
    await vscode.commands.executeCommand('jwtMfaStandInAuth.reset');
    const outcome = (await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []))) as SignInOutcome;
    const asked = (await vscode.commands.executeCommand('jwtMfaStandInAuth.requests')) as Array<{ op: string; scopes?: string[] }>;
    assert.deepEqual(asked[0]?.scopes, ['https://graph.microsoft.com/User.Read', `VSCODE_CLIENT_ID:${STAND_IN_CLIENT}`]);
    assert.equal((outcome as Extract<SignInOutcome, { kind: 'error' }>).request?.mode, 'force');
  });

  it('a Markdown ```http fence: the hover and the CodeLens say the token is made when sent and get it, as in a .http file; prose says nothing', async () => {
    const doc = await openFile('minted-fence.md', `# Calling it\n\nAuthorization: Bearer {{$aadV2Token}} in prose\n\n\`\`\`http\nGET ${standIn().url}/v1/customers\nAuthorization: Bearer {{$aadV2Token}}\n\`\`\`\n`);
    const text = await until('the hover on the fence\'s Authorization value', async () => {
      const t = await hoverText(doc, new vscode.Position(6, 25));
      return /Token made when the request is sent/.test(t) ? t : undefined;
    });
    assert.match(text, /\{\{\$aadV2Token\}\} makes the token when the request is sent, so it cannot be judged from the file/);
    const link = /\[Get it now and inspect\]\(command:jwtMfa\.getTokenWithMfa\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
    assert.deepEqual(args, [{ uri: doc.uri.toString(), line: 5 }], 'the link names the fence\'s request by its document line');
    // Its one CodeLens, as above a .http request, on the fence's request line; none above the prose.
    const lenses = await lensesOn(doc, 5);
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.command?.command, l.command?.arguments]),
      [['Token made when sent ({{$aadV2Token}}) · Get it now and inspect', 'jwtMfa.getTokenWithMfa', args]],
    );
    assert.deepEqual((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)).filter((l) => l.range.start.line !== 5), []);
    assert.doesNotMatch(await hoverText(doc, new vscode.Position(2, 30)), /Token made/, 'prose outside the fence');
    await vscode.commands.executeCommand('jwtMfaStandInAuth.reset');
    const outcome = (await vscode.commands.executeCommand('jwtMfa.getTokenWithMfa', ...args)) as SignInOutcome;
    const asked = (await vscode.commands.executeCommand('jwtMfaStandInAuth.requests')) as Array<{ op: string; scopes?: string[] }>;
    assert.deepEqual(asked, [{ op: 'getSessions', scopes: [PARTNER_CENTER_SCOPE, `VSCODE_CLIENT_ID:${STAND_IN_CLIENT}`] }]);
    assert.equal(outcome.kind, 'error', JSON.stringify(outcome).slice(0, 300));
  });

  it('Replay & diagnose on such a request sends nothing and says the token is made when sent (not "unresolved")', async () => {
    const doc = await openFile('minted-replay.http', `GET ${standIn().url}/v1/customers\nAuthorization: Bearer {{$aadToken}}\n`);
    const o = (await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), line: 0 })) as { kind: string; message?: string };
    assert.equal(o.kind, 'error', JSON.stringify(o));
    assert.match(o.message ?? '', /gets its token when it is sent \(\{\{\$aadToken\}\}\): nothing was sent\. Use "Get it now and inspect"/);
  });
});
