// The renderers' L10n in the editor: vscode.l10n plus the display language, so the words core
// formats itself (durations: "7 years", "7 年") follow the same language as the translated frames.
import * as vscode from 'vscode';
import { toLocale } from '../core/catalog/findings';
import type { L10n } from './render/l10n';

export function hostL10n(): L10n {
  return { t: (message, ...args) => vscode.l10n.t(message, ...args), locale: toLocale(vscode.env.language) };
}
