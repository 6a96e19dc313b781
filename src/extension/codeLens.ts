// CodeLens in .http/.rest files and in the ```http / ```rest fences of Markdown documents: above each
// request that carries a bearer token, the token summed up (`MFA ✓ · aud ✓ · expires in 40 min`) with
// Inspect and Replay & diagnose; above each request with a saved response (.http/.rest only),
// Diagnose response. Built from the diagnostics owner's analysis (tokens and the requests that send
// them). In Markdown only fenced requests get lenses (not curl lines): a fence is a request file of its own.
import { hostL10n } from './hostL10n';
import * as vscode from 'vscode';
import { listExchanges } from '../core/http/exchange';
import { httpFences, isFencedLine } from '../core/http/fences';
import { SECTION, KEYS } from '../core/settings';
import { isCommandRegistered } from './available';
import { Commands } from './commands';
import { getSettings } from './config';
import type { DiagnosticsOwner } from './diagnostics';
import { Disposable, toDisposable } from './lifecycle';
import { environmentCodeLenses } from './environments';
import { kindOfDocument } from './locate';
import { mintedCodeLenses, mintedRequestsOf } from './minted';
import { codeLensTitle } from './render/verdicts';

/** Relative times in the titles ("expires in 40 min") are refreshed this often. */
const REFRESH_MS = 60_000;
/** Request files up to this size are analysed on demand when their analysis is stale. */
const ANALYSE_MAX_CHARS = 1024 * 1024;

export const HTTP_FILES: vscode.DocumentFilter[] = [{ pattern: '**/*.{http,rest}' }, { language: 'http' }];
/** Markdown documents, for their ```http / ```rest fences (`kindOfDocument` decides, as for every face). */
export const MARKDOWN_FILES: vscode.DocumentFilter[] = [{ pattern: '**/*.{md,markdown}' }, { language: 'markdown' }];

/** Documents with lenses: request files, and Markdown for its fences. */
function hasLenses(doc: vscode.TextDocument): boolean {
  const kind = kindOfDocument(doc);
  return kind === 'http' || kind === 'markdown';
}

export class CodeLensOwner extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly diagnostics: DiagnosticsOwner, private readonly now: () => number = Date.now) {
    super();
    this._register(vscode.languages.registerCodeLensProvider([...HTTP_FILES, ...MARKDOWN_FILES], this));
    this._register(
      diagnostics.onDidAnalyze((uri) => {
        if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && hasLenses(d))) {
          this.changed.fire();
        }
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${KEYS.codeLensEnabled}`)) this.changed.fire();
      }),
    );
    const timer = setInterval(() => {
      if (vscode.window.visibleTextEditors.some((e) => hasLenses(e.document))) this.changed.fire();
    }, REFRESH_MS);
    this._register(toDisposable(() => clearInterval(timer)));
  }

  /** Stops, answering nothing, as soon as `cancel` fires (checked before the analysis and after each await). */
  async provideCodeLenses(doc: vscode.TextDocument, cancel?: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (cancel?.isCancellationRequested) return [];
    const kind = kindOfDocument(doc);
    if (kind !== 'http' && kind !== 'markdown') return [];
    const settings = getSettings(doc.uri);
    if (!settings.codeLensEnabled) return [];
    // A large request file is not re-analysed here while it is being edited: its lenses come back
    // when the diagnostics owner's debounced analysis fires onDidAnalyze.
    const size = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    const analysed = size <= ANALYSE_MAX_CHARS ? this.diagnostics.tokensOf(doc) : (this.diagnostics.currentTokensOf(doc) ?? []);
    // In Markdown, only the requests of ```http / ```rest fences (the analysis also attributes tokens to curl lines).
    const fences = kind === 'markdown' && analysed.some((t) => t.requests.length) ? httpFences(doc.getText()) : [];
    const tokens = kind === 'markdown' ? analysed.filter((t) => t.requests.length).map((t) => ({ ...t, requests: t.requests.filter((r) => isFencedLine(fences, r.line)) })) : analysed;
    // Requests with a saved response below them (REST Client's "Save response"): diagnose it, nothing sent.
    const saved = kind === 'http' && size <= ANALYSE_MAX_CHARS ? listExchanges(doc.getText(), doc.fileName).filter((x) => x.response && x.line < doc.lineCount) : [];
    const envTokens = this.diagnostics.environmentTokensOf(doc);
    // Requests whose token is made when they are sent ({{$aadToken}}, httpyac OAuth2, request variables): 13.8.
    const minted = size <= ANALYSE_MAX_CHARS ? mintedRequestsOf(doc) : [];
    if (!tokens.some((t) => t.requests.length) && !saved.length && !envTokens.length && !minted.length) return [];
    const [inspector, replay, diagnoseSaved] = await Promise.all([
      isCommandRegistered(Commands.openInspector),
      isCommandRegistered(Commands.replayRequest),
      isCommandRegistered(Commands.diagnoseResponse),
    ]);
    if (cancel?.isCancellationRequested) return [];
    const now = this.now();
    const uri = doc.uri.toString();
    const lenses: vscode.CodeLens[] = [];
    if (diagnoseSaved) {
      for (const x of saved) {
        lenses.push(new vscode.CodeLens(doc.lineAt(x.line).range, { title: vscode.l10n.t('Diagnose response'), command: Commands.diagnoseResponse, arguments: [{ uri, line: x.line }] }));
      }
    }
    const seenLines = new Set<number>();
    for (const t of tokens) {
      for (const request of t.requests) {
        if (seenLines.has(request.line) || request.line >= doc.lineCount) continue;
        seenLines.add(request.line);
        const range = doc.lineAt(request.line).range;
        const target = { uri, start: t.start, end: t.end };
        const title = codeLensTitle(t.decoded, settings, now, hostL10n(), request);
        // The summary is plain text unless the inspector can open on click.
        lenses.push(new vscode.CodeLens(range, { title, command: inspector ? Commands.openInspector : '', arguments: inspector ? [target] : undefined }));
        if (inspector) {
          lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Inspect'), command: Commands.openInspector, arguments: [target] }));
        }
        if (replay) {
          lenses.push(
            new vscode.CodeLens(range, { title: vscode.l10n.t('Replay & diagnose'), command: Commands.replayRequest, arguments: [{ ...target, line: request.line }] }),
          );
        }
      }
    }
    // Tokens from the file's environments (13.7): one summary per environment value judged, naming it.
    lenses.push(...environmentCodeLenses(doc, envTokens, settings, now, { inspector, replay }));
    const envLines = new Set(lenses.filter((l) => l.command?.command !== Commands.diagnoseResponse).map((l) => l.range.start.line));
    lenses.push(...(await mintedCodeLenses(doc, minted, new Set([...seenLines, ...envLines]))));
    if (cancel?.isCancellationRequested) return [];
    // Stable: on one line, the token's summary and actions first, "Diagnose response" last.
    const last = (l: vscode.CodeLens) => (l.command?.command === Commands.diagnoseResponse ? 1 : 0);
    return lenses.sort((a, b) => a.range.start.line - b.range.start.line || last(a) - last(b));
  }
}
