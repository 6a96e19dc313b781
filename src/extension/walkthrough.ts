// The "Fix Partner Center MFA 401s" walkthrough's own commands. The sample opens read-only from the
// extension's media folder under a scheme of our own (the user's workspace stays untouched); everything
// is offline: the 401 it diagnoses is the bundled recorded HAR, nothing is sent and no port is opened.
import * as vscode from 'vscode';
import { scan } from '../core/scan';
import { Commands } from './commands';
import type { DisposableStore } from './lifecycle';

/** Scheme of the read-only sample documents (path = file name under media/walkthrough). */
export const SAMPLE_SCHEME = 'jwt-mfa-sample';
export const SAMPLE_FILE = 'sample-token.http';
export const SAMPLE_HAR = 'media/walkthrough/recorded-401.har';

export function sampleUri(): vscode.Uri {
  return vscode.Uri.from({ scheme: SAMPLE_SCHEME, path: `/${SAMPLE_FILE}` });
}

export function registerWalkthrough(store: DisposableStore, context: vscode.ExtensionContext): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const name = uri.path.replace(/^\/+/, '');
      // Only files of the walkthrough folder, never a path that climbs out of it.
      if (!/^[\w.-]+$/.test(name)) return '';
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', name));
      return new TextDecoder('utf-8').decode(bytes);
    },
  };

  /** Opens the sample beside the walkthrough, the cursor on its token (and its hover shown when asked). */
  const openSample = async (args?: { hover?: boolean }): Promise<vscode.TextDocument> => {
    const doc = await vscode.workspace.openTextDocument(sampleUri());
    const first = scan(doc.getText())[0];
    const selection = first ? new vscode.Range(doc.positionAt(first.start), doc.positionAt(first.start)) : undefined;
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false, selection });
    if (args?.hover === true && first) await vscode.commands.executeCommand('editor.action.showHover');
    return doc;
  };

  /** Opens the inspector on the sample's token (the walkthrough page has the focus, not the editor). */
  const inspectSample = async (): Promise<void> => {
    const doc = await openSample();
    const first = scan(doc.getText())[0];
    if (!first) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The walkthrough sample holds no token.'));
      return;
    }
    await vscode.commands.executeCommand(Commands.openInspector, { uri: doc.uri.toString(), start: first.start, end: first.end });
  };

  store.add(vscode.workspace.registerTextDocumentContentProvider(SAMPLE_SCHEME, provider));
  store.add(vscode.commands.registerCommand(Commands.walkthroughOpenSample, openSample));
  store.add(vscode.commands.registerCommand(Commands.walkthroughInspectSample, inspectSample));
}
