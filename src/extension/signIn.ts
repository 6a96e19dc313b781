// "Get a new token with MFA": from a 401 diagnosis to a fresh token through VS Code's own sign-in
// (`authentication.getSession`, with a claims challenge's WWW-Authenticate when there is one), the new
// token inspected at once (MFA first), and the original request replayed with it. The token lives in
// this module's memory only: never in a file, a setting, state or a log; copied only on request.
import * as vscode from 'vscode';
import { checkForRequests, contextFor } from '../core/analyze';
import { severityWord } from '../core/catalog/diagnosis';
import { renderFinding, toLocale } from '../core/catalog/findings';
import { audiencesOf, mfaOf, strList } from '../core/classify';
import { decode } from '../core/decode';
import { offersSignIn, signInPlan, type SignInPlan } from '../core/signIn';
import { redact, redactText, redactUrl } from '../core/redact';
import { canGetNow, type AadOptions } from '../core/http/minted';
import { kindOfDocument } from './locate';
import { isMintedArgs, mintedRequestsOf, type MintedArgs } from './minted';
import type { DiagnosisView } from '../webview/protocol';
import { Commands } from './commands';
import { getSettings } from './config';
import type { DisposableStore } from './lifecycle';
import type { InspectorApi } from './inspector/register';
import { diagnosisLabels } from './inspector/viewModel';
import type { DiagnosedContext, ReplayApi, ReplayOutcome } from './replay/replay';

export const SIGN_IN_SECTION = 'jwtMfa.signIn';

/** What the command ended with (tests read it; it never holds the token). */
export type SignInOutcome =
  | {
      kind: 'signed-in';
      providerId: string;
      /** What was asked of getSession. */
      request: { scopes: string[]; wwwAuthenticate?: string; mode: SignInPlan['mode'] };
      /** The new token's MFA verdict and audiences. */
      mfa: ReturnType<typeof mfaOf> | 'not-a-jwt';
      audiences: string[];
      amr: string[];
      /** True when the original request can be replayed with it. */
      replayable: boolean;
    }
  | { kind: 'error'; code: string; message: string; request?: { scopes: string[]; wwwAuthenticate?: string; mode: SignInPlan['mode'] } }
  | { kind: 'cancelled' };

export interface SignInApi {
  lastOutcome(): SignInOutcome | undefined;
  /** True while a token from sign-in is held (for tests: never the token itself). */
  hasToken(): boolean;
}

interface Held {
  token: string;
  context?: DiagnosedContext;
}

