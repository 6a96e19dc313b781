// Issue 14 in a real VS Code: what the user sees in the diagnosis card, the status bar, the hover, the
// inspector and after the quick fixes. Against the loopback stand-in the runner starts (127.0.0.1 approved).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ReplayOutcome } from '../../../src/extension/replay/replay';
import { api, openFile, standIn, until } from '../util';
import { mint } from '../../unit/helpers/fixtures';



function diagnosed(o: unknown): Extract<ReplayOutcome, { kind: 'diagnosed' }> {
  const r = o as ReplayOutcome | undefined;
  assert.equal(r?.kind, 'diagnosed', JSON.stringify(r).slice(0, 400));
  return r as Extract<ReplayOutcome, { kind: 'diagnosed' }>;
}

describe('views tell the truth (issue 14)', function () {
  this.timeout(60000);
  let a: ExtensionApi;
  before(async () => {
    a = await api();
    standIn();
  });

  it('14.1/14.2: the card is titled and coloured by the status, and names the replayed request (file:line)', async () => {
    const { url, tokens } = standIn();
    // The same token twice: the first request (line 2) is not the one replayed (line 6).
    const text = `### customers\n# list them\nGET ${url}/v1/customers?case=first\nAuthorization: Bearer ${tokens['no-mfa']}\n\n### users\nGET ${url}/graph/v1.0/users\nAuthorization: Bearer ${tokens.graph}\n\n### ok\nGET ${url}/v1/customers?case=ok\nAuthorization: Bearer ${tokens.mfa}\n`;
    const doc = await openFile('views-status.http', text);
    const line = (needle: string) => doc.positionAt(text.indexOf(needle)).line;
    const forbidden = diagnosed(await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), line: line('GET ' + url + '/graph') }));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.view.title, '403 Forbidden: diagnosis');
    assert.equal(forbidden.view.tone, 'bad');
    assert.equal(forbidden.view.source, `views-status.http:${line('GET ' + url + '/graph') + 1}`);
    const shown = await until('the 403 card rendered', () => {
      const r = a.inspector.lastRendered();
      return r && r.text.includes('403 Forbidden: diagnosis') ? r : undefined;
    });
    assert.ok(shown.text.includes(`Source: views-status.http:${line('GET ' + url + '/graph') + 1}`), shown.text.slice(0, 400));
    const ok = diagnosed(await vscode.commands.executeCommand('jwtMfa.replayRequest', { uri: doc.uri.toString(), line: line('?case=ok') }));
    assert.equal(ok.view.title, '200 OK: the token was accepted');
    assert.equal(ok.view.tone, 'ok');
    await until('the 200 card rendered', () => (a.inspector.lastRendered()?.text.includes('200 OK: the token was accepted') ? true : undefined));
  });

  it('14.3: Diagnose Response selects the request from its separator, comment, request line or saved response; CodeLens offers it', async () => {
    const text = [
      '### first',
      'GET https://api.partnercenter.microsoft.com/v1/invoices',
      '',
      'HTTP/1.1 200 OK',
      '',
      '### second',
      '# the MFA check',
      'GET https://api.partnercenter.microsoft.com/v1/customers',
      '',
      'HTTP/1.1 401 Unauthorized - MFA required',
      'WWW-Authenticate: Bearer error="invalid_token"',
      '',
    ].join('\n');
    const doc = await openFile('views-saved.http', text);
    for (const l of [5, 6, 7, 9, 10]) {
      const o = diagnosed(await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), offset: doc.offsetAt(new vscode.Position(l, 0)) }));
      assert.equal(o.status, 401, `line ${l}`);
      assert.equal(o.view.source, 'views-saved.http:8', `line ${l}`);
    }
    const first = diagnosed(await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), offset: 0 }));
    assert.equal(first.status, 200);
    const lenses = await until('the Diagnose response lenses', async () => {
      const ls = ((await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri)) as vscode.CodeLens[]).filter((x) => x.command?.command === 'jwtMfa.diagnoseResponse');
      return ls.length === 2 ? ls : undefined;
    });
    assert.deepEqual(lenses.map((x) => x.range.start.line), [1, 7]);
    assert.equal(lenses[1].command!.title, 'Diagnose response');
    const viaLens = diagnosed(await vscode.commands.executeCommand(lenses[1].command!.command, ...(lenses[1].command!.arguments ?? [])));
    assert.equal(viaLens.status, 401);
  });

  it('14.3: a failed Diagnose Response removes the previous diagnosis from the panel', async () => {
    const doc = await openFile('views-nothing.http', '### saved\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer x\n\nHTTP/1.1 403 Forbidden\n\n### none\nGET https://api.partnercenter.microsoft.com/v1/customers\n');
    diagnosed(await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), offset: 0 }));
    await until('the 403 card rendered', () => (a.inspector.lastRendered()?.text.includes('403 Forbidden: diagnosis') ? true : undefined));
    const o = (await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: doc.uri.toString(), offset: doc.getText().indexOf('### none') })) as ReplayOutcome;
    assert.equal(o.kind, 'error');
    await until('the stale card gone', () => (a.inspector.lastRendered()?.text.includes('403 Forbidden: diagnosis') ? undefined : true));
  });
});

