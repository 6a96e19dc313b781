// The one owner of the extension's diagnostics: analyses documents on open and (debounced) on change,
// drops a document's diagnostics when it closes, and re-analyses everything when settings change.
//
// Issue 16: the extension host's main thread never runs a long task. A document is analysed whole in
// steps of about a megabyte, yielding between them (and dropped when a newer analysis starts), the
// visible part first so its squiggles come at once. An edit then re-analyses only what it can change
// (`DocumentAnalysis`, from the change events' contentChanges), reading the document's lines, never its
// whole text. A HAR's sites (its entries) are read again off the main thread (`harSites`): once a HAR
// has been edited, the host's main thread never parses it again (only a small HAR, just opened, is read
// in place, so its findings come with their requests at once).
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseUrl } from '../core/audiences';
import { analyzeText, type AnalyzedEnvToken, type AnalyzedToken } from '../core/analyze';
import { kindOf } from '../core/http/documentKind';
import { renderFinding, toLocale } from '../core/catalog/findings';
import { DecodeCache } from '../core/decode';
import { DocumentAnalysis, type LiveOptions, type TextSource } from '../core/incremental';
import { harSiteReads, harSitesOf, scanWork } from '../core/liveAnalysis';
import { LineIndex, stripBom } from '../core/positions';
import type { Settings } from '../core/settings';
import type { Finding, Severity } from '../core/types';
import { readHarSites } from '../node/harSites';
import { affectsUs, getSettings } from './config';
import { environmentLabel, isEnvironmentFileName } from './environmentNames';
import type { EnvironmentsOwner } from './environments';
import { kindOfDocument } from './locate';
import { Disposable, toDisposable } from './lifecycle';

export const DIAGNOSTIC_SOURCE = 'JWT MFA Inspector';
const DEBOUNCE_MS = 300;
/** Findings that follow the clock ("expires in") are judged again at most this often on edits. */
const RECHECK_MS = 60_000;
/** A HAR up to this size, not edited since it was opened, has its sites read in place (quicker than a worker). */
const HAR_IN_PLACE_CHARS = 256 * 1024;
/** VS Code's Problems panel shows at most this many markers per file. */
export const PROBLEMS_CAP = 1000;

/** The size cap in characters (jwtMfa.maxFileSizeMB). */
const limitOf = (settings: Settings) => Math.floor(settings.maxFileSizeMB * 1024 * 1024);

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

/** A document's text, read line by line (its whole text is never joined). */
export function documentSource(doc: vscode.TextDocument): TextSource {
  const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  return {
    length,
    lineCount: doc.lineCount,
    slice: (from, to) => doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(to))),
    lineAt: (offset) => doc.positionAt(offset).line,
    lineStart: (line) => (line >= doc.lineCount ? length : doc.offsetAt(new vscode.Position(line, 0))),
  };
}

interface DocState {
  live: DocumentAnalysis;
  /** The document version `live.tokens` describes; -1 while a whole analysis runs. */
  version: number;
  /** Bumped by each new whole analysis or HAR read: an older one stops at its next step. */
  gen: number;
  /** When the findings were last judged against the clock. */
  checked: number;
  /** Findings published, for the status bar. */
  findings: number;
  /** A request or environment file with environments (13.7): its tokens judged with them, analysed whole. */
  env?: { tokens: AnalyzedToken[]; envTokens: AnalyzedEnvToken[] };
  /** Stops the HAR sites read in progress (in a worker), when a newer one or an edit makes it stale. */
  sites?: AbortController;
}


export class DiagnosticsOwner extends Disposable {
  readonly collection: vscode.DiagnosticCollection;
  readonly cache = new DecodeCache();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #states = new Map<string, DocState>();
  /** Open documents edited since they were opened: their HAR sites are never read on this thread. */
  readonly #edited = new Set<string>();
  /** Diagnostics made for a token (tokens that do not change keep theirs). */
  readonly #made = new WeakMap<AnalyzedToken, vscode.Diagnostic[]>();
  /**
   * A finding's message, by finding: a token that only moved (lines added above it) is a new object
   * with the same findings, and rendering 5,792 messages again took ~57 ms of the host's main thread.
   */
  readonly #messages = new WeakMap<Finding, { locale: string; message: string }>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's analysis is refreshed. */
  readonly onDidAnalyze = this.#changed.event;
  /** .http environments (13.7), when wired: tokens a request file takes from them. */
  #environments?: EnvironmentsOwner;

