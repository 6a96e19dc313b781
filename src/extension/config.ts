// The one typed reader of the extension's settings. Read fresh each time: never cached globally.
import * as vscode from 'vscode';
import { readSettings, SECTION, type Settings } from '../core/settings';

export function getSettings(scope?: vscode.ConfigurationScope): Settings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  return readSettings((key) => cfg.get(key));
}

export function affectsUs(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
