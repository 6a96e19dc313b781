// The inspector panel inside a real VS Code: opens it for a user token, an app-only token, a JWE and a
// hostile token, and asserts what the webview is given (its DOM is out of the extension host's reach;
// the webview renders the posted model with textContent only, see src/webview/main.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { ViewModel } from '../../../src/webview/protocol';
import { api, until } from '../util';
import { b64, keyPair, mint, TID } from '../../unit/helpers/fixtures';

const FAR = 4102444800; // 2100-01-01: these fixtures must not expire while the suite runs.
// VS Code runs at the real clock, so times here are relative to it, not to the unit tests' frozen NOW.
const NOW_S = Math.floor(Date.now() / 1000);

const USER = mint({
  aud: 'https://api.partnercenter.microsoft.com', iss: `https://sts.windows.net/${TID}/`, tid: TID, ver: '1.0',
  iat: NOW_S - 60, nbf: NOW_S - 60, exp: FAR, amr: ['pwd'], scp: 'user_impersonation', upn: 'ada@contoso.com', appid: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
}, { typ: 'JWT', alg: 'RS256', kid: 'k1' });
const APP = mint({
  aud: 'https://api.partnercenter.microsoft.com', iss: `https://sts.windows.net/${TID}/`, tid: TID, ver: '1.0',
  iat: NOW_S - 60, exp: FAR, idtyp: 'app', roles: ['Orders.Read'], appid: 'a1', oid: 'o1', sub: 'o1', appidacr: '1',
}, { typ: 'JWT', alg: 'RS256', kid: 'k1' });
const JWE = `${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc1' })}.ZW5jcnlwdGVka2V5.aXZpdml2.Y2lwaGVydGV4dA.dGFndGFn`;
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE = `${b64({ alg: 'RS256', kid: '<script>alert(1)</script>' })}.${b64(
  `{"aud":"https://api.partnercenter.microsoft.com","name":"${HOSTILE_NAME}","upn":"evil\\u202Egnp.exe","__proto__":{"polluted":1},"exp":${FAR},"deep":${'['.repeat(10000)}${']'.repeat(10000)}}`,
)}.c2ln`;
const GRAPH = mint({ aud: '00000003-0000-0000-c000-000000000000', iss: `https://sts.windows.net/${TID}/`, exp: FAR, amr: ['pwd', 'mfa'], scp: 'User.Read' }, { typ: 'JWT', alg: 'RS256', kid: 'k1', nonce: 'abc' }, 'c2ln');

async function docWith(content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ content, language: 'plaintext' });
}

/** Opens the inspector as a hover link does (args {uri, start, end}) and waits for that token's model. */
async function inspect(a: ExtensionApi, token: string): Promise<ViewModel> {
  const doc = await docWith(`GET https://api.partnercenter.microsoft.com/v1/customers\nAuthorization: Bearer ${token}\n`);
  const start = doc.getText().indexOf(token);
  await vscode.commands.executeCommand('jwtMfa.openInspector', { uri: doc.uri.toString(), start, end: start + token.length });
  return until('the view model', () => {
    const m = a.inspector.lastModel();
    return m && m.source?.uri === doc.uri.toString() && m.source.start === start ? m : undefined;
  });
}

const card = (m: ViewModel, id: string) => {
  const c = m.cards.find((x) => x.id === id);
  assert.ok(c, `card ${id}`);
  return c;
};
const english = () => vscode.env.language.startsWith('en');

/** Waits until the webview has rendered text containing every `needle` (the real DOM, via its report). */
async function rendered(a: ExtensionApi, ...needles: string[]): Promise<{ text: string; active: number }> {
  return until(`the webview to render ${JSON.stringify(needles)}`, () => {
    const r = a.inspector.lastRendered();
    return r && needles.every((n) => r.text.includes(n)) ? r : undefined;
  });
}

