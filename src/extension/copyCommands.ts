// Copy decoded JSON / Copy token (redacted): from a hover link (`{uri, start, end}`) or the cursor.
import * as vscode from 'vscode';
import { redact } from '../core/redact';
import { Commands } from './commands';
import type { DiagnosticsOwner } from './diagnostics';
import type { DisposableStore } from './lifecycle';
import { resolveTokenArg, type LocatedToken } from './locate';

async function withToken(arg: unknown, use: (t: LocatedToken) => Promise<void>): Promise<boolean> {
  let found: LocatedToken | undefined;
  try {
    found = await resolveTokenArg(arg);
  } catch {
    found = undefined;
  }
  if (!found) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No JWT here: put the cursor on a token.'));
    return false;
  }
  await use(found);
  return true;
}

export function registerCopyCommands(store: DisposableStore, diagnostics: DiagnosticsOwner): void {
  store.add(
    vscode.commands.registerCommand(Commands.copyDecoded, (arg?: unknown) =>
      withToken(arg, async (t) => {
        const d = diagnostics.cache.get(t.raw);
        const json = JSON.stringify(d.kind === 'jwe' || !d.claims ? { header: d.header } : { header: d.header, payload: d.claims }, null, 2);
        await vscode.env.clipboard.writeText(json);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Decoded JSON copied'), 3000);
      }),
    ),
  );
  store.add(
    vscode.commands.registerCommand(Commands.copyRedacted, (arg?: unknown) =>
      withToken(arg, async (t) => {
        await vscode.env.clipboard.writeText(redact(t.raw));
        vscode.window.setStatusBarMessage(vscode.l10n.t('Redacted token copied'), 3000);
      }),
    ),
  );
}
