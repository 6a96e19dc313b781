// Runs the in-host integration suite (test/integration/suite/*.test.ts) inside a real VS Code.
// Usage: node scripts/e2e/run-integration.mjs [--runner auto|code-server|electron] [--grep TEXT]
//   code-server: code-server's VS Code server (--enable-smoke-test-driver) + headless chromium; the page
//                URL's payload carries extensionDevelopmentPath and extensionTestsPath. Works offline.
//   electron:    @vscode/test-electron, for machines that can download VS Code.
//   auto:        code-server when provisioned (scripts/e2e/provision.sh), else electron.
// Starts two loopback stand-ins (two origins) and hands them to the host in JWT_MFA_STAND_IN (JSON: url,
// other, tokens minted now); 127.0.0.1 is an approved replay host. A second, short pass opens the
// workspace untrusted (workspace trust on, JWT_MFA_IT_UNTRUSTED=1) and runs only the "untrusted" tests.
// Prints the runner in use and every test's result; exits non-zero when anything fails in the host.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import * as esbuild from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { codeServerVersion, launchBrowser, missingPieces, remote, ROOT, runDirs, startServer, workbenchUrl, writeUserSettings } from './vscode.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNNER = opt('runner', process.env.JWT_MFA_RUNNER || 'auto');
const GREP = opt('grep', undefined);
const OUT = path.join(ROOT, 'out', 'integration');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'workspace');
const HOST_TIMEOUT_MS = Number(process.env.JWT_MFA_IT_TIMEOUT_MS || 240_000);

/** Bundles the suite (vscode and mocha stay external) and the extension itself. */
export async function buildIntegration() {
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.config.mjs')], { cwd: ROOT, stdio: 'inherit' });
  fs.rmSync(OUT, { recursive: true, force: true });
  const suite = fs.readdirSync(path.join(ROOT, 'test/integration/suite')).filter((f) => f.endsWith('.test.ts'));
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: ['test/integration/index.ts'], outfile: path.join(OUT, 'index.js'), absWorkingDir: ROOT });
  await esbuild.build({ ...common, entryPoints: suite.map((f) => `test/integration/suite/${f}`), outdir: path.join(OUT, 'suite'), absWorkingDir: ROOT });
  return suite.length;
}

/** Counts from the `[it]` lines, and the lines themselves, echoed as they come. */
function resultCollector() {
  const c = { passed: 0, failed: 0, pending: 0, sawResult: false, lines: [] };
  c.feed = (line) => {
    for (const l of String(line).split('\n')) {
      if (!l.startsWith('[it]') && !/^\s{6}/.test(l)) continue;
      console.log(`  ${l}`);
      const m = /^\[it\] RESULT passed=(\d+) failed=(\d+) pending=(\d+)/.exec(l);
      if (m) {
        c.passed = Number(m[1]);
        c.failed = Number(m[2]);
        c.pending = Number(m[3]);
        c.sawResult = true;
      }
    }
  };
  /** The counts the host wrote to JWT_MFA_IT_RESULTS (when its console did not reach us). */
  c.readFile = () => {
    try {
      const r = JSON.parse(fs.readFileSync(process.env.JWT_MFA_IT_RESULTS, 'utf8'));
      if (!c.sawResult) Object.assign(c, { passed: r.passed, failed: r.failed, pending: r.pending, sawResult: true });
    } catch {
      // the host never got to write it
    }
  };
  return c;
}

/** Two stand-ins and the tokens the in-host tests send (test fixtures, minted now). */
async function startStandIns() {
  const { startStandIn, TOKEN_KINDS } = await tsImport(path.join(ROOT, 'test/stand-in/index.ts'), import.meta.url);
  const a = await startStandIn();
  const b = await startStandIn();
  const tokens = Object.fromEntries(TOKEN_KINDS.map((k) => [k, a.mint(k)]));
  return { env: JSON.stringify({ url: a.url, other: b.url, tokens }), close: () => Promise.all([a.close(), b.close()]), url: a.url };
}

/** Settings of every run: the stand-in's host approved for replays (no modal), and per-pass extras. */
const replaySettings = { 'jwtMfa.replay.approvedHosts': ['127.0.0.1'] };
const untrustedSettings = { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false };

async function viaCodeServer(results, extraSettings = {}) {
  console.log(`[integration] runner: code-server ${codeServerVersion()} (VS Code server-main, --enable-smoke-test-driver) driven by playwright-core + headless chromium`);
  const dirs = runDirs('it');
  let server;
  let browser;
  try {
    fs.cpSync(FIXTURES, dirs.ws, { recursive: true });
    writeUserSettings(dirs, { ...replaySettings, ...extraSettings });
    server = await startServer({ mode: 'server-main', dirs });
    console.log(`[integration] server on 127.0.0.1:${server.port} (process group ${server.pid}); log ${server.logFile}`);
    browser = await launchBrowser(dirs);
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exited;
    const exit = new Promise((r) => (exited = r));
    await page.exposeFunction('codeAutomationLog', (_type, a) => results.feed(util.format(...(Array.isArray(a) ? a : [a]))));
    await page.exposeFunction('codeAutomationExit', (code) => exited(code));
    await page.goto(
      workbenchUrl(server.port, dirs.ws, [
        ['extensionDevelopmentPath', remote(server.port, ROOT)],
        ['extensionTestsPath', remote(server.port, path.join(OUT, 'index.js'))],
      ]),
    );
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), HOST_TIMEOUT_MS)));
    const code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.log(`[integration] the extension host did not finish within ${HOST_TIMEOUT_MS} ms`);
      return 1;
    }
    console.log(`[integration] extension host exit code: ${code}`);
    return Number(code);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (process.env.JWT_MFA_KEEP_RUN) console.log(`[integration] kept ${dirs.root}`);
    else dirs.cleanup();
  }
}

