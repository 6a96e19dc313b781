// What a UI test does in a real VS Code (code-server in headless chromium): open a file, hover text,
// run a palette command, read the Problems panel or a webview, switch theme, take a screenshot.
// A new test:  const vs = await openVSCode();  await vs.openFile('tokens.log', 'Bearer');  ...  await vs.close();
import fs from 'node:fs';
import path from 'node:path';
import { describeLeaks, fixtureTexts, knownSignatures, logFiles, sweep } from '../../scripts/e2e/secrets.mjs';
import { installVsix, launchBrowser, log, missingPieces, remote, ROOT, runDirs, startServer, workbenchUrl, writeUserSettings } from '../../scripts/e2e/vscode.mjs';

export { ROOT, log };
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const VSIX = path.join(ROOT, 'out', 'jwt-mfa-inspector.vsix');
/** Screenshots for the README; JWT_MFA_SHOTS sends them elsewhere. */
export const SHOTS = process.env.JWT_MFA_SHOTS ? path.resolve(process.env.JWT_MFA_SHOTS) : path.join(ROOT, 'docs', 'images');
export const THEMES = { dark: 'Dark Modern', light: 'Light Modern' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts VS Code on a throwaway copy of `workspace` and opens it in chromium.
 *  mode 'server-main' (default): the extension loads from this clone (extensionDevelopmentPath).
 *  mode 'code-server': the user's way; `vsix` is installed first with --install-extension.
 */
export async function openVSCode({ mode = 'server-main', workspace = FIXTURES, vsix, settings = {}, theme = 'dark', locale } = {}) {
  const missing = missingPieces();
  if (missing) throw new Error(missing);
  const dirs = runDirs('ui');
  let server;
  let browser;
  try {
    fs.cpSync(workspace, dirs.ws, { recursive: true });
    writeUserSettings(dirs, { 'workbench.colorTheme': `Default ${THEMES[theme]}`, ...settings });
    if (vsix) {
      const t = Date.now();
      installVsix(dirs, vsix);
      log(`installed ${path.relative(ROOT, vsix)} with code-server --install-extension in ${Date.now() - t} ms`);
    }
    server = await startServer({ mode, dirs, folder: mode === 'code-server' ? dirs.ws : undefined, locale });
    log(`${mode} on 127.0.0.1:${server.port} (process group ${server.pid})`);
    browser = await launchBrowser(dirs);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (e) => log('[pageerror]', e.message.slice(0, 160)));
    // Everything the workbench logs (its errors, extension errors, notifications' failures), for the secrets sweep.
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    page.on('pageerror', (e) => consoleLines.push(String(e?.stack ?? e)));
    const payload = mode === 'server-main' ? [['extensionDevelopmentPath', remote(server.port, ROOT)]] : undefined;
    await page.goto(workbenchUrl(server.port, dirs.ws, payload));
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
    log('workbench visible');
    const session = new Session(page, browser, server, dirs);
    session.consoleLines = consoleLines;
    await session.waitTheme(theme);
    return session;
  } catch (e) {
    await browser?.close().catch(() => {});
    await server?.stop();
    dirs.cleanup();
    throw e;
  }
}

export class Session {
  constructor(page, browser, server, dirs) {
    Object.assign(this, { page, browser, server, dirs });
  }

  /** The throwaway copy of the workspace (write extra files here before opening them). */
  get workspace() {
    return this.dirs.ws;
  }

  /** Quick Open (Ctrl+P) a workspace file, and wait until the editor shows `expectText`. */
  async openFile(name, expectText) {
    await this.quickPick('Control+P', name);
    await this.page.locator('.monaco-editor .view-line', { hasText: expectText }).first().waitFor({ timeout: 30_000 });
  }

  /** Opens the quick input with `key`, types `text`, waits for a row showing it, and picks it. */
  async quickPick(key, text) {
    const { page } = this;
    await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    // The palette's input starts with ">": type after it rather than replace it.
    if (key === 'F1') await input.pressSequentially(text);
    else await input.fill(text);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
  }

