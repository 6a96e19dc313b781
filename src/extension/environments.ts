// .http environments in the editor (issue 13.7): for a request file, the tokens its environments
// define (http-client.env.json and the private one beside it, REST Client's setting, the nearest
// .env read by {{$dotenv}}), judged for the requests that use them; for an environment file, its
// tokens judged for the request files beside it. The resolution is core's; this reads the files
// (open editors' unsaved text first), keeps them per folder, and says when they change.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzeEnvironmentTokens, judgeForRequestFiles, type AnalyzedEnvToken, type AnalyzedToken } from '../core/analyze';
import type { DecodeCache } from '../core/decode';
import { environmentTokens } from '../core/http/environments';
import { LineIndex } from '../core/positions';
import type { Settings } from '../core/settings';
import { readHttpEnvSources, type HttpEnvSources } from '../node/replay';
import type { Finding } from '../core/types';
import { Commands } from './commands';
import { environmentLabel, isEnvironmentFileName, openDocumentText } from './environmentNames';
import { hostL10n } from './hostL10n';
import { codeLensTitle } from './render/verdicts';
import { Disposable, KeyedDebounce } from './lifecycle';
import { kindOfDocument } from './locate';

/** Request files read per folder, and their size cap (an env file's users; more are left out). */
const MAX_REQUEST_FILES = 50;
const MAX_REQUEST_FILE_BYTES = 1024 * 1024;
const SETTLE_MS = 300;

/** What changed: a folder (undefined: every folder); `envFilesOnly`: only its environment files' judgement. */
export interface EnvironmentsChange {
  dir: string | undefined;
  envFilesOnly: boolean;
}

/** The folder a changed environment file affects: a `.env` may serve folders below it, so every one. */
function folderOf(file: string): string | undefined {
  return path.basename(file) === '.env' ? undefined : path.dirname(file);
}

interface Folder {
  envs: HttpEnvSources;
  /** The .http/.rest files of the folder (for an environment file's tokens). */
  requestFiles: Array<{ file: string; text: string }>;
}

