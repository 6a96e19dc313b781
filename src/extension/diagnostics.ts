// The one owner of the extension's diagnostics: analyses documents on open and (debounced) on change,
// drops a document's diagnostics when it closes, and re-analyses everything when settings change.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseUrl } from '../core/audiences';
import { analyzeText, type AnalyzedEnvToken, type AnalyzedToken } from '../core/analyze';
import { kindOf } from '../core/http/documentKind';
import { renderFinding, toLocale } from '../core/catalog/findings';
import { DecodeCache } from '../core/decode';
import { LineIndex, stripBom } from '../core/positions';
import type { Settings } from '../core/settings';
import type { Severity } from '../core/types';
import { affectsUs, getSettings } from './config';
import { environmentLabel, isEnvironmentFileName } from './environmentNames';
import type { EnvironmentsOwner } from './environments';
import { kindOfDocument } from './locate';
import { Disposable, KeyedDebounce } from './lifecycle';

export const DIAGNOSTIC_SOURCE = 'JWT MFA Inspector';
const DEBOUNCE_MS = 300;
/** VS Code's Problems panel shows at most this many markers per file. */
export const PROBLEMS_CAP = 1000;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** True when the user excluded this document by language id or glob pattern. */
export function isExcluded(doc: vscode.TextDocument, settings: Settings): boolean {
  return settings.exclude.some((p) => p === doc.languageId || vscode.languages.match({ pattern: p }, doc) > 0);
}

/** Documents we analyse: real text documents, not output channels or our own virtual docs. */
export function isAnalysable(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme !== 'output' && doc.uri.scheme !== 'vscode-scm' && doc.uri.scheme !== 'git';
}

export class DiagnosticsOwner extends Disposable {
  readonly collection: vscode.DiagnosticCollection;
  readonly cache = new DecodeCache();
  private readonly debounce = this._register(new KeyedDebounce(DEBOUNCE_MS));
  /** Last analysis per document, for hovers, code actions and CodeLens to reuse. */
  private readonly results = new Map<string, { version: number; tokens: AnalyzedToken[]; envTokens?: AnalyzedEnvToken[] }>();
  /** .http environments (13.7), when wired: tokens a request file takes from them. */
  private environments?: EnvironmentsOwner;
  /** Findings per document, to say how many VS Code leaves out of Problems (it shows 1,000 per file). */
  private readonly counts = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's analysis is refreshed. */
  readonly onDidAnalyze = this.changed.event;

