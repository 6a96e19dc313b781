// Wires the inspector into VS Code: its two commands, the panel serializer, and a small API for tests.
import * as vscode from 'vscode';
import { audienceLabel, subjectLabel, str } from '../../core/classify';
import { toLocale } from '../../core/catalog/findings';
import { decode } from '../../core/decode';
import type { DecodedToken } from '../../core/types';
import type { TrustSettings, VerifyResult } from '../../core/verify';
import { WEBVIEW_VIEW_TYPE, type ToWebview, type ViewModel } from '../../webview/protocol';
import { Commands } from '../commands';
import type { DiagnosticsOwner } from '../diagnostics';
import { labels } from './labels';
import { textOf, tokenAtPosition, tokensInRange } from './locate';
import { InspectorPanel, type InspectorDeps, type InspectTarget } from './panel';
import { tokenFromPaste } from '../../core/paste';
import { buildCompare, utcString, visible } from './viewModel';
import { toDisposable, type DisposableStore } from '../lifecycle';

/** What tests (and other features, e.g. replay's 401 diagnosis) can reach through the extension API. */
export interface InspectorApi {
  /** The last message posted to the webview (a view model, a comparison, or a request to paste). */
  lastMessage(): ToWebview | undefined;
  lastModel(): ViewModel | undefined;
  isOpen(): boolean;
  /** True once the webview's script ran (under the CSP) and said "ready". */
  isReady(): boolean;
  /** What the webview reported after its last render: visible text (without the token) and active elements. */
  lastRendered(): { view: string; text: string; active: number } | undefined;
  /** Runs the signature check of the shown token, as the Verify button does. */
  verify(): Promise<VerifyResult | undefined>;
  showDiagnosis(d: Extract<ToWebview, { type: 'showDiagnosis' }>['diagnosis']): void;
  /** Opens the panel on a token (a place in a document, or a token kept in memory), then shows the diagnosis above it. */
  showDiagnosisFor(target: InspectTarget | undefined, d: Extract<ToWebview, { type: 'showDiagnosis' }>['diagnosis']): Promise<void>;
  /** Removes a shown diagnosis (a failed diagnosis must not leave the previous one looking current). */
  clearDiagnosis(): void;
  close(): void;
}

interface OpenArgs {
  uri?: string | vscode.Uri;
  start?: number;
  end?: number;
  /** From the webview's "Paste a token…" button. */
  paste?: boolean;
}

function uriString(u: unknown): string | undefined {
  if (typeof u === 'string') return u;
  if (u instanceof vscode.Uri) return u.toString();
  // A Uri that went through JSON (command links) arrives as its parts.
  if (u && typeof u === 'object' && typeof (u as { scheme?: unknown }).scheme === 'string') {
    try {
      return vscode.Uri.from(u as { scheme: string; path?: string; authority?: string; query?: string; fragment?: string }).toString();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function askForToken(prompt?: string): Promise<string | undefined> {
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('JWT: Open Inspector'),
    prompt: prompt ?? vscode.l10n.t('Paste a token (with or without "Bearer ", quotes or line breaks).'),
    placeHolder: 'eyJ…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || tokenFromPaste(v) ? undefined : vscode.l10n.t('No JWT found in this text.')),
  });
  if (input === undefined) return undefined;
  return tokenFromPaste(input);
}

/** The token at the cursor or in the selection of the active editor. */
function tokenInEditor(editor: vscode.TextEditor | undefined): InspectTarget | undefined {
  if (!editor) return undefined;
  const doc = editor.document;
  const sel = editor.selection;
  let t = sel.isEmpty ? undefined : tokensInRange(doc, sel)[0];
  t ??= tokenAtPosition(doc, sel.active);
  if (!t) return undefined;
  return { kind: 'source', source: { uri: doc.uri.toString(), start: t.start, end: t.end } };
}

interface Candidate {
  raw: string;
  decoded: DecodedToken;
  title: string;
}

function describeToken(decoded: DecodedToken, where: string): { label: string; description: string; detail: string } {
  const c = decoded.claims;
  if (!c) return { label: decoded.kind === 'jwe' ? 'JWE' : vscode.l10n.t('Unreadable token'), description: where, detail: '' };
  const subj = subjectLabel(c);
  const who = visible((subj.user ?? subj.appId ?? '—').slice(0, 80));
  const aud = visible((audienceLabel(c) ?? str(c.aud) ?? '—').slice(0, 80));
  const iat = typeof c.iat === 'number' ? utcString(c.iat * 1000) : '—';
  const amr = Array.isArray(c.amr) ? c.amr.filter((x) => typeof x === 'string').join(', ').slice(0, 60) : '—';
  return { label: `${who} → ${aud}`, description: where, detail: `iat ${iat} · amr ${visible(amr)}` };
}

async function pickToken(diagnostics: DiagnosticsOwner, placeHolder: string, skip?: string): Promise<Candidate | undefined> {
  type Item = vscode.QuickPickItem & { candidate?: Candidate; paste?: boolean };
  const items: Item[] = [];
  let count = 0;
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.uri.scheme === 'output' || count >= 300) continue;
    for (const t of diagnostics.tokensOf(doc).slice(0, 100)) {
      const raw = doc.getText(new vscode.Range(doc.positionAt(t.start), doc.positionAt(t.end)));
      if (raw === skip) continue;
      const where = `${vscode.workspace.asRelativePath(doc.uri)}:${doc.positionAt(t.start).line + 1}`;
      const d = describeToken(t.decoded, where);
      items.push({ ...d, candidate: { raw, decoded: t.decoded, title: where } });
      if (++count >= 300) break;
    }
  }
  // "Paste a token…" comes last: typing a filter then leaves the first matching token active, so
  // Enter picks it (first, the paste row stayed active and Enter opened the paste box).
  items.push({ label: `$(clippy) ${vscode.l10n.t('Paste a token…')}`, paste: true, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.candidate) return picked.candidate;
  const raw = await askForToken(placeHolder);
  return raw ? { raw, decoded: decode(raw), title: vscode.l10n.t('Pasted token') } : undefined;
}

