// The "Fix Partner Center MFA 401s" walkthrough inside a real VS Code: its commands do what its steps say
// (open the bundled sample read-only, the inspector on its token, Diagnose Response on the bundled HAR),
// offline, and every step's media file is in the extension folder.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ReplayOutcome } from '../../../src/extension/replay/replay';
import { until } from '../util';

const EXTENSION_ID = 'jwt-mfa.jwt-mfa-inspector';
const SOURCE = 'JWT MFA Inspector';

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

interface Step {
  id: string;
  title: string;
  description: string;
  media: Record<string, string>;
  completionEvents?: string[];
}

describe('walkthrough "Fix Partner Center MFA 401s"', function () {
  this.timeout(60_000);
  let ext: vscode.Extension<ExtensionApi>;
  let api: ExtensionApi;

  before(async () => {
    ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!;
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
  });

  it('contributes four localized steps whose media files exist in the extension', async () => {
    const walkthroughs = ext.packageJSON.contributes.walkthroughs as Array<{ id: string; title: string; steps: Step[] }>;
    assert.equal(walkthroughs.length, 1);
    const w = walkthroughs[0];
    // The host substitutes %key% from package.nls(.ja).json.
    assert.doesNotMatch(w.title, /%/);
    assert.equal(w.steps.length, 4);
    for (const s of w.steps) {
      assert.doesNotMatch(s.title + s.description, /%walkthrough/, s.id);
      const files = Object.values(s.media);
      assert.ok(files.length > 0, `${s.id} has media`);
      for (const f of files) {
        const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, f));
        assert.ok(stat.size > 0, `${f} is not empty`);
      }
      // Every command a step links to is registered.
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const m of s.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(registered.has(m[1]), `${s.id} links ${m[1]}`);
    }
  });

  it('opens the bundled sample read-only, outside the workspace, and flags it mfa-missing', async () => {
    const before = (await vscode.workspace.findFiles('**/*')).length;
    const doc = (await vscode.commands.executeCommand('jwtMfa.walkthrough.openSample')) as vscode.TextDocument;
    assert.ok(doc, 'the command returns the sample document');
    assert.equal(doc.uri.scheme, 'jwt-mfa-sample');
    assert.match(doc.getText(), /^@token = eyJ/m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    // The cursor is on the token (so the hover step and "Open Inspector" find it).
    const at = doc.offsetAt(vscode.window.activeTextEditor!.selection.active);
    assert.equal(doc.getText().slice(at, at + 3), 'eyJ');
    const diags = await until('mfa-missing on the sample', () => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === SOURCE);
      return d.some((x) => codeOf(x) === 'mfa-missing') ? d : undefined;
    });
    assert.ok(diags.some((d) => codeOf(d) === 'mfa-missing' && d.severity === vscode.DiagnosticSeverity.Error), diags.map(codeOf).join(', '));
    // The hover of the step: ours, on the token.
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 10))) ?? [];
    const text = hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))).join('\n');
    assert.match(text, /mfa-missing/);
    // Nothing was written into the workspace.
    assert.equal((await vscode.workspace.findFiles('**/*')).length, before);
    // Read-only: an edit of a content-provider document cannot be saved to it.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'x');
    await vscode.workspace.applyEdit(edit);
    assert.equal(await doc.save(), false, 'the sample cannot be saved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('opens the inspector on the sample token', async () => {
    await vscode.commands.executeCommand('jwtMfa.walkthrough.inspectSample');
    const model = await until('the inspector model', () => (api.inspector.isOpen() ? api.inspector.lastModel() : undefined));
    assert.match(JSON.stringify(model), /mfa-missing/);
    assert.match(JSON.stringify(model), /admin@contoso\.example/);
  });

  it('diagnoses the bundled recorded 401 offline: mfa-missing first, nothing sent', async () => {
    const o = (await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: 'media/walkthrough/recorded-401.har' })) as ReplayOutcome;
    assert.equal(o?.kind, 'diagnosed', JSON.stringify(o).slice(0, 300));
    const d = o as Extract<ReplayOutcome, { kind: 'diagnosed' }>;
    assert.equal(d.sent, false);
    assert.equal(d.status, 401);
    assert.equal(d.causes[0], 'mfa-missing', d.causes.join(', '));
    assert.ok(api.inspector.isOpen());
    // The same link, as the walkthrough step writes it (a command URI's percent-encoded JSON argument).
    const steps = (ext.packageJSON.contributes.walkthroughs[0].steps as Step[]);
    const link = /\(command:jwtMfa\.diagnoseResponse\?([^)]+)\)/.exec(steps.find((s) => s.id === 'diagnose')!.description);
    assert.ok(link, 'the diagnose step links the command with its argument');
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), { uri: 'media/walkthrough/recorded-401.har' });
    // A path that climbs out of the extension is refused.
    const bad = (await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: 'media/../../etc/passwd' })) as ReplayOutcome;
    assert.equal(bad?.kind, 'error');
    api.inspector.close();
  });
});
