// What the editor's faces (diagnostics, CodeLens, Replay) say about .http environments, kept apart
// from EnvironmentsOwner (./environments), which the web build replaces.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzedEnvToken } from '../core/analyze';
export { isEnvironmentFileName } from '../node/replay';

/** The text of an open document at `file` (unsaved edits included), if one is open. */
export function openDocumentText(file: string): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)?.getText();
}

/** How an environment token is named to the user: `dev, prod: {{token}} (http-client.env.json)`. */
export function environmentLabel(t: Pick<AnalyzedEnvToken, 'origin'>, environments: readonly string[]): string {
  const file = t.origin.path ? path.basename(t.origin.path) : 'rest-client.environmentVariables';
  const envs = environments.length ? `${environments.join(', ')}: ` : '';
  return `${envs}{{${t.origin.variable}}} (${file})`;
}