describe('inspector panel', function () {
  this.timeout(30000);
  let a: ExtensionApi;

  before(async () => {
    a = await api();
  });

  after(() => {
    a.inspector.close();
  });

  it('shows a user token without mfa: not compliant, Partner Center audience, findings and claims', async () => {
    const m = await inspect(a, USER);
    assert.ok(a.inspector.isOpen());
    assert.equal(m.kind, 'jws');
    assert.equal(card(m, 'mfa').tone, 'bad');
    assert.equal(card(m, 'audience').tone, 'ok');
    assert.equal(card(m, 'lifetime').tone, 'ok');
    assert.equal(m.segments.parts.length, 3);
    assert.equal(m.segments.parts.map((p) => p.text).join('.'), USER);
    assert.ok(m.findings.some((f) => f.code === 'mfa-missing' && f.remedy.length > 0));
    const amr = m.claims.find((r) => r.name === 'amr');
    assert.equal(amr?.amr?.[0].value, 'pwd');
    assert.ok(m.claims.find((r) => r.name === 'exp')?.time?.utc.startsWith('2100-01-01'));
    assert.equal(m.canVerify, true);
    if (english()) {
      assert.equal(card(m, 'mfa').value, 'Not compliant');
      assert.match(card(m, 'type').value, /v1 · App\+User · Entra ID/);
    }
    // The webview's script ran under the CSP, answered "ready", and rendered the model.
    await until('the webview to say ready', () => (a.inspector.isReady() ? true : undefined));
    const r = await rendered(a, 'ada@contoso.com', card(m, 'mfa').value, m.findings[0].remedy);
    assert.ok(!r.text.includes(USER.split('.')[1]), 'the rendered text reported back holds no token segment');
  });

  it('shows an app-only token: MFA not applicable', async () => {
    const m = await inspect(a, APP);
    assert.equal(card(m, 'mfa').tone, 'info');
    assert.ok(!m.findings.some((f) => f.code === 'mfa-missing'));
    assert.ok(m.findings.some((f) => f.code === 'app-only'));
    if (english()) {
      assert.equal(card(m, 'mfa').value, 'Not applicable (app-only)');
      assert.match(card(m, 'type').value, /App-only/);
    }
  });

  it('shows a JWE as encrypted, with five segments and nothing to verify', async () => {
    const m = await inspect(a, JWE);
    assert.equal(m.kind, 'jwe');
    assert.equal(m.segments.parts.length, 5);
    assert.equal(m.claims.length, 0);
    assert.equal(m.canVerify, false);
    assert.ok(m.findings.some((f) => f.code === 'encrypted'));
    assert.ok(m.headerRows.some((r) => r.name === 'enc' && r.value === 'A256GCM'));
  });

  it('gives hostile claim values to the webview as inert, visible text', async () => {
    const m = await inspect(a, HOSTILE);
    assert.equal(m.claims.find((r) => r.name === 'name')?.value, HOSTILE_NAME);
    assert.equal(m.claims.find((r) => r.name === 'upn')?.value, 'evil⟪U+202E⟫gnp.exe');
    assert.ok(m.claims.some((r) => r.name === '__proto__'));
    assert.equal(m.headerRows.find((r) => r.name === 'kid')?.value, '<script>alert(1)</script>');
    const deep = m.claims.find((r) => r.name === 'deep');
    assert.ok(deep && deep.value.length < 200 && deep.value.includes('[…]'));
    const all = JSON.stringify(a.inspector.lastMessage());
    assert.ok(!all.includes('\u202E'), 'no raw bidi override is posted');
    assert.ok(all.length < 1_000_000);
    // In the real DOM: the markup is text, and no element it names exists.
    const r = await rendered(a, HOSTILE_NAME, '<script>alert(1)</script>', 'evil⟪U+202E⟫gnp.exe');
    assert.equal(r.active, 0);
  });

  it('says a Graph token with a header nonce cannot be verified by design, without fetching', async () => {
    const m = await inspect(a, GRAPH);
    assert.equal(card(m, 'signature').tone, 'info');
    assert.equal(m.canVerify, false);
    if (english()) assert.match(card(m, 'signature').detail, /by design/);
  });

  it('verifies a signature with a key set the user lists, with the verifier the desktop host loads on first use', async () => {
    const keys = await keyPair('it-verify');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-mfa-it-keys-'));
    const file = path.join(dir, 'jwks.json');
    fs.writeFileSync(file, JSON.stringify(keys.jwks));
    const conf = () => vscode.workspace.getConfiguration('jwtMfa');
    await conf().update('verify.jwks', [file], vscode.ConfigurationTarget.Global);
    try {
      const jwt = await keys.sign({ iss: 'https://idp.example.test/', aud: 'api://x', iat: NOW_S - 60, exp: FAR });
      const m = await inspect(a, jwt);
      assert.equal(m.canVerify, true);
      const r = await a.inspector.verify();
      assert.equal(r?.state, 'valid', JSON.stringify(r));
      assert.equal(r?.reason, 'verified');
      // It ran from its own file next to the extension's bundle (esbuild.config.mjs, lazyModules).
      assert.ok(Object.keys(require.cache).some((f) => f.endsWith(path.join('dist', 'keys.js'))), 'dist/keys.js is loaded');
      await until('the signature card to say valid', () => (card(a.inspector.lastModel()!, 'signature').tone === 'ok' ? true : undefined));
    } finally {
      await conf().update('verify.jwks', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens from the palette on the token at the cursor, and follows the cursor', async () => {
    const doc = await docWith(`first ${USER}\nsecond ${APP}\n`);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const first = doc.getText().indexOf(USER);
    editor.selection = new vscode.Selection(doc.positionAt(first + 10), doc.positionAt(first + 10));
    await vscode.commands.executeCommand('jwtMfa.openInspector');
    await until('the token at the cursor', () => (a.inspector.lastModel()?.source?.start === first && a.inspector.lastModel()?.source?.uri === doc.uri.toString() ? true : undefined));
    const second = doc.getText().indexOf(APP);
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(doc.positionAt(second + 5), doc.positionAt(second + 5));
    const m = await until('the panel to follow the cursor', () => (a.inspector.lastModel()?.source?.start === second ? a.inspector.lastModel() : undefined));
    assert.equal(card(m, 'mfa').tone, 'info');
  });

  it('compares the two tokens in the selections, differences first', async () => {
    const withMfa = USER.replace(/\.[^.]+\./, `.${b64({ ...JSON.parse(Buffer.from(USER.split('.')[1], 'base64url').toString()), amr: ['pwd', 'mfa'] })}.`);
    const doc = await docWith(`before ${USER}\nafter ${withMfa}\n`);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    const a0 = doc.getText().indexOf(USER);
    const b0 = doc.getText().indexOf(withMfa);
    editor.selections = [
      new vscode.Selection(doc.positionAt(a0), doc.positionAt(a0 + USER.length)),
      new vscode.Selection(doc.positionAt(b0), doc.positionAt(b0 + withMfa.length)),
    ];
    await vscode.commands.executeCommand('jwtMfa.compareTokens');
    const msg = await until('the comparison', () => {
      const m = a.inspector.lastMessage();
      return m?.type === 'showCompare' ? m : undefined;
    });
    assert.equal(msg.model.rows[0].claim, 'amr');
    assert.equal(msg.model.rows[0].same, false);
    assert.equal(msg.model.rows[0].left, '["pwd"]');
    assert.equal(msg.model.rows[0].right, '["pwd", "mfa"]');
    assert.ok(msg.model.rows.slice(1).every((r) => r.same));
    await rendered(a, '["pwd", "mfa"]');
  });

  it('never puts the token into what the webview saves', async () => {
    const m = await inspect(a, USER);
    // The webview saves {uri, start, end, pinned} from model.source: offsets, not the token.
    assert.deepEqual(Object.keys(m.source ?? {}).sort(), ['end', 'label', 'start', 'uri']);
    assert.ok(!(m.source?.label ?? '').includes(USER.slice(0, 40)));
  });
});