  /**
   * Where `text` is on screen, on the first line containing `lineText` (both searched with plain
   * spaces) of the active editor, else of any editor; null when no line shows it.
   */
  async textBox(lineText, text, maxDx = 40) {
    return this.page.evaluate(
      ({ lineText, text, maxDx }) => {
        const norm = (s) => s.replace(/\u00a0/g, ' ');
        // The active editor first: other editor groups may show similar text.
        for (const root of [document.querySelector('.editor-group-container.active .monaco-editor'), document]) {
          if (!root) continue;
          for (const line of root.querySelectorAll('.view-lines .view-line')) {
            if (!norm(line.textContent).includes(lineText)) continue;
            const w = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
            for (let n; (n = w.nextNode()); ) {
              const i = norm(n.textContent).indexOf(text);
              if (i >= 0) {
                const r = document.createRange();
                r.setStart(n, i);
                r.setEnd(n, i + text.length);
                const b = r.getBoundingClientRect();
                return { x: b.x + Math.min(b.width / 2, maxDx), y: b.y + b.height / 2 };
              }
            }
          }
        }
        return null;
      },
      { lineText, text, maxDx },
    );
  }

  /** Clicks on `text` in the first editor line containing `lineText` (puts the cursor there). */
  async clickIn(lineText, text) {
    const box = await this.textBox(lineText, text, 30);
    if (!box) throw new Error(`no editor line shows "${lineText}" … "${text}"`);
    await this.page.mouse.click(box.x, box.y);
  }

  /**
   * Waits until the first editor line containing `lineText` carries a diagnostic's squiggle (Monaco draws
   * it in the view overlay at the same `top` as the line), so that a hover asked for afterwards has the
   * diagnostic's part to show. A condition, not a delay: analysis may take long on a loaded machine.
   */
  async waitSquiggle(lineText, { timeoutMs = 60_000 } = {}) {
    await this.page.waitForFunction(
      (lineText) => {
        const norm = (s) => s.replace(/\u00a0/g, ' ');
        for (const root of [document.querySelector('.editor-group-container.active .monaco-editor'), document]) {
          if (!root) continue;
          const line = [...root.querySelectorAll('.view-lines .view-line')].find((l) => norm(l.textContent).includes(lineText));
          if (!line) continue;
          const editor = line.closest('.monaco-editor');
          return [...editor.querySelectorAll('.view-overlays > div')].some((o) => o.style.top === line.style.top && o.querySelector('[class*="squiggly-"]'));
        }
        return false;
      },
      lineText,
      { timeout: timeoutMs, polling: 200 },
    );
  }