export class EnvironmentsOwner extends Disposable {
  private readonly folders = new Map<string, Folder>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Bumped on every change, so a load that started before it does not store stale files. */
  private generation = 0;
  private readonly debounce = this._register(new KeyedDebounce(SETTLE_MS));
  private readonly changed = this._register(new vscode.EventEmitter<EnvironmentsChange>());
  /** Fires when a folder's environments or request files changed. */
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/{http-client.env.json,http-client.private.env.json,.env,*.http,*.rest}'));
    const onFile = (uri: vscode.Uri) => (isEnvironmentFileName(uri.fsPath) ? this.invalidate(folderOf(uri.fsPath)) : this.requestFileChanged(path.dirname(uri.fsPath), true));
    this._register(watcher.onDidCreate(onFile));
    this._register(watcher.onDidChange(onFile));
    this._register(watcher.onDidDelete(onFile));
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const d = e.document;
        if (d.uri.scheme !== 'file' || !e.contentChanges.length) return;
        if (isEnvironmentFileName(d.uri.fsPath)) this.settle(`env:${folderOf(d.uri.fsPath) ?? '*'}`, () => this.invalidate(folderOf(d.uri.fsPath)));
        else if (kindOfDocument(d) === 'http') this.settle(`requests:${path.dirname(d.uri.fsPath)}`, () => this.requestFileChanged(path.dirname(d.uri.fsPath), false));
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rest-client.environmentVariables')) this.invalidate(undefined);
      }),
    );
  }

  /** Forgets a folder's files (every folder for undefined) and says so. */
  invalidate(dir: string | undefined): void {
    this.generation++;
    if (dir === undefined) this.folders.clear();
    else this.folders.delete(dir);
    this.changed.fire({ dir, envFilesOnly: false });
  }

  /**
   * A request file of `dir` changed: only the environment files' tokens, judged for the request files,
   * need the change, and only when the folder has environments (most request files' folders have none).
   */
  private requestFileChanged(dir: string, onDisk: boolean): void {
    const f = this.folders.get(dir);
    if (!f?.envs.values.length) {
      if (onDisk) this.folders.delete(dir); // a new request file: read with the folder next time
      return;
    }
    if (onDisk) {
      this.generation++;
      this.folders.delete(dir);
    } else {
      for (const r of f.requestFiles) r.text = openDocumentText(r.file) ?? r.text;
    }
    this.changed.fire({ dir, envFilesOnly: true });
  }

  /** `then` once edits settle (a file is not re-read per keystroke); `key` tells apart what settles. */
  private settle(key: string, then: () => void): void {
    this.debounce.run(key, then);
  }

  /** A folder's environments and request files, or undefined while they load (onDidChange fires when ready). */
  private folder(dir: string, uri: vscode.Uri): Folder | undefined {
    const hit = this.folders.get(dir);
    if (hit) return hit;
    if (!this.loading.has(dir)) {
      const gen = this.generation;
      const p = this.load(dir, uri).then(
        (f) => {
          this.loading.delete(dir);
          // Files changed while they were read: keep nothing, and the analysis this fires reads them again.
          if (gen === this.generation) this.folders.set(dir, f);
          this.changed.fire({ dir, envFilesOnly: false });
        },
        () => {
          this.loading.delete(dir);
        },
      );
      this.loading.set(dir, p);
    }
    return undefined;
  }

  /** Waits for the folder of `uri` to be read (for tests and commands). */
  async ready(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file') return;
    const dir = path.dirname(uri.fsPath);
    // A read overtaken by a change is dropped: try again, a few times at most.
    for (let i = 0; i < 3 && !this.folder(dir, uri); i++) await this.loading.get(dir);
  }

  private async load(dir: string, uri: vscode.Uri): Promise<Folder> {
    const ws = vscode.workspace.getWorkspaceFolder(uri);
    const root = ws?.uri.scheme === 'file' ? ws.uri.fsPath : undefined;
    const value = vscode.workspace.getConfiguration('rest-client', uri).get<unknown>('environmentVariables');
    // The workspace's settings.json, when it holds REST Client's environments: their values get positions.
    let restClientFile: { path: string; text: string } | undefined;
    if (root) {
      const f = path.join(root, '.vscode', 'settings.json');
      const text = openDocumentText(f) ?? (await fsp.readFile(f, 'utf8').catch(() => undefined));
      if (text?.includes('"rest-client.environmentVariables"')) restClientFile = { path: f, text };
    }
    const envs = await readHttpEnvSources(dir, value, { root, restClientFile: restClientFile, textOf: openDocumentText });
    const requestFiles: Folder['requestFiles'] = [];
    if (envs.values.length) {
      const names = (await fsp.readdir(dir).catch(() => [] as string[])).filter((n) => /\.(http|rest)$/i.test(n)).sort().slice(0, MAX_REQUEST_FILES);
      for (const n of names) {
        const file = path.join(dir, n);
        let text = openDocumentText(file);
        if (text === undefined) {
          const st = await fsp.stat(file).catch(() => undefined);
          if (st?.isFile() && st.size <= MAX_REQUEST_FILE_BYTES) text = await fsp.readFile(file, 'utf8').catch(() => undefined);
        }
        if (text !== undefined) requestFiles.push({ file, text });
      }
    }
    return { envs, requestFiles };
  }

  /**
   * A document's analysis with its environments: for a request file, the tokens it takes from them;
   * for an environment file, its tokens judged for the request files beside it. Until the folder is
   * read, nothing is added (onDidChange fires when it is).
   */
  analyze(
    doc: { uri: vscode.Uri; isHttp: boolean },
    text: string,
    tokens: AnalyzedToken[],
    opts: { settings: Settings; now: number; cache?: DecodeCache },
  ): { tokens: AnalyzedToken[]; envTokens: AnalyzedEnvToken[] } {
    const none = { tokens, envTokens: [] };
    if (doc.uri.scheme !== 'file') return none;
    const isHttp = doc.isHttp;
    const isEnv = isEnvironmentFileName(doc.uri.fsPath);
    if (!isHttp && !(isEnv && tokens.length)) return none;
    const f = this.folder(path.dirname(doc.uri.fsPath), doc.uri);
    if (!f || !f.envs.values.length) return none;
    if (isHttp) return { tokens, envTokens: analyzeEnvironmentTokens(text, f.envs, opts) };
    const users = f.requestFiles.map((r) => ({ file: r.file, tokens: environmentTokens(r.text, f.envs) }));
    return { tokens: judgeForRequestFiles(tokens, doc.uri.fsPath, users, opts), envTokens: [] };
  }

  /** Where an environment token is defined, as an editor location (when its file and place are known). */
  originLocation(t: AnalyzedEnvToken): vscode.Location | undefined {
    const o = t.origin;
    if (!o.path || o.start === undefined || o.end === undefined) return undefined;
    for (const f of this.folders.values()) {
      const src = f.envs.sources.find((s) => s.path === o.path && s.text !== undefined);
      if (!src) continue;
      const idx = new LineIndex(src.text!);
      const at = (n: number) => {
        const p = idx.positionAt(n);
        return new vscode.Position(p.line, p.character);
      };
      return new vscode.Location(vscode.Uri.file(o.path), new vscode.Range(at(o.start), at(o.end)));
    }
    return undefined;
  }
}

