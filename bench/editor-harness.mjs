// The editor on a big log, in the real VS Code harness (issue 16): code-server + headless chromium, the
// extension loaded from this clone. Figures, not assertions:
//  - open -> first paint of the text, -> first squiggle in the visible part, -> the whole file's findings
//    published (the status bar says "JWT: N findings, M not in Problems" with N the whole file's count,
//    computed here by analyzeText on the same text);
//  - keypress -> paint p95 at the end of the big file, against a small file in the same window.
// Keypress -> paint is measured in the page: from the keydown event's timestamp to the frame after the
// editor's lines change (a MutationObserver, then requestAnimationFrame + a task).
// Only one VS Code may run on the machine: run it as `npm run bench:editor-harness` (takes the lock).
// Size: JWT_MFA_BENCH_MB (default 30; VS Code hands no file over 50 MB to extensions).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openVSCode, ROOT } from '../test/e2e/helpers.mjs';
import { until } from '../test/e2e/parts.mjs';
import { analyzeText } from '../src/core/analyze.ts';
import { settingsFromJson } from '../src/core/settings.ts';
import { token } from './inputs.ts';

const MB = Number(process.env.JWT_MFA_BENCH_MB ?? 30);
const KEYS = 60;
/** Keys typed first in each file and not counted: the workbench's one-time work on the model and its markers. */
const WARMUP = 10;

/** A log of `MB` megabytes: a token line every 50 lines, the first on line 2 (in view when opened). */
function bigLog() {
  const filler = (i) => `2026-11-25T01:00:${String(i % 60).padStart(2, '0')}.000Z INFO  request handled path=/v1/customers/${i} status=200 elapsed=12ms host=api.contoso.example v=1.2.3\n`;
  const out = [];
  let size = 0;
  let i = 0;
  let tokens = 0;
  while (size < MB * 1024 * 1024) {
    const line = i % 50 === 2 ? `2026-11-25T01:00:00.000Z DEBUG Authorization: Bearer ${token(tokens++)}\n` : filler(i);
    out.push(line);
    size += line.length;
    i++;
  }
  return { text: out.join(''), tokens, lines: i };
}

const step = (what) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${what}`);
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${Math.round(n)} ms`;

async function openFile(vs, name, firstLineText) {
  const { page } = vs;
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
  const t0 = Date.now();
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: firstLineText }).first().waitFor({ timeout: 120_000 });
  return { t0, painted: Date.now() };
}

/** Types KEYS characters at the end of the active editor; returns each keypress -> paint in ms. */
async function typeAtEnd(vs) {
  const { page } = vs;
  await page.keyboard.press('Control+End');
  await page.evaluate(() => {
    window.__paints = [];
    if (window.__benchKeys) return;
    window.__benchKeys = true;
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key !== 'x') return;
        const t0 = e.timeStamp;
        const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
        const obs = new MutationObserver(() => {
          obs.disconnect();
          requestAnimationFrame(() => setTimeout(() => window.__paints.push(performance.now() - t0), 0));
        });
        obs.observe(lines, { subtree: true, childList: true, characterData: true });
      },
      true,
    );
  });
  // Bursts of ten keys 50 ms apart, then a pause long enough for the debounced analysis to run, as a
  // person types.
  for (let i = 0; i < WARMUP + KEYS; i++) {
    await page.keyboard.press('x');
    await page.waitForTimeout(i % 10 === 9 ? 700 : 50);
  }
  await until(page, () => page.evaluate((n) => window.__paints.length >= n, WARMUP + KEYS), 'every keypress painted');
  return (await page.evaluate(() => window.__paints)).slice(WARMUP);
}

async function main() {
  const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-mfa-editor-bench-'));
  const big = bigLog();
  fs.writeFileSync(path.join(ws, 'big.log'), big.text);
  const smallText = big.text.split('\n').slice(0, 60).join('\n') + '\n';
  fs.writeFileSync(path.join(ws, 'small.log'), smallText);
  const firstLine = big.text.slice(0, big.text.indexOf('\n'));
  let vs;
  try {
    vs = await openVSCode({ workspace: ws });
    const { page } = vs;
    // Warm the workbench and the extension on the small file first (activation is not the big file's cost).
    step('opening small.log');
    await openFile(vs, 'small.log', firstLine.slice(0, 24));
    await until(page, () => page.locator('.editor-group-container.active [class*="squiggly-"]').count(), 'squiggles in the small file', { timeoutMs: 60_000 });

    const findings = analyzeText(big.text, { fileName: 'big.log', settings: settingsFromJson({}), now: Date.now() }).reduce((n, t) => n + t.findings.length, 0);
    step('opening big.log');
    const { t0, painted } = await openFile(vs, 'big.log', firstLine.slice(0, 24));
    step('big.log painted');
    await until(page, () => page.locator('.editor-group-container.active .view-overlays [class*="squiggly-"]').count(), 'a squiggle in the visible part', { timeoutMs: 120_000, everyMs: 20 });
    const visible = Date.now();
    step('a squiggle in view');
    const want = `JWT: ${findings.toLocaleString('en-US')} findings`;
    await until(page, () => page.locator('.statusbar-item', { hasText: want }).count(), `the status bar saying "${want}"`, { timeoutMs: 180_000, everyMs: 20 });
    const whole = Date.now();
    step('whole file published; typing');

    const bigKeys = await typeAtEnd(vs);
    // Back to the small file's tab (already open).
    await page.locator('.tabs-container .tab', { hasText: 'small.log' }).first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: firstLine.slice(0, 24) }).first().waitFor({ timeout: 30_000 });
    const smallKeys = await typeAtEnd(vs);

    const mb = (big.text.length / 1048576).toFixed(1);
    console.log(`\n## Editor in the real VS Code (code-server + chromium): ${mb} MB log, ${big.lines.toLocaleString('en-US')} lines, ${big.tokens.toLocaleString('en-US')} tokens, ${findings.toLocaleString('en-US')} findings`);
    const row = (name, value, target, ok) => console.log(`${name.padEnd(52)} ${value.padStart(10)}   ${target.padEnd(26)} ${ok ? 'ok' : 'MISSED'}`);
    row('open -> first paint of the text', ms(painted - t0), '(baseline)', true);
    row('first paint -> visible part\'s diagnostics', ms(visible - painted), '<= 1000 ms', visible - painted <= 1000);
    row('first paint -> whole file\'s diagnostics', ms(whole - painted), '<= 3000 ms', whole - painted <= 3000);
    row('keypress -> paint, end of the big file, p95', ms(p95(bigKeys)), `<= 1.2x small (${ms(1.2 * p95(smallKeys))})`, p95(bigKeys) <= 1.2 * p95(smallKeys));
    row('keypress -> paint, small file, p95 (baseline)', ms(p95(smallKeys)), '', true);
    console.log(`keypress -> paint medians: big ${ms(median(bigKeys))}, small ${ms(median(smallKeys))}; all big: ${bigKeys.map((x) => Math.round(x)).join(' ')}`);
    await page.keyboard.press('Control+Z');
  } catch (e) {
    await vs?.page.screenshot({ path: path.join(os.tmpdir(), 'jwt-mfa-editor-bench-failure.png') }).catch(() => {});
    throw e;
  } finally {
    await vs?.close();
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