  /**
   * Hovers `text` on the first editor line containing `lineText` (both searched with plain spaces), and
   * returns the text of the hover once it contains `expect` (a RegExp or string). With `squiggle` (the
   * default when `expect` names a diagnostic's part), it first waits for the line's diagnostic, so that
   * every part the test asserts exists before the mouse arrives. Then it keeps still, as a person would:
   * the hover shows its parts as their providers answer, and moving away would cancel a slow one. It
   * moves away and back only when the hover closed or stayed incomplete for `stillMs`.
   */
  async hover(lineText, text, expect, { tries = 6, squiggle = true, stillMs = 20_000 } = {}) {
    const { page } = this;
    if (squiggle) await this.waitSquiggle(lineText);
    const box = await this.textBox(lineText, text);
    if (!box) throw new Error(`no editor line shows "${lineText}" … "${text}"`);
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)');
    const wanted = (s) => (expect instanceof RegExp ? expect.test(s) : s.includes(expect ?? ''));
    let last = '';
    for (let i = 0; i < tries; i++) {
      await page.mouse.move(box.x + 250, box.y + 300);
      await page.mouse.move(box.x, box.y, { steps: 5 });
      try {
        await hover.first().waitFor({ timeout: 10_000 });
        const shown = await page
          .waitForFunction(
            ({ source, flags, plain }) => {
              const t = [...document.querySelectorAll('.monaco-editor .monaco-hover:not(.hidden)')].map((h) => h.innerText).join('\n');
              return source !== null ? new RegExp(source, flags).test(t) : t.includes(plain);
            },
            expect instanceof RegExp ? { source: expect.source, flags: expect.flags, plain: '' } : { source: null, flags: '', plain: expect ?? '' },
            { timeout: stillMs, polling: 200 },
          )
          .then(() => true, () => false);
        last = (await hover.allInnerTexts()).join('\n');
        if (shown && wanted(last)) return last;
      } catch {
        // not shown yet: move away and back
      }
    }
    throw new Error(`hover never showed ${expect}; last hover: ${JSON.stringify(last.slice(0, 300))}`);
  }

  /** F1, type the command's title, Enter. */
  async runCommand(title) {
    await this.quickPick('F1', title);
  }

  /** Opens the Problems panel and returns its rows' text once `expect` rows match (or the timeout). */
  async problems({ atLeast = 1, match = /./, timeoutMs = 30_000 } = {}) {
    const { page } = this;
    await this.runCommand('Problems: Focus on Problems View');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ timeout: timeoutMs });
    const end = Date.now() + timeoutMs;
    let texts = [];
    while (Date.now() < end) {
      texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      if (texts.filter((t) => match.test(t)).length >= atLeast) break;
      await sleep(250);
    }
    return texts;
  }

  /** Text of `selector` inside the active webview's inner frame. */
  async webviewText(selector = 'body', { timeoutMs = 30_000 } = {}) {
    const loc = this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator(selector);
    await loc.first().waitFor({ timeout: timeoutMs });
    return loc.first().innerText();
  }

  /**
   * Switches the color theme ('dark' | 'light'): edits the user settings and reloads the window (the
   * web workbench reads them at load; the theme picker searches Open VSX, unreachable here).
   */
  async setTheme(theme) {
    const file = path.join(this.dirs.ud, 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    settings['workbench.colorTheme'] = `Default ${THEMES[theme]}`;
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
    await this.page.reload();
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
    await this.waitTheme(theme);
  }

  async waitTheme(theme, timeoutMs = 20_000) {
    const cls = theme === 'dark' ? 'vs-dark' : 'vs';
    await this.page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c) ?? false, cls, { timeout: timeoutMs });
  }

  /** Saves a README screenshot (`name.jpg`: JPEG, since PNGs would push the .vsix past 1 MB). */
  async screenshot(name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    const file = path.join(SHOTS, name);
    await this.page.waitForTimeout(400); // let hovers and panels finish fading in
    await this.page.screenshot({ path: file, type: 'jpeg', quality: 80 });
    log(`screenshot ${path.relative(ROOT, file)}`);
    return file;
  }

  /** Stops VS Code, then (before its folders go) the secrets sweep: it throws when a log holds a whole token. */
  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
    let leaks = [];
    try {
      const d = this.dirs;
      const sources = [...[d.ud, d.sd, d.home, d.tmp].flatMap((x) => logFiles(x)), this.server.logFile].map((file) => ({ file }));
      sources.push({ name: 'the workbench console', text: (this.consoleLines ?? []).join('\n') });
      const r = await sweep(sources, { signatures: await knownSignatures(fixtureTexts()) });
      leaks = r.leaks;
      log(`secrets sweep: ${r.scanned} log file(s), ${leaks.length ? `${leaks.length} WHOLE TOKEN(S)` : 'no whole token'}`);
    } finally {
      if (process.env.JWT_MFA_KEEP_RUN) log(`kept ${this.dirs.root}`);
      else this.dirs.cleanup();
    }
    if (leaks.length) throw new Error(`the secrets sweep found ${leaks.length} whole token(s) in the logs VS Code wrote (redacted here):\n${describeLeaks(leaks, this.dirs.root)}`);
  }
}
