// What a UI test does in a real VS Code (code-server in headless chromium): open a file, hover text,
// run a palette command, read the Problems panel or a webview, switch theme, take a screenshot.
// A new test:  const vs = await openVSCode();  await vs.openFile('tokens.log', 'Bearer');  ...  await vs.close();
import fs from 'node:fs';
import path from 'node:path';
import { describeLeaks, fixtureTexts, knownSignatures, logFiles, sweep } from '../../scripts/e2e/secrets.mjs';
import { EditorPart, HoverPart, InspectorPart, ProblemsPart, WorkbenchPart } from './parts.mjs';
import { installVsix, launchBrowser, log, missingPieces, remote, ROOT, runDirs, startServer, workbenchUrl, writeUserSettings } from '../../scripts/e2e/vscode.mjs';

export { ROOT, log };
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const VSIX = path.join(ROOT, 'out', 'jwt-mfa-inspector.vsix');
/** Screenshots for the README; JWT_MFA_SHOTS sends them elsewhere. */
export const SHOTS = process.env.JWT_MFA_SHOTS ? path.resolve(process.env.JWT_MFA_SHOTS) : path.join(ROOT, 'docs', 'images');
export const THEMES = { dark: 'Dark Modern', light: 'Light Modern' };

/**
 * Starts VS Code on a throwaway copy of `workspace` and opens it in chromium.
 *  mode 'server-main' (default): the extension loads from this clone (extensionDevelopmentPath).
 *  mode 'code-server': the user's way; `vsix` is installed first with --install-extension.
 */
export async function openVSCode({ mode = 'server-main', workspace = FIXTURES, vsix, settings = {}, theme = 'dark', locale, extensions = [] } = {}) {
  const missing = missingPieces();
  if (missing) throw new Error(missing);
  const dirs = runDirs('ui');
  let server;
  let browser;
  try {
    fs.cpSync(workspace, dirs.ws, { recursive: true });
    writeUserSettings(dirs, { 'workbench.colorTheme': `Default ${THEMES[theme]}`, ...settings });
    // `extensions`: other .vsix files installed first (the test-only sign-in provider).
    for (const x of extensions) installVsix(dirs, x);
    if (vsix) {
      const t = Date.now();
      installVsix(dirs, vsix);
      log(`installed ${path.relative(ROOT, vsix)} with code-server --install-extension in ${Date.now() - t} ms`);
    }
    server = await startServer({ mode, dirs, folder: mode === 'code-server' ? dirs.ws : undefined, locale });
    log(`${mode} on 127.0.0.1:${server.port} (process group ${server.pid})`);
    browser = await launchBrowser(dirs);
    let page = browser.pages()[0] ?? (await browser.newPage());
    // Debian's headless chromium has, rarely, died while loading the workbench (crashpad in its log):
    // a browser that closed before the workbench showed is started once more, and says so.
    const load = () => page.goto(workbenchUrl(server.port, dirs.ws, payload)).then(() => page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 }));
    // Everything the workbench logs (its errors, extension errors, notifications' failures), for the secrets sweep.
    const consoleLines = [];
    const watch = (p) => {
      p.on('pageerror', (e) => log('[pageerror]', e.message.slice(0, 160)));
      p.on('console', (m) => consoleLines.push(m.text()));
      p.on('pageerror', (e) => consoleLines.push(String(e?.stack ?? e)));
    };
    watch(page);
    const payload = mode === 'server-main' ? [['extensionDevelopmentPath', remote(server.port, ROOT)]] : undefined;
    try {
      await load();
    } catch (e) {
      if (!/has been closed/.test(String(e?.message))) throw e;
      log('the browser closed before the workbench showed; starting it once more');
      await browser.close().catch(() => {});
      browser = await launchBrowser(dirs);
      page = browser.pages()[0] ?? (await browser.newPage());
      watch(page);
      await load();
    }
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
    Object.assign(this, { page, browser, server, dirs, themes: THEMES, shots: SHOTS, root: ROOT, log });
    this.workbench = new WorkbenchPart(this);
    this.editor = new EditorPart(this);
    this.hoverWidget = new HoverPart(this);
    this.problemsPanel = new ProblemsPart(this);
    this.inspector = new InspectorPart(this);
  }

  /** The throwaway copy of the workspace (write extra files here before opening them). */
  get workspace() {
    return this.dirs.ws;
  }

  // Shorthands kept for the specs: each part's most used action.
  openFile(name, expectText) {
    return this.editor.openFile(name, expectText);
  }
  quickPick(key, text) {
    return this.workbench.quickPick(key, text);
  }
  textBox(lineText, text, maxDx) {
    return this.editor.textBox(lineText, text, maxDx);
  }
  clickIn(lineText, text) {
    return this.editor.clickIn(lineText, text);
  }
  waitSquiggle(lineText, opts) {
    return this.editor.waitSquiggle(lineText, opts);
  }
  hover(lineText, text, expect, opts) {
    return this.hoverWidget.show(lineText, text, expect, opts);
  }
  runCommand(title) {
    return this.workbench.runCommand(title);
  }
  problems(opts) {
    return this.problemsPanel.rows(opts);
  }
  webviewText(selector, opts) {
    return this.inspector.text(selector, opts);
  }
  setTheme(theme) {
    return this.workbench.setTheme(theme);
  }
  waitTheme(theme, timeoutMs) {
    return this.workbench.waitTheme(theme, timeoutMs);
  }
  screenshot(name) {
    return this.workbench.screenshot(name);
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
