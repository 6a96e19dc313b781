// The renderers' L10n in the editor: vscode.l10n plus the display language, so the words core
// formats itself (durations: "7 years", "7 年") follow the same language as the translated frames.
// And the catalogs' Japanese words (findings, causes, claims…), which stay out of the bundles (issues 8
// and 19: 250 KB each): read from l10n/catalog.ja.json in the extension's own folder when VS Code
// speaks Japanese, before anything is shown.
import * as vscode from 'vscode';
import { toLocale } from '../core/catalog/findings';
import { useJapanese, type JapaneseCatalog } from '../core/catalog/japanese';
import type { L10n } from './render/l10n';

export function hostL10n(): L10n {
  return { t: (message, ...args) => vscode.l10n.t(message, ...args), locale: toLocale(vscode.env.language) };
}

/**
 * Loads the catalogs' Japanese words if the display language is Japanese; English needs nothing.
 * workspace.fs reads the extension's folder on the desktop, in a remote host and on the web alike.
 * A file that cannot be read leaves the catalogs in English (VS Code's own strings stay Japanese).
 */
export async function loadCatalogWords(extensionUri: vscode.Uri): Promise<void> {
  if (toLocale(vscode.env.language) !== 'ja') return;
  const file = vscode.Uri.joinPath(extensionUri, 'l10n', 'catalog.ja.json');
  try {
    useJapanese(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as JapaneseCatalog);
  } catch (e) {
    console.error(`[jwt-mfa] ${file.toString()} could not be read, so findings and diagnoses stay in English: ${e instanceof Error ? e.message : String(e)}`);
  }
}
