import * as vscode from 'vscode';
/** The text of an open document at `file` (unsaved edits included), if one is open. */
export function openDocumentText(file: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText();
}
