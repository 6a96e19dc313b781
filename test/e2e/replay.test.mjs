// UI end-to-end: a user opens a .http file whose request goes to the loopback stand-in, puts the cursor in
// the request, runs "JWT: Replay Request & Diagnose" from the palette, and reads the 401 diagnosis in the
// inspector (the webview's real DOM). Screenshots of both themes for the README.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { FIXTURES, log, openVSCode, ROOT } from './helpers.mjs';
import { until } from './parts.mjs';

let vs;
let standIn;
let workspace;
/** The token in partner-center.http. */
let noMfa;
before(async () => {
  const { startStandIn } = await tsImport(path.join(ROOT, 'test/stand-in/index.ts'), import.meta.url);
  standIn = await startStandIn();
  log(`stand-in on ${standIn.url}`);
  // The files exist before the workbench opens (Quick Open finds them at once).
  noMfa = standIn.mint('no-mfa');
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-mfa-replay-ws-'));
  fs.cpSync(FIXTURES, workspace, { recursive: true });
  fs.writeFileSync(
    path.join(workspace, 'partner-center.http'),
    `### List customers (App+User token without MFA)\nGET ${standIn.url}/v1/customers\nAccept: application/json\nAuthorization: Bearer ${noMfa}\n`,
  );
  fs.writeFileSync(path.join(workspace, 'hang.http'), `GET ${standIn.url}/hang\nAuthorization: Bearer ${standIn.mint('mfa')}\n`);
  fs.writeFileSync(path.join(workspace, 'recorded.har'), JSON.stringify(harOf(noMfa), null, 2));
  // The stand-in's origin is approved in the user settings, as a user who answered the modal once would have.
  vs = await openVSCode({ theme: 'dark', workspace, settings: { 'jwtMfa.replay.approvedHosts': [new URL(standIn.url).origin] } });
});
after(async () => {
  try {
    await vs?.close(); // throws when the secrets sweep finds a whole token
  } finally {
    await standIn?.close();
  }
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

/** A browser export with two exchanges: a 200, then a Partner Center 401 (recorded; nothing is sent). */
function harOf(token) {
  const entry = (url, status, statusText, headers) => ({
    startedDateTime: '2026-04-02T10:00:00.000Z',
    time: 120,
    request: { method: 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'Authorization', value: `Bearer ${token}` }], queryString: [], headersSize: -1, bodySize: 0 },
    response: { status, statusText, httpVersion: 'HTTP/1.1', cookies: [], headers, content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {},
    timings: { send: 0, wait: 120, receive: 0 },
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'e2e', version: '1' },
      entries: [
        entry('https://api.partnercenter.microsoft.com/v1/customers', 200, 'OK', []),
        entry('https://api.partnercenter.microsoft.com/v1/customers/abc/orders', 401, 'Unauthorized - MFA required', [
          { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' },
          { name: 'MS-CorrelationId', value: '0f0f0f0f-1111-4222-8333-444444444444' },
        ]),
      ],
    },
  };
}


/** The diagnosis section's text once it matches every pattern. */
const diagnosisText = (patterns, timeoutMs = 45_000) => vs.inspector.textWhen('#diagnosis', patterns, { timeoutMs });

/** Brings `name` to the front: its tab when open (Quick Open may pick a stale "recently opened" row), else Quick Open. */
async function showFile(name, expectText) {
  const tab = vs.page.locator('.tabs-container .tab', { hasText: name }).first();
  if (await tab.count()) await tab.click();
  else await vs.openFile(name, expectText);
  await vs.page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: expectText }).first().waitFor({ timeout: 30_000 });
}

async function replayFromPalette() {
  await showFile('partner-center.http', '/v1/customers');
  await vs.clickIn('GET http://127.0.0.1', 'customers');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  return diagnosisText([/mfa-missing/, /Unauthorized - MFA required/]);
}

test('replays the request at the cursor and shows the 401 diagnosis (dark)', async () => {
  await vs.workbench.closeSideBar();
  const text = await replayFromPalette();
  log('diagnosis:', JSON.stringify(text.slice(0, 600)));
  assert.match(text, /401 Unauthorized - MFA required/);
  assert.match(text, new RegExp(`GET ${standIn.url.replace(/\./g, '\\.')}/v1/customers`));
  assert.match(text, /Bearer error="invalid_token"/);
  assert.match(text, /MS-CorrelationId: [0-9a-f-]{36}/);
  assert.match(text, /Copy correlation ids/);
  assert.ok(!text.includes(noMfa.split('.')[2]) && !text.includes(noMfa.split('.')[1]), 'no token payload or signature in the panel');
  // What the stand-in received: the request, with the token (the host was approved).
  assert.ok(standIn.received().some((r) => r.path === '/v1/customers' && r.authorization));
  await vs.screenshot('diagnosis-dark.jpg');
});

test('Copy correlation ids puts the ids on the clipboard', async () => {
  await vs.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vs.server.url });
  const frame = vs.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.getByRole('button', { name: 'Copy correlation ids' }).click();
  const text = await waitFor(async () => {
    const t = await vs.page.evaluate(() => navigator.clipboard.readText());
    return /MS-CorrelationId: [0-9a-f-]{36}/.test(t) ? t : undefined;
  }, 'the correlation ids on the clipboard');
  log('clipboard:', JSON.stringify(text));
  assert.match(text, /^MS-CorrelationId: [0-9a-f-]{36}\nMS-RequestId: [0-9a-f-]{36}$/);
});