  /** `codeTarget`: where a finding's code links (the code view, ./codeDoc). */
  constructor(private readonly codeTarget: (code: string) => vscode.Uri, private readonly now: () => number = Date.now) {
    super();
    this.collection = this._register(vscode.languages.createDiagnosticCollection('jwtMfa'));
    this._register(this.#changed);
    this._register(vscode.workspace.onDidOpenTextDocument((d) => void this.#analyzeInSteps(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.#onChange(e)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.#forget(d.uri);
        this.#edited.delete(d.uri.toString());
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsUs(e)) this.analyzeAll();
      }),
    );
    this._register(toDisposable(() => this.#timers.forEach((t) => clearTimeout(t))));
    this._register(
      toDisposable(() =>
        this.#states.forEach((s) => {
          s.gen++;
          s.sites?.abort();
        }),
      ),
    );
    this.analyzeAll();
  }

  /** Judges the tokens of .http environments too, and re-analyses a folder's documents when they change. */
  useEnvironments(environments: EnvironmentsOwner): void {
    this.#environments = environments;
    this._register(
      environments.onDidChange(({ dir, envFilesOnly }) => {
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme !== 'file' || (dir !== undefined && path.dirname(doc.uri.fsPath) !== dir)) continue;
          if (!envFilesOnly || isEnvironmentFileName(doc.uri.fsPath)) this.analyze(doc);
        }
      }),
    );
    // Documents analysed before: their folders are read now, and re-analysed when they are.
    for (const doc of vscode.workspace.textDocuments) if (this.#withEnvironments(doc)) this.analyze(doc);
  }

  /** Reads the environments of the folder of `uri` (before `publishText` of a request or environment file). */
  async environmentsReady(uri: vscode.Uri): Promise<void> {
    await this.#environments?.ready(uri);
  }

  /** The tokens a request document takes from its environments, as last analysed (current version only). */
  environmentTokensOf(doc: vscode.TextDocument): AnalyzedEnvToken[] {
    const state = this.#states.get(doc.uri.toString());
    return state && state.version === doc.version ? (state.env?.envTokens ?? []) : [];
  }

  /** A request or environment file, when environments are wired: analysed whole, with them. */
  #withEnvironments(doc: vscode.TextDocument): boolean {
    return !!this.#environments && doc.uri.scheme === 'file' && (isEnvironmentFileName(doc.uri.fsPath) || kindOfDocument(doc) === 'http');
  }

  analyzeAll(): void {
    for (const doc of vscode.workspace.textDocuments) void this.#analyzeInSteps(doc);
  }

  #onChange(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const state = this.#states.get(key);
    if (e.contentChanges.length > 0) {
      this.#edited.add(key);
      // A HAR read in progress is of the old text: stopped now (read again after the debounce).
      state?.sites?.abort();
    }
    // Mid-way through a whole analysis, the edit is folded in by starting it again (below).
    if (state && state.version !== -1) state.live.record(e.contentChanges);
    this.#schedule(e.document);
  }

  #schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.#timers.get(key));
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        this.#refresh(doc);
      }, DEBOUNCE_MS),
    );
  }

  /** After edits: the incremental update, or a whole analysis when it cannot be one. */
  #refresh(doc: vscode.TextDocument): void {
    const state = this.#states.get(doc.uri.toString());
    if (!state || state.version === -1 || !state.live.pending) {
      if (!state || state.version !== doc.version) void this.#analyzeInSteps(doc);
      return;
    }
    this.#bringUpToDate(doc, state);
  }

  /** Applies recorded edits now (cheap), or starts a whole analysis when they need one. */
  #bringUpToDate(doc: vscode.TextDocument, state: DocState): void {
    if (state.env) {
      this.analyze(doc);
      return;
    }
    const now = this.now();
    state.live.setOptions(this.#optionsFor(doc, now));
    const res = state.live.update(documentSource(doc));
    if (!res.applied) {
      void this.#analyzeInSteps(doc);
      return;
    }
    if (now - state.checked > RECHECK_MS) {
      state.live.recheck();
      state.checked = now;
      res.changed = true;
    }
    state.version = doc.version;
    if (res.changed) this.#publish(doc, state.live.tokens, state);
    if (state.live.needsSites) void this.#readSites(doc, state);
  }

  #optionsFor(doc: vscode.TextDocument, now: number, settings = getSettings(doc.uri)): LiveOptions {
    return {
      fileName: doc.fileName || doc.uri.path,
      languageId: doc.languageId,
      settings,
      now,
      cache: this.cache,
      limit: limitOf(settings),
    };
  }

  /**
   * A whole analysis in steps that yield to the host; the visible part is published first. A newer
   * analysis of the same document (or its closing) stops this one.
   */
  async #analyzeInSteps(doc: vscode.TextDocument): Promise<void> {
    if (this.#withEnvironments(doc)) {
      this.analyze(doc);
      return;
    }
    const key = doc.uri.toString();
    const state = this.#newState(doc);
    if (!state) return;
    const version = doc.version;
    const src = documentSource(doc);
    // Its editor's visible part first; a document just opened has no editor yet, and shows its top.
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.visibleRanges[0] ?? new vscode.Range(0, 0, Math.min(doc.lineCount - 1, 200), 0);
    const first = { from: doc.offsetAt(visible.start), to: doc.offsetAt(visible.end) };
    for (const part of state.live.fullSteps(src, undefined, first)) {
      if (part) this.#publish(doc, part, state);
      // Lets the host run what is waiting (typing, other extensions); the web host has timers only.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (state.gen !== this.#states.get(key)?.gen) return; // a newer analysis, or closed
      if (doc.version !== version) {
        // Edited mid-way: start again on the new text (the edits were not recorded).
        void this.#analyzeInSteps(doc);
        return;
      }
    }
    state.version = version;
    this.#publish(doc, state.live.tokens, state);
    if (state.live.needsSites) void this.#readSites(doc, state);
  }

  /** A fresh state for a document to analyse whole (an older analysis of it stops); undefined when it is not analysed. */
  #newState(doc: vscode.TextDocument): DocState | undefined {
    if (doc.isClosed || !isAnalysable(doc)) return;
    const settings = getSettings(doc.uri);
    if (isExcluded(doc, settings)) {
      this.#forget(doc.uri);
      return;
    }
    const key = doc.uri.toString();
    const old = this.#states.get(key);
    old?.sites?.abort();
    const now = this.now();
    const state: DocState = { live: new DocumentAnalysis(this.#optionsFor(doc, now, settings)), version: -1, gen: (old?.gen ?? 0) + 1, checked: now, findings: old?.findings ?? 0 };
    this.#states.set(key, state);
    return state;
  }

  /** Whether a HAR's sites may be read on this thread: only a small one not edited since it was opened. */
  #readsHere(doc: vscode.TextDocument, src: TextSource): boolean {
    return src.length <= HAR_IN_PLACE_CHARS && !this.#edited.has(doc.uri.toString());
  }

  /** How many HAR texts the host's main thread has parsed (a seam for in-host tests: none after an edit). */
  get harParsesHere(): number {
    return harSiteReads.count;
  }

  /** How many characters the host's main thread has scanned for tokens (a seam for in-host tests: an edit re-scans only around itself). */
  get charsScannedHere(): number {
    return scanWork.chars;
  }

  /**
   * Reads a HAR's entries again, then publishes. After an edit, off the main thread (a worker, sent the
   * text in slices); never joining or parsing the whole text here.
   */
  async #readSites(doc: vscode.TextDocument, state: DocState): Promise<void> {
    const src = documentSource(doc);
    if (this.#readsHere(doc, src)) {
      if (state.live.setSites(harSitesOf(src.slice(0, src.length)))) this.#publish(doc, state.live.tokens, state);
      return;
    }
    const gen = ++state.gen;
    const version = doc.version;
    state.sites?.abort();
    const reading = (state.sites = new AbortController());
    const sites = await readHarSites(src, reading.signal);
    if (state.sites === reading) state.sites = undefined;
    const key = doc.uri.toString();
    if (!sites || this.#states.get(key) !== state || state.gen !== gen || doc.version !== version) return;
    if (state.live.setSites(sites)) this.#publish(doc, state.live.tokens, state);
  }

  #forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    const state = this.#states.get(key);
    if (state) state.gen++;
    state?.sites?.abort();
    this.#states.delete(key);
    this.collection.delete(uri);
  }

  /** How many findings the document has in all (Problems shows at most 1,000 of them per file). */
  findingsOf(uri: vscode.Uri): number {
    return this.#states.get(uri.toString())?.findings ?? 0;
  }


  /** The analysis of a document if it matches the document's current version, else undefined (never analyses whole). */
  currentTokensOf(doc: vscode.TextDocument): AnalyzedToken[] | undefined {
    const state = this.#states.get(doc.uri.toString());
    if (!state || state.version === -1) return undefined;
    if (state.version !== doc.version && state.live.pending) this.#bringUpToDate(doc, state);
    return state.version === doc.version ? (state.env?.tokens ?? state.live.tokens) : undefined;
  }

  /**
   * Publishes diagnostics for a file that is not open (JWT: Scan Workspace), from its text. An open
   * document is left to the analysis analysis. Returns how many tokens were found.
   */
  publishText(uri: vscode.Uri, rawText: string, settings: Settings): number {
    const key = uri.toString();
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return this.#states.get(key)?.live.tokens.length ?? 0;
    const text = stripBom(rawText);
    const limit = limitOf(settings);
    const now = this.now();
    const found = analyzeText(text, { fileName: uri.path, settings, now, cache: this.cache, limit });
    // Environments (13.7): read beforehand by `environmentsReady`, else nothing is added.
    const { tokens, envTokens } = this.#environments?.analyze({ uri, isHttp: kindOf(uri.path, text) === 'http' }, text, found, { settings, now, cache: this.cache }) ?? { tokens: found, envTokens: [] };
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
    this.collection.set(uri, [...this.#diagnosticsFor(uri, tokens, pos, lineRange, index.lineCount), ...this.#environmentDiagnostics(envTokens, pos)]);
    return tokens.length + envTokens.length;
  }

  /** The analysis of a document, brought up to date now if it is stale (a whole analysis if need be). */
  tokensOf(doc: vscode.TextDocument): AnalyzedToken[] {
    return this.currentTokensOf(doc) ?? this.analyze(doc);
  }

  /** A whole analysis now, in one go (small documents, tests). */
  analyze(doc: vscode.TextDocument): AnalyzedToken[] {
    const state = this.#newState(doc);
    if (!state) return [];
    state.version = doc.version;
    const src = documentSource(doc);
    state.live.full(src, this.#readsHere(doc, src));
    if (this.#withEnvironments(doc)) {
      const settings = getSettings(doc.uri);
      state.env = this.#environments!.analyze({ uri: doc.uri, isHttp: kindOfDocument(doc) === 'http' }, doc.getText(), state.live.tokens, { settings, now: state.checked, cache: this.cache });
    }
    this.#publish(doc, state.env?.tokens ?? state.live.tokens, state);
    // An edited or big HAR: its requests follow from a worker.
    if (state.live.needsSites) void this.#readSites(doc, state);
    return state.env?.tokens ?? state.live.tokens;
  }

  /** On each request that uses an environment's token: its findings for that request, naming the environment and the value. */
  #environmentDiagnostics(envTokens: readonly AnalyzedEnvToken[], positionAt: (offset: number) => vscode.Position): vscode.Diagnostic[] {
    const locale = toLocale(vscode.env.language);
    const out: vscode.Diagnostic[] = [];
    for (const t of envTokens) {
      const defined = this.#environments?.originLocation(t);
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

  #publish(doc: vscode.TextDocument, tokens: AnalyzedToken[], state: DocState): void {
    const diagnostics = this.#diagnosticsFor(doc.uri, tokens, (o) => doc.positionAt(o), (l) => doc.lineAt(l).range, doc.lineCount);
    if (state.env) diagnostics.push(...this.#environmentDiagnostics(state.env.envTokens, (o) => doc.positionAt(o)));
    state.findings = diagnostics.length;
    this.collection.set(doc.uri, diagnostics);
    this.#changed.fire(doc.uri);
  }

  #diagnosticsFor(
    uri: vscode.Uri,
    tokens: AnalyzedToken[],
    positionAt: (offset: number) => vscode.Position,
    lineRange: (line: number) => vscode.Range,
    lineCount: number,
  ): vscode.Diagnostic[] {
    const locale = toLocale(vscode.env.language);
    const out: vscode.Diagnostic[] = [];
    for (const t of tokens) {
      const known = this.#made.get(t);
      if (known) {
        for (const d of known) out.push(d);
        continue;
      }
      const range = new vscode.Range(positionAt(t.start), positionAt(t.end));
      const mine: vscode.Diagnostic[] = [];
      for (const f of t.findings) {
        let rendered = this.#messages.get(f);
        if (rendered?.locale !== locale) this.#messages.set(f, (rendered = { locale, message: renderFinding(f, locale).message }));
        const d = new vscode.Diagnostic(range, rendered.message, SEVERITY[f.severity]);
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
        mine.push(d);
        out.push(d);
      }
      this.#made.set(t, mine);
    }
    return out;
  }
}
