// The status bar item: the verdict of the token under the cursor (`$(shield) MFA ✓ aud ✓`), hidden
// when the cursor is on no token. A click opens the inspector on it (or shows the hover until the
// inspector exists).
import { hostL10n } from './hostL10n';
import * as vscode from 'vscode';
import { checkForRequests, contextFor } from '../core/analyze';
import { isCommandRegistered } from './available';
import { Commands } from './commands';
import { affectsUs, getSettings } from './config';
import { isAnalysable, isExcluded, PROBLEMS_CAP, type DiagnosticsOwner } from './diagnostics';
import { requestsAt } from './hover';
import { Disposable, toDisposable } from './lifecycle';
import { targetOf, tokenAtPosition } from './locate';
import { statusBarText, statusBarTone, statusBarTooltip } from './render/verdicts';

/** Cursor moves while typing are coalesced; the lookup itself reads one line. */
const DEBOUNCE_MS = 75;

/** Context key: the cursor is on a token the extension analyses (package.json `when` clauses). */
export const TOKEN_AT_CURSOR = 'jwtMfa.tokenAtCursor';

export class StatusBarOwner extends Disposable {
  readonly item: vscode.StatusBarItem;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped per update, so a slower earlier update never overwrites a later one. */
  private seq = 0;
  private onToken: boolean | undefined;

  constructor(private readonly diagnostics: DiagnosticsOwner, private readonly now: () => number = Date.now) {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('jwtMfa.verdict', vscode.StatusBarAlignment.Right, 100));
    this.item.name = vscode.l10n.t('JWT verdict');
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule()));
    this._register(vscode.window.onDidChangeTextEditorSelection(() => this.schedule()));
    this._register(diagnostics.onDidAnalyze(() => this.schedule()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsUs(e) && this.schedule()));
    this._register(toDisposable(() => clearTimeout(this.timer)));
    void this.update();
  }

  /** What the item shows now: its text when visible, and its background colour's id. */
  shown(): { text: string | undefined; background: string | undefined } {
    return { text: this.visible ? this.item.text : undefined, background: (this.item.backgroundColor as vscode.ThemeColor | undefined)?.id };
  }

  private visible = false;

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), DEBOUNCE_MS);
  }

  async update(): Promise<void> {
    const seq = ++this.seq;
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    const found = editor && doc && isAnalysable(doc) ? tokenAtPosition(doc, editor.selection.active) : undefined;
    const settings = found ? getSettings(found.doc.uri) : undefined;
    const onToken = !!found && !!settings && !isExcluded(found.doc, settings);
    if (onToken !== this.onToken) {
      this.onToken = onToken;
      // The editor context menu's "Inspect Token" and the copy commands show only on a token.
      void vscode.commands.executeCommand('setContext', TOKEN_AT_CURSOR, onToken);
    }
    if (!found || !settings || !onToken) {
      const all = doc ? this.diagnostics.findingsOf(doc.uri) : 0;
      const hidden = all - PROBLEMS_CAP;
      if (hidden <= 0) {
        this.#hide();
        return;
      }
      // Problems shows 1,000 per file: say how many more there are, and where the full list is.
      this.#show({
        text: `$(warning) ${vscode.l10n.t('JWT: {0} findings, {1} not in Problems', all.toLocaleString(), hidden.toLocaleString())}`,
        tooltip: vscode.l10n.t('VS Code shows at most 1,000 problems per file. JWT: Scan Workspace and jwt-mfa scan list them all.'),
        background: undefined,
        command: { command: Commands.scanWorkspace, title: vscode.l10n.t('Scan Workspace') },
      });
      return;
    }
    const now = this.now();
    const decoded = this.diagnostics.cache.get(found.raw);
    const request = requestsAt(this.diagnostics, found.doc, found.start)[0];
    const { text } = statusBarText(decoded, settings, now, hostL10n(), request);
    // The colour follows the findings' severity, as the Problems panel shows them.
    const tone = statusBarTone(checkForRequests(decoded, contextFor(settings, now), request ? [request] : []));
    const inspector = await isCommandRegistered(Commands.openInspector);
    if (seq !== this.seq) return;
    this.#show({
      text,
      tooltip: statusBarTooltip(decoded, settings, now, hostL10n(), request),
      background: tone === 'error' ? 'statusBarItem.errorBackground' : tone ? 'statusBarItem.warningBackground' : undefined,
      command: inspector
        ? { command: Commands.openInspector, title: vscode.l10n.t('Open in Inspector'), arguments: [targetOf(found)] }
        : { command: 'editor.action.showHover', title: vscode.l10n.t('Show the token summary') },
    });
  }

  /** What the item shows, as last set (each property set, or show/hide, is a message to the workbench). */
  #shown: { text: string; tooltip: string; background: string | undefined; command: string } | undefined;

  /**
   * Shows the item, setting only what changed: the cursor moves at every key typed, and re-setting the
   * same text would have the workbench lay its status bar out again each time.
   */
  #show(next: { text: string; tooltip: string; background: string | undefined; command: vscode.Command }): void {
    const command = JSON.stringify(next.command);
    const was = this.#shown;
    if (was?.text !== next.text) this.item.text = next.text;
    if (was?.tooltip !== next.tooltip) this.item.tooltip = next.tooltip;
    if (!was || was.background !== next.background) this.item.backgroundColor = next.background ? new vscode.ThemeColor(next.background) : undefined;
    if (was?.command !== command) this.item.command = next.command;
    this.#shown = { text: next.text, tooltip: next.tooltip, background: next.background, command };
    if (!this.visible) this.item.show();
    this.visible = true;
  }

  #hide(): void {
    if (this.visible) this.item.hide();
    this.visible = false;
  }
}
