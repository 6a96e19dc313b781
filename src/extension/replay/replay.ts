// "Replay Request & Diagnose", "Diagnose Response" and "Forget Approved Hosts": the VS Code face of the
// 401 diagnosis. It finds the request (a .http request, a curl line, a HAR entry) or the recorded
// response, asks before any request goes to an origin (scheme, host, port) the user has not approved,
// sends with progress and cancel, and shows the diagnosis in the inspector and, as redacted text, in
// the output channel. The logic lives in core/node; this is one owner class with a method per step.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosisWord } from '../../core/catalog/diagnosis';
import { toLocale } from '../../core/catalog/findings';
import { sendErrorText } from '../../core/catalog/sendErrors';
import { audiencesOf } from '../../core/classify';
import { parseUrl } from '../../core/audiences';
import { hostPort } from '../../core/sendFlow';
import { diagnose, type DiagnoseInput, type DiagnoseRequest, type Diagnosis } from '../../core/diagnose';
import { diagnosisText } from '../../core/diagnosisText';
import { curlAtOffset, findCurlCommands } from '../../core/http/curl';
import { exchangeInBlock } from '../../core/http/blocks';
import { fenceAtOffset, httpFences } from '../../core/http/fences';
import { exchangeAtLine, listExchanges, type Exchange } from '../../core/http/exchange';
import { canGetNow, mintedTokenOf, withGivenToken } from '../../core/http/minted';
import { parseHttpFile, requestAtOffset } from '../../core/http/httpFile';
import { bearerOf, prepareExchangeSend, type PreparedSend } from '../../core/prepareSend';
import { redactText, redactUrl } from '../../core/redact';
import { isApprovedOrigin, replayDecision, withApprovedOrigin } from '../../core/replayPolicy';
import { KEYS, SECTION } from '../../core/settings';
import { scan } from '../../core/scan';
import { httpEnvironmentNames, httpSendOptions, prepareHttpSend, PrepareError, proxyFor, readHttpEnvSources } from '../../node/replay';
import { openDocumentText } from '../environmentNames';
import { send, SendError, type RedirectHop, type SendErrorCode } from '../../node/send';
import type { DiagnosisView } from '../../webview/protocol';
import { Commands } from '../commands';
import { getSettings } from '../config';
import type { InspectTarget } from '../inspector/panel';
import type { InspectorApi } from '../inspector/register';
import { diagnosisView } from '../inspector/viewModel';
import { Disposable } from '../lifecycle';
import { documentName, kindOfDocument } from '../locate';
import { DiagnosisOutput } from './output';

/**
 * Why a replay or a diagnosis ended in an error (stable: tests and docs/codes.md key on them), as
 * jose's error codes. The send codes come from node/send.
 */
export type ReplayErrorCode =
  /** The document named could not be opened, or none is active. */
  | 'no-document'
  /** No request at the cursor, or the document holds none to replay. */
  | 'no-request'
  /** No recorded response to diagnose. */
  | 'no-response'
  /** The HAR entry or exchange index given does not exist. */
  | 'no-entry'
  /** The .http environment named does not exist. */
  | 'environment'
  /** The request cannot be prepared: an unresolved variable, a body file unreadable or outside the workspace. */
  | 'prepare'
  /** A bug: something failed that should not. */
  | 'unexpected'
  | SendErrorCode;

/** Why nothing was sent, without an error. */
export type RefusalReason = 'untrusted' | 'declined' | 'bad-url' | 'cleartext';

/** What a command ended with; returned by the command (tests and the walkthrough read it). */
export type ReplayOutcome =
  | { kind: 'diagnosed'; sent: boolean; status: number; statusText: string; causes: string[]; view: DiagnosisView; redirects: RedirectHop[] }
  | { kind: 'error'; code: ReplayErrorCode; message: string }
  | { kind: 'refused'; reason: RefusalReason; origin?: string }
  | { kind: 'cancelled' };

export interface ReplayApi {
  output: DiagnosisOutput;
  lastOutcome(): ReplayOutcome | undefined;
  /** The last diagnosed exchange (what a sign-in needs to know about it), in memory only. */
  lastDiagnosed(): DiagnosedContext | undefined;
  /** Fires after each diagnosis (replayed or recorded). */
  onDidDiagnose: vscode.Event<DiagnosedContext>;
  /** Replays the request of `context` with `token` in place of the sent one (Authorization bearer or
   * `{{$aadToken}}`), the file untouched; the same origin approval as any replay. */
  replayWithToken(context: DiagnosedContext, token: string): Promise<ReplayOutcome>;
}

