// UI end-to-end: a user opens a .http file whose request goes to the loopback stand-in, puts the cursor in
// the request, runs "JWT: Replay Request & Diagnose" from the palette, and reads the 401 diagnosis in the
// inspector (the webview's real DOM). Screenshots of both themes for the README.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { log, openVSCode, ROOT } from './helpers.mjs';

let vs;
let standIn;
before(async () => {
  const { startStandIn } = await tsImport(path.join(ROOT, 'test/stand-in/index.ts'), import.meta.url);
  standIn = await startStandIn();
  log(`stand-in on ${standIn.url}`);
  // The stand-in's host is approved in the user settings, as a user who answered the modal once would have.
  vs = await openVSCode({ theme: 'dark', settings: { 'jwtMfa.replay.approvedHosts': ['127.0.0.1'] } });
  const token = standIn.mint('no-mfa');
  fs.writeFileSync(
    path.join(vs.workspace, 'partner-center.http'),
    `### List customers (App+User token without MFA)\nGET ${standIn.url}/v1/customers\nAccept: application/json\nAuthorization: Bearer ${token}\n`,
  );
});
after(async () => {
  await vs?.close();
  await standIn?.close();
});

/** Clicks on `text` in the first editor line containing `lineText` (puts the cursor there). */
async function clickIn(lineText, text) {
  const box = await vs.page.evaluate(
    ({ lineText, text }) => {
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      const line = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')].find((l) => norm(l.textContent).includes(lineText));
      if (!line) return null;
      const w = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n; (n = w.nextNode()); ) {
        const i = norm(n.textContent).indexOf(text);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + text.length);
          const b = r.getBoundingClientRect();
          return { x: b.x + Math.min(b.width / 2, 30), y: b.y + b.height / 2 };
        }
      }
      return null;
    },
    { lineText, text },
  );
  assert.ok(box, `no editor line shows "${lineText}" … "${text}"`);
  await vs.page.mouse.click(box.x, box.y);
}

/** The diagnosis section's text once it matches every pattern. */
async function diagnosisText(patterns, timeoutMs = 45_000) {
  const end = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < end) {
    try {
      text = await vs.webviewText('#diagnosis', { timeoutMs: 2000 });
      if (patterns.every((p) => p.test(text))) return text;
    } catch {
      // the webview is still loading
    }
    await vs.page.waitForTimeout(250);
  }
  throw new Error(`the diagnosis never showed ${patterns}; last: ${JSON.stringify(text.slice(0, 400))}`);
}

async function replayFromPalette() {
  await vs.openFile('partner-center.http', 'GET http://127.0.0.1');
  await clickIn('GET http://127.0.0.1', 'customers');
  await vs.runCommand('JWT: Replay Request & Diagnose');
  return diagnosisText([/mfa-missing/, /Unauthorized - MFA required/]);
}

test('replays the request at the cursor and shows the 401 diagnosis (dark)', async () => {
  await vs.runCommand('View: Close Primary Side Bar');
  const text = await replayFromPalette();
  log('diagnosis:', JSON.stringify(text.slice(0, 600)));
  assert.match(text, /401 Unauthorized - MFA required/);
  assert.match(text, new RegExp(`GET ${standIn.url.replace(/\./g, '\\.')}/v1/customers`));
  assert.match(text, /Bearer error="invalid_token"/);
  assert.match(text, /MS-CorrelationId: [0-9a-f-]{36}/);
  assert.match(text, /Copy correlation ids/);
  assert.ok(!text.includes(standIn.mint('no-mfa').split('.')[2]), 'no token signature in the panel');
  // What the stand-in received: the request, with the token (the host was approved).
  assert.ok(standIn.received().some((r) => r.path === '/v1/customers' && r.authorization));
  await vs.screenshot('diagnosis-dark.png');
});

test('the same diagnosis in the light theme', async () => {
  await vs.setTheme('light');
  await vs.runCommand('View: Close Primary Side Bar').catch(() => {});
  const text = await replayFromPalette();
  assert.match(text, /mfa-missing/);
  await vs.screenshot('diagnosis-light.png');
});
