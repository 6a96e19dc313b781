// UI end-to-end: from "401 MFA required" to a 200 without leaving VS Code. A user replays a Partner
// Center request whose token has no MFA (the loopback stand-in answers 401), clicks "Get a new token
// with MFA" on the diagnosis, allows VS Code's sign-in (here the test-only stand-in provider, installed
// from its own .vsix and chosen by jwtMfa.signIn.providerId), sees the new token inspected (MFA first),
// and replays the request with it: 200. Then no file of the profile or the workspace holds the token.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { buildStandInAuth } from '../../scripts/e2e/vscode.mjs';
import { FIXTURES, log, openVSCode, ROOT } from './helpers.mjs';
import { until } from './parts.mjs';

const CLIENT = '7e57c11e-0000-4000-8000-0000000c11e7';
const TENANT = 'contoso.onmicrosoft.com';
const PC_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

let vs;
let standIn;
let workspace;
let noMfa;
let httpText;
let aadText;
before(async () => {
  const authVsix = await buildStandInAuth();
  const { startStandIn } = await tsImport(path.join(ROOT, 'test/stand-in/index.ts'), import.meta.url);
  standIn = await startStandIn();
  noMfa = standIn.mint('no-mfa');
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-mfa-signin-ws-'));
  fs.cpSync(FIXTURES, workspace, { recursive: true });
  httpText = `### List customers (App+User token without MFA)\nGET ${standIn.url}/v1/customers\nAccept: application/json\nAuthorization: Bearer ${noMfa}\n`;
  fs.writeFileSync(path.join(workspace, 'partner-center.http'), httpText);
  aadText = `### List customers, token from REST Client's sign-in\nGET ${standIn.url}/v1/customers\nAccept: application/json\nAuthorization: Bearer {{$aadV2Token}}\n`;
  fs.writeFileSync(path.join(workspace, 'aad-token.http'), aadText);
  vs = await openVSCode({
    theme: 'dark',
    workspace,
    extensions: [authVsix],
    settings: {
      'jwtMfa.replay.approvedHosts': [new URL(standIn.url).origin],
      'jwtMfa.signIn.providerId': 'jwt-mfa-stand-in',
      'jwtMfa.signIn.clientId': CLIENT,
      'jwtMfa.signIn.tenant': TENANT,
    },
  });
});
after(async () => {
  try {
    await vs?.close(); // throws when the secrets sweep finds a whole token in a log
  } finally {
    await standIn?.close();
  }
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

/** A notification, read in the notification center (headless, VS Code does not always pop a toast). */
function notification(text) {
  return vs.workbench.notification(text);
}

async function clickNotificationButton(text, button) {
  await (await notification(text)).getByRole('button', { name: button }).click();
}

/** Every file under `dir` (profile, server data, workspace), skipping installed extensions and the browser's profile. */
function allFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!['extensions', 'ext', 'chrome', 'node_modules', 'CachedExtensionVSIXs'].includes(e.name)) walk(p);
      } else if (e.isFile() && fs.statSync(p).size < 64 * 1024 * 1024) out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

test('401 MFA required → Get a new token with MFA → inspected → replayed: 200', async () => {
  await vs.workbench.closeSideBar();
  await vs.openFile('partner-center.http', '/v1/customers');
  await vs.clickIn('GET http://127.0.0.1', 'customers');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  const diagnosis = await vs.inspector.textWhen('#diagnosis', [/mfa-missing/, /Unauthorized - MFA required/], { timeoutMs: 45_000 });
  assert.match(diagnosis, /401 Unauthorized - MFA required/);
  await notification('A new token can fix this 401 (mfa-missing)');
  await vs.screenshot('signin-1-diagnosis.jpg');

  // The action on the diagnosis, then VS Code's own sign-in consent (a modal): Allow.
  await clickNotificationButton('A new token can fix this 401', 'Get a new token with MFA');
  const dialog = vs.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  const dialogText = await dialog.innerText();
  log('consent:', JSON.stringify(dialogText.slice(0, 400)));
  assert.match(dialogText, /wants to sign in using Stand-in sign-in \(test only\)/);
  assert.match(dialogText, /multi-factor authentication \(MFA\)/, 'the detail says MFA will be asked for');
  await vs.screenshot('signin-2-consent.jpg');
  await dialog.getByRole('button', { name: 'Allow' }).click();

  // The new token, inspected at once: MFA first.
  const inspected = await vs.inspector.textWhen('body', [/new token from sign-in/i, /MFA ✓ — amr: pwd, mfa/, /New token: eyJ/], { timeoutMs: 45_000 });
  log('inspected:', JSON.stringify(inspected.slice(0, 500)));
  await notification('New token: MFA ✓');
  await vs.screenshot('signin-3-new-token.jpg');

  // What the provider was asked: a new session for Partner Center, as the partner's app, in its tenant.
  const record = path.join(vs.dirs.ud, 'User', 'globalStorage', 'jwt-mfa-tests.jwt-mfa-stand-in-auth', 'asked.json');
  const asked = JSON.parse(fs.readFileSync(record, 'utf8'));
  const created = asked.filter((a) => a.op === 'createSession');
  assert.equal(created.length, 1, JSON.stringify(asked));
  assert.deepEqual(created[0].scopes, [PC_SCOPE, `VSCODE_CLIENT_ID:${CLIENT}`, `VSCODE_TENANT:${TENANT}`]);
  assert.deepEqual(created[0].amr, ['pwd', 'mfa']);

  // One click: the same request, the new token in place of the old one.
  const before = standIn.received().length;
  await clickNotificationButton('New token: MFA ✓', 'Replay the request with it');
  const ok = await vs.inspector.textWhen('#diagnosis', [/\b200\b/], { timeoutMs: 45_000 });
  log('after replay:', JSON.stringify(ok.slice(0, 300)));
  assert.doesNotMatch(ok, /mfa-missing/);
  const sent = standIn.received().slice(before);
  assert.ok(sent.some((r) => r.path === '/v1/customers' && r.authorization), JSON.stringify(sent));
  await vs.screenshot('signin-4-replayed-200.jpg');

  // The file was not edited.
  assert.equal(fs.readFileSync(path.join(vs.workspace, 'partner-center.http'), 'utf8'), httpText);
});

