// Where a diagnostic's code link lands: that code's section of docs/codes.md, rendered, in one tab of
// our own that every later click reuses (issue 14.6).
//
// The link (Diagnostic.code.target) is a URI of the app's own scheme (vscode://jwt-mfa.jwt-mfa-inspector/code?…)
// that our URI handler receives. Not a `command:` URI: the Problems panel runs those, but the hover's and
// the peek view's code links open their target without allowing commands, so they would do nothing. Not
// the file itself: VS Code opens a file URI as text at line 1 and ignores a `#anchor`.
import * as vscode from 'vscode';
import { codeSection, findingAnchor } from '../core/codesDoc';
import { text as escapeHtml, webviewPage } from './inspector/html';
import { Disposable, toDisposable } from './lifecycle';

export const CODE_DOC_VIEW_TYPE = 'jwtMfa.codeDoc';
const CODE_PATH = '/code';

/** What the code view shows, for tests. */
export interface CodeDocState {
  code: string;
  title: string;
  /** The Markdown of the section shown (undefined when codes.md has none for the code). */
  section: string | undefined;
}

export class CodeDocView extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: CodeDocState | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly extensionId: string) {
    super();
    this._register(
      vscode.window.registerUriHandler({
        handleUri: (uri) => {
          const code = this.codeOf(uri);
          if (code) void this.show(code);
        },
      }),
    );
    this._register(toDisposable(() => this.panel?.dispose()));
  }

  /** The code link of a finding: opens this view on the code's section. */
  target(code: string): vscode.Uri {
    return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: this.extensionId, path: CODE_PATH, query: code });
  }

  private codeOf(uri: vscode.Uri): string | undefined {
    if (uri.path !== CODE_PATH) return undefined;
    return /^[a-z][a-z0-9-]{0,40}$/.test(uri.query) ? uri.query : undefined;
  }

  state(): CodeDocState | undefined {
    return this.panel ? this.shown : undefined;
  }

  /** Shows the code's section in the one code tab (made on first use, revealed and refilled after). */
  async show(code: string): Promise<void> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'docs', 'codes.md'));
    const section = codeSection(new TextDecoder('utf-8').decode(bytes), findingAnchor(code));
    const title = vscode.l10n.t('JWT code: {0}', code);
    const markdown = section ?? vscode.l10n.t('The code {0} is not documented.', `\`${code}\``);
    let body: string;
    try {
      // The Markdown extension's renderer (built into VS Code): the same HTML as its preview.
      body = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    } catch {
      body = `<pre>${escapeHtml(markdown)}</pre>`;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(CODE_DOC_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: false,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'inspector.svg');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
      });
    } else this.panel.reveal(undefined, false);
    const w = this.panel.webview;
    this.panel.title = title;
    const style = w.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'codes.css')).toString();
    w.html = webviewPage({ lang: 'en', cspSource: w.cspSource, nonce: 'none', styleUri: style, title, body: `<main id="code-doc" data-code="${escapeHtml(code)}">${body}</main>` });
    this.shown = { code, title, section };
  }
}
