// The editor on a big log, in the real VS Code harness (issue 16): code-server + headless chromium, the
// extension loaded from this clone. Figures, not assertions:
//  - open -> first paint of the text, -> first squiggle in the visible part, -> the whole file's findings
//    published (the status bar says "JWT: N findings, M not in Problems" with N the whole file's count,
//    computed here by analyzeText on the same text);
//  - keypress -> paint p95 at the end of the big file, against a small file in the same window, over
//    ROUNDS x KEYS_PER_ROUND keys each: the two files take turns, round by round, so a change in the
//    machine's load (other processes on its 2 cores) falls on both alike;
//  - the extension host's CPU time per key typed in each file (from /proc), the extension's own cost.
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
/** Turns each file takes; keys counted per turn (after ROUND_WARMUP keys that carry the switch of tab). */
const ROUNDS = 6;
const KEYS_PER_ROUND = 20;
const ROUND_WARMUP = 2;
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

/** The extension host's process in the server's process group (Linux /proc), or undefined. */
function extensionHostPid(group) {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== group) continue;
      if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('extensionHost')) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** CPU time (user + system) a process used so far, in ms. */
function cpuMs(pid) {
  if (pid === undefined) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 10 ms
}

/** Brings a file's tab to the front, its editor focused and its cursor at the end. */
async function toTab(vs, name) {
  const { page } = vs;
  await page.locator('.tabs-container .tab', { hasText: name }).first().click();
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Control+End');
}

/** Types `n` characters at the cursor of the active editor; returns each keypress -> paint in ms. */
async function typeKeys(vs, n) {
  const { page } = vs;
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
  // person types; a pause after the last key too, so that its analysis counts for this file.
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('x');
    await page.waitForTimeout(i % 10 === 9 || i === n - 1 ? 700 : 50);
  }
  await until(page, () => page.evaluate((k) => window.__paints.length >= k, n), 'every keypress painted');
  return page.evaluate(() => window.__paints);
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
    // Nothing is saved: the files hold tokens, and VS Code's local history would keep copies of them.
    // VS Code's built-in merge-conflict extension reads the whole document (getText()) at every change
    // to look for conflict markers: ~40 ms of the extension host's CPU per key on 30 MB here, whatever
    // else is installed. It is turned off so the figures are this extension's (JWT_MFA_BENCH_MERGE_CONFLICT=1
    // keeps it on).
    const mergeConflict = process.env.JWT_MFA_BENCH_MERGE_CONFLICT === '1' ? {} : { 'merge-conflict.decorators.enabled': false, 'merge-conflict.codeLens.enabled': false };
    vs = await openVSCode({ workspace: ws, settings: { 'files.autoSave': 'off', 'workbench.localHistory.enabled': false, ...mergeConflict } });
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

    const host = extensionHostPid(vs.server.pid);
    const files = { big: { name: 'big.log', keys: [], thirds: [[], [], []], cpu: 0, typed: 0 }, small: { name: 'small.log', keys: [], thirds: [[], [], []], cpu: 0, typed: 0 } };
    for (const f of Object.values(files)) {
      await toTab(vs, f.name);
      await typeKeys(vs, WARMUP);
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const f of r % 2 ? [files.small, files.big] : [files.big, files.small]) {
        await toTab(vs, f.name);
        const c0 = cpuMs(host);
        const got = (await typeKeys(vs, ROUND_WARMUP + KEYS_PER_ROUND)).slice(ROUND_WARMUP);
        f.cpu += cpuMs(host) - c0;
        f.typed += ROUND_WARMUP + KEYS_PER_ROUND;
        f.keys.push(...got);
        f.thirds[Math.floor((r * 3) / ROUNDS)].push(...got);
      }
    }
    step('typed');
    const bigKeys = files.big.keys;
    const smallKeys = files.small.keys;

    const mb = (big.text.length / 1048576).toFixed(1);
    console.log(`\n## Editor in the real VS Code (code-server + chromium): ${mb} MB log, ${big.lines.toLocaleString('en-US')} lines, ${big.tokens.toLocaleString('en-US')} tokens, ${findings.toLocaleString('en-US')} findings`);
    const row = (name, value, target, ok) => console.log(`${name.padEnd(52)} ${value.padStart(10)}   ${target.padEnd(26)} ${ok ? 'ok' : 'MISSED'}`);
    row('open -> first paint of the text', ms(painted - t0), '(baseline)', true);
    row('first paint -> visible part\'s diagnostics', ms(visible - painted), '<= 1000 ms', visible - painted <= 1000);
    row('first paint -> whole file\'s diagnostics', ms(whole - painted), '<= 3000 ms', whole - painted <= 3000);
    row('keypress -> paint, end of the big file, p95', ms(p95(bigKeys)), `<= 1.2x small (${ms(1.2 * p95(smallKeys))})`, p95(bigKeys) <= 1.2 * p95(smallKeys));
    row('keypress -> paint, small file, p95 (baseline)', ms(p95(smallKeys)), '', true);
    const per = (f) => (host === undefined ? 'n/a' : `${(f.cpu / f.typed).toFixed(1)} ms`);
    row('extension host CPU per key, big file', per(files.big), `(small file: ${per(files.small)})`, true);
    const thirds = (f) => f.thirds.map((t) => Math.round(p95(t))).join(' / ');
    console.log(`${bigKeys.length} keys counted per file, the files taking turns over ${ROUNDS} rounds; p95 by thirds of the rounds: big ${thirds(files.big)}, small ${thirds(files.small)} ms`);
    console.log(`keypress -> paint medians: big ${ms(median(bigKeys))}, small ${ms(median(smallKeys))}; all big: ${bigKeys.map((x) => Math.round(x)).join(' ')}; all small: ${smallKeys.map((x) => Math.round(x)).join(' ')}`);
    await page.keyboard.press('Control+Z');
  } catch (e) {
    console.error(e);
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
