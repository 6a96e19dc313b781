// JWT: Scan Workspace: analyses every text file of the workspace into the Problems panel, respecting
// files.exclude, search.exclude, jwtMfa.exclude (glob patterns) and the size cap, with progress and
// cancellation. Binary files are skipped; diagnostics go to the diagnostics owner's collection.
import * as vscode from 'vscode';
import { Commands } from './commands';
import { getSettings } from './config';
import type { DiagnosticsOwner } from './diagnostics';
import { isEnvironmentFileName } from './environmentNames';
import type { DisposableStore } from './lifecycle';

/** Bytes looked at to tell a binary file from text. */
const SNIFF_BYTES = 8000;

/** A file is binary when a NUL byte shows up early (what git and ripgrep assume). */
export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** `{a,b}` of the patterns switched on in an exclude setting (`{"**\/x": true}`), plus `extra`. */
export function excludeGlob(settings: Array<Record<string, unknown> | undefined>, extra: readonly string[] = []): string | undefined {
  const patterns = new Set<string>();
  for (const obj of settings) for (const [k, v] of Object.entries(obj ?? {})) if (v === true) patterns.add(k);
  for (const p of extra) if (/[*/.?[{]/.test(p)) patterns.add(p); // glob patterns; language ids need an open document
  if (patterns.size === 0) return undefined;
  return `{${[...patterns].join(',')}}`;
}

export interface ScanSummary {
  files: number;
  scanned: number;
  withTokens: number;
  tokens: number;
  skippedLarge: number;
  skippedBinary: number;
  cancelled: boolean;
}

export async function scanWorkspace(diagnostics: DiagnosticsOwner, silent = false): Promise<ScanSummary | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) {
    if (!silent) void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to scan its files for tokens.'));
    return undefined;
  }
  const settings = getSettings();
  // findFiles applies files.exclude itself when given a pattern; search.exclude it leaves to us.
  const exclude = excludeGlob([vscode.workspace.getConfiguration('search').get<Record<string, unknown>>('exclude')], settings.exclude);
  const decoder = new TextDecoder('utf-8');
  const summary: ScanSummary = { files: 0, scanned: 0, withTokens: 0, tokens: 0, skippedLarge: 0, skippedBinary: 0, cancelled: false };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('JWT: scanning the workspace'), cancellable: true },
    async (progress, cancel) => {
      const files = await vscode.workspace.findFiles('**/*', exclude, undefined, cancel);
      summary.files = files.length;
      let last = 0;
      for (let i = 0; i < files.length; i++) {
        if (cancel.isCancellationRequested) {
          summary.cancelled = true;
          break;
        }
        const uri = files[i];
        try {
          const fileSettings = getSettings(uri);
          const cap = Math.floor(fileSettings.maxFileSizeMB * 1024 * 1024);
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.size > cap) {
            summary.skippedLarge++;
            continue;
          }
          const bytes = await vscode.workspace.fs.readFile(uri);
          if (isBinary(bytes)) {
            summary.skippedBinary++;
            continue;
          }
          const text = decoder.decode(bytes);
          // A request file or an environment file is judged with its folder's environments (13.7).
          if (/\.(http|rest)$/i.test(uri.path) || isEnvironmentFileName(uri.path)) await diagnostics.environmentsReady(uri);
          const n = diagnostics.publishText(uri, text, fileSettings);
          summary.scanned++;
          if (n > 0) {
            summary.withTokens++;
            summary.tokens += n;
          }
        } catch {
          // Unreadable (deleted meanwhile, permission): skip it, the scan goes on.
        }
        const pct = Math.floor(((i + 1) * 100) / files.length);
        if (pct > last) {
          progress.report({ increment: pct - last, message: vscode.l10n.t('{0} of {1} files', i + 1, files.length) });
          last = pct;
        }
      }
    },
  );
  if (!silent) {
    const msg = vscode.l10n.t(
      'JWT scan{0}: {1} tokens in {2} of {3} files; skipped {4} over the size cap and {5} binary files.',
      summary.cancelled ? vscode.l10n.t(' (cancelled)') : '',
      summary.tokens,
      summary.withTokens,
      summary.scanned,
      summary.skippedLarge,
      summary.skippedBinary,
    );
    void vscode.window.showInformationMessage(msg);
  }
  return summary;
}

export function registerScanWorkspace(store: DisposableStore, diagnostics: DiagnosticsOwner): void {
  store.add(vscode.commands.registerCommand(Commands.scanWorkspace, (opts?: { silent?: boolean }) => scanWorkspace(diagnostics, opts?.silent === true)));
}
