// Helpers the in-host suites share.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';

/** The loopback stand-ins the runner starts for the host (JWT_MFA_STAND_IN): two origins and freshly minted tokens. */
export interface StandInInfo {
  url: string;
  other: string;
  tokens: Record<string, string>;
}
const STAND_IN = JSON.parse(process.env.JWT_MFA_STAND_IN ?? 'null') as StandInInfo | null;

/** The stand-ins; fails the test when the runner did not hand them over. */
export function standIn(): StandInInfo {
  assert.ok(STAND_IN, 'the runner hands the stand-in to the host in JWT_MFA_STAND_IN');
  return STAND_IN;
}

/** The app the suites that sign in give jwtMfa.signIn.clientId (the test-only provider accepts it). */
export const STAND_IN_CLIENT = '7e57c11e-0000-4000-8000-0000000c11e7';

export const signInSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration('jwtMfa.signIn').update(key, value, vscode.ConfigurationTarget.Global);

/** For a suite's `before`: the extension and the test-only sign-in provider active, and sign-in pointed at STAND_IN_CLIENT. */
export async function useStandInSignIn(): Promise<void> {
  standIn();
  await api();
  const ext = vscode.extensions.getExtension('jwt-mfa-tests.jwt-mfa-stand-in-auth');
  assert.ok(ext, 'the test-only sign-in provider is loaded next to the extension');
  await ext.activate();
  await signInSetting('clientId', STAND_IN_CLIENT);
}

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

/** What the running test waits for, kept across the suites' bundles (each has its own copy of this module). */
const waits = ((globalThis as { __jwtMfaWaits?: { what?: string; last?: unknown; hooked?: boolean } }).__jwtMfaWaits ??= {});
if (!waits.hooked) {
  waits.hooked = true;
  // A wait has no deadline of its own (mocha's timeout is the hang guard): a test that timed out says what it waited for.
  afterEach(function () {
    if (this.currentTest?.state === 'failed' && waits.what !== undefined) {
      console.log(`[it]   it was waiting for ${waits.what}; last seen: ${String(JSON.stringify(waits.last) ?? waits.last).slice(0, 300)}`);
    }
    waits.what = undefined;
    waits.last = undefined;
  });
}

/**
 * Polls `f` every 50 ms until it gives a value (not undefined). No deadline of its own: under load a
 * condition may take long to hold; mocha's timeout ends a wait that never ends, naming `what`.
 */
export async function until<T>(what: string, f: () => T | undefined | PromiseLike<T | undefined>): Promise<T> {
  return (await waitFor(what, f, (v) => v !== undefined)) as T;
}

/** `get()` once `ok` holds of it, polled every 50 ms (no deadline of its own either). */
export async function waitFor<T>(what: string, get: () => T | PromiseLike<T>, ok: (v: T) => boolean): Promise<T> {
  waits.what = what;
  for (;;) {
    const v = await get();
    waits.last = v;
    if (ok(v)) {
      waits.what = undefined;
      return v;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The diagnostics of `uri` from `source` once `ok` holds of them: checked now and on each change of the
 * document's diagnostics (no polling, no deadline: mocha's timeout is the hang guard).
 */
export function diagnosticsWhere(what: string, uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, source = 'JWT MFA Inspector'): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
  waits.what = what;
  return new Promise((resolve) => {
    const check = () => {
      const d = ours();
      waits.last = d.length;
      if (!ok(d)) return;
      sub.dispose();
      waits.what = undefined;
      resolve(d);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}
