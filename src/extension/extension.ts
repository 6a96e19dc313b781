// Entry point of the VS Code face: wires core-backed providers and commands, all disposed on deactivate.
import * as vscode from 'vscode';
import { CodeActionsOwner } from './codeActions';
import { CodeLensOwner } from './codeLens';
import { registerCopyCommands } from './copyCommands';
import { DiagnosticsOwner } from './diagnostics';
import { HoverOwner } from './hover';
import { registerInspector, type InspectorApi } from './inspector/register';
import { registerReplay, type ReplayApi } from './replay/replay';
import { registerScanWorkspace } from './scanWorkspace';
import { registerSettingsCommands } from './settingsCommands';
import { registerSignIn, type SignInApi } from './signIn';
import { StatusBarOwner } from './statusBar';
import { registerWalkthrough } from './walkthrough';

export interface ExtensionApi {
  /** Milliseconds activate() took, measured inside the host (for the harness's figures). */
  activationMs: number;
  diagnostics: DiagnosticsOwner;
  /** The inspector panel's state, for integration tests and the replay feature. */
  inspector: InspectorApi;
  /** Replay & diagnose: the output channel's lines (redacted) and the last command's outcome. */
  replay: ReplayApi;
  /** Get a new token with MFA: the last outcome (never the token). */
  signIn: SignInApi;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const t0 = performance.now();
  const docsUri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'codes.md');
  const diagnostics = new DiagnosticsOwner(docsUri);
  context.subscriptions.push(diagnostics);
  const inspector = registerInspector(context, diagnostics);
  const replay = registerReplay(context, inspector);
  const signIn = registerSignIn(context, inspector, replay);
  context.subscriptions.push(
    new HoverOwner(diagnostics),
    new CodeActionsOwner(diagnostics),
    new CodeLensOwner(diagnostics),
    new StatusBarOwner(diagnostics),
    registerScanWorkspace(diagnostics),
    ...registerCopyCommands(diagnostics),
    ...registerSettingsCommands(),
    ...registerWalkthrough(context),
  );
  return { activationMs: performance.now() - t0, diagnostics, inspector, replay, signIn };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
