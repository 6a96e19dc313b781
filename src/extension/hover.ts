// The hover owner: a concise summary of the token under the cursor, in any document. It reads only
// the hovered line; request context comes from the diagnostics owner's analysis when it is current.
import { hostL10n } from './hostL10n';
import * as vscode from 'vscode';
import { checkForRequests, contextFor } from '../core/analyze';
import { toLocale } from '../core/catalog/findings';
import type { RequestRef } from '../core/types';
import { isCommandRegistered } from './available';
import { Commands } from './commands';
import { getSettings } from './config';
import { isAnalysable, isExcluded, type DiagnosticsOwner } from './diagnostics';
import { Disposable } from './lifecycle';
import { isRequestFile, targetOf, tokenAtPosition } from './locate';
import { renderHover } from './render/hover';
import { kindOfDocument } from './locate';
import { mintedHover } from './minted';

/** A request file up to this size may be analysed on hover when its analysis is stale. */
const ANALYSE_ON_HOVER_MAX_CHARS = 1024 * 1024;

export const ALL_DOCUMENTS: vscode.DocumentSelector = [{ scheme: '*' }, { scheme: 'untitled' }];

/** Requests that send the token starting at `start`, without forcing a big re-analysis. */
export function requestsAt(diagnostics: DiagnosticsOwner, doc: vscode.TextDocument, start: number): RequestRef[] {
  let tokens = diagnostics.currentTokensOf(doc);
  if (!tokens && isRequestFile(doc)) {
    const size = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    if (size <= ANALYSE_ON_HOVER_MAX_CHARS) tokens = diagnostics.tokensOf(doc);
  }
  return tokens?.find((t) => t.start === start)?.requests ?? [];
}

export class HoverOwner extends Disposable implements vscode.HoverProvider {
  constructor(private readonly diagnostics: DiagnosticsOwner, private readonly now: () => number = Date.now) {
    super();
    this._register(vscode.languages.registerHoverProvider(ALL_DOCUMENTS, this));
  }

  /** Stops, answering nothing, as soon as `cancel` fires (checked before the analysis and after each await). */
  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, cancel?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (cancel?.isCancellationRequested || !isAnalysable(doc)) return undefined;
    const found = tokenAtPosition(doc, pos);
    // No token here: on a request whose token is made when it is sent, say so (13.8); in a .http/.rest
    // file and in a Markdown document's ```http / ```rest fences alike.
    if (!found) {
      const kind = kindOfDocument(doc);
      return kind === 'http' || kind === 'markdown' ? mintedHover(doc, pos) : undefined;
    }
    const settings = getSettings(doc.uri);
    if (isExcluded(doc, settings)) return undefined;
    const inspector = (await isCommandRegistered(Commands.openInspector)) ? Commands.openInspector : undefined;
    // The analysis below may take a while on a big request file: skip it for a hover already gone.
    if (cancel?.isCancellationRequested) return undefined;
    const now = this.now();
    const decoded = this.diagnostics.cache.get(found.raw);
    const requests = requestsAt(this.diagnostics, doc, found.start);
    const findings = checkForRequests(decoded, contextFor(settings, now), requests);
    const { markdown, enabledCommands } = renderHover({
      decoded,
      findings,
      requests,
      settings,
      now,
      locale: toLocale(vscode.env.language),
      l10n: hostL10n(),
      target: targetOf(found),
      commands: { copyDecoded: Commands.copyDecoded, copyRedacted: Commands.copyRedacted, openInspector: inspector },
    });
    const md = new vscode.MarkdownString(markdown);
    // Only our own commands may run from this hover; no HTML, no theme icons from claim text.
    md.isTrusted = { enabledCommands };
    md.supportHtml = false;
    md.supportThemeIcons = false;
    return new vscode.Hover(md, found.range);
  }
}
