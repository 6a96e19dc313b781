// Whether a command of another feature (inspector, replay) is registered yet: links and actions for
// it are offered only then. `getCommands` lists thousands of ids, so its answer is kept briefly.
import * as vscode from 'vscode';

const TTL_MS = 5000;
let cached: { at: number; ids: Set<string> } | undefined;

export async function isCommandRegistered(id: string): Promise<boolean> {
  const now = Date.now();
  if (cached?.ids.has(id)) return true; // commands are not unregistered while we run
  if (!cached || now - cached.at > TTL_MS) cached = { at: now, ids: new Set(await vscode.commands.getCommands(true)) };
  return cached.ids.has(id);
}