export function registerSignIn(store: DisposableStore, context: vscode.ExtensionContext, inspector: InspectorApi, replay: ReplayApi): SignInApi {
  let held: Held | undefined;
  let last: SignInOutcome | undefined;
  const docsUri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'signin.md');

  const settings = () => {
    const cfg = vscode.workspace.getConfiguration(SIGN_IN_SECTION);
    const s = (k: string) => {
      // Application settings only: a workspace cannot choose who signs the user in.
      const v = cfg.inspect<unknown>(k)?.globalValue;
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    };
    return { providerId: s('providerId') ?? 'microsoft', clientId: s('clientId'), tenant: s('tenant') };
  };

  const fail = (code: string, message: string, request?: Extract<SignInOutcome, { kind: 'error' }>['request']): SignInOutcome => {
    last = { kind: 'error', code, message: redactText(message), request };
    void vscode.window.showErrorMessage(redactText(message));
    return last;
  };

  /** The view above the new token in the inspector: what sign-in gave, MFA first. */
  const tokenView = (o: SignInOutcome & { kind: 'signed-in' }, plan: SignInPlan, token: string, url: string | undefined): DiagnosisView => {
    const ok = o.mfa === 'compliant';
    const amr = o.amr.length ? o.amr.join(', ') : vscode.l10n.t('(absent)');
    const locale = toLocale(vscode.env.language);
    const decoded = decode(token);
    const settings = getSettings(held?.context ? vscode.Uri.parse(held.context.uri) : undefined);
    const findings = checkForRequests(decoded, contextFor(settings, Date.now()), []);
    // MFA first, then the rest.
    findings.sort((a, b) => Number(b.code === 'mfa-missing') - Number(a.code === 'mfa-missing'));
    const causes: DiagnosisView['causes'] = ok
      ? []
      : [
          {
            code: 'mfa-missing',
            summary: vscode.l10n.t('The new token still has no "mfa" in its amr ({0}): signing in again did not bring MFA.', amr),
            evidence: [`amr: ${amr}`, `scope: ${plan.apiScope}`],
            remedy: vscode.l10n.t(
              'The tenant does not require MFA for this user and this app: security defaults are off, no Conditional Access policy asks for MFA, or a federated identity provider does not pass its MFA on to Entra ID. See "When the new token still has no MFA" (docs/signin.md) for the fix.',
            ),
          },
        ];
    const labels = {
      ...diagnosisLabels(locale),
      request: vscode.l10n.t('For'),
      response: vscode.l10n.t('MFA'),
      token: vscode.l10n.t('New token'),
      noCauses: vscode.l10n.t('Nothing to fix: replay the request with it.'),
    };
    return {
      title: vscode.l10n.t('New token from sign-in'),
      summary: ok ? vscode.l10n.t('MFA ✓ — amr: {0}', amr) : vscode.l10n.t('MFA ✗ — amr: {0}', amr),
      status: ok ? vscode.l10n.t('MFA ✓ — amr: {0}', amr) : vscode.l10n.t('MFA ✗ — amr: {0}', amr),
      request: url,
      token: {
        redacted: redact(token),
        verdicts: findings.map((f) => ({ code: f.code, severity: f.severity, severityLabel: severityWord(f.severity, locale), message: redactText(renderFinding(f, locale).message) })),
      },
      causes,
      tone: ok ? 'ok' : 'bad',
      labels,
    };
  };

  /** "Get it now and inspect" on a `{{$aadToken}}` request: the request, as a context the replay can use. */
  const mintedRequest = async (a: MintedArgs): Promise<{ ctx: DiagnosedContext; aad: AadOptions } | undefined> => {
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
    } catch {
      return undefined;
    }
    const m = mintedRequestsOf(doc).find((x) => x.request.line === a.line);
    if (!m || !canGetNow(m.minted) || !m.minted.aad) return undefined;
    // Replay reads .http files and Markdown's ```http / ```rest fences: both requests can be replayed with the new token.
    const kind = kindOfDocument(doc);
    const ctx: DiagnosedContext = { args: { uri: a.uri, line: a.line }, uri: a.uri, url: redactUrl(m.request.url), causes: [], wwwAuthenticate: [], sentAudiences: [], replayable: kind === 'http' || kind === 'markdown' };
    return { ctx, aad: m.minted.aad };
  };

  const getToken = async (args?: unknown): Promise<SignInOutcome> => {
    const minted = isMintedArgs(args) ? await mintedRequest(args) : undefined;
    if (isMintedArgs(args) && !minted)
      return fail('no-request', vscode.l10n.t('There is no request that gets its token from {{$aadToken}} or {{$aadV2Token}} on line {0} any more.', String(args.line + 1)));
    const ctx = minted ? minted.ctx : replay.lastDiagnosed();
    const useCtx = minted ? minted.ctx : ctx && offersSignIn(ctx.causes) ? ctx : undefined;
    const s = settings();
    const docSettings = getSettings(useCtx ? vscode.Uri.parse(useCtx.uri) : undefined);
    const result = signInPlan({
      causes: useCtx?.causes ?? [],
      url: useCtx?.url,
      wwwAuthenticate: useCtx?.wwwAuthenticate,
      sentAudiences: useCtx?.sentAudiences,
      audiencesByHost: docSettings.audiencesByHost,
      expectedAudiences: docSettings.expectedAudiences,
      clientId: s.clientId,
      tenant: s.tenant,
      aad: minted?.aad,
    });
    if (!result.ok) {
      const msg =
        result.error === 'bad-client-id'
          ? vscode.l10n.t('The setting jwtMfa.signIn.clientId must be an application (client) ID: a GUID.')
          : result.error === 'bad-tenant'
            ? vscode.l10n.t('The setting jwtMfa.signIn.tenant must be a tenant ID or domain name.')
            : vscode.l10n.t('No audience to ask a token for: set jwtMfa.expectedAudiences or jwtMfa.audiencesByHost.');
      return fail(result.error, msg);
    }
    const plan = result.plan;
    const request = { scopes: plan.scopes, wwwAuthenticate: plan.wwwAuthenticate, mode: plan.mode };
    const detail = plan.mfaDetail
      ? vscode.l10n.t('A new sign-in for {0}: you will be asked for multi-factor authentication (MFA), so that the new token carries "mfa" in its amr claim.', plan.apiScope)
      : vscode.l10n.t('A token for {0}, the audience this API expects.', plan.apiScope);
    const what: readonly string[] | vscode.AuthenticationWwwAuthenticateRequest = plan.wwwAuthenticate ? { wwwAuthenticate: plan.wwwAuthenticate, fallbackScopes: plan.scopes } : plan.scopes;
    let session: vscode.AuthenticationSession;
    try {
      session =
        plan.mode === 'force'
          ? await vscode.authentication.getSession(s.providerId, what, { forceNewSession: { detail } })
          : await vscode.authentication.getSession(s.providerId, what, { createIfNone: { detail } });
    } catch (e) {
      const m = String((e as Error)?.message ?? e);
      if (/did not consent|cancel/i.test(m)) {
        last = { kind: 'cancelled' };
        return last;
      }
      return fail('sign-in', vscode.l10n.t('Sign-in through "{0}" failed: {1}', s.providerId, m), request);
    }
    const token = session.accessToken;
    held = { token, context: useCtx?.replayable ? useCtx : undefined };
    void vscode.commands.executeCommand('setContext', 'jwtMfa.hasNewToken', true);
    const decoded = decode(token);
    const claims = decoded.claims;
    const outcome: SignInOutcome = {
      kind: 'signed-in',
      providerId: s.providerId,
      request,
      mfa: claims ? mfaOf(claims) : 'not-a-jwt',
      audiences: claims ? audiencesOf(claims) : [],
      amr: claims?.amr !== undefined ? strList(claims.amr) : [],
      replayable: !!held.context,
    };
    last = outcome;
    // Inspected at once: the inspector shows the new token (kept in memory) with its verdicts.
    await inspector.showDiagnosisFor({ kind: 'raw', raw: token }, tokenView(outcome, plan, token, held.context?.url));
    void offerNext(outcome);
    return outcome;
  };

  /** The notification after sign-in: replay, copy, and (without MFA) why. Never awaited by the command. */
  const offerNext = async (o: SignInOutcome & { kind: 'signed-in' }): Promise<void> => {
    const replayIt = vscode.l10n.t('Replay the request with it');
    const copy = vscode.l10n.t('Copy as Authorization header');
    const why = vscode.l10n.t('Why no MFA?');
    const buttons = [...(o.replayable ? [replayIt] : []), ...(o.mfa === 'compliant' ? [] : [why]), copy];
    const amr = o.amr.length ? o.amr.join(', ') : vscode.l10n.t('(absent)');
    const picked =
      o.mfa === 'compliant'
        ? await vscode.window.showInformationMessage(vscode.l10n.t('New token: MFA ✓ (amr: {0}). It is kept in memory for this session only.', amr), ...buttons)
        : await vscode.window.showWarningMessage(vscode.l10n.t('The new token still has no MFA (amr: {0}): the tenant does not require it for this sign-in.', amr), ...buttons);
    if (picked === replayIt) await vscode.commands.executeCommand(Commands.replayWithNewToken);
    else if (picked === copy) await vscode.commands.executeCommand(Commands.copyNewTokenAsHeader);
    else if (picked === why) await vscode.commands.executeCommand('markdown.showPreview', docsUri);
  };

  const replayWithNewToken = async (): Promise<ReplayOutcome | undefined> => {
    if (!held?.context) {
      void vscode.window.showWarningMessage(vscode.l10n.t('There is no request to replay: get a new token from a 401 diagnosis of a request first.'));
      return undefined;
    }
    return replay.replayWithToken(held.context, held.token);
  };

  const copyAsHeader = async (): Promise<boolean> => {
    if (!held) {
      void vscode.window.showWarningMessage(vscode.l10n.t('There is no token from sign-in in this session yet.'));
      return false;
    }
    const copyIt = vscode.l10n.t('Copy');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Copy the new token as an Authorization header?'),
      { modal: true, detail: vscode.l10n.t('The clipboard will hold a credential: anyone who gets it can call the API as you until it expires. Paste it only where it is needed, and do not commit it.') },
      copyIt,
    );
    if (answer !== copyIt) return false;
    await vscode.env.clipboard.writeText(`Authorization: Bearer ${held.token}`);
    return true;
  };

  store.add(vscode.commands.registerCommand(Commands.getTokenWithMfa, getToken));
  store.add(vscode.commands.registerCommand(Commands.replayWithNewToken, replayWithNewToken));
  store.add(vscode.commands.registerCommand(Commands.copyNewTokenAsHeader, copyAsHeader));
  // The action on the 401 diagnosis, when a new token can fix what it found.
  store.add(
    replay.onDidDiagnose((ctx) => {
      if (!offersSignIn(ctx.causes)) return;
      const getIt = vscode.l10n.t('Get a new token with MFA');
      void vscode.window.showInformationMessage(vscode.l10n.t('A new token can fix this 401 ({0}).', ctx.causes.filter((c) => offersSignIn([c])).join(', ')), getIt).then((picked) => {
        if (picked === getIt) void vscode.commands.executeCommand(Commands.getTokenWithMfa);
      });
    }),
  );
  return { lastOutcome: () => last, hasToken: () => !!held };
}