// VS Code runs at the real clock: times here are relative to it, not to the unit tests' frozen NOW.
const NOW_S = Math.floor(Date.now() / 1000);
const ENTRA = 'https://sts.windows.net/11111111-2222-3333-4444-555555555555/';
const user = (extra: Record<string, unknown> = {}) => ({ iss: ENTRA, aud: 'https://api.partnercenter.microsoft.com', amr: ['pwd', 'mfa'], scp: 'user_impersonation', upn: 'views@contoso.com', iat: NOW_S - 60, exp: NOW_S + 3600, ...extra });
const jwt = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'k' }) => mint(claims, header, 'c2lnbmF0dXJlLXZpZXdzLXRlc3Q');

describe('views tell the truth in the editor (issue 14)', function () {
  this.timeout(60000);
  let a: ExtensionApi;
  before(async () => {
    a = await api();
  });

  async function cursorOn(doc: vscode.TextDocument, token: string): Promise<void> {
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf(token) + 10);
    editor.selection = new vscode.Selection(at, at);
  }

  it('14.9: the status bar takes the error background for MFA ✗, the warning one for an expired token, none for a good one', async () => {
    const noMfa = jwt(user({ amr: ['pwd'] }));
    const expired = jwt(user({ exp: NOW_S - 600 }));
    const good = jwt(user());
    const doc = await openFile('views-status-bar.http', `### a\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer ${noMfa}\n\n### b\nGET https://api.partnercenter.microsoft.com/v1/invoices\nAuthorization: Bearer ${expired}\n\n### c\nGET https://api.partnercenter.microsoft.com/v1/orders\nAuthorization: Bearer ${good}\n`);
    await until('the analysis', () => (vscode.languages.getDiagnostics(doc.uri).length >= 2 ? true : undefined));
    await cursorOn(doc, noMfa);
    const bad = await until('MFA ✗ in the status bar', () => (a.statusBar().text?.includes('MFA ✗') ? a.statusBar() : undefined));
    assert.equal(bad.background, 'statusBarItem.errorBackground');
    await cursorOn(doc, expired);
    const warn = await until('expired in the status bar', () => (a.statusBar().text?.includes('expired') ? a.statusBar() : undefined));
    assert.equal(warn.background, 'statusBarItem.warningBackground');
    await cursorOn(doc, good);
    const ok = await until('a good token in the status bar', () => (a.statusBar().text?.includes('MFA ✓ aud ✓') && !a.statusBar().text?.includes('expired') ? a.statusBar() : undefined));
    assert.equal(ok.background, undefined);
  });

  it('14.10: an HS256 or alg none token with an Entra issuer is reported as not from Entra ID', async () => {
    const hs = jwt(user(), { alg: 'HS256', typ: 'JWT' });
    const none = mint(user({ upn: 'none@contoso.com' }), { alg: 'none', typ: 'JWT' }, '');
    const doc = await openFile('views-forged.txt', `hs: ${hs}\nnone: ${none}\n`);
    const ds = await until('two not-from-entra diagnostics', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => (typeof x.code === 'object' ? x.code.value : x.code) === 'not-from-entra');
      return d.length === 2 ? d : undefined;
    });
    assert.deepEqual(ds.map((d) => d.range.start.line).sort(), [0, 1]);
    assert.ok(ds.every((d) => d.severity === vscode.DiagnosticSeverity.Warning && /did not come from Entra ID/.test(d.message)), ds.map((d) => d.message).join(' | '));
  });

  it('14.11: "Turn this check off" says which setting it changed and where, and Undo restores it', async () => {
    const cfg = () => vscode.workspace.getConfiguration('jwtMfa');
    const before = cfg().inspect<Record<string, string>>('severity')?.workspaceValue;
    assert.equal(before?.['app-only'], undefined, 'the check starts on');
    const changed = await vscode.commands.executeCommand('jwtMfa.disableCheck', 'app-only');
    assert.equal(changed, true);
    assert.equal(cfg().inspect<Record<string, string>>('severity')?.workspaceValue?.['app-only'], 'off');
    assert.equal(await a.undoLastDisable(), true);
    await until('the setting restored', () => (cfg().inspect<Record<string, string>>('severity')?.workspaceValue?.['app-only'] === undefined ? true : undefined));
    assert.deepEqual(cfg().inspect<Record<string, string>>('severity')?.workspaceValue ?? {}, before ?? {});
  });
});