/** A diagnosed exchange: where its request is, and what the diagnosis found. Holds no token. */
export interface DiagnosedContext {
  args: ReplayArgs;
  uri: string;
  /** The request's URL (credentials in it redacted), when known. */
  url?: string;
  causes: Diagnosis['causes'][number]['code'][];
  /** The response's WWW-Authenticate values, as received (a claims challenge is passed on as is). */
  wwwAuthenticate: string[];
  /** The sent token's audiences, when it was a JWT. */
  sentAudiences: string[];
  /** True when the request can be replayed (a .http request, a curl command, a HAR entry). */
  replayable: boolean;
}

export interface ReplayArgs {
  uri?: string | vscode.Uri;
  /** Offset in the document. */
  offset?: number;
  /** 0-based line of the request (the editor's code action and CodeLens pass it): a request line in
   * a .http file, a HAR entry's line, or a curl command's line. */
  line?: number;
  /** A HAR entry (or any exchange): its 0-based index among the document's exchanges of that kind. */
  entry?: number;
  /** A .http environment name (skips the quick pick). */
  env?: string;
}

/** A request ready to go, with what the diagnosis needs to know about it. */
interface Prepared extends PreparedSend {
  source: NonNullable<DiagnoseInput['source']>;
  /** A HAR entry's 0-based index. */
  entry?: number;
}