/**
 * Signature verification (jose's verifier, key sets, src/node/keys) loads on the first Verify: most
 * sessions never verify, and it would be a tenth of what every activation reads. The desktop build
 * makes it its own file, dist/keys.js (esbuild.config.mjs); the web build keeps it in its bundle.
 * One key store for the session: discovery documents and key sets are cached per URL.
 */
let loadedVerifier: Promise<(raw: string, trust: TrustSettings) => Promise<VerifyResult>> | undefined;
function verifier() {
  loadedVerifier ??= import('../../node/keys').then(({ createNodeKeyStore, verifyRaw }) => {
    const store = createNodeKeyStore({ timeoutMs: 5000 });
    return (raw: string, trust: TrustSettings) => verifyRaw(raw, { store, trust });
  });
  // A failed load is tried again on the next Verify.
  loadedVerifier.catch(() => (loadedVerifier = undefined));
  return loadedVerifier;
}

/** Whether signature verification is loaded (a seam for the in-host activation test: it is not, at activation). */
export const verifierLoaded = (): boolean => loadedVerifier !== undefined;

export function registerInspector(
  store: DisposableStore,
  context: vscode.ExtensionContext,
  diagnostics: DiagnosticsOwner,
  now: () => number = Date.now,
): InspectorApi {
  const deps: InspectorDeps = {
    extensionUri: context.extensionUri,
    diagnostics,
    verify: (raw, trust) => verifier().then((v) => v(raw, trust)).catch((e: unknown): VerifyResult => ({ state: 'not-checked', reason: 'error', detail: { message: e instanceof Error ? e.message : String(e) } })),
    now,
  };

  const open = async (args?: OpenArgs): Promise<void> => {
    const uri = uriString(args?.uri);
    if (uri && Number.isInteger(args?.start) && Number.isInteger(args?.end)) {
      InspectorPanel.createOrShow(deps, { kind: 'source', source: { uri, start: args!.start!, end: args!.end! } });
      return;
    }
    const here = args?.paste ? undefined : tokenInEditor(vscode.window.activeTextEditor);
    if (here) {
      InspectorPanel.createOrShow(deps, here);
      return;
    }
    const raw = await askForToken();
    if (raw) InspectorPanel.createOrShow(deps, { kind: 'raw', raw });
  };

  const compare = async (): Promise<void> => {
    // Two tokens in the selections are compared at once; otherwise ask for each.
    const editor = vscode.window.activeTextEditor;
    const picked: Candidate[] = [];
    if (editor) {
      const doc = editor.document;
      for (const sel of editor.selections) {
        if (sel.isEmpty) continue;
        for (const t of tokensInRange(doc, sel)) {
          const raw = textOf(doc, t);
          picked.push({ raw, decoded: decode(raw), title: `${vscode.workspace.asRelativePath(doc.uri)}:${doc.positionAt(t.start).line + 1}` });
        }
      }
    }
    if (picked.length < 2) {
      picked.length = 0;
      const a = await pickToken(diagnostics, vscode.l10n.t('First token (e.g. before MFA)'));
      if (!a) return;
      const b = await pickToken(diagnostics, vscode.l10n.t('Second token (e.g. after MFA)'), a.raw);
      if (!b) return;
      picked.push(a, b);
    }
    const [a, b] = picked;
    const model = buildCompare(a.decoded, b.decoded, { labels: labels(), locale: toLocale(vscode.env.language), leftTitle: a.title, rightTitle: b.title });
    InspectorPanel.createOrShow(deps).showCompare(model);
  };

  store.add(vscode.commands.registerCommand(Commands.openInspector, open));
  store.add(vscode.commands.registerCommand(Commands.inspectToken, () => open()));
  store.add(vscode.commands.registerCommand(Commands.compareTokens, compare));
  store.add(
    vscode.window.registerWebviewPanelSerializer(WEBVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => InspectorPanel.revive(panel, deps, state),
    }),
  );
  store.add(toDisposable(() => InspectorPanel.current?.dispose()));

  return {
    lastMessage: () => InspectorPanel.current?.lastMessage,
    lastModel: () => InspectorPanel.current?.lastModel,
    isOpen: () => InspectorPanel.current !== undefined,
    isReady: () => InspectorPanel.current?.isReady ?? false,
    lastRendered: () => InspectorPanel.current?.lastRendered,
    verify: async () => InspectorPanel.current?.verify(),
    showDiagnosis: (d) => InspectorPanel.createOrShow(deps).showDiagnosis(d),
    showDiagnosisFor: (target, d) => InspectorPanel.createOrShow(deps).showWithDiagnosis(target, d),
    clearDiagnosis: () => InspectorPanel.current?.clearDiagnosis(),
    close: () => InspectorPanel.current?.dispose(),
  };
}