test('{{$aadV2Token}} request: its one CodeLens "Get it now and inspect" → inspected → replayed in place of the variable: 200', async () => {
  await vs.openFile('aad-token.http', '/v1/customers');
  const lens = vs.page.locator('.codelens-decoration a', { hasText: 'Get it now and inspect' });
  await lens.waitFor({ timeout: 30_000 });
  assert.match(await lens.innerText(), /Token made when sent \(\{\{\$aadV2Token\}\}\)/);
  await vs.screenshot('signin-5-made-when-sent-lens.jpg');
  await lens.click();
  // The Partner Center session from the test above is reused (no `new`: createIfNone), so no consent.
  const inspected = await vs.inspector.textWhen('body', [/new token from sign-in/i, /MFA ✓ — amr: pwd, mfa/], { timeoutMs: 45_000 });
  log('inspected (aad):', JSON.stringify(inspected.slice(0, 300)));
  const before = standIn.received().length;
  await clickNotificationButton('New token: MFA ✓', 'Replay the request with it');
  const ok = await vs.inspector.textWhen('#diagnosis', [/\b200\b/], { timeoutMs: 45_000 });
  assert.doesNotMatch(ok, /unresolved/);
  const sent = standIn.received().slice(before);
  assert.ok(sent.some((r) => r.path === '/v1/customers' && r.authorization), JSON.stringify(sent));
  await vs.screenshot('signin-6-aad-replayed-200.jpg');
  assert.equal(fs.readFileSync(path.join(vs.workspace, 'aad-token.http'), 'utf8'), aadText, 'the file was not edited');
});

test('no file of the profile, the server data or the workspace holds the new token', async () => {
  const { scan } = await tsImport(path.join(ROOT, 'src/core/scan.ts'), import.meta.url);
  const files = [vs.dirs.ud, vs.dirs.sd, vs.dirs.home, vs.dirs.tmp, vs.workspace].flatMap(allFiles);
  assert.ok(files.some((f) => f.endsWith(path.join('User', 'settings.json'))), 'the user settings are among them');
  const hits = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'latin1');
    if (!text.includes('eyJ')) continue;
    for (const t of scan(text)) {
      const payload = text.slice(t.start, t.end).split('.')[1];
      try {
        if (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).stand_in_auth === true) hits.push(f);
      } catch {
        // not a JSON payload: not ours
      }
    }
  }
  log(`swept ${files.length} file(s) for the token from sign-in`);
  assert.deepEqual(hits, []);
  const settings = fs.readFileSync(path.join(vs.dirs.ud, 'User', 'settings.json'), 'utf8');
  assert.ok(!/eyJ[\w-]+\.eyJ/.test(settings), 'no token in the user settings');
});

test('Copy as Authorization header asks first, warning that the clipboard will hold a credential', async () => {
  await vs.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vs.server.url });
  await vs.page.evaluate(() => navigator.clipboard.writeText('before'));
  await vs.runCommand('JWT: Copy the New Token as Authorization Header');
  const dialog = vs.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 30_000 });
  assert.match(await dialog.innerText(), /credential/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await vs.page.evaluate(() => navigator.clipboard.readText()), 'before', 'cancelled: nothing copied');
  await vs.runCommand('JWT: Copy the New Token as Authorization Header');
  await dialog.waitFor({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  const copied = await until(
    vs.page,
    async () => {
      const t = await vs.page.evaluate(() => navigator.clipboard.readText());
      return t.startsWith('Authorization: Bearer ') ? t : undefined;
    },
    'the header on the clipboard',
  );
  const token = copied.slice('Authorization: Bearer '.length);
  assert.equal(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).stand_in_auth, true);
  await vs.page.evaluate(() => navigator.clipboard.writeText('cleared'));
});
