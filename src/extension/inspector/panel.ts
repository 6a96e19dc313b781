// The one owner of the inspector webview panel: creates or reveals it, revives it after a reload,
// follows the token under the cursor unless pinned, verifies signatures on request, copies JSON.
// The webview gets only view models (see protocol.ts); the token itself stays in this object's memory.
import * as vscode from 'vscode';
import { checkForRequests, contextFor } from '../../core/analyze';
import { toLocale } from '../../core/catalog/findings';
import { renderVerify } from '../../core/catalog/verify';
import { decode } from '../../core/decode';
import { redact } from '../../core/redact';
import type { DecodedToken, RequestRef } from '../../core/types';
import { trustFromSettings, type TrustSettings, type VerifyResult } from '../../core/verify';
import { isFromWebview, WEBVIEW_VIEW_TYPE, type CompareModel, type DiagnosisView, type FromWebview, type PersistedState, type SourceRef, type ToWebview, type ViewModel } from '../../webview/protocol';
import { SAMPLE_SCHEME } from '../walkthrough';
import { getSettings } from '../config';
import type { DiagnosticsOwner } from '../diagnostics';
import { Disposable, toDisposable } from '../lifecycle';
import { inspectorHtml } from './html';
import { labels } from './labels';
import { textOf, tokenAtPosition, tokenAtRange } from './locate';
import { buildViewModel, jsonForCopy } from './viewModel';

export interface InspectorDeps {
  extensionUri: vscode.Uri;
  diagnostics: DiagnosticsOwner;
  /** Checks a token's signature against the keys `trust` allows (never throws: a failure is a result). */
  verify: (raw: string, trust: TrustSettings) => Promise<VerifyResult>;
  now?: () => number;
}

/** What to show: a token in a document (restorable), or a pasted one (memory only). */
export type InspectTarget = { kind: 'source'; source: SourceRef } | { kind: 'raw'; raw: string };

interface Current {
  raw: string;
  decoded: DecodedToken;
  source?: SourceRef;
  requests: RequestRef[];
  signature?: VerifyResult | 'busy';
}

const FOLLOW_DEBOUNCE_MS = 150;

export class InspectorPanel extends Disposable {
  static current: InspectorPanel | undefined;

  private ready = false;
  private pinned = false;
  private token: Current | undefined;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever the token changes, so a late verification result is dropped. */
  private generation = 0;
  /**
   * What the panel shows: the last token, comparison or paste prompt posted (held until the webview is
   * ready). Tests read it through the extension API.
   */
  lastMessage: Extract<ToWebview, { type: 'show' | 'showCompare' | 'askToken' }> | undefined;
  /** What the webview reported after its last render (text without the token segments). */
  lastRendered: { view: string; text: string; active: number } | undefined;
  get isReady(): boolean {
    return this.ready;
  }
  /** The 401 diagnosis shown with the current token, if the replay feature posted one. */
  diagnosis: DiagnosisView | undefined;

  /** What is shown, derived from the state: a token, a comparison, or the paste prompt. */
  private get mode(): 'token' | 'compare' | 'ask' {
    if (this.token) return 'token';
    return this.lastMessage?.type === 'showCompare' ? 'compare' : 'ask';
  }

  static createOrShow(deps: InspectorDeps, target?: InspectTarget): InspectorPanel {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    let p = InspectorPanel.current;
    if (p) p.panel.reveal(column, true);
    else {
      const panel = vscode.window.createWebviewPanel(WEBVIEW_VIEW_TYPE, vscode.l10n.t('JWT Inspector'), { viewColumn: column, preserveFocus: true }, InspectorPanel.options(deps.extensionUri));
      p = new InspectorPanel(panel, deps);
    }
    if (target) void p.show(target);
    else if (!p.token) p.ask(vscode.l10n.t('Paste a token to inspect it.'));
    return p;
  }

  /** Restores a panel after a window reload: the saved state holds the token's place, never the token. */
  static async revive(panel: vscode.WebviewPanel, deps: InspectorDeps, state: unknown): Promise<void> {
    InspectorPanel.current?.dispose();
    const p = new InspectorPanel(panel, deps);
    const s = (state && typeof state === 'object' ? state : {}) as PersistedState;
    p.pinned = s.pinned === true;
    const src = s.source;
    if (src && typeof src.uri === 'string' && Number.isInteger(src.start) && Number.isInteger(src.end)) await p.show({ kind: 'source', source: src });
    else p.ask(vscode.l10n.t('The inspected token was pasted, so it was not saved. Paste it again to inspect it.'));
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: InspectorDeps,
  ) {
    super();
    InspectorPanel.current = this;
    // Options again: a revived panel keeps old ones from the serializer.
    panel.webview.options = InspectorPanel.options(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'inspector.svg');
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this._register(vscode.window.onDidChangeTextEditorSelection((e) => this.scheduleFollow(e.textEditor)));
    this._register(vscode.window.onDidChangeActiveTextEditor((e) => e && this.scheduleFollow(e)));
    this._register(toDisposable(() => clearTimeout(this.followTimer)));
    panel.webview.html = this.html();
  }