async function viaElectron(results, extraSettings = {}) {
  const { runTests } = await import('@vscode/test-electron');
  const version = process.env.VSCODE_VERSION || 'stable';
  console.log(`[integration] runner: @vscode/test-electron (VS Code ${version}, downloaded into .vscode-test/)`);
  const dirs = runDirs('it-electron');
  fs.cpSync(FIXTURES, dirs.ws, { recursive: true });
  writeUserSettings(dirs, { ...replaySettings, ...extraSettings });
  const trustArgs = extraSettings['security.workspace.trust.enabled'] ? [] : ['--disable-workspace-trust'];
  // The host's output goes straight to our stdout; the counts come back through JWT_MFA_IT_RESULTS.
  try {
    const code = await runTests({
      version,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(OUT, 'index.js'),
      launchArgs: [dirs.ws, '--disable-extensions', ...trustArgs, '--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext],
      extensionTestsEnv: {
        JWT_MFA_IT_RESULTS: process.env.JWT_MFA_IT_RESULTS,
        JWT_MFA_STAND_IN: process.env.JWT_MFA_STAND_IN,
        ...(process.env.JWT_MFA_IT_UNTRUSTED ? { JWT_MFA_IT_UNTRUSTED: '1' } : {}),
        ...(process.env.JWT_MFA_IT_GREP ? { JWT_MFA_IT_GREP: process.env.JWT_MFA_IT_GREP } : {}),
      },
    }).then(
      () => 0,
      (e) => {
        console.log(`[integration] test-electron: ${e?.message ?? e}`);
        return 1;
      },
    );
    return code;
  } finally {
    results.readFile();
    dirs.cleanup();
  }
}

async function main() {
  const t0 = Date.now();
  const n = await buildIntegration();
  console.log(`[integration] bundled ${n} suite file(s) into ${path.relative(ROOT, OUT)}/`);
  const missing = missingPieces();
  let runner = RUNNER;
  if (runner === 'auto') runner = missing ? 'electron' : 'code-server';
  if (runner === 'code-server' && missing) {
    console.log(`[integration] code-server runner unavailable: ${missing}`);
    process.exitCode = 1;
    return;
  }
  // Inherited by the server and its extension host.
  const standIns = await startStandIns();
  console.log(`[integration] stand-ins on ${standIns.url} and a second origin`);
  process.env.JWT_MFA_STAND_IN = standIns.env;
  const via = runner === 'electron' ? viaElectron : viaCodeServer;
  let code;
  let results;
  let untrusted;
  try {
    if (GREP) process.env.JWT_MFA_IT_GREP = GREP;
    process.env.JWT_MFA_IT_RESULTS = path.join(OUT, 'results.json');
    results = resultCollector();
    // `--grep untrusted` needs only the second pass.
    if (GREP && /untrusted/i.test(GREP)) Object.assign(results, { sawResult: true }), (code = 0);
    else {
      code = await via(results);
      results.readFile();
    }
    // The untrusted pass: only its own tests (they are defined only when JWT_MFA_IT_UNTRUSTED is set).
    if (!GREP || /untrusted/i.test(GREP)) {
      console.log('[integration] second pass: the workspace untrusted (security.workspace.trust.enabled), "untrusted" tests only');
      process.env.JWT_MFA_IT_GREP = 'untrusted workspace';
      process.env.JWT_MFA_IT_UNTRUSTED = '1';
      process.env.JWT_MFA_IT_RESULTS = path.join(OUT, 'results-untrusted.json');
      untrusted = resultCollector();
      const c2 = await via(untrusted, untrustedSettings);
      untrusted.readFile();
      if (c2 !== 0 || !untrusted.sawResult || untrusted.passed === 0) code = code || c2 || 1;
      results.passed += untrusted.passed;
      results.failed += untrusted.failed;
      results.pending += untrusted.pending;
    }
  } finally {
    delete process.env.JWT_MFA_IT_UNTRUSTED;
    await standIns.close();
  }
  const failedRun = code !== 0 || !results.sawResult || results.failed > 0;
  const summary = `passed=${results.passed} failed=${results.failed || (failedRun && !results.failed ? 1 : 0)}`;
  console.log(`[integration] ${failedRun ? 'FAILED' : 'ok'}: ${summary} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // One machine-readable line for .ci/run's total.
  console.log(`[counts] integration ${summary}`);
  process.exitCode = failedRun ? 1 : 0;
}

await main();