/** The document a command argument names: a Uri, its string or JSON form, or a path inside the extension (walkthrough links). */
function argUri(u: unknown, extensionUri: vscode.Uri): vscode.Uri | undefined {
  if (u instanceof vscode.Uri) return u;
  if (typeof u === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(u)) {
    // A relative path stays inside the extension (no `..`), e.g. media/walkthrough/recorded-401.har.
    const parts = u.split(/[\\/]+/).filter(Boolean);
    return parts.length && !parts.includes('..') && !u.startsWith('/') ? vscode.Uri.joinPath(extensionUri, ...parts) : undefined;
  }
  if (typeof u === 'string') {
    try {
      return vscode.Uri.parse(u, true);
    } catch {
      return undefined;
    }
  }
  if (u && typeof u === 'object' && typeof (u as { scheme?: unknown }).scheme === 'string') {
    try {
      return vscode.Uri.from(u as { scheme: string; path?: string; authority?: string; query?: string; fragment?: string });
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Thrown inside a command to end it with a message (never holds a whole token: see `finish`). */
class Stop extends Error {
  constructor(
    readonly outcome: ReplayOutcome,
    readonly show?: string,
  ) {
    super(show ?? outcome.kind);
  }
}

const stop = (code: ReplayErrorCode, message: string, secrets?: readonly string[]): Stop => {
  const m = redactText(message, secrets);
  return new Stop({ kind: 'error', code, message: m }, m);
};

/** The approved origins, from user settings only (the setting has application scope: a workspace cannot set it). */
function approvedOrigins(): string[] {
  const v = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(KEYS.replayApprovedHosts)?.globalValue;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Owns the replay commands and the output channel; one instance per activation. */
export class ReplayController extends Disposable implements ReplayApi {
  readonly output: DiagnosisOutput;
  private last: ReplayOutcome | undefined;
  private lastContext: DiagnosedContext | undefined;
  private readonly diagnosed: vscode.EventEmitter<DiagnosedContext>;
  readonly onDidDiagnose: vscode.Event<DiagnosedContext>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly inspector: InspectorApi,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.output = this._register(new DiagnosisOutput());
    this.diagnosed = this._register(new vscode.EventEmitter<DiagnosedContext>());
    this.onDidDiagnose = this.diagnosed.event;
    this._register(vscode.commands.registerCommand(Commands.replayRequest, (a?: ReplayArgs) => this.replay(a)));
    // The explorer's context menu passes the file's Uri itself.
    this._register(vscode.commands.registerCommand(Commands.diagnoseResponse, (a?: ReplayArgs | vscode.Uri) => this.diagnoseResponse(a instanceof vscode.Uri ? { uri: a } : a)));
    this._register(vscode.commands.registerCommand(Commands.forgetApprovedHosts, () => this.forget()));
  }

  lastOutcome(): ReplayOutcome | undefined {
    return this.last;
  }

  lastDiagnosed(): DiagnosedContext | undefined {
    return this.lastContext;
  }

  replayWithToken(context: DiagnosedContext, token: string): Promise<ReplayOutcome> {
    return this.run(context.args, token);
  }

  private locale() {
    return toLocale(vscode.env.language);
  }

  private finish(o: ReplayOutcome, message?: string, level: 'error' | 'warning' | 'info' = 'error', secrets?: readonly string[]): ReplayOutcome {
    this.last = o;
    if (message) {
      const text = redactText(message, secrets);
      this.output.append(`[${new Date(this.now()).toISOString()}] ${text}`, secrets);
      // Never awaited: a notification must not hold the command (or a test) until someone closes it.
      if (level === 'error') void vscode.window.showErrorMessage(text);
      else if (level === 'warning') void vscode.window.showWarningMessage(text);
      else void vscode.window.showInformationMessage(text);
    }
    return o;
  }

  private async documentOf(args: ReplayArgs | undefined): Promise<{ doc: vscode.TextDocument; editor?: vscode.TextEditor }> {
    const uri = argUri(args?.uri, this.context.extensionUri);
    if (args?.uri !== undefined && !uri) throw stop('no-document', vscode.l10n.t('The document {0} could not be opened.', String(args.uri).slice(0, 200)));
    const active = vscode.window.activeTextEditor;
    if (!uri) {
      if (!active) throw stop('no-document', vscode.l10n.t('Open a .http file, a HAR file or a document with a curl command or an HTTP response first.'));
      return { doc: active.document, editor: active };
    }
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch {
      throw stop('no-document', vscode.l10n.t('The document {0} could not be opened.', uri.toString(true)));
    }
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    return { doc, editor };
  }

  /** .http environments: REST Client's setting, JetBrains' files beside the file and .env; a quick pick when there are several. */
  private async httpParseOptions(doc: vscode.TextDocument, envArg: string | undefined, ask: boolean) {
    const rc = vscode.workspace.getConfiguration('rest-client', doc.uri).get<unknown>('environmentVariables');
    const dir = doc.uri.scheme === 'file' ? path.dirname(doc.uri.fsPath) : undefined;
    const root = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri;
    const sources = await readHttpEnvSources(dir, rc, { root: root?.scheme === 'file' ? root.fsPath : undefined, textOf: openDocumentText });
    const names = httpEnvironmentNames(sources);
    let name = envArg;
    if (name === undefined && names.length === 1) name = names[0];
    else if (name === undefined && names.length > 1 && ask) {
      const picked = await vscode.window.showQuickPick(names, { placeHolder: vscode.l10n.t('Environment for the .http variables'), ignoreFocusOut: true });
      if (picked === undefined) throw new Stop({ kind: 'cancelled' });
      name = picked;
    }
    try {
      const processEnvValues: string[] = [];
      return { dir, processEnvValues, parse: httpSendOptions(sources, name, this.now(), process.env, processEnvValues) };
    } catch (e) {
      throw stop('environment', (e as Error).message);
    }
  }

  private async pickExchange(items: Exchange[], entry: number | undefined, placeHolder: string): Promise<Exchange> {
    if (entry !== undefined) {
      const x = items.find((i) => i.index === entry);
      if (!x) throw stop('no-entry', vscode.l10n.t('There is no entry {0} in this document.', String(entry)));
      return x;
    }
    if (items.length === 1) return items[0];
    type Item = vscode.QuickPickItem & { x: Exchange };
    const picked = await vscode.window.showQuickPick<Item>(
      items.map((x) => ({ label: x.label, description: vscode.l10n.t('line {0}', String(x.line + 1)), x })),
      { placeHolder, matchOnDescription: true, ignoreFocusOut: true },
    );
    if (!picked) throw new Stop({ kind: 'cancelled' });
    return picked.x;
  }

  /**
   * A request of a request file's text: the document's own (.http/.rest), or a Markdown fence's inside
   * (`baseLine`: the document line the text starts on; `offset` is relative to the text).
   */
  private async prepareHttp(doc: vscode.TextDocument, text: string, baseLine: number, offset: number, args: ReplayArgs | undefined, token?: string): Promise<Prepared> {
    const { dir, parse: base, processEnvValues } = await this.httpParseOptions(doc, args?.env, true);
    // A token from sign-in stands in for the variables that make one at send time ({{$aadToken}}…) too.
    const parse = token ? withGivenToken(base, token) : base;
    const file = parseHttpFile(text, parse);
    const r = args?.entry !== undefined ? file.requests[args.entry] : requestAtOffset(file, offset);
    if (!r) throw stop('no-request', vscode.l10n.t('No request at the cursor: put the cursor inside a request of this file.'));
    // A token made when the request is sent (13.8): nothing to send it with, and not an unresolved typo.
    const minted = token ? undefined : mintedTokenOf(file, r, parse);
    if (minted)
      throw stop(
        'prepare',
        canGetNow(minted)
          ? vscode.l10n.t('The request on line {0} gets its token when it is sent ({1}): nothing was sent. Use "Get it now and inspect" above it to sign in, then replay with the new token.', String(r.line + baseLine + 1), minted.expression)
          : vscode.l10n.t('The request on line {0} gets its token when it is sent ({1}), which this extension does not make: nothing was sent.', String(r.line + baseLine + 1), minted.expression),
      );
    // Body files only from inside the document's workspace folder (by real path).
    const root = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri;
    try {
      const p = await prepareHttpSend(file, r, {
        dir,
        root: root?.scheme === 'file' ? root.fsPath : undefined,
        parse,
        token,
        processEnvValues,
        label: vscode.l10n.t('the request on line {0}', String(r.line + baseLine + 1)),
      });
      return { ...p, request: { ...p.request, line: p.request.line === undefined ? undefined : p.request.line + baseLine }, source: 'http' };
    } catch (e) {
      if (e instanceof PrepareError) throw stop('prepare', e.message, processEnvValues);
      throw e;
    }
  }

  /** The request to replay, from the cursor, the selection or a HAR quick pick; one preparation step (core) for HAR and curl. */
  private async prepare(doc: vscode.TextDocument, editor: vscode.TextEditor | undefined, args: ReplayArgs | undefined, token?: string): Promise<Prepared> {
    const text = doc.getText();
    const atLine = Number.isInteger(args?.line) ? doc.offsetAt(new vscode.Position(args!.line!, 0)) : undefined;
    const offset = Number.isInteger(args?.offset) ? args!.offset! : (atLine ?? (editor ? doc.offsetAt(editor.selection.active) : 0));
    const kind = kindOfDocument(doc);
    if (kind === 'http') return this.prepareHttp(doc, text, 0, offset, args, token);
    if (kind === 'markdown') {
      // A request in a ```http / ```rest fence: the fence is read as a request file of its own (as REST
      // Client runs it), then sent through the same preparation and the same approval as a .http request.
      const f = fenceAtOffset(httpFences(text), offset);
      if (f) return this.prepareHttp(doc, text.slice(f.start, f.end), f.line, offset - f.start, { ...args, entry: undefined }, token);
    }
    if (kind === 'har') {
      const entries = listExchanges(text, documentName(doc)).filter((x) => x.source === 'har' && x.request);
      if (!entries.length) throw stop('no-request', vscode.l10n.t('This HAR file has no entries to replay.'));
      const onLine = args?.entry === undefined && args?.line !== undefined ? entries.find((e) => e.line === args.line) : undefined;
      const x = onLine ?? (await this.pickExchange(entries, args?.entry, vscode.l10n.t('HAR entry to replay (method, URL, recorded status)')));
      return { ...prepareExchangeSend('har', x.request!, x.line, token), source: 'har', entry: x.index };
    }
    // A curl command: in the selection, else at the cursor.
    const sel = editor && editor.document === doc && !editor.selection.isEmpty && args?.offset === undefined && args?.line === undefined ? editor.selection : undefined;
    const c = sel ? findCurlCommands(doc.getText(sel))[0] : curlAtOffset(text, offset);
    if (!c) throw stop('no-request', vscode.l10n.t('No request found: put the cursor in a request of a .http file or on a curl command, select a curl command, or open a HAR file.'));
    const line = sel ? sel.start.line + c.line : c.line;
    const request = { method: c.method, url: c.url, headers: c.headers.map((h): [string, string] => [h.name, h.value]), body: c.body, followRedirects: c.followRedirects };
    return { ...prepareExchangeSend('curl', request, line, token), source: 'curl' };
  }

  /** Asks before the first request to an origin; remembers the origin only (in user settings). Undefined: go ahead. */
  private async allowed(p: Prepared): Promise<ReplayOutcome | undefined> {
    const decision = replayDecision({ trusted: vscode.workspace.isTrusted, request: { ...p.send, secrets: p.secrets }, approved: approvedOrigins() });
    const shown = `${p.send.method} ${redactUrl(p.send.url, p.secrets).slice(0, 200)}`;
    switch (decision.kind) {
      case 'refuse-untrusted':
        return this.finish(
          { kind: 'refused', reason: 'untrusted' },
          vscode.l10n.t('Nothing was sent: this workspace is not trusted, and replaying sends requests taken from its files. Trust the workspace to replay; "JWT: Diagnose Response" still works on recorded responses.'),
          'warning',
        );
      case 'refuse-url':
        return this.finish({ kind: 'refused', reason: 'bad-url' }, vscode.l10n.t('Nothing was sent: {0} is not an http or https URL.', shown), 'error', p.secrets);
      case 'refuse-cleartext':
        return this.finish(
          { kind: 'refused', reason: 'cleartext', origin: decision.origin },
          vscode.l10n.t('Nothing was sent: {0} carries a credential, and {1} is plain http (not loopback), where anyone on the path could read it. Use https.', shown, decision.origin),
          'error',
          p.secrets,
        );
      case 'send':
        return undefined;
      case 'ask': {
        const sendIt = vscode.l10n.t('Send to {0}', decision.origin);
        const answer = await vscode.window.showWarningMessage(
          decision.credential ? vscode.l10n.t('Send your token to {0}?', decision.origin) : vscode.l10n.t('Send this request to {0}?', decision.origin),
          {
            modal: true,
            detail: vscode.l10n.t(
              'Replaying {0} sends it, with every header and body it carries, to {1} (scheme, host and port), which you have not approved yet. Only the origin is remembered (setting jwtMfa.replay.approvedHosts, user settings), never the token; "JWT: Forget Approved Hosts" clears the list.',
              redactText(shown, p.secrets),
              decision.origin,
            ),
          },
          sendIt,
        );
        if (answer !== sendIt) return this.finish({ kind: 'refused', reason: 'declined', origin: decision.origin });
        const cfg = vscode.workspace.getConfiguration(SECTION);
        await cfg.update(KEYS.replayApprovedHosts, withApprovedOrigin(approvedOrigins(), decision.origin), vscode.ConfigurationTarget.Global);
        return undefined;
      }
    }
  }

  /** Where the inspector shows the sent token: its place in the document when it is written there. */
  private tokenTarget(doc: vscode.TextDocument, request: DiagnoseRequest): InspectTarget | undefined {
    const raw = bearerOf(request.headers);
    if (!raw || !scan(raw).length) return undefined;
    // The occurrence in the request itself (its line onwards), not the first one in the file.
    const text = doc.getText();
    const from = request.line !== undefined && request.line < doc.lineCount ? doc.offsetAt(new vscode.Position(request.line, 0)) : 0;
    const after = text.indexOf(raw, from);
    const at = after >= 0 ? after : text.indexOf(raw);
    if (at >= 0) return { kind: 'source', source: { uri: doc.uri.toString(), start: at, end: at + raw.length } };
    return { kind: 'raw', raw };
  }

  /** Where the diagnosed request is, as the user knows the file: `partner-center.http:30`, `capture.har, entry 3 (line 89)`. */
  private sourceOf(doc: vscode.TextDocument, line: number | undefined, harEntry: number | undefined): string {
    // A file outside the workspace (the walkthrough's bundled sample) is named by its own name, not its path.
    const name = vscode.workspace.getWorkspaceFolder(doc.uri) ? vscode.workspace.asRelativePath(doc.uri) : path.posix.basename(doc.uri.path);
    if (harEntry !== undefined) return diagnosisWord('harEntry', this.locale(), name, harEntry + 1, (line ?? 0) + 1);
    return line === undefined ? name : `${name}:${line + 1}`;
  }

  private async present(
    doc: vscode.TextDocument,
    d: Diagnosis,
    request: DiagnoseRequest | null,
    heading: string,
    extra: string[],
    sent: boolean,
    redirects: RedirectHop[],
    about: { args: ReplayArgs; responseHeaders: ReadonlyArray<readonly [string, string]>; replayable: boolean },
    secrets?: readonly string[],
    at?: { source: string; index: number; line: number },
  ): Promise<ReplayOutcome> {
    const claims = d.token?.decoded.claims;
    this.lastContext = {
      args: { uri: doc.uri.toString(), line: about.args.line ?? request?.line, offset: about.args.line === undefined && request?.line === undefined ? about.args.offset : undefined, entry: about.args.entry, env: about.args.env },
      uri: doc.uri.toString(),
      url: request ? redactUrl(request.url, secrets) : undefined,
      causes: d.causes.map((c) => c.code),
      wwwAuthenticate: about.responseHeaders.filter(([n]) => n.toLowerCase() === 'www-authenticate').map(([, v]) => String(v)),
      sentAudiences: claims ? audiencesOf(claims) : [],
      replayable: about.replayable && !!request,
    };
    const l = this.locale();
    const view = diagnosisView(d, l, { source: this.sourceOf(doc, at?.line ?? request?.line, at?.source === 'har' ? at.index : undefined) });
    this.output.append([`[${new Date(this.now()).toISOString()}] ${heading}`, ...extra, diagnosisText(d, l)].join('\n'), secrets);
    await this.inspector.showDiagnosisFor(request ? this.tokenTarget(doc, request) : undefined, view);
    const o: ReplayOutcome = { kind: 'diagnosed', sent, status: d.response.status, statusText: d.response.statusText, causes: d.causes.map((c) => c.code), view, redirects };
    this.last = o;
    this.diagnosed.fire(this.lastContext);
    return o;
  }

  replay(args?: ReplayArgs): Promise<ReplayOutcome> {
    return this.run(args);
  }

  private async run(args?: ReplayArgs, token?: string): Promise<ReplayOutcome> {
    let secrets: readonly string[] = [];
    try {
      const { doc, editor } = await this.documentOf(args);
      const p = await this.prepare(doc, editor, args, token);
      secrets = p.secrets;
      const refusal = await this.allowed(p);
      if (refusal) return refusal;
      const settings = getSettings(doc.uri);
      const httpCfg = vscode.workspace.getConfiguration('http');
      const proxy = proxyFor(p.send.url, process.env, { proxy: httpCfg.get<string>('proxy'), noProxy: httpCfg.get<string[]>('noProxy') });
      const target = `${p.send.method} ${redactUrl(p.send.url, secrets).slice(0, 200)}`;
      let res;
      const sentAt = this.now();
      try {
        res = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Replaying {0}', target), cancellable: true },
          (_progress, token) => {
            const ctl = new AbortController();
            const sub = token.onCancellationRequested(() => ctl.abort());
            return send(p.send, {
              timeoutMs: settings.replayTimeoutMs,
              maxBodyBytes: Math.round(settings.replayMaxBodyMB * 1024 * 1024),
              proxy,
              signal: ctl.signal,
              followRedirects: p.followRedirects,
              secrets,
              // A redirect goes on to another origin only when the user approved it already (never asks mid-way).
              approveOrigin: (o) => isApprovedOrigin(o, approvedOrigins()),
            }).finally(() => sub.dispose());
          },
        );
      } catch (e) {
        if (e instanceof SendError) {
          if (e.code === 'aborted') return this.finish({ kind: 'cancelled' }, vscode.l10n.t('Replay of {0} cancelled.', target), 'info');
          // The reason in the language of the sentence around it (the sender explains in English).
          const sentTo = parseUrl(p.send.url);
          const host = sentTo ? hostPort(sentTo) : redactUrl(p.send.url, secrets).slice(0, 200);
          const reason = sendErrorText(e.code, e.message, this.locale(), { host, timeoutMs: settings.replayTimeoutMs, detail: e.detail });
          return this.finish({ kind: 'error', code: e.code, message: redactText(e.message, secrets) }, vscode.l10n.t('Replay of {0} failed: {1}', target, reason), 'error', secrets);
        }
        throw e;
      }
      const d = diagnose({
        // The URL as shown: credentials in it redacted by value (the host, which the diagnosis reads, stays).
        request: { ...p.request, url: redactUrl(p.request.url, secrets) },
        response: { status: res.status, statusText: res.statusText, headers: res.headers, body: res.body },
        source: p.source === 'har' ? 'har' : 'live',
        settings,
        now: sentAt,
        exchangeTime: sentAt,
      });
      const extra = res.redirects.map((r) =>
        vscode.l10n.t('Redirect {0} to {1}{2}', String(r.status), redactUrl(r.to, secrets), r.dropped.length ? vscode.l10n.t(' (not sent to another origin: {0})', r.dropped.join(', ')) : ''),
      );
      if (res.truncated) extra.push(vscode.l10n.t('The response body was cut at {0} MB (setting jwtMfa.replay.maxBodyMB).', String(settings.replayMaxBodyMB)));
      return await this.present(doc, d, p.request, vscode.l10n.t('Replayed {0} in {1} ms', target, String(res.elapsedMs)), extra, true, res.redirects, { args: args ?? {}, responseHeaders: res.headers, replayable: true }, secrets, p.entry !== undefined ? { source: 'har', index: p.entry, line: p.request.line ?? 0 } : undefined);
    } catch (e) {
      if (e instanceof Stop) return this.finish(e.outcome, e.show, 'error', secrets);
      const m = String((e as Error)?.message ?? e);
      return this.finish({ kind: 'error', code: 'unexpected', message: redactText(m, secrets) }, vscode.l10n.t('Replay failed: {0}', m), 'error', secrets);
    }
  }

  /** Nothing is sent: a HAR entry's recorded response, a saved response under a .http request, or a raw response. */
  async diagnoseResponse(args?: ReplayArgs): Promise<ReplayOutcome> {
    try {
      const { doc, editor } = await this.documentOf(args);
      const text = doc.getText();
      const offset = Number.isInteger(args?.offset) ? args!.offset! : editor ? doc.offsetAt(editor.selection.active) : 0;
      const line = Number.isInteger(args?.line) ? args!.line! : doc.positionAt(offset).line;
      let x: Exchange | undefined;
      let request: Exchange['request'] = null;
      const kind = kindOfDocument(doc);
      if (kind === 'http') {
        const { parse } = await this.httpParseOptions(doc, args?.env, false);
        const all = listExchanges(text, documentName(doc), parse);
        x = args?.entry !== undefined ? all.find((e) => e.index === args.entry) : exchangeInBlock(text, all, line);
        if (!x?.response) throw stop('no-response', vscode.l10n.t('The request at the cursor has no saved response below it (a line starting with "HTTP/"). Use "JWT: Replay Request & Diagnose" to send it.'));
        request = x.request;
      } else if (kind === 'har') {
        const entries = listExchanges(text, documentName(doc)).filter((e) => e.source === 'har' && e.response && e.response.status > 0);
        if (!entries.length) throw stop('no-response', vscode.l10n.t('This HAR file has no recorded responses.'));
        x = await this.pickExchange(entries, args?.entry, vscode.l10n.t('HAR entry to diagnose (method, URL, recorded status)'));
        request = x.request;
      } else {
        const all = listExchanges(text, documentName(doc));
        const raws = all.filter((e) => e.source === 'raw');
        x = args?.entry !== undefined ? raws.find((e) => e.index === args.entry) : (exchangeAtLine(raws, line) ?? raws[0]);
        if (!x?.response) throw stop('no-response', vscode.l10n.t('No HTTP response found in this document (a status line such as "HTTP/1.1 401 Unauthorized", then headers).'));
        // The curl command above the response (if any) tells which token was sent.
        request = exchangeAtLine(all.filter((e) => e.source === 'curl'), x.line)?.request ?? null;
      }
      const req: DiagnoseRequest | null = request ? { method: request.method, url: request.url, headers: request.headers, line: x.line, ...(request.minted ? { minted: request.minted } : {}) } : null;
      const d = diagnose({ request: req, response: x.response!, source: x.source, settings: getSettings(doc.uri), now: this.now(), exchangeTime: x.startedAt });
      return await this.present(doc, d, req, vscode.l10n.t('Diagnosed the recorded response {0} (nothing sent)', x.label), [], false, [], {
        args: { env: args?.env, entry: x.source === 'har' ? x.index : undefined },
        responseHeaders: x.response!.headers,
        replayable: x.source === 'http' || x.source === 'har',
      }, undefined, x);
    } catch (e) {
      this.inspector.clearDiagnosis();
      if (e instanceof Stop) return this.finish(e.outcome, e.show);
      return this.finish({ kind: 'error', code: 'unexpected', message: redactText(String((e as Error)?.message ?? e)) }, vscode.l10n.t('Diagnosis failed: {0}', String((e as Error)?.message ?? e)));
    }
  }

  async forget(): Promise<void> {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    await cfg.update(KEYS.replayApprovedHosts, undefined, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(vscode.l10n.t('Approved origins forgotten: the next replay asks again.'));
  }
}

