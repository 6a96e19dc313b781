// The editor face inside a real VS Code: hovers, diagnostics, quick fixes, CodeLens, settings and
// commands on the samples in test/fixtures/workspace/ (tokens minted for the purpose, fake
// signatures; valid ones expire in 2100, expired ones in 2001, so the real clock is fine here).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { api as activated, diagnosticsWhere, openFile, waitFor as until } from '../util';

const EXTENSION_ID = 'jwt-mfa.jwt-mfa-inspector';
const SOURCE = 'JWT MFA Inspector';

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixtures workspace is open');
  return folder.uri;
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/** The range of the token whose decoded `upn` is `upn`. */
function tokenRange(doc: vscode.TextDocument, upn: string): vscode.Range {
  const text = doc.getText();
  const re = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const payload = JSON.parse(Buffer.from(m[0].split('.')[1], 'base64url').toString('utf8')) as { upn?: string };
    if (payload.upn === upn) return new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length));
  }
  assert.fail(`no token for ${upn} in ${doc.fileName}`);
}

function middle(r: vscode.Range): vscode.Position {
  return r.start.translate(0, Math.floor((r.end.character - r.start.character) / 2));
}

/** Our hover at `pos`, as the text a reader sees (Markdown escapes removed), and its Markdown. */
async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<{ text: string; md: vscode.MarkdownString; range?: vscode.Range }> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  for (const h of hovers ?? []) {
    for (const c of h.contents) {
      if (c instanceof vscode.MarkdownString && c.value.includes('JSON Web Token')) {
        return { text: c.value.replace(/\\([!-/:-@[-`{-~])/g, '$1'), md: c, range: h.range };
      }
    }
  }
  assert.fail(`no JWT hover at ${pos.line}:${pos.character}`);
}

async function commandExists(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

async function withSetting(key: string, value: unknown, body: () => Promise<void>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('jwtMfa');
  const before = cfg.inspect(key)?.workspaceValue;
  await cfg.update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    await body();
  } finally {
    await vscode.workspace.getConfiguration('jwtMfa').update(key, before, vscode.ConfigurationTarget.Workspace);
  }
}

describe('editor: hover, diagnostics, quick fixes, CodeLens', function () {
  this.timeout(60_000);

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
  });

  describe('.ts', () => {
    it('puts diagnostics exactly on the tokens, with codes linking to the docs', async () => {
      const doc = await open('editor-sample.ts');
      const diags = await until('diagnostics in editor-sample.ts', () => ours(doc.uri), (d) => d.length >= 2);
      const mfa = diags.filter((d) => codeOf(d) === 'mfa-missing');
      const aud = diags.filter((d) => codeOf(d) === 'audience-mismatch');
      assert.equal(mfa.length, 1);
      assert.equal(aud.length, 1);
      assert.deepEqual(mfa[0].range, tokenRange(doc, 'bob@contoso.com'));
      assert.equal(mfa[0].severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual(aud[0].range, tokenRange(doc, 'carol@contoso.com'));
      assert.equal(aud[0].severity, vscode.DiagnosticSeverity.Warning);
      // The code links to our code view (a URI our handler receives), not to the raw file.
      const target = (mfa[0].code as { target: vscode.Uri }).target;
      assert.equal(target.toString(), `${vscode.env.uriScheme}://${EXTENSION_ID}/code?mfa-missing`);
      // The compliant token and the hostile-but-compliant one have no findings.
      const ok = tokenRange(doc, 'alice@contoso.com');
      assert.ok(!diags.some((d) => d.range.intersection(ok)));
    });

    it('opens a code link on its section, rendered, in one tab that later links reuse (14.6)', async () => {
      const doc = await open('editor-sample.ts');
      const diags = await until('diagnostics in editor-sample.ts', () => ours(doc.uri), (d) => d.length >= 2);
      const api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi;
      const codeTabs = () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('jwtMfa.codeDoc'));
      for (const code of ['mfa-missing', 'audience-mismatch', 'mfa-missing']) {
        const d = diags.find((x) => codeOf(x) === code)!;
        // What the Problems panel, the hover and the peek view do with the link: hand it to VS Code's opener.
        await vscode.commands.executeCommand('vscode.open', (d.code as { target: vscode.Uri }).target);
        const shown = await until(`the code view on ${code}`, () => api.codeDoc.state(), (s) => s?.code === code);
        assert.equal(shown!.title, `JWT code: ${code}`);
        assert.match(shown!.section!, new RegExp(`^### \`${code}\`\\n`));
        const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => `${t.label} ${t.input instanceof vscode.TabInputWebview ? t.input.viewType : ''}`);
        await until(`one code tab titled for ${code}; tabs: ${JSON.stringify(tabs())}`, codeTabs, (t) => t.length === 1 && t[0].label === `JWT code: ${code}`);
      }
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await until('the code view to close', () => api.codeDoc.state(), (s) => s === undefined);
    });

    it('hovers a compliant token with its verdicts, times and links to our commands only', async () => {
      const doc = await open('editor-sample.ts');
      const range = tokenRange(doc, 'alice@contoso.com');
      const { text, md, range: hoverRange } = await hoverAt(doc, middle(range));
      assert.deepEqual(hoverRange, range);
      assert.match(text, /\*\*JSON Web Token\*\* \(JWS\) · alg RS256 · kid editor-fixture-key/);
      assert.match(text, /\*\*Issuer:\*\* Entra ID v1\.0 \(tenant 11111111-2222-3333-4444-555555555555\)/);
      assert.match(text, /\*\*Audience:\*\* https:\/\/api\.partnercenter\.microsoft\.com \(Partner Center\) — ✓/);
      assert.match(text, /\*\*User:\*\* alice@contoso\.com · app 22222222-3333-4444-5555-666666666666/);
      assert.match(text, /\*\*amr:\*\* pwd, mfa — MFA ✓/);
      assert.match(text, /\*\*scp:\*\* user_impersonation/);
      assert.match(text, /\*\*Expires:\*\* (2100-01-01|2099-12-31) [^()]*UTC[+-]\d\d:\d\d · expires in \d+ \w+/);
      // 14.7: the verdict line first, the links right below it.
      assert.match(text, /^\*\*MFA ✓ · aud ✓ · expires in \d+ \w+\*\* {2}\n\[/);
      assert.match(text, /\[Copy decoded JSON\]\(command:jwtMfa\.copyDecodedJson\?/);
      assert.match(text, /\[Copy token \(redacted\)\]\(command:jwtMfa\.copyTokenRedacted\?/);
      assert.notEqual(md.isTrusted, true);
      const trusted = md.isTrusted as { enabledCommands: readonly string[] };
      assert.ok(trusted.enabledCommands.includes('jwtMfa.copyDecodedJson'));
      assert.ok(trusted.enabledCommands.every((c) => c.startsWith('jwtMfa.')));
      assert.equal(md.supportHtml, false);
      if (await commandExists('jwtMfa.openInspector')) assert.match(text, /\[Open in Inspector\]\(command:jwtMfa\.openInspector\?/);
      assert.ok(!md.value.includes(doc.getText(range)), 'the token itself is not in the hover');
    });

    it('hovers a token without MFA with its finding and code', async () => {
      const doc = await open('editor-sample.ts');
      const { text } = await hoverAt(doc, middle(tokenRange(doc, 'bob@contoso.com')));
      assert.match(text, /\*\*amr:\*\* pwd — MFA ✗/);
      assert.match(text, /- ✗ `mfa-missing` MFA missing/);
      assert.doesNotMatch(text, /`mfa-missing` amr is "pwd" without "mfa"/, 'the diagnostic\'s text is not repeated');
    });

    it('keeps hostile claim values inert in the hover', async () => {
      const doc = await open('editor-sample.ts');
      const { md } = await hoverAt(doc, middle(tokenRange(doc, '<img src=x onerror=alert(1)>')));
      assert.doesNotMatch(md.value, /(?<!\\)<img/);
      assert.doesNotMatch(md.value, /\]\(command:workbench/);
      assert.match(md.value, /\\<img src\\=x onerror\\=alert\\\(1\\\)\\>/);
    });

    it('offers quick fixes on a finding', async () => {
      const doc = await open('editor-sample.ts');
      const range = tokenRange(doc, 'carol@contoso.com');
      await until('audience diagnostic', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'audience-mismatch'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Add audience "https://graph.microsoft.com" to the expected audiences'), titles.join(' | '));
      assert.ok(titles.includes('Turn the "audience-mismatch" check off'), titles.join(' | '));
      assert.equal(titles.includes('Replay request & diagnose'), false, 'no replay outside request files');
      assert.equal(titles.includes('Inspect token'), await commandExists('jwtMfa.openInspector'));
      const add = actions.find((a) => a.title.startsWith('Add audience'))!;
      assert.equal(add.command?.command, 'jwtMfa.addExpectedAudience');
      // (executeCodeActionProvider does not hand the actions' diagnostics back; their arguments it does.)
      assert.deepEqual(add.command?.arguments?.[0], { audience: 'https://graph.microsoft.com', host: undefined, uri: doc.uri.toString() });
      const off = actions.find((a) => a.title === 'Turn the "audience-mismatch" check off')!;
      assert.deepEqual(off.command?.arguments, ['audience-mismatch', doc.uri.toString()]);
    });

    it('applies settings without a reload: a check turned off, an audience added', async () => {
      const doc = await open('editor-sample.ts');
      await until('mfa diagnostic', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'mfa-missing'));
      await withSetting('severity', { 'mfa-missing': 'off' }, async () => {
        await until('mfa-missing gone', () => ours(doc.uri), (d) => !d.some((x) => codeOf(x) === 'mfa-missing'));
      });
      await until('mfa-missing back', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'mfa-missing'));
      const before = vscode.workspace.getConfiguration('jwtMfa').inspect('expectedAudiences')?.workspaceValue;
      try {
        assert.equal(await vscode.commands.executeCommand('jwtMfa.addExpectedAudience', { audience: 'https://graph.microsoft.com', uri: doc.uri.toString() }), true);
        await until('audience-mismatch gone', () => ours(doc.uri), (d) => !d.some((x) => codeOf(x) === 'audience-mismatch'));
      } finally {
        await vscode.workspace.getConfiguration('jwtMfa').update('expectedAudiences', before, vscode.ConfigurationTarget.Workspace);
      }
      await until('audience-mismatch back', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'audience-mismatch'));
    });

    it('turns a check off through its command', async () => {
      const doc = await open('editor-sample.ts');
      const before = vscode.workspace.getConfiguration('jwtMfa').inspect('severity')?.workspaceValue;
      try {
        assert.equal(await vscode.commands.executeCommand('jwtMfa.disableCheck', 'audience-mismatch', doc.uri.toString()), true);
        assert.equal(vscode.workspace.getConfiguration('jwtMfa').get<Record<string, string>>('severity')?.['audience-mismatch'], 'off');
        await until('audience-mismatch gone', () => ours(doc.uri), (d) => !d.some((x) => codeOf(x) === 'audience-mismatch'));
      } finally {
        await vscode.workspace.getConfiguration('jwtMfa').update('severity', before, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('copies the decoded JSON and the redacted token, never the token', async () => {
      const doc = await open('editor-sample.ts');
      const range = tokenRange(doc, 'alice@contoso.com');
      const target = { uri: doc.uri.toString(), start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
      assert.equal(await vscode.commands.executeCommand('jwtMfa.copyDecodedJson', target), true);
      const json = JSON.parse(await vscode.env.clipboard.readText()) as { header: { alg: string }; payload: { upn: string } };
      assert.equal(json.header.alg, 'RS256');
      assert.equal(json.payload.upn, 'alice@contoso.com');
      assert.equal(await vscode.commands.executeCommand('jwtMfa.copyTokenRedacted', target), true);
      const redacted = await vscode.env.clipboard.readText();
      assert.match(redacted, /…\[redacted\]$/);
      assert.ok(!redacted.includes(doc.getText(range).split('.')[2]), 'no signature in the redacted copy');
    });
  });

  describe('.log', () => {
    it('reports an expired token on its range and says so in the hover', async () => {
      const doc = await open('editor-app.log');
      const range = tokenRange(doc, 'dave@contoso.com');
      const diags = await until('expired diagnostic', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'expired'));
      const expired = diags.find((d) => codeOf(d) === 'expired')!;
      assert.deepEqual(expired.range, range);
      assert.equal(expired.severity, vscode.DiagnosticSeverity.Warning);
      const { text } = await hoverAt(doc, range.end);
      assert.match(text, /\*\*Expires:\*\* 2001-09-\d\d [^()]* · expired \d+ years ago/);
      assert.match(text, /`expired` Expired/);
    });
  });

  describe('untitled and excluded documents', () => {
    it('hovers a token in an untitled Markdown document', async () => {
      const sample = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), 'editor-sample.ts'));
      const tok = sample.getText(tokenRange(sample, 'alice@contoso.com'));
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `# Notes\n\nThe token was \`${tok}\`.\n` });
      await vscode.window.showTextDocument(doc);
      const { text } = await hoverAt(doc, new vscode.Position(2, 20));
      assert.match(text, /\*\*User:\*\* alice@contoso\.com/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('leaves documents matching jwtMfa.exclude alone, and comes back when the setting is cleared', async () => {
      const doc = await open('editor-app.log');
      await until('expired diagnostic', () => ours(doc.uri), (d) => d.length > 0);
      await withSetting('exclude', ['**/editor-app.log'], async () => {
        await until('no diagnostics in the excluded log', () => ours(doc.uri), (d) => d.length === 0);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, tokenRange(doc, 'dave@contoso.com').end);
        const ourHover = (hovers ?? []).some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('JSON Web Token')));
        assert.equal(ourHover, false);
      });
      await until('diagnostics back', () => ours(doc.uri), (d) => d.length > 0);
    });
  });

  describe('.http', () => {
    it('ties findings to the request line that sends the token', async () => {
      const doc = await open('editor-requests.http');
      const diags = await until('diagnostics in the .http file', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'audience-mismatch'));
      const mfa = diags.find((d) => codeOf(d) === 'mfa-missing')!;
      assert.deepEqual(mfa.range, tokenRange(doc, 'frank@contoso.com'));
      const rel = mfa.relatedInformation?.[0];
      assert.ok(rel, 'related information points at the request');
      assert.equal(doc.lineAt(rel.location.range.start.line).text, 'GET https://api.partnercenter.microsoft.com/v1/customers');
      assert.match(rel.message, /api\.partnercenter\.microsoft\.com/);
      const aud = diags.find((d) => codeOf(d) === 'audience-mismatch')!;
      assert.deepEqual(aud.range, tokenRange(doc, 'grace@contoso.com'));
      assert.equal(aud.severity, vscode.DiagnosticSeverity.Error);
    });

    it('shows a CodeLens summary above each request with a bearer token', async () => {
      const doc = await open('editor-requests.http');
      const lenses = await until(
        'CodeLenses',
        () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
        (l) => (l?.length ?? 0) >= 3,
      );
      const requestLines = [...Array(doc.lineCount).keys()].filter((l) => /^GET /.test(doc.lineAt(l).text));
      assert.equal(requestLines.length, 3);
      const summaries = lenses.filter((l) => /aud [✓✗?]/.test(l.command?.title ?? ''));
      assert.deepEqual(
        summaries.map((l) => l.range.start.line),
        requestLines,
      );
      const titles = summaries.map((l) => l.command!.title);
      assert.match(titles[0], /^MFA ✓ · aud ✓ · expires in \d+ \w+$/);
      assert.match(titles[1], /^MFA ✗ · aud ✓ · expires in \d+ \w+$/);
      assert.match(titles[2], /^MFA ✓ · aud ✗ · expires in \d+ \w+$/);
      const actionTitles = lenses.map((l) => l.command?.title);
      assert.equal(actionTitles.filter((t) => t === 'Inspect').length, (await commandExists('jwtMfa.openInspector')) ? 3 : 0);
      assert.equal(actionTitles.filter((t) => t === 'Replay & diagnose').length, (await commandExists('jwtMfa.replayRequest')) ? 3 : 0);
    });

    it('hover, CodeLens and quick-fix providers answer nothing once their cancellation token fires', async () => {
      const providers = ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi).providers;
      const doc = await open('editor-requests.http');
      const diags = await until('diagnostics', () => ours(doc.uri), (d) => d.length > 0);
      const pos = middle(diags[0].range);
      const ctx: vscode.CodeActionContext = { diagnostics: diags, only: undefined, triggerKind: vscode.CodeActionTriggerKind.Invoke };
      // Not cancelled: each provider answers.
      const live = new vscode.CancellationTokenSource();
      assert.ok(await providers.hover.provideHover(doc, pos, live.token), 'a hover');
      assert.ok((await providers.codeLens.provideCodeLenses(doc, live.token)).length > 0, 'lenses');
      assert.ok((await providers.codeActions.provideCodeActions(doc, diags[0].range, ctx, live.token)).length > 0, 'quick fixes');
      // Cancelled before the call, and cancelled while the provider awaits: nothing comes back.
      const gone = new vscode.CancellationTokenSource();
      gone.cancel();
      assert.equal(await providers.hover.provideHover(doc, pos, gone.token), undefined);
      assert.deepEqual(await providers.codeLens.provideCodeLenses(doc, gone.token), []);
      assert.deepEqual(await providers.codeActions.provideCodeActions(doc, diags[0].range, ctx, gone.token), []);
      const midway = () => {
        const s = new vscode.CancellationTokenSource();
        return { token: s.token, cancel: () => s.cancel() };
      };
      const h = midway();
      const hover = providers.hover.provideHover(doc, pos, h.token);
      h.cancel();
      assert.equal(await hover, undefined);
      const l = midway();
      const lenses = providers.codeLens.provideCodeLenses(doc, l.token);
      l.cancel();
      assert.deepEqual(await lenses, []);
      const a = midway();
      const actions = providers.codeActions.provideCodeActions(doc, diags[0].range, ctx, a.token);
      a.cancel();
      assert.deepEqual(await actions, []);
    });

    it('names the host in the hover and offers the host-specific audience fix', async () => {
      const doc = await open('editor-requests.http');
      const range = tokenRange(doc, 'grace@contoso.com');
      const { text } = await hoverAt(doc, middle(range));
      assert.match(text, /✗ graph\.microsoft\.com expects https:\/\/graph\.microsoft\.com/);
      await until('audience diagnostic', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'audience-mismatch'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Accept audience "https://api.partnercenter.microsoft.com" for graph.microsoft.com'), titles.join(' | '));
      assert.equal(titles.includes('Replay request & diagnose'), await commandExists('jwtMfa.replayRequest'));
    });

    it('hides the CodeLens when the setting is off', async () => {
      const doc = await open('editor-requests.http');
      await withSetting('codeLens.enabled', false, async () => {
        await until(
          'no CodeLens',
          () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
          (l) => (l?.length ?? 0) === 0,
        );
      });
    });
  });

  describe('Markdown ```http fences', () => {
    /** A runbook: the no-MFA Partner Center token in prose, in a fenced request and on a curl line. */
    async function runbook(name: string): Promise<{ doc: vscode.TextDocument; token: string }> {
      const http = await open('editor-requests.http');
      const token = http.getText(tokenRange(http, 'frank@contoso.com'));
      const text = [
        '# Runbook: list the customers', // 0
        '',
        `The token was \`${token}\`.`, // 2: prose, sent by nothing
        '',
        '```http', // 4
        '# Customers, signed in without MFA',
        'GET https://api.partnercenter.microsoft.com/v1/customers', // 6
        `Authorization: Bearer ${token}`, // 7
        '```',
        '',
        '```sh',
        `curl -H 'Authorization: Bearer ${token}' https://api.partnercenter.microsoft.com/v1/customers`, // 11
        '```',
        '',
      ].join('\n');
      return { doc: await openFile(name, text), token };
    }

    it('shows the .http CodeLens above a fenced Partner Center request, at its document line, and none above a curl line or prose', async () => {
      const { doc, token } = await runbook('runbook-lens.md');
      assert.equal(doc.languageId, 'markdown');
      const inspector = await commandExists('jwtMfa.openInspector');
      const replay = await commandExists('jwtMfa.replayRequest');
      const lenses = await until(
        'the fenced request\'s CodeLenses',
        () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
        (l) => (l?.length ?? 0) >= 1 + (inspector ? 1 : 0) + (replay ? 1 : 0),
      );
      assert.deepEqual([...new Set(lenses.map((l) => l.range.start.line))], [6], 'lenses on the fence\'s GET line only');
      assert.equal(doc.lineAt(6).text, 'GET https://api.partnercenter.microsoft.com/v1/customers');
      const [summary, ...actions] = lenses;
      assert.match(summary.command!.title, /^MFA ✗ · aud ✓ · expires in \d+ \w+$/);
      // The target is the token on the fence's Authorization line (line 7), not its copies in prose or curl.
      const tokenStart = doc.offsetAt(new vscode.Position(7, 'Authorization: Bearer '.length));
      const target = { uri: doc.uri.toString(), start: tokenStart, end: tokenStart + token.length };
      assert.equal(doc.getText(new vscode.Range(doc.positionAt(target.start), doc.positionAt(target.end))), token);
      assert.equal(summary.command!.command, inspector ? 'jwtMfa.openInspector' : '');
      if (inspector) assert.deepEqual(summary.command!.arguments, [target]);
      const expected = [
        ...(inspector ? [{ title: 'Inspect', command: 'jwtMfa.openInspector', arguments: [target] }] : []),
        ...(replay ? [{ title: 'Replay & diagnose', command: 'jwtMfa.replayRequest', arguments: [{ ...target, line: 6 }] }] : []),
      ];
      assert.deepEqual(
        actions.map((l) => ({ title: l.command!.title, command: l.command!.command, arguments: l.command!.arguments })),
        expected,
      );
    });

    it('follows jwtMfa.codeLens.enabled and cancellation in Markdown too', async () => {
      const { doc } = await runbook('runbook-setting.md');
      await until('lenses', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), (l) => (l?.length ?? 0) > 0);
      const providers = ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as ExtensionApi).providers;
      const gone = new vscode.CancellationTokenSource();
      gone.cancel();
      assert.deepEqual(await providers.codeLens.provideCodeLenses(doc, gone.token), []);
      const midway = new vscode.CancellationTokenSource();
      const lenses = providers.codeLens.provideCodeLenses(doc, midway.token);
      midway.cancel();
      assert.deepEqual(await lenses, []);
      await withSetting('codeLens.enabled', false, async () => {
        await until(
          'no CodeLens in the Markdown document',
          () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri),
          (l) => (l?.length ?? 0) === 0,
        );
      });
      await until('the lenses back', () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), (l) => (l?.length ?? 0) > 0);
    });
  });

  describe('.har', () => {
    it('reports the token of a HAR entry sent to Partner Center without MFA', async () => {
      const doc = await open('editor-capture.har');
      const diags = await until('diagnostics in the HAR', () => ours(doc.uri), (d) => d.some((x) => codeOf(x) === 'mfa-missing'));
      const mfa = diags.find((d) => codeOf(d) === 'mfa-missing')!;
      assert.deepEqual(mfa.range, tokenRange(doc, 'heidi@contoso.com'));
      assert.equal(mfa.severity, vscode.DiagnosticSeverity.Error);
      const { text } = await hoverAt(doc, middle(mfa.range));
      assert.match(text, /MFA ✗/);
    });
  });

  describe('JWT: Scan Workspace', () => {
    it('fills the Problems panel for files that were never opened', async () => {
      const uri = vscode.Uri.joinPath(root(), 'editor-scan-only.txt');
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
      const summary = await vscode.commands.executeCommand<{ tokens: number; cancelled: boolean }>('jwtMfa.scanWorkspace', { silent: true });
      assert.ok(summary && summary.tokens >= 1 && !summary.cancelled);
      const diags = ours(uri);
      assert.deepEqual(
        diags.map((d) => codeOf(d)),
        ['expired'],
      );
      assert.equal(diags[0].range.start.line, 1);
      assert.equal(diags[0].range.start.character, 'expired token: '.length);
    });
  });
});

