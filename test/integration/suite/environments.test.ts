// Issue 13.7 in a real VS Code: a token defined in an environment (http-client.private.env.json, a
// .env read by {{$dotenv}}) gets diagnostics on the request that uses it and on the value itself, and
// the request's CodeLens names the environment value it judged.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, until } from '../util';
import { mint, TID } from '../../unit/helpers/fixtures';

const SOURCE = 'JWT MFA Inspector';
const FAR = 4102444800; // 2100-01-01: must not expire while the suite runs (VS Code runs at the real clock).
const NOW_S = Math.floor(Date.now() / 1000);
const user = (aud: string, amr: string[], upn: string) =>
  mint({ aud, iss: `https://sts.windows.net/${TID}/`, tid: TID, ver: '1.0', iat: NOW_S - 60, nbf: NOW_S - 60, exp: FAR, amr, scp: 'user_impersonation', upn, appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c' });

const GRAPH_PWD = user('https://graph.microsoft.com', ['pwd'], 'graph@contoso.com');
const PC_PWD = user('https://api.partnercenter.microsoft.com', ['pwd'], 'pc@contoso.com');
const PC_MFA = user('https://api.partnercenter.microsoft.com', ['pwd', 'mfa'], 'pcmfa@contoso.com');
const DOT_PWD = user('https://api.partnercenter.microsoft.com', ['pwd'], 'dot@contoso.com');

const HTTP = [
  'GET https://graph.microsoft.com/v1.0/me',
  'Authorization: Bearer {{token}}',
  '',
  '###',
  'GET https://api.partnercenter.microsoft.com/v1/customers',
  'Authorization: Bearer {{pcToken}}',
  '',
  '###',
  'GET https://api.partnercenter.microsoft.com/v1/invoices',
  'Authorization: Bearer {{$dotenv DOT_TOKEN}}',
  '',
].join('\n');
const PRIVATE = `{\n  "dev": {\n    "token": "${GRAPH_PWD}",\n    "pcToken": "${PC_PWD}"\n  }\n}\n`;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const onLine = (ds: vscode.Diagnostic[], line: number) => ds.filter((d) => d.range.start.line === line);

/** Our hovers' text at a position, as a reader sees it (Markdown escapes removed). */
async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))).join('\n').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('environments: tokens defined in env files (13.7)', function () {
  this.timeout(60_000);
  let dir: vscode.Uri;
  let httpUri: vscode.Uri;
  let privUri: vscode.Uri;
  let envUri: vscode.Uri;

  before(async () => {
    await api();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the fixtures workspace is open');
    dir = vscode.Uri.joinPath(root, 'env-13-7');
    httpUri = vscode.Uri.joinPath(dir, 'requests.http');
    privUri = vscode.Uri.joinPath(dir, 'http-client.private.env.json');
    envUri = vscode.Uri.joinPath(dir, '.env');
    const write = (name: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, name), Buffer.from(text, 'utf8'));
    await write('http-client.env.json', '{\n  "dev": {}\n}\n');
    await write('http-client.private.env.json', PRIVATE);
    // A quoted value that spans lines (dotenv's multi-line values): the NAME= line inside it is not a
    // variable. CRLF endings (as Windows editors save them), and the token after a \n escape and a line
    // break inside quotes: its place in the file is not its place in the value dotenv reads.
    await write('.env', `# read by {{$dotenv}}\r\nNOTES="a value on two lines\r\nDOT_TOKEN=not-a-token"\r\nexport DOT_TOKEN="Partner Center:\\n\r\n${DOT_PWD}" # no MFA\r\n`);
    await write('requests.http', HTTP);
    await write('zz-closed.http', 'GET https://api.partnercenter.microsoft.com/v1/orders\nAuthorization: Bearer {{pcToken}}\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(dir, { recursive: true });
  });

  it('puts the findings on the request that uses the token, naming the environment and linking to the value', async () => {
    const doc = await vscode.workspace.openTextDocument(httpUri);
    await vscode.window.showTextDocument(doc);
    const diags = await until('diagnostics from the environments on requests.http', () => {
      const d = ours(doc.uri);
      return onLine(d, 5).some((x) => codeOf(x) === 'mfa-missing') && onLine(d, 9).some((x) => codeOf(x) === 'mfa-missing') ? d : undefined;
    });
    // Request 2: the Partner Center token without MFA, from the private env file, environment dev.
    const pc = onLine(diags, 5).find((d) => codeOf(d) === 'mfa-missing')!;
    assert.equal(pc.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(pc.range), 'Bearer {{pcToken}}');
    assert.match(pc.message, /\[token from dev: \{\{pcToken\}\} \(http-client\.private\.env\.json\)\]$/);
    const link = pc.relatedInformation?.[0];
    assert.ok(link, 'a link to where the token is defined');
    assert.equal(link.location.uri.toString(), privUri.toString());
    const priv = await vscode.workspace.openTextDocument(privUri);
    assert.equal(priv.getText(link.location.range), PC_PWD);
    // Request 3: the token from .env through {{$dotenv}}.
    const dot = onLine(diags, 9).find((d) => codeOf(d) === 'mfa-missing')!;
    assert.equal(dot.severity, vscode.DiagnosticSeverity.Error);
    assert.match(dot.message, /\{\{\$dotenv DOT_TOKEN\}\} \(\.env\)\]$/);
    const dotLink = dot.relatedInformation?.[0];
    assert.ok(dotLink, 'a link to where the .env token is defined');
    assert.equal(dotLink.location.uri.toString(), envUri.toString());
    assert.equal((await vscode.workspace.openTextDocument(envUri)).getText(dotLink.location.range), DOT_PWD);
    // Request 1: a Graph token used against Graph: no audience finding, no Partner Center MFA warning.
    const graph = onLine(diags, 1);
    assert.ok(!graph.some((d) => codeOf(d) === 'audience-mismatch'), graph.map((d) => d.message).join('\n'));
    assert.ok(!graph.some((d) => d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning), graph.map((d) => d.message).join('\n'));
    // Never a whole token in a message.
    for (const d of diags) for (const t of [GRAPH_PWD, PC_PWD, DOT_PWD]) assert.ok(!d.message.includes(t));
    // Quick fixes act on the value where it is defined, and replay in its environment.
    // (executeCodeActionProvider does not hand the actions' diagnostics back: ours are told by their commands.)
    // The provider is given the workbench's markers, which follow the host's diagnostics a moment later
    // (later still when earlier suites left the workbench busy with thousands of markers): wait for ours.
    const commands = await vscode.commands.getCommands(true);
    const envFixes = commands.includes('jwtMfa.openInspector') || commands.includes('jwtMfa.replayRequest');
    const mine = await until('our quick fixes on the environment-token diagnostic', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, pc.range);
      const found = actions.filter((a) => a.command?.command.startsWith('jwtMfa.'));
      // Until the analysis with the environments is the current one, the fixes are the plain ones.
      return found.length && (!envFixes || found.some((a) => /\(dev\)$| — dev: /.test(a.title))) ? found : undefined;
    });
    const inspect = mine.find((a) => a.title === 'Inspect token — dev: {{pcToken}} (http-client.private.env.json)');
    if (commands.includes('jwtMfa.openInspector')) {
      assert.ok(inspect, mine.map((a) => a.title).join(' | '));
      const [target] = inspect.command!.arguments as Array<{ uri: string; start: number; end: number }>;
      assert.equal(target.uri, privUri.toString());
      assert.equal(priv.getText().slice(target.start, target.end), PC_PWD);
    }
    if (commands.includes('jwtMfa.replayRequest')) {
      const replay = mine.find((a) => a.title === 'Replay & diagnose (dev)');
      assert.deepEqual(replay?.command?.arguments, [{ uri: doc.uri.toString(), line: 4, env: 'dev' }]);
    }
    assert.ok(!mine.some((a) => a.title === 'Inspect token'), 'no Inspect on the {{…}} text itself');
  });

  it('the request CodeLens says which environment value it judged', async () => {
    const doc = await vscode.workspace.openTextDocument(httpUri);
    const lenses = await until('environment CodeLenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return l && l.filter((x) => / — /.test(x.command?.title ?? '')).length >= 3 ? l : undefined;
    });
    const title = (line: number) => lenses.find((l) => l.range.start.line === line && / — /.test(l.command?.title ?? ''))?.command?.title;
    assert.match(title(0) ?? '', /^MFA . · aud ✓ · expires in .+ — dev: \{\{token\}\} \(http-client\.private\.env\.json\)$/);
    assert.match(title(4) ?? '', /^MFA ✗ · aud ✓ · .+ — dev: \{\{pcToken\}\} \(http-client\.private\.env\.json\)$/);
    assert.match(title(8) ?? '', /^MFA ✗ · .+ — dev: \{\{\$dotenv DOT_TOKEN\}\} \(\.env\)$/);
    // The summary opens the value in its file in the inspector.
    const summary = lenses.find((l) => l.range.start.line === 4 && / — /.test(l.command?.title ?? ''))!;
    if (summary.command?.command) {
      const [target] = summary.command.arguments as Array<{ uri: string; start: number; end: number }>;
      assert.equal(target.uri, privUri.toString());
      const priv = await vscode.workspace.openTextDocument(privUri);
      assert.equal(priv.getText().slice(target.start, target.end), PC_PWD);
    }
    const replays = lenses.filter((l) => l.command?.command === 'jwtMfa.replayRequest' && l.range.start.line === 4);
    if (replays.length) assert.deepEqual(replays[0].command!.arguments, [{ uri: doc.uri.toString(), line: 4, env: 'dev' }]);
  });

  it('the hover on {{pcToken}} / {{$dotenv DOT_TOKEN}} is the token\'s own verdict, naming the environment and file; never the token', async () => {
    const doc = await vscode.workspace.openTextDocument(httpUri);
    await vscode.window.showTextDocument(doc);
    const at = (needle: string) => doc.positionAt(doc.getText().indexOf(needle) + 3);
    const pc = await until('the hover on {{pcToken}}', async () => {
      const t = await hoverText(doc, at('{{pcToken}}'));
      return /Value from dev/.test(t) ? t : undefined;
    });
    assert.match(pc, /^`\{\{pcToken\}\}` — Value from dev: \{\{pcToken\}\} \(http-client\.private\.env\.json\)/);
    assert.match(pc, /MFA ✗ · aud ✓/, 'the verdict of the token\'s own hover');
    assert.match(pc, /pc@contoso\.com/);
    assert.match(pc, /`mfa-missing` MFA missing/);
    assert.match(pc, /\[Copy token \(redacted\)\]\(command:jwtMfa\.copyTokenRedacted\?/);
    const dot = await hoverText(doc, at('{{$dotenv DOT_TOKEN}}'));
    assert.match(dot, /^`\{\{\$dotenv DOT_TOKEN\}\}` — Value from dev: \{\{\$dotenv DOT_TOKEN\}\} \(\.env\)/);
    assert.match(dot, /dot@contoso\.com/);
    for (const t of [PC_PWD, DOT_PWD]) for (const part of t.split('.').slice(1)) assert.ok(!pc.includes(part) && !dot.includes(part), 'no token payload or signature in a hover');
    // The hover's range is the reference.
    const [h] = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at('{{pcToken}}'))).filter((x) => x.range && doc.getText(x.range) === '{{pcToken}}');
    assert.ok(h, 'a hover over exactly {{pcToken}}');
  });

  it('the hover on a {{name}} whose file variable holds a token names the variable and its line', async () => {
    const uri = vscode.Uri.joinPath(dir, 'file-vars.http');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`@tok = ${PC_MFA}\n@auth = Bearer {{tok}}\n\nGET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: {{auth}}\n`, 'utf8'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const text = await until('the hover on {{auth}}', async () => {
      const t = await hoverText(doc, doc.positionAt(doc.getText().indexOf('{{auth}}') + 2));
      return /Value from the file variable/.test(t) ? t : undefined;
    });
    assert.match(text, /^`\{\{auth\}\}` — Value from the file variable @auth → @tok \(line 1\)/);
    assert.match(text, /MFA ✓ · aud ✓/);
    assert.match(text, /pcmfa@contoso\.com/);
    for (const part of PC_MFA.split('.').slice(1)) assert.ok(!text.includes(part), 'no token payload or signature in the hover');
    assert.doesNotMatch(await hoverText(doc, new vscode.Position(3, 2)), /Value from/, 'not on the request line');
  });

  it('judges the value in the env file for the requests that use it, and follows edits to it', async () => {
    const priv = await vscode.workspace.openTextDocument(privUri);
    await vscode.window.showTextDocument(priv);
    const at = (t: string) => priv.getText().indexOf(t);
    const diags = await until('diagnostics on the env file judged for requests.http', () => {
      const d = ours(priv.uri);
      return d.some((x) => codeOf(x) === 'mfa-missing' && x.severity === vscode.DiagnosticSeverity.Error && x.relatedInformation?.length) ? d : undefined;
    });
    const pc = diags.find((d) => codeOf(d) === 'mfa-missing' && d.severity === vscode.DiagnosticSeverity.Error)!;
    assert.equal(priv.offsetAt(pc.range.start), at(PC_PWD));
    assert.equal(pc.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(pc.relatedInformation![0].location.uri.toString(), httpUri.toString());
    assert.equal(pc.relatedInformation![0].location.range.start.line, 4);
    // The Graph token, used only against Graph: no audience warning on its value (alone it would get one).
    const graph = diags.filter((d) => priv.offsetAt(d.range.start) === at(GRAPH_PWD));
    assert.ok(!graph.some((d) => codeOf(d) === 'audience-mismatch' || d.severity === vscode.DiagnosticSeverity.Error), graph.map((d) => d.message).join('\n'));

    // Unsaved edit: the token with MFA replaces it; the request's error goes.
    const edit = new vscode.WorkspaceEdit();
    const s = at(PC_PWD);
    edit.replace(priv.uri, new vscode.Range(priv.positionAt(s), priv.positionAt(s + PC_PWD.length)), PC_MFA);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the request judged with the edited value', () => (onLine(ours(httpUri), 5).some((d) => codeOf(d) === 'mfa-missing') ? undefined : true));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the reverted value judged again', () => (onLine(ours(httpUri), 5).some((d) => codeOf(d) === 'mfa-missing') ? true : undefined));
  });

  it('judges the .env token (after a \\n escape and a CRLF line break in quotes) where it is written, for the request that uses it', async () => {
    const env = await vscode.workspace.openTextDocument(envUri);
    await vscode.window.showTextDocument(env);
    const d = await until('the .env token judged for requests.http', () => ours(envUri).find((x) => codeOf(x) === 'mfa-missing' && x.relatedInformation?.length));
    assert.equal(env.offsetAt(d.range.start), env.getText().indexOf(DOT_PWD));
    assert.equal(d.relatedInformation![0].location.uri.toString(), httpUri.toString());
    assert.equal(d.relatedInformation![0].location.range.start.line, 8);
  });

  it('re-judges the env file value when a request file that uses it is edited (unsaved)', async () => {
    const priv = await vscode.workspace.openTextDocument(privUri);
    const pcDiag = () => ours(priv.uri).find((d) => priv.offsetAt(d.range.start) === priv.getText().indexOf(PC_PWD) && codeOf(d) === 'mfa-missing');
    await until('the value linked to requests.http', () => (pcDiag()?.relatedInformation?.length ? true : undefined));
    const doc = await vscode.workspace.openTextDocument(httpUri);
    await vscode.window.showTextDocument(doc);
    const s = doc.getText().indexOf('{{pcToken}}');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(s), doc.positionAt(s + '{{pcToken}}'.length)), '{{other}}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // zz-closed.http still uses it: the value stays linked, to that file only.
    await until('the value no longer linked to requests.http', () => {
      const links = pcDiag()?.relatedInformation?.map((r) => r.location.uri.toString());
      return links && !links.includes(httpUri.toString()) ? true : undefined;
    });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the value linked to requests.http again', () => (pcDiag()?.relatedInformation?.some((r) => r.location.uri.toString() === httpUri.toString()) ? true : undefined));
  });

  it('JWT: Scan Workspace judges the environment token of a request file that is not open', async () => {
    const closed = vscode.Uri.joinPath(dir, 'zz-closed.http');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), 'the file is not open');
    await vscode.commands.executeCommand('jwtMfa.scanWorkspace', { silent: true });
    const diags = await until('Scan Workspace diagnostics on zz-closed.http', () => {
      const d = onLine(ours(closed), 1).filter((x) => codeOf(x) === 'mfa-missing');
      return d.length ? d : undefined;
    });
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diags[0].message, /\[token from dev: \{\{pcToken\}\} \(http-client\.private\.env\.json\)\]$/);
    assert.equal(diags[0].range.start.character, 'Authorization: '.length);
  });
});
