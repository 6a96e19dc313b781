// Helpers the in-host suites share.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';

/** The extension's API, activating it if needed. */
export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'jwt-mfa-inspector');
  assert.ok(ext, 'extension is installed');
  return (await ext.activate()) as ExtensionApi;
}

/** Writes a file into the workspace and opens it in an editor. */
export async function openFile(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Polls `f` every 50 ms until it gives a value (not undefined); fails naming `what` after `ms`. */
export async function until<T>(what: string, f: () => T | undefined | PromiseLike<T | undefined>, ms = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
