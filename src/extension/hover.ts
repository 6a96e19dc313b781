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
import { renderHover, type HoverMarkdown, type TokenTarget } from './render/hover';
import { renderReferenceHover, type ReferenceSource } from './render/referenceHover';
import { referenceTokensAt } from '../core/http/referenceTokens';
import { kindOfDocument } from './locate';
import { mintedHover } from './minted';
import { environmentLabel } from './environmentNames';

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
      // On a {{name}} whose value is a token (a file variable's, an environment's): that token's hover.
      const onReference = kind === 'http' ? await this.referenceHover(doc, pos, cancel) : undefined;
      if (onReference || cancel?.isCancellationRequested) return onReference;
      return kind === 'http' || kind === 'markdown' ? mintedHover(doc, pos) : undefined;
    }
    if (isExcluded(doc, getSettings(doc.uri))) return undefined;
    const inspector = (await isCommandRegistered(Commands.openInspector)) ? Commands.openInspector : undefined;
    // The analysis below may take a while on a big request file: skip it for a hover already gone.
    if (cancel?.isCancellationRequested) return undefined;
    const { markdown, enabledCommands } = this.hoverOf(doc, found.raw, requestsAt(this.diagnostics, doc, found.start), targetOf(found), inspector);
    return new vscode.Hover(trustedMarkdown(markdown, enabledCommands), found.range);
  }

  /** The hover's inputs for one token of `doc` (or of an environment file, `target`), judged for `requests`. */
  private hoverOf(doc: vscode.TextDocument, raw: string, requests: readonly RequestRef[], target: TokenTarget | undefined, inspector: string | undefined) {
    const settings = getSettings(doc.uri);
    const now = this.now();
    const decoded = this.diagnostics.cache.get(raw);
    return renderHover({
      decoded,
      findings: checkForRequests(decoded, contextFor(settings, now), requests),
      requests,
      settings,
      now,
      locale: toLocale(vscode.env.language),
      l10n: hostL10n(),
      target,
      commands: { copyDecoded: Commands.copyDecoded, copyRedacted: Commands.copyRedacted, openInspector: inspector },
    });
  }

  /**
   * On a `{{name}}` of a request file whose value is a token: each token it reaches (through the file's
   * variables, or an environment's value the diagnostics judged for this file), where its value is
   * defined, and the token's own hover. Never the token itself.
   */
  private async referenceHover(doc: vscode.TextDocument, pos: vscode.Position, cancel?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const size = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    if (size > ANALYSE_ON_HOVER_MAX_CHARS || isExcluded(doc, getSettings(doc.uri))) return undefined;
    const text = doc.getText();
    const r = referenceTokensAt(text, doc.offsetAt(pos));
    if (!r || (!r.fileTokens.length && !r.outside.length)) return undefined;
    const inspector = (await isCommandRegistered(Commands.openInspector)) ? Commands.openInspector : undefined;
    if (cancel?.isCancellationRequested) return undefined;
    const items: Array<{ source: ReferenceSource; hover: HoverMarkdown }> = [];
    for (const t of r.fileTokens) {
      const target = { uri: doc.uri.toString(), start: t.start, end: t.end };
      items.push({ source: { kind: 'file', line: t.line, via: t.via }, hover: this.hoverOf(doc, text.slice(t.start, t.end), requestsAt(this.diagnostics, doc, t.start), target, inspector) });
    }
    for (const t of this.diagnostics.environmentTokensOf(doc)) {
      if (!r.outside.includes(t.origin.variable)) continue;
      const o = t.origin;
      const target = o.path && o.start !== undefined && o.end !== undefined ? { uri: vscode.Uri.file(o.path).toString(), start: o.start, end: o.end } : undefined;
      items.push({ source: { kind: 'environment', label: environmentLabel(t, t.environments) }, hover: this.hoverOf(doc, t.raw, t.uses.map((u) => u.request), target, inspector) });
    }
    if (!items.length) return undefined;
    const { markdown, enabledCommands } = renderReferenceHover(r.reference.name, items, hostL10n());
    return new vscode.Hover(trustedMarkdown(markdown, enabledCommands), new vscode.Range(doc.positionAt(r.reference.start), doc.positionAt(r.reference.end)));
  }
}

/** Only our own commands may run from a hover; no HTML, no theme icons from claim text. */
function trustedMarkdown(markdown: string, enabledCommands: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = { enabledCommands };
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}
