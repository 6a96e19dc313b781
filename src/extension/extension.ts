// Entry point of the VS Code face: wires core-backed providers and commands, all disposed on deactivate.
import * as vscode from 'vscode';
import { CodeActionsOwner } from './codeActions';
import { CodeDocView } from './codeDoc';
import { CodeLensOwner } from './codeLens';
import { registerCopyCommands } from './copyCommands';
import { DiagnosticsOwner } from './diagnostics';
import { EnvironmentsOwner } from './environments';
import { HoverOwner } from './hover';
import { loadCatalogWords } from './hostL10n';
import { DisposableStore } from './lifecycle';
import { registerInspector, verifierLoaded, type InspectorApi } from './inspector/register';
import { ReplayController, type ReplayApi } from './replay/replay';
import { registerScanWorkspace } from './scanWorkspace';
import { registerSettingsCommands, undoLastDisable } from './settingsCommands';
import { registerSignIn, type SignInApi } from './signIn';
import { StatusBarOwner } from './statusBar';
import { registerWalkthrough } from './walkthrough';

export interface ExtensionApi {
  /** Milliseconds activate() took, measured inside the host (for the harness's figures). */
  activationMs: number;
  /**
   * The work activate() did, counted when it returned (for the in-host activation test: what is done on
   * demand stays undone): characters scanned for tokens and HAR texts parsed on the host's thread, and
   * whether signature verification was loaded.
   */
  activationWork: { charsScanned: number; harParses: number; verifierLoaded: boolean };
  diagnostics: DiagnosticsOwner;
  /** The view a diagnostic's code link opens (its section of docs/codes.md). */
  codeDoc: CodeDocView;
  /** The inspector panel's state, for integration tests and the replay feature. */
  inspector: InspectorApi;
  /** Replay & diagnose: the output channel's lines (redacted) and the last command's outcome. */
  replay: ReplayApi;
  /** Get a new token with MFA: the last outcome (never the token). */
  signIn: SignInApi;
  /** The language feature providers, so in-host tests can call them with their own cancellation token. */
  providers: { hover: HoverOwner; codeActions: CodeActionsOwner; codeLens: CodeLensOwner };
  /** The Undo button of "Turn this check off", for tests (a notification's button cannot be pressed in-host). */
  undoLastDisable(): Promise<boolean>;
  /** The status bar item as shown (for tests): its text, or undefined when hidden, and its background colour id. */
  statusBar(): { text: string | undefined; background: string | undefined };
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const t0 = performance.now();
  // In Japanese, the catalogs' words are read first (a file of ~30 KB), so nothing shows in English.
  await loadCatalogWords(context.extensionUri);
  // One way to wire a feature: everything it registers goes into this one store, which extension.ts
  // owns and disposes on deactivate (newest first). An owner class (a Disposable) is added with
  // `store.add(new …Owner(…))`; a `register…(store, …)` function adds its own registrations to the
  // store it is given and returns its API, if any. Nothing else touches context.subscriptions.
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const codeDoc = store.add(new CodeDocView(context.extensionUri, context.extension.id));
  const diagnostics = store.add(new DiagnosticsOwner((code) => codeDoc.target(code)));
  // Tokens defined in .http environments are judged for the requests that use them (13.7).
  diagnostics.useEnvironments(store.add(new EnvironmentsOwner()));
  const inspector = registerInspector(store, context, diagnostics);
  const replay = store.add(new ReplayController(context, inspector));
  const signIn = registerSignIn(store, context, inspector, replay);
  const providers = {
    hover: store.add(new HoverOwner(diagnostics)),
    codeActions: store.add(new CodeActionsOwner(diagnostics)),
    codeLens: store.add(new CodeLensOwner(diagnostics)),
  };
  const statusBar = store.add(new StatusBarOwner(diagnostics));
  registerScanWorkspace(store, diagnostics);
  registerCopyCommands(store, diagnostics);
  registerSettingsCommands(store);
  registerWalkthrough(store, context);
  const activationMs = performance.now() - t0;
  const activationWork = { charsScanned: diagnostics.charsScannedHere, harParses: diagnostics.harParsesHere, verifierLoaded: verifierLoaded() };
  return { activationMs, activationWork, diagnostics, codeDoc, inspector, replay, signIn, providers, undoLastDisable, statusBar: () => statusBar.shown() };
}

export function deactivate(): void {
  // Everything is in the store, which context.subscriptions disposes.
}
