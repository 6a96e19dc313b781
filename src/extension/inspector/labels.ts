// The inspector's UI words, localized through vscode.l10n (Japanese in l10n/bundle.l10n.ja.json).
import * as vscode from 'vscode';
import type { Labels } from '../../webview/protocol';
import { makeLabels } from './labelText';

export function labels(): Labels {
  return makeLabels(vscode.l10n);
}