  override dispose(): void {
    if (InspectorPanel.current === this) InspectorPanel.current = undefined;
    this.token = undefined;
    super.dispose();
    this.panel.dispose();
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  private html(): string {
    const w = this.panel.webview;
    // Web Crypto: the same on desktop and in the browser build.
    const nonce = btoa(String.fromCharCode(...globalThis.crypto.getRandomValues(new Uint8Array(18))));
    return inspectorHtml({
      cspSource: w.cspSource,
      nonce,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'inspector.css')).toString(),
      lang: vscode.env.language,
      title: vscode.l10n.t('JWT Inspector'),
    });
  }

  /**
   * The ready gate: every message to the webview goes through here. Before the webview says
   * "ready", nothing is sent; "ready" then sends the state (the view and the diagnosis), so a
   * message that only reports an event ("copied") is simply not needed any more.
   */
  private send(m: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  /** Shows a view (token, comparison, paste prompt): kept as state, sent through the gate. */
  private post(m: NonNullable<InspectorPanel['lastMessage']>): void {
    this.lastMessage = m;
    this.send(m);
  }

  /** Everything the webview shows, for a webview that has just become ready. */
  private sendState(): void {
    if (this.lastMessage) this.send(this.lastMessage);
    if (this.diagnosis) this.send({ type: 'showDiagnosis', diagnosis: this.diagnosis });
  }

  /** The last view model posted, for tests and the status line. */
  get lastModel(): ViewModel | undefined {
    return this.lastMessage?.type === 'show' ? this.lastMessage.model : undefined;
  }

  private onMessage(m: unknown): void {
    if (!isFromWebview(m)) return;
    const msg: FromWebview = m;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.sendState();
        break;
      case 'verify':
        void this.verify();
        break;
      case 'copy':
        void this.copy(msg.part);
        break;
      case 'copyCorrelation':
        void this.copyCorrelation();
        break;
      case 'togglePin':
        this.pinned = !this.pinned;
        this.render();
        break;
      case 'rendered':
        this.lastRendered = { view: msg.view, text: msg.text, active: msg.active };
        break;
      case 'pasteToken':
        void vscode.commands.executeCommand('jwtMfa.openInspector', { paste: true });
        break;
    }
  }

  ask(message: string): void {
    this.token = undefined;
    this.post({ type: 'askToken', labels: labels(), message });
  }

  async show(target: InspectTarget): Promise<void> {
    if (target.kind === 'raw') {
      this.setToken({ raw: target.raw, decoded: decode(target.raw), requests: [] });
      return;
    }
    const src = target.source;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(src.uri));
    } catch {
      this.ask(vscode.l10n.t('The document of the inspected token could not be opened. Paste the token to inspect it.'));
      return;
    }
    const found = this.tokenIn(doc, src.start, src.end);
    if (!found) {
      this.ask(vscode.l10n.t('No token is at that place in {0} any more. Paste a token to inspect it.', vscode.workspace.asRelativePath(doc.uri)));
      return;
    }
    this.setToken(found);
  }

  /** The token at [start, end) of a document, or the one around `start` if the text moved. */
  private tokenIn(doc: vscode.TextDocument, start: number, end: number): Current | undefined {
    const range = tokenAtRange(doc, start, end);
    if (!range) return undefined;
    const raw = textOf(doc, range);
    const analyzed = this.deps.diagnostics.tokensOf(doc).find((t) => t.start === range.start && t.end === range.end);
    return {
      raw,
      decoded: analyzed?.decoded ?? decode(raw),
      requests: analyzed?.requests ?? [],
      source: { uri: doc.uri.toString(), start: range.start, end: range.end },
    };
  }

  private setToken(t: Current): void {
    // What is shown now was chosen now: a follow scheduled before must not replace it later.
    clearTimeout(this.followTimer);
    const same = this.token && this.token.raw === t.raw && this.token.source?.uri === t.source?.uri && this.token.source?.start === t.source?.start;
    if (same) {
      this.render();
      return;
    }
    this.generation++;
    this.token = t;
    if (this.diagnosis) {
      this.diagnosis = undefined;
      this.send({ type: 'clearDiagnosis' });
    }
    this.render();
  }

  private sourceLabel(src: SourceRef): string {
    try {
      const uri = vscode.Uri.parse(src.uri);
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === src.uri);
      const line = doc ? doc.positionAt(src.start).line + 1 : undefined;
      // The walkthrough's sample and a file we ship (its recorded 401) by their own names, not
      // "/sample-token.http" or an internal path (they are in no workspace folder).
      const bundled = uri.scheme === SAMPLE_SCHEME || uri.toString().startsWith(`${this.deps.extensionUri.toString()}/`);
      const name = bundled ? uri.path.replace(/^.*\//, '') : vscode.workspace.asRelativePath(uri);
      return `${name}${line ? `:${line}` : ''}`;
    } catch {
      return src.uri;
    }
  }

  private render(): void {
    const t = this.token;
    if (!t) return;
    const settings = getSettings(t.source ? vscode.Uri.parse(t.source.uri) : undefined);
    const now = (this.deps.now ?? Date.now)();
    const ctx = contextFor(settings, now);
    const locale = toLocale(vscode.env.language);
    const sig = t.signature;
    const sigCtx = sig && sig !== 'busy' && sig.state !== 'not-checked' ? { ...ctx, signature: sig.state, signatureError: renderVerify(sig, locale).message } : ctx;
    const findings = checkForRequests(t.decoded, sigCtx, t.requests);
    const model = buildViewModel({
      raw: t.raw,
      decoded: t.decoded,
      findings,
      ctx,
      requests: t.requests,
      locale,
      labels: labels(),
      trust: trustFromSettings(settings),
      signature: sig,
      source: t.source ? { ...t.source, label: this.sourceLabel(t.source) } : undefined,
      pinned: this.pinned,
    });
    this.panel.title = t.source ? vscode.l10n.t('JWT: {0}', this.sourceLabel(t.source)) : vscode.l10n.t('JWT Inspector');
    this.post({ type: 'show', model });
  }

  showCompare(model: CompareModel): void {
    clearTimeout(this.followTimer);
    this.token = undefined;
    this.generation++;
    this.panel.title = model.labels.compareTitle;
    this.post({ type: 'showCompare', model });
  }

  /** For the replay feature: shows a 401 diagnosis above the token. */
  showDiagnosis(diagnosis: DiagnosisView): void {
    this.diagnosis = diagnosis;
    this.send({ type: 'showDiagnosis', diagnosis });
  }

  clearDiagnosis(): void {
    if (!this.diagnosis) return;
    this.diagnosis = undefined;
    if (this.ready) void this.panel.webview.postMessage({ type: 'clearDiagnosis' } satisfies ToWebview);
  }

  /** Shows `target`'s token, then the diagnosis above it (showing a new token clears an old diagnosis). */
  async showWithDiagnosis(target: InspectTarget | undefined, diagnosis: DiagnosisView): Promise<void> {
    if (target) await this.show(target);
    this.showDiagnosis(diagnosis);
  }

  private async copyCorrelation(): Promise<void> {
    const ids = this.diagnosis?.correlation ?? [];
    if (!ids.length) return;
    await vscode.env.clipboard.writeText(ids.map((c) => `${c.name}: ${c.value}`).join('\n'));
    this.send({ type: 'copied' });
  }

  async verify(): Promise<VerifyResult | undefined> {
    const t = this.token;
    if (!t || t.signature === 'busy') return undefined;
    const gen = this.generation;
    t.signature = 'busy';
    this.render();
    const settings = getSettings(t.source ? vscode.Uri.parse(t.source.uri) : undefined);
    const result = await this.deps.verify(t.raw, trustFromSettings(settings));
    if (gen !== this.generation || this.token !== t) return result;
    t.signature = result;
    this.render();
    return result;
  }

  private async copy(part: 'header' | 'payload'): Promise<void> {
    const t = this.token;
    if (!t) return;
    const text = jsonForCopy(part === 'header' ? t.decoded.header : t.decoded.claims);
    if (!text) return;
    await vscode.env.clipboard.writeText(text);
    this.send({ type: 'copied' });
  }

  private scheduleFollow(editor: vscode.TextEditor): void {
    if (this.pinned || this.mode === 'compare' || !this.panel.visible) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => this.follow(editor), FOLLOW_DEBOUNCE_MS);
  }

  private follow(editor: vscode.TextEditor): void {
    if (this.pinned || this.mode === 'compare' || editor.document.isClosed) return;
    const doc = editor.document;
    if (doc.uri.scheme === 'output') return;
    const t = tokenAtPosition(doc, editor.selection.active);
    if (!t) return;
    const src = this.token?.source;
    if (src && src.uri === doc.uri.toString() && src.start === t.start && src.end === t.end) return;
    const found = this.tokenIn(doc, t.start, t.end);
    if (found) this.setToken(found);
  }

  /** A short, safe description of the current token (for logs and tests): never the token. */
  describe(): string | undefined {
    return this.token ? redact(this.token.raw) : undefined;
  }
}
