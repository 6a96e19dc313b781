// VS Code in Japanese (issue 8, "Done when"): the runner's third pass starts VS Code with `--locale ja`
// (JWT_MFA_IT_LOCALE=ja) and runs only these tests. The workbench itself stays English (no language pack
// offline); the extension's hover, diagnostics, inspector and 401 diagnosis must read in Japanese.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cardWord } from '../../../src/core/catalog/inspector';
import { renderFinding } from '../../../src/core/catalog/findings';
import { useJapanese } from '../../../src/core/catalog/japanese';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ReplayOutcome } from '../../../src/extension/replay/replay';
import { until } from '../util';

const EXTENSION_ID = 'jwt-mfa.jwt-mfa-inspector';
const SOURCE = 'JWT MFA Inspector';
/** Hiragana, katakana or kanji. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

if (process.env.JWT_MFA_IT_LOCALE === 'ja') {
  describe('[ja] Japanese locale: the extension reads in Japanese', function () {
    this.timeout(60_000);
    let ext: vscode.Extension<ExtensionApi>;
    let api: ExtensionApi;
    /** l10n/bundle.l10n.ja.json as shipped: the Japanese of each vscode.l10n.t string. */
    let JA: Record<string, string>;
    let doc: vscode.TextDocument;
    let tokenAt: number;

    before(async () => {
      ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!;
      api = await ext.activate();
      JA = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'l10n', 'bundle.l10n.ja.json'))));
      // The expected texts come from this suite's own copy of core, which needs the catalogs' Japanese
      // words as the extension loads them: l10n/catalog.ja.json as shipped.
      useJapanese(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, 'l10n', 'catalog.ja.json')))));
      doc = (await vscode.commands.executeCommand('jwtMfa.walkthrough.openSample')) as vscode.TextDocument;
      tokenAt = doc.getText().indexOf('eyJ');
    });

    it('runs in a VS Code whose display language is Japanese', async () => {
      assert.equal(vscode.env.language, 'ja');
      // The host read package.nls.ja.json: contributed titles are Japanese.
      // (a localized title arrives as { value, original })
      const text = (x: unknown) => (typeof x === 'string' ? x : (x as { value?: string })?.value);
      const cmd = (ext.packageJSON.contributes.commands as Array<{ command: string; title: unknown }>).find((c) => c.command === 'jwtMfa.diagnoseResponse');
      assert.equal(text(cmd?.title), '応答を診断');
      assert.equal(text(ext.packageJSON.contributes.walkthroughs[0].title), 'Partner Center の MFA 401 を解決する');
      // The walkthrough's step texts are the Japanese ones, and they ship.
      for (const step of ext.packageJSON.contributes.walkthroughs[0].steps as Array<{ media: { markdown: string } }>) {
        assert.match(step.media.markdown, /^media\/walkthrough\/ja\/[\w-]+\.md$/);
        const md = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, step.media.markdown)));
        assert.match(md, JAPANESE);
      }
    });

    it('hover: the frame and the verdicts in Japanese', async () => {
      const hovers = await until('our hover', async () => {
        const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(tokenAt + 20))) ?? [];
        const text = h.flatMap((x) => x.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))).join('\n');
        return text.includes('mfa-missing') ? text : undefined;
      });
      assert.ok(hovers.includes(`**${JA['Audience']}:**`), hovers.slice(0, 600));
      assert.ok(hovers.includes(`**${JA['Issuer']}:**`), hovers.slice(0, 600));
      assert.ok(!hovers.includes('**Audience:**'), 'no English frame');
      assert.match(hovers, JAPANESE);
    });

    it('diagnostics: the Problems messages are the Japanese catalog text', async () => {
      const diags = await until('mfa-missing', () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === SOURCE && codeOf(x) === 'mfa-missing');
        return d.length ? d : undefined;
      });
      const analysed = api.diagnostics.tokensOf(doc).flatMap((t) => t.findings).find((f) => f.code === 'mfa-missing');
      assert.ok(analysed);
      assert.equal(diags[0].message, renderFinding(analysed, 'ja').message);
      assert.notEqual(diags[0].message, renderFinding(analysed, 'en').message);
      assert.match(diags[0].message, JAPANESE);
    });

    it('inspector: cards, labels and the rendered page in Japanese', async () => {
      await vscode.commands.executeCommand('jwtMfa.walkthrough.inspectSample');
      const model = await until('the inspector model', () => (api.inspector.isOpen() ? api.inspector.lastModel() : undefined));
      const mfa = model.cards.find((c) => c.id === 'mfa');
      assert.equal(mfa?.value, cardWord('mfaNotCompliant', 'ja'));
      const r = await until('the webview to render Japanese', () => {
        const x = api.inspector.lastRendered();
        return x && x.text.includes(cardWord('mfaNotCompliant', 'ja')) && x.text.includes(JA['Claims']) ? x : undefined;
      });
      assert.ok(!r.text.includes('Not compliant'), 'no English card value');
      const f = api.diagnostics.tokensOf(doc).flatMap((t) => t.findings).find((x) => x.code === 'mfa-missing')!;
      assert.ok(r.text.includes(renderFinding(f, 'ja').remedy), 'the remedy in Japanese');
    });

    it('401 diagnosis: the view, the rendered page and the output channel in Japanese', async () => {
      const o = (await vscode.commands.executeCommand('jwtMfa.diagnoseResponse', { uri: 'media/walkthrough/recorded-401.har' })) as ReplayOutcome;
      assert.equal(o?.kind, 'diagnosed', JSON.stringify(o).slice(0, 300));
      const d = o as Extract<ReplayOutcome, { kind: 'diagnosed' }>;
      assert.equal(d.causes[0], 'mfa-missing');
      assert.equal(d.view.title, '401 Unauthorized の診断');
      assert.match(d.view.source ?? '', /^recorded-401\.har、エントリ 1（行 \d+）$/, 'the sample by its own name, not a path');
      assert.match(JSON.stringify(d.view), /MFA なし/);
      const r = await until('the diagnosis rendered in Japanese', () => {
        const x = api.inspector.lastRendered();
        return x && x.text.includes('401 Unauthorized の診断') && x.text.includes('MFA なし') ? x : undefined;
      });
      assert.match(r.text, JAPANESE);
      // The output channel: the heading from the l10n bundle, the diagnosis text from core's ja catalog.
      const out = api.replay.output.lines().join('\n');
      assert.ok(out.includes(JA['Diagnosed the recorded response {0} (nothing sent)'].split('{0}')[0]), out.slice(-800));
      assert.ok(/原因/.test(out) && /対処/.test(out), out.slice(-800));
      api.inspector.close();
    });
  });
}
