// TEST ONLY (never in the .vsix): an authentication provider inside the real VS Code host, chosen by
// `jwtMfa.signIn.providerId: "jwt-mfa-stand-in"` in throwaway user settings. It mints tokens with the
// stand-in's throwaway key (test/stand-in), with `mfa` in amr or not (setting jwtMfaStandInAuth.mfa),
// for the audience the scope names, and records what it was asked: scopes and challenges, never a
// token (command jwtMfaStandInAuth.requests, and asked.json in its global storage or JWT_MFA_AUTH_RECORD).
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { CLIENT_APP_ID, createMinter, loadKey } from '../stand-in/tokens';

export const PROVIDER_ID = 'jwt-mfa-stand-in';
const PC_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

export interface Asked {
  op: 'getSessions' | 'createSession' | 'getSessionsFromChallenges' | 'createSessionFromChallenges';
  scopes?: string[];
  challenges?: Array<{ scheme: string; params: Record<string, string> }>;
  fallbackScopes?: string[];
  /** amr of the token minted (createSession*). */
  amr?: string[];
}

/** The audience a scope asks for: Partner Center's user_impersonation, or `<resource>/.default`. */
function audienceOf(scopes: readonly string[]): string {
  const api = scopes.find((s) => !s.startsWith('VSCODE_')) ?? PC_SCOPE;
  if (api === PC_SCOPE) return 'https://api.partnercenter.microsoft.com';
  return api.replace(/\/\.default$/, '').replace(/\/user_impersonation$/, '');
}

export function activate(context: vscode.ExtensionContext) {
  const key = loadKey(path.join(context.extensionPath, 'dist', 'signing-key.pem'));
  const minter = createMinter('https://login.microsoftonline.com/7e57a11c-0000-4000-8000-00000000a11c/v2.0', { key });
  const asked: Asked[] = [];
  const sessions: vscode.AuthenticationSession[] = [];
  const changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  let n = 0;
  const record = (a: Asked) => {
    asked.push(a);
    // Where the UI tests read it: JWT_MFA_AUTH_RECORD, else the provider's global storage folder.
    const file = process.env.JWT_MFA_AUTH_RECORD ?? path.join(context.globalStorageUri.fsPath, 'asked.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(asked, null, 2));
  };
  const mint = (scopes: readonly string[], claims: Record<string, unknown> = {}): { session: vscode.AuthenticationSession; amr: string[] } => {
    const mfa = vscode.workspace.getConfiguration('jwtMfaStandInAuth').get<boolean>('mfa', true);
    const amr = mfa ? ['pwd', 'mfa'] : ['pwd'];
    const clientId = scopes.find((s) => s.startsWith('VSCODE_CLIENT_ID:'))?.slice('VSCODE_CLIENT_ID:'.length) ?? CLIENT_APP_ID;
    // stand_in_auth marks the tokens this provider made, for the tests' sweeps of every file.
    const accessToken = minter.mint('mfa', { aud: audienceOf(scopes), amr, appid: clientId, azp: clientId, stand_in_auth: true, ...claims });
    const session: vscode.AuthenticationSession = { id: `stand-in-${++n}`, accessToken, scopes: [...scopes], account: { id: 'stand-in-user', label: 'user@stand-in.example' } };
    sessions.push(session);
    changed.fire({ added: [session], removed: [], changed: [] });
    return { session, amr };
  };
  const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join(' ') === [...b].sort().join(' ');
  const provider = {
    onDidChangeSessions: changed.event,
    async getSessions(scopes: readonly string[] | undefined) {
      record({ op: 'getSessions', scopes: scopes ? [...scopes] : undefined });
      return scopes ? sessions.filter((s) => same(s.scopes, scopes)) : sessions;
    },
    async createSession(scopes: readonly string[]) {
      const { session, amr } = mint(scopes);
      record({ op: 'createSession', scopes: [...scopes], amr });
      return session;
    },
    async removeSession(id: string) {
      const i = sessions.findIndex((s) => s.id === id);
      if (i >= 0) changed.fire({ added: [], removed: sessions.splice(i, 1), changed: [] });
    },
    // VS Code's authenticationChallenges provider side (proposed; checked only at run time).
    async getSessionsFromChallenges(c: { challenges: readonly { scheme: string; params: Record<string, string> }[]; fallbackScopes?: readonly string[] }) {
      record({ op: 'getSessionsFromChallenges', challenges: c.challenges.map((x) => ({ scheme: x.scheme, params: { ...x.params } })), fallbackScopes: c.fallbackScopes ? [...c.fallbackScopes] : undefined });
      return []; // a claims challenge is never met by a cached token
    },
    async createSessionFromChallenges(c: { challenges: readonly { scheme: string; params: Record<string, string> }[]; fallbackScopes?: readonly string[] }) {
      const scopes = c.fallbackScopes ?? [PC_SCOPE];
      // Satisfies an auth-context claims challenge (acrs c1) as Entra would after the step-up.
      const wantsC1 = c.challenges.some((x) => x.params.claims && Buffer.from(x.params.claims, 'base64').toString('utf8').includes('"c1"'));
      const { session, amr } = mint(scopes, wantsC1 ? { acrs: ['c1'] } : {});
      record({ op: 'createSessionFromChallenges', challenges: c.challenges.map((x) => ({ scheme: x.scheme, params: { ...x.params } })), fallbackScopes: [...scopes], amr });
      return session;
    },
  };
  context.subscriptions.push(
    changed,
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, 'Stand-in sign-in (test only)', provider, { supportsMultipleAccounts: false, supportsChallenges: true } as vscode.AuthenticationProviderOptions),
    vscode.commands.registerCommand('jwtMfaStandInAuth.requests', () => asked.map((a) => ({ ...a }))),
    vscode.commands.registerCommand('jwtMfaStandInAuth.reset', () => {
      asked.length = 0;
      changed.fire({ added: [], removed: sessions.splice(0), changed: [] });
    }),
  );
}

export function deactivate() {}