  /** `codeTarget`: where a finding's code links (the code view, ./codeDoc). */
  constructor(private readonly codeTarget: (code: string) => vscode.Uri, private readonly now: () => number = Date.now) {
    super();
    this.collection = this._register(vscode.languages.createDiagnosticCollection('jwtMfa'));
    this._register(this.changed);
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.analyze(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsUs(e)) this.analyzeAll();
      }),
    );
    this.analyzeAll();
  }

  /** Judges the tokens of .http environments too, and re-analyses a folder's documents when they change. */
  useEnvironments(environments: EnvironmentsOwner): void {
    this.environments = environments;
    this._register(
      environments.onDidChange(({ dir, envFilesOnly }) => {
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme !== 'file' || (dir !== undefined && path.dirname(doc.uri.fsPath) !== dir)) continue;
          if (!envFilesOnly || isEnvironmentFileName(doc.uri.fsPath)) this.analyze(doc);
        }
      }),
    );
    // Documents analysed before: their folders are read now, and re-analysed when they are.
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === 'file' && (isEnvironmentFileName(doc.uri.fsPath) || kindOfDocument(doc) === 'http')) this.analyze(doc);
  }

  /** Reads the environments of the folder of `uri` (before `publishText` of a request or environment file). */
  async environmentsReady(uri: vscode.Uri): Promise<void> {
    await this.environments?.ready(uri);
  }

  /** The tokens a request document takes from its environments, as last analysed (current version only). */
  environmentTokensOf(doc: vscode.TextDocument): AnalyzedEnvToken[] {
    const hit = this.results.get(doc.uri.toString());
    return hit && hit.version === doc.version ? (hit.envTokens ?? []) : [];
  }

  analyzeAll(): void {
    for (const doc of vscode.workspace.textDocuments) this.analyze(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    this.debounce.run(doc.uri.toString(), () => this.analyze(doc));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debounce.cancel(key);
    this.results.delete(key);
    this.counts.delete(key);
    this.collection.delete(uri);
  }

  /** How many of the document's findings VS Code does not show in Problems (past its 1,000-per-file cap). */
  hiddenFindings(uri: vscode.Uri): number {
    return Math.max(0, (this.counts.get(uri.toString()) ?? 0) - PROBLEMS_CAP);
  }

  /** The analysis of a document if it matches the document's current version, else undefined (never analyses). */
  currentTokensOf(doc: vscode.TextDocument): AnalyzedToken[] | undefined {
    const hit = this.results.get(doc.uri.toString());
    return hit && hit.version === doc.version ? hit.tokens : undefined;
  }

  /**
   * Publishes diagnostics for a file that is not open (JWT: Scan Workspace), from its text. An open
   * document is left to the live analysis. Returns how many tokens were found.
   */
  publishText(uri: vscode.Uri, rawText: string, settings: Settings): number {
    const key = uri.toString();
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return this.results.get(key)?.tokens.length ?? 0;
    const text = stripBom(rawText);
    const limit = Math.floor(settings.maxFileSizeMB * 1024 * 1024);
    const now = this.now();
    const found = analyzeText(text, { fileName: uri.path, settings, now, cache: this.cache, limit });
    // Environments (13.7): read beforehand by `environmentsReady`, else nothing is added.
    const { tokens, envTokens } = this.environments?.analyze({ uri, isHttp: kindOf(uri.path, text) === 'http' }, text, found, { settings, now, cache: this.cache }) ?? { tokens: found, envTokens: [] };
    if (tokens.length === 0 && envTokens.length === 0) {
      this.collection.delete(uri);
      return 0;
    }
    const index = new LineIndex(text);
    const pos = (offset: number) => {
      const p = index.positionAt(offset);
      return new vscode.Position(p.line, p.character);
    };
    const lineRange = (line: number) => {
      const start = index.lineStart(line);
      const next = line + 1 < index.lineCount ? index.lineStart(line + 1) : text.length;
      let end = next;
      while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
      return new vscode.Range(pos(start), pos(end));
    };
    this.collection.set(uri, [...this.diagnosticsFor(uri, tokens, pos, lineRange, index.lineCount), ...this.environmentDiagnostics(envTokens, pos)]);
    return tokens.length + envTokens.length;
  }

  /** The analysis of a document, computed now if it is stale. */
  tokensOf(doc: vscode.TextDocument): AnalyzedToken[] {
    const hit = this.results.get(doc.uri.toString());
    if (hit && hit.version === doc.version) return hit.tokens;
    return this.analyze(doc);
  }

  analyze(doc: vscode.TextDocument): AnalyzedToken[] {
    if (doc.isClosed || !isAnalysable(doc)) return [];
    const settings = getSettings(doc.uri);
    if (isExcluded(doc, settings)) {
      this.collection.delete(doc.uri);
      this.results.delete(doc.uri.toString());
      return [];
    }
    const text = doc.getText();
    const limit = Math.floor(settings.maxFileSizeMB * 1024 * 1024);
    const now = this.now();
    const found = analyzeText(text, { fileName: doc.fileName || doc.uri.path, languageId: doc.languageId, settings, now, cache: this.cache, limit });
    const { tokens, envTokens } = this.environments?.analyze({ uri: doc.uri, isHttp: kindOfDocument(doc) === 'http' }, text, found, { settings, now, cache: this.cache }) ?? { tokens: found, envTokens: [] };
    this.results.set(doc.uri.toString(), { version: doc.version, tokens, envTokens });
    const diagnostics = [...this.toDiagnostics(doc, tokens), ...this.environmentDiagnostics(envTokens, (o) => doc.positionAt(o))];
    this.counts.set(doc.uri.toString(), diagnostics.length);
    this.collection.set(doc.uri, diagnostics);
    this.changed.fire(doc.uri);
    return tokens;
  }

  /** On each request that uses an environment's token: its findings for that request, naming the environment and the value. */
  private environmentDiagnostics(envTokens: readonly AnalyzedEnvToken[], positionAt: (offset: number) => vscode.Position): vscode.Diagnostic[] {
    const locale = toLocale(vscode.env.language);
    const out: vscode.Diagnostic[] = [];
    for (const t of envTokens) {
      const defined = this.environments?.originLocation(t);
      t.uses.forEach((use, i) => {
        const range = new vscode.Range(positionAt(use.start), positionAt(use.end));
        const label = environmentLabel(t, use.environments);
        for (const f of t.useFindings[i]) {
          const r = renderFinding(f, locale);
          const d = new vscode.Diagnostic(range, `${r.message} ${vscode.l10n.t('[token from {0}]', label)}`, SEVERITY[f.severity]);
          d.source = DIAGNOSTIC_SOURCE;
          d.code = { value: f.code, target: this.codeTarget(f.code) };
          if (defined) d.relatedInformation = [new vscode.DiagnosticRelatedInformation(defined, vscode.l10n.t('token defined here: {0}', label))];
          out.push(d);
        }
      });
    }
    return out;
  }

  private toDiagnostics(doc: vscode.TextDocument, tokens: AnalyzedToken[]): vscode.Diagnostic[] {
    return this.diagnosticsFor(doc.uri, tokens, (o) => doc.positionAt(o), (l) => doc.lineAt(l).range, doc.lineCount);
  }

  private diagnosticsFor(
    uri: vscode.Uri,
    tokens: AnalyzedToken[],
    positionAt: (offset: number) => vscode.Position,
    lineRange: (line: number) => vscode.Range,
    lineCount: number,
  ): vscode.Diagnostic[] {
    const locale = toLocale(vscode.env.language);
    const out: vscode.Diagnostic[] = [];
    for (const t of tokens) {
      const range = new vscode.Range(positionAt(t.start), positionAt(t.end));
      for (const f of t.findings) {
        const r = renderFinding(f, locale);
        const d = new vscode.Diagnostic(range, r.message, SEVERITY[f.severity]);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = { value: f.code, target: this.codeTarget(f.code) };
        if (f.request) {
          // A token in an environment file is sent by a request of another file.
          const other = f.request.file !== undefined ? vscode.Uri.file(f.request.file) : undefined;
          const line = other ? new vscode.Range(f.request.line, 0, f.request.line, 0) : lineRange(Math.max(0, Math.min(f.request.line, lineCount - 1)));
          // An unresolved URL is shown as written.
          const host = parseUrl(f.request.url)?.host ?? f.request.url;
          d.relatedInformation = [
            new vscode.DiagnosticRelatedInformation(new vscode.Location(other ?? uri, line), vscode.l10n.t('sent to {0}', host)),
          ];
        }
        out.push(d);
      }
    }
    return out;
  }
}
