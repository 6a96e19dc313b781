// UI end-to-end on the web: the packaged extension, with its manifest's `main` removed, goes into
// code-server. VS Code can then run only the `browser` entry, so it runs it in the web client's
// web-worker extension host, in chromium; no Node extension host is involved. A user hovers a token,
// reads the Problems panel and the inspector, diagnoses the bundled HAR (offline), and replays a
// request whose server does not allow CORS: the browser refuses it, and the message says why; then the
// same hover in Japanese.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { log, openVSCode, ROOT, VSIX } from './helpers.mjs';

const require = createRequire(import.meta.url);
const yauzl = require('yauzl');
const yazl = require('yazl');

let vs;
let vsix;
let tmp;
let server;
const received = [];

/** A copy of the .vsix whose manifest has no `main` (nor `extensionKind`): VS Code must run `browser`. */
async function webOnlyVsix(src, dest) {
  const zip = await new Promise((resolve, reject) => yauzl.open(src, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new yazl.ZipFile();
  const done = new Promise((resolve, reject) => out.outputStream.pipe(fs.createWriteStream(dest)).on('close', resolve).on('error', reject));
  await new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry) => {
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          let data = Buffer.concat(chunks);
          if (entry.fileName === 'extension/package.json') {
            const pkg = JSON.parse(data.toString('utf8'));
            assert.ok(pkg.main && pkg.browser, 'the packaged manifest has main and browser');
            delete pkg.main;
            delete pkg.extensionKind;
            data = Buffer.from(JSON.stringify(pkg, null, 2));
          } else if (entry.fileName === 'extension.vsixmanifest') {
            // The gallery manifest lists the extension kind too; keep it to "web".
            data = Buffer.from(data.toString('utf8').replace(/(Id="Microsoft\.VisualStudio\.Code\.ExtensionKind" Value=")[^"]*"/, '$1web"'));
          }
          out.addBuffer(data, entry.fileName);
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  out.end();
  await done;
}

before(async () => {
  assert.ok(fs.existsSync(VSIX), `${VSIX} exists (npm run package)`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-mfa-web-'));
  vsix = path.join(tmp, 'jwt-mfa-inspector-web.vsix');
  await webOnlyVsix(VSIX, vsix);
  // A server that records what reaches it. Under /v1 it does not allow cross-origin requests (no
  // Access-Control-Allow-Origin): a browser sends at most the CORS preflight, never the request with its
  // token. Under /cors it allows them, as an API made for browsers does, and exposes WWW-Authenticate.
  server = http.createServer((req, res) => {
    received.push({ method: req.method, path: req.url, auth: req.headers.authorization });
    const cors = req.url.startsWith('/cors/')
      ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization', 'Access-Control-Expose-Headers': 'WWW-Authenticate' }
      : {};
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(401, 'Unauthorized - MFA required', { ...cors, 'WWW-Authenticate': 'Bearer error="invalid_token"', 'Content-Type': 'application/json' }).end('{"code":401}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const workspace = path.join(tmp, 'ws');
  fs.cpSync(path.join(ROOT, 'test/fixtures/workspace'), workspace, { recursive: true });
  // The token of the fixture log's no-mfa line, sent to the server above.
  const token = /no-mfa\s+Authorization: Bearer (\S+)/.exec(fs.readFileSync(path.join(workspace, 'tokens.log'), 'utf8'))[1];
  fs.writeFileSync(path.join(workspace, 'no-cors.http'), `### List customers\nGET ${origin}/v1/customers\nAuthorization: Bearer ${token}\n`);
  fs.writeFileSync(path.join(workspace, 'browser-api.http'), `### List customers (a server that allows CORS)\nGET ${origin}/cors/v1/customers\nAuthorization: Bearer ${token}\n`);
  vs = await openVSCode({ mode: 'code-server', vsix, workspace, theme: 'dark', settings: { 'jwtMfa.replay.approvedHosts': [origin, '127.0.0.1'] } });
});
after(async () => {
  try {
    await vs?.close();
  } finally {
    server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the installed extension has no main: only its browser entry can run', () => {
  const dir = fs.readdirSync(vs.dirs.ext).find((d) => d.startsWith('jwt-mfa.jwt-mfa-inspector-'));
  assert.ok(dir, fs.readdirSync(vs.dirs.ext).join(', '));
  const pkg = JSON.parse(fs.readFileSync(path.join(vs.dirs.ext, dir, 'package.json'), 'utf8'));
  assert.equal(pkg.main, undefined);
  assert.equal(pkg.browser, './dist/web/extension.js');
  assert.ok(fs.existsSync(path.join(vs.dirs.ext, dir, 'dist/web/extension.js')));
});

test('web: hovering a token without mfa shows the verdicts', async () => {
  await vs.openFile('tokens.log', 'Authorization: Bearer');
  const text = await vs.hover('no-mfa  Authorization: Bearer', 'eyJ0eXAi', /mfa-missing/);
  log('hover (web):', JSON.stringify(text.slice(0, 240)));
  assert.match(text, /amr is "pwd" without "mfa": Partner Center answers 401 "MFA required" to this App\+User token\./);
  assert.match(text, /JWT MFA Inspector\s*\(?mfa-missing\)?/);
  await vs.screenshot('web-hover.jpg');
  await vs.page.keyboard.press('Escape');
});

test('web: the Problems panel lists the findings with their codes', async () => {
  const rows = await vs.problems({ atLeast: 5, match: /JWT MFA Inspector/ });
  const ours = rows.filter((r) => /JWT MFA Inspector/.test(r) && /tokens\.log|Ln \d/.test(r));
  const codes = ours.map((r) => /JWT MFA Inspector\s*\(?([a-z-]+)\)?/.exec(r)?.[1]).sort();
  log('problems (web):', JSON.stringify(codes));
  assert.deepEqual(codes, ['app-only', 'audience-mismatch', 'expired', 'mfa-missing', 'mfa-missing']);
  assert.ok(ours.some((r) => /amr is "pwd" without "mfa"/.test(r) && /\[Ln 2, Col 58\]/.test(r)), JSON.stringify(ours));
  await vs.screenshot('web-problems.jpg');
});

test('web: the inspector shows the token under the cursor; Verify says why it could not check', async () => {
  await vs.openFile('tokens.log', 'Authorization: Bearer');
  await vs.clickIn('no-mfa  Authorization: Bearer', 'eyJ0eXAi');
  await vs.workbench.closeSideBar();
  await vs.runCommand('JWT: Open Inspector');
  const text = await vs.inspector.textWhen('.cards', /Not compliant/, { read: 'body' });
  log('inspector (web):', JSON.stringify(text.slice(0, 300)));
  assert.match(text, /MFA\s+Not compliant/i);
  assert.match(text, /amr is "pwd" without "mfa"/);
  assert.match(text, /Remedy/);
  // Verification fetches Entra's keys with the browser's fetch: offline here, so the card says why.
  await vs.inspector.frame.getByRole('button', { name: 'Verify signature' }).click();
  const card = await vs.inspector.textWhen('[data-card="signature"]', /Signature not verified|Signature verified|Signature invalid/);
  log('signature card (web):', JSON.stringify(card));
  assert.match(card, /Signature not verified/);
  assert.match(card, /the browser could not fetch https:\/\/login\.microsoftonline\.com \(CORS does not allow it, or offline\)/);
  await vs.screenshot('web-inspector.jpg');
});

test('web: Diagnose Response on the bundled HAR shows the 401 diagnosis; nothing is sent', async () => {
  const before = received.length;
  await vs.runCommand('Welcome: Open Walkthrough...');
  const row = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fix Partner Center MFA 401s' }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
  const walkthrough = vs.page.locator('.gettingStartedContainer');
  await walkthrough.locator('.getting-started-step', { hasText: 'Diagnose a recorded 401' }).first().click();
  const button = walkthrough.locator('.getting-started-step.expanded').getByText('Diagnose the recorded 401', { exact: true }).first();
  await button.waitFor({ timeout: 15_000 });
  await button.click();
  const body = await vs.inspector.textWhen('body', [/401 Unauthorized: diagnosis/, /MFA missing/, /Unauthorized - MFA required/]);
  log('diagnosis (web):', JSON.stringify(body.slice(0, 300)));
  assert.match(body, /mfa-missing|MFA missing/);
  assert.equal(received.length, before, 'nothing was sent');
  await vs.screenshot('web-diagnosis.jpg');
});

test('web: a replay the browser refuses (no CORS) says why, and the token never reaches the server', async () => {
  await vs.openFile('no-cors.http', 'GET http');
  await vs.clickIn('GET http', 'v1/customers');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  const toast = vs.page.locator('.notifications-toasts .notification-toast', { hasText: 'CORS' }).first();
  await toast.waitFor({ timeout: 30_000 });
  const message = (await toast.innerText()).replace(/\s+/g, ' ');
  log('replay (web):', JSON.stringify(message.slice(0, 400)));
  assert.match(message, /browser did not complete the request to http:\/\/127\.0\.0\.1:\d+/);
  assert.match(message, /Diagnose Response/);
  await vs.screenshot('web-replay-refused.jpg');
  // At most the preflight (OPTIONS, which carries no Authorization) reached the server.
  const here = received.filter((r) => r.path === '/v1/customers');
  assert.ok(here.every((r) => r.method === 'OPTIONS' && r.auth === undefined), JSON.stringify(here));
  await vs.page.keyboard.press('Escape');
});

test('web: a replay to a server that allows CORS is sent with fetch and diagnosed', async () => {
  await vs.openFile('browser-api.http', 'GET http');
  await vs.clickIn('GET http', 'customers');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  let body;
  try {
    body = await vs.inspector.textWhen('body', [/401 Unauthorized: diagnosis/, /Response: 401 Unauthorized - MFA required/, /mfa-missing/]);
  } catch (e) {
    const toasts = await vs.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    await vs.page.screenshot({ path: path.join(os.tmpdir(), 'jwt-mfa-web-replay-failure.png') });
    throw new Error(`${e.message}; notifications: ${JSON.stringify(toasts)}; received: ${JSON.stringify(received.map((r) => `${r.method} ${r.path}`))}`);
  }
  log('replay diagnosis (web):', JSON.stringify(body.slice(0, 400)));
  assert.match(body, /Bearer error="invalid_token"/, 'the exposed WWW-Authenticate challenge is in the diagnosis');
  const sent = received.filter((r) => r.path === '/cors/v1/customers' && r.method === 'GET');
  assert.equal(sent.length, 1, JSON.stringify(received));
  assert.match(sent[0].auth, /^Bearer eyJ/);
  await vs.screenshot('web-replay.jpg');
});

test('web: Scan Workspace reports never-opened files, read through the editor\'s file system', async () => {
  await vs.runCommand('JWT: Scan Workspace');
  const toast = vs.page.locator('.notifications-toasts .notification-toast', { hasText: 'JWT scan' }).first();
  await toast.waitFor({ timeout: 60_000 });
  const message = (await toast.innerText()).replace(/\s+/g, ' ');
  log('scan (web):', JSON.stringify(message.slice(0, 200)));
  const m = /JWT scan: (\d+) tokens in (\d+) of (\d+) files/.exec(message);
  assert.ok(m && Number(m[1]) >= 1 && Number(m[2]) >= 1, message);
  // client.ts and editor-capture.har were never opened: their findings come from the scan alone.
  const rows = await vs.problems({ atLeast: 2, match: /^(client\.ts|editor-capture\.har) \d+$/, timeoutMs: 30_000 });
  log('problems after scan (web):', JSON.stringify(rows.slice(0, 6)));
  const after = (file) => rows[rows.findIndex((r) => r.startsWith(`${file} `)) + 1] ?? '';
  assert.match(after('client.ts'), /JWT MFA Inspector\s*\(?mfa-missing\)?\s*\[Ln 2, Col 36\]/, JSON.stringify(rows));
  assert.match(after('editor-capture.har'), /JWT MFA Inspector\s*\(?mfa-missing\)?\s*\[Ln 19, Col 32\]/, JSON.stringify(rows));
  await vs.screenshot('web-scan.jpg');
});

test('web, in Japanese: the hover reads in Japanese (l10n bundle and core catalog in the web worker)', async () => {
  await vs.close();
  vs = undefined;
  vs = await openVSCode({ mode: 'code-server', vsix, theme: 'dark', locale: 'ja' });
  await vs.openFile('tokens.log', 'Authorization: Bearer');
  const text = await vs.hover('no-mfa  Authorization: Bearer', 'eyJ0eXAi', /^(?=[\s\S]*対象ユーザー \(aud\):)(?=[\s\S]*mfa-missing)(?=[\s\S]*amr が "pwd" のみで "mfa" がありません)/);
  log('hover (web, ja):', JSON.stringify(text.slice(0, 200)));
  assert.match(text, /対象ユーザー \(aud\):/);
  assert.match(text, /amr が "pwd" のみで "mfa" がありません/);
  assert.doesNotMatch(text, /Audience:/);
  await vs.screenshot('web-hover-ja.jpg');
});