/** The user settings as VS Code wrote them (the replay stores approved hosts there, never tokens). */
function userSettings() {
  return JSON.parse(fs.readFileSync(path.join(vs.dirs.ud, 'User', 'settings.json'), 'utf8'));
}

/** The "JWT MFA Inspector" output channel as VS Code logged it. */
function outputChannelLog() {
  const files = fs.readdirSync(path.join(vs.dirs.ud, 'logs'), { recursive: true }).filter((f) => String(f).endsWith('JWT MFA Inspector.log'));
  return files.map((f) => fs.readFileSync(path.join(vs.dirs.ud, 'logs', String(f)), 'utf8')).join('\n');
}

const waitFor = (f, what, timeoutMs = 15_000) => until(vs.page, f, what, { timeoutMs });

test('the first time a request goes to an origin, a modal names it; approving remembers the origin only', async () => {
  await vs.runCommand('JWT: Forget Approved Hosts');
  await waitFor(() => userSettings()['jwtMfa.replay.approvedHosts'] === undefined, 'the approved hosts to be cleared');
  const before = standIn.received().length;
  await showFile('partner-center.http', '/v1/customers');
  await vs.clickIn('GET http://127.0.0.1', 'customers');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  const dialog = vs.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 20_000 });
  const text = await dialog.innerText();
  log('modal:', JSON.stringify(text.slice(0, 400)));
  const origin = new URL(standIn.url).origin;
  assert.ok(text.includes(`Send your token to ${origin}?`), text);
  assert.ok(text.includes(`to ${origin} (scheme, host and port)`), text);
  assert.equal(standIn.received().length, before, 'nothing is sent before the answer');
  await dialog.getByRole('button', { name: `Send to ${origin}` }).click();
  await waitFor(() => standIn.received().length > before, 'the request to be sent after the answer');
  await diagnosisText([/mfa-missing/]);
  const hosts = await waitFor(() => userSettings()['jwtMfa.replay.approvedHosts'], 'the origin to be stored');
  assert.deepEqual(hosts, [origin]);
  assert.ok(!fs.readFileSync(path.join(vs.dirs.ud, 'User', 'settings.json'), 'utf8').includes('eyJ'), 'no token in the settings');
});

test('cancel in the progress notification stops a hanging request at once', async () => {
  await showFile('hang.http', '/hang');
  await vs.clickIn('/hang', 'hang');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  await waitFor(() => standIn.received().some((r) => r.path === '/hang'), 'the request to reach the stand-in');
  // The notification (with its Cancel button) in the notification center.
  await vs.runCommand('Notifications: Show Notifications');
  const row = vs.page.locator('.notifications-center .monaco-list-row', { hasText: 'Replaying GET' });
  await row.waitFor({ timeout: 20_000 });
  await row.hover();
  const t0 = Date.now();
  await row.getByRole('button', { name: 'Cancel' }).click();
  // The extension writes the outcome to its output channel, which VS Code logs to a file.
  await waitFor(() => /Replay of GET http:\/\/127\.0\.0\.1:\d+\/hang cancelled\./.test(outputChannelLog()), 'the cancelled replay in the output channel', 5_000);
  const ms = Date.now() - t0;
  log(`cancelled in ${ms} ms`);
  assert.ok(ms < 5_000, `cancel took ${ms} ms (the timeout is 30 s)`);
  await vs.page.keyboard.press('Escape');
});

test('Diagnose Response on a HAR file: a quick pick lists method, URL and status; nothing is sent', async () => {
  const before = standIn.received().length;
  await showFile('recorded.har', '"log"');
  await vs.runCommand('JWT: Diagnose Response');
  const rows = vs.page.locator('.quick-input-list .monaco-list-row');
  await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'api.partnercenter.microsoft.com' }).first().waitFor({ timeout: 20_000 });
  const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  log('quick pick:', JSON.stringify(labels));
  assert.ok(labels.some((l) => l.includes('GET https://api.partnercenter.microsoft.com/v1/customers → 200 OK')), 'the 200 entry is listed');
  assert.ok(labels.some((l) => l.includes('GET https://api.partnercenter.microsoft.com/v1/customers/abc/orders → 401 Unauthorized - MFA required')), 'the 401 entry is listed');
  await vs.page.locator('.quick-input-widget input').fill('orders');
  await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'orders' }).first().waitFor();
  await vs.page.keyboard.press('Enter');
  const text = await diagnosisText([/\/abc\/orders/, /mfa-missing/, /0f0f0f0f-1111-4222-8333-444444444444/]);
  assert.match(text, /Response: 401 Unauthorized - MFA required/);
  assert.equal(standIn.received().length, before, 'nothing was sent');
});

test('the same diagnosis in the light theme', async () => {
  await vs.setTheme('light');
  await vs.workbench.closeSideBar();
  let text;
  try {
    text = await replayFromPalette();
  } catch (e) {
    await vs.page.screenshot({ path: '/tmp/replay-light-failure.png' });
    throw e;
  }
  assert.match(text, /mfa-missing/);
  await vs.screenshot('diagnosis-light.jpg');
});
