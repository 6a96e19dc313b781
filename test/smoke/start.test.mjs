// Smoke test of the README's main command, as a new user runs it: `npm start` on this clone and the
// provisioned cache (JWT_MFA_E2E_CACHE). It asserts what the user sees and what Ctrl+C leaves behind:
//  - the URL it prints serves the VS Code workbench, the samples README opens first, and the extension is
//    active (the inspector opens on a sample token, and Verify says valid out of the box);
//  - both stand-ins answer (Partner Center-like and Graph-like, on their own origins);
//  - SIGINT to its process group (what Ctrl+C sends) stops every process it started, frees its ports, and
//    its last words point at no deleted file.
// Run: node --test test/smoke/start.test.mjs   (.ci/run runs it after `npm test`)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { cleanEnv, launchBrowser, missingPieces, ROOT, runDirs } from '../../scripts/e2e/vscode.mjs';
import { Session } from '../e2e/helpers.mjs';

const START_TIMEOUT_MS = 10 * 60_000; // packaging and, on a fresh cache, provisioning
let child;
let output = '';
const waiters = [];
const onOutput = (chunk) => {
  output += chunk;
  for (const w of [...waiters]) w();
};
/** Resolves with the match once the output has it; rejects when npm start exits first or time runs out. */
function waitOutput(re, timeoutMs) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = re.exec(output);
      if (m) return done(() => resolve(m));
      if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before printing ${re}:\n${output.slice(-3000)}`)));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`npm start did not print ${re} within ${timeoutMs} ms:\n${output.slice(-3000)}`))), timeoutMs);
    const done = (f) => {
      clearTimeout(timer);
      waiters.splice(waiters.indexOf(check), 1);
      child.off('exit', check);
      f();
    };
    waiters.push(check);
    child.on('exit', check);
    check();
  });
}
const exited = () => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

/**
 * Processes whose environment matches `re` (code-server, its extension host and watchers all carry the
 * run's throwaway HOME), with the first match and a short command line.
 */
function processesOf(re) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const m = re.exec(fs.readFileSync(`/proc/${pid}/environ`, 'utf8'));
      if (m) found.push({ pid: Number(pid), match: m[0], cmd: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 400) });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
let runRoot;

after(async () => {
  // Whatever happened, leave nothing running: Ctrl+C first (start.mjs stops its own server group), then
  // kill what is left, its group and the demo's processes.
  if (!child) return;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const kill = (pid, sig) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  if (alive()) {
    kill(-child.pid, 'SIGINT');
    await Promise.race([exited(), new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (alive()) kill(-child.pid, 'SIGKILL');
  if (runRoot) for (const p of processesOf(new RegExp(runRoot))) kill(p.pid, 'SIGKILL');
});

test('npm start serves the workbench with the extension active, the stand-ins answer, and Ctrl+C stops it all', { timeout: START_TIMEOUT_MS + 5 * 60_000 }, async () => {
  // Its own process group, as a terminal gives it: Ctrl+C is SIGINT to the whole group.
  child = spawn('npm', ['start'], { cwd: ROOT, env: cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', onOutput);

  const [, url] = await waitOutput(/^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m, START_TIMEOUT_MS);
  const [, pcUrl, graphUrl] = /for Partner Center on (http:\/\/127\.0\.0\.1:\d+), for Microsoft Graph on (http:\/\/127\.0\.0\.1:\d+)/.exec(output) ?? [];
  assert.ok(pcUrl && graphUrl, `npm start names both stand-ins:\n${output.slice(-2000)}`);
  assert.notEqual(new URL(pcUrl).port, new URL(graphUrl).port, 'Graph has an origin of its own');
  const ports = [new URL(url).port, new URL(pcUrl).port, new URL(graphUrl).port].map(Number);
  // code-server runs with the demo's throwaway folders; which ones, from the URL's port.
  const demo = processesOf(/jwt-mfa-start-[A-Za-z0-9]+/).find((p) => p.cmd.includes(`127.0.0.1:${ports[0]}`));
  assert.ok(demo, `code-server serves 127.0.0.1:${ports[0]} from the demo's throwaway folders`);
  runRoot = demo.match;

  // The stand-ins answer as their services would.
  const pc = await fetch(`${pcUrl}/v1/customers/x/subscriptions`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(pc.status, 401, 'Partner Center-like: no token, 401');
  assert.match(pc.headers.get('www-authenticate') ?? '', /^Bearer error="invalid_token"/);
  const g = await fetch(`${graphUrl}/graph/v1.0/me`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(g.status, 401, 'Graph-like: no token, 401');
  assert.match(g.headers.get('www-authenticate') ?? '', /authorization_uri=/);

  // The samples the demo wrote map each origin to its own audiences, and hold nothing user-only.
  const ws = JSON.parse(fs.readFileSync(path.join(ROOT, 'samples/.vscode/settings.json'), 'utf8'));
  assert.deepEqual(Object.keys(ws['jwtMfa.audiencesByHost']).sort(), [`127.0.0.1:${ports[1]}`, `127.0.0.1:${ports[2]}`].sort());
  assert.equal(ws['jwtMfa.replay.approvedHosts'], undefined, 'no user-only setting in workspace settings');
  const http = fs.readFileSync(path.join(ROOT, 'samples/partner-center.http'), 'utf8');
  assert.match(http, new RegExp(`@graph = ${graphUrl.replace(/\./g, '\\.')}`));
  const tokenClaims = JSON.parse(Buffer.from(/Bearer (eyJ[\w-]+)\.(eyJ[\w-]+)\./.exec(http)[2], 'base64url').toString('utf8'));
  assert.match(tokenClaims.iss, /^https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/$/, 'Entra ID v1.0 issuer');
  assert.equal(tokenClaims.ver, '1.0');

  // The workbench, as a user opens the printed URL.
  assert.equal(missingPieces(), undefined);
  const dirs = runDirs('smoke');
  const browser = await launchBrowser(dirs);
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(url);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 120_000 });
    // The way in: the samples README is open.
    await page.locator('.tabs-container .tab', { hasText: 'README.md' }).first().waitFor({ timeout: 60_000 });
    // The extension is active and Verify works out of the box: a token in client.ts, the inspector on it,
    // and its signature checked with the key set the demo listed in its own user settings.
    const vs = new Session(page, browser, undefined, dirs);
    // As a user would, from the Explorer (the README's preview holds the keyboard focus).
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'client.ts' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'withMfa' }).first().waitFor({ timeout: 60_000 });
    await vs.clickIn('export const withMfa', 'eyJ');
    await vs.runCommand('JWT: Open Inspector');
    await vs.inspector.textWhen('.cards', /MFA/, { timeoutMs: 60_000 });
    await vs.inspector.frame.getByRole('button', { name: 'Verify signature' }).click();
    const card = await vs.inspector.textWhen('[data-card="signature"]', /Signature (not verified|verified|invalid)/, { timeoutMs: 60_000 });
    assert.match(card, /Signature verified/, `Verify in the demo: ${card}`);
    if (process.env.JWT_MFA_SHOTS) await page.screenshot({ path: path.join(process.env.JWT_MFA_SHOTS, 'smoke-start.png') });
  } finally {
    await browser.close().catch(() => {});
    dirs.cleanup();
  }

  // Ctrl+C.
  const before = output.length;
  process.kill(-child.pid, 'SIGINT');
  const stopped = await Promise.race([exited().then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
  assert.ok(stopped, `npm start still running 30 s after SIGINT:\n${output.slice(-2000)}`);
  const last = output.slice(before);
  // Its last words point at no file that is gone.
  for (const p of last.match(/\/[\w./-]+/g) ?? []) if (p.includes('jwt-mfa-')) assert.ok(fs.existsSync(p), `after Ctrl+C it points to ${p}, which does not exist:\n${last}`);
  // Every process it started is gone and every port is free (checked until they are, for at most 15 s).
  let left = [];
  let busy = [];
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    left = processesOf(new RegExp(runRoot)).map((p) => `${p.pid} ${p.cmd}`);
    busy = [];
    for (const p of ports) if (!(await portFree(p))) busy.push(p);
    if (!left.length && !busy.length) break;
  }
  assert.deepEqual(left, [], 'no process of the demo is left');
  assert.deepEqual(busy, [], 'every port the demo listened on is free');
});
