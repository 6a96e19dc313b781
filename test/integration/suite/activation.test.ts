// Inside a real VS Code: the extension activates, registers what it contributes, and turns tokens in the
// fixture workspace (test/fixtures/workspace, made by scripts/make-fixtures.ts) into diagnostics.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { diagnosticsWhere } from '../util';

const EXTENSION_ID = 'jwt-mfa.jwt-mfa-inspector';
const SOURCE = 'JWT MFA Inspector';

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Our diagnostics for a document, once there are at least `atLeast` (they are computed on open; mocha's timeout is the hang guard). */
function ourDiagnostics(uri: vscode.Uri, atLeast = 1): Promise<vscode.Diagnostic[]> {
  return diagnosticsWhere(`${atLeast} diagnostic(s) of ${uri.path}`, uri, (d) => d.length >= atLeast, SOURCE);
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const where = (r: vscode.Range) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

describe('extension in a real VS Code', () => {
  let api: ExtensionApi;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed in the host`);
    api = (await ext.activate()) as ExtensionApi;
  });

  // What activation costs is the bench's figure (printed here), not a bound: a wall-clock assertion fails
  // on a loaded machine. What is asserted is the work activate() did, counted when it returned.
  it('activates without doing on-demand work: signature verification not loaded, nothing scanned beyond the open documents', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    const work = api.activationWork;
    assert.equal(work.verifierLoaded, false, 'signature verification loads on the first Verify');
    // Only open documents are analysed (a workspace scan is a command), and not even those whole: at
    // most the visible part of each when activate() returns, the rest in steps after it.
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme !== 'output');
    const openChars = open.reduce((n, d) => n + d.getText().length, 0);
    assert.ok(work.charsScanned <= openChars, `${work.charsScanned} characters scanned; ${openChars} in the ${open.length} open document(s)`);
    assert.ok(work.harParses <= open.filter((d) => /\.har$/i.test(d.uri.path)).length, `${work.harParses} HAR text(s) parsed`);
    assert.equal(typeof api.activationMs, 'number');
    console.log(`[it] activationMs=${api.activationMs.toFixed(2)} charsScanned=${work.charsScanned} (VS Code ${vscode.version}, ${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
  });

  it('registers every command it contributes, each under jwtMfa. in category JWT', async () => {
    const contributed: Array<{ command: string; category?: string }> = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.match(c.command, /^jwtMfa\./);
      assert.equal(c.category, 'JWT', c.command);
      assert.ok(registered.has(c.command), `${c.command} is registered`);
    }
    console.log(`[it] ${contributed.length} contributed command(s) checked`);
  });

  it('reports each token of a log with its code, severity and exact range', async () => {
    const uri = fixture('tokens.log');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await ourDiagnostics(uri, 5);
    const got = diags
      .map((d) => `${where(d.range)} ${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`)
      .sort();
    // Tokens start after the fixed 57-character prefix and run to the end of their line.
    assert.deepEqual(got, [
      '1:57-1:1094 mfa-missing Error', // amr ["pwd"], Partner Center audience
      '2:57-2:1074 audience-mismatch Warning', // a Graph token where Partner Center is expected
      '3:57-3:1102 expired Warning', // expired in 2010
      '4:57-4:1038 app-only Information', // idtyp app
      '5:57-5:1098 mfa-missing Warning', // amr ["ngcmfa"]: equivalent, not documented for Partner Center
    ].sort());
    // Line 0 holds a compliant token: no diagnostic.
    assert.ok(!diags.some((d) => d.range.start.line === 0), 'the mfa token is not flagged');
    for (const d of diags) {
      assert.equal(d.source, SOURCE);
      assert.ok(typeof d.code === 'object' && d.code.target.toString() === `${vscode.env.uriScheme}://jwt-mfa.jwt-mfa-inspector/code?${codeOf(d)}`, `code target of ${codeOf(d)}`);
    }
    const noMfa = diags.find((d) => d.range.start.line === 1)!;
    assert.match(noMfa.message, /amr is "pwd" without "mfa": Partner Center answers 401 "MFA required" to this App\+User token\.$/);
  });

  it('reports a token in a TypeScript string', async () => {
    const uri = fixture('client.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await ourDiagnostics(uri);
    assert.deepEqual(
      diags.map((d) => `${where(d.range)} ${codeOf(d)}`),
      ['1:35-1:1072 mfa-missing'],
    );
  });

  it('follows edits: removing the token clears its diagnostic', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
    const token = (await vscode.workspace.openTextDocument(fixture('client.ts'))).lineAt(1).text.slice(35, 1072);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), `Bearer ${token}\n`));
    assert.deepEqual((await ourDiagnostics(doc.uri)).map(codeOf), ['mfa-missing']);
    await editor.edit((e) => e.delete(doc.lineAt(0).range));
    assert.deepEqual(await diagnosticsWhere('the token\'s diagnostic cleared', doc.uri, (d) => d.length === 0, SOURCE), []);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