/** CodeLens for a request file's environment tokens: a summary per value judged (opens it in the inspector), a Replay per environment. */
export function environmentCodeLenses(
  doc: vscode.TextDocument,
  envTokens: readonly AnalyzedEnvToken[],
  settings: Settings,
  now: number,
  can: { inspector: boolean; replay: boolean },
): vscode.CodeLens[] {
  const uri = doc.uri.toString();
  const lenses: vscode.CodeLens[] = [];
  const replayed = new Set<string>();
  for (const t of envTokens) {
    const target = originTarget(t);
    for (const use of t.uses) {
      if (use.request.line >= doc.lineCount) continue;
      const range = doc.lineAt(use.request.line).range;
      const title = `${codeLensTitle(t.decoded, settings, now, hostL10n(), use.request)} — ${environmentLabel(t, use.environments)}`;
      const open = can.inspector && target;
      lenses.push(new vscode.CodeLens(range, { title, command: open ? Commands.openInspector : '', arguments: open ? [target] : undefined }));
      // Replay in the environment judged (one Replay per environment on the line).
      for (const env of use.environments.length ? use.environments : [undefined]) {
        const key = `${use.request.line}\0${env ?? ''}`;
        if (!can.replay || replayed.has(key)) continue;
        replayed.add(key);
        const title = env === undefined ? vscode.l10n.t('Replay & diagnose') : vscode.l10n.t('Replay & diagnose ({0})', env);
        lenses.push(new vscode.CodeLens(range, { title, command: Commands.replayRequest, arguments: [{ uri, line: use.request.line, ...(env !== undefined ? { env } : {}) }] }));
      }
    }
  }
  return lenses;
}

/** The inspector's `{uri, start, end}` for where an environment token is defined, when its place is known. */
function originTarget(t: AnalyzedEnvToken): { uri: string; start: number; end: number } | undefined {
  const o = t.origin;
  return o.path && o.start !== undefined && o.end !== undefined ? { uri: vscode.Uri.file(o.path).toString(), start: o.start, end: o.end } : undefined;
}

/**
 * Quick fixes for diagnostics `diags` (one range) on a request that takes its token from an
 * environment: inspect the value where it is defined, replay in its environment. `envOf` tells which
 * environment token a diagnostic is about (its token and findings), for the audience fixes.
 */
export function environmentQuickFixes(
  doc: vscode.TextDocument,
  diags: readonly vscode.Diagnostic[],
  envTokens: readonly AnalyzedEnvToken[],
  can: { inspector: boolean; replay: boolean },
): { actions: vscode.CodeAction[]; envOf: (d: vscode.Diagnostic) => { decoded: AnalyzedEnvToken['decoded']; findings: Finding[] } | undefined } {
  const start = doc.offsetAt(diags[0].range.start);
  const end = doc.offsetAt(diags[0].range.end);
  const fromEnv = envTokens.flatMap((t) => t.uses.flatMap((u, i) => (u.start === start && u.end === end ? [{ t, u, i, label: environmentLabel(t, u.environments) }] : [])));
  const match = (d: vscode.Diagnostic) => fromEnv.find((x) => d.message.endsWith(vscode.l10n.t('[token from {0}]', x.label)));
  const actions: vscode.CodeAction[] = [];
  for (const { t, u, label } of fromEnv) {
    const mine = diags.filter((d) => match(d)?.t === t);
    const target = originTarget(t);
    if (can.inspector && target) {
      const a = new vscode.CodeAction(`${vscode.l10n.t('Inspect token')} — ${label}`, vscode.CodeActionKind.QuickFix);
      a.command = { command: Commands.openInspector, title: a.title, arguments: [target] };
      a.diagnostics = mine;
      actions.push(a);
    }
    for (const env of can.replay ? (u.environments.length ? u.environments : [undefined]) : []) {
      const title = env === undefined ? vscode.l10n.t('Replay request & diagnose') : vscode.l10n.t('Replay & diagnose ({0})', env);
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.command = { command: Commands.replayRequest, title, arguments: [{ uri: doc.uri.toString(), line: u.request.line, ...(env !== undefined ? { env } : {}) }] };
      a.diagnostics = mine;
      actions.push(a);
    }
  }
  const envOf = (d: vscode.Diagnostic) => {
    const x = match(d);
    return x && { decoded: x.t.decoded, findings: x.t.useFindings[x.i] };
  };
  return { actions, envOf };
}
