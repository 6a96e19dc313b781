// Entry point of the VS Code face: wires core-backed providers and commands, all disposed on deactivate.
import * as vscode from 'vscode';
import { DiagnosticsOwner } from './diagnostics';

export interface ExtensionApi {
  /** Milliseconds activate() took, measured inside the host (for the harness's figures). */
  activationMs: number;
  diagnostics: DiagnosticsOwner;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const t0 = performance.now();
  const docsUri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'codes.md');
  const diagnostics = new DiagnosticsOwner(docsUri);
  context.subscriptions.push(diagnostics);
  return { activationMs: performance.now() - t0, diagnostics };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
