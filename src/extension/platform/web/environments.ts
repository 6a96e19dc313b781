// The web build's EnvironmentsOwner (swapped in by esbuild.config.mjs): .http environments are read
// from `file` folders (src/extension/environments.ts), and a web worker's editor has none, so the
// desktop owner would add nothing there either; this keeps its code out of the web bundle.
import * as vscode from 'vscode';
import type { AnalyzedEnvToken, AnalyzedToken } from '../../../core/analyze';
import type { EnvironmentsChange, EnvironmentsOwner as DesktopOwner } from '../../environments';

export class EnvironmentsOwner implements Pick<DesktopOwner, 'onDidChange' | 'invalidate' | 'ready' | 'analyze' | 'originLocation' | 'dispose'> {
  private readonly changed = new vscode.EventEmitter<EnvironmentsChange>();
  readonly onDidChange = this.changed.event;
  invalidate(): void {}
  async ready(): Promise<void> {}
  analyze(_doc: { uri: vscode.Uri; isHttp: boolean }, _text: string, tokens: AnalyzedToken[]): { tokens: AnalyzedToken[]; envTokens: AnalyzedEnvToken[] } {
    return { tokens, envTokens: [] };
  }
  originLocation(): vscode.Location | undefined {
    return undefined;
  }
  dispose(): void {
    this.changed.dispose();
  }
}

/** No environment tokens in the web build: no lenses, no fixes. */
export function environmentCodeLenses(): vscode.CodeLens[] {
  return [];
}

export function environmentQuickFixes(): { actions: vscode.CodeAction[]; envOf: (d: vscode.Diagnostic) => undefined } {
  return { actions: [], envOf: () => undefined };
}