describe('editor: a 20 MB log stays responsive', function () {
  this.timeout(120_000);

  // How fast is the bench's to say (npm run bench:editor-harness, bench/editor.ts); here, what the
  // editor does: edits re-scan only the text around them, and diagnostics and hovers follow them.
  it('re-analyses only around each edit; diagnostics and hovers follow the edits', async () => {
    const api = await activated();
    const sample = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), 'editor-app.log'));
    const tokenLine = sample.lineAt(1).text;
    const filler = '2026-11-25T01:00:00.000Z INFO  request handled path=/v1/customers status=200 elapsed=12ms\n';
    const block = (filler.repeat(99) + tokenLine + '\n').repeat(1);
    const content = block.repeat(Math.ceil((20 * 1024 * 1024) / block.length));
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content });
    const editor = await vscode.window.showTextDocument(doc);
    // The whole analysis publishes every token at its end (its first publication is the visible part only).
    const first = await diagnosticsWhere('diagnostics in the 20 MB log', doc.uri, (d) => d.length > 1000);
    const perLine = first.filter((d) => d.range.start.line === 99).length;
    assert.ok(perLine > 0, 'the first token line has its findings');
    const col = tokenLine.indexOf('Bearer ey');
    const scannedBefore = api.diagnostics.charsScannedHere;

    // Type 40 characters in the middle of the document, in four bursts of ten, each on a token line
    // (before its "Bearer"): after each burst, the debounced re-analysis moves that line's findings.
    const middleBlock = Math.floor(doc.lineCount / 200);
    const lines = [0, 1, 2, 3].map((k) => (middleBlock + k) * 100 + 99);
    for (const line of lines) {
      assert.equal(editor.document.lineAt(line).text, tokenLine);
      for (let i = 0; i < 10; i++) assert.ok(await editor.edit((b) => b.insert(new vscode.Position(line, col), 'x')));
      await diagnosticsWhere(`the findings of line ${line} moved 10 characters`, doc.uri, (d) => d.filter((x) => x.range.start.line === line && x.range.start.character === col + 'Bearer '.length + 10).length === perLine);
    }
    const now = await diagnosticsWhere('every finding still reported', doc.uri, (d) => d.length === first.length);
    for (const line of lines) {
      assert.deepEqual(
        now.filter((d) => d.range.start.line === line).map((d) => d.range.start.character),
        Array(perLine).fill(col + 'Bearer '.length + 10),
        `line ${line}`,
      );
    }
    // The work: the stretches around the edits were scanned again, not the 20 MB (a whole analysis scans it all).
    const scanned = api.diagnostics.charsScannedHere - scannedBefore;
    assert.ok(scanned < 64 * 1024, `${scanned} characters scanned for 40 keypresses in a ${content.length}-character document`);

    // A hover answers with the token under the pointer, at its new place.
    const last = lines[3];
    const tokenRange = now.find((d) => d.range.start.line === last)!.range;
    const { text, range } = await hoverAt(editor.document, new vscode.Position(last, tokenRange.start.character + 20));
    assert.match(text, /expired \d+ years ago/);
    assert.deepEqual(range, tokenRange);

    // The edited analysis equals a whole analysis of the new text.
    const kept = api.diagnostics.currentTokensOf(editor.document);
    assert.ok(kept, 'the analysis is of the current text');
    const summary = (ts: readonly { start: number; end: number; findings: readonly { code: string }[] }[]) => ts.map((t) => `${t.start}-${t.end} ${t.findings.map((f) => f.code).join(',')}`);
    const incremental = summary(kept);
    assert.deepEqual(incremental, summary(api.diagnostics.analyze(editor.document)));
    console.log(`[it] 20 MB log: ${first.length} diagnostics; ${scanned} characters re-scanned for 40 keypresses`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('editor: findings past the Problems cap (issue 16)', function () {
  this.timeout(120_000);
  // Run alone (--grep), no earlier suite has activated the extension: its exports need it.
  before(() => vscode.extensions.getExtension(EXTENSION_ID)!.activate());

  it('the status bar says how many findings the file has and how many Problems leaves out, and follows edits', async () => {
    const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
    const sample = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), 'editor-app.log'));
    const tokenLine = sample.lineAt(1).text;
    const filler = '2026-11-25T01:00:00.000Z INFO  request handled path=/v1/customers status=200 elapsed=12ms\n';
    const tokens = 2600;
    const content = filler + (filler.repeat(9) + tokenLine + '\n').repeat(tokens);
    const doc = await vscode.workspace.openTextDocument({ language: 'log', content });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0); // on filler: the item speaks of the file
    // Every token line carries the same findings: the whole file's count is tokens x that.
    const perToken = await until('the first token line analysed', () => ours(doc.uri).filter((d) => d.range.start.line === 10).length, (n) => n > 0);
    const total = tokens * perToken;
    const said = (n: number) => `$(warning) JWT: ${n.toLocaleString('en-US')} findings, ${(n - 1000).toLocaleString('en-US')} not in Problems`;
    await until('the status bar text', () => api.statusBar().text, (t) => t === said(total));
    assert.equal(ours(doc.uri).length, total, 'every finding is a diagnostic; VS Code shows 1,000 of them');

    // Two more token lines at the top: the incremental analysis counts them.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), `${tokenLine}\n${tokenLine}\n`)));
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    await until('the count after the edit', () => api.statusBar().text, (t) => t === said(total + 2 * perToken));
    assert.equal(ours(doc.uri).length, total + 2 * perToken);
    // The ranges moved with the text: the first token line of the generated part is now line 12.
    assert.equal(ours(doc.uri).filter((d) => d.range.start.line === 12).length, perToken);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('editor: a HAR past 256 KB, or edited, has its entries read in a worker thread (issue 16)', function () {
  this.timeout(120_000);
  /** HAR texts parsed on the extension host's main thread so far (the worker's parses are its own). */
  const parsesHere = () => vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports.diagnostics.harParsesHere;
  const sent = (d: vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'mfa-missing' && x.relatedInformation?.[0]?.message.includes('api.partnercenter.microsoft.com'));
  before(() => vscode.extensions.getExtension(EXTENSION_ID)!.activate());

  it('a small HAR is read in place when opened, and never on the host\'s main thread after an edit', async () => {
    // Read from disk, not opened: an opened sample would be analysed (and its HAR read) too.
    const sample = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root(), 'editor-capture.har')));
    const before = parsesHere();
    // A file of its own (an untitled document may come back as an earlier test's Untitled-1), a HAR by its content.
    const file = vscode.Uri.joinPath(root(), 'editor-small-capture.json');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(sample));
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const first = await until('the entry\'s token tied to its request', () => sent(ours(doc.uri)), (d) => d.length > 0);
    const requestLine = first[0].relatedInformation![0].location.range.start.line;
    assert.equal(parsesHere(), before + 1, 'read once, in place, when opened');
    // Edits: two lines at the top, then a character in the request's URL; each read again in a worker.
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '\n\n')));
    await until('the token tied to its request two lines down', () => sent(ours(doc.uri)), (d) => d.length === first.length && d[0].relatedInformation![0].location.range.start.line === requestLine + 2);
    const url = doc.getText().indexOf('api.partnercenter.microsoft.com') + 'api'.length;
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(url), 'x')));
    await until('the request read again: no longer Partner Center', () => sent(ours(doc.uri)), (d) => d.length === 0);
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(url), doc.positionAt(url + 1)))));
    await until('Partner Center again', () => sent(ours(doc.uri)), (d) => d.length === first.length);
    assert.equal(parsesHere(), before + 1, 'no parse of the HAR on the host\'s main thread after the edits');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.workspace.fs.delete(file);
  });

  it('ties every entry\'s token to its request, and again after an edit', async () => {
    const before = parsesHere();
    const sample = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root(), 'editor-capture.har'))));
    const entry = sample.log.entries[0];
    const entries = Array.from({ length: 300 }, (_, i) => ({ ...entry, request: { ...entry.request, url: `${entry.request.url}?page=${i}` }, response: { status: 200, statusText: 'OK', headers: [], content: { size: 1000, mimeType: 'text/plain', text: 'x'.repeat(1000) } } }));
    const content = JSON.stringify({ log: { version: '1.2', creator: { name: 'bench', version: '1' }, entries } }, null, 2);
    assert.ok(content.length > 256 * 1024, 'past the size read in place');
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    const editor = await vscode.window.showTextDocument(doc);
    const first = await until('every entry\'s token tied to its request', () => sent(ours(doc.uri)), (d) => d.length === 300);
    // The last entry's token points at the last entry's request line (its opening brace's line).
    const last = first[first.length - 1];
    assert.ok(last.relatedInformation![0].location.range.start.line < last.range.start.line);
    assert.ok(doc.lineAt(last.relatedInformation![0].location.range.start.line).text.trim().startsWith('{'));
    // Two lines more at the top of the first entry's padding: the entries are read again, and move.
    const pad = doc.getText().indexOf('"xxxx');
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(pad + 1), 'y')));
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '\n\n')));
    await until('the tokens tied again after the edits', () => sent(ours(doc.uri)), (d) => d.length === 300 && d[299].relatedInformation![0].location.range.start.line === last.relatedInformation![0].location.range.start.line + 2);
    assert.equal(parsesHere(), before, 'never parsed on the host\'s main thread, opened or edited');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
